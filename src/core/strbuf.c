/* Growable strings; see strbuf.h. */
#include "core/strbuf.h"
#include "core/swar.h"
#include "core/xalloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

void
sb_init(struct strbuf *sb)
{
	sb->cap = 64;
	sb->len = 0;
	sb->buf = xmalloc(sb->cap);
	sb->buf[0] = '\0';
}

void
sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

char *
sb_detach(struct strbuf *sb)
{
	char *p = sb->buf;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

void
sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->buf != NULL && sb->len + extra + 1 <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->len + extra + 1 > sb->cap)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void
sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->buf == NULL || sb->len + n + 1 > sb->cap)
		sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
sb_adds(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void
sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sb_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void
sb_add_json_str(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	/* Runs of characters that need no escape go in with one copy: exports and
	 * imports write millions of these. */
	const unsigned char *run = (const unsigned char *)s, *p = run;
	const unsigned char *end = p + strlen(s);
	for (; p < end; p++) {
		/* Eight bytes at a time while none is a control character, a quote or a
		 * backslash (bytes of 0x80 and above are never flagged). */
		while (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (swar_has_below(w, 0x20) | swar_has_byte(w, '"') | swar_has_byte(w, '\\'))
				break;
			p += 8;
		}
		if (p == end)
			break;
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		sb_addn(sb, (const char *)run, (size_t)(p - run));
		switch (*p) {
		case '"': sb_adds(sb, "\\\""); break;
		case '\\': sb_adds(sb, "\\\\"); break;
		case '\n': sb_adds(sb, "\\n"); break;
		case '\r': sb_adds(sb, "\\r"); break;
		case '\t': sb_adds(sb, "\\t"); break;
		default: sb_addf(sb, "\\u%04x", *p);
		}
		run = p + 1;
	}
	sb_addn(sb, (const char *)run, (size_t)(p - run));
	sb_addc(sb, '"');
}

char *
json_object_new(const char *key, ...)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addc(&sb, '{');
	va_list ap;
	va_start(ap, key);
	for (const char *k = key; k != NULL; k = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		if (sb.len > 1)
			sb_addc(&sb, ',');
		sb_add_json_str(&sb, k);
		sb_addc(&sb, ':');
		sb_add_json_str(&sb, v ? v : "");
	}
	va_end(ap);
	sb_addc(&sb, '}');
	return sb_detach(&sb);
}

unsigned
str_hash(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void
sb_add_ull(struct strbuf *sb, unsigned long long v)
{
	char buf[24], *p = buf + sizeof buf;
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	sb_addn(sb, p, (size_t)(buf + sizeof buf - p));
}
