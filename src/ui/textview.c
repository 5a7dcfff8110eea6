/*
 * The text viewer (see textview.h): lines kept as given, cut at the window's
 * right edge without splitting a character; the top line is clamped whenever the
 * window or the text changes, so a resize never leaves an empty page.
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
	char        **lines;
	int           n;
	int           top;
	int           page;
	struct textview_opts opts;
};

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
	if (tv->top > tv->n - tv->page)
		tv->top = tv->n - tv->page;
	if (tv->top < 0)
		tv->top = 0;
}

static void
tv_draw(struct screen *s, int top, int height, int width)
{
	struct textview *tv = (struct textview *)s;
	tv->page = height;
	tv_clamp(tv);
	for (int i = 0; i < height && tv->top + i < tv->n; i++)
		draw_text(top + i, 0, tv->lines[tv->top + i], width, DR_NORMAL);
	if (tv->n > height) {
		char pos[64];
		snprintf(pos, sizeof pos, " %d-%d/%d ", tv->top + 1,
		    tv->top + height < tv->n ? tv->top + height : tv->n, tv->n);
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
		tv->top = tv->n;
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
