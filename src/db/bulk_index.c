/*
 * Secondary indexes set aside during a bulk load. Building an index once, by
 * sorting, is far cheaper than updating it for each of millions of rows; but a load
 * runs over many transactions, so the set-aside indexes are written down in
 * pending_index in the same transaction that drops them. If the loader dies, the
 * next process to open the database rebuilds them (owner_pid is how it knows the
 * loader is gone). A batched load sets aside only the non-unique indexes of person:
 * the unique one is what finds duplicates against the stored rows. A first load
 * (import_load.c) has nothing stored to collide with and one transaction: it sets
 * aside all of them, audit's too.
 */
#include "db/db_internal.h"
#include "core/xalloc.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

int
db_indexes_defer(struct db *db, int first_load, char **err)
{
	sqlite3 *conn = db_sqlite(db);
	/* A first load (one transaction into an empty register, duplicates in the file
	 * found as it is read) sets aside every index of person and audit, the unique
	 * one too: nothing it writes needs them before the end. */
	char *defer = xasprintf("INSERT OR IGNORE INTO pending_index (name, sql, owner_pid)"
	    " SELECT name, sql, 0 FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
	    " AND %s;"
	    " UPDATE pending_index SET owner_pid = %d", first_load ?
	    "tbl_name IN ('person', 'audit')" :
	    "tbl_name = 'person' AND sql NOT LIKE 'CREATE UNIQUE%'", (int)getpid());
	int rc = sqlite3_exec(conn, defer, NULL, NULL, NULL);
	free(defer);
	if (rc != SQLITE_OK)
		return db_fail(db, err);
	/* Names first: an index cannot be dropped while a statement reads the schema. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(conn, "SELECT name FROM pending_index", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	char **names = NULL;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		names = xrealloc(names, sizeof(char *) * (size_t)(n + 1));
		names[n++] = xasprintf("DROP INDEX IF EXISTS \"%s\"", sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	rc = DB_OK;
	for (int i = 0; i < n; i++) {
		if (rc == DB_OK && sqlite3_exec(conn, names[i], NULL, NULL, NULL) != SQLITE_OK)
			rc = db_fail(db, err);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Rebuild every pending index (owner_pid 0: any; else only those of a dead owner
 * or of this process), in a transaction of its own or the caller's. */
static int
indexes_rebuild(struct db *db, int only_orphans, int own_txn, char **err)
{
	sqlite3 *conn = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(conn, "SELECT name, sql, owner_pid FROM pending_index", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(db, err);
	int n = 0, cap = 0;
	char **names = NULL, **sqls = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		pid_t owner = (pid_t)sqlite3_column_int(st, 2);
		if (only_orphans && owner != 0 && (kill(owner, 0) == 0 || errno != ESRCH))
			continue;	/* its loader is still at work */
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xrealloc(names, sizeof(char *) * (size_t)cap);
			sqls = xrealloc(sqls, sizeof(char *) * (size_t)cap);
		}
		names[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqls[n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	int rc = DB_OK;
	if (n > 0 && (!own_txn || (rc = db_begin(db, err)) == DB_OK)) {
		for (int i = 0; i < n && rc == DB_OK; i++) {
			char *del = xasprintf("DELETE FROM pending_index WHERE name = '%s'", names[i]);
			/* IF NOT EXISTS: a loader that died after rebuilding some. SQLite
			 * keeps the statement as written: "CREATE [UNIQUE] INDEX name ...". */
			const char *word = strstr(sqls[i], "INDEX");
			int head = word != NULL ? (int)(word - sqls[i]) + 5 : 0;
			char *make = xasprintf("%.*s IF NOT EXISTS%s", head, sqls[i],
			    sqls[i] + head);
			if (sqlite3_exec(conn, make, NULL, NULL, NULL) != SQLITE_OK ||
			    sqlite3_exec(conn, del, NULL, NULL, NULL) != SQLITE_OK)
				rc = db_fail(db, err);
			free(make);
			free(del);
		}
		if (own_txn && rc == DB_OK)
			rc = db_commit(db, err);
		else if (own_txn)
			db_rollback(db);
	}
	for (int i = 0; i < n; i++) {
		free(names[i]);
		free(sqls[i]);
	}
	free(names);
	free(sqls);
	return rc;
}

int
db_indexes_restore(struct db *db, char **err)
{
	return indexes_rebuild(db, 0, 1, err);
}

int
db_indexes_build(struct db *db, char **err)
{
	return indexes_rebuild(db, 0, 0, err);
}

int
db_indexes_recover(struct db *db, char **err)
{
	return indexes_rebuild(db, 1, 1, err);
}
