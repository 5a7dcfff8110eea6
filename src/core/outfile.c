/*
 * Files written on request, confined to an output directory (see outfile.h).
 *
 * Every step that touches the name goes through the directory's descriptor with
 * O_NOFOLLOW / AT_SYMLINK_NOFOLLOW, so a link planted in the directory is a
 * refusal, not a way out; and O_EXCL means a new file is always new (a link or file
 * created between the check and the open makes the open fail, never follow).
 */
#include "core/outfile.h"
#include "core/filemode.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROTECTED 32

static char *protected_paths[MAX_PROTECTED];
static int   nprotected;

struct outfile {
	int   dirfd;
	int   fd;
	char *name;	/* the name asked for */
	char *tmp;	/* when replacing: the temporary name written first, else NULL */
};

bool
outfile_name_ok(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;
	if (n == 0 || n > 255 || name[0] == '.' || strchr(name, '/') != NULL)
		return false;
	if (!text_is_utf8(name, n) || text_has_control(name))
		return false;
	/* C1 controls (U+0080-U+009F, UTF-8 C2 80-9F) act as escapes on some terminals. */
	for (size_t i = 0; i + 1 < n; i++)
		if ((unsigned char)name[i] == 0xC2 && (unsigned char)name[i + 1] >= 0x80 &&
		    (unsigned char)name[i + 1] <= 0x9F)
			return false;
	return true;
}

void
outfile_protect(const char *path)
{
	if (path == NULL || *path == '\0')
		return;
	for (int i = 0; i < nprotected; i++)
		if (strcmp(protected_paths[i], path) == 0)
			return;
	if (nprotected < MAX_PROTECTED)
		protected_paths[nprotected++] = xstrdup(path);
}

static bool
is_protected(const struct stat *st)
{
	for (int i = 0; i < nprotected; i++) {
		struct stat p;
		if (stat(protected_paths[i], &p) == 0 && p.st_dev == st->st_dev &&
		    p.st_ino == st->st_ino)
			return true;
	}
	return false;
}

static int
fail(char **err, int rc, char *msg)
{
	if (err != NULL)
		*err = msg;
	else
		free(msg);
	return rc;
}

/* Create dir and its missing parents (0700), then open it without following a
 * link at its last step. -1 with errno. */
static int
open_dir(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, filemode_dir()) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, filemode_dir()) != 0 && errno != EEXIST) {
		int e = errno;
		free(p);
		errno = e;
		return -1;
	}
	free(p);
	return open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static int
open_new(int dirfd, const char *name)
{
	return openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    filemode_file());
}

/* A fresh temporary name beside the target (a leading dot: never a name a person
 * can type, so never one they asked for). */
static int
open_tmp(int dirfd, char **tmp)
{
	static unsigned counter;
	for (int tries = 0; tries < 100; tries++) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		char *name = xasprintf(".hoso-%d-%u-%ld.tmp", (int)getpid(), counter++,
		    (long)ts.tv_nsec);
		int fd = open_new(dirfd, name);
		if (fd >= 0) {
			*tmp = name;
			return fd;
		}
		int e = errno;
		free(name);
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	errno = EEXIST;
	return -1;
}

/* What stands at name now: 0 nothing, 1 a regular file we may replace (or
 * OUTFILE_* refusal codes as negatives). */
static int
check_target(int dirfd, const char *name, char **err)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return 0;
		return -fail(err, OUTFILE_ERROR, xasprintf(_("cannot write %s: %s"), name,
		    strerror(errno)));
	}
	if (!S_ISREG(st.st_mode))
		return -fail(err, OUTFILE_REFUSED, xasprintf(_("%s is not a plain file: "
		    "choose another name"), name));
	if (is_protected(&st))
		return -fail(err, OUTFILE_REFUSED, xasprintf(_("%s is one of hoso's own files "
		    "(database, log or key): choose another name"), name));
	return 1;
}

