/*
 * Keys from every client offices use, whatever TERM says: the raw bytes of F1-F12,
 * Home, End, PgUp, PgDn, Insert and Delete of each client (tests/common/
 * clientkeys.c) are sent to the real program while a clerk edits a name, under
 * TERM=xterm, putty, vt100 and linux (one start each), and each must do its
 * action (F1 opens help, F2 saves, F9 switches language, F10 asks to drop the
 * edit, F12 looks up, Home and End move the cursor in the field, Del deletes,
 * PgUp/PgDn turn the page) or nothing at all: the field never shows a byte of a
 * sequence ("Trường P0212~11~13~" was saved before). Home and End move in a
 * list as well. Esc followed at once by a key is both keys. The Help page lists the line editor's keys. A putty or
 * xterm terminal type without a terminfo entry here keeps its colours.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clientkeys.h"
#include "common/term.h"
#include "common/uifix.h"

#define NAME_ROW	5	/* "Họ và tên *" under its section's heading, new record */
#define NAME_COL	37	/* where its value starts */
#define NAME		"Trường"
#define NAME_END	(NAME_COL + 6)

static char name_row[256];	/* the row as it shows with NAME and nothing else */

/* Pump until the cursor is at row, col; fail (with the screen) otherwise. */
static void
expect_cursor(struct term *t, int row, int col, const char *why)
{
	for (int i = 0; i < 300; i++) {
		int r, c;
		term_cursor(t, &r, &c);
		if (r == row && c == col)
			return;
		term_pump(t, 10);
	}
	term_dump(t, why);
	fail_msg("%s: the cursor is not at %d,%d", why, row, col);
}

/* Pump until the name's row reads want (the label, then the value). */
static void
expect_name(struct term *t, const char *value, const char *why)
{
	char want[256];
	/* The label has multibyte letters: pad by columns, not bytes. */
	snprintf(want, sizeof want, "Họ và tên *%*s%s", NAME_COL - 11, "", value);
	for (int i = 0; i < 300; i++) {
		if (strcmp(term_row(t, NAME_ROW), want) == 0)
			return;
		term_pump(t, 10);
	}
	term_dump(t, why);
	fail_msg("%s: the name shows \"%s\", not \"%s\"", why, term_row(t, NAME_ROW), want);
}

/* The name field as typed, the cursor at its end. */
static void
expect_untouched(struct term *t, const char *why)
{
	expect_name(t, NAME, why);
	expect_cursor(t, NAME_ROW, NAME_END, why);
	assert_string_equal(term_row(t, NAME_ROW), name_row);
}

/* A key with no action here: a character typed after it lands right after the
 * name, so the key was read whole and typed nothing. */
static void
expect_nothing(struct term *t, const char *why)
{
	term_send(t, "q");
	expect_name(t, NAME "q", why);
	term_send(t, "\177");
	expect_untouched(t, why);
}

/* Back to the name field's end from the first field of page 1. */
static void
back_to_name(struct term *t, const char *why)
{
	expect_cursor(t, NAME_ROW - 1, NAME_COL, why);
	term_send(t, "\t");
	expect_untouched(t, why);
}

static void
send_and_check(struct term *t, const struct client_key *ck)
{
	char why[128];
	snprintf(why, sizeof why, "%s %s", ck->client, ck->pressed);
	const char *m = ck->means;
	if (strcmp(m, "F1") == 0) {
		term_send(t, ck->bytes);
		uifix_expect(t, "HỒ SƠ - Phím");
		UI_ASSERT_TEXT(t, "^U              xóa hết nội dung trường");
		term_send(t, "\033");
		uifix_expect_gone(t, "HỒ SƠ - Phím");
		expect_untouched(t, why);
	} else if (strcmp(m, "F2") == 0) {
		/* Saving asks for the missing ID number, at its field. */
		term_send(t, ck->bytes);
		uifix_expect(t, "Số định danh cá nhân: bắt buộc phải nhập");
		back_to_name(t, why);
		uifix_expect_gone(t, "bắt buộc phải nhập");
	} else if (strcmp(m, "F9") == 0) {
		term_send(t, ck->bytes);
		uifix_expect(t, "F2/^S Save");
		term_send(t, "\024");	/* ^T, back to Vietnamese */
		uifix_expect(t, "F2/^S Lưu");
		expect_untouched(t, why);
	} else if (strcmp(m, "F10") == 0) {
		term_send(t, ck->bytes);
		uifix_expect(t, "Bạn đã sửa hồ sơ này. Bỏ các thay đổi?");
		term_send(t, "\033");	/* no: back to editing */
		uifix_expect_gone(t, "Bỏ các thay đổi?");
		expect_untouched(t, why);
	} else if (strcmp(m, "F12") == 0) {
		term_send(t, ck->bytes);
		uifix_expect(t, "Hãy nhập số định danh hợp lệ trước.");
		expect_nothing(t, why);
		uifix_expect_gone(t, "Hãy nhập số định danh hợp lệ trước.");
	} else if (strcmp(m, "Home") == 0) {
		term_send(t, ck->bytes);
		expect_cursor(t, NAME_ROW, NAME_COL, why);
		term_send(t, "\033[F");		/* End */
		expect_untouched(t, why);
	} else if (strcmp(m, "End") == 0) {
		term_send(t, "\001");		/* ^A: start of the field */
		expect_cursor(t, NAME_ROW, NAME_COL, why);
		term_send(t, ck->bytes);
		expect_untouched(t, why);
	} else if (strcmp(m, "Del") == 0) {
		term_send(t, "\001");
		expect_cursor(t, NAME_ROW, NAME_COL, why);
		term_send(t, ck->bytes);
		expect_name(t, "rường", why);
		term_send(t, "T\033[F");
		expect_untouched(t, why);
	} else if (strcmp(m, "BS") == 0) {
		term_send(t, ck->bytes);
		expect_name(t, "Trườn", why);
		term_send(t, "g");
		expect_untouched(t, why);
	} else if (strcmp(m, "PgDn") == 0) {
		term_send(t, ck->bytes);
		uifix_expect(t, "Trang 2/17");
		term_send(t, "\033[5~");
		uifix_expect(t, "Trang 1/17");
		back_to_name(t, why);
	} else if (strcmp(m, "PgUp") == 0) {
		term_send(t, "\033[6~");
		uifix_expect(t, "Trang 2/17");
		term_send(t, ck->bytes);
		uifix_expect(t, "Trang 1/17");
		back_to_name(t, why);
	} else {
		/* F3-F8, F11, Insert: no action while editing a record. */
		term_send(t, ck->bytes);
		expect_nothing(t, why);
	}
}

