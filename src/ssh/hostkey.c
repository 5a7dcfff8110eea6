/*
 * The server's host key: loaded from its file, or made once (Ed25519) on the first
 * start. Invariants: the file is written whole or not at all (temporary file,
 * fsync, rename), is never readable by others (0600 from creation, not chmod'ed
 * after), and an existing key is never replaced: clients learn it once, and a new
 * key would teach them to accept changed keys.
 */
#include "ssh/serve_internal.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
hostkey_write(const char *path, const char *text, char **err)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf(_("cannot create host key %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	size_t n = strlen(text);
	const char *p = text;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
	int ok = n == 0 && fsync(fd) == 0;
	int e = errno;
	close(fd);
	/* link() rather than rename(): it fails if another server made the key in the
	 * meantime, so a key clients already saw is never overwritten. */
	if (ok && link(tmp, path) != 0) {
		ok = 0;
		e = errno;
	}
	unlink(tmp);
	if (!ok) {
		*err = xasprintf(_("cannot write host key %s: %s"), path, strerror(e));
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int
hostkey_create(const char *path, char **err)
{
	ssh_key key = NULL;
	char *b64 = NULL;
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK ||
	    ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &b64) != SSH_OK) {
		ssh_key_free(key);
		*err = xstrdup(_("cannot generate an Ed25519 host key"));
		return -1;
	}
	ssh_key_free(key);
	int rc = hostkey_write(path, b64, err);
	/* The text is the private key: wipe it before giving the memory back. */
	explicit_bzero(b64, strlen(b64));
	ssh_string_free_char(b64);
	return rc;
}

int
serve_hostkey_load(const char *path, ssh_key *out, int *created, char **err)
{
	*out = NULL;
	*created = 0;
	*err = NULL;
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			*err = xasprintf(_("cannot read host key %s: %s"), path, strerror(errno));
			return -1;
		}
		if (hostkey_create(path, err) != 0)
			return -1;
		*created = 1;
		if (stat(path, &st) != 0) {
			*err = xasprintf(_("cannot read host key %s: %s"), path, strerror(errno));
			return -1;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf(_("host key %s is not a regular file"), path);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		/* As sshd does: a key others can read may already be someone else's. */
		*err = xasprintf(_("host key %s is readable by other users (mode %03o); "
		    "run: chmod 600 %s"), path, (unsigned)(st.st_mode & 0777), path);
		return -1;
	}
	if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, out) != SSH_OK) {
		*out = NULL;
		*err = xasprintf(_("cannot load host key %s"), path);
		return -1;
	}
	return 0;
}

char *
serve_hostkey_fingerprint(const ssh_key key)
{
	ssh_key pub = NULL;
	unsigned char *hash = NULL;
	size_t len = 0;
	char *fp = NULL;
	if (ssh_pki_export_privkey_to_pubkey(key, &pub) == SSH_OK &&
	    ssh_get_publickey_hash(pub, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) == 0) {
		char *s = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
		if (s != NULL) {
			fp = xstrdup(s);
			ssh_string_free_char(s);
		}
	}
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(pub);
	return fp ? fp : xstrdup("?");
}
