/*
 * A fresh temporary directory per test, for its database and files, removed with
 * everything in it when the test ends. Paths returned are the caller's to free
 * (tmpdir_remove frees the directory's own path).
 */
#ifndef HOSO_TEST_TMPDIR_H
#define HOSO_TEST_TMPDIR_H

/* Make $TMPDIR/hoso-<tag>-XXXXXX (TMPDIR defaults to /tmp). Never NULL. */
char *tmpdir_new(const char *tag);
/* dir/name as a new string. */
char *tmpdir_path(const char *dir, const char *name);
/* Remove dir and its contents (one level of files and subdirectories deep is
 * enough for our tests; deeper trees are removed too), then free(dir). */
void  tmpdir_remove(char *dir);
#endif
