/*
 * Text output for the screens. Every character the UI shows goes through here, so
 * that two rules hold everywhere: text is clipped to a width in columns without
 * splitting a character (wide characters measured with wcwidth), and in ASCII mode
 * (terminals that are not UTF-8) Vietnamese is folded to plain letters and no line
 * drawing is used. Attributes come from a small palette of roles so that colour
 * stays optional.
 */
#ifndef HOSO_UI_DRAW_H
#define HOSO_UI_DRAW_H
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

enum draw_role {
	DR_NORMAL,
	DR_TITLE,	/* top bar */
	DR_KEY,		/* "F2" in the key bar */
	DR_KEYLABEL,	/* "Lưu" in the key bar */
	DR_LABEL,	/* field labels */
	DR_FIELD,	/* a field's value in view mode */
	DR_INPUT,	/* a field being typed into */
	DR_SELECTED,	/* the selected row of a list */
	DR_ERROR,	/* status-line errors */
	DR_HEADING,	/* section and column headings */
	DR_DIM,		/* help lines, hints */
	DR_FRAME,	/* dialog frames */
	DR_COUNT
};

/* After initscr: choose ASCII mode and whether to use colour. */
void  draw_init(bool ascii, bool colour);
bool  draw_ascii(void);
int   draw_attr(enum draw_role r);

/* Decode UTF-8 into a fresh wide string (invalid bytes become '?'); *len gets the
 * number of characters. In ASCII mode the text is folded first. Caller frees. */
wchar_t *draw_wcs_new(const char *utf8, size_t *len);
/* Columns the text takes as draw_text would show it. */
int   draw_width(const char *utf8);
/* Columns one character takes as shown (ASCII mode: 1, or 0 for a lone mark). */
int   draw_wcwidth(wchar_t c);
/* The character ASCII mode shows for c: c itself if ASCII, its plain letter,
 * '?' for anything else, 0 for a mark that folds away. */
wchar_t draw_ascii_char(wchar_t c);

/* Show text at y,x in at most maxw columns, in role r; returns the columns used.
 * Characters that would straddle the limit are left out, never cut in half. */
int   draw_text(int y, int x, const char *utf8, int maxw, enum draw_role r);
/* The same for a wide string of n characters. */
int   draw_wtext(int y, int x, const wchar_t *s, size_t n, int maxw, enum draw_role r);
/* Text padded with spaces to exactly w columns (bars, selected rows, fields). */
void  draw_text_pad(int y, int x, const char *utf8, int w, enum draw_role r);
/* Text centred in w columns starting at x. */
void  draw_text_center(int y, int x, const char *utf8, int w, enum draw_role r);
/* w spaces in role r. */
void  draw_blank(int y, int x, int w, enum draw_role r);
/* Lines: Unicode box drawing in UTF-8 mode, '-', '|' and '+' in ASCII mode. */
void  draw_hline(int y, int x, int w);
void  draw_box(int y, int x, int h, int w);

/* Break text into lines of at most w columns, at spaces where possible and at
 * '\n' always. Returns the number of lines; *lines is an array of strings, all
 * the caller's to free (draw_lines_free). */
int   draw_wrap(const char *utf8, int w, char ***lines);
void  draw_lines_free(char **lines, int n);

/* A UTF-8 copy cut to at most w columns, with an ellipsis ("…" or "~") when cut.
 * Caller frees. */
char *draw_fit_new(const char *utf8, int w);
#endif
