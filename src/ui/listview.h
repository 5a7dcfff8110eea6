/*
 * A list of rows with one selected, scrolled so the selection is always visible;
 * the caller draws each row. Lists whose rows come a page at a time from the
 * database learn when the clerk moves past either end.
 */
#ifndef HOSO_UI_LISTVIEW_H
#define HOSO_UI_LISTVIEW_H
#include <stdbool.h>

struct listview {
	int n;		/* rows */
	int sel;	/* selected row; 0 when empty */
	int top;	/* first row shown */
	int page;	/* rows shown at the last draw */
};

enum {
	LV_IGNORED = 0,
	LV_MOVED,
	LV_NEXT_PAGE,	/* PgDn on the last page, or Down on the last row */
	LV_PREV_PAGE	/* PgUp on the first page, or Up on the first row */
};

typedef void (*listview_row_fn)(void *ctx, int i, int y, int x, int w, bool selected);

void listview_init(struct listview *lv);
/* The number of rows changed: keep the selection inside. */
void listview_set_count(struct listview *lv, int n);
/* Up, Down, PgUp, PgDn, Home, End. */
int  listview_key(struct listview *lv, int key);
/* Draw rows top..top+h-1 through row(); a row is never drawn outside. */
void listview_draw(struct listview *lv, int y, int x, int h, int w,
    listview_row_fn row, void *ctx);
#endif
