/* The backup folder and its file names (backupdir.h). */
#include "core/backupdir.h"
#include "core/config.h"
#include "core/filemode.h"
#include "core/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

char *
backupdir_new(const struct config *cf, const char *db_path)
{
	const char *v = cf != NULL ? config_get(cf, "backup.dir", NULL) : NULL;
	if (v != NULL && *v)
		return xstrdup(v);
	const char *slash = strrchr(db_path, '/');
	if (slash == NULL)
		return xstrdup("backups");
	return xasprintf("%.*s/backups", (int)(slash - db_path), db_path);
}

int
backupdir_make(const char *dir)
{
	if (mkdir(dir, filemode_dir()) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

void
backupdir_name(char *out, size_t size, const char *kind, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(out, size, "hoso-%s%s%s.db", kind != NULL ? kind : "",
	    kind != NULL ? "-" : "", stamp);
}

int
backupdir_is_ours(const char *name)
{
	size_t n = strlen(name);
	/* "hoso-" ... "YYYYMMDD-HHMMSS.db": the stamp is the last 18 bytes. */
	if (n < 5 + 18 || strncmp(name, "hoso-", 5) != 0 || strcmp(name + n - 3, ".db") != 0)
		return 0;
	const char *s = name + n - 18;
	for (int i = 0; i < 15; i++)
		if (i == 8 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

int
backupdir_last(const char *dir, char *name, size_t size, time_t *when, long long *bytes)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int found = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!backupdir_is_ours(e->d_name))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat sb;
		if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (found != 0 || sb.st_mtime > *when ||
		    (sb.st_mtime == *when && strcmp(e->d_name, name) > 0))) {
			snprintf(name, size, "%s", e->d_name);
			*when = sb.st_mtime;
			*bytes = (long long)sb.st_size;
			found = 0;
		}
		free(p);
	}
	closedir(d);
	return found;
}

void
backupdir_mark_verified(const char *path)
{
	char *p = xasprintf("%s.verified", path);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    filemode_file());
	if (fd >= 0) {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		char at[32];
		size_t n = strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ\n", &tm);
		ssize_t w = write(fd, at, n);
		(void)w;	/* a mark that could not be written only says "not verified" */
		close(fd);
	}
	free(p);
}

int
backupdir_verified_at(const char *path, char at[32])
{
	char *p = xasprintf("%s.verified", path);
	FILE *f = fopen(p, "re");
	free(p);
	at[0] = '\0';
	if (f == NULL)
		return -1;
	int ok = fgets(at, 32, f) != NULL;
	fclose(f);
	at[strcspn(at, "\n")] = '\0';
	return ok && at[0] ? 0 : -1;
}
