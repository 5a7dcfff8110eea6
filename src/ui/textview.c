/*
 * The text viewer (see textview.h). The text is kept as its lines; what shows is
 * those lines wrapped to the window's width (at spaces, never inside a
 * character), rebuilt when the width changes. The position is remembered as the
 * text line at the top, so a resize keeps the reader's place, and the top is
 * clamped so that a resize never leaves an empty page.
 */
#include "ui/textview.h"
#include "ui/draw.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct textview {
	struct screen base;
	char         *title;
	char        **lines;	/* the text's own lines */
	int           n;
	char        **vis;	/* lines as shown at width vis_width */
	int          *vis_line;	/* the text line each shown line comes from */
	int           nvis;
	int           vis_width;
	int           top;	/* first shown line (index into vis) */
	int           page;
	struct textview_opts opts;
};

static void
tv_unwrap(struct textview *tv)
{
	for (int i = 0; i < tv->nvis; i++)
		free(tv->vis[i]);
	free(tv->vis);
	free(tv->vis_line);
	tv->vis = NULL;
	tv->vis_line = NULL;
	tv->nvis = 0;
}

static void
tv_wrap(struct textview *tv, int width)
{
	if (tv->vis != NULL && width == tv->vis_width)
		return;
	int top_line = tv->vis_line != NULL && tv->top < tv->nvis ?
	    tv->vis_line[tv->top] : 0;
	tv_unwrap(tv);
	int cap = tv->n + 16;
	tv->vis = xmalloc(sizeof *tv->vis * (size_t)cap);
	tv->vis_line = xmalloc(sizeof *tv->vis_line * (size_t)cap);
	tv->top = 0;
	for (int i = 0; i < tv->n; i++) {
		char **parts;
		int np = draw_wrap(tv->lines[i], width, &parts);
		if (tv->nvis + np > cap) {
			cap = (tv->nvis + np) * 2;
			tv->vis = xrealloc(tv->vis, sizeof *tv->vis * (size_t)cap);
			tv->vis_line = xrealloc(tv->vis_line, sizeof *tv->vis_line * (size_t)cap);
		}
		if (i == top_line)
			tv->top = tv->nvis;
		for (int k = 0; k < np; k++) {
			tv->vis_line[tv->nvis] = i;
			tv->vis[tv->nvis++] = parts[k];
		}
		free(parts);
	}
	tv->vis_width = width;
}

static const struct screen_key default_keys[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
};

static const char *
tv_title(struct screen *s)
{
	return ((struct textview *)s)->title;
}

static void
tv_clamp(struct textview *tv)
{
	if (tv->top > tv->nvis - tv->page)
		tv->top = tv->nvis - tv->page;
	if (tv->top < 0)
		tv->top = 0;
}

static void
tv_draw(struct screen *s, int top, int height, int width)
{
	struct textview *tv = (struct textview *)s;
	tv_wrap(tv, width);
	/* A text longer than the window gives its last row to the position, so
	 * that the marker never covers a word of it. */
	bool paged = tv->nvis > height && height > 1;
	tv->page = paged ? height - 1 : height;
	tv_clamp(tv);
	for (int i = 0; i < tv->page && tv->top + i < tv->nvis; i++)
		draw_text(top + i, 0, tv->vis[tv->top + i], width, DR_NORMAL);
	if (paged) {
		char pos[64];
		snprintf(pos, sizeof pos, " %d-%d/%d ", tv->top + 1,
		    tv->top + tv->page < tv->nvis ? tv->top + tv->page : tv->nvis, tv->nvis);
		int w = draw_width(pos);
		draw_text(top + height - 1, width - w, pos, w, DR_DIM);
	}
}

static int
tv_key(struct screen *s, int key)
{
	struct textview *tv = (struct textview *)s;
	int page = tv->page > 1 ? tv->page - 1 : 1;
	if (key == K(KEY_UP))
		tv->top--;
	else if (key == K(KEY_DOWN) || key == K_ENTER)
		tv->top++;
	else if (key == K(KEY_PPAGE))
		tv->top -= page;
	else if (key == K(KEY_NPAGE) || key == ' ')
		tv->top += page;
	else if (key == K(KEY_HOME))
		tv->top = 0;
	else if (key == K(KEY_END))
		tv->top = tv->nvis;
	else
		return 0;
	tv_clamp(tv);
	return 1;
}

static int
tv_action(struct screen *s, int act)
{
	struct textview *tv = (struct textview *)s;
	if (act == ACT_BACK || tv->opts.action == NULL)
		return 0;
	int r = tv->opts.action(tv->opts.ctx, act);
	if (r == 2) {
		s->done = true;
		s->result = act;
	}
	return r != 0;
}

static void
tv_free(struct screen *s)
{
	struct textview *tv = (struct textview *)s;
	for (int i = 0; i < tv->n; i++)
		free(tv->lines[i]);
	free(tv->lines);
	tv_unwrap(tv);
	free(tv->title);
	free(tv);
}

static const struct screen_ops tv_ops = {
	.title = tv_title,
	.draw = tv_draw,
	.key = tv_key,
	.action = tv_action,
	.free = tv_free,
};

int
textview_run(struct app *a, const char *title, const char *text,
    const struct textview_opts *opts)
{
	struct textview *tv = xcalloc(1, sizeof *tv);
	screen_init(&tv->base, &tv_ops, a);
	tv->title = xstrdup(title);
	if (opts != NULL)
		tv->opts = *opts;
	tv->base.keys = tv->opts.keys != NULL ? tv->opts.keys : default_keys;
	const char *p = text;
	int cap = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (tv->n == cap) {
			cap = cap ? cap * 2 : 64;
			tv->lines = xrealloc(tv->lines, (size_t)cap * sizeof *tv->lines);
		}
		tv->lines[tv->n++] = xstrndup(p, len);
		p += len;
		if (*p == '\n')
			p++;
	}
	return app_run(a, &tv->base);
}
