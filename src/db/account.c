/*
 * Accounts and sign-in. Passwords are Argon2id strings from libsodium's
 * crypto_pwhash_str (self-describing, so parameters can rise: a sign-in with an
 * outdated hash rehashes it). Wrong passwords are counted per account and source
 * address (db/throttle.c), so that every process — each SSH session is its own —
 * sees the same count: the delay grows with them, and too many pause password
 * sign-in to that account from that source only. A registered key always gets in
 * (an administrator's lock aside). A name a client sent is stored only as
 * printable ASCII, as the log shows it.
 */
#include "db/account.h"
#include "db/account_internal.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/org.h"
#include "db/role.h"
#include "db/throttle.h"
#include "core/text.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n == 0 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)u[i]) || isdigit((unsigned char)u[i]) ||
		    u[i] == '.' || u[i] == '_' || u[i] == '-'))
			return 0;
	return 1;
}

/* The account row and its audit row; password NULL leaves it without one (the
 * callers make sure it gets a key). */
static int
account_insert(struct db *db, const struct actor *who, const char *username,
    const char *full_name, enum role role, const char *org_code, const char *password,
    char **err)
{
	if (!username_ok(username)) {
		*err = xasprintf(_("\"%s\" is not a valid account name (1-32 of a-z, 0-9, . _ -)"),
		    username);
		return DB_INVALID;
	}
	struct org_info org;
	int64_t org_id = 0;
	const char *path = "/";
	if (org_code != NULL && *org_code) {
		if (db_org_find(db, org_code, &org, err) != DB_OK)
			return DB_INVALID;
		org_id = org.id;
		path = org.path;
	} else if (role != ROLE_NATIONAL_ADMIN) {
		*err = xstrdup(_("every account except a national administrator belongs to an agency"));
		return DB_INVALID;
	}
	if (!account_may_manage_account(who, path, role)) {
		*err = xstrdup(_("you may not create accounts for that agency or role"));
		return DB_DENIED;
	}
	char hash[crypto_pwhash_STRBYTES] = "";
	if (password != NULL) {
		int rc = account_hash_password(password, hash, err);
		if (rc != DB_OK)
			return rc;
	}
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	char now[32];
	db_now(now);
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO account (username, full_name, pw_hash, role,"
	    " org_id, created_at) VALUES (?,?,?,?,nullif(?,0),?)", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, full_name ? full_name : "", -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, hash);
	sqlite3_bind_text(st, 4, db_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, org_id);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (db_unique_violation(db, rc)) {
		*err = xasprintf(_("an account named %s already exists"), username);
		db_rollback(db);
		return DB_CONFLICT;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	int64_t id = sqlite3_last_insert_rowid(db_sqlite(db));
	char *after = json_object_new("username", username, "role", db_role_name(role),
	    "org", org_code, NULL);
	rc = db_audit_commit(db, who, "insert", "account", id, NULL, after, err);
	free(after);
	return rc;
fail:
	db_rollback(db);
	return DB_ERROR;
}

/* An account without a password or a key is one nobody can sign in to, made by
 * mistake (a script that forgot --password-stdin): refused, saying how to give one. */
#define MSG_NO_CREDENTIAL N_("an account needs a password or a key: give the password" \
	" on standard input with --password-stdin, or a public key with --key \"ssh-ed25519" \
	" AAAA...\"")

int
db_account_add(struct db *db, const struct actor *who, const char *username,
    const char *full_name, enum role role, const char *org_code, const char *password,
    char **err)
{
	*err = NULL;
	if (password == NULL) {
		*err = xstrdup(_(MSG_NO_CREDENTIAL));
		return DB_INVALID;
	}
	return account_insert(db, who, username, full_name, role, org_code, password, err);
}

int
db_account_add_with_key(struct db *db, const struct actor *who, const char *username,
    const char *full_name, enum role role, const char *org_code, const char *key_line,
    char **err)
{
	*err = NULL;
	char type[64], blob[8192], comment[256] = "";
	int rc = account_key_parse(key_line, type, blob, comment, err);
	if (rc == DB_OK)
		rc = account_insert(db, who, username, full_name, role, org_code, NULL, err);
	if (rc == DB_OK && (rc = db_account_key_add(db, who, username, key_line, err)) != DB_OK) {
		/* The key was refused (registered to another account): no account may
		 * stay behind without a way in. */
		char *e = NULL;
		db_account_set_locked(db, who, username, true, &e);
		free(e);
	}
	return rc;
}

