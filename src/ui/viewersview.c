/*
 * Who looked at my record (viewers.h): a civil servant's view of the audit rows
 * that read or listed their record, newest first.
 */
#include "ui/viewersview.h"
#include "ui/dialog.h"
#include "ui/textview.h"
#include "db/viewers.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
action_label(const char *action)
{
	if (strcmp(action, "view") == 0)
		return _("opened it");
	if (strcmp(action, "refused view") == 0)
		return _("was refused it");
	if (strcmp(action, "search") == 0)
		return _("listed it in a search");
	return _("listed it");
}

void
viewers_show(struct app *a, int64_t person_id)
{
	struct viewer_row *v;
	int n;
	char *err = NULL;
	if (db_viewers_of(a->db, &a->actor, person_id, &v, &n, &err) != DB_OK) {
		dialog_message(a, _("Who looked at my record"), err != NULL ? err : "");
		free(err);
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < n; i++) {
		char at[17];
		if (!showtime_format(v[i].at, at))
			snprintf(at, sizeof at, "%.16s", v[i].at);
		sb_addf(&sb, "%s  %s %s\n", at, v[i].actor, action_label(v[i].action));
	}
	if (n == 0)
		sb_adds(&sb, _("Nobody else has looked at your record."));
	textview_run(a, _("Who looked at my record"), sb.buf, NULL);
	sb_free(&sb);
	free(v);
}
