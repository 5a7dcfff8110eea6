/*
 * The agency and transfer commands as a person types them, the real hoso binary
 * on a real file: hoso org merge --dry-run says what would move and changes nothing,
 * the merge then moves the people and hoso check passes; a missing --into is a
 * usage error; a clerk of Nghệ An's agency transfers a person to Hà Nội's, which
 * sees it arriving and takes it over, and the person is no longer Nghệ An's to see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NA     "000.00.00.H40"
#define NA_NV  "000.00.01.H40"
#define NA_TC  "000.00.02.H40"
#define HN_NV  "000.00.01.H01"
#define ID_A   "040089001234"
#define ID_B   "040089001235"

static char hoso[PATH_MAX + 16];
static char *dir;

static int
setup(void **state)
{
	(void)state;
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("cliorg");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    NA ",UBND tỉnh Nghệ An,\n" NA_NV ",Sở Nội vụ tỉnh Nghệ An," NA "\n"
	    NA_TC ",Sở Tài chính tỉnh Nghệ An," NA "\n"
	    "000.00.00.H01,UBND thành phố Hà Nội,\n" HN_NV ",Sở Nội vụ Hà Nội,000.00.00.H01\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,org_code,"
	    "staff_category\n" ID_A ",Nguyễn Văn Đức,1989-05-12,M," NA_NV ",cong_chuc\n"
	    ID_B ",Trần Văn Hùng,1989-03-02,M," NA_TC ",cong_chuc\n");
	char *out = NULL;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db && %s import people.csv --db t.db"
	    " && echo mat-khau-123 | %s user add canbo.na --role clerk --org " NA_NV
	    " --password-stdin --db t.db && echo mat-khau-123 | %s user add canbo.hn --role"
	    " clerk --org " HN_NV " --password-stdin --db t.db", hoso, hoso, hoso, hoso) != 0)
		fail_msg("set-up failed: %s", out);
	free(out);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tmpdir_remove(dir);
	return 0;
}

static void
assert_has(const char *out, const char *want)
{
	if (strstr(out, want) == NULL)
		fail_msg("the output lacks \"%s\":\n%s", want, out);
}

static void
test_merge_dry_run_then_merge(void **state)
{
	(void)state;
	char *out, *before, *after;
	assert_int_equal(shrun(dir, &before, "sqlite3 t.db 'SELECT * FROM person; SELECT *"
	    " FROM org; SELECT count(*) FROM audit'"), 0);
	assert_int_equal(shrun(dir, &out, "%s org merge " NA_TC " --into " NA_NV " --date"
	    " 01/07/2025 --dry-run --people --db t.db --lang en", hoso), 0);
	assert_has(out, "Would move, from 01/07/2025 (nothing is changed):");
	assert_has(out, NA_TC " Sở Tài chính tỉnh Nghệ An -> " NA_NV
	    " Sở Nội vụ tỉnh Nghệ An: 1 people, 0 agencies, 0 accounts");
	assert_has(out, "  " ID_B "  Trần Văn Hùng: " NA_TC " -> " NA_NV "\n");
	free(out);
	assert_int_equal(shrun(dir, &after, "sqlite3 t.db 'SELECT * FROM person; SELECT *"
	    " FROM org; SELECT count(*) FROM audit'"), 0);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(shrun(dir, &out, "%s org merge " NA_TC " --db t.db --lang en", hoso),
	    2);
	assert_has(out, "--into CODE is needed");
	free(out);
	assert_int_equal(shrun(dir, &out, "%s org merge " NA_TC " --into " NA_NV " --date"
	    " 2025-07-01 --db t.db --lang en && %s org list --db t.db --lang en && %s check"
	    " --db t.db --lang en", hoso, hoso, hoso), 0);
	assert_has(out, "Moved, from 01/07/2025:");
	assert_has(out, NA_TC "  Sở Tài chính tỉnh Nghệ An  (merged into " NA_NV
	    " after 30/06/2025)");
	assert_has(out, "headcounts: ok");
	free(out);
}

static void
test_transfer_between_two_clerks(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s transfer " ID_A " --to " HN_NV " --date"
	    " 2026-01-05 --decision 'QĐ 15' --user canbo.na --db t.db --lang en && %s transfer"
	    " list --leaving --user canbo.na --db t.db --lang en && %s transfer list --user"
	    " canbo.hn --db t.db --lang en", hoso, hoso, hoso), 0);
	assert_has(out, "transfer of " ID_A " to " HN_NV " started");
	assert_has(out, "leaving");
	assert_has(out, "arriving");
	assert_has(out, "(QĐ 15)");
	free(out);
	/* Hà Nội's clerk cannot read the record yet; takes it over; then can. */
	assert_int_equal(shrun(dir, &out, "%s show " ID_A " --user canbo.hn --db t.db"
	    " --lang en", hoso), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s transfer accept " ID_A " --user canbo.hn"
	    " --db t.db --lang en && %s show " ID_A " --user canbo.hn --db t.db --lang en",
	    hoso, hoso), 0);
	assert_has(out, ID_A " taken over");
	assert_has(out, "Sở Nội vụ Hà Nội");
	free(out);
	assert_int_equal(shrun(dir, &out, "%s show " ID_A " --user canbo.na --db t.db"
	    " --lang en", hoso), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s transfer list --arriving --user canbo.hn"
	    " --db t.db --lang en && %s check --db t.db --lang en", hoso, hoso), 0);
	assert_has(out, "taken over");
	assert_has(out, "people: ok");
	free(out);
}

/* Agencies are listed as a tree with brothers by code, not in the order they were
 * loaded (Nghệ An, H40, came first in orgs.csv): a reader looks for H01 before H40. */
static void
test_list_brothers_by_code(void **state)
{
	(void)state;
	char *out = NULL;
	assert_int_equal(shrun(dir, &out, "%s org list --db t.db", hoso), 0);
	const char *hn = strstr(out, "000.00.00.H01"), *hn_nv = strstr(out, HN_NV),
	    *na = strstr(out, NA " "), *na_tc = strstr(out, NA_TC);
	if (hn == NULL || hn_nv == NULL || na == NULL || na_tc == NULL ||
	    !(hn < hn_nv && hn_nv < na && na < na_tc))
		fail_msg("not a tree with brothers by code:\n%s", out);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge_dry_run_then_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_brothers_by_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer_between_two_clerks, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
