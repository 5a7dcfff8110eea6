/*
 * Just enough HTTP/1.1 for the contract: request line, headers, a Content-Length
 * body, keep-alive, "Expect: 100-continue". Answers can be sent whole or broken on
 * purpose (cut in the headers, cut in the body, or far too long), which is the point
 * of the simulator. Limits keep a confused client from growing memory without end.
 */
#include "gwsim.h"
#include "core/xalloc.h"
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX	(16 * 1024)
#define BODY_MAX	(8 * 1024 * 1024)
#define IDLE_MS		30000
#define HUGE_LEN	(32 * 1024 * 1024)

struct sim_conn {
	int	 fd;
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

struct sim_conn *
sim_conn_new(int fd)
{
	struct sim_conn *c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->cap = 8192;
	c->buf = xmalloc(c->cap);
	return c;
}

void
sim_conn_free(struct sim_conn *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	free(c->buf);
	free(c);
}

int
sim_conn_fd(const struct sim_conn *c)
{
	return c->fd;
}

void
sim_request_clear(struct sim_request *rq)
{
	free(rq->authorization);
	free(rq->request_id);
	free(rq->officer_id);
	free(rq->user_agent);
	free(rq->content_type);
	free(rq->body);
	memset(rq, 0, sizeof *rq);
}

static bool
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Read more bytes into the buffer. 1 got some, 0 peer closed, -1 error/idle/stop. */
static int
fill(struct sim_conn *c)
{
	int waited = 0;
	for (;;) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		int r = poll(&pfd, 1, 200);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0)
			break;
		waited += 200;
		/* Between requests a stopping server hangs up; mid-request it waits. */
		if ((sim_stopping() && c->len == 0) || waited >= IDLE_MS)
			return -1;
	}
	if (c->cap - c->len < 4096) {
		c->cap *= 2;
		c->buf = xrealloc(c->buf, c->cap);
	}
	ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
	if (n < 0)
		return errno == EINTR ? 1 : -1;
	if (n == 0)
		return 0;
	c->len += (size_t)n;
	return 1;
}

static void
send_error(struct sim_conn *c, int status, const char *reason)
{
	char body[160], head[256];
	int bl = snprintf(body, sizeof body,
	    "{\"error\":\"invalid_request\",\"message\":\"%s\"}", reason);
	int hl = snprintf(head, sizeof head, "HTTP/1.1 %d Error\r\n"
	    "Content-Type: application/json\r\nContent-Length: %d\r\n"
	    "Connection: close\r\n\r\n", status, bl);
	send_all(c->fd, head, (size_t)hl);
	send_all(c->fd, body, (size_t)bl);
}

static char *
header_value(const char *line, const char *name)
{
	size_t n = strlen(name);
	if (strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	const char *v = line + n + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	size_t len = strlen(v);
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	return xstrndup(v, len);
}

/* The blank line ending the headers, or NULL. (memmem is a GNU extension.) */
static char *
head_end(char *buf, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i++)
		if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
			return buf + i;
	return NULL;
}

