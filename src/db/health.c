/* The database's size and quick check for hoso health (health.h). */
#include "db/health.h"
#include "db/db_internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int
pragma_int(struct db *db, const char *sql, int64_t *out, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? DB_OK : db_fail(db, err);
}

int
db_size_get(struct db *db, struct db_size *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (pragma_int(db, "PRAGMA page_count", &out->pages, err) != DB_OK ||
	    pragma_int(db, "PRAGMA page_size", &out->page_size, err) != DB_OK ||
	    pragma_int(db, "PRAGMA freelist_count", &out->free_pages, err) != DB_OK)
		return DB_ERROR;
	const char *f = sqlite3_db_filename(db_sqlite(db), "main");
	if (f != NULL && *f) {
		char *wal = xasprintf("%s-wal", f);
		struct stat sb;
		if (stat(wal, &sb) == 0)
			out->wal_bytes = (int64_t)sb.st_size;
		free(wal);
	}
	return DB_OK;
}

int
db_quick_check(struct db *db, char **problems, char **err)
{
	*problems = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	struct strbuf sb;
	sb_init(&sb);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line != NULL && strcmp(line, "ok") != 0)
			sb_addf(&sb, "%s\n", line);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sb_free(&sb);
		return db_fail(db, err);
	}
	if (sb.len > 0)
		*problems = sb_detach(&sb);
	sb_free(&sb);
	return DB_OK;
}
