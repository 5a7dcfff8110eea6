/*
 * The vouch socket (src/ssh/vouch.h), both ends in real processes: a parent that
 * made the socketpair and wrote the account is believed; a socket the child made
 * itself, a pipe, missing variables or a garbled first line are not. Then the
 * notices arrive in order and end of file reads as "gone".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ssh/vouch.h"

/* Result codes the checking child exits with. */
enum { VOUCHED = 10, REFUSED = 11, WRONG_NAME = 12 };

/* In a child: set the environment for fd and check. */
static int
child_check(int fd, const char *expect)
{
	char n[16];
	snprintf(n, sizeof n, "%d", fd);
	setenv("HOSO_SSH_AUTHENTICATED", "1", 1);
	setenv("HOSO_SSH_FD", n, 1);
	int out;
	const char *why;
	char *acc = serve_vouch_account(&out, &why);
	if (acc == NULL)
		return REFUSED;
	int ok = strcmp(acc, expect) == 0 && out == fd;
	free(acc);
	return ok ? VOUCHED : WRONG_NAME;
}

static int
wait_status(pid_t pid)
{
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
test_parent_vouches(void **state)
{
	(void)state;
	int srv, ui;
	assert_int_equal(serve_vouch_pair(&srv, &ui), 0);
	assert_int_equal(serve_vouch_send_account(srv, "alice"), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(srv);
		_exit(child_check(ui, "alice"));
	}
	close(ui);
	assert_int_equal(wait_status(pid), VOUCHED);
	close(srv);
}

static void
test_self_made_socket_refused(void **state)
{
	(void)state;
	pid_t pid = fork();
	if (pid == 0) {
		/* The child makes the pair and writes the line itself: its peer is not
		 * its parent. */
		int srv, ui;
		if (serve_vouch_pair(&srv, &ui) != 0 ||
		    serve_vouch_send_account(srv, "admin") != 0)
			_exit(99);
		_exit(child_check(ui, "admin"));
	}
	assert_int_equal(wait_status(pid), REFUSED);
}

static void
test_pipe_refused(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "account admin\n", 14), 14);
	pid_t pid = fork();
	if (pid == 0)
		_exit(child_check(p[0], "admin"));
	assert_int_equal(wait_status(pid), REFUSED);
	close(p[0]);
	close(p[1]);
}

static void
test_no_variables_refused(void **state)
{
	(void)state;
	unsetenv("HOSO_SSH_AUTHENTICATED");
	unsetenv("HOSO_SSH_FD");
	int fd;
	const char *why = NULL;
	assert_null(serve_vouch_account(&fd, &why));
	assert_int_equal(fd, -1);
	assert_non_null(why);
	/* The flag alone, without a descriptor, is nothing. */
	setenv("HOSO_SSH_AUTHENTICATED", "1", 1);
	assert_null(serve_vouch_account(&fd, NULL));
	setenv("HOSO_SSH_FD", "1", 1);	/* stdout: below 3, refused outright */
	assert_null(serve_vouch_account(&fd, NULL));
	unsetenv("HOSO_SSH_AUTHENTICATED");
	unsetenv("HOSO_SSH_FD");
}

static void
test_garbled_first_line_refused(void **state)
{
	(void)state;
	int srv, ui;
	assert_int_equal(serve_vouch_pair(&srv, &ui), 0);
	assert_int_equal(write(srv, "acount alice\n", 13), 13);
	pid_t pid = fork();
	if (pid == 0) {
		close(srv);
		_exit(child_check(ui, "alice"));
	}
	close(ui);
	assert_int_equal(wait_status(pid), REFUSED);
	close(srv);
	/* A name with a space or control character is never sent. */
	assert_int_equal(serve_vouch_pair(&srv, &ui), 0);
	assert_int_equal(serve_vouch_send_account(srv, "al ice"), -1);
	assert_int_equal(serve_vouch_send_account(srv, "a\nb"), -1);
	assert_int_equal(serve_vouch_send_account(srv, ""), -1);
	close(srv);
	close(ui);
}

/* The next notice, waiting for it to arrive (up to five seconds). */
static enum serve_notice
next_notice(int fd, int *secs)
{
	enum serve_notice n = SERVE_NOTICE_NONE;
	for (int i = 0; i < 50 && (n = serve_vouch_notice(fd, secs)) == SERVE_NOTICE_NONE; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		poll(&p, 1, 100);
	}
	return n;
}

static void
test_notices(void **state)
{
	(void)state;
	int srv, ui;
	assert_int_equal(serve_vouch_pair(&srv, &ui), 0);
	assert_int_equal(serve_vouch_send_account(srv, "alice"), 0);
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(srv);
		close(ready[0]);
		if (child_check(ui, "alice") != VOUCHED)
			_exit(1);
		/* Nothing yet: NONE, without blocking. */
		int secs;
		if (serve_vouch_notice(ui, &secs) != SERVE_NOTICE_NONE)
			_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		/* idle 30, active, shutdown, then end of file, in that order. */
		if (next_notice(ui, &secs) != SERVE_NOTICE_IDLE || secs != 30)
			_exit(4);
		if (next_notice(ui, &secs) != SERVE_NOTICE_ACTIVE)
			_exit(5);
		if (next_notice(ui, &secs) != SERVE_NOTICE_SHUTDOWN)
			_exit(6);
		_exit(next_notice(ui, &secs) == SERVE_NOTICE_GONE ? 0 : 7);
	}
	close(ui);
	close(ready[1]);
	char r;
	assert_int_equal(read(ready[0], &r, 1), 1);
	close(ready[0]);
	assert_int_equal(serve_vouch_send(srv, SERVE_NOTICE_IDLE, 30), 0);
	assert_int_equal(serve_vouch_send(srv, SERVE_NOTICE_ACTIVE, 0), 0);
	assert_int_equal(serve_vouch_send(srv, SERVE_NOTICE_SHUTDOWN, 0), 0);
	close(srv);
	assert_int_equal(wait_status(pid), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parent_vouches),
		cmocka_unit_test(test_self_made_socket_refused),
		cmocka_unit_test(test_pipe_refused),
		cmocka_unit_test(test_no_variables_refused),
		cmocka_unit_test(test_garbled_first_line_refused),
		cmocka_unit_test(test_notices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
