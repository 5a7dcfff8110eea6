/*
 * The command line as an administrator uses it: the real hoso binary on a real
 * database file, its messages (Vietnamese by default, English with --lang en), its
 * exit codes, hoso check finding a tampered audit row by its number, and hoso
 * report.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char hoso[PATH_MAX + 16];
static char *dir;

static int
setup(void **state)
{
	(void)state;
	/* Absolute: the commands run in the test's own directory. */
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("cli");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H40,UBND tỉnh Nghệ An,\n"
	    "000.00.01.H40,Sở Nội vụ tỉnh Nghệ An,000.00.00.H40\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,000.00.01.H40\n"
	    "040190004321,Trần Thị Hoa,1990-03-02,Nữ,cong_chuc,000.00.01.H40\n");
	char *out;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db", hoso) != 0 ||
	    shrun(dir, NULL, "%s import people.csv --db t.db", hoso) != 0)
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
test_usage_and_help(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s --help", hoso), 0);
	assert_non_null(strstr(out, "import"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s nonsense", hoso), 2);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s import --db t.db", hoso), 2);
	free(out);
}

/* Every command reads its line with the one parser: --help on stdout with the
 * options of every command (0), an unknown option named with the usage (2), and
 * nothing done either way (the database is not even opened: no such file made). */
static void
test_every_command_parses_alike(void **state)
{
	(void)state;
	static const char *const cmds[] = { "ui", "serve", "import", "export", "search",
	    "show", "check", "user list", "org list", "verify", NULL };
	for (int i = 0; cmds[i] != NULL; i++) {
		char *out;
		assert_int_equal(shrun(dir, &out, "%s %s --help --lang en --db none.db 2>/dev/null", hoso,
		    cmds[i]), 0);
		if (strstr(out, "usage: hoso") == NULL || strstr(out, "--db PATH") == NULL)
			fail_msg("hoso %s --help:\n%s", cmds[i], out);
		free(out);
		assert_int_equal(shrun(dir, &out, "%s %s --no-such --lang en --db none.db", hoso,
		    cmds[i]), 2);
		if (strstr(out, "unknown option '--no-such'") == NULL ||
		    strstr(out, "usage: hoso") == NULL)
			fail_msg("hoso %s --no-such:\n%s", cmds[i], out);
		free(out);
	}
	assert_int_equal(shrun(dir, NULL, "test -e none.db"), 1);
}

