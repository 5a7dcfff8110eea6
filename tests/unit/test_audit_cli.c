/*
 * hoso audit with the real program on a real database: a person's history with
 * each change's fields before and after, as text, CSV and JSON; an agency
 * administrator's view limited to its subtree (another province's person is
 * answered as missing); a clerk refused; every listing audited; --verify naming
 * the first changed row and showing it.
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

static char hoso[PATH_MAX + 16];
static char *dir;

#define KEY "'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyFakeKeyFakeKeyFakeKeyFakeKeyFake'"

static int
setup(void **state)
{
	(void)state;
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("audit-cli");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H40,UBND tỉnh Nghệ An,\n"
	    "000.00.01.H40,Sở Nội vụ tỉnh Nghệ An,000.00.00.H40\n"
	    "000.00.00.H01,UBND thành phố Hà Nội,\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,000.00.01.H40\n"
	    "001189001234,Lê Thị Hà,12/05/1989,Nữ,cong_chuc,000.00.00.H01\n");
	shrun_write(dir, "change.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code,religion\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,000.00.01.H40,01\n");
	char *out = NULL;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db && %s import people.csv --db t.db"
	    " && %s import change.csv --update --db t.db && %s user add qt --role agency_admin"
	    " --org 000.00.00.H40 --key " KEY " --db t.db && echo 'mat khau cua can bo 42' | %s"
	    " user add cb --role clerk --org 000.00.01.H40 --password-stdin --db t.db", hoso, hoso, hoso, hoso, hoso) != 0)
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

static long long
sql_int(const char *sql)
{
	char *out;
	if (shrun(dir, &out, "sqlite3 t.db \"%s\"", sql) != 0)
		fail_msg("sqlite3 failed: %s", out);
	long long n = atoll(out);
	free(out);
	return n;
}

static void
test_person_history(void **state)
{
	(void)state;
	char *out;
	long long views = sql_int("SELECT count(*) FROM audit WHERE action = 'view' AND"
	    " entity = 'audit'");
	assert_int_equal(shrun(dir, &out, "%s audit --person 040089001234 --db t.db --lang en",
	    hoso), 0);
	/* The import that made the record, then the change: the field, before, after. */
	assert_non_null(strstr(out, "import person 1 (import:people.csv)"));
	assert_non_null(strstr(out, "    religion: (none) -> 01\n"));
	assert_null(strstr(out, "Lê Thị Hà"));
	assert_non_null(strstr(out, "2 audit rows"));
	free(out);
	assert_int_equal(sql_int("SELECT count(*) FROM audit WHERE action = 'view' AND"
	    " entity = 'audit'"), views + 1);
	assert_int_equal(shrun(dir, &out, "%s audit --person 040089001234 --format csv"
	    " --db t.db", hoso), 0);
	assert_non_null(strstr(out, "seq,at,account,session,action,entity,entity_id,field,"
	    "before,after\n"));
	assert_non_null(strstr(out, ",import,person,1,religion,,01\n"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --person 040089001234 --format json"
	    " --db t.db | python3 -c 'import json,sys; d=json.load(sys.stdin);"
	    " print([c for r in d for c in r[\"changes\"] if c[\"field\"]==\"religion\"])'",
	    hoso), 0);
	assert_non_null(strstr(out, "'before': None, 'after': '01'"));
	free(out);
	/* Filters: an action, an account, dates. */
	assert_int_equal(shrun(dir, &out, "%s audit --action insert --account system --from"
	    " 2000-01-01 --to 31/12/2099 --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "insert account"));
	assert_null(strstr(out, "import person"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --to 2000-01-01 --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "0 audit rows"));
	free(out);
}

static void
test_scope_and_roles(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s audit --db t.db --user qt --lang en", hoso), 0);
	assert_non_null(strstr(out, "import person 1 "));
	assert_null(strstr(out, "import person 2 "));	/* Hà Nội's */
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --person 001189001234 --db t.db --user qt"
	    " --lang en", hoso), 1);
	assert_non_null(strstr(out, "no such person"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --org 000.00.00.H01 --db t.db --user qt"
	    " --lang en", hoso), 1);
	assert_non_null(strstr(out, "no such agency"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --db t.db --user cb --lang en", hoso), 1);
	assert_non_null(strstr(out, "may not read the audit trail"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --verify --db t.db --user cb --lang en",
	    hoso), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --format xml --db t.db", hoso), 2);
	free(out);
}

static void
test_verify_shows_first_broken_row(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s audit --verify --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "chain intact"));
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"DROP TRIGGER audit_no_update;"
	    " UPDATE audit SET actor = 'someone' WHERE seq = 3;\""), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s audit --verify --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "TAMPERED at row 3"));
	assert_non_null(strstr(out, "#3 "));
	assert_non_null(strstr(out, " someone import person 2 "));
	free(out);
}

/* The commands of this branch read their line with the one parser: --help (0), an
 * unknown option (2), and neither opens a database. */
static void
test_new_commands_parse_alike(void **state)
{
	(void)state;
	static const char *const cmds[] = { "backup", "restore", "audit", "sessions",
	    "health", NULL };
	for (int i = 0; cmds[i] != NULL; i++) {
		char *out;
		assert_int_equal(shrun(dir, &out, "%s %s --help --db none.db --lang en", hoso,
		    cmds[i]), 0);
		assert_non_null(strstr(out, "usage: hoso "));
		free(out);
		assert_int_equal(shrun(dir, &out, "%s %s --nonsense --db none.db --lang en", hoso,
		    cmds[i]), 2);
		assert_non_null(strstr(out, "--nonsense"));
		free(out);
	}
	char *out;
	assert_int_equal(shrun(dir, &out, "test -e none.db"), 1);
	free(out);
	/* backup wants DEST or --verify FILE, not both, not neither. */
	assert_int_equal(shrun(dir, &out, "%s backup --db t.db", hoso), 2);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s backup x.db --verify y.db --db t.db", hoso), 2);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_person_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_shows_first_broken_row, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_commands_parse_alike, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
