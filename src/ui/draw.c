/*
 * Text output (see draw.h). Widths are measured with wcwidth(), the same function
 * ncurses uses to place characters, so what we measure is what it draws. The
 * process always runs in a UTF-8 locale (i18n_init sees to it); ASCII mode is about
 * the terminal, not the process, and is applied here by folding every string
 * before it reaches curses, so no non-ASCII byte is ever written in that mode.
 */
#include "ui/draw.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static bool ascii_mode;
static int  attrs[DR_COUNT];

enum { PAIR_TITLE = 1, PAIR_KEY, PAIR_ERROR, PAIR_SELECTED, PAIR_INPUT, PAIR_HEADING };

void
draw_init(bool ascii, bool colour)
{
	ascii_mode = ascii;
	/* Monochrome first: every role is readable with attributes alone. */
	attrs[DR_NORMAL] = A_NORMAL;
	attrs[DR_TITLE] = A_REVERSE;
	attrs[DR_KEY] = A_REVERSE;
	attrs[DR_KEYLABEL] = A_NORMAL;
	attrs[DR_LABEL] = A_NORMAL;
	attrs[DR_FIELD] = A_BOLD;
	attrs[DR_INPUT] = A_UNDERLINE;
	attrs[DR_SELECTED] = A_REVERSE;
	attrs[DR_ERROR] = A_BOLD;
	attrs[DR_HEADING] = A_BOLD;
	attrs[DR_DIM] = A_NORMAL;
	attrs[DR_FRAME] = A_NORMAL;
	if (!colour || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_KEY, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_INPUT, COLOR_BLACK, COLOR_WHITE);
	init_pair(PAIR_HEADING, COLOR_BLUE, -1);
	attrs[DR_TITLE] = COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	attrs[DR_KEY] = COLOR_PAIR(PAIR_KEY);
	attrs[DR_ERROR] = COLOR_PAIR(PAIR_ERROR) | A_BOLD;
	attrs[DR_SELECTED] = COLOR_PAIR(PAIR_SELECTED);
	attrs[DR_INPUT] = COLOR_PAIR(PAIR_INPUT);
	attrs[DR_HEADING] = COLOR_PAIR(PAIR_HEADING) | A_BOLD;
}

bool
draw_ascii(void)
{
	return ascii_mode;
}

int
draw_attr(enum draw_role r)
{
	return attrs[r];
}

wchar_t *
draw_wcs_new(const char *utf8, size_t *len)
{
	char *folded = NULL;
	if (utf8 == NULL)
		utf8 = "";
	if (ascii_mode)
		utf8 = folded = text_ascii_new(utf8);
	size_t n = strlen(utf8);
	wchar_t *w = xcalloc(n + 1, sizeof *w);
	size_t out = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8;
	utf8proc_ssize_t off = 0;
	while ((size_t)off < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + off, (utf8proc_ssize_t)n - off, &cp);
		if (k <= 0) {
			cp = '?';
			k = 1;
		}
		/* Control characters would move the cursor: never let one through. */
		if (cp < 32 || cp == 127)
			cp = ' ';
		w[out++] = (wchar_t)cp;
		off += k;
	}
	w[out] = L'\0';
	free(folded);
	if (len != NULL)
		*len = out;
	return w;
}

wchar_t
draw_ascii_char(wchar_t c)
{
	if (c < 128)
		return c;
	utf8proc_uint8_t u[8] = { 0 };
	if (utf8proc_encode_char((utf8proc_int32_t)c, u) <= 0)
		return L'?';
	char *a = text_ascii_new((const char *)u);
	wchar_t r = a[0] == '\0' ? 0 : (wchar_t)(unsigned char)a[0];
	free(a);
	return r;
}

int
draw_wcwidth(wchar_t c)
{
	if (ascii_mode)
		return draw_ascii_char(c) != 0;
	int w = wcwidth(c);
	return w < 0 ? 1 : w;	/* unprintable: shown as one '?' */
}

int
draw_width(const char *utf8)
{
	size_t n;
	wchar_t *w = draw_wcs_new(utf8, &n);
	int cols = 0;
	for (size_t i = 0; i < n; i++)
		cols += draw_wcwidth(w[i]);
	free(w);
	return cols;
}

int
draw_wtext(int y, int x, const wchar_t *s, size_t n, int maxw, enum draw_role r)
{
	int used = 0;
	size_t i = 0;
	if (maxw > COLS - x)
		maxw = COLS - x;	/* never wrap onto the next line */
	/* Find how many characters fit; a zero-width mark stays with its base. */
	while (i < n) {
		int cw = wcwidth(s[i]);
		if (cw < 0)
			cw = 1;
		if (used + cw > maxw)
			break;
		used += cw;
		i++;
	}
	if (i == 0 || maxw <= 0)
		return 0;
	attr_t old;
	short pair;
	attr_get(&old, &pair, NULL);
	attrset(attrs[r]);
	/* Unprintable characters become '?' so that columns stay as measured. */
	bool clean = true;
	for (size_t k = 0; k < i; k++)
		if (wcwidth(s[k]) < 0)
			clean = false;
	if (clean)
		mvaddnwstr(y, x, s, (int)i);
	else {
		wchar_t *c = xcalloc(i + 1, sizeof *c);
		for (size_t k = 0; k < i; k++)
			c[k] = wcwidth(s[k]) < 0 ? L'?' : s[k];
		mvaddnwstr(y, x, c, (int)i);
		free(c);
	}
	attr_set(old, pair, NULL);
	return used;
}

