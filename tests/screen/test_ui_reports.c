/*
 * Reports as a person meets them: the clerk's main menu says how many HR alerts
 * are due in the account's scope (and says nothing when none are); a viewer opens
 * Reports (main menu 5), reads the summary with its bar chart (block characters,
 * '#' in ASCII mode), drills down to a child agency and to the people behind a
 * count, opens one, and writes the summary to a CSV file; the alert lists open
 * the records they list.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/term.h"
#include "common/uifix.h"

static const char *const en[] = { "--lang", "en", NULL };

/* Run sql on the fixture's database (set-up of dates the fixture has not). */
static void
exec_sql(struct uifix *u, const char *sql)
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(u->db_path, &c), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(c, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(c);
}

/* The 20th of this month plus k months, as YYYY-MM-DD. */
static void
month_day(int k, char out[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int m = tm.tm_year * 12 + tm.tm_mon + k;
	char full[40];
	snprintf(full, sizeof full, "%04d-%02d-20", (1900 + m / 12) % 10000, m % 12 + 1);
	snprintf(out, 11, "%.10s", full);
}

static void
quit(struct term *t)
{
	term_send_key(t, "Esc");
	uifix_expect(t, "Leave the program?");
	term_send(t, "y");
	assert_int_equal(term_close(t, 5000), 0);
}

static void
test_menu_says_what_is_due(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, en, NULL, 24, 80);
	uifix_signin(t, "clerk", "en");
	UI_ASSERT_NO_TEXT(t, "Due soon");
	quit(t);
	char soon[11], later[11], sql[512];
	month_day(1, soon);
	month_day(9, later);
	snprintf(sql, sizeof sql, "UPDATE person SET data = json_set(data,"
	    " '$.probation_end_date', '%s') WHERE id = %lld;"
	    "UPDATE person SET data = json_set(data, '$.contract_end_date', '%s')"
	    " WHERE id = %lld;"
	    "UPDATE person SET data = json_set(data, '$.next_step_date', '%s')"
	    " WHERE id IN (%lld, %lld);", soon, (long long)u->an, later,
	    (long long)u->binh, soon, (long long)u->cuong, (long long)u->dung);
	exec_sql(u, sql);
	t = uifix_start(u, en, NULL, 24, 80);
	uifix_signin(t, "clerk", "en");
	/* The contract ends past the menu's window: not counted. */
	UI_ASSERT_TEXT(t, "Due soon: 2 salary raises, 1 probation ends");
	quit(t);
	t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	UI_ASSERT_TEXT(t, "Sắp đến hạn: 2 nâng lương, 1 hết tập sự");
	term_send_key(t, "Esc");
	uifix_expect(t, "Thoát chương trình?");
	term_send(t, "c");
	assert_int_equal(term_close(t, 5000), 0);
}

/* Reports, then the summary of the viewer's agency (Hà Nội). */
static struct term *
open_summary(struct uifix *u, const char *const *args)
{
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "viewer", "en");
	UI_ASSERT_TEXT(t, "5  Reports");
	term_send(t, "5");
	uifix_expect(t, "Headcount summary (with drill-down)");
	UI_ASSERT_TEXT(t, "000.00.00.H01");
	term_send(t, "1");
	uifix_expect(t, "people at work on");
	return t;
}