static void
test_search_show_languages(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s search nguyen van duc --db t.db", hoso), 0);
	assert_non_null(strstr(out, "Nguyễn Văn Đức"));
	assert_null(strstr(out, "Trần Thị Hoa"));
	free(out);
	/* Vietnamese by default, English on request. */
	assert_int_equal(shrun(dir, &out, "%s show 040089001234 --db t.db", hoso), 0);
	assert_non_null(strstr(out, "Họ và tên"));
	assert_non_null(strstr(out, "(unchecked)"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s show 040089001234 --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "Full name"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s show 040089009999 --db t.db", hoso), 1);
	assert_non_null(strstr(out, "040089009999"));
	free(out);
}

static void
test_bad_rows_in_vietnamese(void **state)
{
	(void)state;
	shrun_write(dir, "bad.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001299,Lê Văn Tám,31/02/1989,M,cong_chuc,000.00.01.H40\n");
	char *out;
	assert_int_equal(shrun(dir, &out, "%s import bad.csv --db t.db", hoso), 1);
	assert_non_null(strstr(out, "bad.csv"));
	assert_non_null(strstr(out, "dòng 2"));
	assert_non_null(strstr(out, "date_of_birth"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s import bad.csv --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "line 2, column date_of_birth"));
	free(out);
}

/* --skip-bad that wrote the good rows has an exit status of its own (3), not the
 * failure's; the reject file is FILE.rejected.csv as the README says; a file with
 * nothing good is still a failure (1). The README's example file loads as it is. */
static void
test_skip_bad_status_and_examples(void **state)
{
	(void)state;
	shrun_write(dir, "mixed.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001277,Lê Văn Bảy,12/05/1989,Nam,cong_chuc,000.00.01.H40\n"
	    "040089001278,Lê Văn Tám,31/02/1989,Nam,cong_chuc,000.00.01.H40\n");
	char *out;
	assert_int_equal(shrun(dir, &out, "%s import mixed.csv --skip-bad --db t.db --lang en",
	    hoso), 3);
	if (strstr(out, "1 written") == NULL || strstr(out, "mixed.rejected.csv") == NULL)
		fail_msg("import --skip-bad:\n%s", out);
	free(out);
	assert_int_equal(shrun(dir, NULL, "grep -c 040089001278 mixed.rejected.csv"), 0);
	assert_int_equal(shrun(dir, NULL, "test -e mixed.csv.rejected.csv"), 1);
	shrun_write(dir, "allbad.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001279,Lê Văn Chín,31/02/1989,Nam,cong_chuc,000.00.01.H40\n");
	assert_int_equal(shrun(dir, &out, "%s import allbad.csv --skip-bad --db t.db", hoso), 1);
	free(out);

	char ex[PATH_MAX];
	snprintf(ex, sizeof ex, "%s/../contrib/examples", paths_forms_dir());
	assert_int_equal(shrun(dir, &out, "%s org import %s/orgs.csv --db ex.db && "
	    "%s import %s/people.csv --db ex.db --lang en", hoso, ex, hoso, ex), 0);
	free(out);
}

static void
test_export_roundtrip_and_users(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s export e.csv --db t.db && %s org import orgs.csv --db t2.db"
	    " && %s import e.csv --db t2.db && %s export e2.csv --db t2.db && cmp e.csv e2.csv",
	    hoso, hoso, hoso, hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | %s user add canbo.na --role clerk"
	    " --org 000.00.01.H40 --password-stdin --db t.db", hoso), 0);
	free(out);
	/* A clerk's own scope applies to the command line too. */
	assert_int_equal(shrun(dir, &out, "%s search tran --db t.db --user canbo.na", hoso), 0);
	assert_non_null(strstr(out, "Trần Thị Hoa"));
	free(out);
	/* A key belongs to one account: the second registration is refused, saying why. */
	const char *key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIORsgkwdLSKHZLY45BXPLsi9taO7ajOATYApx"
	    "V+tHyrE clerk@office";
	assert_int_equal(shrun(dir, &out, "%s user key add canbo.na '%s' --db t.db", hoso, key), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s user key add canbo.na '%s' --db t.db --lang en", hoso, key), 1);
	assert_non_null(strstr(out, "already registered"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s user key add canbo.na 'ssh-ed25519 AAAAnotbase64!' --db t.db"
	    " --lang en", hoso), 1);
	assert_non_null(strstr(out, "damaged"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s user lock canbo.na --db t.db && %s user list --db t.db",
	    hoso, hoso), 0);
	assert_non_null(strstr(out, "canbo.na"));
	free(out);
	assert_int_equal(shrun(dir, &out, "echo short | %s user add x --role clerk --org 000.00.01.H40"
	    " --password-stdin --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "8 characters"));
	free(out);
}

static void
test_check_finds_tampering(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "chain intact"));
	free(out);
	/* Someone with the sqlite3 shell rewrites history past the trigger. */
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"DROP TRIGGER audit_no_update;"
	    " UPDATE audit SET actor = 'someone' WHERE seq = 3;\""), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "TAMPERED at row 3"));
	free(out);
}

/* A person saved since their import (version 2), changed with the sqlite3 shell:
 * hoso check names them (it once compared only people still at version 1). */
static void
test_check_finds_a_changed_saved_person(void **state)
{
	(void)state;
	char *out;
	shrun_write(dir, "again.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code,religion\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,000.00.01.H40,01\n");
	assert_int_equal(shrun(dir, &out, "%s import again.csv --update --db t.db --lang en", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT id, version FROM person WHERE"
	    " id_number = '040089001234'\""), 0);
	assert_string_equal(out, "1|2\n");
	free(out);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "people: ok (2 match"));
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"UPDATE person SET religion = '02' WHERE"
	    " id = 1\""), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "person 1 was changed outside hoso"));
	free(out);
}

/* The last audit rows deleted with the sqlite3 shell: the chain that is left is
 * intact, but the witness written by the previous check saw more. */
static void
test_check_finds_the_last_rows_deleted(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "audit witness: row 4"));
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"DROP TRIGGER audit_no_delete;"
	    " DELETE FROM audit WHERE seq >= 3;\""), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "TRUNCATED: rows from 3 on are gone"));
	free(out);
}

static void
test_ctrl_c_during_import(void **state)
{
	(void)state;
	char *path = tmpdir_path(dir, "big.csv");
	FILE *f = fopen(path, "w");
	fputs("id_number,full_name,date_of_birth,sex,staff_category,org_code\n", f);
	for (int i = 0; i < 300000; i++)
		fprintf(f, "040089%06d,Phạm Văn %d,1989-01-01,M,cong_chuc,000.00.01.H40\n", i + 100000, i);
	fclose(f);
	free(path);
	/* SIGINT as Ctrl-C sends it, a moment into the import. */
	char *out;
	int rc = shrun(dir, &out, "%s import big.csv --db t.db --lang en & p=$!; sleep 0.5;"
	    " kill -INT $p; wait $p", hoso);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "interrupted: "));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db", hoso), 0);
	free(out);
	/* Whole batches of 50,000 only, on top of the two people already there. */
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db 'SELECT count(*) FROM person'"), 0);
	assert_int_equal((atoi(out) - 2) % 50000, 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db 'SELECT count(*) FROM pending_index'"), 0);
	assert_int_equal(atoi(out), 0);
	free(out);
}

