/*
 * A page of text to read: help, the résumé. Up/Down/PgUp/PgDn/Home/End scroll;
 * the caller may offer more actions (the résumé's "save to file").
 */
#ifndef HOSO_UI_TEXTVIEW_H
#define HOSO_UI_TEXTVIEW_H
#include "ui/app.h"

struct textview_opts {
	const struct screen_key *keys;	/* replaces the default key bar (Back only) */
	/* Called for an action of keys other than ACT_BACK; return 1 if handled, 2 to
	 * close the view with the action as textview_run's result. */
	int  (*action)(void *ctx, int act);
	void  *ctx;
};

/* Show text ('\n' separates lines) until the clerk leaves. Returns 0 when left
 * with Back, the action that closed it (see above), or -1 when unwinding. title
 * and text are copied. */
int textview_run(struct app *a, const char *title, const char *text,
    const struct textview_opts *opts);
#endif