static void
test_summary_chart_and_drill_down(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_summary(u, en);
	/* The child agency, its headcount and a full bar: it holds everyone. */
	int row = term_find_row(t, "Sở Nội vụ");
	if (row < 0) {
		term_dump(t, "child");
		fail_msg("no child agency row");
	}
	char want[64];
	snprintf(want, sizeof want, "%d", 4 + UIFIX_MANY);
	if (strstr(term_row(t, row), want) == NULL || strstr(term_row(t, row), "█") == NULL) {
		term_dump(t, "child row");
		fail_msg("the child row lacks its count or bar");
	}
	/* Enter: the child's own summary, whose first count row is women. */
	term_send_key(t, "Enter");
	uifix_expect(t, "000.00.01.H01 —");
	UI_ASSERT_TEXT(t, "Female");
	term_send_key(t, "Enter");
	uifix_expect(t, "People: Female");
	UI_ASSERT_TEXT(t, "Trần Thị Bình");
	UI_ASSERT_TEXT(t, "Phạm Thị Dung");
	UI_ASSERT_NO_TEXT(t, "Nguyễn Văn An");
	/* By name: Phạm Thị Dung first; Enter opens her record. */
	term_send_key(t, "Enter");
	uifix_expect(t, "001192012348");
	term_send_key(t, "Esc");
	uifix_expect(t, "People: Female");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	uifix_expect(t, "Headcount summary (with drill-down)");
	/* F2 writes the summary: CSV, the name offered, into the account's folder. */
	term_send(t, "1");
	uifix_expect(t, "people at work on");
	term_send_key(t, "F2");
	uifix_expect(t, "In which format?");
	term_send(t, "c");
	uifix_expect(t, "summary-000.00.00.H01.csv");
	term_send_key(t, "Enter");
	uifix_expect(t, "Written to");
	char *path = NULL;
	if (asprintf(&path, "%s/output/viewer/summary-000.00.00.H01.csv", u->dir) < 0)
		fail();
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fail_msg("%s was not written", path);
	char line[256];
	int females = 0;
	while (fgets(line, sizeof line, f) != NULL)
		females += strncmp(line, "sex,F,", 6) == 0;
	fclose(f);
	free(path);
	assert_int_equal(females, 1);
	/* And as a spreadsheet: a zip file, as xlsx files are. */
	term_send_key(t, "F2");
	uifix_expect(t, "In which format?");
	term_send(t, "x");
	uifix_expect(t, "summary-000.00.00.H01.xlsx");
	term_send_key(t, "Enter");
	uifix_expect(t, "Written to");
	if (asprintf(&path, "%s/output/viewer/summary-000.00.00.H01.xlsx", u->dir) < 0)
		fail();
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("%s was not written", path);
	char magic[4] = "";
	assert_int_equal(fread(magic, 1, 4, f), 4);
	assert_memory_equal(magic, "PK\3\4", 4);
	fclose(f);
	free(path);
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	quit(t);
}

static void
test_summary_chart_in_ascii(void **state)
{
	struct uifix *u = *state;
	const char *args[] = { "--lang", "en", "--ascii", NULL };
	struct term *t = open_summary(u, args);
	int row = term_find_row(t, "So Noi vu");
	if (row < 0 || strstr(term_row(t, row), "####") == NULL) {
		term_dump(t, "ascii");
		fail_msg("no bar of '#' in ASCII mode");
	}
	UI_ASSERT_NO_TEXT(t, "█");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	quit(t);
}

static void
test_alert_list_opens_the_record(void **state)
{
	struct uifix *u = *state;
	char soon[11], sql[256];
	month_day(1, soon);
	snprintf(sql, sizeof sql, "UPDATE person SET data = json_set(data,"
	    " '$.next_step_date', '%s', '$.salary_scale', 'A1', '$.salary_step', '3')"
	    " WHERE id = %lld;", soon, (long long)u->an);
	exec_sql(u, sql);
	struct term *t = uifix_start(u, en, NULL, 24, 80);
	uifix_signin(t, "clerk", "en");
	term_send(t, "5");
	uifix_expect(t, "Salary-step raises due");
	term_send(t, "3");
	uifix_expect(t, "Salary-step raises due in the next 12 months");
	UI_ASSERT_TEXT(t, "Nguyễn Văn An");
	UI_ASSERT_TEXT(t, "A1 4");
	UI_ASSERT_NO_TEXT(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "001085012345");
	term_send_key(t, "Esc");
	uifix_expect(t, "Salary-step raises due in the next 12 months");
	term_send_key(t, "Esc");
	/* The retirement list of the same agency says how many, even when none. */
	term_send(t, "2");
	uifix_expect(t, "Reaching retirement age in the next 12 months");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	quit(t);
}

