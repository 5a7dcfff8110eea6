/*
 * A new record from the main menu, typed with the fallback keys a client without
 * function keys has (Ctrl and Alt letters): required fields are asked for at the
 * field, codes come from their lists, and the record is then found by search.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "common/dbfix.h"
#include "common/term.h"
#include "common/uifix.h"

static void
test_new_record_with_fallback_keys(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "2");
	uifix_expect(t, "ĐANG SỬA");
	UI_ASSERT_TEXT(t, "chưa lưu");
	/* Saving an empty form: refused, at the first required field. */
	term_send_key(t, "C-s");
	uifix_expect(t, "Số định danh cá nhân");
	int row, col;
	term_cursor(t, &row, &col);
	assert_int_equal(row, term_find_row(t, "Số định danh cá nhân *"));
	UI_ASSERT_NO_TEXT(t, "Đã lưu.");
	/* Identity: ID number, name, date of birth, sex from its list. */
	term_send(t, "001195012349\tTrịnh Thị Hoa\t\t12/08/1995\t");
	term_send(t, "nu");
	uifix_expect(t, "Tìm: nu");
	term_send_key(t, "Enter");
	uifix_expect_gone(t, "Tìm: nu");
	UI_ASSERT_TEXT(t, "Nữ");
	/* Employment, three pages on: category and agency. */
	for (int i = 0; i < 3; i++)
		term_send_key(t, "PgDn");
	uifix_expect(t, "/17: Công tác");
	term_send(t, "cong chuc");
	uifix_expect(t, "Tìm: cong chuc");
	term_send_key(t, "Enter");
	uifix_expect(t, "Công chức");
	term_send(t, FIX_HN_NV);
	/* Alt-S (Esc then S) saves like F2. */
	term_send_key(t, "M-s");
	uifix_expect(t, "Đã lưu.");
	UI_ASSERT_TEXT(t, "CHỈ XEM");
	UI_ASSERT_TEXT(t, "Trịnh Thị Hoa");
	/* ^Q leaves like F10/Esc; the new record is found by search. */
	term_send_key(t, "C-q");
	uifix_expect(t, "1  Tìm hồ sơ");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "trinh thi hoa");
	uifix_expect(t, "12/08/1995");
	UI_ASSERT_TEXT(t, "001195012349");
	uifix_hangup(t);
}

static void
test_edit_and_cancel_with_ctrl_keys(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "pham thi dung");
	uifix_expect(t, "Phạm Thị Dung");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	term_send_key(t, "C-e");	/* Edit */
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "C-q");	/* unchanged: straight back to read-only */
	uifix_expect(t, "CHỈ XEM");
	term_send_key(t, "M-e");	/* Alt-E: Edit again */
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "Esc");
	uifix_expect(t, "CHỈ XEM");
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_record_with_fallback_keys),
		cmocka_unit_test(test_edit_and_cancel_with_ctrl_keys),
	};
	return cmocka_run_group_tests(tests, uifix_cm_setup, uifix_cm_teardown);
}
