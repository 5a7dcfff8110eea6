/*
 * Opening the database: connect (db.c: pragmas, durability), bring the schema up to
 * date with the numbered migrations of schema.c, rebuild the indexes of a bulk load
 * that died (bulk_index.c), copy the code lists of forms/ in (codes.c). These steps
 * use the connection; the connection knows none of them.
 */
#include "db/db.h"
#include "db/db_internal.h"
#include "db/stat.h"
#include "db/audit_files.h"
#include "db/schema.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <stdio.h>

static int
db_user_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db_sqlite(db), "PRAGMA user_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
db_migrate(struct db *db, char **err)
{
	int have = db_user_version(db);
	if (have < 0)
		return db_fail(db, err);
	if (have > schema_count()) {
		*err = xasprintf(_("the database was written by a newer hoso (schema %d, this "
		    "program knows %d)"), have, schema_count());
		return DB_ERROR;
	}
	if (have == schema_count())
		return DB_OK;
	/* A migration that rebuilds a table drops the old one: with foreign keys on,
	 * that would delete its sub-records first (SQLite's own procedure for changing
	 * a table turns them off; the rows keep their ids, so nothing dangles). */
	db_exec(db, "PRAGMA foreign_keys=OFF", NULL);
	/* A migration may sort a national table into an index (in memory, a million
	 * people took a gigabyte). */
	db_sort_in_files(db, 4);
	int rc = DB_OK;
	for (int n = have + 1; n <= schema_count() && rc == DB_OK; n++) {
		if ((rc = db_begin(db, err)) != DB_OK)
			break;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", n);
		if (db_exec(db, schema_migration(n), err) != DB_OK ||
		    db_exec(db, pragma, err) != DB_OK) {
			db_rollback(db);
			rc = DB_ERROR;
			break;
		}
		rc = db_commit(db, err);
	}
	db_exec(db, "PRAGMA foreign_keys=ON", NULL);
	db_sort_in_files(db, 0);
	return rc;
}

int
db_open(const char *path, struct db **out, char **err)
{
	struct db *db;
	if (db_connect(path, &db, err) != DB_OK)
		return DB_ERROR;
	*out = NULL;
	if (db_migrate(db, err) != DB_OK ||
	    db_indexes_recover(db, err) != DB_OK ||
	    db_codes_sync(db, err) != DB_OK ||
	    db_stat_ensure(db, err) != DB_OK) {
		db_close(db);
		return DB_ERROR;
	}
	/* A new database, and the -wal and -shm its first reads made: to files.group. */
	db_files_guard(path);
	audit_files_guard(path);
	*out = db;
	return DB_OK;
}
