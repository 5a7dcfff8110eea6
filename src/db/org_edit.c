/*
 * Agencies one at a time: add, rename, move. Each is one transaction with its
 * audit row; a move takes the kept headcounts of the subtree along
 * (db_stat_subtree_move) instead of counting everyone again.
 */
#include "db/org.h"
#include "db/org_internal.h"
#include "db/db_internal.h"
#include "db/role.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

int
org_may_change(const struct actor *who, const struct org_info *o, char **err)
{
	if (!db_actor_may_change_agencies(who)) {
		*err = xstrdup(_("your role may not change the agency tree"));
		return DB_DENIED;
	}
	/* An agency administrator changes what is under its agency, not the agency
	 * that is its own scope (nor anything outside it). */
	if (o != NULL && (!db_scope_covers(who, o->path) ||
	    (who->role != ROLE_NATIONAL_ADMIN && o->id == who->org_id))) {
		*err = xasprintf(_("agency %s is outside what this account may change"),
		    o->code);
		return DB_DENIED;
	}
	return DB_OK;
}

int
org_date(const char *in, char iso[11], char **err)
{
	if (in == NULL || *in == '\0') {
		date_today(iso);
		return DB_OK;
	}
	const char *bad = date_parse(in, iso);
	if (bad != NULL) {
		*err = xasprintf("%s: %s", in, _(bad));
		return DB_INVALID;
	}
	return DB_OK;
}

int
org_insert(struct db *db, const struct actor *who, const char *code, const char *name,
    int64_t parent_id, const char *valid_from, int64_t *id, char **err)
{
	if (!db_org_code_ok(code)) {
		*err = xasprintf(_("\"%s\" is not an agency code (A-Z, 0-9 and dots, at most "
		    "35)"), code);
		return DB_INVALID;
	}
	if (name == NULL || *name == '\0') {
		*err = xasprintf(_("agency %s needs a name"), code);
		return DB_INVALID;
	}
	struct org_info o;
	char *e = NULL;
	if (db_org_find(db, code, &o, &e) == DB_OK) {
		*err = xasprintf(_("agency %s exists already"), code);
		return DB_CONFLICT;
	}
	free(e);
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO org (code, name, parent_id, path,"
	    " valid_from) VALUES (?, ?, nullif(?, 0), '/', ?)", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, parent_id);
	db_bind_text_or_null(st, 4, valid_from ? valid_from : "");
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	*id = sqlite3_last_insert_rowid(db_sqlite(db));
	struct strbuf problems;
	sb_init(&problems);
	rc = org_recompute_paths(db, &problems, err);
	sb_free(&problems);
	if (rc == DB_OK)
		rc = db_stat_tree_sync_kept(db, err);
	if (rc == DB_OK) {
		char *after = json_object_new("code", code, "name", name, "valid_from",
		    valid_from ? valid_from : "", NULL);
		rc = db_audit(db, who, "insert", "org", *id, NULL, after, err);
		free(after);
	}
	return rc;
}

char *
org_closed_message_new(const char *code, const char *valid_to, const char *successor)
{
	if (valid_to == NULL || *valid_to == '\0')
		return NULL;
	char d[11];
	date_display(valid_to, d);
	return successor != NULL && *successor ?
	    xasprintf(_("agency %s was merged into %s after %s"), code, successor, d) :
	    xasprintf(_("agency %s was closed after %s"), code, d);
}

/* Find code as an agency that exists now. */
static int
find_open(struct db *db, const char *code, struct org_info *o, char **err)
{
	int rc = db_org_find(db, code, o, err);
	if (rc == DB_OK && o->valid_to[0]) {
		*err = org_closed_message_new(code, o->valid_to, o->merged_into);
		return DB_INVALID;
	}
	return rc;
}