int
outfile_open(const char *dir, const char *name, unsigned flags, struct outfile **out,
    char **err)
{
	*out = NULL;
	if (err != NULL)
		*err = NULL;
	if (!outfile_name_ok(name))
		return fail(err, OUTFILE_REFUSED, xstrdup(_("not a usable file name: no '/', "
		    "no leading '.', no control characters")));
	int dirfd = open_dir(dir);
	if (dirfd < 0)
		return fail(err, OUTFILE_ERROR, xasprintf(_("cannot use the folder %s: %s"),
		    dir, strerror(errno)));
	struct stat dst;
	if (fstat(dirfd, &dst) != 0 || dst.st_uid != geteuid() || (dst.st_mode & S_IWOTH)) {
		close(dirfd);
		return fail(err, OUTFILE_REFUSED, xasprintf(_("the folder %s is not this "
		    "program's own (another owner, or anyone may write in it)"), dir));
	}
	int there = check_target(dirfd, name, err);
	if (there < 0) {
		close(dirfd);
		return -there;
	}
	if (there == 1 && !(flags & OUTFILE_REPLACE)) {
		close(dirfd);
		return fail(err, OUTFILE_EXISTS, xasprintf(_("%s already exists"), name));
	}
	struct outfile *of = xcalloc(1, sizeof *of);
	of->dirfd = dirfd;
	of->name = xstrdup(name);
	of->fd = there == 1 ? open_tmp(dirfd, &of->tmp) : open_new(dirfd, name);
	if (of->fd < 0) {
		int e = errno;
		close(dirfd);
		free(of->name);
		free(of);
		/* Created between the look and the open: someone else's, not ours to take. */
		if (e == EEXIST || e == ELOOP)
			return fail(err, e == EEXIST ? OUTFILE_EXISTS : OUTFILE_REFUSED,
			    xasprintf(_("%s already exists"), name));
		return fail(err, OUTFILE_ERROR, xasprintf(_("cannot write %s: %s"), name,
		    strerror(e)));
	}
	*out = of;
	return OUTFILE_OK;
}

int
outfile_fd(const struct outfile *of)
{
	return of->fd;
}

static void
outfile_release(struct outfile *of)
{
	close(of->dirfd);
	free(of->name);
	free(of->tmp);
	free(of);
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (of->fd >= 0)
		close(of->fd);
	unlinkat(of->dirfd, of->tmp != NULL ? of->tmp : of->name, 0);
	outfile_release(of);
}

int
outfile_close(struct outfile *of, char **err)
{
	if (err != NULL)
		*err = NULL;
	int rc = fsync(of->fd);
	int e = errno;
	if (close(of->fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	of->fd = -1;
	if (rc != 0) {
		char *msg = xasprintf(_("cannot write %s: %s"), of->name, strerror(e));
		outfile_abort(of);
		return fail(err, OUTFILE_ERROR, msg);
	}
	if (of->tmp != NULL) {
		/* Look again just before the rename: the name must still be a plain file
		 * that is none of ours (rename replaces the entry, never follows it). */
		int there = check_target(of->dirfd, of->name, err);
		if (there < 0) {
			outfile_abort(of);
			return -there;
		}
		if (renameat(of->dirfd, of->tmp, of->dirfd, of->name) != 0) {
			char *msg = xasprintf(_("cannot write %s: %s"), of->name, strerror(errno));
			outfile_abort(of);
			return fail(err, OUTFILE_ERROR, msg);
		}
	}
	fsync(of->dirfd);	/* the new name survives a power loss too */
	outfile_release(of);
	return OUTFILE_OK;
}

int
outfile_write(const char *dir, const char *name, unsigned flags, const void *buf,
    size_t len, char **err)
{
	struct outfile *of;
	int rc = outfile_open(dir, name, flags, &of, err);
	if (rc != OUTFILE_OK)
		return rc;
	const char *p = buf;
	while (len > 0) {
		ssize_t w = write(of->fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			char *msg = xasprintf(_("cannot write %s: %s"), name,
			    strerror(w < 0 ? errno : EIO));
			outfile_abort(of);
			return fail(err, OUTFILE_ERROR, msg);
		}
		p += w;
		len -= (size_t)w;
	}
	return outfile_close(of, err);
}
