/*
 * Dialog boxes (see dialog.h). The box is sized from its text and the window each
 * time it is drawn, so a resize while it is open simply lays it out again.
 */
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include "core/text.h"

struct dialog {
	struct screen     base;
	char             *title;
	char             *text;
	const char *const *buttons;
	int               nbuttons;
	int               sel;
	bool              input;
	bool              yesno;
	struct lineedit   le;
	char            **out;		/* input dialogs: where the text goes on OK */
};

static const struct screen_key dialog_keys[] = {
	{ ACT_OPEN, N_("Choose") }, { ACT_BACK, N_("Cancel") }, { ACT_NONE, NULL }
};

static void
dlg_draw(struct screen *s, int top, int height, int width)
{
	struct dialog *d = (struct dialog *)s;
	int bw = width - 4 < 72 ? width - 4 : 72;
	if (bw < 20)
		bw = width;
	char **lines;
	int n = draw_wrap(d->text, bw - 4, &lines);
	int extra = 2 + (d->input ? 2 : 0);	/* blank + buttons (+ label + field) */
	int bh = n + extra + 2;
	if (bh > height)
		bh = height;
	int y = top + (height - bh) / 2, x = (width - bw) / 2;
	for (int i = 0; i < bh; i++)
		draw_blank(y + i, x, bw, DR_NORMAL);
	draw_box(y, x, bh, bw);
	if (d->title != NULL && *d->title) {
		char *t = xasprintf(" %s ", d->title);
		draw_text_center(y, x + 1, t, bw - 2, DR_HEADING);
		free(t);
	}
	int row = y + 1, last = y + bh - 1 - extra;
	for (int i = 0; i < n && row < last; i++)
		draw_text(row++, x + 2, lines[i], bw - 4, DR_NORMAL);
	draw_lines_free(lines, n);
	row = last;
	if (d->input) {
		s->cx = lineedit_draw(&d->le, row, x + 2, bw - 4, DR_INPUT);
		s->cy = row;
		row += 2;
	} else
		row++;
	/* Buttons, centred: "[ Có ]  [ Không ]" */
	int total = 0;
	for (int i = 0; i < d->nbuttons; i++)
		total += draw_width(d->buttons[i]) + 4 + 2;
	int bx = x + (bw - total + 2) / 2;
	if (bx < x + 1)
		bx = x + 1;
	for (int i = 0; i < d->nbuttons && row < y + bh - 1; i++) {
		char *b = xasprintf("[ %s ]", d->buttons[i]);
		bx += draw_text(row, bx, b, x + bw - 1 - bx,
		    i == d->sel ? DR_SELECTED : DR_NORMAL) + 2;
		free(b);
	}
}

/* First letter of a button, folded ("Không" -> 'k'), as its hot key. */
static int
hotkey(const char *label)
{
	char *folded = text_fold_new(label);
	int c = folded != NULL ? (unsigned char)folded[0] : 0;
	free(folded);
	return c;
}

static int
dlg_key(struct screen *s, int key)
{
	struct dialog *d = (struct dialog *)s;
	if (key == K_ENTER) {
		s->result = d->sel;
		s->done = true;
		if (d->input && d->sel == 0)
			*d->out = lineedit_text_new(&d->le);
		return 1;
	}
	if (key == K(KEY_LEFT) && !d->input) {
		d->sel = (d->sel + d->nbuttons - 1) % d->nbuttons;
		return 1;
	}
	if (key == K(KEY_RIGHT) && !d->input) {
		d->sel = (d->sel + 1) % d->nbuttons;
		return 1;
	}
	if (key == K_TAB || key == K(KEY_BTAB)) {
		int step = key == K_TAB ? 1 : d->nbuttons - 1;
		d->sel = (d->sel + step) % d->nbuttons;
		return 1;
	}
	if (d->input)
		return lineedit_key(&d->le, key);
	if (K_IS_CHAR(key)) {
		int c = key < 128 ? tolower(key) : key;
		/* Yes and no answer to the letters of both languages. */
		if (d->yesno && (c == 'y' || c == 'c' || c == 'n' || c == 'k')) {
			s->result = c == 'y' || c == 'c' ? 0 : 1;
			s->done = true;
			return 1;
		}
		for (int i = 0; i < d->nbuttons; i++)
			if (hotkey(d->buttons[i]) == c) {
				s->result = i;
				s->done = true;
				return 1;
			}
	}
	return 0;
}

static void
dlg_free(struct screen *s)
{
	struct dialog *d = (struct dialog *)s;
	free(d->title);
	free(d->text);
	if (d->input)
		lineedit_free(&d->le);
	free(d);
}

static const struct screen_ops dialog_ops = {
	.draw = dlg_draw,
	.key = dlg_key,
	.free = dlg_free,
};

static struct dialog *
dlg_new(struct app *a, const char *title, const char *text,
    const char *const *buttons, int n)
{
	struct dialog *d = xcalloc(1, sizeof *d);
	screen_init(&d->base, &dialog_ops, a);
	d->base.back_result = -1;
	d->base.overlay = true;
	d->base.keys = dialog_keys;
	d->title = xstrdup(title != NULL ? title : "");
	d->text = xstrdup(text != NULL ? text : "");
	d->buttons = buttons;
	d->nbuttons = n;
	return d;
}

int
dialog_choice(struct app *a, const char *title, const char *text,
    const char *const *buttons, int n)
{
	struct dialog *d = dlg_new(a, title, text, buttons, n);
	return app_run(a, &d->base);
}

int
dialog_yesno(struct app *a, const char *title, const char *text)
{
	const char *buttons[2] = { _("Yes"), _("No") };
	struct dialog *d = dlg_new(a, title, text, buttons, 2);
	d->yesno = true;
	/* Every yes/no asks before something that cannot be undone (drop changes,
	 * delete, leave): Enter pressed out of habit must keep things as they are. */
	d->sel = 1;
	int r = app_run(a, &d->base);
	if (r == 0)
		return 1;
	return r == -1 && a->quit != APP_RUNNING ? -1 : 0;
}

void
dialog_message(struct app *a, const char *title, const char *text)
{
	const char *buttons[1] = { _("OK") };
	dialog_choice(a, title, text, buttons, 1);
}

char *
dialog_input(struct app *a, const char *title, const char *label,
    const char *initial, int maxlen)
{
	const char *buttons[2] = { _("OK"), _("Cancel") };
	struct dialog *d = dlg_new(a, title, label, buttons, 2);
	d->input = true;
	lineedit_init(&d->le, maxlen);
	lineedit_set(&d->le, initial);
	char *text = NULL;
	d->out = &text;
	if (app_run(a, &d->base) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
