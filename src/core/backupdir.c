/* The backup folder and its file names (backupdir.h). */
#include "core/backupdir.h"
#include "core/config.h"
#include "core/filemode.h"
#include "core/xalloc.h"
#include <errno.h>
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
