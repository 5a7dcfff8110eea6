/*
 * Moving people, agencies and accounts between agencies inside the caller's
 * transaction: the one mechanism under merges, splits and transfers.
 *
 * The caller fills three temporary tables (org_move_begin makes them):
 *   temp.move_person (person_id, from_org, to_org)
 *   temp.move_org    (org_id, from_parent, to_parent)   child agencies re-hung
 *   temp.move_account(account_id, from_org, to_org)
 * and org_move_apply does the rest set-based: the person rows (version bumped, so
 * that an edit read before the move fails cleanly instead of moving them back), the
 * work history (the open row closed the day before, a new row from the date), the
 * accounts, the agencies' parents and paths, and the kept headcounts (the person
 * triggers for people, db_stat_subtree_move for whole agencies: no recount). Only
 * the audit rows are written one by one, because each carries the content hash of
 * the row it wrote (hoso check compares every live row with its last one).
 */
#include "db/org_move.h"
#include "db/db_internal.h"
#include "db/org_internal.h"
#include "db/person_columns.h"
#include "db/person_internal.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

int
org_move_begin(struct db *db, char **err)
{
	return db_exec(db, "DROP TABLE IF EXISTS temp.move_person;"
	    " DROP TABLE IF EXISTS temp.move_org; DROP TABLE IF EXISTS temp.move_account;"
	    " DROP TABLE IF EXISTS temp.move_item;"
	    " CREATE TEMP TABLE move_person (person_id INTEGER PRIMARY KEY,"
	    "  from_org INTEGER NOT NULL, to_org INTEGER NOT NULL);"
	    " CREATE TEMP TABLE move_org (org_id INTEGER PRIMARY KEY,"
	    "  from_parent INTEGER, to_parent INTEGER NOT NULL);"
	    " CREATE TEMP TABLE move_account (account_id INTEGER PRIMARY KEY,"
	    "  from_org INTEGER, to_org INTEGER NOT NULL);"
	    " CREATE TEMP TABLE move_item (item_id INTEGER PRIMARY KEY, added INTEGER)", err);
}

void
org_move_end(struct db *db)
{
	db_exec(db, "DROP TABLE IF EXISTS temp.move_person;"
	    " DROP TABLE IF EXISTS temp.move_org; DROP TABLE IF EXISTS temp.move_account;"
	    " DROP TABLE IF EXISTS temp.move_item", NULL);
}

