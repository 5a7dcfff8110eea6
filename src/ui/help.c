/*
 * The Help page (F1 on any screen): the keys of the screen, its own help text, and
 * the keys every screen shares, shown as a page of text. The loop (app.c) reaches
 * it through a->help, so that the loop knows no screen built on it.
 */
#include "ui/help.h"
#include "ui/keybar.h"
#include "ui/textview.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <stdlib.h>

void
help_show(struct app *a, struct screen *s)
{
	char *keys = keybar_help_new(s->keys);
	char *text = xasprintf("%s%s%s\n%s\n%s\n%s\n%s\n%s\n%s\n", keys,
	    s->help != NULL ? _(s->help) : "", s->help != NULL ? "\n" : "",
	    _("Tab, Enter      next field"),
	    _("Shift-Tab, Up   previous field"),
	    _("PgUp, PgDn      previous or next page"),
	    _("F9, ^T          switch between Vietnamese and English"),
	    _("^L              repaint the whole screen"),
	    _("Keys written ^S are Ctrl-S; Alt-S (or Esc then S) does the same."));
	textview_run(a, _("Keys"), text, NULL);
	free(keys);
	free(text);
}
