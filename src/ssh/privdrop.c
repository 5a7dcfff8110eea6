/*
 * hoso serve started as root: give root up for the account serve.user once the
 * port is bound and the host key read (the two things root may be needed for),
 * before any client is accepted. Without serve.user, root is refused: a server
 * that parses what the whole network sends must not hold root, and every UI it
 * starts would too.
 *
 * After the drop the account must be able to use the database (read, write, and
 * create its -wal and -shm beside it) and the log: checked at once, so that a
 * wrong owner is one clear message at start and not a failure at each sign-in.
 */
#include "ssh/serve_internal.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/xalloc.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
serve_privdrop_check(const struct serve_opts *o)
{
	if (geteuid() != 0 || o->user != NULL)
		return 0;
	fprintf(stderr, "hoso serve: %s\n", _("refusing to run as root: set serve.user to "
	    "the unprivileged account the server should run as (it must own the "
	    "database), or start hoso serve as that account"));
	return -1;
}

/* The folder of path, for the -wal and -shm SQLite creates beside it. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static int
usable(const char *path, int mode, const char *what, const char *user, char **err)
{
	if (path == NULL || access(path, mode) == 0)
		return 0;
	*err = xasprintf(_("after giving up root for '%s': cannot use %s %s (%s): "
	    "make the account its owner (chown %s)"), user, what, path, strerror(errno),
	    user);
	return -1;
}

static int
privdrop(const struct serve_opts *o, char **err)
{
	errno = 0;
	struct passwd *pw = getpwnam(o->user);
	if (pw == NULL) {
		*err = xasprintf(_("serve.user: no account named '%s'"), o->user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		*err = xasprintf(_("serve.user: '%s' is root"), o->user);
		return -1;
	}
	uid_t uid = pw->pw_uid;
	gid_t gid = pw->pw_gid;
	char *name = xstrdup(pw->pw_name);
	if (initgroups(name, gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
		*err = xasprintf(_("cannot become '%s': %s"), name, strerror(errno));
		free(name);
		return -1;
	}
	/* The drop must be for good: root must be out of reach from here on. */
	if (setuid(0) == 0 || seteuid(0) == 0 || getuid() != uid || geteuid() != uid ||
	    getegid() != gid) {
		*err = xasprintf(_("cannot become '%s' for good"), name);
		free(name);
		return -1;
	}
	char *dir = dir_of(o->db_path);
	int rc = usable(o->db_path, R_OK | W_OK, _("the database"), name, err);
	if (rc == 0)
		rc = usable(dir, W_OK | X_OK, _("the database's folder"), name, err);
	if (rc == 0)
		rc = usable(o->log_path, W_OK, _("the log"), name, err);
	free(dir);
	free(name);
	return rc;
}

int
serve_privdrop(const struct serve_opts *o)
{
	if (geteuid() != 0)
		return 0;
	char *err = NULL;
	if (privdrop(o, &err) != 0) {
		fprintf(stderr, "hoso serve: %s\n", err);
		log_warn("%s", err);
		free(err);
		return -1;
	}
	log_info("running as %s (uid %d): root given up", o->user, (int)getuid());
	return 0;
}
