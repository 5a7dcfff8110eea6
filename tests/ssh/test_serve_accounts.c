/*
 * Accounts made over SSH, as a provincial administrator far from the central host
 * makes them: an agency administrator of a province, signed in with its key through
 * `hoso serve` at 80x24, creates a clerk of its province with the clerk's SSH public
 * key pasted into the New account form; the clerk then signs
 * in with that key through the real ssh client. Once an administrator reset the
 * clerk's password, the same key sign-in asks for a new password before anything
 * else.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"

#define WAIT 15000

static int
setup(void **state)
{
	*state = sshsrv_new_started("ssh-accounts", 5, 0, NULL);
	return *state != NULL ? 0 : -1;
}

static bool
wait_text(struct term *t, const char *text)
{
	if (term_wait_text(t, text, WAIT)) {
		term_settle(t, 60, WAIT);
		return true;
	}
	term_dump(t, text);
	return false;
}

/* The clerk's own key pair, made where the fixture looks for it. Returns the
 * public key line (caller frees). */
static char *
clerk_key(struct sshsrv *s, const char *user)
{
	char *path = sshsrv_key_path(s, user);
	char *kg[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "clerk@office",
	    "-f", path, NULL };
	assert_int_equal(sshsrv_run(kg, NULL, NULL, 30000), 0);
	char *pub;
	assert_true(asprintf(&pub, "%s.pub", path) > 0);
	FILE *f = fopen(pub, "r");
	assert_non_null(f);
	char line[512] = "";
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	free(pub);
	free(path);
	line[strcspn(line, "\r\n")] = '\0';
	return strdup(line);
}

/* The code of a province of the generated tree (an agency with no parent). */
static void
province_code(struct sshsrv *s, char out[64])
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(s->db, &c), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT code FROM org WHERE parent_id IS NULL"
	    " ORDER BY id LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, 64, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(c);
}

static void
test_admin_creates_clerk_with_key(void **state)
{
	struct sshsrv *s = *state;
	char province[64];
	province_code(s, province);
	char *admin_pub = clerk_key(s, "qt.tinh");
	char *out = NULL;
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "user", "add", "qt.tinh", "--role",
	    "agency_admin", "--org", province, "--key", admin_pub, NULL), 0);
	free(out);
	free(admin_pub);
	char *pub = clerk_key(s, "canbo.xa");
	char **argv = sshsrv_ssh_argv(s, "qt.tinh", true, NULL, sshui_ssh_opts, NULL);
	struct term *t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	assert_true(sshui_menu(t, WAIT));
	term_send(t, "6");
	assert_true(wait_text(t, "1  Accounts"));
	term_send(t, "1");
	assert_true(wait_text(t, "Last sign-in"));
	term_send_key(t, "F7");
	assert_true(wait_text(t, "New account"));
	term_send(t, "canbo.xa\tVõ Văn Xã\t\t");	/* name, full name; the role stays clerk */
	/* Its own agency comes filled in; emptied, Enter offers its subtree's. */
	assert_true(wait_text(t, province));
	term_send_key(t, "C-u");
	term_send_key(t, "Enter");
	assert_true(wait_text(t, "Agencies"));
	term_send_key(t, "Enter");
	assert_true(wait_text(t, "Language:"));
	term_send(t, "\t\t\t");	/* language, password left empty, the key */
	term_send(t, pub);
	term_send_key(t, "F2");
	assert_true(wait_text(t, "Account created."));
	assert_true(wait_text(t, "canbo.xa"));
	term_hangup(t);
	term_close(t, 10000);
	/* A clerk of the province's subtree, key only. */
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM account a JOIN account_key k"
	    " ON k.account_id = a.id JOIN org o ON o.id = a.org_id, account q JOIN org qo ON"
	    " qo.id = q.org_id WHERE a.username = 'canbo.xa' AND a.role = 'clerk' AND"
	    " q.username = 'qt.tinh' AND substr(o.path, 1, length(qo.path)) = qo.path"
	    " AND a.pw_hash IS NULL"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE actor = 'qt.tinh'"
	    " AND entity = 'account' AND after LIKE '%key_added%' AND session LIKE 'ssh:%'"), 1);

	/* The clerk signs in with that key. */
	argv = sshsrv_ssh_argv(s, "canbo.xa", true, NULL, sshui_ssh_opts, NULL);
	t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	assert_true(sshui_menu(t, WAIT));
	assert_true(term_has_text(t, "canbo.xa"));
	term_hangup(t);
	term_close(t, 10000);
	assert_true(sshsrv_log_wait(s, "sign-in: account canbo.xa from 127.0.0.1 by publickey",
	    WAIT));

	/* Reset by an administrator: the key still opens the session, but the new
	 * password comes first, and nothing else is offered. */
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "user", "reset", "canbo.xa", "--user",
	    "qt.tinh", NULL), 0);
	free(out);
	argv = sshsrv_ssh_argv(s, "canbo.xa", true, NULL, sshui_ssh_opts, NULL);
	t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	assert_true(wait_text(t, "choose your own before going on"));
	assert_false(term_has_text(t, "Find a person's record"));
	term_send(t, "mat-khau-xa-01\tmat-khau-xa-01\r");
	assert_true(sshui_menu(t, WAIT));
	term_hangup(t);
	term_close(t, 10000);
	assert_int_equal(sshsrv_sql_int(s, "SELECT must_change FROM account WHERE"
	    " username = 'canbo.xa'"), 0);

	/* The same after a password sign-in with the temporary password. */
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "user", "reset", "canbo.xa", "--user",
	    "qt.tinh", "--lang", "en", NULL), 0);
	const char *p = strstr(out, "sign-in): ");
	assert_non_null(p);
	char tmp[32] = "";
	sscanf(p + 10, "%31s", tmp);
	free(out);
	assert_int_equal(strlen(tmp), 12);
	argv = sshsrv_ssh_argv(s, "canbo.xa", false, "password", sshui_ssh_opts, NULL);
	t = term_spawn(argv, sshsrv_askpass_env(s, tmp), 24, 80);
	sshsrv_argv_free(argv);
	assert_true(wait_text(t, "choose your own before going on"));
	assert_false(term_has_text(t, "Find a person's record"));
	/* Esc signs out instead: the connection ends, the flag stays. */
	term_send_key(t, "Esc");
	assert_true(term_close(t, 15000) >= 0);
	assert_int_equal(sshsrv_sql_int(s, "SELECT must_change FROM account WHERE"
	    " username = 'canbo.xa'"), 1);
	assert_true(sshsrv_log_wait(s, "sign-in: account canbo.xa from 127.0.0.1 by password",
	    WAIT));
	free(pub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admin_creates_clerk_with_key),
	};
	return cmocka_run_group_tests(tests, setup, sshsrv_cm_teardown);
}
