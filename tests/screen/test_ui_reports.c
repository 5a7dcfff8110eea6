/*
 * Reports as a person meets them: the clerk's main menu says how many HR alerts
 * are due in the account's scope (and says nothing when none are), read again
 * after a record changes.
 */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menu_says_what_is_due),
	};
	return cmocka_run_group_tests(tests, uifix_cm_setup, uifix_cm_teardown);
}
