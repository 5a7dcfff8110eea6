/*
 * Proposals (proposal.h). What a person may propose is data: the fields and
 * sub-record forms of forms/ marked "owner": "self". A proposal keeps only the
 * fields it changes, each with the value the person saw (before) and the value
 * proposed (after). Approval writes through db_person_update or db_item_save with
 * the approving clerk as the actor, so the record's version check, scope and audit
 * are the usual ones; a field that changed since the person saw it is a conflict,
 * unless it already holds what is to be written (an approval retried after its
 * record was written). The approval's own audit row names both people.
 */
#include "db/proposal.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/person.h"
#include "db/role.h"
#include "form/form.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JSON of every field of r, empty ones too (a field cleared is a change). */
static char *
json_all_new(const struct record *r)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addc(&sb, '{');
	for (int i = 0; i < r->n; i++) {
		if (i > 0)
			sb_addc(&sb, ',');
		sb_add_json_str(&sb, r->names[i]);
		sb_addc(&sb, ':');
		sb_add_json_str(&sb, r->values[i]);
	}
	sb_addc(&sb, '}');
	return sb_detach(&sb);
}

/* The form of one kind's rows ("person" for the record itself). */
static const struct form *
kind_form(const char *kind, char **err)
{
	const struct form *pf = form_get("person", err);
	if (pf == NULL || strcmp(kind, "person") == 0)
		return pf;
	const struct form_grid *g = form_grid(pf, kind);
	if (g == NULL) {
		*err = xasprintf(_("no sub-record is called %s"), kind);
		return NULL;
	}
	return form_get(g->form, err);
}

/* The current values: the person's record, or the sub-record item_id (a new
 * empty record for 0). DB_NOTFOUND when the row is not the person's. */
static int
current_values(struct db *db, const struct actor *who, int64_t person_id,
    const char *kind, int64_t item_id, const char *purpose, struct record **out,
    char **err)
{
	*out = NULL;
	if (strcmp(kind, "person") == 0)
		return db_person_get(db, who, person_id, purpose, out, err);
	struct record **rows;
	int n;
	int rc = db_item_list(db, who, person_id, kind, &rows, &n, err);
	if (rc != DB_OK)
		return rc;
	for (int i = 0; i < n && *out == NULL; i++)
		if (rows[i]->id == item_id)
			*out = record_dup(rows[i]);
	db_records_free(rows, n);
	if (item_id == 0)
		*out = record_new();
	if (*out == NULL) {
		*err = xstrdup(_("that row is no longer in the record"));
		return DB_NOTFOUND;
	}
	return DB_OK;
}

/* Normalise typed against f into before/after of the fields that change; only
 * fields the person declares (self_only) or any of the form's. Problems, one per
 * line, into *err: DB_INVALID. */
static int
diff_fields(const struct form *f, const struct record *cur, const struct record *typed,
    bool self_only, struct record *before, struct record *after, char **err)
{
	struct strbuf problems;
	sb_init(&problems);
	for (int i = 0; i < typed->n; i++) {
		const char *name = typed->names[i];
		const struct form_field *fl = form_field(f, name);
		if (fl == NULL || fl->readonly || (self_only && !fl->self_declared)) {
			sb_addf(&problems, _("%s: not yours to declare; your agency keeps it"),
			    fl != NULL ? _(fl->label) : name);
			sb_addc(&problems, '\n');
			continue;
		}
		char *norm = NULL;
		const char *why = form_value_normalize(fl, typed->values[i], &norm);
		if (why != NULL) {
			sb_addf(&problems, "%s: %s\n", _(fl->label), _(why));
			continue;
		}
		const char *was = record_get(cur, name);
		if (strcmp(was != NULL ? was : "", norm) != 0) {
			record_set(before, name, was != NULL ? was : "");
			record_set(after, name, norm);
		}
		free(norm);
	}
	if (problems.len > 0) {
		problems.buf[problems.len - 1] = '\0';
		*err = sb_detach(&problems);
		return DB_INVALID;
	}
	sb_free(&problems);
	return DB_OK;
}

/* A sub-record as it would be written must pass its form whole (required fields,
 * the period's order). */