int
db_account_set_password(struct db *db, const struct actor *who, const char *username,
    const char *password, char **err)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = account_hash_password(password, hash, err);
	if (rc != DB_OK)
		return rc;
	/* The owner's own choice ends a temporary password's term; an administrator's
	 * choice for someone else leaves the flag as it was (a reset sets it). */
	int own = who->account_id != 0 && strcmp(who->username, username) == 0;
	return account_update(db, who, username, own ?
	    "UPDATE account SET pw_hash = ?, must_change = 0 WHERE id = ?" :
	    "UPDATE account SET pw_hash = ? WHERE id = ?",
	    hash, 0, "{\"password\":\"changed\"}", err);
}

int
db_account_set_locked(struct db *db, const struct actor *who, const char *username,
    bool locked, char **err)
{
	return account_update(db, who, username, "UPDATE account SET locked = ? WHERE id = ?",
	    NULL, locked ? 1 : 0, locked ? "{\"locked\":true}" : "{\"locked\":false}", err);
}

int
db_account_set_lang(struct db *db, const struct actor *who, const char *username,
    const char *lang, char **err)
{
	if (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0) {
		*err = xstrdup(_("the language must be vi or en"));
		return DB_INVALID;
	}
	char what[32];
	snprintf(what, sizeof what, "{\"lang\":\"%s\"}", lang);
	return account_update(db, who, username, "UPDATE account SET lang = ? WHERE id = ?",
	    lang, 0, what, err);
}

int
db_account_list(struct db *db, const struct actor *who, struct account_info **out,
    int *n, char **err)
{
	*err = NULL;
	/* The list of accounts is the administrators' (a clerk's menu has no door to
	 * it, and no command either). */
	if (!db_actor_may_manage_accounts(who)) {
		*err = xstrdup(_("only administrators may list accounts"));
		return DB_DENIED;
	}
	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.username, a.full_name, a.role,"
	    " coalesce(o.code, ''), a.lang, a.locked, a.created_at, coalesce(a.last_login, ''),"
	    " coalesce(o.name, ''), a.must_change"
	    " FROM account a LEFT JOIN org o ON o.id = a.org_id"
	    " WHERE coalesce(o.path, '/') >= ? AND coalesce(o.path, '/') < ?"
	    " AND (? OR a.role <> 'admin') ORDER BY a.username", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	/* National administrators are listed to national administrators only: no one
	 * else may manage them, wherever they are filed. */
	sqlite3_bind_int(st, 3, who->role == ROLE_NATIONAL_ADMIN);
	int cap = 16, count = 0;
	struct account_info *v = xcalloc((size_t)cap, sizeof *v);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		struct account_info *a = &v[count++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(st, 0);
		snprintf(a->username, sizeof a->username, "%s", sqlite3_column_text(st, 1));
		snprintf(a->full_name, sizeof a->full_name, "%s", sqlite3_column_text(st, 2));
		db_role_parse((const char *)sqlite3_column_text(st, 3), &a->role);
		snprintf(a->org_code, sizeof a->org_code, "%s", sqlite3_column_text(st, 4));
		snprintf(a->lang, sizeof a->lang, "%s", sqlite3_column_text(st, 5));
		a->locked = sqlite3_column_int(st, 6) != 0;
		snprintf(a->created_at, sizeof a->created_at, "%s", sqlite3_column_text(st, 7));
		snprintf(a->last_login, sizeof a->last_login, "%s", sqlite3_column_text(st, 8));
		snprintf(a->org_name, sizeof a->org_name, "%s", sqlite3_column_text(st, 9));
		a->must_change = sqlite3_column_int(st, 10) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err);
	}
	/* Who looked at the accounts is on the trail, as for records. */
	char listed[16];
	snprintf(listed, sizeof listed, "%d", count);
	char *detail = json_object_new("listed", listed, NULL);
	rc = db_audit_event(db, who, "view", "account", 0, detail, err);
	free(detail);
	if (rc != DB_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n = count;
	return DB_OK;
}

