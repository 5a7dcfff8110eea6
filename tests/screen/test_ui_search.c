/*
 * Search as a clerk uses it: results follow the typing, accents are optional, ID
 * digits work too, results come in pages, Enter opens the record read-only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "common/term.h"
#include "common/uifix.h"

static struct term *
open_search(struct uifix *u)
{
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	return t;
}

static void
leave(struct term *t)
{
	uifix_hangup(t);
}

static void
test_results_follow_typing(void **state)
{
	struct term *t = open_search(*state);
	UI_ASSERT_TEXT(t, "Gõ họ tên");
	/* Letter by letter, as a person types: each pause shows the answer so far. */
	term_send(t, "t");
	uifix_expect(t, "Trần Thị Bình");
	term_send(t, "ran");
	uifix_expect(t, "Trần Thị Bình");
	UI_ASSERT_NO_TEXT(t, "Nguyễn Văn An");
	/* Backspace widens the search again. */
	for (int i = 0; i < 4; i++)
		term_send_key(t, "BS");
	term_send(t, "nguyen");
	uifix_expect(t, "Nguyễn Văn An");
	UI_ASSERT_NO_TEXT(t, "Trần Thị Bình");
	term_send(t, " xyz");
	uifix_expect(t, "Không tìm thấy ai.");
	leave(t);
}

static void
test_accents_optional_and_id_digits(void **state)
{
	struct term *t = open_search(*state);
	term_send(t, "le duc cuong");
	uifix_expect(t, "Lê Đức Cường");
	term_send_key(t, "C-u");	/* clear the line */
	term_send(t, "Phạm Thị");
	uifix_expect(t, "Phạm Thị Dung");
	term_send_key(t, "C-u");
	term_send(t, "001190012346");
	uifix_expect(t, "Trần Thị Bình");
	UI_ASSERT_TEXT(t, "03/02/1990");
	/* A date of birth, typed day first. */
	term_send_key(t, "C-u");
	term_send(t, "20/11/1978");
	uifix_expect(t, "Lê Đức Cường");
	UI_ASSERT_NO_TEXT(t, "Trần Thị Bình");
	uifix_hangup(t);
}

static void
test_pages(void **state)
{
	struct term *t = open_search(*state);
	term_send(t, "hoang van");
	uifix_expect(t, "Hoàng Văn Số 01");
	/* 80x24 shows 17 rows; the rest is on the next pages. */
	UI_ASSERT_TEXT(t, "Hoàng Văn Số 17");
	UI_ASSERT_NO_TEXT(t, "Hoàng Văn Số 18");
	UI_ASSERT_TEXT(t, "PgDn");
	/* PgDn moves down the page, then on to the next page. */
	term_send_key(t, "PgDn");
	term_send_key(t, "PgDn");
	uifix_expect(t, "Hoàng Văn Số 18");
	UI_ASSERT_TEXT(t, "45 người. Trang 2, người thứ 18-34");
	UI_ASSERT_NO_TEXT(t, "Hoàng Văn Số 17");
	term_send_key(t, "PgDn");
	term_send_key(t, "PgDn");
	uifix_expect(t, "Trang 3, người thứ 35-45");
	/* How many matched shows on every page. */
	UI_ASSERT_TEXT(t, "45 người. Trang 3");
	/* Up from the first row goes back a page, to its last row. */
	term_send_key(t, "Home");
	term_send_key(t, "Up");
	uifix_expect(t, "Trang 2");
	int r = term_find_row(t, "Hoàng Văn Số 34");
	assert_true(r > 0);
	assert_true(term_cell_marked(t, r, 2));
	assert_false(term_cell_marked(t, r - 1, 2));
	leave(t);
}

static void
test_enter_opens_read_only(void **state)
{
	struct term *t = open_search(*state);
	term_send(t, "tran thi binh");
	uifix_expect(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	UI_ASSERT_TEXT(t, "001190012346");
	UI_ASSERT_TEXT(t, "Nữ");
	/* Typing does nothing to a read-only record. */
	term_send(t, "xyz");
	term_settle(t, 60, 3000);
	UI_ASSERT_NO_TEXT(t, "xyz");
	UI_ASSERT_TEXT(t, "CHỈ XEM");
	/* Esc goes back to the results, still there. */
	term_send_key(t, "Esc");
	uifix_expect(t, "Họ tên hoặc số định danh: tran thi binh");
	UI_ASSERT_TEXT(t, "Trần Thị Bình");
	leave(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results_follow_typing),
		cmocka_unit_test(test_accents_optional_and_id_digits),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_enter_opens_read_only),
	};
	return cmocka_run_group_tests(tests, uifix_cm_setup, uifix_cm_teardown);
}
