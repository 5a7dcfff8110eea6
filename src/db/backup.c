/*
 * Backups with SQLite's online backup API, their verification, and restores.
 *
 * A backup copies the pages in steps under one read transaction of the source: in
 * WAL mode writers go on meanwhile (their pages go to the WAL, which a checkpoint
 * cannot shorten past the snapshot until the backup ends), and the copy is one
 * moment of the database, never half an import's batch. Without that snapshot
 * SQLite would restart the copy whenever another process wrote, which under a
 * running import would be forever.
 *
 * A restore is the same API the other way round, into the live file: the
 * destination's write transaction lasts the whole copy and commits once, so the
 * server's other connections see the old database or the new one, never a mix,
 * and no file is renamed under them.
 */
#include "db/backup.h"
#include "db/audit_files.h"
#include "db/check.h"
#include "db/db_internal.h"
#include "core/filemode.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pages per step: 8 MiB at the 32 KiB pages of a hoso database. */
#define BACKUP_STEP_PAGES 256
/* How long a restore waits for a writer to finish before it gives up. */
#define RESTORE_BUSY_MS 30000

/* Copy the file at from to the new file to (0600: it is a key), written whole. A
 * missing from is not an error: *copied says. */
static int
key_copy(const char *from, const char *to, int *copied, char **err)
{
	*copied = 0;
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0) {
		if (errno == ENOENT)
			return DB_OK;
		*err = xasprintf(_("cannot read the audit key %s: %s"), from, strerror(errno));
		return DB_ERROR;
	}
	char buf[4096];
	ssize_t n = read(in, buf, sizeof buf);
	close(in);
	if (n <= 0) {
		*err = xasprintf(_("cannot read the audit key %s: %s"), from,
		    n < 0 ? strerror(errno) : _("empty file"));
		return DB_ERROR;
	}
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0 || write(out, buf, (size_t)n) != n || fsync(out) != 0) {
		*err = xasprintf(_("cannot write the audit key %s: %s"), to, strerror(errno));
		if (out >= 0) {
			close(out);
			unlink(to);
		}
		return DB_ERROR;
	}
	close(out);
	*copied = 1;
	return DB_OK;
}

static char *
backup_error(sqlite3 *conn, const char *path, int rc)
{
	return xasprintf(_("cannot back up into %s: %s"), path,
	    conn != NULL ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
}

/* Copy all pages of src into dst ("main" to "main") in steps. */
static int
backup_copy(sqlite3 *dst, sqlite3 *src, db_backup_progress fn, void *arg, int busy_ms)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL)
		return sqlite3_errcode(dst);
	int rc, waited = 0;
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (fn != NULL && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
			int total = sqlite3_backup_pagecount(b);
			fn(arg, total - sqlite3_backup_remaining(b), total);
		}
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if (waited >= busy_ms)
				break;
			sqlite3_sleep(50);
			waited += 50;
		}
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	int frc = sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? frc : rc;
}

/* Witness the head of the trail of the database file at path beside it. */
static int
witness_file(const char *path, int64_t *head, char **err)
{
	struct db *b;
	if (db_connect(path, &b, err) != DB_OK)
		return DB_ERROR;
	int written;
	int rc = db_audit_witness(b, head, &written, err);
	db_close(b);
	return rc;
}

int
db_backup(struct db *db, const char *dest, db_backup_progress fn, void *arg,
    int64_t *head, char **err)
{
	*head = 0;
	/* Made here, not by SQLite: never over an existing file, never through a
	 * link, private from the start. */
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    filemode_file());
	if (fd < 0) {
		*err = xasprintf(_("cannot create the backup %s: %s"), dest, strerror(errno));
		return DB_ERROR;
	}
	close(fd);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		*err = backup_error(dst, dest, rc);
		goto fail;
	}
	if (db_begin_read(db, err) != DB_OK)
		goto fail;
	/* The snapshot starts at the first read, not at BEGIN. */
	if (db_exec(db, "SELECT count(*) FROM sqlite_schema", err) != DB_OK) {
		db_rollback(db);
		goto fail;
	}
	rc = backup_copy(dst, db_sqlite(db), fn, arg, 0);
	db_rollback(db);	/* ends the read transaction: nothing was written */
	if (rc != SQLITE_OK) {
		*err = backup_error(dst, dest, rc);
		goto fail;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		*err = backup_error(dst, dest, SQLITE_ERROR);
		dst = NULL;
		goto fail;
	}
	dst = NULL;
	char *key = audit_file_path_new(db, AUDIT_KEY_SUFFIX);
	char *bkey = xasprintf("%s%s", dest, AUDIT_KEY_SUFFIX);
	int copied;
	rc = key != NULL ? key_copy(key, bkey, &copied, err) : DB_OK;
	free(key);
	if (rc != DB_OK) {
		free(bkey);
		goto fail;
	}
	if (witness_file(dest, head, err) != DB_OK) {
		unlink(bkey);
		free(bkey);
		goto fail;
	}
	free(bkey);
	int64_t live;
	int written;
	char *werr = NULL;
	/* The live trail's witness too; its failure does not spoil the backup. */
	if (db_audit_witness(db, &live, &written, &werr) != DB_OK)
		free(werr);
	return DB_OK;
fail:
	sqlite3_close(dst);
	unlink(dest);
	char *side = xasprintf("%s%s", dest, AUDIT_WITNESS_SUFFIX);
	unlink(side);
	free(side);
	return DB_ERROR;
}

/* How long a backup's audit row waits for the write lock. */
#define BACKUP_AUDIT_WAIT_MS (15 * 60 * 1000)

