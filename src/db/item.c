/*
 * Sub-records under a person: work history, training, salary progression, rewards,
 * discipline, family and the rest, one table keyed by kind. Each kind is a grid of
 * forms/person.json whose row form validates the record; date_from and date_to are
 * columns (for "as of date D" reports), the other fields JSON. Saving a sub-record
 * bumps the person's version so that a concurrent edit of the person notices.
 */
#include "db/person.h"
#include "db/person_internal.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/role.h"
#include "form/form.h"
#include "core/digest.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void
db_records_free(struct record **recs, int n)
{
	for (int i = 0; i < n; i++)
		record_free(recs[i]);
	free(recs);
}

/* The row form of a kind, if the person form has a grid of that kind. */
const struct form *
item_form(const char *kind, char **err)
{
	const struct form *pf = form_get("person", err);
	if (pf == NULL)
		return NULL;
	for (int i = 0; i < pf->ngrids; i++)
		if (strcmp(pf->grids[i].name, kind) == 0)
			return form_get(pf->grids[i].form, err);
	*err = xasprintf(_("there is no kind of sub-record called %s"), kind);
	return NULL;
}

static struct record *
item_from_row(sqlite3_stmt *st)
{
	struct record *r = record_new();
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int64(st, 1);
	record_set(r, "date_from", (const char *)sqlite3_column_text(st, 2));
	record_set(r, "date_to", (const char *)sqlite3_column_text(st, 3));
	cJSON *data = cJSON_Parse((const char *)sqlite3_column_text(st, 4));
	cJSON *it;
	cJSON_ArrayForEach(it, data)
		if (cJSON_IsString(it))
			record_set(r, it->string, it->valuestring);
	cJSON_Delete(data);
	return r;
}

