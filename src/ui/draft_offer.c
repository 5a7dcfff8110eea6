/*
 * At sign-in, each draft the account left is offered back (see draft.h): restored
 * into its screen, kept for later, or dropped. This flow runs the screens; the
 * screens only keep and forget drafts (draft.c), so neither uses the other back.
 */
#include "ui/draft.h"
#include "ui/dialog.h"
#include "ui/screens.h"
#include "ui/status.h"
#include "db/draft.h"
#include "db/person.h"
#include "core/showtime.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sub-record draft: open its row form with the typed values over the row. */
static void
restore_item(struct app *a, const char *kind, int64_t id, int64_t person_id,
    const struct record *typed, const char *title)
{
	char *err = NULL;
	const struct form *pf = form_get("person", &err);
	const struct form_grid *g = pf != NULL ? form_grid(pf, kind) : NULL;
	if (g == NULL) {
		free(err);
		return;
	}
	char fname[80];
	snprintf(fname, sizeof fname, "item:%s", kind);
	struct record *row = NULL;
	if (id != 0) {
		struct record **rows = NULL;
		int n = 0;
		if (db_item_list(a->db, &a->actor, person_id, kind, &rows, &n, &err) == DB_OK)
			for (int i = 0; i < n && row == NULL; i++)
				if (rows[i]->id == id)
					row = record_dup(rows[i]);
		db_records_free(rows, n);
		free(err);
		if (row == NULL) {
			dialog_message(a, _("Draft"), _("The row no longer exists."));
			draft_forget(a, fname, id);
			return;
		}
	} else
		row = record_new();
	if (item_run(a, person_id, title, g, row, true, typed) == 1)
		draft_forget(a, fname, id);
	record_free(row);
}

void
draft_offer(struct app *a)
{
	struct draft_info *d = NULL;
	int n = 0;
	char *err = NULL;
	if (db_draft_list(a->db, &a->actor, &d, &n, &err) != DB_OK) {
		free(err);
		return;
	}
	for (int i = 0; i < n && a->quit == APP_RUNNING; i++) {
		const struct record *typed = d[i].fields;
		const char *title = d[i].title;
		if (typed == NULL) {
			draft_forget(a, d[i].form, d[i].record_id);
			continue;
		}
		char when[17];
		showtime_format(d[i].saved_at, when);
		char *text = xasprintf(_("You left unsaved changes to \"%s\" (%d fields, "
		    "%s) when the connection was lost. Restore them now?"),
		    title[0] ? title : _("a new record"), typed->n, when);
		const char *buttons[3] = { _("Restore"), _("Later"), _("Drop") };
		int r = dialog_choice(a, _("Unsaved changes"), text, buttons, 3);
		free(text);
		if (r == 0) {
			if (strncmp(d[i].form, "item:", 5) == 0)
				restore_item(a, d[i].form + 5, d[i].record_id, d[i].person_id,
				    typed, title);
			else
				person_run_draft(a, d[i].record_id, typed, d[i].version);
		} else if (r == 2)
			draft_forget(a, d[i].form, d[i].record_id);
	}
	db_drafts_free(d, n);
	status_hint(NULL);
}
