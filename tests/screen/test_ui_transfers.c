/*
 * Main menu → 3 Transfers, seen by the clerks of both agencies: the sending
 * clerk sees the person leaving and starts another transfer from the screen, the
 * receiving clerk sees them arriving, Enter asks (No by default) and Yes takes the
 * person over: the record moves. A transfer older than 10 working days shows LATE
 * on both sides.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/dbfix.h"
#include "common/term.h"
#include "common/uifix.h"
#include "core/date.h"
#include "db/account.h"
#include "db/transfer.h"

#define AN_ID    "001085012345"	/* Nguyễn Văn An */
#define BINH_ID  "001190012346"	/* Trần Thị Bình */
#define CUONG_ID "001078012347"	/* Lê Đức Cường */

static long long
ask(struct uifix *u, const char *sql)
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(u->db_path, &c), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	return v;
}

static void
test_transfer_from_both_sides(void **state)
{
	struct uifix *u = *state;
	struct db *db;
	char *err = NULL;
	assert_int_equal(db_open(u->db_path, &db, &err), DB_OK);
	struct actor hcm, hn;
	dbfix_account(db, "clerk.hcm", ROLE_CLERK, FIX_HCM_YT, &hcm);
	assert_int_equal(db_account_actor(db, "clerk", "test", &hn, &err), DB_OK);
	char today[11], old[11];
	date_today(today);
	date_add_days(today, -30, old);
	assert_int_equal(db_transfer_start(db, &hn, AN_ID, FIX_HCM_YT, today, "QĐ 7", &err),
	    DB_OK);
	assert_int_equal(db_transfer_start(db, &hn, BINH_ID, FIX_HCM_YT, old, NULL, &err),
	    DB_OK);
	db_close(db);

	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "clerk", "en");
	UI_ASSERT_TEXT(t, "3  Transfers");
	term_send(t, "3");
	uifix_expect(t, "leaving   waiting");
	UI_ASSERT_TEXT(t, "Nguyễn Văn An");
	UI_ASSERT_TEXT(t, "leaving   LATE");
	/* Another one from the screen. */
	term_send_key(t, "F7");
	uifix_expect(t, "ID number:");
	uifix_type(t, CUONG_ID);
	uifix_key(t, "Enter");
	uifix_expect(t, "Transfer to which agency?");
	uifix_type(t, "y te");
	uifix_key(t, "Down");
	uifix_key(t, "Enter");
	uifix_expect(t, "From (DD/MM/YYYY):");
	uifix_key(t, "Enter");
	uifix_expect(t, "Decision:");
	uifix_type(t, "QĐ 8");
	uifix_key(t, "Enter");
	uifix_expect(t, "Lê Đức Cường");
	assert_int_equal(ask(u, "SELECT count(*) FROM transfer t JOIN person p ON p.id ="
	    " t.person_id WHERE p.id_number = '" CUONG_ID "' AND t.decision = 'QĐ 8'"), 1);
	uifix_hangup(t);

	t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "clerk.hcm", "en");
	term_send(t, "3");
	uifix_expect(t, "arriving  waiting");
	UI_ASSERT_TEXT(t, "arriving  LATE");
	/* The first row is the oldest, Bình's: down to An's. */
	uifix_key(t, "Down");
	uifix_key(t, "Enter");
	uifix_expect(t, "Take over Nguyễn Văn An");
	uifix_key(t, "Enter");	/* No */
	uifix_expect_gone(t, "Take over Nguyễn Văn An");
	assert_int_equal(ask(u, "SELECT count(*) FROM transfer WHERE accepted_at IS NOT NULL"),
	    0);
	uifix_key(t, "Enter");
	uifix_expect(t, "Take over Nguyễn Văn An");
	uifix_key(t, "Right");
	uifix_key(t, "Enter");
	uifix_expect(t, "Nguyễn Văn An taken over.");
	UI_ASSERT_TEXT(t, "arriving  taken over");
	assert_int_equal(ask(u, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE p.id_number = '" AN_ID "' AND o.code = '" FIX_HCM_YT "'"), 1);
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_transfer_from_both_sides, uifix_cm_setup,
		    uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
