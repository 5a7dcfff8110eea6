/*
 * The verification queue and each person's verification state (see verify.h).
 *
 * Invariants: a queue row is open while next_at >= 0 and closed (answered, refused,
 * superseded) when next_at < 0; closed rows stay, so that a (person, version) is
 * never checked twice. Recording an answer changes only the person's verify_*
 * columns, never its version or updated_* columns: a check is not an edit, and an
 * open edit screen must not see a conflict because a check came back. Every
 * change of a person's state has its audit row in the same transaction.
 */
#include "db/verify.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLOSED		-1.0
#define SUPERSEDED	"superseded"

static double
unix_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Short at first: a link that comes back within a minute is used again within
 * seconds (tries at 0, 5, 15, 35, 75 s). Capped low: each failed round costs one
 * connection attempt for up to a few hundred checks, so waiting longer saves
 * little, and a check never waits more than the cap after the link returns. */
#define BACKOFF_FIRST	5.0
#define BACKOFF_CAP	300.0

double
db_verify_backoff(int attempts)
{
	double s = BACKOFF_FIRST;
	for (int i = 1; i < attempts && s < BACKOFF_CAP; i++)
		s *= 2;
	return s < BACKOFF_CAP ? s : BACKOFF_CAP;
}

void
db_verify_items_free(struct db_verify_item *items, int n)
{
	for (int i = 0; i < n; i++)
		free(items[i].full_name);
	free(items);
}

