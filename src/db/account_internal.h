/*
 * What the account modules (account.c: creation and sign-in; account_admin.c:
 * edits, resets and the forced change; account_key.c: SSH keys) share; not for use
 * outside src/db/.
 */
#ifndef HOSO_DB_ACCOUNT_INTERNAL_H
#define HOSO_DB_ACCOUNT_INTERNAL_H
#include "db/db.h"
#include <sodium.h>

/* May who manage accounts of the agency at org_path? */
int account_may_manage(const struct actor *who, const char *org_path);
/* ... and this account, of that role, filed there? (A national administrator's
 * account is only another national administrator's to manage.) */
int account_may_manage_account(const struct actor *who, const char *org_path,
    enum role role);
/* An account's id, agency path and role (role may be NULL); DB_NOTFOUND with a
 * message if absent. */
int account_lookup(struct db *db, const char *username, int64_t *id, char path[256],
    enum role *role, char **err);
/* Find the account, check that who may change it (an administrator over it, or
 * its owner), and open the write transaction. */
int account_change_begin(struct db *db, const struct actor *who, const char *username,
    int64_t *id, char **err);
/* One UPDATE of an account column (sql binds value, or ivalue when value is NULL,
 * then the id) with its audit row. */
int account_update(struct db *db, const struct actor *who, const char *username,
    const char *sql, const char *value, int ivalue, const char *what, char **err);
/* The Argon2id string of a password of at least 8 characters. */
int account_hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], char **err);
/* An OpenSSH public key line's type, base64 blob and comment, checked: a type the
 * server accepts and a blob that decodes and names that type. */
int account_key_parse(const char *key_line, char type[64], char blob[8192],
    char comment[256], char **err);
#endif
