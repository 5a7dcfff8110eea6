/*
 * Allocation that never returns NULL: on exhaustion the process reports and exits,
 * as tmux and htop do, so callers never carry an out-of-memory branch. Every
 * pointer returned is the caller's to free().
 */
#ifndef HOSO_XALLOC_H
#define HOSO_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