static int
check_row(const struct form *f, const struct record *cur, const struct record *after,
    char **err)
{
	struct record *merged = record_dup(cur);
	for (int i = 0; i < after->n; i++)
		record_set(merged, after->names[i], after->values[i]);
	struct form_error *errs = NULL;
	int nerr = form_check_record(f, merged, &errs);
	record_free(merged);
	if (nerr == 0)
		return DB_OK;
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < nerr; i++)
		sb_addf(&sb, "%s%s", i > 0 ? "\n" : "", errs[i].message);
	form_errors_free(errs, nerr);
	*err = sb_detach(&sb);
	return DB_INVALID;
}

int
db_proposal_submit(struct db *db, const struct actor *who, const char *kind,
    int64_t item_id, const struct record *typed, int64_t *id, char **err)
{
	*err = NULL;
	*id = 0;
	if (!db_actor_is_self(who) || who->person_id == 0) {
		*err = xstrdup(_("only a person's own account proposes changes to their record"));
		return DB_DENIED;
	}
	if (strcmp(kind, "person") == 0)
		item_id = 0;
	const struct form *f = kind_form(kind, err);
	if (f == NULL)
		return DB_INVALID;
	if (strcmp(kind, "person") != 0 && !f->self_declared) {
		*err = xasprintf(_("%s: not yours to declare; your agency keeps it"),
		    _(f->title));
		return DB_INVALID;
	}
	struct record *cur;
	int rc = current_values(db, who, who->person_id, kind, item_id, "propose", &cur, err);
	if (rc != DB_OK)
		return rc;
	struct record *before = record_new(), *after = record_new();
	rc = diff_fields(f, cur, typed, true, before, after, err);
	if (rc == DB_OK && after->n == 0) {
		*err = xstrdup(_("nothing to propose: the values are those of the record"));
		rc = DB_INVALID;
	}
	if (rc == DB_OK && strcmp(kind, "person") != 0)
		rc = check_row(f, cur, after, err);
	char *bj = json_all_new(before), *aj = json_all_new(after);
	record_free(cur);
	record_free(before);
	record_free(after);
	if (rc == DB_OK && (rc = db_begin(db, err)) == DB_OK) {
		char now[32];
		db_now(now);
		sqlite3_stmt *st = db_stmt(db, "INSERT INTO proposal (person_id, kind, item_id,"
		    " proposed_by, proposed_at, before, after) VALUES (?,?,?,?,?,?,?)", err);
		if (st == NULL)
			rc = DB_ERROR;
		else {
			sqlite3_bind_int64(st, 1, who->person_id);
			sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 3, item_id);
			sqlite3_bind_text(st, 4, who->username, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 6, bj, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 7, aj, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, err);
			sqlite3_reset(st);
		}
		if (rc == DB_OK) {
			*id = sqlite3_last_insert_rowid(db_sqlite(db));
			rc = db_audit_commit(db, who, "propose", "proposal", *id, bj, aj, err);
		} else
			db_rollback(db);
	}
	free(bj);
	free(aj);
	return rc;
}

#define PROPOSAL_SELECT "SELECT q.id, q.person_id, p.id_number, p.full_name, q.kind," \
	" q.item_id, q.proposed_by, q.proposed_at, q.state, coalesce(q.reason, '')," \
	" coalesce(q.decided_by, ''), coalesce(q.decided_at, ''), q.before, q.after," \
	" q.written, o.path FROM proposal q JOIN person p ON p.id = q.person_id" \
	" JOIN org o ON o.id = p.org_id"

static void
proposal_from_row(sqlite3_stmt *st, struct proposal *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->person_id = sqlite3_column_int64(st, 1);
	db_column_copy(st, 2, p->id_number, sizeof p->id_number);
	db_column_copy(st, 3, p->full_name, sizeof p->full_name);
	db_column_copy(st, 4, p->kind, sizeof p->kind);
	p->item_id = sqlite3_column_int64(st, 5);
	db_column_copy(st, 6, p->proposed_by, sizeof p->proposed_by);
	db_column_copy(st, 7, p->proposed_at, sizeof p->proposed_at);
	db_column_copy(st, 8, p->state, sizeof p->state);
	db_column_copy(st, 9, p->reason, sizeof p->reason);
	db_column_copy(st, 10, p->decided_by, sizeof p->decided_by);
	db_column_copy(st, 11, p->decided_at, sizeof p->decided_at);
	p->before = record_from_json((const char *)sqlite3_column_text(st, 12));
	p->after = record_from_json((const char *)sqlite3_column_text(st, 13));
	if (sqlite3_column_type(st, 14) != SQLITE_NULL)
		p->written = record_from_json((const char *)sqlite3_column_text(st, 14));
	if (p->before == NULL)
		p->before = record_new();
	if (p->after == NULL)
		p->after = record_new();
}

