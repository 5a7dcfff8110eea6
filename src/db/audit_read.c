/*
 * Reading the audit trail (audit_read.h). The query is built from the filter's
 * parts, each a clause with its bound values. An agency administrator's scope is
 * what the rows are about, as of now: people recorded in its subtree (and their
 * sub-records), accounts of its subtree, and rows written by those accounts. Rows
 * about a person who has since moved out of the subtree, or was deleted, are the
 * national administrator's to read.
 */
#include "db/audit.h"
#include "db/audit_read.h"
#include "db/db_internal.h"
#include "db/org.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows about the people and accounts of a subtree (path range ?lo..?hi, bound
 * four times), or written by its accounts. */
#define IN_SUBTREE \
	"(a.entity = 'person' AND a.entity_id IN (SELECT p.id FROM person p JOIN org o" \
	"   ON o.id = p.org_id WHERE o.path >= ? AND o.path < ?))" \
	" OR (a.entity LIKE 'person_item:%' AND a.entity_id IN (SELECT i.id FROM" \
	"   person_item i JOIN person p ON p.id = i.person_id JOIN org o ON" \
	"   o.id = p.org_id WHERE o.path >= ? AND o.path < ?))" \
	" OR (a.entity = 'account' AND a.entity_id IN (SELECT c.id FROM account c JOIN" \
	"   org o ON o.id = c.org_id WHERE o.path >= ? AND o.path < ?))" \
	" OR a.actor IN (SELECT c.username FROM account c JOIN org o ON o.id = c.org_id" \
	"   WHERE o.path >= ? AND o.path < ?)"

#define MAX_BINDS 24

struct query {
	struct strbuf sql;
	const char *text[MAX_BINDS];
	int64_t     num[MAX_BINDS];
	int         is_num[MAX_BINDS];
	int         n;
	char        ranges[2][2][256];	/* scope and agency: lo, hi */
};

static void
bind_text(struct query *q, const char *s)
{
	q->is_num[q->n] = 0;
	q->text[q->n++] = s;
}

static void
bind_num(struct query *q, int64_t v)
{
	q->is_num[q->n] = 1;
	q->num[q->n++] = v;
}

static void
add_subtree(struct query *q, const char *lo, const char *hi)
{
	sb_adds(&q->sql, " AND (" IN_SUBTREE ")");
	for (int i = 0; i < 4; i++) {
		bind_text(q, lo);
		bind_text(q, hi);
	}
}

/* The person's id, when who may see them. */
static int
person_id(struct db *db, const struct actor *who, const char *id_number, int64_t *id,
    char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT p.id, o.path FROM person p JOIN org o ON"
	    " o.id = p.org_id WHERE p.id_number = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, id_number, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	int found = rc == SQLITE_ROW &&
	    db_scope_covers(who, (const char *)sqlite3_column_text(st, 1));
	if (found)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!found) {
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return DB_NOTFOUND;
	}
	return DB_OK;
}

static int
build(struct db *db, const struct actor *who, const struct audit_filter *f,
    struct query *q, char **err)
{
	sb_adds(&q->sql, "SELECT a.seq, a.at, a.actor, a.session, a.action, a.entity,"
	    " a.entity_id, a.before, a.after FROM audit a WHERE 1");
	if (f->after_seq > 0) {
		sb_adds(&q->sql, " AND a.seq > ?");
		bind_num(q, f->after_seq);
	}
	if (f->before_seq > 0) {
		sb_adds(&q->sql, " AND a.seq < ?");
		bind_num(q, f->before_seq);
	}
	if (f->from != NULL && *f->from) {
		sb_adds(&q->sql, " AND a.at >= ?");
		bind_text(q, f->from);
	}
	if (f->to != NULL && *f->to) {
		sb_adds(&q->sql, " AND a.at < date(?, '+1 day')");
		bind_text(q, f->to);
	}
	if (f->action != NULL && *f->action) {
		sb_adds(&q->sql, " AND a.action = ?");
		bind_text(q, f->action);
	}
	if (f->account != NULL && *f->account) {
		sb_adds(&q->sql, " AND a.actor = ?");
		bind_text(q, f->account);
	}
	if (f->id_number != NULL && *f->id_number) {
		int64_t id = 0;
		int rc = person_id(db, who, f->id_number, &id, err);
		if (rc != DB_OK)
			return rc;
		sb_adds(&q->sql, " AND ((a.entity = 'person' AND a.entity_id = ?) OR"
		    " (a.entity LIKE 'person_item:%' AND a.entity_id IN (SELECT id FROM"
		    " person_item WHERE person_id = ?)))");
		bind_num(q, id);
		bind_num(q, id);
	}
	if (f->org_code != NULL && *f->org_code) {
		struct org_info org;
		int rc = db_org_find(db, f->org_code, &org, err);
		if (rc == DB_OK && !db_scope_covers(who, org.path)) {
			*err = xstrdup(_("no such agency"));
			rc = DB_NOTFOUND;
		}
		if (rc != DB_OK)
			return rc;
		struct actor at = *who;
		snprintf(at.org_path, sizeof at.org_path, "%s", org.path);
		db_scope_range(&at, q->ranges[1][0], q->ranges[1][1]);
		add_subtree(q, q->ranges[1][0], q->ranges[1][1]);
	}
	if (!db_scope_covers(who, "/")) {
		db_scope_range(who, q->ranges[0][0], q->ranges[0][1]);
		add_subtree(q, q->ranges[0][0], q->ranges[0][1]);
	}
	sb_adds(&q->sql, f->newest_first ? " ORDER BY a.seq DESC" : " ORDER BY a.seq");
	if (f->limit > 0) {
		sb_adds(&q->sql, " LIMIT ?");
		bind_num(q, f->limit);
	}
	return DB_OK;
}

