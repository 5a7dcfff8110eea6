/*
 * The session process <-> UI socket; see vouch.h for the protocol and why it can be
 * trusted. Lines are short ASCII; a line that does not parse ends the conversation
 * (treated as the server being gone), never guessed at.
 */
#define _GNU_SOURCE	/* struct ucred, SO_PEERCRED */
#include "ssh/vouch.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* The UI reads one socket in its life: a single buffer is enough. */
static char	vouch_buf[512];
static size_t	vouch_len;

/* Move one complete line (without '\n') into line. 1: got one; 0: none yet;
 * -1: end of file, error, or a line too long to be ours. */
static int
vouch_take_line(int fd, char *line, size_t size)
{
	for (;;) {
		char *nl = memchr(vouch_buf, '\n', vouch_len);
		if (nl != NULL) {
			size_t n = (size_t)(nl - vouch_buf);
			if (n >= size)
				return -1;
			memcpy(line, vouch_buf, n);
			line[n] = '\0';
			vouch_len -= n + 1;
			memmove(vouch_buf, nl + 1, vouch_len);
			return 1;
		}
		if (vouch_len == sizeof vouch_buf)
			return -1;
		ssize_t r = read(fd, vouch_buf + vouch_len, sizeof vouch_buf - vouch_len);
		if (r > 0) {
			vouch_len += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		return -1;
	}
}

static int
vouch_valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= 64)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s == 0x7f)
			return 0;
	return 1;
}

char *
serve_vouch_account(int *fd, const char **why)
{
	const char *dummy;
	if (why == NULL)
		why = &dummy;
	*fd = -1;
	*why = NULL;
	const char *flag = getenv("HOSO_SSH_AUTHENTICATED");
	const char *fdstr = getenv("HOSO_SSH_FD");
	if (flag == NULL || strcmp(flag, "1") != 0 || fdstr == NULL) {
		*why = "not started by hoso serve";
		return NULL;
	}
	char *end;
	long n = strtol(fdstr, &end, 10);
	if (*end != '\0' || n < 3 || n > 1024) {
		*why = "HOSO_SSH_FD is not a descriptor number";
		return NULL;
	}
	int s = (int)n;
	struct stat st;
	if (fstat(s, &st) != 0 || !S_ISSOCK(st.st_mode)) {
		*why = "HOSO_SSH_FD is not a socket";
		return NULL;
	}
	int domain = 0;
	socklen_t len = sizeof domain;
	if (getsockopt(s, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0 || domain != AF_UNIX) {
		*why = "HOSO_SSH_FD is not a local socket";
		return NULL;
	}
	struct ucred cred;
	len = sizeof cred;
	if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 ||
	    cred.pid != getppid() || cred.uid != getuid()) {
		*why = "the socket's peer is not the parent session process";
		return NULL;
	}
	/* The server wrote the line before starting us; a short wait covers a slow
	 * scheduler, not a missing writer. */
	char line[128];
	int got = 0;
	int fl = fcntl(s, F_GETFL);
	if (fl < 0 || fcntl(s, F_SETFL, fl | O_NONBLOCK) != 0) {
		*why = "cannot set up the socket";
		return NULL;
	}
	for (int waited = 0; waited < 5000 && got == 0; waited += 100) {
		got = vouch_take_line(s, line, sizeof line);
		if (got == 0) {
			struct pollfd p = { .fd = s, .events = POLLIN };
			poll(&p, 1, 100);
		}
	}
	if (got != 1 || strncmp(line, "account ", 8) != 0 || !vouch_valid_name(line + 8)) {
		*why = "the session process sent no account";
		return NULL;
	}
	(void)fcntl(s, F_SETFD, FD_CLOEXEC);
	*fd = s;
	return xstrdup(line + 8);
}

enum serve_notice
serve_vouch_notice(int fd, int *seconds)
{
	char line[64];
	*seconds = 0;
	if (fd < 0)
		return SERVE_NOTICE_GONE;
	int got = vouch_take_line(fd, line, sizeof line);
	if (got == 0)
		return SERVE_NOTICE_NONE;
	if (got < 0)
		return SERVE_NOTICE_GONE;
	if (strcmp(line, "active") == 0)
		return SERVE_NOTICE_ACTIVE;
	if (strcmp(line, "shutdown") == 0)
		return SERVE_NOTICE_SHUTDOWN;
	int secs;
	char extra;
	if (sscanf(line, "idle %d%c", &secs, &extra) == 1 && secs >= 0) {
		*seconds = secs;
		return SERVE_NOTICE_IDLE;
	}
	return SERVE_NOTICE_GONE;
}

int
serve_vouch_pair(int *server_end, int *ui_end)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -1;
	if (fcntl(sv[0], F_SETFD, FD_CLOEXEC) != 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		errno = e;
		return -1;
	}
	*server_end = sv[0];
	*ui_end = sv[1];
	return 0;
}

static int
vouch_write(int fd, const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		/* MSG_NOSIGNAL: a UI that already left must not kill us with SIGPIPE. */
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
serve_vouch_send_account(int fd, const char *account)
{
	if (!vouch_valid_name(account))
		return -1;
	char line[96];
	snprintf(line, sizeof line, "account %s\n", account);
	return vouch_write(fd, line);
}

int
serve_vouch_send(int fd, enum serve_notice what, int seconds)
{
	char line[32];
	switch (what) {
	case SERVE_NOTICE_IDLE:
		snprintf(line, sizeof line, "idle %d\n", seconds < 0 ? 0 : seconds);
		break;
	case SERVE_NOTICE_ACTIVE:
		snprintf(line, sizeof line, "active\n");
		break;
	case SERVE_NOTICE_SHUTDOWN:
		snprintf(line, sizeof line, "shutdown\n");
		break;
	default:
		return -1;
	}
	return vouch_write(fd, line);
}

void
serve_vouch_session(char *out, size_t size, long pid)
{
	/* Only what an address and port are made of: the variable is the server's, but
	 * a stray value must not put anything else in the audit trail. */
	const char *p = getenv("HOSO_SSH_PEER");
	int ok = p != NULL && *p && strlen(p) < 72;
	for (const char *q = p; ok && *q; q++)
		ok = strchr("0123456789abcdefABCDEF.:[]%", *q) != NULL;
	if (ok)
		snprintf(out, size, "ssh:%s:%ld", p, pid);
	else
		snprintf(out, size, "ssh:%ld", pid);
}
