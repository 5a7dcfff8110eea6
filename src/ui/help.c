/*
 * The Help page (F1 on any screen): the keys of the screen, its own help text, and
 * the keys every screen shares, shown as a page of text. The loop (app.c) reaches
 * it through a->help, so that the loop knows no screen built on it.
 */
#include "ui/help.h"
#include "ui/keybar.h"
#include "ui/textview.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include <stdlib.h>

void
help_show(struct app *a, struct screen *s)
{
	/* Every key the screens and the line editor (lineedit.c) answer to. */
	static const char *const shared[] = {
		N_("Tab, Enter      next field"),
		N_("Shift-Tab, Up   previous field"),
		N_("PgUp, PgDn      previous or next page"),
		N_("Up, Down        previous or next row of a list"),
		N_("Left, Right     move in the field"),
		N_("Home, ^A        start of the field; first row of a list"),
		N_("End             end of the field; last row of a list"),
		N_("Backspace       delete the character before the cursor"),
		N_("Del             delete the character under the cursor"),
		N_("^U              clear the field"),
		N_("^K              delete from the cursor to the end of the field"),
		N_("F9, ^T          switch between Vietnamese and English"),
		N_("^L              repaint the whole screen"),
		N_("Keys written ^S are Ctrl-S; Alt-S (or Esc then S) does the same."),
	};
	struct strbuf sb;
	sb_init(&sb);
	char *keys = keybar_help_new(s->keys);
	sb_addf(&sb, "%s", keys);
	free(keys);
	if (s->help != NULL)
		sb_addf(&sb, "%s\n", _(s->help));
	sb_addf(&sb, "\n");
	for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
		sb_addf(&sb, "%s\n", _(shared[i]));
	char *text = sb_detach(&sb);
	textview_run(a, _("Keys"), text, NULL);
	free(text);
}
