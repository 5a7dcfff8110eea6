#include "common/shrun.h"
#include "common/tmpdir.h"
#include "core/xalloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int
shrun(const char *dir, char **out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char cmd[8192];
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	char *full = xasprintf("cd %s && { %s ; } 2>&1", dir, cmd);
	FILE *p = popen(full, "r");
	size_t cap = 4096, n = 0, k;
	char *buf = xmalloc(cap);
	while (p != NULL && (k = fread(buf + n, 1, cap - n - 1, p)) > 0) {
		n += k;
		if (n + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
	}
	buf[n] = '\0';
	int st = p != NULL ? pclose(p) : -1;
	free(full);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

void
shrun_write(const char *dir, const char *name, const char *text)
{
	char *path = tmpdir_path(dir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
	free(path);
}
