/*
 * integrity_check reads every page (O(N log N)); it does not look at foreign keys,
 * so foreign_key_check runs as well.
 */
#include "db/check.h"
#include "db/db_internal.h"
#include "db/person_internal.h"
#include "core/strbuf.h"
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
 * An imported person's audit row keeps the file's line and the hash of what was
 * stored, not the record (see person_content_hash). For everyone still as imported
 * (version 1), the row must hash to what the audit row says: a change made behind
 * the program's back shows here, as a broken chain shows a changed audit row.
 */
int
db_check_imported(struct db *db, int64_t *bad_id, int64_t *checked, char **err)
{
	*bad_id = 0;
	*checked = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT p.id, p.id_number, p.full_name,"
	    " p.date_of_birth, p.sex, p.staff_category, p.rank_code, p.position,"
	    " p.employment_status, p.ethnicity, p.religion, o.code, p.data, a.after"
	    " FROM person p JOIN org o ON o.id = p.org_id"
	    " JOIN audit a ON a.entity = 'person' AND a.entity_id = p.id"
	    " AND a.action = 'import' AND a.before IS NULL"
	    " WHERE p.version = 1", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	static const char sha[] = "\"sha256\":\"", blake[] = "\"blake2b\":\"";
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *after = (const char *)sqlite3_column_text(st, 13);
		if (after == NULL)
			continue;
		enum content_hash algo = CONTENT_SHA256;
		const char *h = strstr(after, sha);
		if (h != NULL)
			h += sizeof sha - 1;
		else if ((h = strstr(after, blake)) != NULL) {
			h += sizeof blake - 1;
			algo = CONTENT_BLAKE2B;
		} else
			continue;	/* an older import that kept the whole record */
		const char *cols[PERSON_NCOLUMNS];
		for (int i = 0; i < PERSON_NCOLUMNS; i++)
			cols[i] = (const char *)sqlite3_column_text(st, 1 + i);
		char want[65];
		person_content_hash_of(algo, cols, (const char *)sqlite3_column_text(st, 11),
		    (const char *)sqlite3_column_text(st, 12), want);
		(*checked)++;
		if (strncmp(h, want, 64) != 0) {
			*bad_id = sqlite3_column_int64(st, 0);
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	return DB_OK;
}
