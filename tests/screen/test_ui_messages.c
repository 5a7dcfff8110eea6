/*
 * Messages and the key bar as a clerk reads them: a message wider than the
 * screen wraps onto more lines and shows whole, at 80 and at 60 columns; a
 * field's hint is gone while another screen is open over its form and back
 * when that screen closes; the key bar at 60 columns shows whole labels only.
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

static struct term *
open_binh(struct uifix *u, int cols)
{
	struct term *t = uifix_start(u, NULL, NULL, 24, cols);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "tran thi binh");
	uifix_expect(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	return t;
}

/* The refusal, read across the rows above the key bar as one text: whole. */
static void
assert_refusal_whole(struct term *t)
{
	static const char whole[] = "tên tệp không dùng được: không có '/', không bắt "
	    "đầu bằng '.', không có ký tự điều khiển";
	uifix_expect(t, "tên tệp không dùng được:");
	int first = term_find_row(t, "tên tệp không dùng được:");
	char text[1024] = "";
	for (int r = first; r >= 0 && r < 23; r++) {
		char row[512];
		snprintf(row, sizeof row, "%s", term_row(t, r));
		size_t n = strlen(row);
		while (n > 0 && row[n - 1] == ' ')
			row[--n] = '\0';
		if (text[0] != '\0')
			strcat(text, " ");
		strcat(text, row);
	}
	if (strcmp(text, whole) != 0) {
		term_dump(t, whole);
		fail_msg("the message reads \"%s\"", text);
	}
}

static void
refuse_a_path(struct term *t)
{
	term_send_key(t, "F6");
	uifix_expect(t, "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC");
	term_send_key(t, "F2");
	uifix_expect(t, "Tên tệp (trong ");
	term_send_key(t, "C-u");
	term_send(t, "../x.txt");
	term_send_key(t, "Enter");
	assert_refusal_whole(t);
}

static void
test_long_message_wraps_at_80(void **state)
{
	struct term *t = open_binh(*state, 80);
	refuse_a_path(t);
	/* Seen: the next key takes the message away, lines and all. */
	term_send_key(t, "Down");
	uifix_expect_gone(t, "không có ký tự điều khiển");
	term_send_key(t, "Esc");
	uifix_expect(t, "CHỈ XEM");
	uifix_hangup(t);
}

static void
test_long_message_wraps_at_60(void **state)
{
	struct term *t = open_binh(*state, 60);
	refuse_a_path(t);
	uifix_hangup(t);
}

static void
test_hint_stays_with_its_screen(void **state)
{
	struct term *t = open_binh(*state, 80);
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	term_send_key(t, "Tab");
	/* The full name's help line shows ... */
	uifix_expect(t, "Họ tên khai sinh, như trên thẻ căn cước");
	term_send(t, "x");
	/* ... and not under the question, which is another screen ... */
	term_send_key(t, "Esc");
	uifix_expect(t, "Bỏ các thay đổi?");
	UI_ASSERT_NO_TEXT(t, "Họ tên khai sinh, như trên thẻ căn cước");
	/* ... and is back with the form. */
	term_send(t, "k");
	uifix_expect_gone(t, "Bỏ các thay đổi?");
	uifix_expect(t, "Họ tên khai sinh, như trên thẻ căn cước");
	uifix_hangup(t);
}

/* Every label of the bar on the last row shows whole. */
static void
assert_bar(struct term *t, const char *const *want)
{
	term_settle(t, 60, 3000);
	const char *bar = term_row(t, 23);
	for (int i = 0; want[i] != NULL; i++)
		if (strstr(bar, want[i]) == NULL) {
			term_dump(t, want[i]);
			fail_msg("the key bar lacks \"%s\"", want[i]);
		}
}

static void
test_key_bar_whole_at_60(void **state)
{
	struct term *t = open_binh(*state, 60);
	static const char *const view[] = {
		"F1 Trợ giúp", "F4 Sửa", "F6 Sơ yếu lý lịch ", "F9 English",
		"Esc Quay lại", NULL
	};
	assert_bar(t, view);
	term_send_key(t, "F4");
	uifix_expect(t, "ĐANG SỬA");
	static const char *const edit[] = {
		"F1", "Trợ giúp", "F2", "Lưu", "Esc", "Hủy sửa", NULL
	};
	assert_bar(t, edit);
	term_send_key(t, "Esc");
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_long_message_wraps_at_80,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_long_message_wraps_at_60,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_hint_stays_with_its_screen,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_key_bar_whole_at_60,
		    uifix_cm_setup, uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
