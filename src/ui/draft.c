/*
 * Keeping and forgetting drafts of unsaved edits (see draft.h). draft_keep runs
 * while the session is going away: it must not draw, ask, or wait, so it writes
 * one row and logs a failure rather than showing it.
 */
#include "ui/draft.h"
#include "db/draft.h"
#include "core/log.h"

#include <stdlib.h>
#include <string.h>

void
draft_keep(struct app *a, const char *form, int64_t id, int64_t person_id,
    const struct form *f, const struct record *orig, const struct record *rec,
    const char *title)
{
	if (!a->signed_in || a->db == NULL)
		return;
	struct record *changed = record_new();
	int n = 0;
	for (int i = 0; i < f->nfields; i++) {
		const char *name = f->fields[i].name;
		const char *was = orig != NULL ? record_get(orig, name) : NULL;
		const char *now = record_get(rec, name);
		was = was != NULL ? was : "";
		now = now != NULL ? now : "";
		if (strcmp(was, now) == 0)
			continue;
		record_set(changed, name, now);
		n++;
	}
	if (n > 0) {
		char *err = NULL;
		if (db_draft_save(a->db, &a->actor, form, id, orig != NULL ? orig->version : 0,
		    person_id, title, changed, &err) != DB_OK)
			log_warn("draft of %s %lld not kept: %s", form, (long long)id,
			    err != NULL ? err : "?");
		else
			log_info("draft of %s %lld kept for %s (%d fields)", form,
			    (long long)id, a->actor.username, n);
		free(err);
	}
	record_free(changed);
}

void
draft_forget(struct app *a, const char *form, int64_t id)
{
	char *err = NULL;
	if (a->signed_in && db_draft_delete(a->db, &a->actor, form, id, &err) != DB_OK)
		log_warn("draft of %s %lld not removed: %s", form, (long long)id,
		    err != NULL ? err : "?");
	free(err);
}
