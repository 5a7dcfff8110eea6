/*
 * Editing a person's record as a clerk does: Edit, change fields (a code through
 * its pick list, a phone number, an e-mail), Save; what is stored is checked in
 * the database itself. Bad input is refused at the field, with the reason on the
 * status line and the cursor left there. Leaving a changed form asks first. A
 * sub-record is added and changed through its own form. The 2C résumé shows on
 * the screen and is written to a file in the account's own folder, and only there
 * (paths and hidden names refused; an existing file replaced only when asked).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/dbfix.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "common/uifix.h"
#include "db/person.h"
#include <sqlite3.h>

/* Sign in, find someone by name and open the record. */
static struct term *
open_person(struct uifix *u, const char *typed, const char *name)
{
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, typed);
	uifix_expect(t, name);
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	return t;
}

/* The stored value of one field of person id. Caller frees. */
static char *
stored(struct uifix *u, int64_t id, const char *field)
{
	struct db *db = NULL;
	char *err = NULL;
	if (db_open(u->db_path, &db, &err) != DB_OK)
		fail_msg("db_open: %s", err);
	struct actor sys;
	db_actor_system(&sys, "test");
	struct record *r = NULL;
	if (db_person_get(db, &sys, id, "test", &r, &err) != DB_OK)
		fail_msg("get: %s", err);
	const char *v = record_get(r, field);
	char *out = strdup(v != NULL ? v : "");
	record_free(r);
	db_close(db);
	return out;
}

static void
assert_stored(struct uifix *u, int64_t id, const char *field, const char *want)
{
	char *v = stored(u, id, field);
	if (strcmp(v, want) != 0)
		fail_msg("%s is \"%s\", expected \"%s\"", field, v, want);
	free(v);
}

