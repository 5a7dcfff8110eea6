/*
 * Every file or folder of the repository that the READMEs name (README.md,
 * src/ssh/README.md, src/report/README.md, forms/README.md, contrib/gwsim's)
 * exists: a reader following one finds it.
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
test_references_exist(void **state)
{
	(void)state;
	char top[PATH_MAX];
	if (realpath(paths_forms_dir(), top) == NULL)
		fail_msg("no source tree at %s", paths_forms_dir());
	*strrchr(top, '/') = '\0';
	char *out = NULL;
	/* Names in backquotes that start with a folder of the repository, or end in
	 * .md; "FILE", "NAME" and the like are placeholders, not files. */
	int rc = shrun(top, &out, "n=0; for r in README.md src/*/README.md forms/README.md "
	    "contrib/*/README.md; do [ -f \"$r\" ] || continue; "
	    "for p in $(grep -oE '`[^` ]+`' \"$r\" | tr -d '`' | grep -E "
	    "'^(src|tests|contrib|forms|i18n)/|^[A-Za-z_./-]+\\.md$' | "
	    "grep -vE 'FILE|NAME|PATH|PREFIX|ACCOUNT|KIND' | sed 's/[.,:;]$//'); do n=$((n + 1)); "
	    "[ -e \"$p\" ] || [ -e \"$(dirname \"$r\")/$p\" ] || echo \"$r names $p, which is not there\"; "
	    "done; done; test $n -gt 10");
	if (rc != 0 || (out != NULL && strstr(out, "not there") != NULL))
		fail_msg("(%d)\n%s", rc, out != NULL ? out : "");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_references_exist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
