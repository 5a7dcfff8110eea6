/*
 * Helpers shared by the data-layer modules; not for use outside src/db/.
 */
#ifndef HOSO_DB_INTERNAL_H
#define HOSO_DB_INTERNAL_H
#include "db/db.h"
#include <stddef.h>
#include <stdint.h>

/* Connect with the program's pragmas (db.c); db_open (open.c) does the rest. */
int  db_connect(const char *path, struct db **out, char **err);
/* The database file and its companions made private and kept from outfile (db.c). */
void db_files_guard(const char *path);
/* Run SQL without results (pragmas, migrations). */
int  db_exec(struct db *db, const char *sql, char **err);
/* Copy the code lists of forms/codes into the code table when they changed. */
int  db_codes_sync(struct db *db, char **err);
/* Append one audit row inside the caller's transaction. before/after are JSON or
 * NULL. */
int  db_audit(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    char **err);
/* The same at a given time (db_now's form; NULL: now): a bulk load stamps a chunk of
 * rows with one reading of the clock. */
int  db_audit_at(struct db *db, const struct actor *who, const char *when,
    const char *action, const char *entity, int64_t entity_id, const char *before,
    const char *after, char **err);
/* A write of a person or sub-record row: row_hash is the content hash of the row as
 * written (person_content_hash, item_content_hash), which hoso check compares the
 * live row with. */
int  db_audit_row(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    const char row_hash[65], char **err);
/* The audit row, then COMMIT; on any failure the transaction is rolled back. */
int  db_audit_commit(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    char **err);
/* Current UTC time as RFC 3339 into out[32]. */
void db_now(char out[32]);
/* Bind a possibly empty string: empty binds NULL. */
int  db_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* Scope SQL: the org path range the actor sees, as two bound strings lo <= path < hi. */
void db_scope_range(const struct actor *a, char lo[256], char hi[256]);
/* The chain head cached for the current transaction (65 bytes; "" = unknown). */
char *db_audit_head(struct db *db);
/* The chain's key (audit_files.h) once read or made, else NULL; _set hands it to
 * the connection, which frees it with free_key at close (the connection knows
 * nothing of the audit's files: the audit sits above it). */
struct audit_key *db_audit_key(struct db *db);
void  db_audit_key_set(struct db *db, struct audit_key *k,
    void (*free_key)(struct audit_key *));
/* Bulk-load mode on or off (a large page cache for imports). */
void db_bulk(struct db *db, int on);
/* Big sorts (index builds) in temporary files with that many sorter threads, or
 * with 0 back to the connection's usual: in memory, no threads. */
void db_sort_in_files(struct db *db, int threads);
/* Bulk loads (bulk_index.c): set indexes aside inside the caller's transaction
 * (the non-unique ones of person; on a first load, every index of person and
 * audit); rebuild them (own transaction); rebuild those of a loader that died (at
 * open). */
int  db_indexes_defer(struct db *db, int first_load, char **err);
int  db_indexes_restore(struct db *db, char **err);
int  db_indexes_recover(struct db *db, char **err);
/* Rebuild the set-aside indexes inside the caller's transaction. */
int  db_indexes_build(struct db *db, char **err);
/* Headcounts (stat.c), inside the caller's transaction: a first load sets the
 * triggers that keep them aside, then counts everyone once and puts them back. */
int  db_stat_suspend(struct db *db, char **err);
int  db_stat_recount(struct db *db, char **err);
/* The agency tree changed (org.c): its ancestor lists follow, inside the caller's
 * transaction, and the counts are made again if an agency moved. */
int  db_stat_tree_sync(struct db *db, char **err);
/* People are about to move as the table moves (person_id, from_org, to_org) says:
 * their counts leave the old agencies' ancestors for the new ones'. Call with the
 * triggers suspended (db_stat_suspend ... db_stat_resume) around the update. */
int  db_stat_people_move(struct db *db, const char *moves, char **err);
/* Put back the triggers db_stat_suspend took away, without counting. */
int  db_stat_resume(struct db *db, char **err);
/* The same when the caller has moved the counts itself (db_stat_subtree_move for
 * each agency it moved, the triggers for each person): no recount. */
int  db_stat_tree_sync_kept(struct db *db, char **err);
/* Agency org_id (with its subtree) is about to go under new_parent_id: its counts
 * leave its ancestors for the new ones. Before the ancestor lists change. */
int  db_stat_subtree_move(struct db *db, int64_t org_id, int64_t new_parent_id,
    char **err);
/* The connection's usual busy timeout, after a call that wanted none. */
void db_busy_default(struct db *db);
/* Did the statement that returned rc break a UNIQUE constraint? */
int  db_unique_violation(struct db *db, int rc);
/* A read transaction (deferred BEGIN), ended with db_commit: many reads under one
 * snapshot and one file lock instead of a lock round-trip per statement. For batch
 * work only: never hold one while a person types (it stalls checkpoints). */
int  db_begin_read(struct db *db, char **err);
/* The one answer for a person who is missing and one outside the actor's scope
 * (scope must not reveal that a record exists; an internal row number is never
 * shown). A message id: translate with _(). */
#define DB_MSG_NO_PERSON N_("no such person among the records this account may see")
/* The one answer, on the agency field, for a person this account may not write: the
 * agency is outside its scope, or the ID number is recorded under such an agency
 * (which it must not learn, nor may the record become a second one of the person). */
#define DB_MSG_NOT_WRITABLE N_("this record cannot be written by this account")
/* A text column copied into a fixed buffer, "" for NULL, cut to len. */
void db_column_copy(sqlite3_stmt *st, int col, char *out, size_t len);
#endif
