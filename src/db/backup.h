/*
 * Backups of the database file while people keep working, their verification and
 * the restore of one (backup.c). A backup is the database file as one consistent
 * moment saw it, with two companions beside it: DEST.auditkey, a copy of the audit
 * trail's key (the chain cannot be checked, nor written on after a restore,
 * without it), and DEST.witness, the head of the backup's own trail, so that a
 * backup whose last audit rows were cut off shows it when verified.
 */
#ifndef HOSO_DB_BACKUP_H
#define HOSO_DB_BACKUP_H
#include "db/audit.h"
#include "db/db.h"
#include <stdint.h>

/* Told after every step: pages copied so far of total. May be NULL. */
typedef void (*db_backup_progress)(void *arg, int64_t done, int64_t total);

/* Copy db into the new file dest (never over an existing one; created private,
 * core/filemode.h), in steps under one read snapshot, so that writers go on (the
 * WAL grows meanwhile instead). Witnesses db's own trail too. *head: the backup's
 * last audit row (0: none). DB_OK, else DB_ERROR with *err (the partial file
 * removed). */
int db_backup(struct db *db, const char *dest, db_backup_progress fn, void *arg,
    int64_t *head, char **err);

/* The audit row of a backup into dest, written after the copy: it waits as long as
 * a writer holds the database (an import's batch can take minutes), where a
 * person's save would give up after the usual busy timeout. */
int db_backup_audit(struct db *db, const struct actor *who, const char *dest, char **err);

/* What a backup file holds and whether it is sound. */
struct db_backup_verdict {
	char   *problems;	/* PRAGMA integrity_check's findings, NULL when ok */
	struct audit_verdict audit;	/* its trail against its key and witness */
	int64_t people;		/* person rows */
	int64_t pages, page_size;
};
/* Check the backup at path (it must exist: nothing is created) with the key
 * beside it, else with the key of the database at key_db (may be NULL), for a
 * backup whose key was kept apart. DB_OK with *v
 * filled (db_backup_verdict_clear frees it) whatever it found; DB_ERROR when it
 * could not be read at all. */
int  db_backup_verify(const char *path, const char *key_db, struct db_backup_verdict *v,
    char **err);
void db_backup_verdict_clear(struct db_backup_verdict *v);
/* Sound: integrity ok and the trail intact. */
int  db_backup_sound(const struct db_backup_verdict *v);

/* Replace the content of the database at db_path with the backup at source, in
 * one write transaction of the live file (other connections see the old content
 * or the new, never a mix). The caller has verified source, taken a backup of the
 * current file, and made sure nobody is signed in. The key beside source becomes
 * the database's (the old key and witness are kept as <db>.auditkey.before-restore
 * and <db>.witness.before-restore, replacing earlier such), the trail's new head
 * is witnessed, and the restore is audited as who. */
int db_restore(const char *db_path, const char *source, const struct actor *who,
    db_backup_progress fn, void *arg, char **err);
#endif
