/*
 * The manual pages (contrib/hoso.1, English; contrib/hoso.vi.1, Vietnamese) name
 * every command, every option each command's --help lists, every role, every
 * function key and every environment variable the sources read: a new option or
 * variable without its line in both pages fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/paths.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
test_pages_name_everything(void **state)
{
	(void)state;
	char top[PATH_MAX], hoso[PATH_MAX];
	if (realpath(paths_forms_dir(), top) == NULL)
		fail_msg("no source tree at %s", paths_forms_dir());
	*strrchr(top, '/') = '\0';
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	char *dir = tmpdir_new("manpage");
	/* The words to find: commands and sub-commands, options, roles, keys,
	 * variables; then each looked for in the pages as plain text. */
	char *out = NULL;
	int rc = shrun(dir, &out,
	    "H=%s; T=%s; { "
	    "for c in ui serve import export search show check report user org verify codes transfer backup restore health sessions audit proposal declarations viewers assets; do "
	    "echo \"$c\"; $H $c --help --lang en 2>/dev/null | grep -oE -- '(^| |\\[)--?[a-z][a-z-]*' "
	    "| sed 's/^[ []*//'; done; "
	    "echo admin; echo agency_admin; echo clerk; echo viewer; echo self; "
	    "for k in F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F12; do echo $k; done; "
	    "grep -rhoE 'getenv\\(\"[A-Z_]+\"\\)' $T/src | sed 's/getenv(\"//; s/\")//'; "
	    "} | sort -u > words; "
	    "for p in hoso.1 hoso.vi.1; do sed 's/\\\\-/-/g; s/\\\\f[BIRP]//g' $T/contrib/$p > $p.txt; "
	    "while read -r w; do grep -qF -- \"$w\" $p.txt || echo \"$p lacks $w\"; done < words; "
	    "done; test $(wc -l < words) -gt 60",
	    hoso, top);
	if (rc != 0 || (out != NULL && strstr(out, "lacks") != NULL))
		fail_msg("(%d)\n%s", rc, out != NULL ? out : "");
	free(out);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_name_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
