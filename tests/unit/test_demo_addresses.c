/*
 * The demo's addresses follow the 2025 reform of local government: a residence is
 * a commune or ward and a province, with no district ("Huyện", "Quận", "Thị xã")
 * and no city under a province; places of birth and home towns may keep the names
 * they were written with. Checked on what make run loads: the generator's people
 * and register (the demo's seed), the people demo.sh adds to the register, and
 * contrib/examples/people.csv.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/csv.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does a residence name a level the reform removed? */
static const char *
old_level(const char *addr)
{
	static const char *const gone[] = { "Huyện ", "huyện ", "Quận ", "quận ",
	    "Thị xã ", "thị xã ", NULL };
	for (int i = 0; gone[i] != NULL; i++)
		if (strstr(addr, gone[i]) != NULL)
			return gone[i];
	/* "Thành phố" only as the province itself, the last part. */
	const char *city = strstr(addr, "Thành phố ");
	if (city != NULL && strchr(city, ',') != NULL)
		return "Thành phố (under a province)";
	return NULL;
}

/* Every residence column of a CSV file; the number of rows checked. */
static int
check_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot read %s", path);
	struct csv *c = csv_open(f);
	char **fl;
	int nf, rows = 0;
	int col[2] = { -1, -1 };
	if (csv_read(c, &fl, &nf) != 1)
		fail_msg("%s: no header", path);
	for (int i = 0; i < nf; i++) {
		if (strcmp(fl[i], "place_of_residence") == 0)
			col[0] = i;
		if (strcmp(fl[i], "current_address") == 0)
			col[1] = i;
	}
	assert_true(col[0] >= 0);
	while (csv_read(c, &fl, &nf) == 1) {
		for (int k = 0; k < 2; k++) {
			if (col[k] < 0 || col[k] >= nf)
				continue;
			const char *why = old_level(fl[col[k]]);
			if (why != NULL)
				fail_msg("%s line %ld: \"%s\" has %s", path, csv_line(c), fl[col[k]],
				    why);
		}
		rows++;
	}
	csv_free(c);
	fclose(f);
	return rows;
}

static void
test_residences_after_the_reform(void **state)
{
	(void)state;
	char top[PATH_MAX], hoso[PATH_MAX];
	if (realpath(paths_forms_dir(), top) == NULL)
		fail_msg("no source tree at %s", paths_forms_dir());
	*strrchr(top, '/') = '\0';
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	char *dir = tmpdir_new("demoaddr");
	char *out = NULL;
	/* The generator as demo.sh runs it (its seed), smaller; and demo.sh's own
	 * register additions under the register's header. */
	if (shrun(dir, &out, "G=$(dirname %s)/hoso-gen; $G --people 2000 --agencies 200 "
	    "--seed 2026 --out . --quiet && head -1 citizens.csv > added.csv && "
	    "sed -n \"/^NEW_PEOPLE='/,/'\\$/p\" %s/contrib/demo.sh | "
	    "sed \"s/^NEW_PEOPLE='//; s/'\\$//\" >> added.csv", hoso, top) != 0)
		fail_msg("set-up: %s", out != NULL ? out : "");
	free(out);
	static const char *const files[] = { "people.csv", "citizens.csv", "added.csv" };
	for (int i = 0; i < 3; i++) {
		char *p = tmpdir_path(dir, files[i]);
		assert_true(check_file(p) >= (i == 2 ? 3 : 1000));
		free(p);
	}
	char *ex = xasprintf("%s/contrib/examples/people.csv", top);
	assert_true(check_file(ex) >= 2);
	free(ex);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_residences_after_the_reform),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