int
db_item_list(struct db *db, const struct actor *who, int64_t person_id, const char *kind,
    struct record ***out, int *n, char **err)
{
	*err = NULL;
	int rc = person_scope(db, who, person_id, NULL, err);
	if (rc == DB_NOTFOUND) {
		/* Someone reaching for sub-records they may not see shows in the trail
		 * as the record's refused views do. */
		char *detail = json_object_new("purpose", "sub-records", "kind", kind, NULL);
		char *e = NULL;
		if (db_audit_event(db, who, "refused view", "person", person_id, detail,
		    &e) != DB_OK) {
			free(*err);
			*err = e;
			rc = DB_ERROR;
		}
		free(detail);
	}
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "SELECT id, version, date_from, date_to, data"
	    " FROM person_item WHERE person_id = ? AND kind = ?"
	    " ORDER BY coalesce(date_from, ''), id", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	int cap = 8, count = 0;
	struct record **v = xmalloc(sizeof *v * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		v[count++] = item_from_row(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_records_free(v, count);
		return db_fail(db, err);
	}
	*out = v;
	*n = count;
	return DB_OK;
}

/* Normalise rec against the kind's form; the JSON of its non-period fields. */
static int
item_prepare(const char *kind, struct record *rec, char **data_json, char **err)
{
	const struct form *f = item_form(kind, err);
	if (f == NULL)
		return DB_INVALID;
	struct form_error *errs = NULL;
	int nerr = form_check_record(f, rec, &errs);
	if (nerr > 0) {
		struct strbuf sb;
		sb_init(&sb);
		for (int i = 0; i < nerr; i++)
			sb_addf(&sb, "%s%s", i ? "\n" : "", errs[i].message);
		form_errors_free(errs, nerr);
		*err = sb_detach(&sb);
		return DB_INVALID;
	}
	const char *from = record_get(rec, "date_from"), *to = record_get(rec, "date_to");
	if (from && to && *from && *to && strcmp(from, to) > 0) {
		*err = xstrdup(_("the period ends before it starts"));
		return DB_INVALID;
	}
	*data_json = item_data_json_new(rec);
	return DB_OK;
}

char *
item_data_json_new(const struct record *rec)
{
	struct strbuf js;
	sb_init(&js);
	sb_addc(&js, '{');
	for (int i = 0; i < rec->n; i++) {
		if (strcmp(rec->names[i], "date_from") == 0 || strcmp(rec->names[i], "date_to") == 0 ||
		    rec->values[i][0] == '\0')
			continue;
		if (js.len > 1)
			sb_addc(&js, ',');
		sb_add_json_str(&js, rec->names[i]);
		sb_addc(&js, ':');
		sb_add_json_str(&js, rec->values[i]);
	}
	sb_addc(&js, '}');
	return sb_detach(&js);
}

int
item_write(struct db *db, const struct actor *who, int64_t person_id, const char *kind,
    struct record *rec, const char *data_json, char **err)
{
	char now[32];
	db_now(now);
	sqlite3_stmt *st;
	if (rec->id == 0)
		st = db_stmt(db, "INSERT INTO person_item (person_id, kind, date_from, date_to,"
		    " data, updated_at, updated_by) VALUES (?1,?2,?3,?4,?5,?6,?7)", err);
	else
		st = db_stmt(db, "UPDATE person_item SET date_from = ?3, date_to = ?4, data = ?5,"
		    " updated_at = ?6, updated_by = ?7, version = version + 1"
		    " WHERE person_id = ?1 AND kind = ?2 AND id = ?8 AND version = ?9", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, record_get(rec, "date_from"));
	db_bind_text_or_null(st, 4, record_get(rec, "date_to"));
	sqlite3_bind_text(st, 5, data_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, who->username, -1, SQLITE_STATIC);
	if (rec->id != 0) {
		sqlite3_bind_int64(st, 8, rec->id);
		sqlite3_bind_int64(st, 9, rec->version);
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	if (sqlite3_changes(db_sqlite(db)) == 0) {
		*err = xstrdup(_("someone else changed this entry since you opened it; reload it"));
		return DB_CONFLICT;
	}
	if (rec->id == 0) {
		rec->id = sqlite3_last_insert_rowid(db_sqlite(db));
		rec->version = 1;
	} else
		rec->version++;
	return DB_OK;
}

void
item_content_hash(int64_t person_id, const char *kind, const char *date_from,
    const char *date_to, const char *data_json, char out[65])
{
	unsigned char bin[32];
	item_content_hash_bin(person_id, kind, date_from, date_to, data_json, bin);
	sodium_bin2hex(out, 65, bin, sizeof bin);
}

void
item_content_hash_bin(int64_t person_id, const char *kind, const char *date_from,
    const char *date_to, const char *data_json, unsigned char out[32])
{
	/* Length-prefixed, so that no choice of values can collide with another; NULL
	 * and "" alike, as the columns store an empty date as NULL. */
	const char *v[] = { kind, date_from, date_to, data_json };
	/* One buffer per thread, kept: a bulk import hashes every row it writes. */
	static _Thread_local struct strbuf sb;
	sb.len = 0;
	sb_add_ull(&sb, (unsigned long long)person_id);
	sb_addc(&sb, ';');
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		const char *x = v[i] != NULL ? v[i] : "";
		size_t n = strlen(x);
		sb_add_ull(&sb, n);
		sb_addc(&sb, ':');
		sb_addn(&sb, x, n);
	}
	digest_sha256(sb.buf, sb.len, out);
}

int
db_item_save(struct db *db, const struct actor *who, int64_t person_id, const char *kind,
    struct record *rec, char **err)
{
	*err = NULL;
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	char *data = NULL;
	int rc = item_prepare(kind, rec, &data, err);
	if (rc != DB_OK)
		return rc;
	if ((rc = person_scope(db, who, person_id, NULL, err)) != DB_OK ||
	    (rc = db_begin(db, err)) != DB_OK) {
		free(data);
		return rc;
	}
	int is_new = rec->id == 0;
	rc = item_write(db, who, person_id, kind, rec, data, err);
	if (rc == DB_OK) {
		sqlite3_stmt *st = db_stmt(db, "UPDATE person SET version = version + 1,"
		    " updated_at = ?, updated_by = ? WHERE id = ?", err);
		char now[32];
		db_now(now);
		if (st == NULL)
			rc = DB_ERROR;
		else {
			sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, who->username, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, person_id);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, err);
			sqlite3_reset(st);
		}
	}
	if (rc == DB_OK) {
		char *after = record_to_json(rec), hash[65];
		char *entity = xasprintf("person_item:%s", kind);
		item_content_hash(person_id, kind, record_get(rec, "date_from"),
		    record_get(rec, "date_to"), data, hash);
		rc = db_audit_row(db, who, is_new ? "insert" : "update", entity, rec->id, NULL,
		    after, hash, err);
		free(entity);
		free(after);
	}
	free(data);
	if (rc != DB_OK) {
		db_rollback(db);
		if (is_new)
			rec->id = 0;
		return rc;
	}
	return db_commit(db, err);
}

int
db_item_delete(struct db *db, const struct actor *who, int64_t person_id, int64_t item_id,
    char **err)
{
	*err = NULL;
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	int rc = person_scope(db, who, person_id, NULL, err);
	if (rc != DB_OK || (rc = db_begin(db, err)) != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "SELECT kind, data FROM person_item WHERE id = ?"
	    " AND person_id = ?", err);
	char *before = NULL, *entity = NULL;
	if (st == NULL) {
		rc = DB_ERROR;
		goto out;
	}
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, person_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		*err = xstrdup(_("that entry no longer exists"));
		rc = DB_NOTFOUND;
		goto out;
	}
	entity = xasprintf("person_item:%s", sqlite3_column_text(st, 0));
	before = xstrdup((const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	st = db_stmt(db, "DELETE FROM person_item WHERE id = ?", err);
	if (st == NULL) {
		rc = DB_ERROR;
		goto out;
	}
	sqlite3_bind_int64(st, 1, item_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_fail(db, err);
		goto out;
	}
	sqlite3_reset(st);
	st = db_stmt(db, "UPDATE person SET version = version + 1 WHERE id = ?", err);
	if (st == NULL) {
		rc = DB_ERROR;
		goto out;
	}
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_step(st);
	sqlite3_reset(st);
	rc = db_audit(db, who, "delete", entity, item_id, before, NULL, err);
out:
	free(before);
	free(entity);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}
