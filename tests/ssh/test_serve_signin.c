/*
 * Signing in to hoso serve with OpenSSH's ssh: by key, by password, by
 * keyboard-interactive; a wrong password is refused after a delay that grows and
 * lands in the log and the audit trail; a locked account is refused with a reason;
 * a session without a terminal is told to use ssh -t; compression is offered; the
 * host key is made once, private, and is what clients see.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/term.h"

static int
setup(void **state)
{
	*state = sshsrv_new_started("ssh-signin", 0, 0, NULL);
	if (*state == NULL)
		fprintf(stderr, "server did not start\n");
	return *state != NULL ? 0 : -1;
}

static const char *const english[] = { "-tt", "-o", "SetEnv=LANG=en_US.UTF-8", NULL };

/* The main menu arrives through ssh -tt, for alice, in English; then the link is
 * dropped and the session ends in the log. Returns ms from spawn to the menu. */
static double
menu_then_hangup(struct sshsrv *s, bool key, const char *method)
{
	char **argv = sshsrv_ssh_argv(s, "alice", key, method, english, NULL);
	char *const *env = key ? NULL : sshsrv_askpass_env(s, SSHSRV_PASSWORD);
	double t0 = sshsrv_now_ms();
	struct term *t = term_spawn(argv, env, 24, 80);
	bool ok = term_wait_text(t, "Main menu", 15000) && term_wait_text(t, "alice", 5000);
	double ms = sshsrv_now_ms() - t0;
	if (!ok)
		term_dump(t, "no main menu");
	assert_true(ok);
	/* Signed in as the account the server vouched for, on the first row. */
	assert_non_null(strstr(term_row(t, 0), "alice"));
	int before = sshsrv_log_count(s, "session ended: account alice");
	term_hangup(t);
	term_close(t, 10000);
	sshsrv_argv_free(argv);
	double end = sshsrv_now_ms() + 15000;
	while (sshsrv_log_count(s, "session ended: account alice") == before &&
	    sshsrv_now_ms() < end)
		usleep(20000);
	assert_true(sshsrv_log_count(s, "session ended: account alice") > before);
	return ms;
}

static void
test_key(void **state)
{
	struct sshsrv *s = *state;
	double ms = menu_then_hangup(s, true, NULL);
	printf("key sign-in to main menu: %.0f ms\n", ms);
	assert_true(sshsrv_log_wait(s, "sign-in: account alice from 127.0.0.1 by publickey",
	    5000));
	assert_true(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action = 'login'"
	    " AND after LIKE '%publickey%'") >= 1);
}

static void
test_password(void **state)
{
	struct sshsrv *s = *state;
	menu_then_hangup(s, false, "password");
	assert_true(sshsrv_log_wait(s, "sign-in: account alice from 127.0.0.1 by password",
	    5000));
}

static void
test_keyboard_interactive(void **state)
{
	struct sshsrv *s = *state;
	menu_then_hangup(s, false, "keyboard-interactive");
	assert_true(sshsrv_log_wait(s,
	    "sign-in: account alice from 127.0.0.1 by keyboard-interactive", 5000));
}

/* ssh without a terminal, so that it reads the password from askpass. */
static int
try_password(struct sshsrv *s, const char *user, const char *password, char **out,
    double *ms)
{
	char **argv = sshsrv_ssh_argv(s, user, false, "password", NULL, NULL);
	double t0 = sshsrv_now_ms();
	int rc = sshsrv_run(argv, sshsrv_askpass_env(s, password), out, 60000);
	*ms = sshsrv_now_ms() - t0;
	sshsrv_argv_free(argv);
	return rc;
}

static void
test_wrong_password(void **state)
{
	struct sshsrv *s = *state;
	char *out;
	double first, second;
	assert_int_equal(try_password(s, "alice", "not the password", &out, &first), 255);
	assert_non_null(strstr(out, "Permission denied"));
	free(out);
	assert_int_equal(try_password(s, "alice", "still not it", &out, &second), 255);
	free(out);
	printf("wrong password refused after %.0f ms, then %.0f ms\n", first, second);
	/* The answer waits: at least half a second, and longer after more failures
	 * (the data layer counts them across connections). */
	assert_true(first >= 500);
	assert_true(second >= 1000);
	assert_int_equal(sshsrv_log_count(s,
	    "sign-in refused: account alice from 127.0.0.1 by password"), 2);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'login_failed' AND actor = 'alice'"), 2);
	/* The right password still works (two failures do not lock). */
	assert_int_equal(try_password(s, "alice", SSHSRV_PASSWORD, &out, &first), 1);
	assert_non_null(strstr(out, "terminal"));
	free(out);
}

