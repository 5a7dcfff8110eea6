/*
 * The waiting box (see waitcall.h). It holds no state of the call: done is read
 * from the call itself in the idle callback, which the loop runs as soon as
 * gw_call_poll comes back, so an answer that arrives while a help page is open
 * is noticed when the page closes.
 */
#include "ui/waitcall.h"
#include "ui/draw.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "gateway/gateway.h"

#include <stdlib.h>

struct waitcall {
	struct screen   base;
	struct gw_call *call;
	const char     *what;	/* message id */
	struct gw_call *outer;	/* what the loop waited on before (nested waits) */
};

static const struct screen_key wait_keys[] = {
	{ ACT_HELP, NULL }, { ACT_LANG, NULL }, { ACT_BACK, N_("Cancel") },
	{ ACT_NONE, NULL }
};

static void
wc_draw(struct screen *s, int top, int height, int width)
{
	struct waitcall *w = (struct waitcall *)s;
	char *text = xasprintf("%s (%s)", _(w->what), _("Esc: cancel"));
	int tw = draw_width(text);
	int bw = tw + 6 < width ? tw + 6 : width;
	int y = top + (height - 3) / 2, x = (width - bw) / 2;
	for (int i = 0; i < 3; i++)
		draw_blank(y + i, x, bw, DR_NORMAL);
	draw_box(y, x, 3, bw);
	draw_text(y + 1, x + 3, text, bw - 6 > 0 ? bw - 6 : bw, DR_HEADING);
	free(text);
}

static void
wc_idle(struct screen *s)
{
	struct waitcall *w = (struct waitcall *)s;
	if (gw_call_done(w->call)) {
		s->result = gw_call_outcome(w->call) == GW_CANCELLED ? -1 : 0;
		s->done = true;
	}
}

static int
wc_action(struct screen *s, int act)
{
	struct waitcall *w = (struct waitcall *)s;
	if (act != ACT_BACK)
		return 0;
	gw_call_cancel(w->call);
	s->result = -1;
	s->done = true;
	return 1;
}

static void
wc_hangup(struct screen *s)
{
	gw_call_cancel(((struct waitcall *)s)->call);
}

static void
wc_free(struct screen *s)
{
	struct waitcall *w = (struct waitcall *)s;
	app_wait_call(s->app, w->outer);
	free(w);
}

static const struct screen_ops waitcall_ops = {
	.draw = wc_draw,
	.action = wc_action,
	.idle = wc_idle,
	.hangup = wc_hangup,
	.free = wc_free,
};

int
waitcall_run(struct app *a, struct gw_call *c, const char *what)
{
	struct waitcall *w = xcalloc(1, sizeof *w);
	screen_init(&w->base, &waitcall_ops, a);
	w->base.overlay = true;
	w->base.keys = wait_keys;
	w->call = c;
	w->what = what;
	w->outer = a->wait_call;
	app_wait_call(a, c);
	int r = app_run(a, &w->base);
	if (r < 0 && !gw_call_done(c))
		gw_call_cancel(c);	/* unwinding: the answer would have no one to read it */
	return r;
}
