/*
 * What the loaders of forms/ (form.c, codes.c) share below them: the one recursive
 * lock over both caches (loading a form loads its code lists), reading a whole file
 * of forms/, and the check on a file stem taken from a form or a caller.
 */
#include "form/form_internal.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t  lock_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock;

static void
form_lock_init(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&lock, &a);
	pthread_mutexattr_destroy(&a);
}

void
form_lock(void)
{
	pthread_once(&lock_once, form_lock_init);
	pthread_mutex_lock(&lock);
}

void
form_unlock(void)
{
	pthread_mutex_unlock(&lock);
}

bool
form_name_ok(const char *name)
{
	size_t n = 0;
	for (; name[n]; n++) {
		char c = name[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return n > 0 && n <= 64;
}

char *
form_read_file(const char *path, char **err)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		*err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	size_t cap = 65536, len = 0, got;
	char *buf = xmalloc(cap);
	while ((got = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
		len += got;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(buf);
		*err = xasprintf(_("cannot read %s: %s"), path, strerror(EIO));
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

