/*
 * Merging agencies into one and splitting one into several, as the 2025
 * reorganisation did: each is one transaction that says what moves where
 * (temp tables of org_move.c), closes the old agencies instead of deleting them
 * (valid_to the day before the date, merged_into the successor), carries it out
 * (org_move_apply) and writes one audit row for the action beside the per-person
 * ones. A dry run does all of it and rolls back, so that the preview is what the
 * action would do, not a second guess at it.
 *
 * A split undoes a merge: a plan that sends people back to an agency merged into
 * the one being split opens that agency again; and a merge undoes a split: merged
 * into an agency a split closed, the parts open it again.
 */
#include "db/org.h"
#include "db/org_internal.h"
#include "db/org_move.h"
#include "db/db_internal.h"
#include "db/role.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One statement with the parameters ?1 and ?2 (integers) and ?3 (text, if not
 * NULL), those it lacks ignored; its changes in *changed. */
static int
exec3(struct db *db, const char *sql, int64_t a, int64_t b, const char *t, int *changed,
    char **err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (t != NULL)
		sqlite3_bind_text(st, 3, t, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		if (db_unique_violation(db, rc))
			return DB_CONFLICT;
		return db_fail(db, err);
	}
	if (changed != NULL)
		*changed = sqlite3_changes(db_sqlite(db));
	return DB_OK;
}

static void
add_code(char **list, const char *code)
{
	char *old = *list;
	*list = old ? xasprintf("%s %s", old, code) : xstrdup(code);
	free(old);
}

/* The action's own audit row: what it was and what it moved. */
static int
audit_action(struct db *db, const struct actor *who, const char *action, int64_t org_id,
    const char *code, const char *sources, const struct org_change *c, char **err)
{
	char people[24], agencies[24], accounts[24];
	snprintf(people, sizeof people, "%ld", c->people);
	snprintf(agencies, sizeof agencies, "%ld", c->agencies);
	snprintf(accounts, sizeof accounts, "%ld", c->accounts);
	char *after = json_object_new("code", code, "from", sources, "date", c->date,
	    "people", people, "agencies", agencies, "accounts", accounts,
	    "created", c->created ? c->created : "", "closed", c->closed ? c->closed : "",
	    "reopened", c->reopened ? c->reopened : "", NULL);
	int rc = db_audit(db, who, action, "org", org_id, NULL, after, err);
	free(after);
	return rc;
}

/* The day before date, for valid_to. */
static int
day_before(const char *date, char prev[11], char **err)
{
	if (!date_add_days(date, -1, prev)) {
		*err = xasprintf(_("%s is not a date"), date);
		return DB_INVALID;
	}
	return DB_OK;
}