static void
test_quality_list_opens_the_record(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, en, NULL, 24, 80);
	uifix_signin(t, "clerk", "en");
	term_send(t, "5");
	uifix_expect(t, "Data quality");
	term_send(t, "6");
	uifix_expect(t, "people at work read");
	/* Nobody of the fixture is verified: each is listed under that heading. */
	UI_ASSERT_TEXT(t, "Missing fields the Ministry's forms need: 49");
	term_send_key(t, "End");
	uifix_expect(t, "Waiting to be checked");
	term_send_key(t, "Home");
	term_send_key(t, "Enter");
	uifix_expect(t, "Edit");
	term_send_key(t, "Esc");
	uifix_expect(t, "people at work read");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	quit(t);
}

static void
test_bm01_on_screen(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, en, NULL, 24, 80);
	uifix_signin(t, "viewer", "en");
	term_send(t, "5");
	uifix_expect(t, "Ministry forms");
	term_send(t, "7");
	uifix_expect(t, "Which form?");
	term_send_key(t, "Enter");
	uifix_expect(t, "Circular 11/2012/TT-BNV");
	UI_ASSERT_TEXT(t, "Sở Nội vụ Hà Nội (000.00.01.H01)");
	UI_ASSERT_TEXT(t, "Actual headcount");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	quit(t);
}

static void
test_agencies_side_by_side(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, en, NULL, 24, 80);
	uifix_signin(t, "viewer", "en");
	term_send(t, "5");
	uifix_expect(t, "Agencies side by side");
	term_send(t, "9");
	uifix_expect(t, "Agency codes, separated by commas:");
	term_send(t, "000.00.01.H01\r");
	uifix_expect(t, "2 agencies: 1. 000.00.00.H01  2. 000.00.01.H01");
	UI_ASSERT_TEXT(t, "000.00.00.H01");
	UI_ASSERT_TEXT(t, "000.00.01.H01");
	/* Everyone of Hà Nội is in its department: the same counts side by side. */
	int row = term_find_row(t, "Female");
	if (row < 0 || strstr(term_row(t, row), "2              2") == NULL) {
		term_dump(t, "side by side");
		fail_msg("the women's counts are not side by side");
	}
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	quit(t);
}

/* Movements over the default period, then the agency changed to the department
 * through the settings entry: the menu names it. */
static void
test_movements_and_settings(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, en, NULL, 24, 80);
	uifix_signin(t, "viewer", "en");
	term_send(t, "5");
	uifix_expect(t, "Movements over a period");
	term_send(t, "8");
	uifix_expect(t, "Movements from 01/01/");
	UI_ASSERT_TEXT(t, "Recruited");
	UI_ASSERT_TEXT(t, "Transferred out");
	term_send_key(t, "Esc");
	uifix_expect(t, "Movements over a period");
	term_send(t, "0");
	uifix_expect(t, "What to change?");
	term_send(t, "a");
	uifix_expect(t, "Agency code:");
	for (int i = 0; i < 16; i++)
		term_send_key(t, "BS");
	term_send(t, "000.00.01.H01\r");
	uifix_expect(t, "Sở Nội vụ Hà Nội (000.00.01.H01)");
	/* As of a past day: the summary says so, and lists of people are refused. */
	term_send(t, "0");
	uifix_expect(t, "What to change?");
	term_send(t, "d");
	uifix_expect(t, "As of (DD/MM/YYYY; empty: today):");
	term_send(t, "31/12/2025\r");
	uifix_expect(t, "on 31/12/2025");
	term_send(t, "1");
	uifix_expect(t, "people at work on 31/12/2025");
	term_send_key(t, "Enter");
	uifix_expect(t, "Lists of people are for today's counts only.");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	quit(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menu_says_what_is_due),
		cmocka_unit_test(test_summary_chart_and_drill_down),
		cmocka_unit_test(test_summary_chart_in_ascii),
		cmocka_unit_test(test_alert_list_opens_the_record),
		cmocka_unit_test(test_quality_list_opens_the_record),
		cmocka_unit_test(test_bm01_on_screen),
		cmocka_unit_test(test_agencies_side_by_side),
		cmocka_unit_test(test_movements_and_settings),
	};
	return cmocka_run_group_tests(tests, uifix_cm_setup, uifix_cm_teardown);
}