int
sim_conn_read(struct sim_conn *c, struct sim_request *rq)
{
	memset(rq, 0, sizeof *rq);
	char *end;
	for (;;) {
		end = head_end(c->buf, c->len);
		if (end != NULL)
			break;
		if (c->len > HEAD_MAX) {
			send_error(c, 431, "headers too large");
			return -1;
		}
		int r = fill(c);
		if (r <= 0)
			return r == 0 && c->len == 0 ? 0 : -1;
	}
	size_t head_len = (size_t)(end - c->buf) + 4;
	*end = '\0';

	char *save = NULL;
	char *line = strtok_r(c->buf, "\r\n", &save);
	char version[16];
	if (line == NULL || sscanf(line, "%7s %511s %15s", rq->method, rq->path,
	    version) != 3 || strncmp(version, "HTTP/1.", 7) != 0) {
		send_error(c, 400, "bad request line");
		return -1;
	}
	rq->keep_alive = strcmp(version, "HTTP/1.1") == 0;
	long clen = 0;
	bool expect = false, chunked = false;
	while ((line = strtok_r(NULL, "\r\n", &save)) != NULL) {
		char *v;
		if ((v = header_value(line, "Content-Length")) != NULL) {
			char *e;
			clen = strtol(v, &e, 10);
			if (*e != '\0' || clen < 0)
				clen = -1;
			free(v);
		} else if ((v = header_value(line, "Connection")) != NULL) {
			if (strcasecmp(v, "close") == 0)
				rq->keep_alive = false;
			else if (strcasecmp(v, "keep-alive") == 0)
				rq->keep_alive = true;
			free(v);
		} else if ((v = header_value(line, "Expect")) != NULL) {
			expect = strcasecmp(v, "100-continue") == 0;
			free(v);
		} else if ((v = header_value(line, "Transfer-Encoding")) != NULL) {
			chunked = true;
			free(v);
		} else if ((v = header_value(line, "Authorization")) != NULL) {
			free(rq->authorization);
			rq->authorization = v;
		} else if ((v = header_value(line, "X-Request-Id")) != NULL) {
			free(rq->request_id);
			rq->request_id = v;
		} else if ((v = header_value(line, "X-Officer-Id")) != NULL) {
			free(rq->officer_id);
			rq->officer_id = v;
		} else if ((v = header_value(line, "User-Agent")) != NULL) {
			free(rq->user_agent);
			rq->user_agent = v;
		} else if ((v = header_value(line, "Content-Type")) != NULL) {
			free(rq->content_type);
			rq->content_type = v;
		}
	}
	if (chunked || clen < 0) {
		send_error(c, chunked ? 411 : 400, "a Content-Length body is required");
		return -1;
	}
	if (clen > BODY_MAX) {
		send_error(c, 413, "body too large");
		return -1;
	}
	memmove(c->buf, c->buf + head_len, c->len - head_len);
	c->len -= head_len;
	if (expect && (size_t)clen > c->len)
		send_all(c->fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
	while (c->len < (size_t)clen) {
		if (fill(c) <= 0)
			return -1;
	}
	rq->body = xmalloc((size_t)clen + 1);
	memcpy(rq->body, c->buf, (size_t)clen);
	rq->body[clen] = '\0';
	rq->body_len = (size_t)clen;
	memmove(c->buf, c->buf + clen, c->len - (size_t)clen);
	c->len -= (size_t)clen;
	return 1;
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default:  return "Status";
	}
}

static bool
send_huge(int fd)
{
	char head[256];
	int hl = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\n"
	    "Content-Type: application/json\r\nContent-Length: %d\r\n"
	    "Connection: close\r\n\r\n{\"request_id\":\"", HUGE_LEN);
	if (!send_all(fd, head, (size_t)hl))
		return false;
	char chunk[65536];
	memset(chunk, 'x', sizeof chunk);
	size_t left = HUGE_LEN - 15;
	while (left > 0) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		/* The client hangs up once it has had enough: that is expected. */
		if (!send_all(fd, chunk, n))
			return false;
		left -= n;
	}
	return false;
}

bool
sim_conn_send(struct sim_conn *c, const struct sim_response *resp, bool keep_alive)
{
	if (resp->how == SIM_SEND_HUGE)
		return send_huge(c->fd);
	if (resp->how == SIM_SEND_RESET) {
		/* Linger 0: closing sends RST, as a crashed proxy or a NAT drop does. */
		struct linger lg = { 1, 0 };
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		return false;
	}
	if (resp->how != SIM_SEND_ALL)
		keep_alive = false;
	char head[512];
	int hl = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\n"
	    "Content-Type: application/json; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n"
	    "Connection: %s\r\n", resp->status, reason(resp->status), resp->body_len,
	    keep_alive ? "keep-alive" : "close");
	if (resp->retry_after > 0)
		hl += snprintf(head + hl, sizeof head - (size_t)hl, "Retry-After: %d\r\n",
		    resp->retry_after);
	hl += snprintf(head + hl, sizeof head - (size_t)hl, "\r\n");
	if (resp->how == SIM_SEND_DROPPED) {
		/* Closed mid-answer: half a status line and headers, then nothing. */
		send_all(c->fd, head, (size_t)hl / 2);
		return false;
	}
	if (!send_all(c->fd, head, (size_t)hl))
		return false;
	size_t blen = resp->body_len;
	if (resp->how == SIM_SEND_TRUNCATED)
		blen /= 2;
	if (blen > 0 && !send_all(c->fd, resp->body, blen))
		return false;
	return keep_alive;
}
