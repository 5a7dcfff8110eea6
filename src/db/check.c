/*
 * integrity_check reads every page (O(N log N)); it does not look at foreign keys,
 * so foreign_key_check runs as well.
 */
#include "db/check.h"
#include "db/db_internal.h"
#include "db/import_batch.h"
#include "db/person_internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
db_check_integrity(struct db *db, char **problems, char **err)
{
	*problems = NULL;
	struct strbuf sb;
	sb_init(&sb);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "PRAGMA integrity_check", -1, &st, NULL) !=
	    SQLITE_OK) {
		sb_free(&sb);
		return db_fail(db, err);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(line, "ok") != 0)
			sb_addf(&sb, "%s\n", line);
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db_sqlite(db), "PRAGMA foreign_key_check", -1, &st, NULL) !=
	    SQLITE_OK) {
		sb_free(&sb);
		return db_fail(db, err);
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		sb_addf(&sb, "foreign key: %s row %lld -> %s\n", sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	if (sb.len > 0)
		*problems = sb_detach(&sb);
	sb_free(&sb);
	return DB_OK;
}

/*
 * Every person and sub-record row against its last audit row that wrote it. Such a
 * row carries the content hash of the row as written (row_hash; an import keeps it
 * in "after" as "sha256", or "blake2b" for earlier releases), so a row changed
 * behind the program's back no longer matches, as a changed audit row breaks the
 * chain. A sub-record imported in bulk and not written since has no audit row of
 * its own: the hash its import kept stands in, under its batch's seal. A live
 * row must have one or the other, and a row that is gone must have a "delete"
 * audit row. Rows last written by a release that kept no hash cannot be compared:
 * they are counted, not reported.
 *
 * The sides are read in id order and merged: one pass over each table.
 */

#define AUDIT_WRITES " AND entity_id IS NOT NULL AND (row_hash IS NOT NULL OR" \
	" action IN ('import', 'insert', 'update', 'delete'))" \
	" GROUP BY entity_id ORDER BY entity_id"

/* SQLite takes the bare columns of the row that has the max(seq). */
static const char person_audit_sql[] = "SELECT entity_id, max(seq), action, row_hash,"
    " after FROM audit WHERE entity = 'person'" AUDIT_WRITES;
static const char item_audit_sql[] = "SELECT entity_id, max(seq), action, row_hash,"
    " after FROM audit WHERE entity >= 'person_item:' AND entity < 'person_item;'"
    AUDIT_WRITES;
/* "SELECT p.id, <person_sql_fields>, o.code, p.data": */
static const char person_live_from[] = " FROM person p JOIN org o ON o.id = p.org_id"
    " ORDER BY p.id";
enum { LIVE_FIELDS = 1, LIVE_ORG_CODE = LIVE_FIELDS + PERSON_NCOLUMNS, LIVE_DATA };
static const char item_live_sql[] = "SELECT id, person_id, kind, date_from, date_to, data"
    " FROM person_item ORDER BY id";


/* The hash the audit row vouches for, and by which algorithm; 0 when it has none. */
static int
vouched_hash(sqlite3_stmt *au, enum content_hash *algo, char out[65])
{
	const char *rh = (const char *)sqlite3_column_text(au, 3);
	*algo = CONTENT_SHA256;
	if (rh != NULL) {
		snprintf(out, 65, "%s", rh);
		return 1;
	}
	const char *action = (const char *)sqlite3_column_text(au, 2);
	const char *after = (const char *)sqlite3_column_text(au, 4);
	if (after == NULL || strcmp(action, "import") != 0)
		return 0;
	static const char sha[] = "\"sha256\":\"", blake[] = "\"blake2b\":\"";
	const char *h = strstr(after, sha);
	if (h != NULL)
		h += sizeof sha - 1;
	else if ((h = strstr(after, blake)) != NULL) {
		h += sizeof blake - 1;
		*algo = CONTENT_BLAKE2B;
	} else
		return 0;	/* an older import that kept the whole record */
	if (strlen(h) < 64)
		return 0;
	memcpy(out, h, 64);
	out[64] = '\0';
	return 1;
}

static void
live_hash(int items, sqlite3_stmt *lv, enum content_hash algo, char out[65])
{
	if (items) {
		item_content_hash(sqlite3_column_int64(lv, 1),
		    (const char *)sqlite3_column_text(lv, 2),
		    (const char *)sqlite3_column_text(lv, 3),
		    (const char *)sqlite3_column_text(lv, 4),
		    (const char *)sqlite3_column_text(lv, 5), out);
		return;
	}
	const char *cols[PERSON_NCOLUMNS];
	for (int i = 0; i < PERSON_NCOLUMNS; i++)
		cols[i] = (const char *)sqlite3_column_text(lv, LIVE_FIELDS + i);
	person_content_hash_of(algo, cols, (const char *)sqlite3_column_text(lv, LIVE_ORG_CODE),
	    (const char *)sqlite3_column_text(lv, LIVE_DATA), out);
}

static void
finding(struct row_findings *f, enum row_fault fault, int64_t id, int64_t seq)
{
	if (f->bad++ == 0) {
		f->fault = fault;
		f->bad_id = id;
		f->audit_seq = seq;
	}
}

/* The live row (lv) against the hash its import kept, under its seal. */
static void
compare_kept(struct row_findings *f, sqlite3_stmt *lv, const unsigned char *kept,
    int64_t seal, int intact, int64_t id)
{
	if (!intact) {
		finding(f, ROW_CHANGED, id, seal);
		return;
	}
	unsigned char have[32];
	item_content_hash_bin(sqlite3_column_int64(lv, 1),
	    (const char *)sqlite3_column_text(lv, 2),
	    (const char *)sqlite3_column_text(lv, 3),
	    (const char *)sqlite3_column_text(lv, 4),
	    (const char *)sqlite3_column_text(lv, 5), have);
	f->checked++;
	if (memcmp(kept, have, IMPORT_HASH_BYTES) != 0)
		finding(f, ROW_CHANGED, id, seal);
}

int
db_check_rows(struct db *db, int items, struct row_findings *f, char **err)
{
	memset(f, 0, sizeof *f);
	sqlite3_stmt *lv = NULL, *au = NULL;
	struct kept_rows *kept = NULL;
	if (items && kept_rows_open(db, &kept, err) != DB_OK)
		return DB_ERROR;
	char *person_live_sql = xasprintf("SELECT p.id, %s, o.code, p.data%s",
	    person_sql_fields(), person_live_from);
	int ok = sqlite3_prepare_v2(db_sqlite(db), items ? item_live_sql : person_live_sql,
	    -1, &lv, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db_sqlite(db), items ? item_audit_sql : person_audit_sql, -1,
	    &au, NULL) == SQLITE_OK;
	free(person_live_sql);
	if (!ok) {
		sqlite3_finalize(lv);
		sqlite3_finalize(au);
		kept_rows_free(kept);
		return db_fail(db, err);
	}
	int rl = sqlite3_step(lv), ra = sqlite3_step(au);
	int64_t kid = 0, seal = 0;
	const unsigned char *khash = NULL;
	int intact = 0;
	int rk = items ? kept_rows_next(kept, &kid, &khash, &seal, &intact, err) : 0;
	while (rk >= 0 && (rl == SQLITE_ROW || ra == SQLITE_ROW || rk == 1)) {
		int64_t lid = rl == SQLITE_ROW ? sqlite3_column_int64(lv, 0) : INT64_MAX;
		int64_t aid = ra == SQLITE_ROW ? sqlite3_column_int64(au, 0) : INT64_MAX;
		int64_t iid = rk == 1 ? kid : INT64_MAX;
		int64_t id = lid < aid ? lid : aid;
		if (iid < id)
			id = iid;
		if (aid == id) {
			/* The last audit row that wrote it: a change or delete after the
			 * import, or an import of an earlier release. */
			int64_t seq = sqlite3_column_int64(au, 1);
			const char *action = (const char *)sqlite3_column_text(au, 2);
			int deleted = strcmp(action, "delete") == 0;
			enum content_hash algo;
			char want[65], have[65];
			if (lid != id) {
				/* Gone: on purpose only with a delete row. A sub-record last
				 * written by an earlier release may have gone with its person,
				 * unaudited. */
				if (!deleted && !(items && sqlite3_column_type(au, 3) == SQLITE_NULL))
					finding(f, ROW_DELETED, id, seq);
			} else if (deleted)
				finding(f, ROW_UNAUDITED, id, seq);
			else if (!vouched_hash(au, &algo, want))
				f->unverifiable++;
			else {
				f->checked++;
				live_hash(items, lv, algo, have);
				if (strcmp(want, have) != 0)
					finding(f, ROW_CHANGED, id, seq);
			}
		} else if (iid == id) {
			/* Imported in bulk and not written since: its kept hash. */
			if (lid == id)
				compare_kept(f, lv, khash, seal, intact, id);
			else
				finding(f, ROW_DELETED, id, seal);
		} else
			/* Written without the program: no audit row ever wrote it. */
			finding(f, ROW_UNAUDITED, id, 0);
		if (lid == id)
			rl = sqlite3_step(lv);
		if (aid == id)
			ra = sqlite3_step(au);
		if (iid == id)
			rk = kept_rows_next(kept, &kid, &khash, &seal, &intact, err);
	}
	sqlite3_finalize(lv);
	sqlite3_finalize(au);
	kept_rows_free(kept);
	if (rk < 0)
		return DB_ERROR;
	if ((rl != SQLITE_DONE && rl != SQLITE_ROW) || (ra != SQLITE_DONE && ra != SQLITE_ROW))
		return db_fail(db, err);
	return DB_OK;
}

int
db_check_imported(struct db *db, int64_t *bad_id, int64_t *checked, char **err)
{
	struct row_findings f;
	int rc = db_check_rows(db, 0, &f, err);
	*bad_id = f.bad_id;
	*checked = f.checked;
	return rc;
}
