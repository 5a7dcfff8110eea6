/*
 * The clerk's terminal as a person meets it: the sign-in screen (wrong passwords
 * refused), the main menu showing what the role may do, the key bar, English by
 * switch and live, ASCII mode for terminals that are not UTF-8, resizing, and
 * --account refused without the SSH server's word.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/term.h"
#include "common/tmpdir.h"
#include "common/uifix.h"

static void
quit(struct term *t)
{
	term_send_key(t, "Esc");
	uifix_expect(t, "Thoát chương trình?");
	term_send(t, "c");
	assert_int_equal(term_close(t, 5000), 0);
}

static void
test_signin_refuses_wrong_password(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_expect(t, "Mật khẩu:");
	/* The key bar names the keys of this screen. */
	assert_int_equal(term_find_row(t, "Enter Đăng nhập"), 23);
	UI_ASSERT_TEXT(t, "Esc");
	term_send(t, "clerk\tsai-mat-khau\r");
	uifix_expect(t, "Sai tên tài khoản hoặc mật khẩu.");
	/* Nothing of the password shows: it is masked while typed. */
	UI_ASSERT_NO_TEXT(t, "sai-mat-khau");
	/* The password field was emptied and has the cursor: type the right one. */
	term_send(t, UIFIX_PASSWORD "\r");
	uifix_expect(t, "Menu chính");
	quit(t);
}

static void
test_menu_follows_role(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	UI_ASSERT_TEXT(t, "Tìm hồ sơ");
	UI_ASSERT_TEXT(t, "Hồ sơ mới");
	UI_ASSERT_NO_TEXT(t, "Bảo trì");
	/* A number the clerk does not have says so and does nothing. */
	term_send(t, "6");
	uifix_expect(t, "Không có mục 6");
	UI_ASSERT_TEXT(t, "Menu chính");
	/* Sign out, then in as a viewer: no new records offered, and the entries
	 * keep their numbers (sign out is 9 for every role). */
	term_send(t, "9");
	uifix_expect(t, "Mật khẩu:");
	uifix_signin(t, "viewer", "vi");
	UI_ASSERT_TEXT(t, "Tìm hồ sơ");
	UI_ASSERT_NO_TEXT(t, "Hồ sơ mới");
	UI_ASSERT_TEXT(t, "9  Đăng xuất");
	term_send(t, "9");	/* sign out */
	uifix_signin(t, "admin", "vi");
	UI_ASSERT_TEXT(t, "6  Bảo trì");
	term_send(t, "6");
	uifix_expect(t, "Tài khoản");
	term_send(t, "1");
	uifix_expect(t, "clerk2");
	uifix_key(t, "Esc");
	uifix_expect(t, "Bảo trì");
	uifix_key(t, "Esc");
	uifix_expect(t, "Menu chính");
	quit(t);
}

static void
test_english_by_switch_and_live(void **state)
{
	struct uifix *u = *state;
	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_expect(t, "Password:");
	uifix_signin(t, "clerk", "en");
	UI_ASSERT_TEXT(t, "Find a person's record");
	/* F9 switches to Vietnamese at once, key bar included. */
	term_send_key(t, "F9");
	uifix_expect(t, "Tìm hồ sơ");
	UI_ASSERT_TEXT(t, "English");
	/* And ^T, the fallback of F9, back to English. */
	term_send_key(t, "C-t");
	uifix_expect(t, "Find a person's record");
	UI_ASSERT_TEXT(t, "Tiếng Việt");
	term_send_key(t, "Esc");
	uifix_expect(t, "Leave the program?");
	term_send(t, "y");
	assert_int_equal(term_close(t, 5000), 0);
}

static void
test_account_language_is_remembered(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk2", "vi");
	term_send(t, "8");	/* the account's language */
	uifix_expect(t, "English");
	term_send_key(t, "Right");
	term_send_key(t, "Enter");
	uifix_expect(t, "Find a person's record");
	term_send(t, "9");	/* sign out */
	uifix_signin(t, "clerk2", "en");
	term_send(t, "8");
	uifix_expect(t, "Tiếng Việt");
	term_send_key(t, "Enter");
	uifix_expect(t, "Tìm hồ sơ");
	quit(t);
}

static bool
screen_is_ascii(struct term *t)
{
	int rows, cols;
	term_size(t, &rows, &cols);
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++)
			if (term_cell_char(t, r, c, NULL) > 127)
				return false;
	return true;
}

static void
test_ascii_mode_from_locale(void **state)
{
	struct uifix *u = *state;
	char *env[] = { "LANG=C", NULL };
	struct term *t = uifix_start(u, NULL, env, 24, 80);
	uifix_expect(t, "Mat khau:");
	assert_true(screen_is_ascii(t));
	term_send(t, "clerk\t" UIFIX_PASSWORD "\r");
	uifix_expect(t, "Menu chinh");
	term_send(t, "1");
	uifix_expect(t, "Ho ten hoac so dinh danh:");
	term_send(t, "tran thi");
	uifix_expect(t, "Tran Thi Binh");
	assert_true(screen_is_ascii(t));
	term_send_key(t, "Enter");
	uifix_expect(t, "CHI XEM");
	/* A pick list in ASCII mode: a frame of plain characters. */
	term_send_key(t, "F4");
	uifix_expect(t, "DANG SUA");
	for (int i = 0; i < 7; i++)
		term_send_key(t, "Tab");
	term_send(t, "k");
	uifix_expect(t, "Dan toc");
	uifix_expect(t, "+---");
	assert_true(screen_is_ascii(t));
	uifix_hangup(t);
}

