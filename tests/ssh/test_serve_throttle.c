/*
 * Password guessing slows the guesser, not the account's owner: wrong passwords
 * for alice from 127.0.0.5 throttle password sign-in to alice from 127.0.0.5
 * only; alice's key gets in from there all the same, and her password from
 * elsewhere; failures during the throttle do not move its end; an administrator
 * lists and lifts throttles (audited), anyone else is refused by the data layer.
 * A name a client sends with control characters is stored cleaned, as the log
 * shows it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libssh/libssh.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"

#define GUESSER "127.0.0.5"
#define LIMIT   8	/* db/throttle.h THROTTLE_PAIR_LIMIT */

/* n wrong passwords for user from src, at once (each ssh tries one). */
static void
guess(struct sshsrv *s, const char *user, const char *src, int n)
{
	const char *const opts[] = { "-b", src, NULL };
	struct term **t = calloc((size_t)n, sizeof *t);
	assert_non_null(t);
	for (int i = 0; i < n; i++) {
		char **argv = sshsrv_ssh_argv(s, user, false, "password", opts, NULL);
		t[i] = term_spawn(argv, sshsrv_askpass_env(s, "a wrong guess"), 24, 80);
		sshsrv_argv_free(argv);
	}
	for (int i = 0; i < n; i++)
		assert_int_equal(term_close(t[i], 60000), 255);
	free(t);
}

/* alice's main menu through ssh from src, by key or password: true if it came. */
static bool
alice_gets_in(struct sshsrv *s, const char *src, bool key)
{
	const char *opts[8] = { "-b", src };
	int n = 2;
	for (int i = 0; sshui_ssh_opts[i] != NULL && n < 7; i++)
		opts[n++] = sshui_ssh_opts[i];
	opts[n] = NULL;
	char **argv = sshsrv_ssh_argv(s, "alice", key, key ? NULL : "password", opts, NULL);
	struct term *t = term_spawn(argv, key ? NULL : sshsrv_askpass_env(s, SSHSRV_PASSWORD),
	    24, 80);
	sshsrv_argv_free(argv);
	bool ok = sshui_menu(t, 20000);
	term_hangup(t);
	term_close(t, 10000);
	return ok;
}

