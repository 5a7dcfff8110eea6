/*
 * The pick list (see picklist.h). The filter is applied on every change of the
 * typed text; the lists are at most a few hundred items, so a linear pass with
 * prepared keys costs far less than drawing. Matching keys come from
 * codes_key_new, the very function the form engine matches typed values with, so
 * what the list offers and what a field accepts cannot disagree.
 */
#include "ui/picklist.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/listview.h"
#include "ui/status.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct picklist {
	struct screen            base;
	const struct code_list  *cl;
	char                   **keys;	/* per item: code and labels as one key */
	int                     *shown;	/* item indexes passing the filter */
	int                      nshown;
	struct lineedit          filter;
	char                    *last;	/* filter text the list was made for */
	struct listview          lv;
	const struct code_item **out;
};

static const struct screen_key pick_keys[] = {
	{ ACT_OPEN, N_("Choose") }, { ACT_BACK, N_("Cancel") }, { ACT_NONE, NULL }
};

/* Does key k contain the word start w? ("ba na" matches "ba na", "gia rai"
 * matches "rai"). Word starts only, so "a" does not find every label. */
static int
match_rank(const char *k, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(k, w, n) == 0)
		return 0;
	for (const char *p = strchr(k, ' '); p != NULL; p = strchr(p + 1, ' '))
		if (strncmp(p + 1, w, n) == 0)
			return 1;
	return strstr(k, w) != NULL ? 2 : -1;
}

static void
refilter(struct picklist *p)
{
	char *typed = lineedit_text_new(&p->filter);
	if (p->last != NULL && strcmp(typed, p->last) == 0) {
		free(typed);
		return;
	}
	free(p->last);
	p->last = typed;
	char *key = codes_key_new(typed);
	p->nshown = 0;
	if (key == NULL || key[0] == '\0') {
		for (int i = 0; i < p->cl->nitems; i++)
			p->shown[p->nshown++] = i;
	} else {
		for (int rank = 0; rank < 3; rank++)
			for (int i = 0; i < p->cl->nitems; i++)
				if (match_rank(p->keys[i], key) == rank)
					p->shown[p->nshown++] = i;
	}
	free(key);
	p->lv.sel = 0;
	p->lv.top = 0;
	listview_set_count(&p->lv, p->nshown);
}

static void
row(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct picklist *p = ctx;
	const struct code_item *it = &p->cl->items[p->shown[i]];
	enum draw_role r = selected ? DR_SELECTED : DR_NORMAL;
	draw_blank(y, x, w, r);
	int cw = draw_width(it->code);
	/* Whole agency codes (000.00.01.H40) too, not only ranks' V.08.01.02. */
	if (cw > 14)
		cw = 14;
	draw_text(y, x + 1, it->code, cw, r);
	draw_text(y, x + cw + 3, codes_label(it), w - cw - 4, r);
}

static void
pick_draw(struct screen *s, int top, int height, int width)
{
	struct picklist *p = (struct picklist *)s;
	int bw = width - 4 < 64 ? width - 4 : 64;
	if (bw < 20)
		bw = width;
	int bh = height - 2 < p->cl->nitems + 4 ? height - 2 : p->cl->nitems + 4;
	if (bh < 6)
		bh = height;
	int y = top + (height - bh) / 2, x = (width - bw) / 2;
	for (int i = 0; i < bh; i++)
		draw_blank(y + i, x, bw, DR_NORMAL);
	draw_box(y, x, bh, bw);
	char *t = xasprintf(" %s ", _(p->cl->title));
	draw_text_center(y, x + 1, t, bw - 2, DR_HEADING);
	free(t);
	int lw = draw_text(y + 1, x + 2, _("Find:"), bw - 4, DR_LABEL) + 1;
	s->cy = y + 1;
	s->cx = lineedit_draw(&p->filter, y + 1, x + 2 + lw, bw - 4 - lw, DR_INPUT);
	if (p->nshown == 0)
		draw_text(y + 2, x + 2, _("Nothing matches."), bw - 4, DR_DIM);
	listview_draw(&p->lv, y + 2, x + 1, bh - 3, bw - 2, row, p);
}

static int
pick_key(struct screen *s, int key)
{
	struct picklist *p = (struct picklist *)s;
	if (key == K_ENTER) {
		if (p->nshown == 0)
			return 1;
		*p->out = &p->cl->items[p->shown[p->lv.sel]];
		s->done = true;
		s->result = 1;
		return 1;
	}
	int r = listview_key(&p->lv, key);
	if (r != LV_IGNORED)
		return 1;
	if (lineedit_key(&p->filter, key)) {
		refilter(p);
		return 1;
	}
	return 0;
}

static void
pick_free(struct screen *s)
{
	struct picklist *p = (struct picklist *)s;
	for (int i = 0; i < p->cl->nitems; i++)
		free(p->keys[i]);
	free(p->keys);
	free(p->shown);
	free(p->last);
	lineedit_free(&p->filter);
	free(p);
}

static const struct screen_ops pick_ops = {
	.draw = pick_draw,
	.key = pick_key,
	.free = pick_free,
};

const struct code_item *
picklist_run(struct app *a, const struct code_list *cl, const char *initial,
    const char *current)
{
	const struct code_item *out = NULL;
	struct picklist *p = xcalloc(1, sizeof *p);
	screen_init(&p->base, &pick_ops, a);
	p->base.overlay = true;
	p->base.keys = pick_keys;
	p->cl = cl;
	p->out = &out;
	p->keys = xcalloc((size_t)cl->nitems + 1, sizeof *p->keys);
	p->shown = xcalloc((size_t)cl->nitems + 1, sizeof *p->shown);
	for (int i = 0; i < cl->nitems; i++) {
		const struct code_item *it = &cl->items[i];
		char *joined = xasprintf("%s %s %s", it->label,
		    it->label_en != NULL ? it->label_en : "", it->code);
		p->keys[i] = codes_key_new(joined);
		if (p->keys[i] == NULL)
			p->keys[i] = xstrdup("");
		free(joined);
	}
	lineedit_init(&p->filter, 60);
	lineedit_set(&p->filter, initial);
	listview_init(&p->lv);
	refilter(p);
	if ((initial == NULL || !*initial) && current != NULL)
		for (int i = 0; i < p->nshown; i++)
			if (strcmp(cl->items[p->shown[i]].code, current) == 0)
				p->lv.sel = i;
	status_hint(_("Type part of the name to narrow the list; Enter chooses."));
	app_run(a, &p->base);
	return out;
}