static int
step_done(struct db *db, sqlite3_stmt *st, char **err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

/* Close a queue row; why NULL for an answered check. */
static int
close_row(struct db *db, int64_t queue_id, const char *why, int count, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE verify_queue SET next_at = ?,"
	    " attempts = attempts + ?, last_error = ? WHERE id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_double(st, 1, CLOSED);
	sqlite3_bind_int(st, 2, count);
	db_bind_text_or_null(st, 3, why);
	sqlite3_bind_int64(st, 4, queue_id);
	return step_done(db, st, err);
}

#define TAKE_SELECT \
	"SELECT q.id, q.person_id, q.person_version, q.attempts, q.officer," \
	" p.id_number, p.full_name, p.date_of_birth, p.sex," \
	" EXISTS (SELECT 1 FROM verify_queue n WHERE n.person_id = q.person_id" \
	"   AND n.person_version > q.person_version)" \
	" FROM verify_queue q JOIN person p ON p.id = q.person_id" \
	" JOIN org o ON o.id = p.org_id"

static void
item_from_row(sqlite3_stmt *st, struct db_verify_item *it)
{
	memset(it, 0, sizeof *it);
	it->queue_id = sqlite3_column_int64(st, 0);
	it->person_id = sqlite3_column_int64(st, 1);
	it->version = sqlite3_column_int64(st, 2);
	it->attempts = sqlite3_column_int(st, 3);
	const char *s = (const char *)sqlite3_column_text(st, 4);
	snprintf(it->officer, sizeof it->officer, "%s", s ? s : "");
	s = (const char *)sqlite3_column_text(st, 5);
	snprintf(it->id_number, sizeof it->id_number, "%s", s ? s : "");
	s = (const char *)sqlite3_column_text(st, 6);
	it->full_name = xstrdup(s ? s : "");
	s = (const char *)sqlite3_column_text(st, 7);
	snprintf(it->date_of_birth, sizeof it->date_of_birth, "%s", s ? s : "");
	s = (const char *)sqlite3_column_text(st, 8);
	it->sex = s ? s[0] : '\0';
}

static int
lease(struct db *db, int64_t queue_id, double until, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE verify_queue SET next_at = ? WHERE id = ?",
	    err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_double(st, 1, until);
	sqlite3_bind_int64(st, 2, queue_id);
	return step_done(db, st, err);
}

/* One pass of take_due inside the caller's transaction; *rows counts rows seen
 * (taken or superseded). */
static int
take_pass(struct db *db, const struct actor *who, int max, double now, int lease_s,
    struct db_verify_item *out, int *n, int *rows, char **err)
{
	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	sqlite3_stmt *st = db_stmt(db, TAKE_SELECT " WHERE q.next_at >= 0 AND"
	    " q.next_at <= ? AND o.path >= ? AND o.path < ? ORDER BY q.next_at LIMIT ?",
	    err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_double(st, 1, now);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, max);
	/* Read every row first: the updates below reuse the statement cache. */
	struct db_verify_item *got = xcalloc((size_t)max, sizeof *got);
	bool *superseded = xcalloc((size_t)max, sizeof *superseded);
	int count = 0, rc;
	while (count < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		item_from_row(st, &got[count]);
		superseded[count] = sqlite3_column_int(st, 9) != 0;
		count++;
	}
	sqlite3_reset(st);
	rc = DB_OK;
	*rows = count;
	for (int i = 0; i < count; i++) {
		if (rc == DB_OK && superseded[i])
			rc = close_row(db, got[i].queue_id, SUPERSEDED, 0, err);
		else if (rc == DB_OK)
			rc = lease(db, got[i].queue_id, now + lease_s, err);
		if (rc == DB_OK && !superseded[i]) {
			out[(*n)++] = got[i];
			got[i].full_name = NULL;
		}
		free(got[i].full_name);
	}
	free(got);
	free(superseded);
	return rc;
}

int
db_verify_take_due(struct db *db, const struct actor *who, int max, int lease_s,
    struct db_verify_item **out, int *n, char **err)
{
	*out = NULL;
	*n = 0;
	if (max < 1)
		return DB_OK;
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	struct db_verify_item *items = xcalloc((size_t)max, sizeof *items);
	double now = unix_now();
	int rc = DB_OK, rows = 1;
	/* Superseded rows are closed, not handed out: look further while that is all
	 * a pass found. */
	while (rc == DB_OK && *n == 0 && rows > 0)
		rc = take_pass(db, who, max, now, lease_s, items, n, &rows, err);
	if (rc == DB_OK)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	if (rc != DB_OK) {
		db_verify_items_free(items, *n);
		*n = 0;
		return rc;
	}
	*out = items;
	return DB_OK;
}

static void
json_member(struct strbuf *sb, const char *key, const char *value)
{
	sb_addc(sb, sb->len > 1 ? ',' : '{');
	sb_add_json_str(sb, key);
	sb_addc(sb, ':');
	if (value != NULL)
		sb_add_json_str(sb, value);
	else
		sb_adds(sb, "null");
}

/* Record one answer inside the caller's transaction. */
static int
record_one(struct db *db, const struct actor *who, const struct db_verify_item *it,
    const struct db_verify_result *r, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT q.next_at,"
	    " EXISTS (SELECT 1 FROM verify_queue n WHERE n.person_id = q.person_id"
	    "   AND n.person_version > q.person_version),"
	    " o.path, p.verify_state, p.verify_at, p.verify_request_id, p.verify_fields"
	    " FROM verify_queue q JOIN person p ON p.id = q.person_id"
	    " JOIN org o ON o.id = p.org_id WHERE q.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, it->queue_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return DB_OK;	/* the person was deleted meanwhile */
	}
	double next_at = sqlite3_column_double(st, 0);
	bool newer = sqlite3_column_int(st, 1) != 0;
	bool covered = db_scope_covers(who, (const char *)sqlite3_column_text(st, 2));
	struct strbuf before;
	sb_init(&before);
	json_member(&before, "verify_state", (const char *)sqlite3_column_text(st, 3));
	json_member(&before, "verify_at", (const char *)sqlite3_column_text(st, 4));
	json_member(&before, "verify_request_id", (const char *)sqlite3_column_text(st, 5));
	json_member(&before, "verify_fields", (const char *)sqlite3_column_text(st, 6));
	sb_addc(&before, '}');
	sqlite3_reset(st);
	if (!covered) {
		sb_free(&before);
		*err = xstrdup(_("this person is outside your agencies"));
		return DB_DENIED;
	}
	if (next_at < 0 || newer) {
		/* Answered already by another drainer, or about an identity that has
		 * been changed since: the newer check will tell. */
		sb_free(&before);
		return next_at < 0 ? DB_OK : close_row(db, it->queue_id, SUPERSEDED, 0, err);
	}
	char now[32];
	db_now(now);
	const char *at = r->checked_at && *r->checked_at ? r->checked_at : now;
	const char *fields = r->fields && *r->fields ? r->fields : NULL;
	st = db_stmt(db, "UPDATE person SET verify_state = ?, verify_at = ?,"
	    " verify_request_id = ?, verify_by = ?, verify_fields = ? WHERE id = ?", err);
	int rc = DB_ERROR;
	if (st != NULL) {
		sqlite3_bind_text(st, 1, verify_state_name(r->state), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 3, r->request_id);
		db_bind_text_or_null(st, 4, it->officer);
		db_bind_text_or_null(st, 5, fields);
		sqlite3_bind_int64(st, 6, it->person_id);
		rc = step_done(db, st, err);
	}
	if (rc == DB_OK)
		rc = close_row(db, it->queue_id, NULL, 0, err);
	if (rc == DB_OK) {
		struct strbuf after;
		sb_init(&after);
		json_member(&after, "verify_state", verify_state_name(r->state));
		json_member(&after, "verify_at", at);
		json_member(&after, "verify_request_id", r->request_id);
		json_member(&after, "verify_by", it->officer);
		json_member(&after, "verify_fields", fields);
		sb_addc(&after, '}');
		rc = db_audit(db, who, "verify", "person", it->person_id, before.buf,
		    after.buf, err);
		sb_free(&after);
	}
	sb_free(&before);
	return rc;
}

