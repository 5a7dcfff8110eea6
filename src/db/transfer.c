/*
 * Transfers of people between agencies (see transfer.h). The move itself is
 * org_move.c's, the same as a merge's for one person: the record, the work
 * history, the headcounts and the audit in one transaction with the takeover.
 */
#include "db/transfer.h"
#include "db/db_internal.h"
#include "db/org.h"
#include "db/org_internal.h"
#include "db/org_move.h"
#include "db/person_internal.h"
#include "db/role.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/workdays.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* One answer for "none", "not for you" and "not yours to see". */
#define NO_TRANSFER N_("no transfer of this person is waiting for an agency of this account")

int
db_transfer_start(struct db *db, const struct actor *who, const char *id_number,
    const char *to, const char *date, const char *decision, char **err)
{
	*err = NULL;
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	char day[11];
	int rc = org_date(date, day, err);
	if (rc != DB_OK)
		return rc;
	int64_t pid;
	if ((rc = person_id_by_idnum(db, id_number, &pid, err)) != DB_OK ||
	    (rc = person_scope(db, who, pid, NULL, err)) != DB_OK) {
		free(*err);
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return rc == DB_ERROR ? DB_ERROR : DB_NOTFOUND;
	}
	struct org_info t;
	if ((rc = db_org_find(db, to, &t, err)) != DB_OK)
		return rc;
	if (t.valid_to[0]) {
		*err = xasprintf(_("agency %s was closed already"), to);
		return DB_INVALID;
	}
	if ((rc = db_begin(db, err)) != DB_OK)
		return rc;
	char now[32];
	db_now(now);
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO transfer (person_id, from_org, to_org, date,"
	    " decision, started_at, started_by) SELECT id, org_id, ?2, ?3, nullif(?4, ''), ?5,"
	    " ?6 FROM person WHERE id = ?1 AND org_id <> ?2", err);
	if (st == NULL)
		rc = DB_ERROR;
	else {
		sqlite3_bind_int64(st, 1, pid);
		sqlite3_bind_int64(st, 2, t.id);
		sqlite3_bind_text(st, 3, day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, decision ? decision : "", -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, who->username, -1, SQLITE_TRANSIENT);
		int step = sqlite3_step(st);
		sqlite3_reset(st);
		if (db_unique_violation(db, step)) {
			*err = xasprintf(_("%s has a transfer under way already"), id_number);
			rc = DB_CONFLICT;
		} else if (step != SQLITE_DONE)
			rc = db_fail(db, err);
		else if (sqlite3_changes(db_sqlite(db)) == 0) {
			*err = xasprintf(_("%s works in %s already"), id_number, to);
			rc = DB_INVALID;
		}
	}
	if (rc == DB_OK) {
		char *after = json_object_new("to", to, "date", day, "decision",
		    decision ? decision : "", NULL);
		rc = db_audit(db, who, "transfer", "person", pid, NULL, after, err);
		free(after);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

int
db_transfer_accept(struct db *db, const struct actor *who, const char *id_number,
    const char *on, char **err)
{
	*err = NULL;
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	char today[11];
	int rc = org_date(on, today, err);
	if (rc != DB_OK)
		return rc;
	if ((rc = db_begin(db, err)) != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "SELECT t.id, p.id, p.org_id, t.to_org, o.path, t.date,"
	    " o.code FROM transfer t JOIN person p ON p.id = t.person_id JOIN org o ON"
	    " o.id = t.to_org WHERE p.id_number = ? AND t.accepted_at IS NULL", err);
	if (st == NULL) {
		db_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_text(st, 1, id_number, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(st);
	int64_t tid = 0, pid = 0, from = 0, to = 0;
	char path[256] = "", date[11] = "", code[40] = "";
	if (step == SQLITE_ROW) {
		tid = sqlite3_column_int64(st, 0);
		pid = sqlite3_column_int64(st, 1);
		from = sqlite3_column_int64(st, 2);
		to = sqlite3_column_int64(st, 3);
		snprintf(path, sizeof path, "%s", sqlite3_column_text(st, 4));
		snprintf(date, sizeof date, "%s", sqlite3_column_text(st, 5));
		snprintf(code, sizeof code, "%s", sqlite3_column_text(st, 6));
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_fail(db, err);
	else if (step == SQLITE_DONE || !db_scope_covers(who, path)) {
		*err = xstrdup(_(NO_TRANSFER));
		rc = DB_NOTFOUND;
	} else if (strcmp(today, date) < 0) {
		char d[11];
		date_display(date, d);
		*err = xasprintf(_("the transfer takes effect on %s: it can be taken over from "
		    "that day"), d);
		rc = DB_INVALID;
	}
	if (rc == DB_OK && (rc = org_move_begin(db, err)) == DB_OK) {
		st = db_stmt(db, "INSERT INTO temp.move_person VALUES (?, ?, ?)", err);
		if (st == NULL)
			rc = DB_ERROR;
		else {
			sqlite3_bind_int64(st, 1, pid);
			sqlite3_bind_int64(st, 2, from);
			sqlite3_bind_int64(st, 3, to);
			rc = sqlite3_step(st) == SQLITE_DONE ? DB_OK : db_fail(db, err);
			sqlite3_reset(st);
		}
		if (rc == DB_OK)
			rc = org_move_apply(db, who, date, "transfer", err);
		org_move_end(db);
	}
	if (rc == DB_OK) {
		char now[32];
		db_now(now);
		st = db_stmt(db, "UPDATE transfer SET accepted_at = ?, accepted_by = ? WHERE id = ?",
		    err);
		if (st == NULL)
			rc = DB_ERROR;
		else {
			sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, who->username, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 3, tid);
			rc = sqlite3_step(st) == SQLITE_DONE ? DB_OK : db_fail(db, err);
			sqlite3_reset(st);
		}
	}
	if (rc == DB_OK) {
		char *after = json_object_new("to", code, "date", date, NULL);
		rc = db_audit(db, who, "transfer_accept", "person", pid, NULL, after, err);
		free(after);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

int
db_transfer_list(struct db *db, const struct actor *who, bool arriving, bool leaving,
    const char *on, struct transfer_info **out, int *n, char **err)
{
	*out = NULL;
	*n = 0;
	*err = NULL;
	if (!arriving && !leaving)
		arriving = leaving = true;
	char today[11], since[11];
	int rc = org_date(on, today, err);
	if (rc != DB_OK)
		return rc;
	date_add_days(today, -30, since);
	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	sqlite3_stmt *st = db_stmt(db, "SELECT t.id, p.id_number, p.full_name, f.code, f.name,"
	    " o.code, o.name, t.date, coalesce(t.decision, ''), t.started_by,"
	    " coalesce(t.accepted_at, ''), o.path >= ?1 AND o.path < ?2,"
	    " f.path >= ?1 AND f.path < ?2 FROM transfer t JOIN person p ON"
	    " p.id = t.person_id JOIN org f ON f.id = t.from_org JOIN org o ON"
	    " o.id = t.to_org WHERE (t.accepted_at IS NULL OR t.accepted_at >= ?3)"
	    " AND ((o.path >= ?1 AND o.path < ?2) OR (f.path >= ?1 AND f.path < ?2))"
	    " ORDER BY t.date, t.id", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_TRANSIENT);
	struct transfer_info *v = NULL;
	int count = 0, step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		bool in = sqlite3_column_int(st, 11), outward = sqlite3_column_int(st, 12);
		if (!((arriving && in) || (leaving && outward)))
			continue;
		v = xrealloc(v, sizeof *v * (size_t)(count + 1));
		struct transfer_info *t = &v[count++];
		memset(t, 0, sizeof *t);
		t->id = sqlite3_column_int64(st, 0);
#define COL(field, i) snprintf(t->field, sizeof t->field, "%s", sqlite3_column_text(st, i))
		COL(id_number, 1);
		COL(full_name, 2);
		COL(from_code, 3);
		COL(from_name, 4);
		COL(to_code, 5);
		COL(to_name, 6);
		COL(date, 7);
		COL(decision, 8);
		COL(started_by, 9);
		COL(accepted_at, 10);
#undef COL
		t->arriving = in && arriving;
		t->late = t->accepted_at[0] == '\0' &&
		    working_days_between(t->date, today) > TRANSFER_LATE_DAYS;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		free(v);
		return db_fail(db, err);
	}
	*out = v;
	*n = count;
	return DB_OK;
}
