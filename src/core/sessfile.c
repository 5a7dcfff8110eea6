/*
 * The sessions file beside the database (sessfile.h): written by hoso serve's
 * listener, read by hoso sessions, the health screen and hoso restore.
 */
#include "core/sessfile.h"
#include "core/filemode.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SESSFILE_SUFFIX ".sessions"
#define SESSFILE_MAGIC  "hoso-sessions 1"

char *
sessfile_path_new(const char *db_path)
{
	return xasprintf("%s%s", db_path, SESSFILE_SUFFIX);
}

/* A field as written: no tab or line break can end up inside one. */
static void
put_field(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? '?' : *s, f);
}

int
sessfile_write(const char *db_path, pid_t listener, const struct sessfile_entry *e, int n)
{
	char *path = sessfile_path_new(db_path);
	char *tmp = xasprintf("%s.new", path);
	int rc = -1;
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    filemode_file());
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		goto out;
	}
	fprintf(f, "%s %ld\n", SESSFILE_MAGIC, (long)listener);
	for (int i = 0; i < n; i++) {
		fprintf(f, "%ld\t", (long)e[i].pid);
		put_field(f, e[i].account);
		fputc('\t', f);
		put_field(f, e[i].peer);
		fprintf(f, "\t%lld\t%lld\n", (long long)e[i].since, (long long)e[i].last_input);
	}
	/* No fsync: after a crash of the machine nobody is signed in anyway. */
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		int e2 = errno;
		unlink(tmp);
		errno = e2;
	}
	free(tmp);
	free(path);
	return rc;
}

void
sessfile_remove(const char *db_path)
{
	char *path = sessfile_path_new(db_path);
	unlink(path);
	free(path);
}

/* Is the process alive (ours or another account's)? */
static int
alive(pid_t pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

int
sessfile_read(const char *db_path, pid_t *listener, struct sessfile_entry **out, int *n)
{
	*listener = 0;
	*out = NULL;
	*n = 0;
	char *path = sessfile_path_new(db_path);
	FILE *f = fopen(path, "re");
	free(path);
	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	char line[512];
	long lpid;
	if (fgets(line, sizeof line, f) == NULL ||
	    sscanf(line, SESSFILE_MAGIC " %ld", &lpid) != 1 || !alive((pid_t)lpid)) {
		fclose(f);
		return 0;	/* not ours, or its listener is gone: nobody is served */
	}
	*listener = (pid_t)lpid;
	int cap = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		struct sessfile_entry e;
		memset(&e, 0, sizeof e);
		long pid;
		long long since, last;
		char *save = NULL, *tok[5];
		int k = 0;
		line[strcspn(line, "\n")] = '\0';
		for (char *t = strtok_r(line, "\t", &save); t != NULL && k < 5;
		    t = strtok_r(NULL, "\t", &save))
			tok[k++] = t;
		if (k != 5 || sscanf(tok[0], "%ld", &pid) != 1 ||
		    sscanf(tok[3], "%lld", &since) != 1 || sscanf(tok[4], "%lld", &last) != 1)
			continue;
		e.pid = (pid_t)pid;
		snprintf(e.account, sizeof e.account, "%s", tok[1]);
		snprintf(e.peer, sizeof e.peer, "%s", tok[2]);
		e.since = (time_t)since;
		e.last_input = (time_t)last;
		if (!alive(e.pid))
			continue;	/* gone since the listener wrote */
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, sizeof **out * (size_t)cap);
		}
		(*out)[(*n)++] = e;
	}
	fclose(f);
	return 0;
}

/* Is pid a child of the listener (not a process that took a dead session's pid)? */
static int
child_of(pid_t pid, pid_t parent)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) state ppid ...": comm may hold spaces and parentheses. */
	const char *close_paren = strrchr(buf, ')');
	char state;
	int ppid;
	return close_paren != NULL && sscanf(close_paren + 1, " %c %d", &state, &ppid) == 2 &&
	    ppid == (int)parent;
}

int
sessfile_end(pid_t listener, pid_t pid)
{
	if (!child_of(pid, listener)) {
		errno = ESRCH;
		return -1;
	}
	return kill(pid, SIGUSR1);
}