/* May who see proposals at all: its own person's, or those it may write. */
static bool
may_see(const struct actor *who)
{
	return db_actor_is_self(who) || db_actor_may_write(who);
}

int
db_proposal_list(struct db *db, const struct actor *who, const char *state,
    struct proposal **out, int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	if (!may_see(who)) {
		*err = xstrdup(_("your role may not read proposals"));
		return DB_DENIED;
	}
	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	bool self = db_actor_is_self(who);
	char *sql = xasprintf(PROPOSAL_SELECT " WHERE %s AND (?3 IS NULL OR q.state = ?3)"
	    " ORDER BY q.id DESC LIMIT 500", self ? "q.person_id = ?1" :
	    "o.path >= ?1 AND o.path < ?2");
	sqlite3_stmt *st = db_stmt(db, sql, err);
	free(sql);
	if (st == NULL)
		return DB_ERROR;
	if (self)
		sqlite3_bind_int64(st, 1, who->person_id);
	else {
		sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	}
	if (state != NULL)
		sqlite3_bind_text(st, 3, state, -1, SQLITE_TRANSIENT);
	int cap = 16, count = 0, rc;
	struct proposal *v = xmalloc(sizeof *v * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		proposal_from_row(st, &v[count++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_proposals_free(v, count);
		return db_fail(db, err);
	}
	*out = v;
	*n = count;
	return DB_OK;
}

/* The proposal if who may see it (else the one answer for missing ones). */
static int
proposal_load(struct db *db, const struct actor *who, int64_t id, struct proposal *out,
    char **err)
{
	memset(out, 0, sizeof *out);
	if (!may_see(who)) {
		*err = xstrdup(_("your role may not read proposals"));
		return DB_DENIED;
	}
	sqlite3_stmt *st = db_stmt(db, PROPOSAL_SELECT " WHERE q.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	bool seen = false;
	if (rc == SQLITE_ROW) {
		seen = db_actor_sees_person(who, sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 15));
		if (seen)
			proposal_from_row(st, out);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!seen) {
		*err = xasprintf(_("no proposal %lld among those this account may see"),
		    (long long)id);
		return DB_NOTFOUND;
	}
	return DB_OK;
}

int
db_proposal_get(struct db *db, const struct actor *who, int64_t id, struct proposal *out,
    char **err)
{
	*err = NULL;
	int rc = proposal_load(db, who, id, out, err);
	if (rc != DB_OK)
		return rc;
	char detail[64];
	snprintf(detail, sizeof detail, "{\"person\":%lld}", (long long)out->person_id);
	rc = db_audit_event(db, who, "view", "proposal", id, detail, err);
	if (rc != DB_OK)
		db_proposal_clear(out);
	return rc;
}

/* Load a pending proposal for a decision by who. */
static int
decision_load(struct db *db, const struct actor *who, int64_t id, struct proposal *p,
    char **err)
{
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not decide on proposals"));
		return DB_DENIED;
	}
	int rc = proposal_load(db, who, id, p, err);
	if (rc == DB_OK && strcmp(p->state, "pending") != 0) {
		*err = xasprintf(_("proposal %lld was %s already"), (long long)id,
		    strcmp(p->state, "approved") == 0 ? _("approved") : _("returned"));
		db_proposal_clear(p);
		rc = DB_CONFLICT;
	}
	return rc;
}

/* Set the outcome of a pending proposal with its audit row, in one transaction. */
static int
decide(struct db *db, const struct actor *who, const struct proposal *p,
    const char *state, const char *reason, const char *written, char **err)
{
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	char now[32];
	db_now(now);
	sqlite3_stmt *st = db_stmt(db, "UPDATE proposal SET state = ?, reason = ?,"
	    " decided_by = ?, decided_at = ?, written = ? WHERE id = ? AND state = 'pending'",
	    err);
	if (st == NULL) {
		db_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 2, reason);
	sqlite3_bind_text(st, 3, who->username, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	db_bind_text_or_null(st, 5, written);
	sqlite3_bind_int64(st, 6, p->id);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(db_sqlite(db));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, err);
		db_rollback(db);
		return DB_ERROR;
	}
	if (changed != 1) {
		db_rollback(db);
		*err = xasprintf(_("proposal %lld was decided by someone else meanwhile"),
		    (long long)p->id);
		return DB_CONFLICT;
	}
	char pid[24];
	snprintf(pid, sizeof pid, "%lld", (long long)p->person_id);
	char *detail = json_object_new("person", pid, "proposed_by", p->proposed_by,
	    "decided_by", who->username, "state", state, "reason", reason ? reason : "",
	    NULL);
	rc = db_audit_commit(db, who, strcmp(state, "approved") == 0 ? "approve" : "return",
	    "proposal", p->id, NULL, detail, err);
	free(detail);
	return rc;
}