static void
keys_under(struct uifix *u, const char *term_name)
{
	char env_term[64];
	snprintf(env_term, sizeof env_term, "TERM=%s", term_name);
	char *env[] = { env_term, NULL };
	struct term *t = uifix_start(u, NULL, env, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "2");
	uifix_expect(t, "ĐANG SỬA");
	term_send(t, "\t" NAME);
	expect_cursor(t, NAME_ROW, NAME_END, term_name);
	snprintf(name_row, sizeof name_row, "%s", term_row(t, NAME_ROW));
	int sent = 0;
	for (size_t i = 0; i < client_keys_n; i++) {
		/* Many clients share a sequence: each sequence once per start. */
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(client_keys[j].bytes, client_keys[i].bytes) == 0;
		if (seen)
			continue;
		send_and_check(t, &client_keys[i]);
		sent++;
	}
	assert_true(sent > 60);
	/* Esc and a key at once (within the Esc delay) are both keys: Esc asks
	 * to drop the edit and "c" (có) says yes, back to the main menu. */
	term_send(t, "\033c");
	uifix_expect(t, "1  Tìm hồ sơ");
	uifix_hangup(t);
}

static void
test_keys_under_xterm(void **state)
{
	keys_under(*state, "xterm");
}

static void
test_keys_under_putty(void **state)
{
	keys_under(*state, "putty");
}

static void
test_keys_under_vt100(void **state)
{
	keys_under(*state, "vt100");
}

static void
test_keys_under_linux(void **state)
{
	keys_under(*state, "linux");
}

/* The selected row of the search screen's list, or -1. */
static int
selected_row(struct term *t)
{
	for (int r = 3; r < 22; r++)
		if (term_cell_marked(t, r, 2))
			return r;
	return -1;
}

/* Home and End move in a list too: PuTTY's and the Linux console's Home and End
 * (ESC [ 1 ~, ESC [ 4 ~), unknown to xterm's terminfo entry. */
static void
test_home_end_in_a_list(void **state)
{
	struct uifix *u = *state;
	char *env[] = { "TERM=xterm", NULL };
	struct term *t = uifix_start(u, NULL, env, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "hoang van so");
	uifix_expect(t, "Hoàng Văn Số");
	/* End, Home, End, Home: PuTTY and Linux, then xterm's normal and
	 * application forms; the typed text stays as typed. */
	const char *seqs[] = { "\033[4~", "\033[1~", "\033[F", "\033OH" };
	for (int i = 0; i < 4; i++) {
		int want = i % 2 == 0 ? 20 : 4;
		term_send(t, seqs[i]);
		for (int n = 0; n < 300 && selected_row(t) != want; n++)
			term_pump(t, 10);
		if (selected_row(t) != want) {
			term_dump(t, seqs[i] + 1);
			fail_msg("ESC %s: row %d selected, not %d", seqs[i] + 1,
			    selected_row(t), want);
		}
		assert_string_equal(term_row(t, 1), "Họ tên hoặc số định danh: hoang van so");
	}
	uifix_hangup(t);
}

/* PuTTY's names without their terminfo entry here are an xterm: colours stay,
 * where VT100 (the fallback of other unknown names) has none. */
static void
test_unknown_putty_type_keeps_colour(void **state)
{
	struct uifix *u = *state;
	const char *names[] = { "putty-nosuch-256color", "no-such-terminal" };
	for (int i = 0; i < 2; i++) {
		char env_term[64];
		snprintf(env_term, sizeof env_term, "TERM=%s", names[i]);
		char *env[] = { env_term, NULL };
		struct term *t = uifix_start(u, NULL, env, 24, 80);
		uifix_expect(t, "Mật khẩu:");
		bool coloured = false;
		for (int c = 0; c < 80 && !coloured; c++)
			coloured = term_cell_coloured(t, 0, c);
		if (coloured != (i == 0)) {
			term_dump(t, names[i]);
			fail_msg("TERM=%s: title %s colour", names[i], coloured ? "in" : "without");
		}
		term_send(t, "\033");
		assert_int_equal(term_close(t, 5000), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_under_xterm),
		cmocka_unit_test(test_keys_under_putty),
		cmocka_unit_test(test_keys_under_vt100),
		cmocka_unit_test(test_keys_under_linux),
		cmocka_unit_test(test_home_end_in_a_list),
		cmocka_unit_test(test_unknown_putty_type_keeps_colour),
	};
	return cmocka_run_group_tests(tests, uifix_cm_setup, uifix_cm_teardown);
}
