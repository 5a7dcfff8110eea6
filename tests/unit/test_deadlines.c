/*
 * Working days from the holiday data (forms/codes/holiday.json and
 * makeup_workday.json) and the first declaration's deadline built on them:
 * across a weekend, a holiday with its compensatory weekday, a swapped Friday and
 * its make-up Saturday; and the agency's list through the real program, with who
 * is late and who has never signed in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/workdays.h"
#include "form/form.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
add(const struct workdays *w, const char *from, int n, const char *expect)
{
	char out[11];
	assert_int_equal(workdays_add(w, from, n, out), 0);
	if (strcmp(out, expect) != 0)
		fail_msg("%s + %d working days: %s, not %s", from, n, out, expect);
}

static void
test_working_days(void **state)
{
	(void)state;
	char *err = NULL;
	struct workdays *w = form_workdays_new(&err);
	if (w == NULL)
		fail_msg("%s", err);
	/* A plain weekend: Friday + 1 is Monday. */
	add(w, "2026-03-06", 1, "2026-03-09");
	add(w, "2026-03-06", 3, "2026-03-11");
	/* Hùng Kings' day falls on Sunday 26/4/2026: Monday 27/4 off; then 30/4 and
	 * 1/5: Friday 24/4 + 3 is Monday 4/5. */
	add(w, "2026-04-24", 3, "2026-05-04");
	assert_false(workdays_is_working(w, "2026-04-27"));
	/* New Year 2026: Thursday 1/1 and the swapped Friday 2/1 off, Saturday 10/1
	 * worked instead. */
	add(w, "2025-12-31", 3, "2026-01-07");
	add(w, "2026-01-08", 2, "2026-01-10");
	assert_true(workdays_is_working(w, "2026-01-10"));
	assert_false(workdays_is_working(w, "2026-01-11"));
	/* Tết 2026: Monday 16/2 to Friday 20/2 off. */
	add(w, "2026-02-13", 1, "2026-02-23");
	assert_int_equal(workdays_between(w, "2026-02-13", "2026-02-23"), 1);
	assert_int_equal(workdays_between(w, "2026-03-06", "2026-03-06"), 0);
	/* Nothing invalid passes. */
	char out[11];
	assert_int_equal(workdays_add(w, "2026-02-30", 1, out), -1);
	assert_false(workdays_is_working(w, "junk"));
	workdays_free(w);

	/* Every listed day off is a weekday, every day worked a weekend day: a typo
	 * in the data would otherwise count nothing. */
	const struct code_list *off = codes_get("holiday", NULL);
	const struct code_list *on = codes_get("makeup_workday", NULL);
	assert_non_null(off);
	assert_non_null(on);
	struct workdays *plain = workdays_new();
	for (int i = 0; i < off->nitems; i++)
		if (!workdays_is_working(plain, off->items[i].code))
			fail_msg("holiday %s is not a weekday", off->items[i].code);
	for (int i = 0; i < on->nitems; i++)
		if (workdays_is_working(plain, on->items[i].code))
			fail_msg("make-up day %s is not a weekend day", on->items[i].code);
	workdays_free(plain);
}

/* The list through the real program: dossiers made before a weekend and before a
 * holiday, one declared, one never signed in. */
static void
test_declarations_list(void **state)
{
	(void)state;
	char hoso[PATH_MAX + 16];
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	char *dir = tmpdir_new("deadlines");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H01,UBND thành phố Hà Nội,\n000.00.01.H01,Sở Nội vụ Hà Nội,000.00.00.H01\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "001089001234,Nguyễn Văn An,1989-05-12,Nam,cong_chuc,000.00.01.H01\n"
	    "001089005678,Nguyễn Văn Bình,1989-07-01,Nam,cong_chuc,000.00.01.H01\n"
	    "001189000011,Lê Thị Cúc,1989-01-01,Nữ,cong_chuc,000.00.01.H01\n");
	char *out = NULL;
	/* An: made Friday 6/3/2026 (due Wednesday 11/3), declared Tuesday 10/3.
	 * Bình: made Friday 24/4/2026 (due Monday 4/5 across the weekend, the
	 * compensatory 27/4, 30/4 and 1/5), not declared. Both signed in.
	 * Cúc: made Friday 6/3, no account. Times are UTC: 02:00Z is 09:00 in Hà Nội. */
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db && %s import people.csv --db t.db"
	    " && %s user add-self --org 000.00.01.H01 --db t.db >/dev/null 2>&1"
	    " && sqlite3 t.db \"UPDATE person SET created_at = '2026-03-06T02:00:00.000Z'"
	    " WHERE id_number IN ('001089001234', '001189000011');"
	    " UPDATE person SET created_at = '2026-04-24T02:00:00.000Z'"
	    " WHERE id_number = '001089005678';"
	    " DELETE FROM account WHERE username = '001189000011';"
	    " UPDATE account SET last_login = '2026-04-25T02:00:00.000Z'"
	    " WHERE username IN ('001089005678', '001089001234');"
	    " INSERT INTO proposal (person_id, kind, proposed_by, proposed_at, before, after)"
	    " SELECT id, 'person', '001089001234', '2026-03-10T03:00:00.000Z', '{}', '{}'"
	    " FROM person WHERE id_number = '001089001234'\"", hoso, hoso, hoso) != 0)
		fail_msg("set-up: %s", out);
	free(out);
	/* Monday 4/5: Bình is due that day, not late. */
	assert_int_equal(shrun(dir, &out, "%s declarations --as-of 2026-05-04 --db t.db"
	    " --lang en", hoso), 0);
	const char *an = strstr(out, "001089001234"), *binh = strstr(out, "001089005678");
	const char *cuc = strstr(out, "001189000011");
	if (an == NULL || binh == NULL || cuc == NULL)
		fail_msg("%s", out);
	if (strncmp(an, "001089001234 2026-03-06 2026-03-11 2026-03-10 declared ", 55) != 0)
		fail_msg("An: %s", out);
	if (strstr(binh, "2026-04-24 2026-05-04 -          not yet due") != binh + 13)
		fail_msg("Bình: %s", out);
	if (strstr(cuc, "late") == NULL || strstr(cuc, "no account") == NULL)
		fail_msg("Cúc: %s", out);
	free(out);
	/* The next day Bình is late; --late leaves An out. */
	assert_int_equal(shrun(dir, &out, "%s declarations --as-of 2026-05-05 --late"
	    " --db t.db --lang en", hoso), 0);
	assert_null(strstr(out, "001089001234"));
	binh = strstr(out, "001089005678");
	assert_non_null(binh);
	assert_non_null(strstr(binh, " late "));
	assert_non_null(strstr(out, "001189000011"));
	free(out);
	/* An account that never signed in is listed with --late, and says so. */
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"UPDATE account SET last_login = NULL"
	    " WHERE username = '001089001234'\" && %s declarations --as-of 2026-05-05 --late"
	    " --db t.db --lang en", hoso), 0);
	an = strstr(out, "001089001234");
	assert_non_null(an);
	assert_non_null(strstr(an, "never"));
	free(out);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_working_days),
		cmocka_unit_test(test_declarations_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
