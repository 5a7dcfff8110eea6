/*
 * The connection and the few things every data-layer module shares: the statement
 * cache, write transactions, error messages, roles and scope. What an open does
 * beyond connecting (migrations, index recovery, code lists) is in open.c.
 *
 * Durability: WAL with synchronous=FULL, so that a commit the clerk saw survives a
 * power loss; every write is BEGIN IMMEDIATE so that a writer never has to upgrade a
 * stale read snapshot (SQLITE_BUSY_SNAPSHOT cannot be waited out).
 */
#include "db/db.h"
#include "db/db_internal.h"
#include "core/collate_vi.h"
#include "core/filemode.h"
#include "core/i18n.h"
#include "core/outfile.h"
#include "core/xalloc.h"
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#define STMT_CACHE 64

struct db_stmt_slot {
	char         *sql;	/* a copy: callers may build SQL in reused buffers */
	unsigned      hash;	/* of sql, so a lookup rarely compares whole strings */
	sqlite3_stmt *stmt;
};

struct db {
	sqlite3            *conn;
	struct db_stmt_slot cache[STMT_CACHE];
	int                 ncache;
	int                 in_tx;
	char                audit_head[65];	/* last audit hash, valid inside a transaction */
	struct audit_key   *audit_key;		/* the chain's key once read or made */
	void              (*audit_key_free)(struct audit_key *);
	int                 out_of_space;	/* the last failure was a write the disk refused */
};

struct audit_key *
db_audit_key(struct db *db)
{
	return db->audit_key;
}

void
db_audit_key_set(struct db *db, struct audit_key *k, void (*free_key)(struct audit_key *))
{
	if (db->audit_key != NULL)
		db->audit_key_free(db->audit_key);
	db->audit_key = k;
	db->audit_key_free = free_key;
}

char *
db_audit_head(struct db *db)
{
	return db->audit_head;
}

sqlite3 *
db_sqlite(struct db *db)
{
	return db->conn;
}

static void
note_failure(struct db *db)
{
	/* Remembered now: the rollback that follows clears SQLite's error code. A file
	 * at its size limit (RLIMIT_FSIZE) is an I/O error to SQLite, a full disk
	 * SQLITE_FULL or one too; which it was is the operating system's errno, which
	 * SQLite does not always keep when the write was a cache spill inside a
	 * statement (then errno still holds the failed write's). */
	int saved = errno;
	int code = sqlite3_extended_errcode(db->conn), sys = sqlite3_system_errno(db->conn);
	if (sys == 0)
		sys = saved;
	db->out_of_space = code == SQLITE_FULL || ((code & 0xff) == SQLITE_IOERR &&
	    (sys == ENOSPC || sys == EFBIG || sys == EDQUOT));
}

int
db_fail(struct db *db, char **err)
{
	note_failure(db);
	if (err != NULL)
		*err = db_error_text_new(sqlite3_extended_errcode(db->conn),
		    sqlite3_system_errno(db->conn), sqlite3_errmsg(db->conn));
	return DB_ERROR;
}

int
db_exec(struct db *db, const char *sql, char **err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		note_failure(db);
		if (err != NULL)
			*err = db_error_text_new(sqlite3_extended_errcode(db->conn),
			    sqlite3_system_errno(db->conn), msg);
		sqlite3_free(msg);
		return DB_ERROR;
	}
	return DB_OK;
}

/*
 * Set before SQLite initialises (at the first open). SQLite counts every allocation
 * under a global mutex for sqlite3_memory_used(), which nothing here asks for: a
 * bulk load allocates for every row. Its sorter writes sorted runs of at least 250
 * pages, 8 MiB with our 32 KiB pages, whatever the cache: runs of 32 pages (1 MiB,
 * sorted within the processor's caches) build an index of 2.5 million people about
 * 12% faster.
 */
static void
sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_PMASZ, 32);
}

/* Now, as audit rows and drafts stamp it: UTC, milliseconds. */
void
db_now(char out[32])
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	char base[24];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%s.%03dZ", base, (int)(tv.tv_usec / 1000));
}

/*
 * The database file and its companions: private (a file made by an older hoso,
 * or copied in, may still be 0644: narrowed, and logged), and never a target of
 * a file written on request (core/outfile.h).
 */
void
db_files_guard(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		filemode_tighten(p);
		outfile_protect(p);
		free(p);
	}
}

static int
collate_vi(void *arg, int la, const void *a, int lb, const void *b)
{
	(void)arg;
	return vi_collate(a, (size_t)la, b, (size_t)lb);
}

int
db_connect(const char *path, struct db **out, char **err)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, sqlite_configure);
	struct db *db = xcalloc(1, sizeof *db);
	*out = NULL;
	*err = NULL;
	if (sodium_init() < 0) {
		*err = xstrdup(_("cannot start the cryptography library"));
		free(db);
		return DB_ERROR;
	}
	db_files_guard(path);
	int rc = sqlite3_open_v2(path, &db->conn,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		char *why = db_error_text_new(rc, db->conn ? sqlite3_system_errno(db->conn) : 0,
		    db->conn ? sqlite3_errmsg(db->conn) : NULL);
		*err = xasprintf(_("cannot open database %s: %s"), path, why);
		free(why);
		sqlite3_close(db->conn);
		free(db);
		return DB_ERROR;
	}
	db_busy_default(db);
	sqlite3_extended_result_codes(db->conn, 1);
	/* Names sort in Vietnamese order (db/search.c); SQLite's own is by bytes. */
	sqlite3_create_collation_v2(db->conn, "vi", SQLITE_UTF8, NULL, collate_vi, NULL);
	/* A new database gets 32 KiB pages instead of SQLite's 4 KiB: a national load
	 * writes gigabytes, and at 2.5 million people it ran in 48.6 s instead of 68 s
	 * (16 KiB: 55 s; an eighth of the pages to spill and read back, shallower trees
	 * to sort into). A clerk's save writes a few pages to the WAL: 32 KiB each is
	 * still well under a millisecond. An existing database keeps its size. */
	if (db_exec(db, "PRAGMA page_size=32768;"
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", err) != DB_OK) {
		db_close(db);
		return DB_ERROR;
	}
	*out = db;
	return DB_OK;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	sqlite3_close(db->conn);
	if (db->audit_key != NULL)
		db->audit_key_free(db->audit_key);
	free(db);
}

