/*
 * Code lists as an administrator extends them and as an older system's files use
 * them: a retired rank code in an imported CSV is stored as the code that replaced
 * it (and the alias table holds the pair); `hoso codes add` appends a value to the
 * list's file (a copy of forms/ here), mirrored and audited, which new processes
 * then accept, refusing a code or label already taken and anyone but a national
 * administrator; `codes show` says how many people's records use a value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "form/form.h"
#include "core/paths.h"
#include <limits.h>
#include <sqlite3.h>
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
	dir = tmpdir_new("codes");
	char forms[PATH_MAX];
	if (realpath(paths_forms_dir(), forms) == NULL)
		fail_msg("no forms directory");
	char *out = NULL;
	/* The commands get their own copy of forms/: codes add writes into it. */
	if (shrun(dir, &out, "cp -r '%s' forms", forms) != 0)
		fail_msg("cannot copy forms: %s", out);
	free(out);
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H40,UBND tỉnh Nghệ An,\n000.00.01.H40,Sở Y tế tỉnh Nghệ An,000.00.00.H40\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,org_code,rank_code\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,000.00.01.H40,16.118\n"
	    "040190004321,Trần Thị Hoa,1990-03-02,Nữ,000.00.01.H40,V.08.01.02\n"
	    "040085004322,Lê Văn Tâm,1985-03-02,Nam,000.00.01.H40,01.003\n");
	if (shrun(dir, &out, "HOSO_FORMS=forms %s org import orgs.csv --db t.db", hoso) != 0)
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

static char *
ask(const char *sql)
{
	sqlite3 *c;
	char *db = tmpdir_path(dir, "t.db");
	assert_int_equal(sqlite3_open(db, &c), SQLITE_OK);
	free(db);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *v = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) :
	    "");
	sqlite3_finalize(st);
	sqlite3_close(c);
	return v;
}

static void
run(int want, const char *needle, const char *fmt, const char *arg)
{
	char *out = NULL;
	char line[1024];
	snprintf(line, sizeof line, fmt, arg);
	int rc = shrun(dir, &out, "HOSO_FORMS=forms %s %s --db t.db --lang en", hoso, line);
	if (rc != want || (needle != NULL && strstr(out, needle) == NULL))
		fail_msg("hoso %s: exit %d (wanted %d), output:\n%s\n(wanted \"%s\")", line, rc,
		    want, out, needle ? needle : "");
	free(out);
}

static void
test_retired_code_imported_as_current(void **state)
{
	(void)state;
	/* In the form layer: the retired code matches the item that replaced it. */
	const struct code_list *cl = codes_get("rank", NULL);
	assert_non_null(cl);
	assert_null(codes_find(cl, "16.118"));
	assert_non_null(codes_retired(cl, "16.118"));
	assert_string_equal(codes_match(cl, "16.118")->code, "V.08.01.02");
	assert_string_equal(codes_match(cl, " 15.110 ")->code, "V.07.01.02");
	/* An older system's file: imported, not refused; stored as the current code. */
	run(0, NULL, "import %s --set staff_category=vien_chuc", "people.csv");
	char *v = ask("SELECT rank_code FROM person WHERE id_number = '040089001234'");
	assert_string_equal(v, "V.08.01.02");
	free(v);
	v = ask("SELECT code || ' ' || label FROM code_alias WHERE list = 'rank' AND"
	    " old_code = '16.118'");
	assert_string_equal(v, "V.08.01.02 Bác sĩ chính (mã cũ)");
	free(v);
	run(0, "16.118       retired, now V.08.01.02", "codes list %s", "rank");
	run(0, "16.118 is retired: it is now V.08.01.02", "codes show rank %s", "16.118");
	/* Both people hold the physician's title now. */
	run(0, "used by 2 people", "codes show rank %s", "V.08.01.02");
	run(0, "formerly 16.118", "codes show rank %s", "V.08.01.02");
	run(0, "used by 0 people", "codes show rank %s", "V.07.01.02");
}

static void
test_codes_add(void **state)
{
	(void)state;
	char *out = NULL;
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | HOSO_FORMS=forms %s user add"
	    " qt.na --role agency_admin --org 000.00.00.H40 --password-stdin --db t.db && echo"
	    " mat-khau-123 | HOSO_FORMS=forms %s user add tw --role admin --password-stdin"
	    " --db t.db", hoso, hoso), 0);
	free(out);
	run(0, "Ethnic groups", "codes list%s", "");
	run(1, "only a national administrator", "codes add position pho_truong_tram 'Phó Trưởng"
	    " trạm' --user %s", "qt.na");
	run(0, "pho_truong_tram added to position", "codes add position pho_truong_tram"
	    " 'Phó Trưởng trạm' 'Deputy head of station' --user %s", "tw");
	/* A new process accepts it, and the list file is still a list. */
	run(0, "Phó Trưởng trạm | Deputy head of station", "codes list %s", "position");
	run(0, "Giám đốc Sở", "codes list %s", "position");
	run(1, "already has the code", "codes add position pho_truong_tram X --user %s", "tw");
	run(1, "already has the code", "codes add rank 16.118 'Bác sĩ chính cũ' --user %s", "tw");
	run(1, "already the label of", "codes add position x1 'pho truong tram' --user %s", "tw");
	run(1, "not a valid code", "codes add position 'a b' Y --user %s", "tw");
	char *v = ask("SELECT count(*) FROM audit WHERE entity = 'code' AND actor = 'tw'"
	    " AND after LIKE '%pho_truong_tram%'");
	assert_string_equal(v, "1");
	free(v);
	v = ask("SELECT label_en FROM code WHERE list = 'position' AND code = 'pho_truong_tram'");
	assert_string_equal(v, "Deputy head of station");
	free(v);
	/* A person can hold the new value at once. */
	shrun_write(dir, "p2.csv", "id_number,full_name,date_of_birth,sex,org_code,position\n"
	    "040088004323,Phạm Văn Bình,1988-03-02,Nam,000.00.01.H40,Phó Trưởng trạm\n");
	run(0, NULL, "import %s --set staff_category=vien_chuc", "p2.csv");
	run(0, "used by 1 people", "codes show position %s", "pho_truong_tram");
}

/* Issue 17: every shipped list reads in English too. */
static void
test_every_list_in_english(void **state)
{
	(void)state;
	const char **names = codes_list_names();
	int lists = 0;
	for (int i = 0; names[i] != NULL; i++) {
		const struct code_list *cl = codes_get(names[i], NULL);
		assert_non_null(cl);
		lists++;
		for (int k = 0; k < cl->nitems; k++)
			if (cl->items[k].label_en == NULL)
				fail_msg("%s: %s has no English label", names[i], cl->items[k].code);
	}
	free(names);
	assert_true(lists > 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retired_code_imported_as_current),
		cmocka_unit_test(test_codes_add),
		cmocka_unit_test(test_every_list_in_english),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
