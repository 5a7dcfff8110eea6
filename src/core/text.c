/*
 * Vietnamese text handling on top of utf8proc. The fold key is what search indexes
 * and compares: it must be stable across releases, since it is stored.
 */
#include "core/text.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

bool
text_is_utf8(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t off = 0;
	while ((size_t)off < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + off, (utf8proc_ssize_t)len - off, &cp);
		if (n <= 0)
			return false;
		off += n;
	}
	return true;
}

static char *
text_map_new(const char *s, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	    opts | UTF8PROC_NULLTERM | UTF8PROC_STABLE);
	if (n < 0)
		return NULL;
	/* utf8proc allocates with malloc: the result is free()-able like ours. */
	return (char *)out;
}

char *
text_nfc_new(const char *s)
{
	return text_map_new(s, UTF8PROC_COMPOSE);
}

char *
text_clean_new(const char *s)
{
	char *nfc = text_nfc_new(s);
	if (nfc == NULL)
		return NULL;
	struct strbuf sb;
	sb_init(&sb);
	bool space = false;
	for (const char *p = nfc; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			sb_addc(&sb, ' ');
		space = false;
		sb_addc(&sb, *p);
	}
	free(nfc);
	return sb_detach(&sb);
}

/* Strip marks and replace đ/Đ, keeping case unless lower is set. */
static char *
text_strip_new(const char *s, bool lower)
{
	utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK;
	if (lower)
		opts |= UTF8PROC_CASEFOLD;
	char *m = text_map_new(s, opts);
	if (m == NULL)
		return NULL;
	struct strbuf sb;
	sb_init(&sb);
	for (const char *p = m; *p; p++) {
		/* U+0111 đ is C4 91, U+0110 Đ is C4 90: letters of their own in Unicode. */
		if ((unsigned char)p[0] == 0xC4 && ((unsigned char)p[1] == 0x91 ||
		    (unsigned char)p[1] == 0x90)) {
			sb_addc(&sb, ((unsigned char)p[1] == 0x90 && !lower) ? 'D' : 'd');
			p++;
			continue;
		}
		sb_addc(&sb, *p);
	}
	free(m);
	return sb_detach(&sb);
}

char *
text_fold_new(const char *s)
{
	char *stripped = text_strip_new(s, true);
	if (stripped == NULL)
		return NULL;
	char *clean = text_clean_new(stripped);
	free(stripped);
	return clean;
}

char *
text_ascii_new(const char *s)
{
	char *stripped = text_strip_new(s, false);
	if (stripped == NULL)
		return xstrdup("?");
	/* Whatever is still not ASCII (a symbol, another script) shows as '?'. */
	struct strbuf sb;
	sb_init(&sb);
	for (const unsigned char *p = (const unsigned char *)stripped; *p; p++) {
		if (*p < 0x80)
			sb_addc(&sb, (char)*p);
		else if ((*p & 0xC0) != 0x80)
			sb_addc(&sb, '?');
	}
	free(stripped);
	return sb_detach(&sb);
}

size_t
text_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

int
text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int w = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	while (*p && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		w += utf8proc_charwidth(cp);
		p += n;
	}
	return w;
}
