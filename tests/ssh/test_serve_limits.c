/*
 * The limits hoso serve enforces itself (libssh has none): connections not yet
 * signed in (in all and per source), the sign-in grace time, failures per
 * connection, sessions per account, the idle timeout with its warning, and a
 * SIGTERM that lets an edit be kept as a draft before the server ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"

static struct sshsrv *
start(const char *config, int people)
{
	struct sshsrv *s = sshsrv_new("ssh-limits", people, 0, config);
	if (!sshsrv_start(s)) {
		sshsrv_free(s);
		fail_msg("server did not start");
	}
	return s;
}

static void
stop(struct sshsrv *s)
{
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	sshsrv_free(s);
}

static struct term *
session(struct sshsrv *s, const char *user)
{
	char **argv = sshsrv_ssh_argv(s, user, true, NULL, sshui_ssh_opts, NULL);
	struct term *t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	return t;
}

static int
tcp_connect(const struct sshsrv *s)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET,
	    .sin_port = htons((uint16_t)atoi(s->port)),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

/* What the server says first on a raw connection: its SSH greeting, or nothing
 * (the connection was dropped). Returns 1 for a greeting, 0 for EOF. */
static int
greeting(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	if (poll(&p, 1, timeout_ms) != 1)
		return -1;
	char buf[64];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strncmp(buf, "SSH-2.0-", 8) == 0 ? 1 : -1;
}

/* Milliseconds until the server closes fd (reading and dropping what comes). */
static double
ms_until_closed(int fd, int timeout_ms)
{
	double t0 = sshsrv_now_ms();
	char buf[256];
	for (;;) {
		int left = timeout_ms - (int)(sshsrv_now_ms() - t0);
		if (left <= 0)
			return -1;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, left) != 1)
			continue;
		if (read(fd, buf, sizeof buf) <= 0)
			return sshsrv_now_ms() - t0;
	}
}

static void
test_unauthenticated_caps_and_grace(void **state)
{
	(void)state;
	struct sshsrv *s = start("serve.max_unauth = 3\nserve.max_unauth_per_source = 2\n"
	    "serve.grace_time = 2\n", 0);
	/* Two silent connections from 127.0.0.1 are greeted; the third from the same
	 * source is dropped at once, before any SSH. */
	int a = tcp_connect(s), b = tcp_connect(s);
	assert_int_equal(greeting(a, 5000), 1);
	assert_int_equal(greeting(b, 5000), 1);
	int c = tcp_connect(s);
	assert_int_equal(greeting(c, 5000), 0);
	close(c);
	assert_true(sshsrv_log_wait(s, "refused connection from 127.0.0.1: 2 not signed in"
	    " (2 from there)", 5000));
	/* The two that never even start the key exchange are closed when its time
	 * (no longer than the grace time) runs out. */
	double ms = ms_until_closed(a, 15000);
	printf("silent connection closed after %.0f ms (grace 2 s)\n", ms);
	assert_true(ms >= 1000 && ms < 8000);
	assert_true(ms_until_closed(b, 8000) >= 0);
	close(a);
	close(b);
	/* ... and summed up when the summary's 10 s interval ends: in one line, or in
	 * two when the closes fell either side of an interval's end (a busy machine). */
	double until = sshsrv_now_ms() + 25000;
	bool summed = false;
	while (!summed && sshsrv_now_ms() < until) {
		summed = sshsrv_log_count(s, "refused 0, shed 0, silent 2 connection(s) from 1"
		    " source(s) in the last 10 s (top: 127.0.0.1 2)") == 1 ||
		    sshsrv_log_count(s, "refused 0, shed 0, silent 1 connection(s) from 1"
		    " source(s) in the last 10 s (top: 127.0.0.1 1)") == 2;
		if (!summed)
			usleep(100000);
	}
	if (!summed)
		fail_msg("the two silent connections were not summed up in the log");
	/* With them gone, a client signs in normally. */
	struct term *t = session(s, "alice");
	assert_true(sshui_menu(t, 15000));
	term_hangup(t);
	term_close(t, 10000);
	stop(s);
}