int
db_backup_audit(struct db *db, const struct actor *who, const char *dest, char **err)
{
	char *detail = json_object_new("dest", dest, NULL);
	sqlite3_busy_timeout(db_sqlite(db), BACKUP_AUDIT_WAIT_MS);
	int rc = db_audit_event(db, who, "backup", "database", 0, detail, err);
	db_busy_default(db);
	free(detail);
	return rc;
}

static int64_t
one_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The key of the database at key_db for the backup b, when none lies beside b. */
static int
borrow_key(struct db *b, const char *path, const char *key_db, char **err)
{
	char *own = xasprintf("%s%s", path, AUDIT_KEY_SUFFIX);
	int have = access(own, F_OK) == 0;
	free(own);
	if (have || key_db == NULL)
		return DB_OK;
	char *kp = xasprintf("%s%s", key_db, AUDIT_KEY_SUFFIX);
	struct audit_key *k = NULL;
	int rc = audit_key_load(kp, &k, err);
	free(kp);
	if (rc == DB_NOTFOUND)
		return DB_OK;
	if (rc != DB_OK)
		return DB_ERROR;
	db_audit_key_set(b, k, audit_key_free);
	return DB_OK;
}

int
db_backup_verify(const char *path, const char *key_db, struct db_backup_verdict *v,
    char **err)
{
	memset(v, 0, sizeof *v);
	struct stat sb;
	if (lstat(path, &sb) != 0) {
		*err = xasprintf(_("no backup file %s: %s"), path, strerror(errno));
		return DB_ERROR;
	}
	if (!S_ISREG(sb.st_mode)) {
		*err = xasprintf(_("%s is not a backup file (not a regular file)"), path);
		return DB_ERROR;
	}
	/* Connected, not opened: a backup is checked as it is, never migrated. */
	struct db *b;
	if (db_connect(path, &b, err) != DB_OK)
		return DB_ERROR;
	int rc = borrow_key(b, path, key_db, err);
	if (rc == DB_OK)
		rc = db_check_integrity(b, &v->problems, err);
	if (rc == DB_OK)
		rc = db_audit_check(b, &v->audit, err);
	v->people = one_int(b, "SELECT count(*) FROM person");
	v->pages = one_int(b, "PRAGMA page_count");
	v->page_size = one_int(b, "PRAGMA page_size");
	db_close(b);
	if (rc != DB_OK)
		db_backup_verdict_clear(v);
	return rc;
}

void
db_backup_verdict_clear(struct db_backup_verdict *v)
{
	free(v->problems);
	v->problems = NULL;
}

int
db_backup_sound(const struct db_backup_verdict *v)
{
	return v->problems == NULL && v->audit.fault == AUDIT_OK;
}

/* Keep path as path.before-restore (over an earlier one); a missing path is fine. */
static int
keep_aside(const char *path, char **err)
{
	char *to = xasprintf("%s.before-restore", path);
	int rc = DB_OK;
	if (rename(path, to) != 0 && errno != ENOENT) {
		*err = xasprintf(_("cannot keep %s aside: %s"), path, strerror(errno));
		rc = DB_ERROR;
	}
	free(to);
	return rc;
}

/* The key beside source becomes the database's; the old witness goes aside (it
 * saw a trail that is no longer the live one). */
static int
restore_files(const char *db_path, const char *source, char **err)
{
	char *skey = xasprintf("%s%s", source, AUDIT_KEY_SUFFIX);
	char *key = xasprintf("%s%s", db_path, AUDIT_KEY_SUFFIX);
	char *tmp = xasprintf("%s.restoring", key);
	char *wit = xasprintf("%s%s", db_path, AUDIT_WITNESS_SUFFIX);
	int copied = 0, rc;
	unlink(tmp);
	rc = key_copy(skey, tmp, &copied, err);
	if (rc == DB_OK && copied && (rc = keep_aside(key, err)) == DB_OK &&
	    rename(tmp, key) != 0) {
		*err = xasprintf(_("cannot write the audit key %s: %s"), key, strerror(errno));
		rc = DB_ERROR;
	}
	if (rc == DB_OK)
		rc = keep_aside(wit, err);
	unlink(tmp);
	free(skey);
	free(key);
	free(tmp);
	free(wit);
	return rc;
}

int
db_restore(const char *db_path, const char *source, const struct actor *who,
    db_backup_progress fn, void *arg, char **err)
{
	struct db *db;
	if (db_open(db_path, &db, err) != DB_OK)
		return DB_ERROR;
	sqlite3 *src = NULL;
	int rc = sqlite3_open_v2(source, &src, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = backup_copy(db_sqlite(db), src, fn, arg, RESTORE_BUSY_MS);
	if (rc != SQLITE_OK) {
		*err = xasprintf(_("cannot restore from %s: %s"), source,
		    src != NULL ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
		if (rc != SQLITE_CANTOPEN && sqlite3_errcode(db_sqlite(db)) != SQLITE_OK) {
			free(*err);
			*err = xasprintf(_("cannot restore from %s: %s"), source,
			    sqlite3_errmsg(db_sqlite(db)));
		}
		sqlite3_close(src);
		db_close(db);
		return DB_ERROR;
	}
	sqlite3_close(src);
	db_close(db);	/* it may hold the old key */
	if (restore_files(db_path, source, err) != DB_OK)
		return DB_ERROR;
	/* Opened again: migrations for a backup of an earlier release, and the key
	 * read afresh. */
	if (db_open(db_path, &db, err) != DB_OK)
		return DB_ERROR;
	char *detail = json_object_new("source", source, NULL);
	rc = db_audit_event(db, who, "restore", "database", 0, detail, err);
	free(detail);
	if (rc == DB_OK) {
		int64_t seq;
		int written;
		rc = db_audit_witness(db, &seq, &written, err);
	}
	db_close(db);
	return rc;
}