static int
close_org(struct db *db, int64_t id, const char *prev, int64_t successor, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "UPDATE org SET valid_to = ?, merged_into = nullif(?, 0),"
	    " version = version + 1 WHERE id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, successor);
	sqlite3_bind_int64(st, 3, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

/* Commit, or roll back a dry run (or a failure). */
static int
finish(struct db *db, int rc, int dry_run, char **err)
{
	org_move_end(db);
	if (rc == DB_OK && !dry_run)
		return db_commit(db, err);
	db_rollback(db);
	return rc;
}

int
db_org_merge(struct db *db, const struct actor *who, char *const *codes, int n,
    const char *into, const char *into_name, const char *date, int dry_run,
    int with_people, struct org_change *out, char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	int rc = org_may_change(who, NULL, err);
	if (rc == DB_OK)
		rc = org_date(date, out->date, err);
	if (rc != DB_OK)
		return rc;
	if (n < 1) {
		*err = xstrdup(_("name the agencies to merge"));
		return DB_INVALID;
	}
	char prev[11];
	if ((rc = day_before(out->date, prev, err)) != DB_OK)
		return rc;
	if ((rc = db_begin(db, err)) != DB_OK)
		return rc;
	if ((rc = org_move_begin(db, err)) != DB_OK)
		return finish(db, rc, 1, err);
	struct org_info *src = xcalloc((size_t)n, sizeof *src);
	for (int i = 0; i < n && rc == DB_OK; i++) {
		if ((rc = db_org_find(db, codes[i], &src[i], err)) != DB_OK ||
		    (rc = org_may_change(who, &src[i], err)) != DB_OK)
			break;
		if (src[i].valid_to[0]) {
			*err = xasprintf(_("agency %s was closed already"), codes[i]);
			rc = DB_INVALID;
		}
		for (int k = 0; k < i && rc == DB_OK; k++)
			if (strncmp(src[i].path, src[k].path, strlen(src[k].path)) == 0 ||
			    strncmp(src[k].path, src[i].path, strlen(src[i].path)) == 0) {
				*err = xasprintf(_("agencies %s and %s are the same or one is under "
				    "the other"), codes[k], codes[i]);
				rc = DB_INVALID;
			}
	}
	struct org_info t;
	int64_t tid = 0;
	if (rc == DB_OK) {
		char *e = NULL;
		int found = db_org_find(db, into, &t, &e);
		free(e);
		if (found == DB_OK) {
			tid = t.id;
			if (t.valid_to[0] && t.merged_into[0]) {
				*err = xasprintf(_("agency %s was closed already"), into);
				rc = DB_INVALID;
			} else if (!db_scope_covers(who, t.path)) {
				*err = xasprintf(_("agency %s is outside what this account may "
				    "change"), into);
				rc = DB_DENIED;
			}
		} else if (found != DB_NOTFOUND)
			rc = DB_ERROR;
		else if (into_name == NULL || *into_name == '\0') {
			*err = xasprintf(_("no agency has the code %s: give the new agency's "
			    "name to make it"), into);
			rc = DB_INVALID;
		} else {
			/* Beside the first agency merged: under its parent. */
			struct org_info p;
			int64_t pid = 0;
			if (src[0].parent_code[0] &&
			    (rc = db_org_find(db, src[0].parent_code, &p, err)) == DB_OK)
				pid = p.id;
			if (rc == DB_OK)
				rc = org_insert(db, who, into, into_name, pid, out->date, &tid, err);
			if (rc == DB_OK) {
				add_code(&out->created, into);
				rc = db_org_by_id(db, tid, &t, err);
			}
		}
	}
	/* An agency closed by a split takes its parts back: the merge undoes it. */
	if (rc == DB_OK && t.valid_to[0]) {
		int changed;
		rc = exec3(db, "UPDATE org SET valid_to = NULL, version = version + 1"
		    " WHERE id = ?1", tid, 0, NULL, &changed, err);
		if (rc == DB_OK) {
			char *b = json_object_new("valid_to", t.valid_to, NULL);
			char *a = json_object_new("valid_to", "", NULL);
			rc = db_audit(db, who, "reopen", "org", tid, b, a, err);
			free(a);
			free(b);
		}
		if (rc == DB_OK)
			add_code(&out->reopened, into);
	}
	struct strbuf sources;
	sb_init(&sources);
	for (int i = 0; i < n && rc == DB_OK; i++) {
		if (src[i].id == tid || strncmp(t.path, src[i].path, strlen(src[i].path)) == 0) {
			*err = xasprintf(_("agency %s is %s or under it: it cannot receive it"),
			    into, codes[i]);
			rc = DB_INVALID;
			break;
		}
		static const char *const fill[] = {
			"INSERT INTO temp.move_person SELECT id, org_id, ?2 FROM person"
			" WHERE org_id = ?1",
			"INSERT INTO temp.move_org SELECT id, parent_id, ?2 FROM org"
			" WHERE parent_id = ?1",
			"INSERT INTO temp.move_account SELECT id, org_id, ?2 FROM account"
			" WHERE org_id = ?1",
		};
		for (int k = 0; k < 3 && rc == DB_OK; k++)
			rc = exec3(db, fill[k], src[i].id, tid, NULL, NULL, err);
		if (rc == DB_OK)
			rc = close_org(db, src[i].id, prev, tid, err);
		if (rc == DB_OK) {
			add_code(&out->closed, codes[i]);
			sb_addf(&sources, "%s%s", i ? " " : "", codes[i]);
		}
	}
	if (rc == DB_OK)
		rc = org_move_summary(db, out, with_people, err);
	if (rc == DB_OK)
		rc = org_move_apply(db, who, out->date, "merge", err);
	if (rc == DB_OK)
		rc = audit_action(db, who, "merge", tid, into, sources.buf, out, err);
	sb_free(&sources);
	free(src);
	return finish(db, rc, dry_run, err);
}

/* One line of a split plan. */
struct plan_row {
	long  line;
	char *member, *to, *to_name;
};

static void
plan_free(struct plan_row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		free(rows[i].member);
		free(rows[i].to);
		free(rows[i].to_name);
	}
	free(rows);
}

static int
plan_read(FILE *f, const char *name, struct plan_row **out, int *nout, char **err)
{
	struct csv *c = csv_open(f);
	char **fl;
	int nf, col[3] = { -1, -1, -1 };
	static const char *const cols[] = { "member", "to", "to_name" };
	int rc = csv_read(c, &fl, &nf);
	for (int i = 0; rc == 1 && i < nf; i++)
		for (int k = 0; k < 3; k++)
			if (strcasecmp(fl[i], cols[k]) == 0)
				col[k] = i;
	if (rc != 1 || col[0] < 0 || col[1] < 0) {
		csv_free(c);
		*err = xasprintf(_("%s: the plan needs the columns member and to (and to_name "
		    "for a new agency)"), name);
		return DB_INVALID;
	}
	struct plan_row *rows = NULL;
	int n = 0;
	while ((rc = csv_read(c, &fl, &nf)) != 0) {
		if (rc < 0) {
			*err = xasprintf(_("%s line %ld: %s"), name, csv_line(c), _(csv_error(c)));
			break;
		}
		if (nf == 1 && fl[0][0] == '\0')
			continue;
		if (nf <= col[0] || nf <= col[1]) {
			*err = xasprintf(_("%s line %ld: too few fields"), name, csv_line(c));
			break;
		}
		rows = xrealloc(rows, sizeof *rows * (size_t)(n + 1));
		rows[n].line = csv_line(c);
		rows[n].member = text_clean_new(fl[col[0]]);
		rows[n].to = text_clean_new(fl[col[1]]);
		rows[n].to_name = text_clean_new(col[2] >= 0 && nf > col[2] ? fl[col[2]] : "");
		n++;
	}
	csv_free(c);
	if (*err != NULL) {
		plan_free(rows, n);
		return DB_INVALID;
	}
	*out = rows;
	*nout = n;
	return DB_OK;
}

/* The target of a plan line: the source itself, an agency that exists (opened
 * again if it had been merged into the source), or a new one beside the source. */
static int
split_target(struct db *db, const struct actor *who, const struct org_info *s,
    const struct plan_row *r, struct org_change *out, int64_t *id, char **err)
{
	struct org_info t;
	char *e = NULL;
	int rc = db_org_find(db, r->to, &t, &e);
	free(e);
	if (rc == DB_NOTFOUND) {
		if (r->to_name[0] == '\0') {
			*err = xasprintf(_("line %ld: no agency has the code %s: give its name "
			    "(to_name) to make it"), r->line, r->to);
			return DB_INVALID;
		}
		struct org_info p;
		int64_t pid = 0;
		if (s->parent_code[0] && (rc = db_org_find(db, s->parent_code, &p, err)) != DB_OK)
			return rc;
		if (s->parent_code[0])
			pid = p.id;
		if ((rc = org_insert(db, who, r->to, r->to_name, pid, out->date, id, err)) ==
		    DB_OK)
			add_code(&out->created, r->to);
		return rc;
	}
	if (rc != DB_OK)
		return DB_ERROR;
	*id = t.id;
	if (t.id == s->id)
		return DB_OK;
	if (strncmp(t.path, s->path, strlen(s->path)) == 0) {
		*err = xasprintf(_("line %ld: agency %s is under %s: it cannot receive from it"),
		    r->line, r->to, s->code);
		return DB_INVALID;
	}
	if ((rc = org_may_change(who, &t, err)) != DB_OK)
		return rc;
	if (t.valid_to[0]) {
		if (strcmp(t.merged_into, s->code) != 0) {
			*err = xasprintf(_("line %ld: agency %s was closed already"), r->line,
			    r->to);
			return DB_INVALID;
		}
		int changed;
		if ((rc = exec3(db, "UPDATE org SET valid_to = NULL, merged_into = NULL,"
		    " version = version + 1 WHERE id = ?1", t.id, 0, NULL, &changed,
		    err)) != DB_OK)
			return rc;
		char *a = json_object_new("valid_to", "", "merged_into", "", NULL);
		char *b = json_object_new("valid_to", t.valid_to, "merged_into", t.merged_into,
		    NULL);
		rc = db_audit(db, who, "reopen", "org", t.id, b, a, err);
		free(a);
		free(b);
		if (rc == DB_OK)
			add_code(&out->reopened, r->to);
	}
	return rc;
}

/* Put one plan line's member into the move tables. */
static int
split_member(struct db *db, const struct org_info *s, const struct plan_row *r,
    int64_t to, char **err)
{
	const char *m = r->member;
	static const char *const sql[] = {
		"INSERT INTO temp.move_person SELECT id, org_id, ?2 FROM person"
		" WHERE id_number = ?3 AND org_id = ?1",
		"INSERT INTO temp.move_account SELECT id, org_id, ?2 FROM account"
		" WHERE username = ?3 AND org_id = ?1",
		"INSERT INTO temp.move_org SELECT id, parent_id, ?2 FROM org"
		" WHERE code = ?3 AND parent_id = ?1",
	};
	int kind = m[0] == '@' ? 1 : idnum_shape_ok(m) ? 0 : 2;
	int changed = 0;
	int rc = exec3(db, sql[kind], s->id, to, kind == 1 ? m + 1 : m, &changed, err);
	if (rc == DB_CONFLICT) {
		*err = xasprintf(_("line %ld: %s is in the plan twice"), r->line, m);
		return DB_INVALID;
	}
	if (rc == DB_OK && changed == 0) {
		static const char *const what[] = {
			N_("line %ld: no person with the ID number %s works in %s"),
			N_("line %ld: no account %s belongs to %s"),
			N_("line %ld: no agency %s is directly under %s"),
		};
		*err = xasprintf(_(what[kind]), r->line, kind == 1 ? m + 1 : m, s->code);
		return DB_INVALID;
	}
	return rc;
}

/* "*": everything of the source the plan does not name. */
static int
split_rest(struct db *db, int64_t sid, int64_t to, char **err)
{
	static const char *const sql[] = {
		"INSERT OR IGNORE INTO temp.move_person SELECT id, org_id, ?2 FROM person"
		" WHERE org_id = ?1",
		"INSERT OR IGNORE INTO temp.move_account SELECT id, org_id, ?2 FROM account"
		" WHERE org_id = ?1",
		"INSERT OR IGNORE INTO temp.move_org SELECT id, parent_id, ?2 FROM org"
		" WHERE parent_id = ?1",
	};
	int rc = DB_OK;
	for (int k = 0; k < 3 && rc == DB_OK; k++)
		rc = exec3(db, sql[k], sid, to, NULL, NULL, err);
	return rc;
}

static long
count_of(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql, NULL);
	long n = -1;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

int
db_org_split(struct db *db, const struct actor *who, const char *code, FILE *plan,
    const char *plan_name, const char *date, int dry_run, int with_people,
    struct org_change *out, char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	int rc = org_may_change(who, NULL, err);
	if (rc == DB_OK)
		rc = org_date(date, out->date, err);
	char prev[11];
	if (rc == DB_OK)
		rc = day_before(out->date, prev, err);
	struct plan_row *rows = NULL;
	int n = 0;
	if (rc == DB_OK)
		rc = plan_read(plan, plan_name, &rows, &n, err);
	if (rc != DB_OK)
		return rc;
	if ((rc = db_begin(db, err)) != DB_OK) {
		plan_free(rows, n);
		return rc;
	}
	struct org_info s;
	if ((rc = org_move_begin(db, err)) == DB_OK &&
	    (rc = db_org_find(db, code, &s, err)) == DB_OK &&
	    (rc = org_may_change(who, &s, err)) == DB_OK && s.valid_to[0]) {
		*err = xasprintf(_("agency %s was closed already"), code);
		rc = DB_INVALID;
	}
	int64_t rest = 0;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		int64_t to;
		rc = split_target(db, who, &s, &rows[i], out, &to, err);
		if (rc != DB_OK)
			break;
		if (strcmp(rows[i].member, "*") == 0) {
			if (rest != 0) {
				*err = xasprintf(_("line %ld: %s is in the plan twice"), rows[i].line,
				    "*");
				rc = DB_INVALID;
			}
			rest = to;
		} else
			rc = split_member(db, &s, &rows[i], to, err);
	}
	if (rc == DB_OK && rest != 0)
		rc = split_rest(db, s.id, rest, err);
	/* What stays is no move; and unless something stays, nothing may be left. */
	int stays = 0, changed;
	static const char *const keep[] = {
		"DELETE FROM temp.move_person WHERE to_org = ?1",
		"DELETE FROM temp.move_account WHERE to_org = ?1",
		"DELETE FROM temp.move_org WHERE to_parent = ?1",
	};
	for (int k = 0; k < 3 && rc == DB_OK; k++) {
		rc = exec3(db, keep[k], s.id, 0, NULL, &changed, err);
		stays += changed;
	}
	if (rc == DB_OK && !stays) {
		long people = count_of(db, "SELECT count(*) FROM person WHERE org_id = ?1 AND"
		    " id NOT IN (SELECT person_id FROM temp.move_person)", s.id);
		long orgs = count_of(db, "SELECT count(*) FROM org WHERE parent_id = ?1 AND"
		    " id NOT IN (SELECT org_id FROM temp.move_org)", s.id);
		long accounts = count_of(db, "SELECT count(*) FROM account WHERE org_id = ?1"
		    " AND id NOT IN (SELECT account_id FROM temp.move_account)", s.id);
		if (people != 0 || orgs != 0 || accounts != 0) {
			*err = xasprintf(_("the plan leaves %ld people, %ld agencies and %ld "
			    "accounts of %s without a place (\"*\" names everything else)"),
			    people, orgs, accounts, code);
			rc = DB_INVALID;
		} else if ((rc = close_org(db, s.id, prev, 0, err)) == DB_OK)
			add_code(&out->closed, code);
	}
	if (rc == DB_OK)
		rc = org_move_summary(db, out, with_people, err);
	if (rc == DB_OK)
		rc = org_move_apply(db, who, out->date, "split", err);
	if (rc == DB_OK)
		rc = audit_action(db, who, "split", s.id, code, code, out, err);
	plan_free(rows, n);
	return finish(db, rc, dry_run, err);
}
