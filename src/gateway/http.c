/*
 * One HTTP exchange with the gateway as a libcurl easy handle: the contract's
 * headers (a fresh X-Request-Id, User-Agent hoso/<version>, X-Officer-Id, the bearer
 * token), the configured TLS files and time limits, no redirects, and a cap on the
 * answer's size enforced while it arrives. Request bodies and header lines that
 * held the secret or the token are wiped before their memory is released.
 */
#include "gateway/gw_internal.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static void
random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	/* getrandom cannot fail on Linux >= 3.17 once the pool is ready; should it,
	 * the time and pid still keep ids distinct enough for tracing. */
	for (size_t i = got; i < n; i++)
		buf[i] = (unsigned char)(clock() ^ getpid() ^ (long)(i * 131));
}

void
gw_uuid(char out[37])
{
	unsigned char b[16];
	random_bytes(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6],
	    b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
gw_form_escape(const char *s)
{
	struct strbuf sb;
	sb_init(&sb);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || strchr("-._~", *p) != NULL)
			sb_addc(&sb, (char)*p);
		else
			sb_addf(&sb, "%%%02X", *p);
	}
	return sb_detach(&sb);
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct gw_xfer *x = arg;
	size_t n = size * nmemb;
	if (x->answer_len + n > x->max_body) {
		x->too_big = true;
		return 0;	/* aborts the transfer with CURLE_WRITE_ERROR */
	}
	x->answer = xrealloc(x->answer, x->answer_len + n + 1);
	memcpy(x->answer + x->answer_len, data, n);
	x->answer_len += n;
	x->answer[x->answer_len] = '\0';
	return n;
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct gw_xfer *x = arg;
	size_t n = size * nmemb;
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0)
		x->retry_after = -1;	/* a new answer (after 100 Continue) */
	else if (n > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
		/* Seconds only; an HTTP-date counts as absent (the caller's default). */
		long v = 0;
		size_t i = 12;
		while (i < n && (data[i] == ' ' || data[i] == '\t'))
			i++;
		size_t start = i;
		while (i < n && isdigit((unsigned char)data[i]) && v < 1000000)
			v = v * 10 + (data[i++] - '0');
		while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
		    data[i] == '\n'))
			i++;
		x->retry_after = i > start && i == n ? (int)v : -1;
	}
	return n;
}

static struct curl_slist *
add_header(struct curl_slist *list, const char *fmt, const char *value)
{
	char *line = xasprintf(fmt, value);
	struct curl_slist *l = curl_slist_append(list, line);
	explicit_bzero(line, strlen(line));
	free(line);
	if (l == NULL) {
		fprintf(stderr, "hoso: out of memory\n");
		abort();
	}
	return l;
}

/* The officer's name as a header value: printable ASCII and UTF-8 only. */
static char *
officer_value(const char *officer)
{
	struct strbuf sb;
	sb_init(&sb);
	for (const unsigned char *p = (const unsigned char *)(officer ? officer : "");
	    *p && sb.len < 128; p++)
		if (*p >= 0x20 && *p != 0x7f)
			sb_addc(&sb, (char)*p);
	if (sb.len == 0)
		sb_adds(&sb, "system");
	return sb_detach(&sb);
}

struct gw_xfer *
gw_xfer_new(const struct gw_config *cfg, const char *method, const char *path,
    const char *content_type, char *post, const char *bearer, const char *officer)
{
	struct gw_xfer *x = xcalloc(1, sizeof *x);
	CURL *e = curl_easy_init();
	if (e == NULL) {
		fprintf(stderr, "hoso: cannot initialise libcurl\n");
		abort();
	}
	x->easy = e;
	x->max_body = cfg->max_body;
	x->retry_after = -1;
	x->started = clock_mono_s();
	gw_uuid(x->request_id);

	char *url = xasprintf("%s%s", cfg->url, path);
	curl_easy_setopt(e, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)cfg->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)cfg->timeout_ms);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cfg->max_body);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "hoso/" HOSO_VERSION);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	if (cfg->ca_file != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->cert_file != NULL) {
		curl_easy_setopt(e, CURLOPT_SSLCERT, cfg->cert_file);
		curl_easy_setopt(e, CURLOPT_SSLKEY, cfg->key_file);
	}

	char *off = officer_value(officer);
	struct curl_slist *h = NULL;
	h = add_header(h, "X-Request-Id: %s", x->request_id);
	h = add_header(h, "X-Officer-Id: %s", off);
	h = add_header(h, "Accept: %s", "application/json");
	/* No "Expect: 100-continue" round trip before a batch body. */
	h = add_header(h, "Expect:%s", "");
	if (bearer != NULL)
		h = add_header(h, "Authorization: Bearer %s", bearer);
	if (post != NULL)
		h = add_header(h, "Content-Type: %s", content_type);
	free(off);
	x->headers = h;
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	if (strcmp(method, "POST") == 0) {
		x->post = post ? post : xstrdup("");
		x->post_len = strlen(x->post);
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->post);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->post_len);
	} else
		free(post);
	return x;
}

long
gw_xfer_status(const struct gw_xfer *x)
{
	long status = 0;
	curl_easy_getinfo((CURL *)x->easy, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

void
gw_xfer_free(struct gw_xfer *x)
{
	if (x == NULL)
		return;
	curl_easy_cleanup(x->easy);
	for (struct curl_slist *l = x->headers; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(x->headers);
	if (x->post != NULL) {
		explicit_bzero(x->post, x->post_len);
		free(x->post);
	}
	if (x->answer != NULL) {
		explicit_bzero(x->answer, x->answer_len);	/* may hold a token */
		free(x->answer);
	}
	free(x);
}