/* The first column of the first row of sql, as text ("" if none); caller frees. */
static char *
sql_text(const struct sshsrv *s, const char *sql)
{
	sqlite3 *db;
	char *v = NULL;
	assert_int_equal(sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v != NULL ? v : strdup("");
}

/* The server of a test, freed (stopped) by teardown even when an assertion
 * failed. */
static int
teardown(void **state)
{
	if (*state != NULL)
		sshsrv_free(*state);
	return 0;
}

#define UNTIL_SQL "SELECT CAST(until * 1000 AS INTEGER) FROM auth_throttle" \
	" WHERE username = 'alice' AND source = '" GUESSER "'"
#define FAILURES_SQL "SELECT failures FROM auth_throttle" \
	" WHERE username = 'alice' AND source = '" GUESSER "'"

static void
test_throttle_slows_the_guesser_only(void **state)
{
	struct sshsrv *s = *state = sshsrv_new_started("ssh-throttle", 1, 0, NULL);
	assert_non_null(s);
	guess(s, "alice", GUESSER, LIMIT);
	assert_int_equal(sshsrv_sql_int(s, FAILURES_SQL), LIMIT);
	long long until = sshsrv_sql_int(s, UNTIL_SQL);
	assert_true(until > 0);

	/* The right password from the guesser's address waits out the throttle, and
	 * the banner says why. */
	const char *const from_guesser[] = { "-b", GUESSER, NULL };
	char **argv = sshsrv_ssh_argv(s, "alice", false, "password", from_guesser, NULL);
	char *out;
	assert_int_equal(sshsrv_run(argv, sshsrv_askpass_env(s, SSHSRV_PASSWORD), &out, 60000),
	    255);
	sshsrv_argv_free(argv);
	assert_non_null(strstr(out, "password sign-in is paused"));
	free(out);
	/* alice's key gets in from there all the same; her password from her own
	 * address too. */
	assert_true(alice_gets_in(s, GUESSER, true));
	assert_true(alice_gets_in(s, "127.0.0.1", false));

	/* More guesses while throttled are refused, not counted: the end stays. */
	guess(s, "alice", GUESSER, 3);
	assert_int_equal(sshsrv_sql_int(s, UNTIL_SQL), until);
	assert_int_equal(sshsrv_sql_int(s, FAILURES_SQL), LIMIT);
	assert_true(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action = 'login_failed'"
	    " AND actor = 'alice' AND after LIKE '%throttled%'") >= 3);

	/* An administrator sees it. */
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "user", "throttles", NULL), 0);
	printf("%s", out);
	assert_non_null(strstr(out, "alice"));
	assert_non_null(strstr(out, GUESSER));
	char *until_s = sql_text(s, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', until, 'unixepoch')"
	    " FROM auth_throttle WHERE username = 'alice'");
	assert_non_null(strstr(out, until_s));
	free(until_s);
	free(out);

	/* A clerk may neither see nor lift it: the data layer says no. */
	char *org = sql_text(s, "SELECT code FROM org ORDER BY id LIMIT 1");
	int rc = sshsrv_hoso(s, SSHSRV_PASSWORD "\n", &out, "user", "add", "carol", "--role",
	    "clerk", "--org", org, "--password-stdin", NULL);
	if (rc != 0)
		printf("org '%s': %s", org, out);
	assert_int_equal(rc, 0);
	free(out);
	free(org);
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "user", "unthrottle", "alice",
	    "--user", "carol", NULL), 1);
	assert_non_null(strstr(out, "only administrators"));
	free(out);
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "user", "throttles", "--user", "carol",
	    NULL), 1);
	free(out);
	assert_int_equal(sshsrv_sql_int(s, UNTIL_SQL), until);

	/* alice (an administrator) lifts it; her password works from there again. */
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "user", "unthrottle", "alice",
	    "--source", GUESSER, "--user", "alice", NULL), 0);
	assert_non_null(strstr(out, "1 sign-in throttle(s) lifted"));
	free(out);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'unthrottle' AND actor = 'alice' AND after LIKE '%" GUESSER "%'"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM auth_throttle WHERE"
	    " username = 'alice' AND source = '" GUESSER "'"), 0);
	assert_true(alice_gets_in(s, GUESSER, false));
	assert_int_equal(sshsrv_stop(s, 30000), 0);
}

/* A password sign-in through libssh, which sends a user name as it is given
 * (OpenSSH's client refuses some characters). */
static void
libssh_password(const struct sshsrv *s, const char *user, const char *password)
{
	ssh_session ssh = ssh_new();
	assert_non_null(ssh);
	int port = atoi(s->port), verbosity = SSH_LOG_NOLOG;
	ssh_options_set(ssh, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(ssh, SSH_OPTIONS_PORT, &port);
	ssh_options_set(ssh, SSH_OPTIONS_USER, user);
	ssh_options_set(ssh, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
	bool no = false;
	ssh_options_set(ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
	assert_int_equal(ssh_connect(ssh), SSH_OK);
	assert_int_equal(ssh_userauth_password(ssh, NULL, password), SSH_AUTH_DENIED);
	ssh_disconnect(ssh);
	ssh_free(ssh);
}

static void
test_control_characters_stored_clean(void **state)
{
	struct sshsrv *s = *state = sshsrv_new_started("ssh-ctlname", 0, 0, NULL);
	assert_non_null(s);
	libssh_password(s, "ev\x1b[31mil\x07", "not it");
	assert_true(sshsrv_log_wait(s, "sign-in refused: account ev?[31mil? from 127.0.0.1",
	    5000));
	/* The audit trail and the throttle hold the name as the log shows it. */
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'login_failed' AND actor = 'ev?[31mil?'"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM auth_throttle WHERE"
	    " username = 'ev?[31mil?'"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE"
	    " instr(actor, char(27)) > 0 OR instr(actor, char(7)) > 0 OR"
	    " instr(after, char(27)) > 0"), 0);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM auth_throttle WHERE"
	    " instr(username, char(27)) > 0"), 0);
	assert_int_equal(sshsrv_stop(s, 30000), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_throttle_slows_the_guesser_only, teardown),
		cmocka_unit_test_teardown(test_control_characters_stored_clean, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