static int
run(struct db *db, const char *sql, const char *a, const char *b, const char *c,
    char **err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (st == NULL)
		return DB_ERROR;
	const char *v[3] = { a, b, c };
	for (int i = 0; i < 3; i++)
		if (v[i] != NULL)
			sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

/* The agencies re-hung: counts first (from the ancestor lists as they are), then
 * the parents. */
static int
move_agencies(struct db *db, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT org_id, to_parent FROM temp.move_org", err);
	if (st == NULL)
		return DB_ERROR;
	int64_t *ids = NULL, *to = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = xrealloc(ids, sizeof *ids * (size_t)cap);
			to = xrealloc(to, sizeof *to * (size_t)cap);
		}
		ids[n] = sqlite3_column_int64(st, 0);
		to[n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
	for (int i = 0; i < n && rc == DB_OK; i++)
		rc = db_stat_subtree_move(db, ids[i], to[i], err);
	free(ids);
	free(to);
	if (rc == DB_OK && n > 0)
		rc = run(db, "UPDATE org SET parent_id = m.to_parent, version = version + 1"
		    " FROM temp.move_org m WHERE org.id = m.org_id", NULL, NULL, NULL, err);
	return rc;
}

/* The audit row of each person moved, with the content hash of the row as it is
 * now (the statement check.c reads the live rows with). */
static int
audit_people(struct db *db, const struct actor *who, const char *date, const char *why,
    char **err)
{
	char *sql = xasprintf("SELECT p.id, %s, o.code, p.data, f.code FROM person p"
	    " JOIN temp.move_person m ON m.person_id = p.id JOIN org o ON o.id = p.org_id"
	    " JOIN org f ON f.id = m.from_org ORDER BY p.id", person_sql_fields());
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK ? DB_OK :
	    db_fail(db, err);
	free(sql);
	enum { F = 1, CODE = F + PERSON_NCOLUMNS, DATA, FROM };
	struct strbuf before, after;
	sb_init(&before);
	sb_init(&after);
	int step;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cols[PERSON_NCOLUMNS];
		for (int i = 0; i < PERSON_NCOLUMNS; i++)
			cols[i] = (const char *)sqlite3_column_text(st, F + i);
		const char *code = (const char *)sqlite3_column_text(st, CODE);
		char hash[65];
		person_content_hash_of(CONTENT_SHA256, cols, code,
		    (const char *)sqlite3_column_text(st, DATA), hash);
		sb_reset(&before);
		sb_adds(&before, "{\"org_code\":");
		sb_add_json_str(&before, (const char *)sqlite3_column_text(st, FROM));
		sb_addc(&before, '}');
		sb_reset(&after);
		sb_adds(&after, "{\"org_code\":");
		sb_add_json_str(&after, code);
		sb_adds(&after, ",\"date\":");
		sb_add_json_str(&after, date);
		sb_adds(&after, ",\"by\":");
		sb_add_json_str(&after, why);
		sb_addc(&after, '}');
		rc = db_audit_row(db, who, "move", "person", sqlite3_column_int64(st, 0),
		    before.buf, after.buf, hash, err);
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_fail(db, err);
	sqlite3_finalize(st);
	sb_free(&before);
	sb_free(&after);
	return rc;
}

/* The work history: rows open on the date are closed the day before it, and each
 * person gets a row from the date at the new agency (its name, as a clerk writes
 * the post; its code, for reports as of a date). */
static int
extend_history(struct db *db, const struct actor *who, const char *date, char **err)
{
	char prev[11], now[32];
	if (!date_add_days(date, -1, prev)) {
		*err = xasprintf(_("%s is not a date"), date);
		return DB_INVALID;
	}
	db_now(now);
	int rc = run(db, "INSERT INTO temp.move_item SELECT i.id, 0 FROM person_item i"
	    " JOIN temp.move_person m ON m.person_id = i.person_id WHERE i.kind = 'work'"
	    " AND i.date_to IS NULL AND coalesce(i.date_from, '') < ?1", date, NULL, NULL,
	    err);
	if (rc == DB_OK)
		rc = run(db, "UPDATE person_item SET date_to = ?1, version = version + 1,"
		    " updated_at = ?2, updated_by = ?3 WHERE id IN (SELECT item_id FROM"
		    " temp.move_item)", prev, now, who->username, err);
	sqlite3_stmt *st = rc == DB_OK ? db_stmt(db, "SELECT coalesce(max(id), 0) FROM"
	    " person_item", err) : NULL;
	if (st == NULL)
		return DB_ERROR;
	int64_t last = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	char last_s[24];
	snprintf(last_s, sizeof last_s, "%lld", (long long)last);
	rc = run(db, "INSERT INTO person_item (person_id, kind, date_from, data, updated_at,"
	    " updated_by) SELECT m.person_id, 'work', ?1, json_object('agency', o.name,"
	    " 'agency_code', o.code), ?2, ?3 FROM temp.move_person m JOIN org o ON"
	    " o.id = m.to_org ORDER BY m.person_id", date, now, who->username, err);
	if (rc == DB_OK)
		rc = run(db, "INSERT INTO temp.move_item SELECT id, 1 FROM person_item"
		    " WHERE id > CAST(?1 AS INTEGER)", last_s, NULL, NULL, err);
	if (rc != DB_OK)
		return rc;
	st = db_stmt(db, "SELECT i.id, i.person_id, i.date_from, i.date_to, i.data, m.added"
	    " FROM person_item i JOIN temp.move_item m ON m.item_id = i.id ORDER BY i.id",
	    err);
	if (st == NULL)
		return DB_ERROR;
	int step;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char hash[65];
		const char *from = (const char *)sqlite3_column_text(st, 2);
		const char *to = (const char *)sqlite3_column_text(st, 3);
		const char *data = (const char *)sqlite3_column_text(st, 4);
		item_content_hash(sqlite3_column_int64(st, 1), "work", from, to, data, hash);
		struct strbuf a;
		sb_init(&a);
		sb_adds(&a, "{\"date_from\":");
		sb_add_json_str(&a, from ? from : "");
		sb_adds(&a, ",\"date_to\":");
		sb_add_json_str(&a, to ? to : "");
		sb_adds(&a, ",\"data\":");
		sb_adds(&a, data);
		sb_addc(&a, '}');
		rc = db_audit_row(db, who, sqlite3_column_int(st, 5) ? "insert" : "update",
		    "person_item:work", sqlite3_column_int64(st, 0), NULL, a.buf, hash, err);
		sb_free(&a);
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_fail(db, err);
	sqlite3_reset(st);
	return rc;
}

static int
move_accounts(struct db *db, const struct actor *who, char **err)
{
	int rc = run(db, "UPDATE account SET org_id = m.to_org FROM temp.move_account m"
	    " WHERE account.id = m.account_id", NULL, NULL, NULL, err);
	sqlite3_stmt *st = rc == DB_OK ? db_stmt(db, "SELECT m.account_id, f.code, t.code"
	    " FROM temp.move_account m LEFT JOIN org f ON f.id = m.from_org JOIN org t ON"
	    " t.id = m.to_org ORDER BY m.account_id", err) : NULL;
	if (st == NULL)
		return DB_ERROR;
	int step;
	while (rc == DB_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 1);
		char *b = json_object_new("org", f ? f : "", NULL);
		char *a = json_object_new("org", (const char *)sqlite3_column_text(st, 2), NULL);
		rc = db_audit(db, who, "update", "account", sqlite3_column_int64(st, 0), b, a,
		    err);
		free(b);
		free(a);
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_fail(db, err);
	sqlite3_reset(st);
	return rc;
}

int
org_move_apply(struct db *db, const struct actor *who, const char *date, const char *why,
    char **err)
{
	char now[32];
	db_now(now);
	int rc = move_agencies(db, err);
	/* The counts moved in one statement, the triggers out of the way meanwhile
	 * (inside this transaction: no other writer ever sees them gone). */
	if (rc == DB_OK)
		rc = db_stat_people_move(db, "temp.move_person", err);
	if (rc == DB_OK)
		rc = db_stat_suspend(db, err);
	if (rc == DB_OK)
		rc = run(db, "UPDATE person SET org_id = m.to_org, version = version + 1,"
		    " updated_at = ?1, updated_by = ?2 FROM temp.move_person m"
		    " WHERE person.id = m.person_id", now, who->username, NULL, err);
	if (rc == DB_OK)
		rc = db_stat_resume(db, err);
	if (rc == DB_OK)
		rc = extend_history(db, who, date, err);
	if (rc == DB_OK)
		rc = audit_people(db, who, date, why, err);
	if (rc == DB_OK)
		rc = move_accounts(db, who, err);
	if (rc == DB_OK) {
		struct strbuf problems;
		sb_init(&problems);
		rc = org_recompute_paths(db, &problems, err);
		if (rc != DB_OK && *err == NULL)
			*err = sb_detach(&problems);
		sb_free(&problems);
	}
	if (rc == DB_OK)
		rc = db_stat_tree_sync_kept(db, err);
	return rc;
}

static struct org_move_part *
part_for(struct org_change *c, const char *from, const char *from_name, const char *to,
    const char *to_name)
{
	for (int i = 0; i < c->nparts; i++)
		if (strcmp(c->parts[i].from, from) == 0 && strcmp(c->parts[i].to, to) == 0)
			return &c->parts[i];
	c->parts = xrealloc(c->parts, sizeof *c->parts * (size_t)(c->nparts + 1));
	struct org_move_part *p = &c->parts[c->nparts++];
	memset(p, 0, sizeof *p);
	snprintf(p->from, sizeof p->from, "%s", from);
	snprintf(p->from_name, sizeof p->from_name, "%s", from_name);
	snprintf(p->to, sizeof p->to, "%s", to);
	snprintf(p->to_name, sizeof p->to_name, "%s", to_name);
	return p;
}

int
org_move_summary(struct db *db, struct org_change *c, int with_people, char **err)
{
	static const char sql[] = "SELECT f.code, f.name, t.code, t.name, k, count(*) FROM ("
	    " SELECT from_org AS f, to_org AS t, 0 AS k FROM temp.move_person"
	    " UNION ALL SELECT from_parent, to_parent, 1 FROM temp.move_org"
	    " UNION ALL SELECT from_org, to_org, 2 FROM temp.move_account)"
	    " JOIN org f ON f.id = f JOIN org t ON t.id = t GROUP BY f.code, t.code, k"
	    " ORDER BY f.code, t.code, k";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (st == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct org_move_part *p = part_for(c, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3));
		long n = (long)sqlite3_column_int64(st, 5);
		switch (sqlite3_column_int(st, 4)) {
		case 0: p->people = n; c->people += n; break;
		case 1: p->agencies = n; c->agencies += n; break;
		default: p->accounts = n; c->accounts += n; break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!with_people)
		return DB_OK;
	st = db_stmt(db, "SELECT p.id_number, p.full_name, f.code, t.code FROM"
	    " temp.move_person m JOIN person p ON p.id = m.person_id JOIN org f ON"
	    " f.id = m.from_org JOIN org t ON t.id = m.to_org ORDER BY f.code, p.name_key,"
	    " p.id", err);
	if (st == NULL)
		return DB_ERROR;
	struct strbuf sb;
	sb_init(&sb);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		sb_addf(&sb, "%s\t%s\t%s\t%s\n", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
		    sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	c->people_lines = sb_detach(&sb);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

void
db_org_change_free(struct org_change *c)
{
	free(c->parts);
	free(c->people_lines);
	free(c->created);
	free(c->closed);
	free(c->reopened);
	memset(c, 0, sizeof *c);
}
