/*
 * make install PREFIX=... builds for that prefix: the prefix is compiled into
 * core/paths.c (where an installed program finds forms/ and the catalogs), and
 * a build made for another prefix is rebuilt rather than installed as it was.
 * Runs make on paths.o alone, in a build folder of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/tmpdir.h"
#include "core/paths.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
test_prefix_change_rebuilds(void **state)
{
	(void)state;
	char top[PATH_MAX];
	if (realpath(paths_forms_dir(), top) == NULL)
		fail_msg("no source tree at %s", paths_forms_dir());
	*strrchr(top, '/') = '\0';
	char *dir = tmpdir_new("prefix");
	const char *prefixes[] = { "/opt/hoso-one", "/opt/hoso-two", NULL };
	for (int i = 0; prefixes[i] != NULL; i++) {
		char *out = NULL;
		int rc = shrun(dir, &out, "make -s -C %s BUILD=%s/b PREFIX=%s %s/b/obj/src/core/paths.o"
		    " >/dev/null && grep -ac '%s' %s/b/obj/src/core/paths.o",
		    top, dir, prefixes[i], dir, prefixes[i], dir);
		if (rc != 0)
			fail_msg("PREFIX=%s: paths.o does not hold it (%d): %s", prefixes[i], rc,
			    out != NULL ? out : "");
		free(out);
	}
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_change_rebuilds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