int
db_org_add(struct db *db, const struct actor *who, const char *code, const char *name,
    const char *parent, const char *date, char **err)
{
	*err = NULL;
	char day[11];
	int rc;
	if (date != NULL && *date && (rc = org_date(date, day, err)) != DB_OK)
		return rc;
	if ((rc = db_begin(db, err)) != DB_OK)
		return rc;
	struct org_info p;
	memset(&p, 0, sizeof p);
	if (parent != NULL && *parent)
		rc = find_open(db, parent, &p, err);
	if (rc == DB_OK) {
		/* Under an agency the account may see; a root is the nation's to add. */
		rc = org_may_change(who, NULL, err);
		if (rc == DB_OK && (p.id == 0 ? who->role != ROLE_NATIONAL_ADMIN :
		    !db_scope_covers(who, p.path))) {
			*err = xstrdup(_("this account may add agencies only under its own"));
			rc = DB_DENIED;
		}
	}
	char *clean = text_clean_new(name ? name : "");
	int64_t id;
	if (rc == DB_OK)
		rc = org_insert(db, who, code, clean, p.id, date && *date ? day : NULL, &id, err);
	free(clean);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

int
db_org_rename(struct db *db, const struct actor *who, const char *code, const char *name,
    char **err)
{
	*err = NULL;
	char *clean = text_clean_new(name ? name : "");
	int begun = *clean != '\0';
	int rc = begun ? db_begin(db, err) : DB_INVALID;
	if (rc == DB_INVALID)
		*err = xasprintf(_("agency %s needs a name"), code);
	struct org_info o;
	if (rc == DB_OK && (rc = db_org_find(db, code, &o, err)) == DB_OK &&
	    (rc = org_may_change(who, &o, err)) == DB_OK) {
		sqlite3_stmt *st = db_stmt(db, "UPDATE org SET name = ?, version = version + 1"
		    " WHERE id = ?", err);
		if (st == NULL)
			rc = DB_ERROR;
		else {
			sqlite3_bind_text(st, 1, clean, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, o.id);
			rc = sqlite3_step(st) == SQLITE_DONE ? DB_OK : db_fail(db, err);
			sqlite3_reset(st);
		}
		if (rc == DB_OK) {
			char *b = json_object_new("name", o.name, NULL);
			char *a = json_object_new("name", clean, NULL);
			rc = db_audit(db, who, "update", "org", o.id, b, a, err);
			free(b);
			free(a);
		}
	}
	free(clean);
	if (rc != DB_OK) {
		if (begun)
			db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

int
db_org_move(struct db *db, const struct actor *who, const char *code, const char *parent,
    char **err)
{
	*err = NULL;
	int rc = db_begin(db, err);
	if (rc != DB_OK)
		return rc;
	struct org_info o, p;
	if ((rc = find_open(db, code, &o, err)) != DB_OK ||
	    (rc = org_may_change(who, &o, err)) != DB_OK ||
	    (rc = find_open(db, parent, &p, err)) != DB_OK)
		goto fail;
	if (!db_scope_covers(who, p.path)) {
		*err = xasprintf(_("agency %s is outside what this account may change"), parent);
		rc = DB_DENIED;
		goto fail;
	}
	if (strncmp(p.path, o.path, strlen(o.path)) == 0) {
		*err = xasprintf(_("agency %s is under %s: it cannot go under it"), parent, code);
		rc = DB_INVALID;
		goto fail;
	}
	if ((rc = db_stat_subtree_move(db, o.id, p.id, err)) != DB_OK)
		goto fail;
	sqlite3_stmt *st = db_stmt(db, "UPDATE org SET parent_id = ?, version = version + 1"
	    " WHERE id = ?", err);
	if (st == NULL) {
		rc = DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, p.id);
	sqlite3_bind_int64(st, 2, o.id);
	rc = sqlite3_step(st) == SQLITE_DONE ? DB_OK : db_fail(db, err);
	sqlite3_reset(st);
	struct strbuf problems;
	sb_init(&problems);
	if (rc == DB_OK && (rc = org_recompute_paths(db, &problems, err)) != DB_OK &&
	    *err == NULL)
		*err = sb_detach(&problems);
	sb_free(&problems);
	if (rc == DB_OK)
		rc = db_stat_tree_sync_kept(db, err);
	if (rc == DB_OK) {
		char *b = json_object_new("parent", o.parent_code, NULL);
		char *a = json_object_new("parent", parent, NULL);
		rc = db_audit(db, who, "move", "org", o.id, b, a, err);
		free(b);
		free(a);
	}
	if (rc == DB_OK)
		return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}
