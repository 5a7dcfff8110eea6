/*
 * Declaration status (declare.h): one read over the person table of a subtree,
 * with each person's first proposal and own account, under the actor's scope.
 */
#include "db/declare.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/org.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
db_declare_status_list(struct db *db, const struct actor *who, const char *org_code,
    struct declare_status **out, int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	if (!db_actor_may_read_records(who)) {
		*err = xstrdup(_("your role may not list the agency's people"));
		return DB_DENIED;
	}
	struct actor scope = *who;
	if (org_code != NULL && *org_code) {
		struct org_info org;
		int rc = db_org_find(db, org_code, &org, err);
		if (rc != DB_OK)
			return rc;
		if (!db_scope_covers(who, org.path)) {
			free(*err);
			*err = xasprintf(_("the agency %s is outside your scope"), org_code);
			return DB_DENIED;
		}
		snprintf(scope.org_path, sizeof scope.org_path, "%s", org.path);
	}
	char lo[256], hi[256];
	db_scope_range(&scope, lo, hi);
	sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.id_number, p.full_name, o.code,"
	    " p.created_at, (SELECT min(q.proposed_at) FROM proposal q"
	    "   WHERE q.person_id = p.id),"
	    " a.username, a.last_login FROM person p JOIN org o ON o.id = p.org_id"
	    " LEFT JOIN account a ON a.person_id = p.id"
	    " WHERE o.path >= ? AND o.path < ? ORDER BY p.id_number", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	int cap = 64, count = 0, rc;
	struct declare_status *v = xmalloc(sizeof *v * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		struct declare_status *d = &v[count++];
		d->person_id = sqlite3_column_int64(st, 0);
		db_column_copy(st, 1, d->id_number, sizeof d->id_number);
		db_column_copy(st, 2, d->full_name, sizeof d->full_name);
		db_column_copy(st, 3, d->org_code, sizeof d->org_code);
		db_column_copy(st, 4, d->created_at, sizeof d->created_at);
		db_column_copy(st, 5, d->declared_at, sizeof d->declared_at);
		db_column_copy(st, 6, d->account, sizeof d->account);
		db_column_copy(st, 7, d->last_login, sizeof d->last_login);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err);
	}
	/* A list of names is a disclosure too: who was listed goes to the trail. */
	struct strbuf d;
	sb_init(&d);
	sb_adds(&d, "{\"org\":");
	sb_add_json_str(&d, org_code != NULL ? org_code : "");
	sb_adds(&d, ",\"ids\":[");
	for (int i = 0; i < count; i++) {
		if (i > 0)
			sb_addc(&d, ',');
		sb_add_ull(&d, (unsigned long long)v[i].person_id);
	}
	sb_adds(&d, "]}");
	rc = db_audit_event(db, who, "list declarations", "person", 0, d.buf, err);
	sb_free(&d);
	if (rc != DB_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n = count;
	return DB_OK;
}
