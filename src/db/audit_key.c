/*
 * The audit chain's key, kept outside the database in <db>.auditkey (mode 0600,
 * the service account's only), so that someone who can write the database file but
 * not read the key cannot re-hash a chain they rewrote.
 *
 * The file is one line, "hoso-audit-key 1 FROM HEX": the chain is keyed (HMAC-SHA-256)
 * from audit row FROM on; rows before it were written by releases without a key and
 * keep their plain SHA-256 links. FROM is in the file, not the database, so that
 * nobody can declare keyed rows unkeyed by editing the database.
 *
 * The key is made on the first audit write that finds none, inside that write's
 * transaction: the database's write lock orders the writers, and O_EXCL settles a
 * race with a process that writes nothing.
 */
#include "db/audit.h"
#include "db/audit_files.h"
#include "db/db_internal.h"
#include "core/digest.h"
#include "core/filemode.h"
#include "core/outfile.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_BYTES 32
#define KEY_MAGIC "hoso-audit-key 1"

struct audit_key {
	int64_t            from;
	struct digest_mac *mac;
};

char *
audit_file_path_new(struct db *db, const char *suffix)
{
	const char *f = sqlite3_db_filename(db_sqlite(db), "main");
	if (f == NULL || f[0] == '\0')
		return NULL;	/* an in-memory database keeps nothing beside it */
	return xasprintf("%s%s", f, suffix);
}

static int
key_parse(const char *path, const char *text, struct audit_key **out, char **err)
{
	char hex[2 * KEY_BYTES + 2];
	long long from;
	unsigned char key[KEY_BYTES];
	size_t n = 0;
	if (strncmp(text, KEY_MAGIC " ", sizeof KEY_MAGIC) != 0 ||
	    sscanf(text + sizeof KEY_MAGIC, "%lld %65s", &from, hex) != 2 || from < 1 ||
	    strlen(hex) != 2 * KEY_BYTES ||
	    sodium_hex2bin(key, sizeof key, hex, strlen(hex), NULL, &n, NULL) != 0 ||
	    n != KEY_BYTES) {
		*err = xasprintf(_("the audit key file %s is damaged"), path);
		return DB_ERROR;
	}
	struct audit_key *k = xcalloc(1, sizeof *k);
	k->from = from;
	k->mac = digest_mac_new(key, sizeof key);
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	if (k->mac == NULL) {
		free(k);
		*err = xstrdup(_("the cryptography library has no HMAC-SHA-256"));
		return DB_ERROR;
	}
	*out = k;
	return DB_OK;
}

int
audit_key_load(const char *path, struct audit_key **out, char **err)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT)
		return DB_NOTFOUND;
	if (fd < 0) {
		*err = xasprintf(_("cannot read the audit key %s: %s"), path, strerror(errno));
		return DB_ERROR;
	}
	/* A key copied in with a wider mode is made the service's alone again. */
	struct stat sb;
	if (fstat(fd, &sb) == 0 && (sb.st_mode & 077) != 0)
		fchmod(fd, 0600);
	char text[256];
	ssize_t r = read(fd, text, sizeof text - 1);
	close(fd);
	if (r < 0) {
		*err = xasprintf(_("cannot read the audit key %s: %s"), path, strerror(errno));
		return DB_ERROR;
	}
	text[r] = '\0';
	int rc = key_parse(path, text, out, err);
	sodium_memzero(text, sizeof text);
	return rc;
}

int
audit_key_create(const char *path, int64_t from, struct audit_key **out, char **err)
{
	*out = NULL;
	unsigned char key[KEY_BYTES];
	char hex[2 * KEY_BYTES + 1], text[256];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	sodium_memzero(key, sizeof key);
	int len = snprintf(text, sizeof text, KEY_MAGIC " %" PRId64 " %s\n", from, hex);
	sodium_memzero(hex, sizeof hex);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EEXIST) {
		sodium_memzero(text, sizeof text);
		return audit_key_load(path, out, err) == DB_OK ? DB_OK : DB_ERROR;
	}
	/* Written whole and on the disk before any row depends on it. */
	int ok = fd >= 0 && write(fd, text, (size_t)len) == len && fsync(fd) == 0;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	if (!ok) {
		sodium_memzero(text, sizeof text);
		unlink(path);
		*err = xasprintf(_("cannot write the audit key %s: %s"), path, strerror(saved));
		return DB_ERROR;
	}
	int rc = key_parse(path, text, out, err);
	sodium_memzero(text, sizeof text);
	return rc;
}

int64_t
audit_key_from(const struct audit_key *k)
{
	return k->from;
}

void
audit_key_mac(const struct audit_key *k, const void *data, size_t len, char out[65])
{
	digest_mac_hex(k->mac, data, len, out);
}

void
audit_key_free(struct audit_key *k)
{
	if (k == NULL)
		return;
	digest_mac_free(k->mac);
	free(k);
}

/* The witness private like the database (the key makes itself 0600 below), and
 * neither a target of a file written on request. */
void
audit_files_guard(const char *db_path)
{
	char *p = xasprintf("%s%s", db_path, AUDIT_WITNESS_SUFFIX);
	filemode_tighten(p);
	outfile_protect(p);
	free(p);
	p = xasprintf("%s%s", db_path, AUDIT_KEY_SUFFIX);
	outfile_protect(p);
	free(p);
}
