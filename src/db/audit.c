/*
 * The audit trail: one row per insert, update, delete, view, search and sign-in,
 * written in the same transaction as the change it records. Each row carries the
 * hash of the previous row's hash and its own fields, so that changing or removing
 * any row breaks every later link (db_audit_verify finds the first). Because SQLite
 * has one writer at a time, appends cannot race.
 *
 * The link is an HMAC-SHA-256 with the key of <db>.auditkey (audit_key.c) from the
 * row the key file names on, so that a chain rewritten without the key cannot be
 * re-hashed; rows written before the key existed keep their plain SHA-256 links.
 * A row that writes a person or sub-record carries row_hash, the content hash of
 * the row as written, inside its link: hoso check compares each live row with it.
 * The head is anchored outside the database by the witness (audit_witness.c), so
 * that deleting the last rows, or re-hashing the whole chain, shows too.
 */
#include "db/audit.h"
#include "db/audit_files.h"
#include "db/db_internal.h"
#include "core/digest.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* n in decimal, then sep (what "%lld" and the separator printed). */
static void
put_number(struct strbuf *sb, long long n, char sep)
{
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	if (n < 0)
		sb_addc(sb, '-');
	sb_add_ull(sb, u);
	sb_addc(sb, sep);
}

static int audit_append(struct db *db, const struct actor *who, const char *when,
    const char *action, const char *entity, int64_t entity_id, const char *before,
    const char *after, const char *row_hash, char **err);

/* Length-prefixed fields, so that no choice of values can collide with another:
 * "<decimal length>:<bytes>;" or "-;" for NULL. */
static void
put_field(struct strbuf *sb, const char *v)
{
	if (v == NULL) {
		sb_addn(sb, "-;", 2);
		return;
	}
	size_t len = strlen(v);
	put_number(sb, (long long)len, ':');
	sb_addn(sb, v, len);
	sb_addc(sb, ';');
}

void
audit_hash(const struct audit_key *key, const char *prev, const char *at,
    const char *actor, const char *session, const char *action, const char *entity,
    long long entity_id, int has_id, const char *before, const char *after,
    const char *row_hash, char out[65])
{
	/* The fields serialised once and hashed in one call: feeding the digest piece
	 * by piece cost more than the hashing. */
	struct strbuf sb;
	sb_init(&sb);
	put_field(&sb, prev);
	put_field(&sb, at);
	put_field(&sb, actor);
	put_field(&sb, session);
	put_field(&sb, action);
	put_field(&sb, entity);
	if (has_id)
		put_number(&sb, entity_id, ';');
	else
		sb_addn(&sb, "-;", 2);
	put_field(&sb, before);
	put_field(&sb, after);
	/* Rows of earlier releases have none: their serialisation stays as it was. */
	if (row_hash != NULL)
		put_field(&sb, row_hash);
	if (key != NULL)
		audit_key_mac(key, sb.buf, sb.len, out);
	else
		digest_sha256_hex(sb.buf, sb.len, out);
	sb_free(&sb);
}

/* The chain's key for writing: read, or made on the first write that finds none
 * (inside the write transaction, so that no other writer appends meanwhile: the
 * key starts at the next row). NULL for an in-memory database. */
/* The columns audit_row_link reads, in its order. */
#define AUDIT_ROW_COLUMNS "seq, at, actor, session, action, entity, entity_id, before," \
	" after, prev_hash, hash, row_hash"

/* The link of the audit row st stands on (selected as AUDIT_ROW_COLUMNS), after
 * prev, with key (NULL: plain SHA-256, as rows before the key). */
static void
audit_row_link(sqlite3_stmt *st, const struct audit_key *key, const char *prev,
    char out[65])
{
	audit_hash(key, prev,
	    (const char *)sqlite3_column_text(st, 1),
	    (const char *)sqlite3_column_text(st, 2),
	    (const char *)sqlite3_column_text(st, 3),
	    (const char *)sqlite3_column_text(st, 4),
	    (const char *)sqlite3_column_text(st, 5),
	    sqlite3_column_int64(st, 6), sqlite3_column_type(st, 6) != SQLITE_NULL,
	    (const char *)sqlite3_column_text(st, 7),
	    (const char *)sqlite3_column_text(st, 8),
	    (const char *)sqlite3_column_text(st, 11), out);
}

