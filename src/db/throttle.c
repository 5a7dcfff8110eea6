/*
 * Sign-in throttles (see throttle.h): one row per account and source address, and
 * one per source (account "*"), in auth_throttle. A row counts failures from
 * first_at; at its limit it gets an end (until) that stays fixed: failures are not
 * counted while it runs (throttle_check refuses before any password is looked
 * at), and once it has passed the next failure starts a fresh count. Every
 * process — each SSH connection is its own — sees the same rows.
 */
#include "db/throttle.h"
#include "db/db_internal.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
throttle_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
throttle_time(double t, char out[32])
{
	time_t s = (time_t)t;
	struct tm tm;
	gmtime_r(&s, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The end of a running throttle on (username, source), or 0. */
static int
throttle_until(struct db *db, const char *username, const char *source, double now,
    double *until, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT until FROM auth_throttle WHERE username = ?"
	    " AND source = ? AND until > ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, now);
	int rc = sqlite3_step(st);
	*until = rc == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

int
throttle_check(struct db *db, const char *username, const char *source, char **err)
{
	double now = throttle_now(), pair, any;
	if (throttle_until(db, username, source, now, &pair, err) != DB_OK ||
	    throttle_until(db, THROTTLE_ANY_ACCOUNT, source, now, &any, err) != DB_OK)
		return DB_ERROR;
	double until = pair > any ? pair : any;
	if (until <= 0)
		return DB_OK;
	int minutes = (int)((until - now) / 60) + 1;
	*err = xasprintf(_("too many failed sign-ins from your address; password sign-in "
	    "is paused for %d minutes (a registered key still works)"), minutes);
	return DB_LOCKED;
}

/* One failure on one row. The SET expressions all see the row as it was. */
static int
throttle_count_row(struct db *db, const char *username, const char *source, int limit,
    double now, int *failures, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO auth_throttle (username, source,"
	    " failures, first_at, until) VALUES (?1, ?2, 1, ?3, NULL)"
	    " ON CONFLICT (username, source) DO UPDATE SET"
	    " failures = CASE WHEN until > ?3 THEN failures"
	    "  WHEN until IS NOT NULL OR first_at < ?3 - ?4 THEN 1 ELSE failures + 1 END,"
	    " first_at = CASE WHEN until > ?3 THEN first_at"
	    "  WHEN until IS NOT NULL OR first_at < ?3 - ?4 THEN ?3 ELSE first_at END,"
	    " until = CASE WHEN until > ?3 THEN until"
	    "  WHEN until IS NOT NULL OR first_at < ?3 - ?4 THEN NULL"
	    "  WHEN failures + 1 >= ?5 THEN ?3 + ?6 ELSE NULL END"
	    " RETURNING failures", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 3, now);
	sqlite3_bind_double(st, 4, THROTTLE_WINDOW_S);
	sqlite3_bind_int(st, 5, limit);
	sqlite3_bind_double(st, 6, THROTTLE_SECONDS);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && failures != NULL)
		*failures = sqlite3_column_int(st, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

int
throttle_count(struct db *db, const char *username, const char *source, int *failures,
    char **err)
{
	double now = throttle_now();
	*failures = 0;
	/* Rows whose count and throttle are both over are forgotten on the way. */
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM auth_throttle WHERE"
	    " coalesce(until, first_at + ?2) < ?1", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_double(st, 1, now);
	sqlite3_bind_double(st, 2, THROTTLE_WINDOW_S);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	if (throttle_count_row(db, username, source, THROTTLE_PAIR_LIMIT, now, failures,
	    err) != DB_OK)
		return DB_ERROR;
	return throttle_count_row(db, THROTTLE_ANY_ACCOUNT, source, THROTTLE_SOURCE_LIMIT,
	    now, NULL, err);
}

int
throttle_forget(struct db *db, const char *username, const char *source, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM auth_throttle WHERE username = ?"
	    " AND source = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

static int
throttle_may_see_all(const struct actor *who)
{
	return who->role == ROLE_NATIONAL_ADMIN;
}

int
db_throttle_list(struct db *db, const struct actor *who, struct throttle_info **out,
    int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	if (!db_actor_may_manage_accounts(who)) {
		*err = xstrdup(_("only administrators may see sign-in throttles"));
		return DB_DENIED;
	}
	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	/* Agency administrators see their accounts' rows; source rows and names
	 * that are no account belong to the national administrators. */
	sqlite3_stmt *st = db_stmt(db, "SELECT t.username, t.source, t.failures, t.first_at,"
	    " coalesce(t.until, 0) FROM auth_throttle t"
	    " LEFT JOIN account a ON a.username = t.username"
	    " LEFT JOIN org o ON o.id = a.org_id"
	    " WHERE coalesce(t.until, t.first_at + ?1) > ?2"
	    " AND (?3 OR (a.id IS NOT NULL AND coalesce(o.path, '/') >= ?4"
	    "  AND coalesce(o.path, '/') < ?5))"
	    " ORDER BY t.username, t.source", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_double(st, 1, THROTTLE_WINDOW_S);
	sqlite3_bind_double(st, 2, throttle_now());
	sqlite3_bind_int(st, 3, throttle_may_see_all(who));
	sqlite3_bind_text(st, 4, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hi, -1, SQLITE_TRANSIENT);
	int cap = 8, count = 0, rc;
	struct throttle_info *v = xcalloc((size_t)cap, sizeof *v);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		struct throttle_info *t = &v[count++];
		memset(t, 0, sizeof *t);
		snprintf(t->username, sizeof t->username, "%s", sqlite3_column_text(st, 0));
		snprintf(t->source, sizeof t->source, "%s", sqlite3_column_text(st, 1));
		t->failures = sqlite3_column_int(st, 2);
		throttle_time(sqlite3_column_double(st, 3), t->first_at);
		double until = sqlite3_column_double(st, 4);
		if (until > 0)
			throttle_time(until, t->until);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err);
	}
	*out = v;
	*n = count;
	return DB_OK;
}

int
db_throttle_lift(struct db *db, const struct actor *who, const char *username,
    const char *source, int *lifted, char **err)
{
	*err = NULL;
	*lifted = 0;
	int64_t account_id = 0;
	int allowed = throttle_may_see_all(who);
	if (!allowed && who->role == ROLE_AGENCY_ADMIN && username != NULL) {
		/* An agency administrator lifts throttles of its own accounts only. */
		sqlite3_stmt *st = db_stmt(db, "SELECT a.id, coalesce(o.path, '/') FROM account a"
		    " LEFT JOIN org o ON o.id = a.org_id WHERE a.username = ?", err);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			account_id = sqlite3_column_int64(st, 0);
			allowed = db_scope_covers(who, (const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
	}
	if (!allowed) {
		*err = xstrdup(_("only administrators may lift sign-in throttles of their "
		    "agencies' accounts (a whole address: national administrators)"));
		return DB_DENIED;
	}
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM auth_throttle WHERE (?1 IS NULL OR"
	    " username = ?1) AND (?2 IS NULL OR source = ?2)", err);
	if (st == NULL)
		goto fail;
	if (username != NULL)
		sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	if (source != NULL)
		sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	*lifted = sqlite3_changes(db_sqlite(db));
	sqlite3_reset(st);
	char count[16];
	snprintf(count, sizeof count, "%d", *lifted);
	char *what = json_object_new("unthrottled", username ? username : "(all)", "source",
	    source ? source : "(all)", "rows", count, NULL);
	int rc = db_audit_commit(db, who, "unthrottle", "account", account_id, NULL, what, err);
	free(what);
	return rc;
fail:
	db_rollback(db);
	return DB_ERROR;
}
