/*
 * The draft table (see draft.h). Writes are single statements, each its own short
 * transaction: a draft is saved while the session is going away, so it must not
 * wait behind anything long.
 */
#include "db/draft.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
need_account(const struct actor *who, char **err)
{
	if (who->account_id > 0)
		return DB_OK;
	*err = xstrdup(_("drafts belong to a signed-in account"));
	return DB_INVALID;
}

static char *
draft_json_new(int64_t version, int64_t person_id, const char *title,
    const struct record *fields)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "version", (double)version);
	cJSON_AddStringToObject(root, "title", title != NULL ? title : "");
	if (person_id != 0)
		cJSON_AddNumberToObject(root, "person", (double)person_id);
	cJSON *obj = cJSON_AddObjectToObject(root, "fields");
	for (int i = 0; i < fields->n; i++) {
		const char *v = fields->values[i];
		cJSON_AddStringToObject(obj, fields->names[i], v != NULL ? v : "");
	}
	char *json = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return json;
}

/* The stored JSON into d; d->fields stays NULL if it is not a draft. */
static void
draft_parse(const char *json, struct draft_info *d)
{
	cJSON *root = cJSON_Parse(json);
	cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
	if (!cJSON_IsObject(fields)) {
		cJSON_Delete(root);
		return;
	}
	d->fields = record_new();
	cJSON *it;
	cJSON_ArrayForEach(it, fields)
		if (cJSON_IsString(it))
			record_set(d->fields, it->string, it->valuestring);
	cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
	cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "person");
	cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "title");
	d->version = cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
	d->person_id = cJSON_IsNumber(p) ? (int64_t)p->valuedouble : 0;
	d->title = xstrdup(cJSON_IsString(t) ? t->valuestring : "");
	cJSON_Delete(root);
}

int
db_draft_save(struct db *db, const struct actor *who, const char *form,
    int64_t record_id, int64_t version, int64_t person_id, const char *title,
    const struct record *fields, char **err)
{
	*err = NULL;
	int rc = need_account(who, err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO draft"
	    " (account_id, form, record_id, data, saved_at) VALUES (?, ?, ?, ?, ?)", err);
	if (st == NULL)
		return DB_ERROR;
	char *data = draft_json_new(version, person_id, title, fields);
	char now[32];
	db_now(now);
	sqlite3_bind_int64(st, 1, who->account_id);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, record_id);
	sqlite3_bind_text(st, 4, data, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(data);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

int
db_draft_list(struct db *db, const struct actor *who, struct draft_info **out,
    int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	int rc = need_account(who, err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "SELECT form, record_id, saved_at, data FROM draft"
	    " WHERE account_id = ? ORDER BY saved_at DESC", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, who->account_id);
	int cap = 0;
	struct draft_info *v = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		struct draft_info *d = &v[(*n)++];
		memset(d, 0, sizeof *d);
		snprintf(d->form, sizeof d->form, "%s", sqlite3_column_text(st, 0));
		d->record_id = sqlite3_column_int64(st, 1);
		snprintf(d->saved_at, sizeof d->saved_at, "%s", sqlite3_column_text(st, 2));
		draft_parse((const char *)sqlite3_column_text(st, 3), d);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		db_drafts_free(v, *n);
		*n = 0;
		return db_fail(db, err);
	}
	*out = v;
	return DB_OK;
}

int
db_draft_delete(struct db *db, const struct actor *who, const char *form,
    int64_t record_id, char **err)
{
	*err = NULL;
	int rc = need_account(who, err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM draft"
	    " WHERE account_id = ? AND form = ? AND record_id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, who->account_id);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, record_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

void
db_drafts_free(struct draft_info *d, int n)
{
	for (int i = 0; i < n; i++) {
		free(d[i].title);
		record_free(d[i].fields);
	}
	free(d);
}
