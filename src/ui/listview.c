/*
 * The list (see listview.h). Invariants after every call: 0 <= sel < n (or sel ==
 * 0 when n == 0) and top <= sel < top + page whenever page > 0.
 */
#include "ui/listview.h"
#include "ui/keys.h"

#include <curses.h>

void
listview_init(struct listview *lv)
{
	lv->n = lv->sel = lv->top = lv->page = 0;
}

static void
clamp(struct listview *lv)
{
	if (lv->sel >= lv->n)
		lv->sel = lv->n - 1;
	if (lv->sel < 0)
		lv->sel = 0;
	if (lv->page > 0) {
		if (lv->sel < lv->top)
			lv->top = lv->sel;
		if (lv->sel >= lv->top + lv->page)
			lv->top = lv->sel - lv->page + 1;
		if (lv->top > lv->n - lv->page)
			lv->top = lv->n - lv->page;
	}
	if (lv->top < 0)
		lv->top = 0;
}

void
listview_set_count(struct listview *lv, int n)
{
	lv->n = n;
	clamp(lv);
}

int
listview_key(struct listview *lv, int key)
{
	int page = lv->page > 1 ? lv->page - 1 : 1;
	if (key == K(KEY_UP)) {
		if (lv->sel == 0)
			return LV_PREV_PAGE;
		lv->sel--;
	} else if (key == K(KEY_DOWN)) {
		if (lv->sel >= lv->n - 1)
			return LV_NEXT_PAGE;
		lv->sel++;
	} else if (key == K(KEY_PPAGE)) {
		if (lv->sel == 0)
			return LV_PREV_PAGE;
		lv->sel -= page;
	} else if (key == K(KEY_NPAGE)) {
		if (lv->sel >= lv->n - 1)
			return LV_NEXT_PAGE;
		lv->sel += page;
	} else if (key == K(KEY_HOME))
		lv->sel = 0;
	else if (key == K(KEY_END))
		lv->sel = lv->n - 1;
	else
		return LV_IGNORED;
	clamp(lv);
	return LV_MOVED;
}

void
listview_draw(struct listview *lv, int y, int x, int h, int w,
    listview_row_fn row, void *ctx)
{
	lv->page = h;
	clamp(lv);
	for (int i = 0; i < h && lv->top + i < lv->n; i++)
		row(ctx, lv->top + i, y + i, x, w, lv->top + i == lv->sel);
}