int
db_account_key_add(struct db *db, const struct actor *who, const char *username,
    const char *key_line, char **err)
{
	*err = NULL;
	char type[64], blob[8192], comment[256] = "";
	if (account_key_parse(key_line, type, blob, comment, err) != DB_OK)
		return DB_INVALID;
	int64_t id;
	int rc = account_change_begin(db, who, username, &id, err);
	if (rc != DB_OK)
		return rc;
	char now[32];
	db_now(now);
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO account_key (account_id, key_type, key_b64,"
	    " comment, created_at) VALUES (?,?,?,?,?)", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, blob, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, comment, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (db_unique_violation(db, rc)) {
		db_rollback(db);
		*err = xstrdup(_("that key is already registered"));
		return DB_CONFLICT;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	char fp[64] = "";
	char *e2 = NULL;
	db_account_key_check(key_line, fp, &e2);
	free(e2);
	char *what = json_object_new("key_added", type, "fingerprint", fp, NULL);
	rc = db_audit_commit(db, who, "update", "account", id, NULL, what, err);
	free(what);
	return rc;
fail:
	db_rollback(db);
	return DB_ERROR;
}

/* The delay the server imposes before answering after n recent failures. */
static int
failure_delay_ms(int n)
{
	if (n <= 0)
		return 0;
	int d = 500;
	for (int i = 1; i < n && d < 8000; i++)
		d *= 2;
	return d > 8000 ? 8000 : d;
}

/* Record a failed sign-in: its audit row and, when count is set, the failure
 * against the account and source (db/throttle.c), in one transaction. Returns the
 * account and source's failures now (0 when not counted). */
static int
record_failure(struct db *db, const char *username, const char *source,
    const char *session, const char *reason, int count)
{
	char *err = NULL;
	int failures = 0;
	/* The name is the client's: stored as the log shows it. */
	char name[64];
	text_printable_to(name, sizeof name, username);
	if (db_begin(db, &err) != DB_OK) {
		free(err);
		return 0;
	}
	if (count && throttle_count(db, name, source, &failures, &err) != DB_OK) {
		free(err);
		err = NULL;
	}
	struct actor anon;
	db_actor_system(&anon, session);
	snprintf(anon.username, sizeof anon.username, "%s", name);
	char *what = json_object_new("source", source, "reason", reason, NULL);
	db_audit(db, &anon, "login_failed", "account", 0, NULL, what, &err);
	free(what);
	free(err);
	err = NULL;
	if (db_commit(db, &err) != DB_OK)
		free(err);
	return failures;
}

static int
load_actor(struct db *db, const char *username, const char *session, struct actor *a,
    char *pw_hash, size_t pw_len, int *locked, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT a.id, a.role, coalesce(a.org_id, 0),"
	    " coalesce(o.path, '/'), a.lang, a.locked, coalesce(a.pw_hash, ''),"
	    " coalesce(a.person_id, 0), a.asset_officer FROM account a"
	    " LEFT JOIN org o ON o.id = a.org_id"
	    " WHERE a.username = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? DB_NOTFOUND : db_fail(db, err);
	}
	memset(a, 0, sizeof *a);
	a->account_id = sqlite3_column_int64(st, 0);
	snprintf(a->username, sizeof a->username, "%s", username);
	db_role_parse((const char *)sqlite3_column_text(st, 1), &a->role);
	a->org_id = sqlite3_column_int64(st, 2);
	snprintf(a->org_path, sizeof a->org_path, "%s", sqlite3_column_text(st, 3));
	snprintf(a->lang, sizeof a->lang, "%s", sqlite3_column_text(st, 4));
	snprintf(a->session, sizeof a->session, "%s", session ? session : "");
	if (locked != NULL)
		*locked = sqlite3_column_int(st, 5);
	if (pw_hash != NULL)
		snprintf(pw_hash, pw_len, "%s", sqlite3_column_text(st, 6));
	a->person_id = sqlite3_column_int64(st, 7);
	a->asset_officer = sqlite3_column_int(st, 8);
	sqlite3_reset(st);
	return DB_OK;
}

static int
record_success(struct db *db, const struct actor *a, const char *source,
    const char *method, char **err)
{
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	char now[32];
	db_now(now);
	sqlite3_stmt *st = db_stmt(db, "UPDATE account SET last_login = ? WHERE id = ?", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, a->account_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	/* The right password forgets the account's failures from this source (not
	 * those of other sources, nor the source's own across accounts: a guesser who
	 * also holds one valid account must not reset its own address). A key says
	 * nothing about who typed the wrong passwords: it forgets nothing. */
	if (strcmp(method, "password") == 0 &&
	    throttle_forget(db, a->username, source, err) != DB_OK)
		goto fail;
	char *what = json_object_new("source", source, "method", method, NULL);
	int rc = db_audit_commit(db, a, "login", "account", a->account_id, NULL, what, err);
	free(what);
	return rc;
fail:
	db_rollback(db);
	return DB_ERROR;
}

int
db_account_auth_password(struct db *db, const char *username, const char *password,
    const char *source, const char *session, struct actor *actor, int *delay_ms,
    char **err)
{
	*err = NULL;
	*delay_ms = 0;
	/* Throttled: refused before the password is looked at, and not counted, so
	 * the throttle's end stays where it is. (Counted under the name as stored.) */
	char name[64];
	text_printable_to(name, sizeof name, username);
	int rc = throttle_check(db, name, source, err);
	if (rc != DB_OK) {
		if (rc == DB_LOCKED) {
			record_failure(db, username, source, session, "throttled", 0);
			*delay_ms = failure_delay_ms(THROTTLE_PAIR_LIMIT);
		}
		return rc;
	}
	char hash[crypto_pwhash_STRBYTES + 1] = "";
	int locked = 0;
	rc = load_actor(db, username, session, actor, hash, sizeof hash, &locked, err);
	if (rc == DB_ERROR)
		return rc;
	int ok = 0;
	if (rc == DB_OK && hash[0])
		ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	else {
		/* Spend the same time on an unknown name, so timing does not reveal it. */
		static char dummy[crypto_pwhash_STRBYTES];
		if (!dummy[0] && crypto_pwhash_str(dummy, "x", 1,
		    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			dummy[0] = '\0';
		if (dummy[0]) {
			int ignored = crypto_pwhash_str_verify(dummy, password, strlen(password));
			(void)ignored;
		}
	}
	if (!ok) {
		*delay_ms = failure_delay_ms(record_failure(db, username, source, session,
		    "password", 1));
		*err = xstrdup(_("wrong account name or password"));
		return DB_DENIED;
	}
	if (locked) {
		/* The password was right: no guess to count. */
		record_failure(db, username, source, session, "locked", 0);
		*err = xstrdup(_("this account is locked; ask your agency administrator"));
		return DB_LOCKED;
	}
	if (crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		struct actor sys;
		db_actor_system(&sys, session);
		char *e2 = NULL;
		if (db_account_set_password(db, &sys, username, password, &e2) != DB_OK)
			free(e2);
	}
	return record_success(db, actor, source, "password", err);
}

int
db_account_key_allowed(struct db *db, const char *username, const char *key_type,
    const char *key_b64, char **err)
{
	*err = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM account_key k JOIN account a"
	    " ON a.id = k.account_id WHERE a.username = ? AND k.key_type = ? AND k.key_b64 = ?"
	    " AND a.locked = 0", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key_b64, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	*err = xstrdup(_("this key is not registered for the account"));
	return DB_DENIED;
}

int
db_account_auth_key(struct db *db, const char *username, const char *source,
    const char *session, struct actor *actor, char **err)
{
	*err = NULL;
	int locked = 0;
	/* No throttle here: password guesses from anywhere must not keep the owner
	 * of a registered key out. */
	int rc = load_actor(db, username, session, actor, NULL, 0, &locked, err);
	if (rc != DB_OK) {
		if (rc == DB_NOTFOUND)
			*err = xstrdup(_("wrong account name or password"));
		return rc == DB_NOTFOUND ? DB_DENIED : rc;
	}
	if (locked) {
		record_failure(db, username, source, session, "locked", 0);
		*err = xstrdup(_("this account is locked; ask your agency administrator"));
		return DB_LOCKED;
	}
	return record_success(db, actor, source, "publickey", err);
}

int
db_account_actor(struct db *db, const char *username, const char *session,
    struct actor *actor, char **err)
{
	*err = NULL;
	int locked = 0;
	int rc = load_actor(db, username, session, actor, NULL, 0, &locked, err);
	if (rc == DB_NOTFOUND)
		*err = xasprintf(_("no account is named %s"), username);
	else if (rc == DB_OK && locked) {
		*err = xstrdup(_("this account is locked; ask your agency administrator"));
		return DB_LOCKED;
	}
	return rc;
}
