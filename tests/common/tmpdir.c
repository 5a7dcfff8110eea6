/*
 * Temporary directories for tests (see tmpdir.h). Removal walks the tree with nftw
 * so that SQLite's -wal/-shm files and anything a test leaves go too.
 */
#include "common/tmpdir.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *
tmpdir_new(const char *tag)
{
	const char *base = getenv("TMPDIR");
	if (base == NULL || !*base)
		base = "/tmp";
	size_t n = strlen(base) + strlen(tag) + 32;
	char *dir = malloc(n);
	if (dir == NULL)
		abort();
	snprintf(dir, n, "%s/hoso-%s-XXXXXX", base, tag);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
	return dir;
}

char *
tmpdir_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p == NULL)
		abort();
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void
tmpdir_remove(char *dir)
{
	if (dir == NULL)
		return;
	if (getenv("HOSO_KEEP_TMP") != NULL) {	/* for a post-mortem of a failed test */
		fprintf(stderr, "kept %s\n", dir);
		free(dir);
		return;
	}
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}