/* The reading, as an audit row of its own: what was asked. */
static int
audit_reading(struct db *db, const struct actor *who, const struct audit_filter *f,
    int64_t rows, char **err)
{
	char n[32];
	snprintf(n, sizeof n, "%lld", (long long)rows);
	char *what = json_object_new("id_number", f->id_number ? f->id_number : "",
	    "account", f->account ? f->account : "", "org", f->org_code ? f->org_code : "",
	    "from", f->from ? f->from : "", "to", f->to ? f->to : "",
	    "action", f->action ? f->action : "", "rows", n, NULL);
	int rc = db_audit_event(db, who, "view", "audit", 0, what, err);
	free(what);
	return rc;
}

int
db_audit_read(struct db *db, const struct actor *who, const struct audit_filter *f,
    db_audit_entry_fn fn, void *arg, int64_t *rows, char **err)
{
	*rows = 0;
	if (!db_actor_may_read_audit(who)) {
		*err = xstrdup(_("this account may not read the audit trail"));
		return DB_DENIED;
	}
	struct query q;
	memset(&q, 0, sizeof q);
	sb_init(&q.sql);
	int rc = build(db, who, f, &q, err);
	sqlite3_stmt *st = NULL;
	if (rc == DB_OK && sqlite3_prepare_v2(db_sqlite(db), q.sql.buf, -1, &st, NULL) !=
	    SQLITE_OK)
		rc = db_fail(db, err);
	sb_free(&q.sql);
	if (rc != DB_OK)
		return rc;
	for (int i = 0; i < q.n; i++) {
		if (q.is_num[i])
			sqlite3_bind_int64(st, i + 1, q.num[i]);
		else
			sqlite3_bind_text(st, i + 1, q.text[i], -1, SQLITE_TRANSIENT);
	}
	int r;
	int stopped = 0;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e;
		e.seq = sqlite3_column_int64(st, 0);
		e.at = (const char *)sqlite3_column_text(st, 1);
		e.actor = (const char *)sqlite3_column_text(st, 2);
		e.session = (const char *)sqlite3_column_text(st, 3);
		e.action = (const char *)sqlite3_column_text(st, 4);
		e.entity = (const char *)sqlite3_column_text(st, 5);
		e.has_id = sqlite3_column_type(st, 6) != SQLITE_NULL;
		e.entity_id = sqlite3_column_int64(st, 6);
		e.before = (const char *)sqlite3_column_text(st, 7);
		e.after = (const char *)sqlite3_column_text(st, 8);
		(*rows)++;
		if ((stopped = fn(arg, &e)) != 0)
			break;
	}
	if (!stopped && r != SQLITE_DONE)
		rc = db_fail(db, err);
	sqlite3_finalize(st);
	if (rc != DB_OK)
		return rc;
	return audit_reading(db, who, f, *rows, err);
}

int
db_audit_fields(struct db *db, const char *before, const char *after,
    db_audit_field_fn fn, void *arg, int *fields, char **err)
{
	*fields = 0;
	/* Both sides as (side, key, value); grouped by key, the differing ones. */
	sqlite3_stmt *st = db_stmt(db, "SELECT key, max(CASE side WHEN 0 THEN value END) b,"
	    " max(CASE side WHEN 1 THEN value END) a FROM ("
	    "  SELECT 0 side, key, value FROM json_each(CASE WHEN json_valid(?1) AND"
	    "   json_type(?1) = 'object' THEN ?1 END)"
	    "  UNION ALL SELECT 1, key, value FROM json_each(CASE WHEN json_valid(?2) AND"
	    "   json_type(?2) = 'object' THEN ?2 END))"
	    " GROUP BY key HAVING b IS NOT a OR count(*) < 2 ORDER BY key", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, before, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, after, -1, SQLITE_TRANSIENT);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		(*fields)++;
		fn(arg, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? DB_OK : db_fail(db, err);
}
