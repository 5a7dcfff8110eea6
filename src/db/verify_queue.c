/*
 * Queuing identity checks (see verify.h). The queue row names the version that was
 * saved; the drain sends the identity as stored when it runs and records the result
 * only if the person still has that version, so a later edit queues its own check.
 */
#include "db/verify.h"
#include "db/db_internal.h"
#include <stddef.h>

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
	st = db_stmt(db, "UPDATE person SET verify_state = 'queued' WHERE id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}