static void
test_failures_per_connection(void **state)
{
	(void)state;
	struct sshsrv *s = start("serve.max_auth_tries = 2\n", 0);
	/* The client would try three passwords; the server hangs up after two. */
	const char *const opts[] = { "-o", "NumberOfPasswordPrompts=3", NULL };
	char **argv = sshsrv_ssh_argv(s, "alice", false, "keyboard-interactive", opts, NULL);
	char *out;
	int rc = sshsrv_run(argv, sshsrv_askpass_env(s, "wrong wrong"), &out, 60000);
	sshsrv_argv_free(argv);
	free(out);
	assert_int_equal(rc, 255);
	assert_true(sshsrv_log_wait(s, "disconnecting 127.0.0.1: 2 failed sign-ins", 5000));
	assert_int_equal(sshsrv_log_count(s, "sign-in refused: account alice"), 2);

	/* Offering key after unknown key is searching too: past 2 x 2 offers, each
	 * counts as a failure, and the connection ends before the tenth key. */
	const char *keyopts[24] = { "-o", "IdentitiesOnly=yes" };
	int n = 2;
	char *paths[10];
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof name, "stray%d", i);
		paths[i] = sshsrv_key_path(s, name);
		char *kg[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", paths[i], NULL };
		assert_int_equal(sshsrv_run(kg, NULL, NULL, 30000), 0);
		keyopts[n++] = "-i";
		keyopts[n++] = paths[i];
	}
	keyopts[n] = NULL;
	argv = sshsrv_ssh_argv(s, "alice", true, NULL, keyopts, NULL);
	rc = sshsrv_run(argv, NULL, &out, 60000);
	sshsrv_argv_free(argv);
	assert_int_equal(rc, 255);
	free(out);
	assert_true(sshsrv_log_wait(s, "too many keys offered", 5000));
	assert_int_equal(sshsrv_log_count(s, "disconnecting 127.0.0.1: 2 failed sign-ins"), 2);
	for (int i = 0; i < 10; i++)
		free(paths[i]);
	stop(s);
}

static void
test_sessions_per_account(void **state)
{
	(void)state;
	struct sshsrv *s = start("serve.max_sessions_per_account = 1\n", 0);
	struct term *first = session(s, "alice");
	assert_true(sshui_menu(first, 15000));
	/* A second session of the same account is told why, and ends. */
	struct term *second = session(s, "alice");
	assert_true(term_wait_text(second, "already has as many sessions open", 15000));
	assert_int_equal(term_close(second, 10000), 1);
	assert_true(sshsrv_log_wait(s, "too many sessions of this account", 5000));
	/* Once the first ends, the account may sign in again. */
	term_hangup(first);
	term_close(first, 10000);
	assert_true(sshsrv_log_wait(s, "(the link dropped)", 15000));
	struct term *third = session(s, "alice");
	assert_true(sshui_menu(third, 15000));
	term_hangup(third);
	term_close(third, 10000);
	stop(s);
}

static void
test_sessions_in_all(void **state)
{
	(void)state;
	struct sshsrv *s = sshsrv_new("ssh-limits", 0, 1, "serve.max_sessions = 1\n");
	assert_true(sshsrv_start(s));
	struct term *first = session(s, "alice");
	assert_true(sshui_menu(first, 15000));
	struct term *second = session(s, "u0");
	assert_true(term_wait_text(second, "The server has too many sessions open", 15000));
	assert_int_equal(term_close(second, 10000), 1);
	assert_true(sshsrv_log_wait(s, "session refused: account u0 from 127.0.0.1: the server"
	    " is full", 5000));
	term_hangup(first);
	term_close(first, 10000);
	stop(s);
}

