/*
 * Self accounts (account_self.h). The account is made by account.c's own functions
 * (its checks of name, agency and role apply), then bound to the person in a
 * second transaction: if that fails, the account is left bound to nobody, which
 * sees nothing, and is locked. The partial unique index of account.person_id
 * (schema) keeps one account per person even when two administrators race.
 */
#include "db/account_self.h"
#include "db/account.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/org.h"
#include "db/person.h"
#include "db/role.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The account already bound to the person, into name (empty when none). */
static int
bound_account(struct db *db, int64_t person_id, char name[64], char **err)
{
	name[0] = '\0';
	sqlite3_stmt *st = db_stmt(db, "SELECT username FROM account WHERE person_id = ?",
	    err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(name, 64, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

static int
bind_person(struct db *db, const struct actor *who, const char *username,
    int64_t person_id, const char *id_number, char **err)
{
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	sqlite3_stmt *st = db_stmt(db, "UPDATE account SET person_id = ? WHERE username = ?"
	    " AND role = 'self' AND person_id IS NULL", err);
	if (st == NULL) {
		db_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, username, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (db_unique_violation(db, rc)) {
		db_rollback(db);
		*err = xasprintf(_("the person %s has an account already"), id_number);
		return DB_CONFLICT;
	}
	if (rc != SQLITE_DONE || sqlite3_changes(db_sqlite(db)) != 1) {
		db_fail(db, err);
		db_rollback(db);
		return DB_ERROR;
	}
	int64_t account_id = 0;
	st = db_stmt(db, "SELECT id FROM account WHERE username = ?", err);
	if (st == NULL) {
		db_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		account_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	char *after = json_object_new("username", username, "person", id_number, NULL);
	rc = db_audit_commit(db, who, "bind", "account", account_id, NULL, after, err);
	free(after);
	return rc;
}

int
db_account_add_self(struct db *db, const struct actor *who, const char *username,
    const char *id_number, const char *password, const char *key_line, char **err)
{
	*err = NULL;
	if (!db_actor_may_manage_accounts(who)) {
		*err = xstrdup(_("you may not create accounts for that agency or role"));
		return DB_DENIED;
	}
	struct record *p = NULL;
	int rc = db_person_get_by_idnum(db, who, id_number, "bind account", &p, err);
	if (rc != DB_OK)
		return rc;
	char taken[64];
	rc = bound_account(db, p->id, taken, err);
	if (rc == DB_OK && taken[0]) {
		*err = xasprintf(_("the person %s has an account already: %s"), id_number,
		    taken);
		rc = DB_CONFLICT;
	}
	if (rc == DB_OK) {
		const char *name = record_get(p, "full_name");
		const char *org = record_get(p, "org_code");
		rc = key_line != NULL ?
		    db_account_add_with_key(db, who, username, name, ROLE_SELF, org, key_line,
		    err) :
		    db_account_add(db, who, username, name, ROLE_SELF, org, password, err);
	}
	if (rc == DB_OK && (rc = bind_person(db, who, username, p->id, id_number, err)) !=
	    DB_OK) {
		char *e = NULL;
		db_account_set_locked(db, who, username, true, &e);
		free(e);
	}
	record_free(p);
	return rc;
}

int
db_self_unbound_list(struct db *db, const struct actor *who, const char *org_code,
    struct self_candidate **out, int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	struct org_info org;
	int rc = db_org_find(db, org_code, &org, err);
	if (rc != DB_OK)
		return rc;
	if (!db_actor_may_manage_accounts(who) || !db_scope_covers(who, org.path)) {
		free(*err);
		*err = xasprintf(_("the agency %s is outside your scope"), org_code);
		return DB_DENIED;
	}
	struct actor sub = *who;
	snprintf(sub.org_path, sizeof sub.org_path, "%s", org.path);
	char lo[256], hi[256];
	db_scope_range(&sub, lo, hi);
	sqlite3_stmt *st = db_stmt(db, "SELECT p.id, p.id_number, p.full_name FROM person p"
	    " JOIN org o ON o.id = p.org_id WHERE o.path >= ? AND o.path < ?"
	    " AND NOT EXISTS (SELECT 1 FROM account a WHERE a.person_id = p.id)"
	    " ORDER BY p.id_number", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	int cap = 16, count = 0;
	struct self_candidate *v = xmalloc(sizeof *v * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		v[count].person_id = sqlite3_column_int64(st, 0);
		snprintf(v[count].id_number, sizeof v[count].id_number, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(v[count].full_name, sizeof v[count].full_name, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		count++;
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
