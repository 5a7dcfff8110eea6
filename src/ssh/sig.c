/*
 * Signals for the listener and the connection processes: the self-pipe trick.
 * Handlers only set a flag and write(2) one byte (both async-signal-safe, and
 * errno is saved); everything else happens in the poll loops. No logging, no
 * allocation, no libssh in a handler: CVE-2024-6387 (regreSSHion) came from a
 * handler that logged.
 */
#define _GNU_SOURCE	/* pipe2 */
#include "ssh/serve_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int			sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t	sig_bits;

static void
sig_handler(int signo)
{
	int saved = errno;
	sig_bits |= signo == SIGCHLD ? SERVE_SIG_CHLD : signo == SIGUSR1 ? SERVE_SIG_END :
	    SERVE_SIG_TERM;
	if (sig_pipe[1] >= 0) {
		char b = 1;
		ssize_t ignored = write(sig_pipe[1], &b, 1);
		(void)ignored;	/* a full pipe already wakes the loop */
	}
	errno = saved;
}

int
serve_sig_init(void)
{
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
	}
	if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
		sig_pipe[0] = sig_pipe[1] = -1;
		return -1;
	}
	sig_bits = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sig_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return sig_pipe[0];
}

int
serve_sig_take(void)
{
	char buf[64];
	while (sig_pipe[0] >= 0 && read(sig_pipe[0], buf, sizeof buf) > 0)
		;
	/* Block the signals while reading and clearing the bits, so none is lost
	 * between the two. */
	sigset_t all, old;
	sigemptyset(&all);
	sigaddset(&all, SIGTERM);
	sigaddset(&all, SIGINT);
	sigaddset(&all, SIGCHLD);
	sigaddset(&all, SIGUSR1);
	sigprocmask(SIG_BLOCK, &all, &old);
	int bits = sig_bits;
	sig_bits = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return bits;
}

void
serve_sig_reset(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	/* Ignored signals stay ignored across exec: put back all we touched. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (sig_pipe[0] >= 0) {
		close(sig_pipe[0]);
		close(sig_pipe[1]);
		sig_pipe[0] = sig_pipe[1] = -1;
	}
}
