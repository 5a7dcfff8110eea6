/*
 * The data-quality reads (quality.h): every person at work in an agency subtree
 * as a record of the fields asked for (columns and the data JSON, as export
 * reads them), and the pairs that look like one person recorded twice (the same
 * folded name and date of birth under two ID numbers), found through the index on
 * (name_key, date_of_birth). Both stay inside the subtree: a pair with one side
 * outside the account's scope is not shown, as that would tell where a person is
 * recorded.
 */
#include "db/quality.h"
#include "db/db_internal.h"
#include "db/person_columns.h"
#include "core/record.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_WORK_P "coalesce(p.employment_status, '') IN ('', 'working', 'on_leave')"

enum { Q_ORG_CODE = PERSON_NCOLUMNS, Q_DATA, Q_VERIFY, Q_ID, Q_PATH };

static void
bind_subtree(sqlite3_stmt *st, const struct org_info *org)
{
	char lo[256], hi[256];
	struct actor a = { 0 };
	snprintf(a.org_path, sizeof a.org_path, "%s", org->path[0] ? org->path : "/");
	db_scope_range(&a, lo, hi);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
}

static void
text_col(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, size, "%s", t != NULL ? (const char *)t : "");
}

int
db_quality_scan(struct db *db, const struct org_info *org, const char *const *fields,
    bool everyone, db_quality_fn fn, void *ctx, char **err)
{
	char *sql = xasprintf("SELECT %s, o.code, p.data, p.verify_state, p.id, o.path FROM org o"
	    " CROSS JOIN person p ON p.org_id = o.id WHERE o.path >= ?1 AND o.path < ?2"
	    " AND %s ORDER BY p.full_name COLLATE vi, p.id", person_sql_fields(),
	    everyone ? "1" : AT_WORK_P);
	sqlite3_stmt *st;
	int ok = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK;
	free(sql);
	if (!ok)
		return db_fail(db, err);
	bind_subtree(st, org);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct record *rec = record_new();
		cJSON *data = cJSON_Parse((const char *)sqlite3_column_text(st, Q_DATA));
		/* Only the fields asked for: a record of all ninety costs more than
		 * the judging (a lookup by name is a walk of the record). */
		for (int i = 0; fields[i] != NULL; i++) {
			const char *name = fields[i];
			int k = person_col_field_index(name);
			const char *v = NULL;
			if (k >= 0)
				v = (const char *)sqlite3_column_text(st, k);
			else if (strcmp(name, "org_code") == 0)
				v = (const char *)sqlite3_column_text(st, Q_ORG_CODE);
			else {
				cJSON *it = cJSON_GetObjectItemCaseSensitive(data, name);
				v = cJSON_IsString(it) ? it->valuestring : NULL;
			}
			if (v != NULL && *v)
				record_set(rec, name, v);
		}
		cJSON_Delete(data);
		struct stat_person who = { 0 };
		who.id = sqlite3_column_int64(st, Q_ID);
		text_col(st, person_col_field_index("id_number"), who.id_number,
		    sizeof who.id_number);
		text_col(st, person_col_field_index("full_name"), who.full_name,
		    sizeof who.full_name);
		text_col(st, Q_ORG_CODE, who.org_code, sizeof who.org_code);
		char sex[4];
		text_col(st, person_col_field_index("sex"), sex, sizeof sex);
		who.sex = sex[0] ? sex[0] : '?';
		text_col(st, person_col_field_index("date_of_birth"), who.date_of_birth,
		    sizeof who.date_of_birth);
		char verify[32];
		text_col(st, Q_VERIFY, verify, sizeof verify);
		int stop = fn(ctx, &who, (const char *)sqlite3_column_text(st, Q_PATH), rec,
		    verify);
		record_free(rec);
		if (stop)
			break;
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

int
db_quality_duplicates(struct db *db, const struct org_info *org,
    struct quality_pair **list, int *n, char **err)
{
	*list = NULL;
	*n = 0;
	/* q.id > p.id: each pair once. The inner look-up is the name index's range. */
	sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.id_number, p.full_name, o.code, p.sex,"
	    " p.date_of_birth, q.id, q.id_number, q.full_name, oq.code"
	    " FROM org o CROSS JOIN person p ON p.org_id = o.id"
	    " JOIN person q ON q.name_key = p.name_key AND q.date_of_birth = p.date_of_birth"
	    "  AND q.id > p.id AND q.id_number <> p.id_number"
	    " JOIN org oq ON oq.id = q.org_id AND oq.path >= ?1 AND oq.path < ?2"
	    " WHERE o.path >= ?1 AND o.path < ?2 ORDER BY p.full_name COLLATE vi, p.id, q.id", err);
	if (st == NULL)
		return DB_ERROR;
	bind_subtree(st, org);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*list = xrealloc(*list, sizeof **list * (size_t)(*n + 1));
		struct quality_pair *d = &(*list)[(*n)++];
		memset(d, 0, sizeof *d);
		d->a.id = sqlite3_column_int64(st, 0);
		text_col(st, 1, d->a.id_number, sizeof d->a.id_number);
		text_col(st, 2, d->a.full_name, sizeof d->a.full_name);
		text_col(st, 3, d->a.org_code, sizeof d->a.org_code);
		const unsigned char *sex = sqlite3_column_text(st, 4);
		d->a.sex = sex != NULL ? (char)sex[0] : '?';
		text_col(st, 5, d->a.date_of_birth, sizeof d->a.date_of_birth);
		d->b = d->a;
		d->b.id = sqlite3_column_int64(st, 6);
		text_col(st, 7, d->b.id_number, sizeof d->b.id_number);
		text_col(st, 8, d->b.full_name, sizeof d->b.full_name);
		text_col(st, 9, d->b.org_code, sizeof d->b.org_code);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}