/*
 * Is the trail's last row linked without a key (or is there none)? Then the trail
 * was written by a release before keys, and keying may start after it. A last row
 * that only a key explains means the key file went missing (a database copied or
 * renamed without it): a new key would make every earlier row look tampered.
 */
static int
audit_head_unkeyed(struct db *db, bool *unkeyed, char **err)
{
	*unkeyed = true;
	sqlite3_stmt *st = db_stmt(db, "SELECT " AUDIT_ROW_COLUMNS " FROM audit"
	    " ORDER BY seq DESC LIMIT 1", err);
	if (st == NULL)
		return DB_ERROR;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		char h[65];
		const char *prev = (const char *)sqlite3_column_text(st, 9);
		const char *stored = (const char *)sqlite3_column_text(st, 10);
		audit_row_link(st, NULL, prev != NULL ? prev : "", h);
		*unkeyed = stored != NULL && strcmp(stored, h) == 0;
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return db_fail(db, err);
	return DB_OK;
}

static int
audit_key_ready(struct db *db, struct audit_key **key, char **err)
{
	if ((*key = db_audit_key(db)) != NULL)
		return DB_OK;
	char *path = audit_file_path_new(db, AUDIT_KEY_SUFFIX);
	if (path == NULL)
		return DB_OK;
	struct audit_key *k = NULL;
	int rc = audit_key_load(path, &k, err);
	bool unkeyed = true;
	if (rc == DB_NOTFOUND && audit_head_unkeyed(db, &unkeyed, err) != DB_OK)
		rc = DB_ERROR;
	else if (rc == DB_NOTFOUND && !unkeyed) {
		*err = xasprintf(_("the audit trail's key %s is missing: put it back beside the "
		    "database (it belongs with it, in backups and copies too); nothing was "
		    "written"), path);
		rc = DB_ERROR;
	}
	if (rc == DB_NOTFOUND) {
		sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(max(seq), 0) + 1 FROM audit",
		    err);
		rc = DB_ERROR;
		if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
			rc = audit_key_create(path, sqlite3_column_int64(st, 0), &k, err);
		else if (st != NULL)
			rc = db_fail(db, err);
		if (st != NULL)
			sqlite3_reset(st);
	}
	free(path);
	if (rc != DB_OK)
		return DB_ERROR;
	db_audit_key_set(db, k, audit_key_free);
	*key = k;
	return DB_OK;
}

int
db_audit(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    char **err)
{
	return db_audit_at(db, who, NULL, action, entity, entity_id, before, after, err);
}

int
db_audit_row(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    const char row_hash[65], char **err)
{
	return audit_append(db, who, NULL, action, entity, entity_id, before, after,
	    row_hash, err);
}

int
db_audit_at(struct db *db, const struct actor *who, const char *when, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    char **err)
{
	return audit_append(db, who, when, action, entity, entity_id, before, after, NULL,
	    err);
}

static int
audit_append(struct db *db, const struct actor *who, const char *when, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    const char *row_hash, char **err)
{
	struct audit_key *key;
	if (audit_key_ready(db, &key, err) != DB_OK)
		return DB_ERROR;
	/* Inside one transaction we hold the write lock: nobody else can append, so the
	 * head read once stays right (a bulk import appends millions of rows). */
	char *head = db_audit_head(db);
	char prev[65] = GENESIS;
	sqlite3_stmt *st;
	if (head[0])
		memcpy(prev, head, sizeof prev);
	else {
		st = db_stmt(db, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", err);
		if (st == NULL)
			return DB_ERROR;
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}

	char at[32], hash[65];
	if (when != NULL)
		snprintf(at, sizeof at, "%s", when);
	else
		db_now(at);
	int has_id = entity_id != 0;
	audit_hash(key, prev, at, who->username, who->session, action, entity,
	    (long long)entity_id, has_id, before, after, row_hash, hash);

	st = db_stmt(db, "INSERT INTO audit (at, actor, session, action, entity, entity_id,"
	    " before, after, prev_hash, hash, row_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)", err);
	if (st == NULL)
		return DB_ERROR;
	/* Every value outlives the step below, and every call binds all eleven: SQLite
	 * need not copy them. */
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, who->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who->session, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, entity, -1, SQLITE_STATIC);
	if (has_id)
		sqlite3_bind_int64(st, 6, entity_id);
	else
		sqlite3_bind_null(st, 6);
	sqlite3_bind_text(st, 7, before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, after, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, hash, 64, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, row_hash, row_hash != NULL ? 64 : -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		head[0] = '\0';
		return db_fail(db, err);
	}
	memcpy(head, hash, 65);
	return DB_OK;
}

