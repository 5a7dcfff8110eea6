/*
 * Unsaved work and keys that cannot act, as a clerk and a viewer meet them: an
 * untouched new record (its defaults are nobody's typing) leaves without a
 * question; a changed one asks, and Enter pressed out of habit keeps the work
 * (the safe answer is the default); a viewer pressing F4 learns why nothing
 * happens, and a read-only record offers no key that would change it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/term.h"
#include "common/uifix.h"

static void
test_untouched_new_record_leaves_quietly(void **state)
{
	struct term *t = uifix_start(*state, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "2");
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "Esc");
	uifix_expect(t, "Tìm hồ sơ");
	UI_ASSERT_NO_TEXT(t, "Bỏ các thay đổi?");
	uifix_hangup(t);
}

static void
test_discard_question_defaults_to_keeping(void **state)
{
	struct term *t = uifix_start(*state, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "2");
	uifix_expect(t, "ĐANG SỬA");
	term_send(t, "00108501");
	uifix_expect(t, "00108501");
	term_send_key(t, "Esc");
	uifix_expect(t, "Bỏ các thay đổi?");
	/* Enter takes the default: keep the work. */
	term_send_key(t, "Enter");
	uifix_expect_gone(t, "Bỏ các thay đổi?");
	UI_ASSERT_TEXT(t, "ĐANG SỬA");
	UI_ASSERT_TEXT(t, "00108501");
	/* Asked again, "c" (có) drops it. */
	term_send_key(t, "Esc");
	uifix_expect(t, "Bỏ các thay đổi?");
	term_send(t, "c");
	uifix_expect(t, "Tìm hồ sơ");
	uifix_hangup(t);
}

static void
test_viewer_learns_why_keys_do_nothing(void **state)
{
	struct term *t = uifix_start(*state, NULL, NULL, 24, 80);
	uifix_signin(t, "viewer", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "tran thi binh");
	uifix_expect(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	UI_ASSERT_NO_TEXT(t, "F4");
	term_send_key(t, "F4");
	uifix_expect(t, "chỉ được xem hồ sơ");
	UI_ASSERT_TEXT(t, "CHỈ XEM");
	/* The sub-record pages offer no F7 or F8 to a viewer either. */
	for (int i = 0; i < 20 && !term_has_text(t, "Quá trình công tác"); i++) {
		term_send_key(t, "PgDn");
		term_settle(t, 40, 3000);
	}
	uifix_expect(t, "Quá trình công tác");
	UI_ASSERT_NO_TEXT(t, "F7");
	UI_ASSERT_NO_TEXT(t, "F8");
	term_send_key(t, "F7");
	uifix_expect(t, "chỉ được xem hồ sơ");
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_untouched_new_record_leaves_quietly,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_discard_question_defaults_to_keeping,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_viewer_learns_why_keys_do_nothing,
		    uifix_cm_setup, uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