int
draw_text(int y, int x, const char *utf8, int maxw, enum draw_role r)
{
	size_t n;
	wchar_t *w = draw_wcs_new(utf8, &n);
	int used = draw_wtext(y, x, w, n, maxw, r);
	free(w);
	return used;
}

void
draw_blank(int y, int x, int w, enum draw_role r)
{
	if (w > COLS - x)
		w = COLS - x;
	if (w <= 0)
		return;
	attr_t old;
	short pair;
	attr_get(&old, &pair, NULL);
	attrset(attrs[r]);
	mvhline(y, x, ' ', w);
	attr_set(old, pair, NULL);
}

void
draw_text_pad(int y, int x, const char *utf8, int w, enum draw_role r)
{
	int used = draw_text(y, x, utf8, w, r);
	draw_blank(y, x + used, w - used, r);
}

void
draw_text_center(int y, int x, const char *utf8, int w, enum draw_role r)
{
	int tw = draw_width(utf8);
	int off = tw < w ? (w - tw) / 2 : 0;
	draw_text(y, x + off, utf8, w - off, r);
}

void
draw_hline(int y, int x, int w)
{
	if (w <= 0)
		return;
	attr_t old;
	short pair;
	attr_get(&old, &pair, NULL);
	attrset(attrs[DR_FRAME]);
	if (ascii_mode)
		mvhline(y, x, '-', w);
	else
		mvhline_set(y, x, WACS_HLINE, w);
	attr_set(old, pair, NULL);
}

void
draw_box(int y, int x, int h, int w)
{
	if (h < 2 || w < 2)
		return;
	attr_t old;
	short pair;
	attr_get(&old, &pair, NULL);
	attrset(attrs[DR_FRAME]);
	if (ascii_mode) {
		mvhline(y, x + 1, '-', w - 2);
		mvhline(y + h - 1, x + 1, '-', w - 2);
		mvvline(y + 1, x, '|', h - 2);
		mvvline(y + 1, x + w - 1, '|', h - 2);
		mvaddch(y, x, '+');
		mvaddch(y, x + w - 1, '+');
		mvaddch(y + h - 1, x, '+');
		mvaddch(y + h - 1, x + w - 1, '+');
	} else {
		mvhline_set(y, x + 1, WACS_HLINE, w - 2);
		mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
		mvvline_set(y + 1, x, WACS_VLINE, h - 2);
		mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
		mvadd_wch(y, x, WACS_ULCORNER);
		mvadd_wch(y, x + w - 1, WACS_URCORNER);
		mvadd_wch(y + h - 1, x, WACS_LLCORNER);
		mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	}
	attr_set(old, pair, NULL);
}

char *
draw_fit_new(const char *utf8, int w)
{
	if (utf8 == NULL)
		utf8 = "";
	if (text_width(utf8) <= w)
		return xstrdup(utf8);
	if (w <= 0)
		return xstrdup("");
	/* Keep whole characters up to w-1 columns, then the ellipsis. */
	const char *ell = ascii_mode ? "~" : "\xe2\x80\xa6";
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8;
	size_t n = strlen(utf8);
	utf8proc_ssize_t off = 0;
	int used = 0;
	while ((size_t)off < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + off, (utf8proc_ssize_t)n - off, &cp);
		if (k <= 0)
			break;
		int cw = wcwidth((wchar_t)cp);
		if (cw < 0)
			cw = 1;
		if (used + cw > w - 1)
			break;
		used += cw;
		off += k;
	}
	char *out = xmalloc((size_t)off + 4);
	memcpy(out, utf8, (size_t)off);
	strcpy(out + off, ell);
	return out;
}

static int
cp_width(utf8proc_int32_t cp)
{
	if (ascii_mode)
		return draw_ascii_char((wchar_t)cp) != 0;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
draw_wrap(const char *utf8, int w, char ***lines)
{
	int n = 0, cap = 8;
	char **out = xmalloc((size_t)cap * sizeof *out);
	const char *p = utf8 != NULL ? utf8 : "";
	if (w < 1)
		w = 1;
	for (;;) {
		/* One line: up to w columns, ending at '\n', the end, or the last space. */
		const char *start = p, *brk = NULL;
		int used = 0;
		while (*p && *p != '\n') {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
			if (k <= 0) {
				cp = '?';
				k = 1;
			}
			int cw = cp_width(cp);
			if (used + cw > w && p > start)
				break;
			if (cp == ' ')
				brk = p;
			used += cw;
			p += k;
		}
		const char *end = p;
		if (*p && *p != '\n' && brk != NULL && brk > start) {
			end = brk;
			p = brk + 1;
		} else if (*p == '\n')
			p++;
		else if (*p == ' ')
			p++;
		if (n == cap) {
			cap *= 2;
			out = xrealloc(out, (size_t)cap * sizeof *out);
		}
		out[n++] = xstrndup(start, (size_t)(end - start));
		if (*p == '\0')
			break;
	}
	*lines = out;
	return n;
}

void
draw_lines_free(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
