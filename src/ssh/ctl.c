/*
 * The line protocol between the listener and a connection process (see
 * serve_internal.h). The listener holds the counts, so a connection process asks
 * before it starts a session; a connection process that dies simply closes its end,
 * which is how the listener notices (together with SIGCHLD).
 */
#include "ssh/serve_internal.h"
#include "core/clock.h"
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
ctl_send(int fd, const char *line)
{
	size_t n = strlen(line);
	while (n > 0) {
		ssize_t w = send(fd, line, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		line += w;
		n -= (size_t)w;
	}
	return 0;
}

enum serve_verdict
serve_ctl_ask(int fd, const char *account, int timeout_ms)
{
	char line[128];
	snprintf(line, sizeof line, "auth %s\n", account);
	if (ctl_send(fd, line) != 0)
		return SERVE_VERDICT_ERROR;
	char buf[64];
	size_t len = 0;
	double end = clock_mono_s() + timeout_ms / 1000.0;
	for (;;) {
		char *nl = memchr(buf, '\n', len);
		if (nl != NULL) {
			*nl = '\0';
			if (strcmp(buf, "ok") == 0)
				return SERVE_VERDICT_OK;
			if (strcmp(buf, "full") == 0)
				return SERVE_VERDICT_FULL;
			if (strcmp(buf, "full-account") == 0)
				return SERVE_VERDICT_FULL_ACCOUNT;
			return SERVE_VERDICT_ERROR;
		}
		double left = end - clock_mono_s();
		if (left <= 0 || len == sizeof buf)
			return SERVE_VERDICT_ERROR;
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, (int)(left * 1000) + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return SERVE_VERDICT_ERROR;
		ssize_t got = read(fd, buf + len, sizeof buf - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return SERVE_VERDICT_ERROR;
		len += (size_t)got;
	}
}

void
serve_ctl_note(int fd, const char *what)
{
	char line[128];
	snprintf(line, sizeof line, "%s\n", what);
	if (fd >= 0)
		ctl_send(fd, line);	/* a gone listener is the caller's to notice */
}

int
serve_ctl_read(int fd, char *buf, size_t *len, size_t cap, char *account,
    size_t account_size)
{
	for (;;) {
		char *nl = memchr(buf, '\n', *len);
		if (nl != NULL) {
			*nl = '\0';
			int what = -1;
			if (strncmp(buf, "auth ", 5) == 0 && nl - buf > 5 &&
			    (size_t)(nl - buf - 5) < account_size) {
				snprintf(account, account_size, "%s", buf + 5);
				what = SERVE_CTL_AUTH;
			} else if (strcmp(buf, "kex") == 0)
				what = SERVE_CTL_KEX;
			else if (strcmp(buf, "fail") == 0)
				what = SERVE_CTL_FAIL;
			else if (strcmp(buf, "input") == 0)
				what = SERVE_CTL_INPUT;
			else if (strncmp(buf, "nokex ", 6) == 0) {
				snprintf(account, account_size, "%s", buf + 6);
				what = SERVE_CTL_NOKEX;
			}
			size_t used = (size_t)(nl - buf) + 1;
			*len -= used;
			memmove(buf, buf + used, *len);
			return what;
		}
		if (*len == cap)
			return -1;
		ssize_t got = recv(fd, buf + *len, cap - *len, MSG_DONTWAIT);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (got <= 0)
			return -1;
		*len += (size_t)got;
	}
}

int
serve_ctl_reply(int fd, enum serve_verdict v)
{
	const char *line = v == SERVE_VERDICT_OK ? "ok\n" :
	    v == SERVE_VERDICT_FULL_ACCOUNT ? "full-account\n" : "full\n";
	return ctl_send(fd, line);
}