static void
test_locked_account(void **state)
{
	struct sshsrv *s = *state;
	char *out;
	double ms;
	/* bob's password is right; the account is locked. */
	assert_int_equal(try_password(s, "bob", SSHSRV_PASSWORD, &out, &ms), 255);
	assert_non_null(strstr(out, "locked"));	/* the banner says why */
	assert_non_null(strstr(out, "Permission denied"));
	free(out);
	assert_true(sshsrv_log_wait(s, "sign-in refused: account bob from 127.0.0.1", 5000));
	assert_int_equal(sshsrv_log_count(s, "sign-in: account bob"), 0);
	assert_true(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'login_failed' AND actor = 'bob' AND after LIKE '%locked%'") >= 1);
}

static void
test_unknown_account(void **state)
{
	struct sshsrv *s = *state;
	char *out;
	double ms;
	assert_int_equal(try_password(s, "nobody", SSHSRV_PASSWORD, &out, &ms), 255);
	free(out);
	assert_true(ms >= 500);
	assert_true(sshsrv_log_wait(s, "sign-in refused: account nobody from 127.0.0.1", 5000));
}

static void
test_no_terminal_and_compression(void **state)
{
	struct sshsrv *s = *state;
	const char *const opts[] = { "-T", "-C", "-v", NULL };
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, opts, NULL);
	char *out;
	int rc = sshsrv_run(argv, NULL, &out, 30000);
	sshsrv_argv_free(argv);
	/* A shell without a pty is told why and ends with status 1. */
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "needs a terminal"));
	/* ssh -C asked for compression and the server agreed, both ways. */
	assert_non_null(strstr(out, "server->client cipher"));
	const char *p = strstr(out, "server->client cipher");
	assert_non_null(strstr(p, "compression: zlib@openssh.com"));
	assert_non_null(strstr(strstr(out, "client->server cipher"),
	    "compression: zlib@openssh.com"));
	free(out);
}

static void
test_host_key(void **state)
{
	struct sshsrv *s = *state;
	struct stat st;
	assert_int_equal(stat(s->host_key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* The fingerprint printed at start is the key's, as ssh-keygen computes it. */
	char *kg[] = { "ssh-keygen", "-l", "-E", "sha256", "-f", s->host_key, NULL };
	char *out;
	assert_int_equal(sshsrv_run(kg, NULL, &out, 30000), 0);
	char fp[128];
	assert_int_equal(sscanf(out, "%*d %127s", fp), 1);
	assert_non_null(strstr(out, "ED25519"));
	free(out);
	char printed[256];
	snprintf(printed, sizeof printed, "host key fingerprint %s\n", fp);
	FILE *f = fopen(s->out, "r");
	assert_non_null(f);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, printed));
	assert_non_null(strstr(buf, "created host key"));

	/* Restarted, the server keeps the key (and says nothing of creating one). */
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	assert_true(sshsrv_start(s));
	f = fopen(s->out, "r");
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, printed));
	assert_null(strstr(buf, "created host key"));
	/* known_hosts was rewritten from the key; strict checking passes. */
	menu_then_hangup(s, true, NULL);

	/* A key others can read is refused at start. */
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	assert_int_equal(chmod(s->host_key, 0644), 0);
	assert_false(sshsrv_start(s));
	f = fopen(s->out, "r");
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "readable by other users"));
	assert_int_equal(chmod(s->host_key, 0600), 0);
	assert_true(sshsrv_start(s));
}

/* The menu in the language the client's environment asks for: Vietnamese by
 * default, English for LANG=en_*, LC_ALL over LANG; other variables are ignored. */
static void
language_is(struct sshsrv *s, const char *const *opts, const char *expect,
    const char *not)
{
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, opts, NULL);
	struct term *t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	bool ok = term_wait_text(t, expect, 15000);
	if (!ok)
		term_dump(t, expect);
	assert_true(ok);
	assert_false(term_has_text(t, not));
	term_hangup(t);
	term_close(t, 10000);
}

static void
test_language(void **state)
{
	struct sshsrv *s = *state;
	const char *const none[] = { "-tt", NULL };
	language_is(s, none, "Menu chính", "Main menu");
	const char *const en[] = { "-tt", "-o", "SetEnv=LANG=en_US.UTF-8", NULL };
	language_is(s, en, "Main menu", "Menu chính");
	const char *const both[] = { "-tt", "-o", "SetEnv=LANG=en_US.UTF-8 LC_ALL=vi_VN.UTF-8",
	    NULL };
	language_is(s, both, "Menu chính", "Main menu");
	const char *const other[] = { "-tt", "-o", "SetEnv=HOSO_LANG=en TERM=dumb", NULL };
	language_is(s, other, "Menu chính", "Main menu");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_password, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_keyboard_interactive, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_password, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_locked_account, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_account, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_no_terminal_and_compression, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_host_key, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_language, setup, sshsrv_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
