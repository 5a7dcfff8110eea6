/*
 * Who looked (viewers.h), read from the audit trail. Reads of one record are
 * found by the audit's (entity, entity_id) index; the lists that named a person
 * carry the ids they listed in their detail ("ids": [...]), searched with
 * SQLite's json_each over the list rows of the trail (a scan of those rows: fine
 * for an agency's trail, the first thing to index when a national one is slow).
 */
#include "db/viewers.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_LIMIT 500

/* Rows of st (at, actor, session, action, entity_id, detail). */
static int
collect(struct db *db, sqlite3_stmt *st, struct viewer_row **out, int *n, char **err)
{
	int cap = 32, count = 0, rc;
	struct viewer_row *v = xmalloc(sizeof *v * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		struct viewer_row *r = &v[count++];
		db_column_copy(st, 0, r->at, sizeof r->at);
		db_column_copy(st, 1, r->actor, sizeof r->actor);
		db_column_copy(st, 2, r->session, sizeof r->session);
		db_column_copy(st, 3, r->action, sizeof r->action);
		r->person_id = sqlite3_column_int64(st, 4);
		db_column_copy(st, 5, r->detail, sizeof r->detail);
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

/* Is the person one who may ask about: its own, or one in an administrator's
 * scope? */
static int
may_ask(struct db *db, const struct actor *who, int64_t person_id, char **err)
{
	if (db_actor_is_self(who)) {
		if (who->person_id != 0 && who->person_id == person_id)
			return DB_OK;
	} else if (db_actor_may_manage_accounts(who)) {
		sqlite3_stmt *st = db_stmt(db, "SELECT o.path FROM person p JOIN org o"
		    " ON o.id = p.org_id WHERE p.id = ?", err);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, person_id);
		bool ok = sqlite3_step(st) == SQLITE_ROW &&
		    db_scope_covers(who, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (ok)
			return DB_OK;
	}
	*err = xstrdup(_("this account may not see who read that record"));
	return DB_DENIED;
}

int
db_viewers_of(struct db *db, const struct actor *who, int64_t person_id,
    struct viewer_row **out, int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	int rc = may_ask(db, who, person_id, err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "SELECT at, actor, session, action, entity_id,"
	    " coalesce(json_extract(after, '$.purpose'), json_extract(after, '$.text'), '')"
	    " FROM audit a WHERE ((a.entity = 'person' AND a.entity_id = ?1"
	    "   AND a.action IN ('view', 'refused view'))"
	    " OR (a.entity = 'proposal' AND a.action = 'view'"
	    "   AND json_extract(a.after, '$.person') = ?1)"
	    " OR (a.entity = 'person' AND a.entity_id IS NULL"
	    "   AND a.action IN ('search', 'list declarations') AND json_valid(a.after)"
	    "   AND EXISTS (SELECT 1 FROM json_each(a.after, '$.ids') WHERE value = ?1)))"
	    " AND a.actor <> ?2 ORDER BY a.seq DESC LIMIT ?3", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	/* A person's own reads are not someone looking at them. */
	sqlite3_bind_text(st, 2, db_actor_is_self(who) ? who->username : "", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, VIEW_LIMIT);
	rc = collect(db, st, out, n, err);
	if (rc != DB_OK)
		return rc;
	char detail[48];
	snprintf(detail, sizeof detail, "{\"person\":%lld}", (long long)person_id);
	rc = db_audit_event(db, who, "list viewers", "person", person_id, detail, err);
	if (rc != DB_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
db_viewed_by(struct db *db, const struct actor *who, const char *username,
    struct viewer_row **out, int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	bool ok = false;
	if (db_actor_may_manage_accounts(who)) {
		sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(o.path, '/') FROM account a"
		    " LEFT JOIN org o ON o.id = a.org_id WHERE a.username = ?", err);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
		ok = sqlite3_step(st) == SQLITE_ROW &&
		    db_scope_covers(who, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	if (!ok) {
		*err = xasprintf(_("no account named %s among those this account manages"),
		    username);
		return DB_DENIED;
	}
	sqlite3_stmt *st = db_stmt(db, "SELECT at, actor, session, action, entity_id,"
	    " coalesce(json_extract(after, '$.purpose'), json_extract(after, '$.text'), '')"
	    " FROM audit WHERE actor = ? AND entity IN ('person', 'proposal')"
	    " AND action IN ('view', 'refused view', 'search', 'list declarations')"
	    " ORDER BY seq DESC LIMIT ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, VIEW_LIMIT);
	int rc = collect(db, st, out, n, err);
	if (rc != DB_OK)
		return rc;
	char *detail = json_object_new("account", username, NULL);
	rc = db_audit_event(db, who, "list views", "account", 0, detail, err);
	free(detail);
	if (rc != DB_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
