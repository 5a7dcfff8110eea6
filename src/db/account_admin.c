/*
 * An administrator's changes to an existing account: its name, role, agency and
 * language in one edit; a password reset to a temporary password that must be
 * changed at the next sign-in; and that change, made by the owner. The scope rule
 * is the one of creation, checked against both the account's agency now and the
 * one it moves to: an agency administrator manages accounts of its subtree only,
 * and never makes or touches a national administrator, whatever door the request
 * comes through.
 */
#include "db/account.h"
#include "db/account_internal.h"
#include "db/db_internal.h"
#include "db/org.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The account as it is, for the edit's checks and its audit's "before". */
struct current {
	int64_t   id;
	char      path[256];
	enum role role;
	char      org_code[40];
	char      full_name[128];
	char      lang[4];
};

static int
current_load(struct db *db, const char *username, struct current *c, char **err)
{
	int rc = account_lookup(db, username, &c->id, c->path, &c->role, err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(o.code, ''), a.full_name, a.lang"
	    " FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, c->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, err);
	}
	snprintf(c->org_code, sizeof c->org_code, "%s", sqlite3_column_text(st, 0));
	snprintf(c->full_name, sizeof c->full_name, "%s", sqlite3_column_text(st, 1));
	snprintf(c->lang, sizeof c->lang, "%s", sqlite3_column_text(st, 2));
	sqlite3_reset(st);
	return DB_OK;
}

/* The edit's checks; fills the new agency's id (0: none) and path. */
static int
edit_check(struct db *db, const struct actor *who, const char *username,
    const struct current *c, const struct account_edit *e, int64_t *org_id,
    char new_path[256], char **err)
{
	int manages = account_may_manage_account(who, c->path, c->role);
	int own = strcmp(who->username, username) == 0;
	/* Owners choose their own name and language; nothing that widens a scope. */
	if (!manages && !(own && !e->role_set && e->org_code == NULL)) {
		*err = xstrdup(_("you may not change that account"));
		return DB_DENIED;
	}
	if (e->lang != NULL && strcmp(e->lang, "vi") != 0 && strcmp(e->lang, "en") != 0) {
		*err = xstrdup(_("the language must be vi or en"));
		return DB_INVALID;
	}
	enum role role = e->role_set ? e->role : c->role;
	const char *code = e->org_code != NULL ? e->org_code : c->org_code;
	snprintf(new_path, 256, "%s", c->path);
	*org_id = -1;	/* unchanged */
	if (e->org_code != NULL && *e->org_code) {
		struct org_info org;
		if (db_org_find(db, e->org_code, &org, err) != DB_OK)
			return DB_INVALID;
		*org_id = org.id;
		snprintf(new_path, 256, "%s", org.path);
	} else if (e->org_code != NULL) {
		*org_id = 0;
		snprintf(new_path, 256, "/");
	}
	if (*code == '\0' && role != ROLE_NATIONAL_ADMIN) {
		*err = xstrdup(_("every account except a national administrator belongs to an agency"));
		return DB_INVALID;
	}
	if ((e->role_set || e->org_code != NULL) &&
	    !account_may_manage_account(who, new_path, role)) {
		*err = xstrdup(_("you may not create accounts for that agency or role"));
		return DB_DENIED;
	}
	return DB_OK;
}

int
db_account_edit(struct db *db, const struct actor *who, const char *username,
    const struct account_edit *e, char **err)
{
	*err = NULL;
	struct current c;
	int rc = current_load(db, username, &c, err);
	if (rc != DB_OK)
		return rc;
	int64_t org_id;
	char new_path[256];
	if ((rc = edit_check(db, who, username, &c, e, &org_id, new_path, err)) != DB_OK)
		return rc;
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	sqlite3_stmt *st = db_stmt(db, "UPDATE account SET full_name = coalesce(?, full_name),"
	    " role = coalesce(?, role), lang = coalesce(?, lang),"
	    " org_id = CASE WHEN ? < 0 THEN org_id ELSE nullif(?, 0) END WHERE id = ?", err);
	if (st == NULL)
		goto fail;
	if (e->full_name != NULL)
		sqlite3_bind_text(st, 1, e->full_name, -1, SQLITE_TRANSIENT);
	if (e->role_set)
		sqlite3_bind_text(st, 2, db_role_name(e->role), -1, SQLITE_STATIC);
	if (e->lang != NULL)
		sqlite3_bind_text(st, 3, e->lang, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, org_id);
	sqlite3_bind_int64(st, 5, org_id);
	sqlite3_bind_int64(st, 6, c.id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	char *before = json_object_new("full_name", c.full_name, "role", db_role_name(c.role),
	    "org", c.org_code, "lang", c.lang, NULL);
	char *after = json_object_new("full_name", e->full_name ? e->full_name : c.full_name,
	    "role", db_role_name(e->role_set ? e->role : c.role),
	    "org", e->org_code ? e->org_code : c.org_code, "lang", e->lang ? e->lang : c.lang,
	    NULL);
	rc = db_audit_commit(db, who, "update", "account", c.id, before, after, err);
	free(before);
	free(after);
	return rc;
fail:
	db_rollback(db);
	return DB_ERROR;
}

/* Letters and digits that cannot be mistaken for each other when read aloud over
 * the telephone or copied from paper (no 0/o, 1/l/i). */
static const char tmp_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

int
db_account_reset_password(struct db *db, const struct actor *who, const char *username,
    char tmp[ACCOUNT_TMP_PASSWORD_LEN + 1], char **err)
{
	*err = NULL;
	if (strcmp(who->username, username) == 0 && who->account_id != 0) {
		*err = xstrdup(_("change your own password instead of resetting it"));
		return DB_INVALID;
	}
	for (int i = 0; i < ACCOUNT_TMP_PASSWORD_LEN; i++)
		tmp[i] = tmp_alphabet[randombytes_uniform(sizeof tmp_alphabet - 1)];
	tmp[ACCOUNT_TMP_PASSWORD_LEN] = '\0';
	char hash[crypto_pwhash_STRBYTES];
	int rc = account_hash_password(tmp, hash, err);
	if (rc == DB_OK)
		rc = account_update(db, who, username,
		    "UPDATE account SET pw_hash = ?, must_change = 1 WHERE id = ?", hash, 0,
		    "{\"password\":\"reset\",\"must_change\":true}", err);
	if (rc != DB_OK)
		sodium_memzero(tmp, ACCOUNT_TMP_PASSWORD_LEN + 1);
	return rc;
}

int
db_account_must_change(struct db *db, const char *username, bool *out, char **err)
{
	*err = NULL;
	*out = false;
	sqlite3_stmt *st = db_stmt(db, "SELECT must_change FROM account WHERE username = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	return rc == SQLITE_ROW ? DB_OK : DB_NOTFOUND;
}

int
db_account_change_own_password(struct db *db, const struct actor *who,
    const char *password, char **err)
{
	*err = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(pw_hash, '') FROM account"
	    " WHERE username = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, who->username, -1, SQLITE_TRANSIENT);
	char hash[crypto_pwhash_STRBYTES + 1] = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(hash, sizeof hash, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	/* A temporary password was seen by whoever reset it: keeping it is no change. */
	if (hash[0] && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0) {
		*err = xstrdup(_("choose a password different from the current one"));
		return DB_INVALID;
	}
	return db_account_set_password(db, who, who->username, password, err);
}
