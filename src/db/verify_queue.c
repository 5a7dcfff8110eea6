/*
 * Queuing identity checks (see verify.h). The queue row names the version that was
 * saved; the drain sends the identity as stored when it runs, and an answer is
 * dropped only when a newer version of the person is queued (an edit that does not
 * touch the identity bumps the version without queuing, and must not lose the
 * check).
 */
#include "db/verify.h"
#include "db/db_internal.h"
#include "db/org.h"
#include <string.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

int
db_verify_enqueue(struct db *db, const struct actor *who, int64_t person_id,
    int64_t version, char **err)
{
	char now[32];
	db_now(now);
	sqlite3_stmt *st = db_stmt(db, "INSERT OR IGNORE INTO verify_queue (person_id,"
	    " person_version, officer, queued_at) VALUES (?,?,?,?)", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int64(st, 2, version);
	sqlite3_bind_text(st, 3, who->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	/* Already queued (or answered) for this version: the state stays as it is. */
	if (sqlite3_changes(db_sqlite(db)) == 0)
		return DB_OK;
	st = db_stmt(db, "UPDATE person SET verify_state = 'queued' WHERE id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

int
db_verify_state_counts(struct db *db, const struct actor *who, const char *org_code,
    int64_t counts[VERIFY_NSTATES], char **err)
{
	*err = NULL;
	memset(counts, 0, sizeof(int64_t) * VERIFY_NSTATES);
	struct actor scope = *who;
	if (org_code != NULL && *org_code) {
		struct org_info org;
		int rc = db_org_find(db, org_code, &org, err);
		if (rc != DB_OK)
			return rc;
		if (!db_scope_covers(who, org.path)) {
			free(*err);
			*err = NULL;
			return DB_DENIED;
		}
		snprintf(scope.org_path, sizeof scope.org_path, "%s", org.path);
	}
	char lo[256], hi[256];
	db_scope_range(&scope, lo, hi);
	/* A bulk selection (--all, --org, --stale) opens queue rows without touching
	 * the people: whoever has an open check waits in the queue, whatever the state
	 * their row still shows. */
	sqlite3_stmt *st = db_stmt(db, "SELECT CASE WHEN EXISTS (SELECT 1 FROM verify_queue q"
	    " WHERE q.person_id = p.id AND q.next_at >= 0) THEN 'queued' ELSE p.verify_state"
	    " END AS state, count(*) FROM person p"
	    " JOIN org o ON o.id = p.org_id WHERE o.path >= ? AND o.path < ?"
	    " GROUP BY state", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 0);
		int i = verify_state_parse(state);
		if (i >= 0)
			counts[i] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}