static void
test_idle_timeout(void **state)
{
	(void)state;
	struct sshsrv *s = start("serve.idle_timeout = 4\nserve.idle_warning = 2\n", 0);
	struct term *t = session(s, "alice");
	assert_true(sshui_menu(t, 15000));
	/* Two seconds before the end the clerk is warned; a key drops the warning
	 * and restarts the count. */
	assert_true(term_wait_text(t, "No key pressed for a while", 6000));
	double warned = sshsrv_now_ms();
	term_send_key(t, "Down");
	assert_true(term_wait_gone(t, "No key pressed for a while", 5000));
	/* Still there past the first deadline, then warned and closed. */
	assert_true(term_wait_text(t, "No key pressed for a while", 6000));
	assert_true(sshsrv_now_ms() - warned >= 1500);
	assert_true(term_wait_text(t, "closed after a long time without input", 6000));
	assert_true(term_close(t, 10000) >= 0);
	assert_int_equal(sshsrv_log_count(s, "idle warning: account alice"), 2);
	assert_true(sshsrv_log_wait(s, "(idle timeout)", 5000));
	stop(s);
}

static void
test_sigterm_keeps_draft(void **state)
{
	(void)state;
	struct sshsrv *s = start("serve.shutdown_grace = 10\n", 5);
	long long idn = sshsrv_sql_int(s, "SELECT id_number FROM person WHERE id = 2");
	char id[16];
	snprintf(id, sizeof id, "%012lld", idn);
	struct term *t = session(s, "alice");
	assert_true(sshui_menu(t, 15000));
	assert_true(sshui_open_person(t, id, 10000));
	assert_true(sshui_edit_field(t, "Other names", "Dang sua", 10000));
	/* SIGTERM: the server ends cleanly, the clerk is told, the edit is a draft. */
	double t0 = sshsrv_now_ms();
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	printf("server stopped %.0f ms after SIGTERM\n", sshsrv_now_ms() - t0);
	assert_true(term_wait_text(t, "The server is stopping", 5000));
	term_close(t, 10000);
	assert_int_equal(sshsrv_sql_int(s, "SELECT version FROM person WHERE id = 2"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM draft WHERE form = 'person'"
	    " AND record_id = 2 AND json_extract(data, '$.fields.other_names') = 'Dang sua'"), 1);
	assert_true(sshsrv_log_count(s, "(server shutdown)") == 1);
	sshsrv_free(s);
}

static void
test_dead_link(void **state)
{
	(void)state;
	struct sshsrv *s = start("serve.keepalive = 1\nserve.keepalive_count = 2\n", 5);
	long long idn = sshsrv_sql_int(s, "SELECT id_number FROM person WHERE id = 3");
	char id[16];
	snprintf(id, sizeof id, "%012lld", idn);
	/* A live client that types nothing, and a client that freezes mid-edit: its
	 * host still acknowledges TCP, but nothing answers the keepalives. */
	struct term *live = session(s, "alice");
	assert_true(sshui_menu(live, 15000));
	struct term *t = session(s, "alice");
	assert_true(sshui_menu(t, 15000));
	assert_true(sshui_open_person(t, id, 10000));
	assert_true(sshui_edit_field(t, "Other names", "Treo máy", 10000));
	assert_int_equal(kill(term_pid(t), SIGSTOP), 0);
	double t0 = sshsrv_now_ms();
	assert_true(sshsrv_log_wait(s, "the link is dead", 15000));
	double ms = sshsrv_now_ms() - t0;
	printf("frozen client noticed after %.0f ms (keepalive 1 s, count 2)\n", ms);
	assert_true(ms >= 2000 && ms < 10000);
	assert_true(sshsrv_log_wait(s, "(the link dropped)", 15000));
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM draft WHERE form = 'person'"
	    " AND record_id = 3 AND json_extract(data, '$.fields.other_names') = 'Treo máy'"), 1);
	assert_int_equal(sshsrv_log_count(s, "the link is dead"), 1);
	kill(term_pid(t), SIGKILL);
	kill(term_pid(t), SIGCONT);
	term_close(t, 5000);
	/* The idle live session answered every keepalive and is still there. */
	term_send(live, "1");
	assert_true(term_wait_text(live, "Name or ID number", 10000));
	term_hangup(live);
	term_close(live, 10000);
	stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unauthenticated_caps_and_grace),
		cmocka_unit_test(test_failures_per_connection),
		cmocka_unit_test(test_sessions_per_account),
		cmocka_unit_test(test_sessions_in_all),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_sigterm_keeps_draft),
		cmocka_unit_test(test_dead_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
