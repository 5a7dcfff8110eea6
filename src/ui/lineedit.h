/*
 * A one-line text editor on wide characters, as tmux and htop write their own:
 * the text is wchar_t, measured in columns with wcwidth, the cursor moves by whole
 * characters, and a mark typed on its own (a keyboard that sends "a" then U+0301)
 * joins the letter before it, because the text is kept in NFC. Longer text scrolls
 * sideways inside its field.
 */
#ifndef HOSO_UI_LINEEDIT_H
#define HOSO_UI_LINEEDIT_H
#include <stdbool.h>
#include <wchar.h>
#include "ui/draw.h"

struct lineedit {
	wchar_t *buf;
	int      len;		/* characters */
	int      cap;
	int      cur;		/* cursor, in characters from the start */
	int      scroll;	/* first character shown */
	int      maxlen;	/* characters; 0: no limit */
	bool     secret;	/* shown as '*' (passwords) */
	bool     changed;	/* typed into since set */
};

void  lineedit_init(struct lineedit *le, int maxlen);
void  lineedit_free(struct lineedit *le);
/* Replace the text (cursor at the end, changed cleared). NULL is empty. */
void  lineedit_set(struct lineedit *le, const char *utf8);
/* The text as UTF-8 (NFC). Caller frees. */
char *lineedit_text_new(const struct lineedit *le);
/* Editing keys: characters, Backspace, Del, Left, Right, Home, End, ^A, ^U (clear),
 * ^K (to the end). Returns 1 if the key was an editing key. */
int   lineedit_key(struct lineedit *le, int key);
/* Draw in width columns at y,x in role r; returns the cursor's column. */
int   lineedit_draw(struct lineedit *le, int y, int x, int width, enum draw_role r);
#endif
