/*
 * The one-line editor (see lineedit.h).
 *
 * Invariants: 0 <= scroll <= cur <= len <= cap; buf[len] == 0; the text is NFC
 * except transiently inside lineedit_key. The visible window starts at scroll and
 * always contains the cursor cell.
 */
#include "ui/lineedit.h"
#include "ui/keys.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void
reserve(struct lineedit *le, int n)
{
	if (n + 1 <= le->cap)
		return;
	le->cap = (n + 1) * 2;
	le->buf = xrealloc(le->buf, (size_t)le->cap * sizeof *le->buf);
}

void
lineedit_init(struct lineedit *le, int maxlen)
{
	memset(le, 0, sizeof *le);
	le->maxlen = maxlen;
	reserve(le, 16);
	le->buf[0] = L'\0';
}

void
lineedit_free(struct lineedit *le)
{
	free(le->buf);
	le->buf = NULL;
	le->len = le->cap = le->cur = le->scroll = 0;
}

/* UTF-8 into wide characters, appended at the end; invalid bytes dropped. */
static void
append_utf8(struct lineedit *le, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s), off = 0;
	while (off < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + off, n - off, &cp);
		if (k <= 0) {
			off++;
			continue;
		}
		off += k;
		if (cp < 32 || cp == 127)
			cp = ' ';
		reserve(le, le->len + 1);
		le->buf[le->len++] = (wchar_t)cp;
	}
	le->buf[le->len] = L'\0';
}

/* Characters from..to as UTF-8; caller frees. */
static char *
range_utf8(const struct lineedit *le, int from, int to)
{
	char *out = xmalloc((size_t)(to - from) * 4 + 1);
	size_t o = 0;
	for (int i = from; i < to; i++) {
		utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)le->buf[i],
		    (utf8proc_uint8_t *)out + o);
		o += k > 0 ? (size_t)k : 0;
	}
	out[o] = '\0';
	return out;
}

void
lineedit_set(struct lineedit *le, const char *utf8)
{
	le->len = 0;
	le->buf[0] = L'\0';
	char *nfc = utf8 != NULL ? text_nfc_new(utf8) : NULL;
	if (nfc != NULL)
		append_utf8(le, nfc);
	free(nfc);
	le->cur = le->len;
	le->scroll = 0;
	le->changed = false;
}

char *
lineedit_text_new(const struct lineedit *le)
{
	char *raw = range_utf8(le, 0, le->len);
	char *nfc = text_nfc_new(raw);
	if (nfc == NULL)
		return raw;
	free(raw);
	return nfc;
}

/* After a lone mark was inserted before the cursor: compose it with its letter. */
static void
recompose(struct lineedit *le)
{
	char *head = range_utf8(le, 0, le->cur);
	char *tail = range_utf8(le, le->cur, le->len);
	char *nhead = text_nfc_new(head);
	le->len = 0;
	append_utf8(le, nhead != NULL ? nhead : head);
	le->cur = le->len;
	append_utf8(le, tail);
	free(head);
	free(tail);
	free(nhead);
}

static void
insert(struct lineedit *le, wchar_t c)
{
	bool mark = wcwidth(c) == 0 && le->cur > 0;
	if (!mark && le->maxlen > 0 && le->len >= le->maxlen) {
		beep();
		return;
	}
	reserve(le, le->len + 1);
	memmove(le->buf + le->cur + 1, le->buf + le->cur,
	    (size_t)(le->len - le->cur + 1) * sizeof *le->buf);
	le->buf[le->cur++] = c;
	le->len++;
	if (mark)
		recompose(le);
}

static void
delete_at(struct lineedit *le, int at, int n)
{
	if (at < 0 || at + n > le->len || n <= 0)
		return;
	memmove(le->buf + at, le->buf + at + n,
	    (size_t)(le->len - at - n + 1) * sizeof *le->buf);
	le->len -= n;
	if (le->cur > at)
		le->cur = le->cur - n < at ? at : le->cur - n;
}

int
lineedit_key(struct lineedit *le, int key)
{
	if (K_IS_CHAR(key)) {
		insert(le, (wchar_t)key);
		le->changed = true;
	} else if (key == K(KEY_BACKSPACE)) {
		if (le->cur > 0) {
			delete_at(le, le->cur - 1, 1);
			le->changed = true;
		}
	} else if (key == K(KEY_DC)) {
		delete_at(le, le->cur, 1);
		le->changed = true;
	} else if (key == K(KEY_LEFT)) {
		if (le->cur > 0)
			le->cur--;
	} else if (key == K(KEY_RIGHT)) {
		if (le->cur < le->len)
			le->cur++;
	} else if (key == K(KEY_HOME) || key == K_CTRL('A')) {
		le->cur = 0;
	} else if (key == K(KEY_END)) {
		le->cur = le->len;
	} else if (key == K_CTRL('U')) {
		le->len = le->cur = 0;
		le->buf[0] = L'\0';
		le->changed = true;
	} else if (key == K_CTRL('K')) {
		le->len = le->cur;
		le->buf[le->len] = L'\0';
		le->changed = true;
	} else
		return 0;
	return 1;
}

/* What a character looks like on this terminal. */
static wchar_t
shown(const struct lineedit *le, wchar_t c)
{
	if (le->secret)
		return L'*';
	return draw_ascii() ? draw_ascii_char(c) : c;
}

static int
cols_of(const struct lineedit *le, wchar_t c)
{
	wchar_t s = shown(le, c);
	if (s == 0)
		return 0;
	int w = wcwidth(s);
	return w < 0 ? 1 : w;
}

int
lineedit_draw(struct lineedit *le, int y, int x, int width, enum draw_role r)
{
	if (width < 1)
		return x;
	if (le->cur < le->scroll)
		le->scroll = le->cur;
	/* Move the window right until the cursor cell fits... */
	for (;;) {
		int w = 1;
		for (int i = le->scroll; i < le->cur; i++)
			w += cols_of(le, le->buf[i]);
		if (w <= width || le->scroll >= le->cur)
			break;
		le->scroll++;
	}
	/* ...and back left while the text from there to the end still fits. */
	while (le->scroll > 0) {
		int w = 1;
		for (int i = le->scroll - 1; i < le->len; i++)
			w += cols_of(le, le->buf[i]);
		if (w > width)
			break;
		le->scroll--;
	}
	wchar_t *vis = xcalloc((size_t)(le->len - le->scroll + 1), sizeof *vis);
	int n = 0, curcol = 0, used = 0;
	for (int i = le->scroll; i < le->len; i++) {
		if (i == le->cur)
			curcol = used;
		wchar_t c = shown(le, le->buf[i]);
		if (c == 0)
			continue;
		int w = cols_of(le, le->buf[i]);
		if (used + w > width)
			break;
		vis[n++] = c;
		used += w;
	}
	if (le->cur >= le->len)
		curcol = used;
	draw_blank(y, x, width, r);
	draw_wtext(y, x, vis, (size_t)n, width, r);
	free(vis);
	if (curcol >= width)
		curcol = width - 1;
	return x + curcol;
}
