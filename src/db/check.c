/*
 * integrity_check reads every page (O(N log N)); it does not look at foreign keys,
 * so foreign_key_check runs as well.
 */
#include "db/check.h"
#include "db/db_internal.h"
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
