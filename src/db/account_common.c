/*
 * What the account modules share (account_internal.h): who may manage which
 * account, finding one, and one audited change of a column. Kept apart so that
 * creation and sign-in (account.c), edits (account_admin.c) and keys
 * (account_key.c) all lean on it without leaning on each other in a circle.
 */
#include "db/account.h"
#include "db/account_internal.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
account_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], char **err)
{
	if (strlen(pw) < 8) {
		*err = xstrdup(_("a password needs at least 8 characters"));
		return DB_INVALID;
	}
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		*err = xstrdup(_("not enough memory to hash the password"));
		return DB_ERROR;
	}
	return DB_OK;
}

int
account_may_manage(const struct actor *who, const char *org_path)
{
	if (who->role == ROLE_NATIONAL_ADMIN)
		return 1;
	return who->role == ROLE_AGENCY_ADMIN && db_scope_covers(who, org_path);
}

int
account_may_manage_account(const struct actor *who, const char *org_path, enum role role)
{
	/* A national administrator's account is a national administrator's business,
	 * whatever agency it is filed under. */
	if (role == ROLE_NATIONAL_ADMIN && who->role != ROLE_NATIONAL_ADMIN)
		return 0;
	return account_may_manage(who, org_path);
}

int
account_lookup(struct db *db, const char *username, int64_t *id, char path[256],
    enum role *role, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT a.id, coalesce(o.path, '/'), a.role FROM account a"
	    " LEFT JOIN org o ON o.id = a.org_id WHERE a.username = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err);
		*err = xasprintf(_("no account is named %s"), username);
		return DB_NOTFOUND;
	}
	*id = sqlite3_column_int64(st, 0);
	snprintf(path, 256, "%s", (const char *)sqlite3_column_text(st, 1));
	enum role r = ROLE_VIEWER;
	db_role_parse((const char *)sqlite3_column_text(st, 2), &r);
	if (role != NULL)
		*role = r;
	sqlite3_reset(st);
	return DB_OK;
}

int
account_change_begin(struct db *db, const struct actor *who, const char *username,
    int64_t *id, char **err)
{
	char path[256];
	enum role role;
	int rc = account_lookup(db, username, id, path, &role, err);
	if (rc != DB_OK)
		return rc;
	if (!account_may_manage_account(who, path, role) && strcmp(who->username, username) != 0) {
		*err = xstrdup(_("you may not change that account"));
		return DB_DENIED;
	}
	return db_begin(db, err) == DB_OK ? DB_OK : DB_ERROR;
}

int
account_update(struct db *db, const struct actor *who, const char *username,
    const char *sql, const char *value, int ivalue, const char *what, char **err)
{
	*err = NULL;
	int64_t id;
	int rc = account_change_begin(db, who, username, &id, err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (st == NULL)
		goto fail;
	if (value != NULL)
		sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int(st, 1, ivalue);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	return db_audit_commit(db, who, "update", "account", id, NULL, what, err);
fail:
	db_rollback(db);
	return DB_ERROR;
}