/* hoso report: the list, the summary as JSON to a file and as CSV, scope refused
 * outside a viewer's agency, bad names and formats as wrong usage; hoso check
 * recounts the headcounts. */
static void
test_report(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s report --list --lang en", hoso), 0);
	assert_non_null(strstr(out, "summary"));
	assert_non_null(strstr(out, "retirement"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report summary --db t.db --format json -o s.json && "
	    "cat s.json", hoso), 0);
	assert_non_null(strstr(out, "{\"org\": null"));
	assert_non_null(strstr(out, "\"total\": 2,"));
	assert_non_null(strstr(out, "\"sex\": {\"F\": 1, \"M\": 1}"));
	free(out);
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | %s user add xem.na --role viewer"
	    " --org 000.00.01.H40 --password-stdin --db t.db", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report summary --org 000.00.00.H40 --db t.db"
	    " --user xem.na --lang en", hoso), 1);
	assert_non_null(strstr(out, "outside this account's scope"));
	free(out);
	/* Without --org: the viewer's own agency. */
	assert_int_equal(shrun(dir, &out, "%s report summary --format csv --db t.db --user xem.na"
	    " --lang en", hoso), 0);
	assert_non_null(strstr(out, "total,,People at work,2\n"));
	assert_non_null(strstr(out, "sex,F,Female,1\n"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report summary --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "Agency: Nationwide"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report nosuch --db t.db", hoso), 2);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report summary --format xml --db t.db", hoso), 2);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "headcounts: ok"));
	free(out);
}

/* hoso report as a spreadsheet: a real xlsx file read back with unzip: the sheet
 * named for the report, the printed form's header, numbers stored as numbers; the
 * alert, data-quality and BM reports run from the command line. */
static void
test_report_xlsx(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s report summary --db t.db --lang en --format xlsx"
	    " -o s.xlsx && unzip -p s.xlsx xl/workbook.xml xl/sharedStrings.xml"
	    " xl/worksheets/sheet1.xml", hoso), 0);
	assert_non_null(strstr(out, "<sheet name=\"Summary\""));
	assert_non_null(strstr(out, "<t>Summary of the civil service</t>"));
	assert_non_null(strstr(out, "<t>Agency: Nationwide</t>"));
	/* "People at work" and its 2 as a number (no t="s": not a string). */
	assert_non_null(strstr(out, "<c r=\"D5\"><v>2</v></c>"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report bm01 --db t.db --lang en --format xlsx"
	    " > b.xlsx && unzip -p b.xlsx xl/workbook.xml xl/sharedStrings.xml", hoso), 0);
	assert_non_null(strstr(out, "<sheet name=\"BM01-BNV\""));
	assert_non_null(strstr(out, "Circular 11/2012/TT-BNV"));
	assert_non_null(strstr(out, "<t>Actual headcount</t>"));
	free(out);
	/* Two agencies side by side: both audited, the counts in the order asked. */
	assert_int_equal(shrun(dir, &out, "%s report summary --org 000.00.01.H40,000.00.00.H40"
	    " --db t.db --format json", hoso), 0);
	assert_non_null(strstr(out, "\"orgs\": [\"000.00.01.H40\", \"000.00.00.H40\"]"));
	assert_non_null(strstr(out, "\"total\": [2, 2]"));
	assert_non_null(strstr(out, "\"sex\": {\"F\": [1, 1], \"M\": [1, 1]}"));
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT count(*) FROM audit WHERE"
	    " action = 'report' AND after LIKE '%%H40%%'\""), 0);
	assert_true(atoi(out) >= 2);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report raises --org 000.00.01.H40,000.00.00.H40"
	    " --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "only for the summary"));
	free(out);
	static const char *const names[] = { "raises", "probation", "contracts", "quality",
		"bm02" };
	for (int i = 0; i < 5; i++) {
		assert_int_equal(shrun(dir, &out, "%s report %s --db t.db --format csv", hoso,
		    names[i]), 0);
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_usage_and_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_command_parses_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_show_languages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows_in_vietnamese, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_bad_status_and_examples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_roundtrip_and_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_a_changed_saved_person, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_the_last_rows_deleted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ctrl_c_during_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_xlsx, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
