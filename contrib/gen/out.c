/*
 * Output without per-row allocation: a row is built in a fixed struct line and
 * copied into a large buffer that goes to the file in big writes. A line that would
 * overflow its buffer is cut short rather than overrun; the tables keep every
 * field far below the limit, so that never happens with real data.
 */
#include "gen.h"
#include "core/xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OUT_BUFSZ (1 << 20)

void
str_copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void
line_reset(struct line *l)
{
	l->len = 0;
	l->buf[0] = '\0';
}

void
line_addn(struct line *l, const char *s, size_t n)
{
	if (l->len + n >= sizeof l->buf)
		n = sizeof l->buf - 1 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

void
line_add(struct line *l, const char *s)
{
	line_addn(l, s, strlen(s));
}

void
line_addc(struct line *l, char c)
{
	line_addn(l, &c, 1);
}

void
line_addi(struct line *l, long v)
{
	char tmp[24];
	int i = sizeof tmp;
	bool neg = v < 0;
	unsigned long u = neg ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (neg)
		tmp[--i] = '-';
	line_addn(l, tmp + i, sizeof tmp - (size_t)i);
}

void
line_addz(struct line *l, unsigned long v, int width)
{
	char tmp[24];
	if (width > 20)
		width = 20;
	for (int i = width - 1; i >= 0; i--) {
		tmp[i] = (char)('0' + v % 10);
		v /= 10;
	}
	line_addn(l, tmp, (size_t)width);
}

void
line_add_iso(struct line *l, int day)
{
	char tmp[11];
	line_addn(l, tmp, (size_t)day_iso(day, tmp));
}

void
line_add_cents(struct line *l, int v)
{
	line_addi(l, v / 100);
	line_addc(l, '.');
	line_addz(l, (unsigned long)(v % 100), 2);
}

void
line_add_csv(struct line *l, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		line_add(l, s);
		return;
	}
	line_addc(l, '"');
	for (;;) {
		size_t n = strcspn(s, "\"");
		line_addn(l, s, n);
		if (s[n] == '\0')
			break;
		line_addn(l, "\"\"", 2);
		s += n + 1;
	}
	line_addc(l, '"');
}

void
line_add_json(struct line *l, bool *first, const char *name, const char *value)
{
	if (!*first)
		line_addc(l, ',');
	*first = false;
	line_addc(l, '"');
	line_add(l, name);
	line_addn(l, "\":\"", 3);
	for (;;) {
		size_t n = strcspn(value, "\"\\\n");
		line_addn(l, value, n);
		if (value[n] == '\0')
			break;
		line_addn(l, value[n] == '\n' ? "\\n" : value[n] == '"' ? "\\\"" : "\\\\", 2);
		value += n + 1;
	}
	line_addc(l, '"');
}

void
line_add_json_int(struct line *l, bool *first, const char *name, long v)
{
	char tmp[24];
	int i = sizeof tmp - 1;
	tmp[i] = '\0';
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		tmp[--i] = '-';
	line_add_json(l, first, name, tmp + i);
}

struct out *
out_open(const char *dir, const char *name)
{
	struct out *o = xcalloc(1, sizeof *o);
	o->path = xasprintf("%s/%s", dir, name);
	o->f = fopen(o->path, "w");
	if (o->f == NULL) {
		fprintf(stderr, "hoso-gen: %s: %s\n", o->path, strerror(errno));
		exit(1);
	}
	o->buf = xmalloc(OUT_BUFSZ);
	return o;
}

static void
out_flush(struct out *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->f) != o->len) {
		fprintf(stderr, "hoso-gen: %s: %s\n", o->path, strerror(errno));
		exit(1);
	}
	o->len = 0;
}

void
out_write(struct out *o, const char *s, size_t n)
{
	for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))) != NULL; p++)
		o->lines++;
	if (o->len + n > OUT_BUFSZ)
		out_flush(o);
	if (n > OUT_BUFSZ) {
		if (fwrite(s, 1, n, o->f) != n) {
			fprintf(stderr, "hoso-gen: %s: %s\n", o->path, strerror(errno));
			exit(1);
		}
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void
out_line(struct out *o, const struct line *l)
{
	out_write(o, l->buf, l->len);
	out_write(o, "\n", 1);
}

void
out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void
out_close(struct out *o)
{
	out_flush(o);
	if (fclose(o->f) != 0) {
		fprintf(stderr, "hoso-gen: %s: %s\n", o->path, strerror(errno));
		exit(1);
	}
	free(o->buf);
	free(o->path);
	free(o);
}
