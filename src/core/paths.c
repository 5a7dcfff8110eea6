/* Locating forms/ and translations relative to the running binary. */
#include "core/paths.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char forms_dir[PATH_MAX];
static char locale_dir[PATH_MAX];

/* Directory of /proc/self/exe, or "" when it cannot be read. */
static void
exe_dir(char *out, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", out, len - 1);
	if (n <= 0) {
		out[0] = '\0';
		return;
	}
	out[n] = '\0';
	char *slash = strrchr(out, '/');
	if (slash != NULL)
		*slash = '\0';
}

/* out = a + b, or "" when it would not fit (then the next candidate is tried). */
static void
join(char *out, size_t len, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la + lb + 1 > len) {
		out[0] = '\0';
		return;
	}
	memcpy(out, a, la);
	memcpy(out + la, b, lb + 1);
}

static int
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
paths_forms_dir(void)
{
	if (forms_dir[0])
		return forms_dir;
	const char *env = getenv("HOSO_FORMS");
	char dir[PATH_MAX];
	exe_dir(dir, sizeof dir);
	if (env != NULL && *env)
		join(forms_dir, sizeof forms_dir, env, "");
	else {
		/* build/hoso in the source tree: forms/ is beside build/; test programs
		 * live two levels deeper, in build/tests/<kind>/. */
		join(forms_dir, sizeof forms_dir, dir, "/../forms");
		if (!is_dir(forms_dir))
			join(forms_dir, sizeof forms_dir, dir, "/../../../forms");
		/* Installed: PREFIX/bin/hoso beside PREFIX/share, wherever PREFIX is. */
		if (!is_dir(forms_dir))
			join(forms_dir, sizeof forms_dir, dir, "/../share/hoso/forms");
		if (!is_dir(forms_dir))
			join(forms_dir, sizeof forms_dir, HOSO_PREFIX, "/share/hoso/forms");
	}
	return forms_dir;
}

const char *
paths_locale_dir(void)
{
	if (locale_dir[0])
		return locale_dir;
	const char *env = getenv("HOSO_LOCALEDIR");
	char dir[PATH_MAX];
	exe_dir(dir, sizeof dir);
	if (env != NULL && *env)
		join(locale_dir, sizeof locale_dir, env, "");
	else {
		join(locale_dir, sizeof locale_dir, dir, "/locale");
		if (!is_dir(locale_dir)) {
			/* Test programs live in build/tests/<kind>/. */
			join(locale_dir, sizeof locale_dir, dir, "/../../locale");
			if (!is_dir(locale_dir))
				join(locale_dir, sizeof locale_dir, dir, "/../share/locale");
			if (!is_dir(locale_dir))
				join(locale_dir, sizeof locale_dir, HOSO_PREFIX, "/share/locale");
		}
	}
	return locale_dir;
}

const char *
paths_default_db(void)
{
	const char *env = getenv("HOSO_DB");
	return env != NULL && *env ? env : "hoso.db";
}
