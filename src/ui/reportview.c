/*
 * The report table (see reportview.h). At 80 columns a counted row is its label,
 * its count and a bar of about a third of the width; a list row is its label and
 * its columns. Headings are not selectable: the arrows step over them.
 */
#include "ui/reportview.h"
#include "ui/chart.h"
#include "ui/deliver.h"
#include "ui/draw.h"
#include "ui/listview.h"
#include "ui/status.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct rview {
	struct screen       base;
	char               *title, *subtitle;
	struct rv_rows     *rows;
	const struct rv_opts *o;
	struct listview     lv;
	struct screen_key   keys[5];
};

struct rv_row *
rv_add(struct rv_rows *rows, const char *label, int64_t n)
{
	rows->v = xrealloc(rows->v, sizeof *rows->v * (size_t)(rows->n + 1));
	struct rv_row *r = &rows->v[rows->n++];
	memset(r, 0, sizeof *r);
	r->label = xstrdup(label);
	r->n = n;
	return r;
}

void
rv_rows_free(struct rv_rows *rows)
{
	for (int i = 0; i < rows->n; i++) {
		free(rows->v[i].label);
		free(rows->v[i].extra);
	}
	free(rows->v);
	rows->v = NULL;
	rows->n = 0;
}

static const char *
rv_title(struct screen *s)
{
	return ((struct rview *)s)->title;
}

static void
rv_row_draw(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct rview *v = ctx;
	const struct rv_row *r = &v->rows->v[i];
	if (r->heading) {
		draw_blank(y, x, w, DR_NORMAL);
		draw_text(y, x, r->label, w, DR_HEADING);
		return;
	}
	enum draw_role role = selected ? DR_SELECTED : DR_NORMAL;
	if (r->n < 0) {
		char *line = xasprintf(" %s", r->label);
		draw_text_pad(y, x, line, w, role);
		free(line);
		return;
	}
	int bar = (w - 10) * 2 / 5, label = w - bar - 10;
	char *line = xasprintf("  %s", r->label);
	draw_text_pad(y, x, line, label, role);
	free(line);
	char count[32];
	snprintf(count, sizeof count, "%9lld ", (long long)r->n);
	draw_text_pad(y, x + label, count, 10, role);
	char *b = chart_bar_new(r->n, r->max, bar, draw_ascii());
	draw_blank(y, x + label + 10, bar, DR_NORMAL);
	draw_text(y, x + label + 10, b, bar, DR_NORMAL);
	free(b);
}

static void
rv_draw(struct screen *s, int top, int height, int width)
{
	struct rview *v = (struct rview *)s;
	int y = top;
	if (v->subtitle != NULL)
		draw_text(y++, 0, v->subtitle, width, DR_DIM);
	if (v->o->head != NULL)
		draw_text(y++, 0, v->o->head, width, DR_HEADING);
	int h = top + height - y;
	if (v->rows->n == 0) {
		draw_text(y + 1, 1, v->o->empty ? v->o->empty : "", width - 2, DR_DIM);
		return;
	}
	listview_draw(&v->lv, y, 0, h, width, rv_row_draw, v);
}

/* Off a heading, in the direction of the last move (down first). */
static void
skip_headings(struct rview *v, int dir)
{
	int n = v->rows->n;
	int i = v->lv.sel;
	while (i >= 0 && i < n && v->rows->v[i].heading)
		i += dir;
	if (i < 0 || i >= n) {
		i = v->lv.sel;
		while (i >= 0 && i < n && v->rows->v[i].heading)
			i -= dir;
	}
	if (i >= 0 && i < n)
		v->lv.sel = i;
}

static int
rv_key(struct screen *s, int key)
{
	struct rview *v = (struct rview *)s;
	if (key == K_ENTER) {
		if (v->o->open != NULL && v->rows->n > 0 && !v->rows->v[v->lv.sel].heading)
			v->o->open(s->app, v->o->ctx, &v->rows->v[v->lv.sel]);
		return 1;
	}
	int before = v->lv.sel;
	if (listview_key(&v->lv, key) != LV_IGNORED) {
		skip_headings(v, v->lv.sel >= before ? 1 : -1);
		/* The first rows of a table are headings: let them show at the top. */
		if (v->lv.sel <= 1 && v->lv.top > 0 && key != K(KEY_DOWN))
			v->lv.top = 0;
		return 1;
	}
	return 0;
}

static int
rv_action(struct screen *s, int act)
{
	struct rview *v = (struct rview *)s;
	if (act == ACT_SAVE && v->o->write != NULL) {
		v->o->write(s->app, v->o->ctx);
		return 1;
	}
	return 0;
}

static void
rv_free(struct screen *s)
{
	struct rview *v = (struct rview *)s;
	free(v->title);
	free(v->subtitle);
	free(v);
}

static const struct screen_ops rview_ops = {
	.title = rv_title,
	.draw = rv_draw,
	.key = rv_key,
	.action = rv_action,
	.free = rv_free,
};

void
reportview_run(struct app *a, const char *title, const char *subtitle,
    struct rv_rows *rows, const struct rv_opts *o)
{
	struct rview *v = xcalloc(1, sizeof *v);
	screen_init(&v->base, &rview_ops, a);
	v->title = xstrdup(title);
	v->subtitle = subtitle != NULL ? xstrdup(subtitle) : NULL;
	v->rows = rows;
	v->o = o;
	int k = 0;
	v->keys[k++] = (struct screen_key){ ACT_HELP, NULL };
	if (o->open != NULL)
		v->keys[k++] = (struct screen_key){ ACT_OPEN, N_("Open") };
	if (o->write != NULL)
		v->keys[k++] = (struct screen_key){ ACT_SAVE, deliver_key_label(a) };
	v->keys[k++] = (struct screen_key){ ACT_BACK, NULL };
	v->keys[k] = (struct screen_key){ ACT_NONE, NULL };
	v->base.keys = v->keys;
	listview_init(&v->lv);
	listview_set_count(&v->lv, rows->n);
	skip_headings(v, 1);
	app_run(a, &v->base);
}