/* How many audit rows match where (SQL over the audit table, %lld the person). */
static long long
audit_count(struct uifix *u, const char *where, int64_t id)
{
	sqlite3 *sq;
	if (sqlite3_open_v2(u->db_path, &sq, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("open %s", u->db_path);
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE %s", where);
	char *q = sqlite3_mprintf(sql, (long long)id);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(sq, q, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(sq));
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_free(q);
	sqlite3_close(sq);
	return n;
}

static void
test_edit_three_fields_and_save(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_person(u, "nguyen van an", "Nguyễn Văn An");
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	UI_ASSERT_TEXT(t, "F2/^S Lưu");
	/* Ethnic group, the 8th field: typing opens its list, filtered. */
	for (int i = 0; i < 7; i++)
		term_send_key(t, "Tab");
	term_send(t, "kinh");
	uifix_expect(t, "Tìm: kinh");
	UI_ASSERT_TEXT(t, "01  Kinh");
	UI_ASSERT_NO_TEXT(t, "Khơ me");
	term_send_key(t, "Enter");
	uifix_expect_gone(t, "Tìm: kinh");
	assert_true(term_find_row(t, "Dân tộc") == term_find_row(t, "Kinh"));
	/* Next page: phone and e-mail. */
	term_send_key(t, "PgDn");
	uifix_expect(t, "Điện thoại");
	term_send(t, "0912 345 678");
	term_send_key(t, "Tab");
	term_send(t, "an.nguyen@noivu.hanoi.gov.vn");
	term_send_key(t, "F2");
	uifix_expect(t, "Đã lưu.");
	UI_ASSERT_TEXT(t, "CHỈ XEM");
	UI_ASSERT_TEXT(t, "0912345678");
	assert_stored(u, u->an, "ethnicity", "01");
	assert_stored(u, u->an, "phone", "0912345678");
	assert_stored(u, u->an, "email", "an.nguyen@noivu.hanoi.gov.vn");
	/* The clerk viewed the record once (opening it): the save's re-read is no view. */
	assert_int_equal(audit_count(u, "actor = 'clerk' AND action = 'view' AND"
	    " entity_id = %lld", u->an), 1);
	/* The search that found them is audited with who it listed. */
	assert_true(audit_count(u, "actor = 'clerk' AND action = 'search' AND"
	    " after LIKE '%%\"ids\":[%lld%%'", u->an) >= 1);
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	uifix_expect(t, "1  Tìm hồ sơ");
	term_send_key(t, "Esc");
	uifix_expect(t, "Có");
	term_send(t, "c");
	assert_int_equal(term_close(t, 5000), 0);
}

/* A date field takes a date however a clerk types it and stores it as ISO; an
 * impossible one is refused with a message that says why. */
static void
test_dates_typed_as_clerks_do(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_person(u, "le duc", "Lê Đức Cường");
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	for (int i = 0; i < 3; i++)	/* date of birth */
		term_send_key(t, "Tab");
	static const struct { const char *typed, *shown; } dates[] = {
		{ "15.3.1978", "15/03/1978" }, { "1-6-1978", "01/06/1978" },
		{ "20031978", "20/03/1978" },
	};
	for (int i = 0; i < 3; i++) {
		term_send_key(t, "C-u");
		term_send(t, dates[i].typed);
		term_send_key(t, "Tab");
		uifix_expect(t, dates[i].shown);
		UI_ASSERT_NO_TEXT(t, "Ngày sinh:");
		term_send_key(t, "S-Tab");
		term_settle(t, 40, 3000);
	}
	term_send_key(t, "C-u");
	term_send(t, "31021978");
	term_send_key(t, "Tab");
	uifix_expect(t, "Ngày sinh: không có ngày này: tháng đó không đủ số ngày");
	term_send_key(t, "C-u");
	term_send(t, "20031978");
	term_send_key(t, "F2");
	uifix_expect(t, "Đã lưu.");
	assert_stored(u, u->cuong, "date_of_birth", "1978-03-20");
	uifix_hangup(t);
}

static void
test_bad_input_refused_at_the_field(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_person(u, "le duc", "Lê Đức Cường");
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	/* Date of birth, the 4th field: no 31st of February. */
	for (int i = 0; i < 3; i++)
		term_send_key(t, "Tab");
	term_send_key(t, "C-u");
	term_send(t, "31/02/1978");
	term_send_key(t, "Tab");
	uifix_expect(t, "Ngày sinh:");
	int row, col;
	term_cursor(t, &row, &col);
	assert_int_equal(row, term_find_row(t, "31/02/1978"));
	assert_int_equal(term_find_row(t, "Ngày sinh:"), 22);
	/* Saving does not get past it either. */
	term_send_key(t, "F2");
	term_settle(t, 60, 3000);
	UI_ASSERT_NO_TEXT(t, "Đã lưu.");
	UI_ASSERT_TEXT(t, "Ngày sinh:");
	/* Put it right: the clerk types the date as clerks do, day first. */
	term_send_key(t, "C-u");
	term_send(t, "2/1/1978");
	term_send_key(t, "Tab");
	uifix_expect_gone(t, "Ngày sinh:");
	UI_ASSERT_TEXT(t, "02/01/1978");
	/* A phone number with letters, on the next page. */
	term_send_key(t, "PgDn");
	uifix_expect(t, "Điện thoại");
	term_send(t, "09abc");
	term_send_key(t, "Enter");
	uifix_expect(t, "Điện thoại:");
	term_cursor(t, &row, &col);
	assert_int_equal(row, term_find_row(t, "09abc"));
	term_send_key(t, "C-u");
	/* An e-mail without a domain. */
	term_send_key(t, "Tab");
	term_send(t, "cuong@");
	term_send_key(t, "Tab");
	uifix_expect(t, "Thư điện tử:");
	term_send_key(t, "C-u");
	term_send_key(t, "F2");
	uifix_expect(t, "Đã lưu.");
	assert_stored(u, u->cuong, "date_of_birth", "1978-01-02");
	uifix_hangup(t);
}

static void
test_leaving_a_changed_form_asks(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_person(u, "pham thi dung", "Phạm Thị Dung");
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "Tab");
	term_send_key(t, "Tab");
	term_send(t, "Dung Béo");	/* other names */
	term_send_key(t, "Esc");
	uifix_expect(t, "Bỏ các thay đổi?");
	/* No: still editing, nothing lost. */
	term_send(t, "k");
	uifix_expect_gone(t, "Bỏ các thay đổi?");
	UI_ASSERT_TEXT(t, "ĐANG SỬA");
	UI_ASSERT_TEXT(t, "Dung Béo");
	/* Yes: back to the record as stored. */
	term_send_key(t, "Esc");
	uifix_expect(t, "Bỏ các thay đổi?");
	term_send(t, "c");
	uifix_expect(t, "CHỈ XEM");
	UI_ASSERT_NO_TEXT(t, "Dung Béo");
	assert_stored(u, u->dung, "other_names", "");
	/* Unchanged: Esc leaves without a question. */
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "Esc");
	uifix_expect(t, "CHỈ XEM");
	uifix_hangup(t);
}

