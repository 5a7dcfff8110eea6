/*
 * Vietnamese text handling on top of utf8proc. The fold key is what search indexes
 * and compares: it must be stable across releases, since it is stored.
 */
#include "core/text.h"
#include "core/strbuf.h"
#include "core/swar.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The code point of the UTF-8 sequence at p (at most avail bytes), and its length;
 * 0 if it is not valid UTF-8 (a stray or missing continuation byte, an overlong
 * form, a surrogate, beyond U+10FFFF). Decoded here rather than by utf8proc: it runs
 * for every letter of every file. */
static inline int
utf8_next(const unsigned char *p, size_t avail, int32_t *cp)
{
	unsigned b = p[0];
	if (b < 0x80) {
		*cp = (int32_t)b;
		return 1;
	}
	if (b < 0xC2)
		return 0;
	if (b < 0xE0) {
		if (avail < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		*cp = (int32_t)(((b & 0x1F) << 6) | (p[1] & 0x3F));
		return 2;
	}
	if (b < 0xF0) {
		if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		int32_t c = (int32_t)(((b & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F));
		if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		*cp = c;
		return 3;
	}
	if (b < 0xF5) {
		if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		int32_t c = (int32_t)(((b & 0x07) << 18) | ((p[1] & 0x3Fu) << 12) |
		    ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3F));
		if (c < 0x10000 || c > 0x10FFFF)
			return 0;
		*cp = c;
		return 4;
	}
	return 0;
}

bool
text_is_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0;
	while (off < len) {
		/* Most of any file is ASCII: eight bytes at a time while it lasts. */
		uint64_t eight;
		if (off + 8 <= len) {
			memcpy(&eight, p + off, 8);
			if (!swar_has_high(eight)) {
				off += 8;
				continue;
			}
		}
		int32_t cp;
		int n = utf8_next(p + off, len - off, &cp);
		if (n == 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

void
text_printable_to(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	if (size == 0)
		return;
	/* No control characters, no bytes a terminal could act on. */
	for (; src != NULL && *src && n + 1 < size; src++)
		dst[n++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
	dst[n] = '\0';
}

/* Is the character at p one that must not be stored or shown raw: C0 or DEL, C1
 * (U+0080-U+009F, UTF-8 C2 80..9F) or a bidirectional embedding, override or
 * isolate (U+202A-U+202E: E2 80 AA..AE; U+2066-U+2069: E2 81 A6..A9), which can make
 * a name read backwards on screen? p is NUL-terminated, so p[1] and p[2] exist when
 * the bytes before them matched. */
static inline bool
unsafe_at(const unsigned char *p)
{
	if (p[0] < 0x20 || p[0] == 0x7F)
		return true;
	if (p[0] == 0xC2)
		return p[1] >= 0x80 && p[1] <= 0x9F;
	if (p[0] == 0xE2)
		return (p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
		    (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9);
	return false;
}

bool
text_has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	for (;;) {
		/* Eight bytes at a time while none is below 0x20, DEL, or the lead byte of
		 * a C1 or bidirectional control (0xC2, 0xE2: rare in Vietnamese, whose
		 * letters lead with C3-C6, CC and E1). */
		for (; len >= 8; p += 8, len -= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (swar_has_below(w, 0x20) | swar_has_byte(w, 0x7F) |
			    swar_has_byte(w, 0xC2) | swar_has_byte(w, 0xE2))
				break;
		}
		/* The word that stopped the scan, byte by byte; then on with the rest. */
		size_t n = len < 8 ? len : 8;
		for (size_t i = 0; i < n; i++)
			if (unsafe_at(p + i))
				return true;
		if (len <= 8)
			return false;
		p += 8;
		len -= 8;
	}
}

char *
text_escape_new(const char *s)
{
	size_t len = strlen(s);
	if (!text_has_control(s) && text_is_utf8(s, len))
		return xstrdup(s);
	struct strbuf sb;
	sb_init(&sb);
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int32_t cp;
		int n = utf8_next(p, len - (size_t)(p - (const unsigned char *)s), &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7F)
			sb_addf(&sb, "\\x%02x", *p);	/* a control or a stray byte */
		else if (unsafe_at(p))
			sb_addf(&sb, "\\u%04x", (unsigned)cp);	/* C1, bidirectional */
		else
			sb_addn(&sb, (const char *)p, (size_t)n);
		p += n ? n : 1;
	}
	return sb_detach(&sb);
}

/*
 * Fast paths. Vietnamese is written with Latin letters that Unicode has precomposed:
 * U+0000..U+02FF and U+1E00..U+1EFF. Every one of them is NFC-stable and none is a
 * combining mark, so text made only of them is already NFC, and its fold key is the
 * fold of each letter in turn. Anything else (combining marks, other scripts) takes
 * the utf8proc path. The fold of each letter is computed once by that path, so the
 * two cannot disagree.
 */
#define FAST_LO_END 0x300
#define FAST_HI_LO  0x1E00
#define FAST_HI_END 0x1F00

static bool
fast_cp(utf8proc_int32_t cp)
{
	return cp < FAST_LO_END || (cp >= FAST_HI_LO && cp < FAST_HI_END);
}

/* Next code point of valid UTF-8 at p, and its length; 0 at the end or if invalid.
 * (A NUL is never a continuation byte: the decoder stops at the terminator.) */
static int
next_cp(const unsigned char *p, utf8proc_int32_t *cp)
{
	return *p == 0 ? 0 : utf8_next(p, 4, cp);
}

static char *text_strip_new(const char *s, bool lower);
static char *slow_fold_new(const char *s);

/* Fold of each fast-path letter; NULL where it is not (a space, say). */
static char           *fold_of[FAST_LO_END + (FAST_HI_END - FAST_HI_LO)];
static pthread_once_t  fold_once = PTHREAD_ONCE_INIT;

static int
fold_slot(utf8proc_int32_t cp)
{
	return cp < FAST_LO_END ? cp : FAST_LO_END + (cp - FAST_HI_LO);
}

static void
fold_table_init(void)
{
	for (utf8proc_int32_t cp = 1; cp < FAST_HI_END; cp++) {
		if (!fast_cp(cp))
			continue;
		unsigned char one[5];
		utf8proc_ssize_t n = utf8proc_encode_char(cp, one);
		one[n] = '\0';
		char *f = slow_fold_new((const char *)one);
		/* Letters only: white space and what folds to nothing keep the slow path. */
		if (f != NULL && f[0] != '\0' && strchr(f, ' ') == NULL && !isspace(one[0]))
			fold_of[fold_slot(cp)] = f;
		else
			free(f);
	}
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

static bool
ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * s without surrounding white space, inner runs made one space, appended to out.
 * With fast_only, in the same pass, s must be made only of fast-path letters (so
 * valid UTF-8 and already NFC): false, and out as it was, if it is not.
 */
static bool
squeeze_to(const char *s, struct strbuf *out, bool fast_only)
{
	size_t start = out->len;
	sb_grow(out, strlen(s));
	char *o = out->buf + start, *first = o;
	bool space = false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (ascii_space(*p)) {
			space = o > first;
			p++;
			continue;
		}
		/* A word: checked letter by letter, copied whole. */
		const unsigned char *word = p;
		while (*p != '\0' && !ascii_space(*p)) {
			if (*p < 0x80 || !fast_only) {
				p++;
				continue;
			}
			utf8proc_int32_t cp;
			int n = next_cp(p, &cp);
			if (n == 0 || !fast_cp(cp)) {
				out->buf[start] = '\0';
				return false;
			}
			p += n;
		}
		if (space)
			*o++ = ' ';
		space = false;
		memcpy(o, word, (size_t)(p - word));
		o += p - word;
	}
	*o = '\0';
	out->len = (size_t)(o - out->buf);
	return true;
}

bool
text_clean_to(const char *s, struct strbuf *out)
{
	if (squeeze_to(s, out, true))
		return true;
	char *nfc = text_nfc_new(s);
	if (nfc == NULL)
		return false;
	squeeze_to(nfc, out, false);
	free(nfc);
	return true;
}

char *
text_clean_new(const char *s)
{
	struct strbuf sb;
	sb_init(&sb);
	if (!text_clean_to(s, &sb)) {
		sb_free(&sb);
		return NULL;
	}
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

static char *
slow_fold_new(const char *s)
{
	char *stripped = text_strip_new(s, true);
	if (stripped == NULL)
		return NULL;
	char *clean = text_clean_new(stripped);
	free(stripped);
	return clean;
}

char *
text_fold_new(const char *s)
{
	pthread_once(&fold_once, fold_table_init);
	struct strbuf sb;
	sb_init(&sb);
	const unsigned char *p = (const unsigned char *)s;
	bool space = false;
	while (*p) {
		utf8proc_int32_t cp;
		int n = next_cp(p, &cp);
		if (n == 0)
			break;	/* invalid: the slow path says so */
		if (cp < 0x80 && isspace((int)cp)) {
			space = sb.len > 0;
			p++;
			continue;
		}
		const char *f = NULL;	/* ASCII: lower case */
		if (cp >= 0x80 && (!fast_cp(cp) || (f = fold_of[fold_slot(cp)]) == NULL))
			break;
		if (space)
			sb_addc(&sb, ' ');
		space = false;
		if (f != NULL)
			sb_adds(&sb, f);
		else
			sb_addc(&sb, (char)tolower((int)cp));
		p += n;
	}
	if (*p == '\0')
		return sb_detach(&sb);
	sb_free(&sb);
	return slow_fold_new(s);
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
