/*
 * Drafts of unsaved edits (see draft.h). draft_keep runs while the session is
 * going away: it must not draw, ask, or wait, so it writes one row and logs a
 * failure rather than showing it.
 */
#include "ui/draft.h"
#include "ui/dialog.h"
#include "ui/screens.h"
#include "ui/status.h"
#include "db/draft.h"
#include "db/person.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
draft_keep(struct app *a, const char *form, int64_t id, int64_t person_id,
    const struct form *f, const struct record *orig, const struct record *rec,
    const char *title)
{
	if (!a->signed_in || a->db == NULL)
		return;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "version", (double)(orig != NULL ? orig->version : 0));
	cJSON_AddStringToObject(root, "title", title != NULL ? title : "");
	if (person_id != 0)
		cJSON_AddNumberToObject(root, "person", (double)person_id);
	cJSON *fields = cJSON_AddObjectToObject(root, "fields");
	int n = 0;
	for (int i = 0; i < f->nfields; i++) {
		const char *name = f->fields[i].name;
		const char *was = orig != NULL ? record_get(orig, name) : NULL;
		const char *now = record_get(rec, name);
		was = was != NULL ? was : "";
		now = now != NULL ? now : "";
		if (strcmp(was, now) == 0)
			continue;
		cJSON_AddStringToObject(fields, name, now);
		n++;
	}
	char *json = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (n > 0) {
		char *err = NULL;
		if (db_draft_save(a->db, &a->actor, form, id, json, &err) != DB_OK)
			log_warn("draft of %s %lld not kept: %s", form, (long long)id,
			    err != NULL ? err : "?");
		else
			log_info("draft of %s %lld kept for %s (%d fields)", form,
			    (long long)id, a->actor.username, n);
		free(err);
	}
	free(json);
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

/* The typed fields of a draft; NULL if the JSON is not a draft. */
static struct record *
draft_parse(const char *json, int64_t *version, int64_t *person, char **title)
{
	cJSON *root = cJSON_Parse(json);
	cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
	if (!cJSON_IsObject(fields)) {
		cJSON_Delete(root);
		return NULL;
	}
	struct record *r = record_new();
	cJSON *it;
	cJSON_ArrayForEach(it, fields)
		if (cJSON_IsString(it))
			record_set(r, it->string, it->valuestring);
	cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
	cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "person");
	cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "title");
	*version = cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
	*person = cJSON_IsNumber(p) ? (int64_t)p->valuedouble : 0;
	*title = xstrdup(cJSON_IsString(t) ? t->valuestring : "");
	cJSON_Delete(root);
	return r;
}

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
		int64_t version, person;
		char *title = NULL;
		struct record *typed = draft_parse(d[i].data, &version, &person, &title);
		if (typed == NULL) {
			draft_forget(a, d[i].form, d[i].record_id);
			continue;
		}
		char when[40];
		snprintf(when, sizeof when, "%.10s %.5s UTC", d[i].saved_at,
		    strlen(d[i].saved_at) > 11 ? d[i].saved_at + 11 : "");
		char *text = xasprintf(_("You left unsaved changes to \"%s\" (%d fields, "
		    "%s) when the connection was lost. Restore them now?"),
		    title[0] ? title : _("a new record"), typed->n, when);
		const char *buttons[3] = { _("Restore"), _("Later"), _("Drop") };
		int r = dialog_choice(a, _("Unsaved changes"), text, buttons, 3);
		free(text);
		if (r == 0) {
			if (strncmp(d[i].form, "item:", 5) == 0)
				restore_item(a, d[i].form + 5, d[i].record_id, person, typed,
				    title);
			else
				person_run_draft(a, d[i].record_id, typed, version);
		} else if (r == 2)
			draft_forget(a, d[i].form, d[i].record_id);
		record_free(typed);
		free(title);
	}
	db_drafts_free(d, n);
	status_hint(NULL);
}
