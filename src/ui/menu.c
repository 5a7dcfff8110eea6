/*
 * Menus (see menu.h): a short column of numbered items centred in the body. Digits
 * choose at once, so a clerk who knows the menu never waits for it; an item's digit
 * is its own, not its place, so that instructions written for one role ("press 5
 * for Reports") hold for every role that has the entry.
 */
#include "ui/menu.h"
#include "ui/draw.h"
#include "ui/listview.h"
#include "ui/status.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct menu {
	struct screen           base;
	const char             *title;
	const char             *note;	/* a line under the title, or NULL */
	const struct menu_item *items;
	int                     n;
	struct listview         lv;
	int                    *sel;
};

static const struct screen_key menu_keys[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, N_("Choose") }, { ACT_LANG, NULL },
	{ ACT_BACK, N_("Quit") }, { ACT_NONE, NULL }
};

static const char *
menu_title(struct screen *s)
{
	return _(((struct menu *)s)->title);
}

static void
menu_row(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct menu *m = ctx;
	char *line = xasprintf(" %c  %s", m->items[i].key, _(m->items[i].label));
	draw_text_pad(y, x, line, w, selected ? DR_SELECTED : DR_NORMAL);
	free(line);
}

static void
menu_draw(struct screen *s, int top, int height, int width)
{
	struct menu *m = (struct menu *)s;
	int w = 0;
	for (int i = 0; i < m->n; i++) {
		int lw = draw_width(_(m->items[i].label)) + 6;
		if (lw > w)
			w = lw;
	}
	/* A title wider than every entry widens the menu rather than being cut. */
	if (draw_width(_(m->title)) > w)
		w = draw_width(_(m->title));
	if (w > width)
		w = width;
	int gap = m->note != NULL ? 3 : 2;
	int h = m->n < height - gap ? m->n : height - gap;
	int y = top + (height - h) / 2 - 1, x = (width - w) / 2;
	if (y < top)
		y = top;
	draw_text_center(y, x, _(m->title), w, DR_HEADING);
	/* The note may be wider than the items: it takes the whole width. */
	if (m->note != NULL)
		draw_text_center(y + 1, 0, m->note, width, DR_DIM);
	listview_draw(&m->lv, y + gap, x, h, w, menu_row, m);
}

static int
menu_key(struct screen *s, int key)
{
	struct menu *m = (struct menu *)s;
	if (key >= '0' && key <= '9') {
		for (int i = 0; i < m->n; i++)
			if (m->items[i].key == key) {
				m->lv.sel = i;
				key = K_ENTER;
				break;
			}
		if (key != K_ENTER) {
			status_info(_("There is no entry %c in this menu for your account."), key);
			return 1;
		}
	}
	if (key == K_ENTER) {
		*m->sel = m->lv.sel;
		s->result = m->items[m->lv.sel].id;
		s->done = true;
		return 1;
	}
	if (listview_key(&m->lv, key) != LV_IGNORED) {
		*m->sel = m->lv.sel;
		return 1;
	}
	return 0;
}

static void
menu_free(struct screen *s)
{
	free(s);
}

static const struct screen_ops menu_ops = {
	.title = menu_title,
	.draw = menu_draw,
	.key = menu_key,
	.free = menu_free,
};

int
menu_run(struct app *a, const char *title, const struct menu_item *items, int n,
    int *sel)
{
	return menu_run_noted(a, title, NULL, items, n, sel);
}

int
menu_run_noted(struct app *a, const char *title, const char *note,
    const struct menu_item *items, int n, int *sel)
{
	struct menu *m = xcalloc(1, sizeof *m);
	screen_init(&m->base, &menu_ops, a);
	m->base.back_result = -1;
	m->base.keys = menu_keys;
	m->title = title;
	m->note = note;
	m->items = items;
	m->n = n;
	m->sel = sel;
	listview_init(&m->lv);
	listview_set_count(&m->lv, n);
	m->lv.sel = *sel >= 0 && *sel < n ? *sel : 0;
	status_hint(NULL);
	return app_run(a, &m->base);
}