int
db_proposal_return(struct db *db, const struct actor *who, int64_t id, const char *reason,
    char **err)
{
	*err = NULL;
	if (reason == NULL || reason[strspn(reason, " \t")] == '\0') {
		*err = xstrdup(_("say why the proposal goes back: the person reads it"));
		return DB_INVALID;
	}
	struct proposal p;
	int rc = decision_load(db, who, id, &p, err);
	if (rc != DB_OK)
		return rc;
	rc = decide(db, who, &p, "returned", reason, NULL, err);
	db_proposal_clear(&p);
	return rc;
}

/* The values to write: the proposal's, a correction's over them. The correction
 * may touch any field of the form (the clerk keeps the whole record). */
static int
values_to_write(const struct form *f, const struct record *cur, const struct proposal *p,
    const struct record *correction, struct record **out, char **err)
{
	*out = record_dup(p->after);
	if (correction == NULL)
		return DB_OK;
	struct record *cb = record_new(), *ca = record_new();
	int rc = diff_fields(f, cur, correction, false, cb, ca, err);
	for (int i = 0; rc == DB_OK && i < correction->n; i++) {
		/* Normalised as the form stores it; unchanged from the record too. */
		const char *v = record_get(ca, correction->names[i]);
		const char *c = record_get(cur, correction->names[i]);
		record_set(*out, correction->names[i], v != NULL ? v : c != NULL ? c : "");
	}
	record_free(cb);
	record_free(ca);
	return rc;
}

int
db_proposal_approve(struct db *db, const struct actor *who, int64_t id,
    const struct record *correction, char **err)
{
	*err = NULL;
	struct proposal p;
	int rc = decision_load(db, who, id, &p, err);
	if (rc != DB_OK)
		return rc;
	const struct form *f = kind_form(p.kind, err);
	struct record *cur = NULL, *w = NULL;
	if (f == NULL)
		rc = DB_ERROR;
	else
		rc = current_values(db, who, p.person_id, p.kind, p.item_id, "approve", &cur,
		    err);
	if (rc == DB_OK)
		rc = values_to_write(f, cur, &p, correction, &w, err);
	/* What the person saw must still be there, unless it is what is written. */
	for (int i = 0; rc == DB_OK && i < p.before->n; i++) {
		const char *name = p.before->names[i];
		const char *now = record_get(cur, name), *to = record_get(w, name);
		now = now != NULL ? now : "";
		if (strcmp(now, p.before->values[i]) != 0 && (to == NULL ||
		    strcmp(now, to) != 0)) {
			const struct form_field *fl = form_field(f, name);
			*err = xasprintf(_("%s changed since the proposal was made: now \"%s\""),
			    fl != NULL ? _(fl->label) : name, now);
			rc = DB_CONFLICT;
		}
	}
	if (rc == DB_OK) {
		struct record *rec = strcmp(p.kind, "person") == 0 ? record_new() :
		    record_dup(cur);
		rec->id = strcmp(p.kind, "person") == 0 ? p.person_id : cur->id;
		rec->version = cur->version;
		for (int i = 0; i < w->n; i++)
			record_set(rec, w->names[i], w->values[i]);
		rc = strcmp(p.kind, "person") == 0 ? db_person_update(db, who, rec, err) :
		    db_item_save(db, who, p.person_id, p.kind, rec, err);
		record_free(rec);
	}
	if (rc == DB_OK) {
		char *wj = json_all_new(w);
		rc = decide(db, who, &p, "approved", NULL, wj, err);
		free(wj);
	}
	record_free(cur);
	record_free(w);
	db_proposal_clear(&p);
	return rc;
}

void
db_proposal_clear(struct proposal *p)
{
	record_free(p->before);
	record_free(p->after);
	record_free(p->written);
	p->before = p->after = p->written = NULL;
}

void
db_proposals_free(struct proposal *v, int n)
{
	for (int i = 0; i < n; i++)
		db_proposal_clear(&v[i]);
	free(v);
}
