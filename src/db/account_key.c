/*
 * SSH public keys of accounts: checked when registered (a type the server takes,
 * base64 that decodes to a key blob naming that same type), shown and removed by
 * their SHA256 fingerprint, written as OpenSSH writes it ("SHA256:" and the unpadded
 * base64 of the blob's SHA-256), so that an administrator can compare it with what
 * `ssh-keygen -lf` prints on the person's computer.
 */
#include "db/account.h"
#include "db/account_internal.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key types libssh's server verifies (DSA is gone from it and from OpenSSH). */
static const char *const key_types[] = {
	"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
	"sk-ecdsa-sha2-nistp256@openssh.com", NULL
};

static int
key_type_known(const char *type)
{
	for (int i = 0; key_types[i] != NULL; i++)
		if (strcmp(type, key_types[i]) == 0)
			return 1;
	return 0;
}

/* The blob of a base64 key, or -1 when it is no base64. */
static long
key_decode(const char *b64, unsigned char *bin, size_t cap)
{
	size_t len;
	if (sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &len, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	return (long)len;
}

static void
key_fingerprint(const unsigned char *bin, size_t len, char fp[64])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, bin, len);
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
	sodium_bin2base64(b64, sizeof b64, h, sizeof h,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	snprintf(fp, 64, "SHA256:%s", b64);
}

int
account_key_parse(const char *key_line, char type[64], char blob[8192], char comment[256],
    char **err)
{
	comment[0] = '\0';
	if (key_line == NULL || sscanf(key_line, " %63s %8191s %255[^\r\n]", type, blob,
	    comment) < 2) {
		*err = xstrdup(_("not an OpenSSH public key line (type, base64 key, comment)"));
		return DB_INVALID;
	}
	if (!key_type_known(type)) {
		*err = xasprintf(_("\"%s\" is not a key type the server accepts (ssh-ed25519,"
		    " ecdsa-sha2-nistp256/384/521, ssh-rsa)"), type);
		return DB_INVALID;
	}
	unsigned char bin[6144];
	long len = key_decode(blob, bin, sizeof bin);
	size_t tl = strlen(type);
	/* The blob opens with its type as an SSH string: 4-byte length, then it. */
	if (len < 4 + (long)tl || ((size_t)bin[0] << 24 | (size_t)bin[1] << 16 |
	    (size_t)bin[2] << 8 | bin[3]) != tl || memcmp(bin + 4, type, tl) != 0 ||
	    len == 4 + (long)tl) {
		*err = xstrdup(_("the public key's base64 part is damaged or does not match its type"));
		return DB_INVALID;
	}
	return DB_OK;
}

int
db_account_key_check(const char *key_line, char fingerprint[64], char **err)
{
	*err = NULL;
	char type[64], blob[8192], comment[256];
	int rc = account_key_parse(key_line, type, blob, comment, err);
	if (rc != DB_OK)
		return rc;
	unsigned char bin[6144];
	long len = key_decode(blob, bin, sizeof bin);
	key_fingerprint(bin, (size_t)len, fingerprint);
	return DB_OK;
}

/* May who see or change this account's keys? Its administrators, and its owner. */
static int
keys_allowed(struct db *db, const struct actor *who, const char *username, int64_t *id,
    char **err)
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
	return DB_OK;
}

int
db_account_key_list(struct db *db, const struct actor *who, const char *username,
    struct account_key_info **out, int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	int64_t id;
	int rc = keys_allowed(db, who, username, &id, err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "SELECT id, key_type, key_b64, coalesce(comment, ''),"
	    " created_at FROM account_key WHERE account_id = ? ORDER BY id", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int cap = 4, count = 0;
	struct account_key_info *v = xcalloc((size_t)cap, sizeof *v);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		struct account_key_info *k = &v[count++];
		memset(k, 0, sizeof *k);
		k->id = sqlite3_column_int64(st, 0);
		snprintf(k->type, sizeof k->type, "%s", sqlite3_column_text(st, 1));
		unsigned char bin[6144];
		long len = key_decode((const char *)sqlite3_column_text(st, 2), bin, sizeof bin);
		if (len > 0)
			key_fingerprint(bin, (size_t)len, k->fingerprint);
		snprintf(k->comment, sizeof k->comment, "%s", sqlite3_column_text(st, 3));
		snprintf(k->created_at, sizeof k->created_at, "%s", sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err);
	}
	char *detail = json_object_new("keys_of", username, NULL);
	rc = db_audit_event(db, who, "view", "account", id, detail, err);
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
db_account_key_remove(struct db *db, const struct actor *who, const char *username,
    const char *fingerprint, char **err)
{
	struct account_key_info *v;
	int n;
	int rc = db_account_key_list(db, who, username, &v, &n, err);
	if (rc != DB_OK)
		return rc;
	/* "SHA256:abc" or "abc", as ssh-keygen -l prints it or as copied from it. */
	const char *want = strncmp(fingerprint, "SHA256:", 7) == 0 ? fingerprint + 7 : fingerprint;
	int64_t key_id = 0;
	char type[64] = "", fp[64] = "";
	for (int i = 0; i < n; i++)
		if (*want && strcmp(v[i].fingerprint + 7, want) == 0) {
			key_id = v[i].id;
			snprintf(type, sizeof type, "%s", v[i].type);
			snprintf(fp, sizeof fp, "%s", v[i].fingerprint);
		}
	free(v);
	if (key_id == 0) {
		*err = xasprintf(_("%s has no key with the fingerprint %s"), username, fingerprint);
		return DB_NOTFOUND;
	}
	int64_t id;
	if ((rc = account_change_begin(db, who, username, &id, err)) != DB_OK)
		return rc;
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM account_key WHERE id = ?", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, key_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	char *what = json_object_new("key_removed", type, "fingerprint", fp, NULL);
	rc = db_audit_commit(db, who, "update", "account", id, NULL, what, err);
	free(what);
	return rc;
fail:
	db_rollback(db);
	return DB_ERROR;
}
