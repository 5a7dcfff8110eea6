/*
 * What a signed-in client may not do: run a command (ssh host cmd, legacy scp),
 * open a subsystem (sftp), forward ports either way or X11. Each is refused by the server
 * (and logged), not merely unused; the forwarding test points the tunnel at the
 * SSH server itself, so a tunnel that worked would deliver its "SSH-2.0" banner.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/term.h"

static int
setup(void **state)
{
	*state = sshsrv_new_started("ssh-refuse", 0, 0, NULL);
	return *state != NULL ? 0 : -1;
}

static void
test_exec(void **state)
{
	struct sshsrv *s = *state;
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, NULL, "cat /etc/passwd");
	char *out;
	int rc = sshsrv_run(argv, NULL, &out, 30000);
	sshsrv_argv_free(argv);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(out, "exec request failed"));
	assert_null(strstr(out, "root:"));
	free(out);
	assert_true(sshsrv_log_wait(s, "refused: exec request from 127.0.0.1 (account alice)",
	    5000));
}

static void
test_sftp_and_scp(void **state)
{
	struct sshsrv *s = *state;
	char kh[512], *out;
	snprintf(kh, sizeof kh, "UserKnownHostsFile=%s", s->known_hosts);
	char *sftp[] = { "sftp", "-F", "/dev/null", "-o", kh, "-o", "StrictHostKeyChecking=yes",
	    "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", s->key, "-P", s->port,
	    "-b", "/dev/null", "alice@127.0.0.1", NULL };
	assert_int_not_equal(sshsrv_run(sftp, NULL, &out, 30000), 0);
	assert_non_null(strstr(out, "subsystem request failed"));
	free(out);
	assert_true(sshsrv_log_wait(s, "refused: subsystem sftp from 127.0.0.1", 5000));

	/* scp -O is the old protocol: a remote command. */
	char dst[600];
	snprintf(dst, sizeof dst, "%s/copied", s->dir);
	char *scp[] = { "scp", "-O", "-F", "/dev/null", "-o", kh, "-o",
	    "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
	    "-i", s->key, "-P", s->port, "alice@127.0.0.1:/etc/hostname", dst, NULL };
	assert_int_not_equal(sshsrv_run(scp, NULL, &out, 30000), 0);
	free(out);
	assert_int_not_equal(access(dst, F_OK), 0);
	assert_true(sshsrv_log_wait(s, "refused: exec request", 5000));
}

static int
free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static int
connect_port(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
test_local_forwarding(void **state)
{
	struct sshsrv *s = *state;
	int lport = free_port();
	char spec[64];
	snprintf(spec, sizeof spec, "%d:127.0.0.1:%s", lport, s->port);
	const char *const opts[] = { "-N", "-L", spec, NULL };
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, opts, NULL);
	struct term *t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	/* Wait for the client's listener, then use the tunnel. */
	int fd = -1;
	double end = sshsrv_now_ms() + 15000;
	while (fd < 0 && sshsrv_now_ms() < end) {
		term_pump(t, 50);
		fd = connect_port(lport);
	}
	assert_true(fd >= 0);
	/* A working tunnel would bring the server's "SSH-2.0-..." greeting. */
	char buf[64];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 10000), 1);
	ssize_t n = read(fd, buf, sizeof buf);
	assert_true(n <= 0);
	close(fd);
	assert_true(term_wait_text(t, "administratively prohibited", 10000));
	assert_true(sshsrv_log_wait(s, "refused: port forwarding (direct-tcpip) channel from "
	    "127.0.0.1 (account alice)", 5000));
	term_close(t, 100);
}

static void
test_remote_forwarding(void **state)
{
	struct sshsrv *s = *state;
	char spec[64];
	snprintf(spec, sizeof spec, "0:127.0.0.1:%s", s->port);
	const char *const opts[] = { "-N", "-o", "ExitOnForwardFailure=yes", "-R", spec, NULL };
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, opts, NULL);
	char *out;
	int rc = sshsrv_run(argv, NULL, &out, 30000);
	sshsrv_argv_free(argv);
	assert_int_equal(rc, 255);
	assert_non_null(strstr(out, "remote port forwarding failed"));
	free(out);
	assert_true(sshsrv_log_wait(s, "refused: remote port forwarding from 127.0.0.1", 5000));
}

static void
test_x11_forwarding(void **state)
{
	struct sshsrv *s = *state;
	/* A display and no xauth: ssh asks for X11 with made-up cookies. */
	const char *const opts[] = { "-T", "-X", "-o", "XAuthLocation=/nonexistent", NULL };
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, opts, NULL);
	char *const env[] = { "DISPLAY=127.0.0.1:99", NULL };
	char *out;
	int rc = sshsrv_run(argv, env, &out, 30000);
	sshsrv_argv_free(argv);
	assert_non_null(strstr(out, "X11 forwarding request failed"));
	/* The shell request after it is answered as usual (no pty: told why). */
	assert_non_null(strstr(out, "needs a terminal"));
	assert_int_equal(rc, 1);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exec, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_sftp_and_scp, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_local_forwarding, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_remote_forwarding, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_x11_forwarding, setup, sshsrv_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
