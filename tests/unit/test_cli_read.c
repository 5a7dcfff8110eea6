/*
 * The command line without surprises, as a new administrator meets it: the real
 * hoso binary on real files. Reading commands never make a database; show names
 * what an ID number is; search prints a header, columns aligned by display width
 * and labels instead of codes, and the count; user passwd and user list say what
 * they did; SQLite's own errors come as a sentence that says what to do; the C
 * library's messages stay UTF-8 under a locale that cannot hold Vietnamese; export
 * writes labels or the byte-order mark on request and stays re-importable without.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char hoso[PATH_MAX + 16];
static char *dir;

static int
setup(void **state)
{
	(void)state;
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("cliread");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H40,UBND tỉnh Nghệ An,\n"
	    "000.00.01.H40,Sở Nội vụ tỉnh Nghệ An,000.00.00.H40\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,000.00.01.H40\n"
	    "040190004321,Trần Thị Hoa,1990-03-02,Nữ,vien_chuc,000.00.01.H40\n"
	    "040090004322,Ngô Quốc Ưng,1990-03-02,Nam,cong_chuc,000.00.01.H40\n");
	char *out = NULL;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db && %s import people.csv --db t.db",
	    hoso, hoso) != 0)
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
test_reading_commands_make_no_database(void **state)
{
	(void)state;
	static const char *const cmds[] = { "search nguyen", "show 040089001234", "export",
	    "check", "report summary", "verify --status", "user list", "user throttles",
	    "org list", "org export", "audit", "sessions", "health", "codes show rank 01.003",
	    "viewers 040089001234", "declarations", "transfer list", "proposal list",
	    "assets list", "backup out.db", NULL };
	for (int i = 0; cmds[i] != NULL; i++) {
		char *out;
		int rc = shrun(dir, &out, "%s %s --db missing.db --lang en", hoso, cmds[i]);
		if (rc != 1 || strstr(out, "no database at missing.db") == NULL ||
		    strstr(out, "hoso org import") == NULL)
			fail_msg("hoso %s on a missing database (%d):\n%s", cmds[i], rc, out);
		free(out);
		assert_int_equal(shrun(dir, NULL, "test -e missing.db"), 1);
	}
}

static void
test_show_names_what_an_id_number_is(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s show 123 --db t.db --lang en", hoso), 2);
	assert_non_null(strstr(out, "12 digits"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s show 123 --db t.db", hoso), 2);
	assert_non_null(strstr(out, "12 chữ số"));
	free(out);
}

/* The display column where needle starts in line, or -1. */
static int
column_of(const char *line, const char *needle)
{
	const char *at = strstr(line, needle);
	if (at == NULL)
		return -1;
	char *head = xasprintf("%.*s", (int)(at - line), line);
	int w = text_width(head);
	free(head);
	return w;
}

static void
test_search_header_columns_labels_count(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s search --org 000.00.01.H40 --db t.db 2>&1", hoso), 0);
	print_message("%s", out);
	/* A header, Vietnamese labels (not codes), and the count. */
	if (strstr(out, "Họ và tên") == NULL || strstr(out, "Chưa kiểm tra") == NULL ||
	    strstr(out, "unchecked") != NULL || strstr(out, "Nữ") == NULL ||
	    strstr(out, "3 người") == NULL)
		fail_msg("search:\n%s", out);
	/* The birth dates stand in one column however many bytes the names take. */
	int col = -1, lines = 0;
	for (char *l = strtok(out, "\n"); l != NULL; l = strtok(NULL, "\n")) {
		const char *date = strstr(l, "/19");
		if (date == NULL)
			continue;
		char d[11];
		snprintf(d, sizeof d, "%.10s", date - 5);
		int c = column_of(l, d);
		if (col < 0)
			col = c;
		assert_int_equal(c, col);
		lines++;
	}
	assert_int_equal(lines, 3);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s search zzzz --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "nobody found"));
	free(out);
}

static void
test_user_commands_say_what_they_did(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s user list --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "no accounts"));
	free(out);
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | %s user add canbo --role clerk "
	    "--org 000.00.01.H40 --password-stdin --db t.db --lang en", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "echo mat-khau-456 | %s user passwd canbo --password-stdin "
	    "--db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "password of canbo changed"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s user --help --lang en", hoso), 0);
	if (strstr(out, "viewer (") == NULL || strstr(out, "agency_admin (") == NULL ||
	    strstr(out, "self (") == NULL)
		fail_msg("user --help does not describe the roles:\n%s", out);
	free(out);
}

static void
test_sqlite_errors_say_what_to_do(void **state)
{
	(void)state;
	char *out;
	shrun_write(dir, "junk.db", "this is no database, only some text long enough to be "
	    "read as a header of a database file by SQLite, which wants 100 bytes.\n");
	assert_int_equal(shrun(dir, &out, "%s search x --db junk.db --lang en", hoso), 1);
	if (strstr(out, "damaged or is not a hoso database") == NULL ||
	    strstr(out, "backup") == NULL)
		fail_msg("junk.db:\n%s", out);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s search x --db junk.db", hoso), 1);
	assert_non_null(strstr(out, "bản sao lưu"));
	free(out);
}

/* Under a multibyte locale that is not UTF-8 (EUC-JP here, made with localedef),
 * the C library's own messages used to come out as "K???t n???i": the program
 * runs in UTF-8 whatever the environment says. */
static void
test_system_errors_stay_utf8(void **state)
{
	(void)state;
	char *out;
	if (shrun(dir, &out, "mkdir -p loc && { localedef -i ja_JP -f EUC-JP "
	    "loc/ja_JP.EUC-JP; test -d loc/ja_JP.EUC-JP; }") != 0) {
		free(out);
		skip();
	}
	free(out);
	assert_int_equal(shrun(dir, &out, "env -i LOCPATH=$PWD/loc LC_ALL=ja_JP.EUC-JP %s "
	    "import nonexistent.csv --db t.db", hoso), 1);
	if (strstr(out, "Không có tập tin") == NULL)
		fail_msg("strerror under EUC-JP:\n%s", out);
	free(out);
}

static void
test_export_labels_and_excel(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s export --db t.db --labels --excel --lang en | head -c 200",
	    hoso), 0);
	if (strstr(out, "\xEF\xBB\xBFPersonal ID number,Full name,") == NULL)
		fail_msg("export --labels --excel:\n%s", out);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s export --db t.db --labels | grep 040190004321",
	    hoso), 0);
	if (strstr(out, "02/03/1990") == NULL || strstr(out, "Viên chức") == NULL ||
	    strstr(out, "Chưa kiểm tra") == NULL)
		fail_msg("export --labels:\n%s", out);
	free(out);
	/* The default stays the import format: codes, ISO dates, no mark; it imports. */
	assert_int_equal(shrun(dir, &out, "%s export e.csv --db t.db && head -c 9 e.csv && "
	    "grep -c '1990-03-02,F' e.csv && %s org import orgs.csv --db back.db && "
	    "%s import e.csv --db back.db", hoso, hoso, hoso), 0);
	assert_true(strncmp(out, "id_number", 9) == 0 || strstr(out, "\nid_number") != NULL);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s export x.csv --excel --db t.db && %s org import "
	    "orgs.csv --db back2.db && %s import x.csv --db back2.db", hoso, hoso, hoso), 0);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reading_commands_make_no_database, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_show_names_what_an_id_number_is, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search_header_columns_labels_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_user_commands_say_what_they_did, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sqlite_errors_say_what_to_do, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_system_errors_stay_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_labels_and_excel, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