int
db_verify_record(struct db *db, const struct actor *who,
    const struct db_verify_item *items, const struct db_verify_result *results, int n,
    char **err)
{
	*err = NULL;
	for (int i = 0; i < n; i++)
		if (!verify_state_answered(results[i].state)) {
			const char *name = verify_state_name(results[i].state);
			*err = xasprintf(_("unknown verification state %s"),
			    name ? name : "(null)");
			return DB_INVALID;
		}
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	int rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++)
		rc = record_one(db, who, &items[i], &results[i], err);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

int
db_verify_reschedule(struct db *db, const struct db_verify_item *items, int n,
    double delay_s, const char *why, int count, char **err)
{
	*err = NULL;
	if (n <= 0)
		return DB_OK;
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	double now = unix_now();
	int rc = DB_OK;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		double d = delay_s >= 0 ? delay_s : db_verify_backoff(items[i].attempts + 1);
		sqlite3_stmt *st = db_stmt(db, "UPDATE verify_queue SET next_at = ?,"
		    " attempts = attempts + ?, last_error = coalesce(?, last_error)"
		    " WHERE id = ? AND next_at >= 0", err);
		if (st == NULL) {
			rc = DB_ERROR;
			break;
		}
		sqlite3_bind_double(st, 1, now + d);
		sqlite3_bind_int(st, 2, count ? 1 : 0);
		db_bind_text_or_null(st, 3, why);
		sqlite3_bind_int64(st, 4, items[i].queue_id);
		rc = step_done(db, st, err);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

int
db_verify_give_up(struct db *db, const struct actor *who,
    const struct db_verify_item *item, const char *why, char **err)
{
	*err = NULL;
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	int rc = close_row(db, item->queue_id, why ? why : "refused", 1, err);
	/* Back to "unchecked" unless a newer check of the person is waiting. */
	sqlite3_stmt *st = rc == DB_OK ? db_stmt(db, "UPDATE person SET verify_state ="
	    " 'unchecked' WHERE id = ? AND verify_state = 'queued' AND NOT EXISTS"
	    " (SELECT 1 FROM verify_queue n WHERE n.person_id = person.id AND"
	    "  n.person_version > ?)", err) : NULL;
	if (rc == DB_OK && st == NULL)
		rc = DB_ERROR;
	if (rc == DB_OK) {
		sqlite3_bind_int64(st, 1, item->person_id);
		sqlite3_bind_int64(st, 2, item->version);
		rc = step_done(db, st, err);
	}
	if (rc == DB_OK && sqlite3_changes(db_sqlite(db)) > 0) {
		struct strbuf after;
		sb_init(&after);
		json_member(&after, "verify_state", verify_state_name(VERIFY_UNCHECKED));
		json_member(&after, "refused", why);
		sb_addc(&after, '}');
		rc = db_audit(db, who, "verify_refused", "person", item->person_id,
		    "{\"verify_state\":\"queued\"}", after.buf, err);
		sb_free(&after);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

/* The path range of org_code's subtree, which the actor must cover. */
static int
org_range(struct db *db, const struct actor *who, const char *org_code, char lo[256],
    char hi[256], char **err)
{
	if (org_code == NULL) {
		db_scope_range(who, lo, hi);
		return DB_OK;
	}
	sqlite3_stmt *st = db_stmt(db, "SELECT path FROM org WHERE code = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, org_code, -1, SQLITE_TRANSIENT);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		snprintf(lo, 256, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!found || !db_scope_covers(who, lo)) {
		*err = xasprintf(_("no agency has the code %s"), org_code);
		return DB_NOTFOUND;
	}
	snprintf(hi, 256, "%s", lo);
	size_t n = strlen(hi);
	if (n > 0)
		hi[n - 1] = (char)(hi[n - 1] + 1);
	return DB_OK;
}

int
db_verify_queue_select(struct db *db, const struct actor *who, const char *org_code,
    int stale_days, int64_t *queued, char **err)
{
	*queued = 0;
	*err = NULL;
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	char lo[256], hi[256], now[32];
	db_now(now);
	int rc = org_range(db, who, org_code, lo, hi, err);
	sqlite3_stmt *st = NULL;
	if (rc == DB_OK && (st = db_stmt(db, "INSERT OR IGNORE INTO verify_queue"
	    " (person_id, person_version, officer, queued_at)"
	    " SELECT p.id, p.version, ?, ? FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE o.path >= ? AND o.path < ?", err)) == NULL)
		rc = DB_ERROR;
	if (rc == DB_OK) {
		sqlite3_bind_text(st, 1, who->username, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, hi, -1, SQLITE_TRANSIENT);
		rc = step_done(db, st, err);
		*queued += sqlite3_changes(db_sqlite(db));
	}
	if (rc == DB_OK && stale_days >= 0) {
		time_t t = time(NULL) - (time_t)stale_days * 86400;
		struct tm tm;
		char cutoff[32];
		gmtime_r(&t, &tm);
		strftime(cutoff, sizeof cutoff, "%Y-%m-%dT%H:%M:%SZ", &tm);
		st = db_stmt(db, "UPDATE verify_queue SET next_at = 0, attempts = 0,"
		    " last_error = NULL, officer = ?, queued_at = ? WHERE next_at < 0 AND id IN"
		    " (SELECT q.id FROM verify_queue q JOIN person p ON p.id = q.person_id"
		    "  AND p.version = q.person_version JOIN org o ON o.id = p.org_id"
		    "  WHERE o.path >= ? AND o.path < ? AND"
		    "  (p.verify_at IS NULL OR p.verify_at <= ?))", err);
		if (st == NULL)
			rc = DB_ERROR;
		else {
			sqlite3_bind_text(st, 1, who->username, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, lo, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, hi, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 5, cutoff, -1, SQLITE_TRANSIENT);
			rc = step_done(db, st, err);
			*queued += sqlite3_changes(db_sqlite(db));
		}
	}
	if (rc == DB_OK) {
		struct strbuf detail;
		sb_init(&detail);
		json_member(&detail, "org", org_code);
		sb_addf(&detail, ",\"stale_days\":%d,\"queued\":%lld}", stale_days,
		    (long long)*queued);
		rc = db_audit(db, who, "verify_queue", "org", 0, NULL, detail.buf, err);
		sb_free(&detail);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		*queued = 0;
		return rc;
	}
	return db_commit(db, err);
}

int
db_verify_counts(struct db *db, const struct actor *who, int64_t *due, int64_t *waiting,
    char **err)
{
	*due = *waiting = 0;
	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(sum(q.next_at <= ?), 0),"
	    " coalesce(sum(q.next_at > ?), 0) FROM verify_queue q"
	    " JOIN person p ON p.id = q.person_id JOIN org o ON o.id = p.org_id"
	    " WHERE q.next_at >= 0 AND o.path >= ? AND o.path < ?", err);
	if (st == NULL)
		return DB_ERROR;
	double now = unix_now();
	sqlite3_bind_double(st, 1, now);
	sqlite3_bind_double(st, 2, now);
	sqlite3_bind_text(st, 3, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, hi, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*due = sqlite3_column_int64(st, 0);
		*waiting = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : db_fail(db, err);
}

int
db_verify_state_get(struct db *db, const struct actor *who, int64_t person_id,
    struct db_verify_state *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT o.path, p.verify_state, p.verify_at,"
	    " p.verify_request_id, p.verify_by, p.verify_fields FROM person p"
	    " JOIN org o ON o.id = p.org_id WHERE p.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW && db_actor_sees_person(who, person_id,
	    (const char *)sqlite3_column_text(st, 0));
	if (found) {
		db_column_copy(st, 1, out->state, sizeof out->state);
		db_column_copy(st, 2, out->at, sizeof out->at);
		db_column_copy(st, 3, out->request_id, sizeof out->request_id);
		db_column_copy(st, 4, out->by, sizeof out->by);
		db_column_copy(st, 5, out->fields, sizeof out->fields);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!found) {
		/* The same answer for a missing person and one outside the scope. */
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return DB_NOTFOUND;
	}
	return DB_OK;
}