static unsigned
sql_hash(const char *s)
{
	unsigned h = 2166136261u;	/* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void
db_column_copy(sqlite3_stmt *st, int col, char *out, size_t len)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	snprintf(out, len, "%s", v != NULL ? v : "");
}

sqlite3_stmt *
db_stmt(struct db *db, const char *sql, char **err)
{
	unsigned h = sql_hash(sql);
	for (int i = 0; i < db->ncache; i++) {
		if (db->cache[i].hash == h && strcmp(db->cache[i].sql, sql) == 0) {
			sqlite3_stmt *st = db->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		db_fail(db, err);
		return NULL;
	}
	if (db->ncache == STMT_CACHE) {
		/* Full: drop the oldest. Callers use a statement only until the next call. */
		sqlite3_finalize(db->cache[0].stmt);
		free(db->cache[0].sql);
		memmove(db->cache, db->cache + 1, sizeof db->cache[0] * (STMT_CACHE - 1));
		db->ncache--;
	}
	db->cache[db->ncache].sql = xstrdup(sql);
	db->cache[db->ncache].hash = h;
	db->cache[db->ncache].stmt = st;
	db->ncache++;
	return st;
}

int
db_begin(struct db *db, char **err)
{
	/* The busy handler waits up to its timeout; past that, try a few more times,
	 * since under a storm of writers the fixed back-off can lose every race. */
	for (int attempt = 0; attempt < 5; attempt++) {
		int rc = sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			db->in_tx = 1;
			/* Another process may have appended since our last transaction. */
			db->audit_head[0] = '\0';
			return DB_OK;
		}
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
		usleep(50000);
	}
	if (err != NULL)
		*err = db_error_text_new(sqlite3_extended_errcode(db->conn),
		    sqlite3_system_errno(db->conn), sqlite3_errmsg(db->conn));
	return DB_ERROR;
}

int
db_commit(struct db *db, char **err)
{
	int rc = sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int r = db_fail(db, err);
		db_rollback(db);
		return r;
	}
	db->in_tx = 0;
	return DB_OK;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	db->audit_head[0] = '\0';
}

void
db_actor_system(struct actor *a, const char *session)
{
	memset(a, 0, sizeof *a);
	a->account_id = 0;
	snprintf(a->username, sizeof a->username, "system");
	a->role = ROLE_NATIONAL_ADMIN;
	snprintf(a->org_path, sizeof a->org_path, "/");
	snprintf(a->session, sizeof a->session, "%s", session ? session : "system");
	snprintf(a->lang, sizeof a->lang, "%s", i18n_lang());
}

static const char *const role_names[] = {
	"admin", "agency_admin", "clerk", "viewer", "self"
};

const char *
db_role_name(enum role r)
{
	return (unsigned)r < 5 ? role_names[r] : "?";
}

int
db_role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < 5; i++) {
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum role)i;
			return DB_OK;
		}
	}
	return DB_INVALID;
}

int
db_scope_covers(const struct actor *a, const char *org_path)
{
	/* A self account keeps its agency for the clerks' lists, but the agency is
	 * not what it may read: one person is (db_actor_sees_person). */
	if (a->role == ROLE_SELF)
		return 0;
	if (a->role == ROLE_NATIONAL_ADMIN && strcmp(a->org_path, "/") == 0)
		return 1;
	size_t n = strlen(a->org_path);
	return n > 0 && strncmp(org_path, a->org_path, n) == 0;
}

int
db_actor_sees_person(const struct actor *a, int64_t person_id, const char *org_path)
{
	if (a->role == ROLE_SELF)
		return a->person_id != 0 && a->person_id == person_id;
	return db_scope_covers(a, org_path);
}

void
db_busy_default(struct db *db)
{
	sqlite3_busy_timeout(db->conn, 10000);
}

void
db_bulk(struct db *db, int on)
{
	/* A bulk load touches index pages all over the file: a big page cache keeps
	 * them in memory instead of re-reading them for every row. */
	sqlite3_exec(db->conn, on ? "PRAGMA cache_size = -524288" : "PRAGMA cache_size = -2000",
	    NULL, NULL, NULL);
}

void
db_sort_in_files(struct db *db, int threads)
{
	char *sql = threads > 0 ?
	    xasprintf("PRAGMA temp_store = FILE; PRAGMA threads = %d", threads) :
	    xstrdup("PRAGMA temp_store = MEMORY; PRAGMA threads = 0");
	sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	free(sql);
}

int
db_unique_violation(struct db *db, int rc)
{
	/* The extended code says which constraint; some paths hand back only the
	 * primary code, so ask the connection too. */
	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		return 0;
	int ext = sqlite3_extended_errcode(db->conn);
	return rc == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_UNIQUE ||
	    ext == SQLITE_CONSTRAINT_PRIMARYKEY;
}

int
db_begin_read(struct db *db, char **err)
{
	if (sqlite3_exec(db->conn, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err);
	return DB_OK;
}

int
db_out_of_space(struct db *db)
{
	return db->out_of_space;
}
