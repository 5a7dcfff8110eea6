/*
 * Accounts: who signs in, their role, their agency scope, their password (Argon2id
 * through libsodium) and SSH public keys. Wrong passwords are counted per account
 * and source address in the database (db/throttle.h) so that guessing is slowed
 * across connections and processes without locking the owner out; every success
 * and failure goes to the audit trail.
 */
#ifndef HOSO_ACCOUNT_H
#define HOSO_ACCOUNT_H
#include "db/db.h"
#include <stdbool.h>

struct account_info {
	int64_t   id;
	char      username[64];
	char      full_name[128];
	enum role role;
	char      org_code[64];
	char      org_name[256];
	char      lang[4];
	bool      locked;
	bool      must_change;	/* a reset password not yet changed */
	char      created_at[32];
	char      last_login[32];
};

/* Create an account with a password (NULL is refused: an account needs a way in). */
int db_account_add(struct db *db, const struct actor *who, const char *username,
    const char *full_name, enum role role, const char *org_code,
    const char *password, char **err);
/* Create an account whose way in is the OpenSSH public key key_line (no password). If
 * the key is refused after the account was made, the account is left locked. */
int db_account_add_with_key(struct db *db, const struct actor *who, const char *username,
    const char *full_name, enum role role, const char *org_code, const char *key_line,
    char **err);
int db_account_set_password(struct db *db, const struct actor *who,
    const char *username, const char *password, char **err);
int db_account_set_locked(struct db *db, const struct actor *who,
    const char *username, bool locked, char **err);
int db_account_set_lang(struct db *db, const struct actor *who,
    const char *username, const char *lang, char **err);
/* An edit of an account: NULL (role_set false) leaves that field as it is;
 * org_code "" files a national administrator under no agency. The owner may change
 * the name and the language; the rest is for administrators over both the account's
 * agency and the new one. */
struct account_edit {
	const char *full_name;
	const char *org_code;
	const char *lang;
	bool        role_set;
	enum role   role;
};
int db_account_edit(struct db *db, const struct actor *who, const char *username,
    const struct account_edit *e, char **err);
/* Give the account a new random temporary password, written to tmp once, that its
 * owner must change at the next sign-in (see db_account_must_change). */
#define ACCOUNT_TMP_PASSWORD_LEN 12
int db_account_reset_password(struct db *db, const struct actor *who,
    const char *username, char tmp[ACCOUNT_TMP_PASSWORD_LEN + 1], char **err);
/* Must the account change its password before going on (after a reset)? Asked by
 * the terminal after every sign-in, by password or by key. */
int db_account_must_change(struct db *db, const char *username, bool *out, char **err);
/* The signed-in owner's new password (not the current one); ends the must-change. */
int db_account_change_own_password(struct db *db, const struct actor *who,
    const char *password, char **err);
/* Accounts visible to who; *out is an array the caller frees. */
int db_account_list(struct db *db, const struct actor *who,
    struct account_info **out, int *n, char **err);
/* Add an OpenSSH public key line ("ssh-ed25519 AAAA... comment"). */
int db_account_key_add(struct db *db, const struct actor *who,
    const char *username, const char *key_line, char **err);

/* A registered key, as listed. */
struct account_key_info {
	int64_t id;
	char    type[64];
	char    fingerprint[64];	/* "SHA256:..." as ssh-keygen -l prints it */
	char    comment[256];
	char    created_at[32];
};
/* Check a public key line (known type, base64 naming that type) and give its
 * fingerprint, without registering it. */
int db_account_key_check(const char *key_line, char fingerprint[64], char **err);
/* The account's keys (its administrators and its owner); *out is freed by caller. */
int db_account_key_list(struct db *db, const struct actor *who, const char *username,
    struct account_key_info **out, int *n, char **err);
/* Remove the key with this fingerprint ("SHA256:..." or without the prefix). */
int db_account_key_remove(struct db *db, const struct actor *who, const char *username,
    const char *fingerprint, char **err);

/*
 * Sign-in. source is the client address ("127.0.0.1" or "local"). On success fills
 * *actor and returns DB_OK. Wrong credentials: DB_DENIED; account locked, or
 * password sign-in to it from this source throttled (db/throttle.h): DB_LOCKED.
 * *delay_ms is the wait the caller should impose before answering (it grows with
 * this source's failures on the account).
 */
int db_account_auth_password(struct db *db, const char *username,
    const char *password, const char *source, const char *session,
    struct actor *actor, int *delay_ms, char **err);
/* Is this public key (type "ssh-ed25519", base64 blob) one of the account's keys? */
int db_account_key_allowed(struct db *db, const char *username,
    const char *key_type, const char *key_b64, char **err);
/* Sign-in by key after the SSH layer verified the signature: records the success
 * and fills *actor. Throttles do not apply (a lock does). */
int db_account_auth_key(struct db *db, const char *username, const char *source,
    const char *session, struct actor *actor, char **err);
/* Load the actor for an already authenticated username (the SSH server passes it
 * to the UI process). */
int db_account_actor(struct db *db, const char *username, const char *session,
    struct actor *actor, char **err);
#endif