/* Page down until the page line names title. */
static void
goto_page(struct term *t, const char *title)
{
	for (int i = 0; i < 20 && !term_has_text(t, title); i++) {
		term_send_key(t, "PgDn");
		term_settle(t, 40, 3000);
	}
	uifix_expect(t, title);
}

static void
test_sub_record_add_and_change(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_person(u, "nguyen van an", "Nguyễn Văn An");
	goto_page(t, "/17: Quá trình công tác");
	uifix_expect(t, "Chưa có dòng nào.");
	UI_ASSERT_TEXT(t, "F7/^N Thêm dòng");
	term_send_key(t, "F7");
	uifix_expect(t, "Dòng mới");
	UI_ASSERT_TEXT(t, "ĐANG SỬA");
	term_send(t, "01/03/2008\t\t");
	term_send(t, "UBND quận Ba Đình\t");
	term_send(t, "Chuyên viên");
	term_send_key(t, "F2");
	uifix_expect(t, "UBND quận Ba Đình");
	UI_ASSERT_TEXT(t, "01/03/2008");
	UI_ASSERT_TEXT(t, "Đã lưu.");
	/* Open the row: read-only; Edit, close the period, save. */
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "Tab");
	term_send(t, "31/12/2015");
	term_send_key(t, "F2");
	uifix_expect(t, "31/12/2015");
	UI_ASSERT_TEXT(t, "Quá trình công tác");
	/* The data layer has it. */
	struct db *db = NULL;
	char *err = NULL;
	assert_int_equal(db_open(u->db_path, &db, &err), DB_OK);
	struct actor sys;
	db_actor_system(&sys, "test");
	struct record **rows = NULL;
	int n = 0;
	assert_int_equal(db_item_list(db, &sys, u->an, "work", &rows, &n, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(record_get(rows[0], "agency"), "UBND quận Ba Đình");
	assert_string_equal(record_get(rows[0], "date_to"), "2015-12-31");
	db_records_free(rows, n);
	db_close(db);
	/* A period that ends before it starts is refused. */
	term_send_key(t, "F7");
	uifix_expect(t, "Dòng mới");
	term_send(t, "01/01/2020\t01/01/2019\tX\t");
	term_send_key(t, "F2");
	term_settle(t, 80, 3000);
	UI_ASSERT_TEXT(t, "Dòng mới");
	UI_ASSERT_NO_TEXT(t, "Đã lưu.");
	/* Leaving the unsaved row asks; dropping it leaves the grid as it was. */
	term_send_key(t, "Esc");
	uifix_expect(t, "Bỏ các thay đổi?");
	term_send(t, "c");
	uifix_expect(t, "/17: Quá trình công tác");
	UI_ASSERT_NO_TEXT(t, "01/01/2020");
	uifix_hangup(t);
}

static void
test_resume_on_screen_and_to_a_file(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_person(u, "tran thi binh", "Trần Thị Bình");
	term_send_key(t, "F6");
	uifix_expect(t, "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC");
	UI_ASSERT_TEXT(t, "1) Họ và tên khai sinh (viết chữ in hoa): TRẦN THỊ BÌNH");
	UI_ASSERT_TEXT(t, "Mẫu 2C-BNV/2008");
	UI_ASSERT_TEXT(t, "ngày 03 tháng 02 năm 1990");
	/* The 32 items follow, page by page. */
	for (int i = 0; i < 8 && !term_has_text(t, "32)"); i++) {
		term_send_key(t, "PgDn");
		term_settle(t, 40, 3000);
	}
	UI_ASSERT_TEXT(t, "32)");
	/* A path is not a file name: the database is out of reach, however named. */
	const char *climbing[] = { u->db_path, "../../hoso.db", ".hoso.db" };
	for (int i = 0; i < 3; i++) {
		term_send_key(t, "F2");
		uifix_expect(t, "Tên tệp (trong ");
		term_send_key(t, "C-u");
		term_send(t, climbing[i]);
		term_send_key(t, "Enter");
		uifix_expect(t, "tên tệp không dùng được");
	}
	FILE *f = fopen(u->db_path, "r");
	assert_non_null(f);
	char buf[65536];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	assert_memory_equal(buf, "SQLite format 3", 15);
	/* A plain name lands in the account's own folder beside the database. */
	char *file = tmpdir_path(u->dir, "output/clerk/binh-2c.txt");
	term_send_key(t, "F2");
	uifix_expect(t, "Tên tệp (trong ");
	term_send_key(t, "C-u");
	term_send(t, "binh-2c.txt");
	term_send_key(t, "Enter");
	uifix_expect(t, "Đã ghi");
	f = fopen(file, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "TRẦN THỊ BÌNH"));
	assert_non_null(strstr(buf, "27) ĐÀO TẠO"));
	assert_non_null(strstr(buf, "31) DIỄN BIẾN QUÁ TRÌNH LƯƠNG"));
	struct stat first;
	assert_int_equal(stat(file, &first), 0);
	assert_int_equal(first.st_mode & 0777, 0600);
	/* The same name again: asked, and Enter (the default) keeps the old file ... */
	term_send_key(t, "F2");
	uifix_expect(t, "Tên tệp (trong ");
	term_send_key(t, "C-u");
	term_send(t, "binh-2c.txt");
	term_send_key(t, "Enter");
	uifix_expect(t, "Thay thế tệp đó?");
	term_send_key(t, "Enter");
	uifix_expect(t, "Chưa ghi.");
	struct stat now;
	assert_int_equal(stat(file, &now), 0);
	assert_int_equal(now.st_ino, first.st_ino);
	/* ... and Replace writes a new one in its place. */
	term_send_key(t, "F2");
	uifix_expect(t, "Tên tệp (trong ");
	term_send_key(t, "C-u");
	term_send(t, "binh-2c.txt");
	term_send_key(t, "Enter");
	uifix_expect(t, "Thay thế tệp đó?");
	term_send_key(t, "Right");
	term_send_key(t, "Enter");
	uifix_expect(t, "Đã ghi");
	assert_int_equal(stat(file, &now), 0);
	assert_int_not_equal(now.st_ino, first.st_ino);
	assert_int_equal(now.st_mode & 0777, 0600);
	free(file);
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_three_fields_and_save),
		cmocka_unit_test(test_bad_input_refused_at_the_field),
		cmocka_unit_test(test_dates_typed_as_clerks_do),
		cmocka_unit_test(test_leaving_a_changed_form_asks),
		cmocka_unit_test(test_sub_record_add_and_change),
		cmocka_unit_test(test_resume_on_screen_and_to_a_file),
	};
	return cmocka_run_group_tests(tests, uifix_cm_setup, uifix_cm_teardown);
}