static void
test_ascii_and_utf8_switches(void **state)
{
	struct uifix *u = *state;
	const char *ascii[] = { "--ascii", NULL };
	struct term *t = uifix_start(u, ascii, NULL, 24, 80);
	uifix_expect(t, "Mat khau:");
	assert_true(screen_is_ascii(t));
	uifix_hangup(t);
	char *env[] = { "LANG=C", NULL };
	const char *utf8[] = { "--utf8", NULL };
	t = uifix_start(u, utf8, env, 24, 80);
	uifix_expect(t, "Mật khẩu:");
	uifix_hangup(t);
}

static void
test_resize_keeps_the_screen(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "hoang");
	uifix_expect(t, "Hoàng Văn Số 01");
	/* Bigger: the key bar moves to the new last line and more rows show. */
	term_resize(t, 40, 120);
	uifix_expect(t, "Hoàng Văn Số 30");
	assert_true(term_find_row(t, "Esc") == 39);
	UI_ASSERT_TEXT(t, "Trang 1, người thứ 1-33");
	/* Smaller than 80x24: still drawn, nothing lost. */
	term_resize(t, 12, 50);
	uifix_expect(t, "người thứ 1-5");
	assert_true(term_find_row(t, "Esc") == 11);
	/* Tiny: says so instead of drawing garbage. */
	term_resize(t, 5, 20);
	term_settle(t, 100, 5000);
	term_resize(t, 24, 80);
	uifix_expect(t, "Hoàng Văn Số 17");
	assert_int_equal(term_find_row(t, "Họ tên hoặc số định danh: hoang"), 1);
	term_send_key(t, "Esc");
	uifix_expect(t, "Menu chính");
	quit(t);
}

static void
test_tall_window_shows_more_of_the_record(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 50, 120);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "001190012346");
	uifix_expect(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	/* The first section, and below it the next ones the window has room for. */
	UI_ASSERT_TEXT(t, "Số định danh cá nhân");
	UI_ASSERT_TEXT(t, "Điện thoại");
	UI_ASSERT_TEXT(t, "Mã số thuế cá nhân");
	UI_ASSERT_TEXT(t, "Công tác");
	/* At 80x24 fewer of them fit. */
	term_resize(t, 24, 80);
	uifix_expect_gone(t, "Mã số thuế cá nhân");
	UI_ASSERT_TEXT(t, "Số định danh cá nhân");
	UI_ASSERT_NO_TEXT(t, "Công tác");
	uifix_hangup(t);
}

static void
test_account_needs_the_ssh_server(void **state)
{
	struct uifix *u = *state;
	/* Claiming the SSH server's word is not enough: its socket is missing. */
	const char *args[] = { "--account", "admin", NULL };
	char *env[] = { "HOSO_SSH_AUTHENTICATED=1", "HOSO_SSH_FD=0", NULL };
	struct term *t = uifix_start(u, args, env, 24, 80);
	uifix_expect(t, "Mật khẩu:");
	UI_ASSERT_NO_TEXT(t, "Menu chính");
	term_send_key(t, "Esc");
	assert_int_equal(term_close(t, 5000), 0);
}

static void
test_terminal_that_cannot_address_falls_back(void **state)
{
	struct uifix *u = *state;
	/* "dumb" cannot move the cursor, "no-such-terminal" is unknown: both get
	 * VT100, which the emulator at the other end understands. */
	char *dumb[] = { "TERM=dumb", NULL };
	char *unknown[] = { "TERM=no-such-terminal", NULL };
	char **envs[] = { dumb, unknown };
	for (int i = 0; i < 2; i++) {
		struct term *t = uifix_start(u, NULL, envs[i], 24, 80);
		uifix_expect(t, "Mật khẩu:");
		assert_int_equal(term_find_row(t, "Mật khẩu:"), 11);
		assert_int_equal(term_find_row(t, "Enter Đăng nhập"), 23);
		/* VT100 has no F10 as xterm sends it: Esc works on any terminal. */
		term_send_key(t, "Esc");
		assert_int_equal(term_close(t, 5000), 0);
	}
}

static void
test_help_lists_fallback_keys(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send_key(t, "F1");
	uifix_expect(t, "F7 ^N Alt-n");
	term_send_key(t, "Esc");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	/* The Ctrl fallback of F1 does the same. */
	term_send_key(t, "C-g");
	uifix_expect(t, "F7 ^N Alt-n");
	term_send_key(t, "Esc");
	term_send_key(t, "Esc");
	uifix_expect(t, "Menu chính");
	quit(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signin_refuses_wrong_password),
		cmocka_unit_test(test_menu_follows_role),
		cmocka_unit_test(test_english_by_switch_and_live),
		cmocka_unit_test(test_account_language_is_remembered),
		cmocka_unit_test(test_ascii_mode_from_locale),
		cmocka_unit_test(test_ascii_and_utf8_switches),
		cmocka_unit_test(test_resize_keeps_the_screen),
		cmocka_unit_test(test_tall_window_shows_more_of_the_record),
		cmocka_unit_test(test_account_needs_the_ssh_server),
		cmocka_unit_test(test_terminal_that_cannot_address_falls_back),
		cmocka_unit_test(test_help_lists_fallback_keys),
	};
	return cmocka_run_group_tests(tests, uifix_cm_setup, uifix_cm_teardown);
}
