/*
 * The screens have no side door either: a clerk of Hồ Chí Minh who types a new
 * record for a person Hà Nội already holds is refused with the very words an agency
 * outside the scope gets (nothing says the person exists, and no second record is
 * made), and a clerk of Hà Nội cannot move a record out of the scope by its agency
 * field. The database is checked after each refusal.
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

#define AN_ID "001085012345"	/* Nguyễn Văn An, Sở Nội vụ Hà Nội */
#define REFUSED "không được ghi hồ sơ này"

/* One text answer of sql on the fixture's database (caller frees). */
static char *
ask(struct uifix *u, const char *sql)
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(u->db_path, &c), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(c);
	return v;
}

#define PEOPLE_SQL "SELECT group_concat(id_number || ':' || org_id || ':' || version, ',')" \
	" FROM (SELECT * FROM person ORDER BY id)"

/* A new record, typed as test_ui_new.c does, for agency org; saved with F2. */
static void
type_new_record(struct term *t, const char *id_number, const char *name, const char *org)
{
	term_send(t, "2");
	uifix_expect(t, "ĐANG SỬA");
	term_send(t, id_number);
	term_send(t, "\t");
	term_send(t, name);
	term_send(t, "\t\t15/05/1985\t");
	term_send(t, "nam");
	uifix_expect(t, "Tìm: nam");
	term_send_key(t, "Enter");
	uifix_expect_gone(t, "Tìm: nam");
	for (int i = 0; i < 3; i++)
		term_send_key(t, "PgDn");
	uifix_expect(t, "/17: Công tác");
	term_send(t, "cong chuc");
	uifix_expect(t, "Tìm: cong chuc");
	term_send_key(t, "Enter");
	uifix_expect(t, "Công chức");
	term_send(t, org);
	term_send_key(t, "C-s");
}

static void
test_new_record_of_another_agencys_person(void **state)
{
	struct uifix *u = *state;
	struct db *db;
	char *err = NULL;
	assert_int_equal(db_open(u->db_path, &db, &err), DB_OK);
	struct actor sys, hcm;
	db_actor_system(&sys, "test");
	dbfix_account(db, "clerk.hcm", ROLE_CLERK, FIX_HCM_YT, &hcm);
	/* A second one: the first leaves a draft behind when its link drops. */
	dbfix_account(db, "clerk.hcm2", ROLE_CLERK, FIX_HCM_YT, &hcm);
	db_close(db);
	char *before = ask(u, PEOPLE_SQL);

	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk.hcm", "vi");
	/* Hà Nội's person, under the clerk's own agency. */
	type_new_record(t, AN_ID, "Nguyễn Văn An", FIX_HCM_YT);
	uifix_expect(t, REFUSED);
	UI_ASSERT_NO_TEXT(t, "Đã lưu.");
	UI_ASSERT_NO_TEXT(t, "đã có");
	char *after = ask(u, PEOPLE_SQL);
	assert_string_equal(before, after);
	free(after);
	uifix_hangup(t);
	t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk.hcm2", "vi");
	/* Someone new, under a Hà Nội agency: the same answer. */
	type_new_record(t, "079085012399", "Võ Văn Mới", FIX_HN_NV);
	uifix_expect(t, REFUSED);
	UI_ASSERT_NO_TEXT(t, "Đã lưu.");
	after = ask(u, PEOPLE_SQL);
	assert_string_equal(before, after);
	free(after);
	uifix_hangup(t);
	free(before);
}

static void
test_record_not_moved_out_of_scope(void **state)
{
	struct uifix *u = *state;
	char *before = ask(u, PEOPLE_SQL);
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, AN_ID);
	uifix_expect(t, "Nguyễn Văn An");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	term_send_key(t, "C-e");
	uifix_expect(t, "ĐANG SỬA");
	for (int i = 0; i < 3; i++)
		term_send_key(t, "PgDn");
	uifix_expect(t, "/17: Công tác");
	term_send_key(t, "Down");
	term_send_key(t, "C-u");	/* clear the agency field */
	term_send(t, FIX_HCM_YT);
	term_send_key(t, "C-s");
	uifix_expect(t, REFUSED);
	UI_ASSERT_NO_TEXT(t, "Đã lưu.");
	char *after = ask(u, PEOPLE_SQL);
	assert_string_equal(before, after);
	free(after);
	free(before);
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_record_of_another_agencys_person,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_record_not_moved_out_of_scope,
		    uifix_cm_setup, uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