int
db_audit_event(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *detail, char **err)
{
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	if (db_audit(db, who, action, entity, entity_id, NULL, detail, err) != DB_OK) {
		db_rollback(db);
		return DB_ERROR;
	}
	return db_commit(db, err);
}

int
db_audit_commit(struct db *db, const struct actor *who, const char *action,
    const char *entity, int64_t entity_id, const char *before, const char *after,
    char **err)
{
	if (db_audit(db, who, action, entity, entity_id, before, after, err) != DB_OK) {
		db_rollback(db);
		return DB_ERROR;
	}
	return db_commit(db, err);
}

/* The chain's key for checking: the one this connection holds, else the file's,
 * else none (*key NULL: every row is checked as unkeyed, so a keyed row fails). */
static int
audit_key_for_check(struct db *db, struct audit_key **key, bool *missing, char **err)
{
	*missing = false;
	if ((*key = db_audit_key(db)) != NULL)
		return DB_OK;
	char *path = audit_file_path_new(db, AUDIT_KEY_SUFFIX);
	if (path == NULL)
		return DB_OK;
	struct audit_key *k = NULL;
	int rc = audit_key_load(path, &k, err);
	free(path);
	if (rc == DB_NOTFOUND) {
		bool unkeyed;
		if (audit_head_unkeyed(db, &unkeyed, err) != DB_OK)
			return DB_ERROR;
		*missing = !unkeyed;
		return DB_OK;
	}
	if (rc != DB_OK)
		return DB_ERROR;
	db_audit_key_set(db, k, audit_key_free);
	*key = k;
	return DB_OK;
}

static int
audit_chain_check(struct db *db, struct audit_verdict *v, char **err)
{
	struct audit_key *key;
	bool missing;
	if (audit_key_for_check(db, &key, &missing, err) != DB_OK)
		return DB_ERROR;
	if (missing) {
		v->fault = AUDIT_KEY_MISSING;
		return DB_OK;
	}
	int64_t from = key != NULL ? audit_key_from(key) : INT64_MAX;
	v->keyed_from = key != NULL ? from : 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db),
	    "SELECT " AUDIT_ROW_COLUMNS " FROM audit ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	char prev[65] = GENESIS;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v->rows++;
		int64_t seq = sqlite3_column_int64(st, 0);
		v->head_seq = seq;
		const char *stored_prev = (const char *)sqlite3_column_text(st, 9);
		const char *stored = (const char *)sqlite3_column_text(st, 10);
		char h[65];
		audit_row_link(st, seq >= from ? key : NULL, prev, h);
		if (stored_prev == NULL || stored == NULL || strcmp(stored_prev, prev) != 0 ||
		    strcmp(stored, h) != 0) {
			v->fault = AUDIT_BROKEN;
			v->bad_seq = seq;
			break;
		}
		memcpy(prev, stored, sizeof prev);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	/* Keyed from a row the trail no longer reaches: the rows from there on went. */
	if (v->fault == AUDIT_OK && key != NULL && from > v->head_seq + 1) {
		v->fault = AUDIT_TRUNCATED;
		v->bad_seq = v->head_seq + 1;
		v->witnessed_seq = from - 1;
	}
	return DB_OK;
}

int
db_audit_check(struct db *db, struct audit_verdict *v, char **err)
{
	memset(v, 0, sizeof *v);
	if (audit_chain_check(db, v, err) != DB_OK)
		return DB_ERROR;
	if (v->fault != AUDIT_OK)
		return DB_OK;
	return audit_witness_check(db, v, err);
}

int
db_audit_verify(struct db *db, int64_t *bad_seq, int64_t *rows, char **err)
{
	struct audit_verdict v;
	int rc = db_audit_check(db, &v, err);
	*bad_seq = v.bad_seq;
	*rows = v.rows;
	return rc;
}
