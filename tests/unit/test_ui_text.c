/*
 * The UI's text pieces that need no terminal: the line editor on wide characters
 * (whole characters only, marks composed into their letter, limits), wrapping and
 * fitting text by terminal columns, and the key bar's action table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/lineedit.h"

static void
type(struct lineedit *le, const wchar_t *s)
{
	for (; *s; s++)
		lineedit_key(le, (int)*s);
}

static void
assert_text(struct lineedit *le, const char *want)
{
	char *got = lineedit_text_new(le);
	assert_string_equal(got, want);
	free(got);
}

static void
test_lineedit_whole_characters(void **state)
{
	(void)state;
	struct lineedit le;
	lineedit_init(&le, 0);
	lineedit_set(&le, "Nguyễn");
	assert_int_equal(le.len, 6);
	assert_int_equal(le.cur, 6);
	/* Backspace removes "n", then "ễ" whole: never half a character. */
	lineedit_key(&le, K(KEY_BACKSPACE));
	lineedit_key(&le, K(KEY_BACKSPACE));
	assert_text(&le, "Nguy");
	/* Home, Del, Right, insert in the middle. */
	lineedit_key(&le, K(KEY_HOME));
	lineedit_key(&le, K(KEY_DC));
	assert_text(&le, "guy");
	lineedit_key(&le, K(KEY_RIGHT));
	type(&le, L"ư");
	assert_text(&le, "gưuy");
	assert_true(le.changed);
	/* ^K cuts to the end, ^U clears. */
	lineedit_key(&le, K_CTRL('K'));
	assert_text(&le, "gư");
	lineedit_key(&le, K_CTRL('U'));
	assert_text(&le, "");
	lineedit_free(&le);
}

static void
test_lineedit_composes_marks(void **state)
{
	(void)state;
	struct lineedit le;
	lineedit_init(&le, 0);
	/* A keyboard that sends the letter, then the combining marks. */
	type(&le, L"Vie\x0302\x0323t");
	assert_int_equal(le.len, 4);	/* V i ệ t */
	assert_text(&le, "Việt");
	assert_int_equal(le.cur, 4);
	/* In the middle: the mark joins the letter just before the cursor. */
	lineedit_key(&le, K(KEY_LEFT));
	lineedit_key(&le, K(KEY_LEFT));
	type(&le, L"\x0300");	/* grave on the i */
	assert_text(&le, "Vìệt");
	assert_int_equal(le.len, 4);
	assert_int_equal(le.cur, 2);
	lineedit_free(&le);
}

static void
test_lineedit_limit(void **state)
{
	(void)state;
	struct lineedit le;
	lineedit_init(&le, 5);
	type(&le, L"Đặng Văn");
	assert_text(&le, "Đặng ");
	/* Characters, not bytes: five letters of three bytes each fit too. */
	lineedit_set(&le, NULL);
	type(&le, L"ỆỆỆỆỆỆ");
	assert_int_equal(le.len, 5);
	lineedit_free(&le);
}

static void
test_wrap_and_fit_by_columns(void **state)
{
	(void)state;
	char **lines;
	int n = draw_wrap("Cơ quan, đơn vị có thẩm quyền quản lý", 16, &lines);
	assert_int_equal(n, 3);
	assert_string_equal(lines[0], "Cơ quan, đơn vị");
	assert_string_equal(lines[1], "có thẩm quyền");
	assert_string_equal(lines[2], "quản lý");
	draw_lines_free(lines, n);
	/* A word longer than the width is cut, and '\n' always breaks. */
	n = draw_wrap("abcdefgh\nx", 3, &lines);
	assert_int_equal(n, 4);
	assert_string_equal(lines[0], "abc");
	assert_string_equal(lines[2], "gh");
	assert_string_equal(lines[3], "x");
	draw_lines_free(lines, n);
	/* Wide characters take two columns: a cut never splits one. */
	char *f = draw_fit_new("中文字", 4);
	assert_string_equal(f, "中…");
	free(f);
	f = draw_fit_new("Hà Nội", 6);
	assert_string_equal(f, "Hà Nội");
	free(f);
	assert_int_equal(draw_width("Nguyễn Văn Đức"), 14);
}

static void
test_actions_have_fkeys_and_fallbacks(void **state)
{
	(void)state;
	static const struct screen_key keys[] = {
		{ ACT_SAVE, NULL }, { ACT_EDIT, NULL }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
	};
	assert_int_equal(keys_match(keys, K(KEY_F(2))), ACT_SAVE);
	assert_int_equal(keys_match(keys, K_CTRL('S')), ACT_SAVE);
	assert_int_equal(keys_match(keys, K_ALT('s')), ACT_SAVE);
	assert_int_equal(keys_match(keys, K_ALT('S')), ACT_SAVE);
	assert_int_equal(keys_match(keys, K(KEY_F(4))), ACT_EDIT);
	assert_int_equal(keys_match(keys, K_ESC), ACT_BACK);
	assert_int_equal(keys_match(keys, K(KEY_F(10))), ACT_BACK);
	assert_int_equal(keys_match(keys, K_CTRL('Q')), ACT_BACK);
	/* Not offered here: no action. */
	assert_int_equal(keys_match(keys, K(KEY_F(8))), ACT_NONE);
	assert_int_equal(keys_match(keys, 's'), ACT_NONE);
	/* Every action but Open has both, and no two share a key. */
	for (int a = ACT_HELP; a < ACT_COUNT; a++) {
		if (a == ACT_OPEN)
			continue;
		char c = keys_ctrl(a);
		assert_true(c >= 'A' && c <= 'Z');
		/* Ctrl letters that are other keys on every terminal are not used. */
		assert_true(strchr("HIJM[", c) == NULL);
		for (int b = a + 1; b < ACT_COUNT; b++)
			assert_true(b == ACT_OPEN || keys_ctrl(b) != c);
	}
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lineedit_whole_characters),
		cmocka_unit_test(test_lineedit_composes_marks),
		cmocka_unit_test(test_lineedit_limit),
		cmocka_unit_test(test_wrap_and_fit_by_columns),
		cmocka_unit_test(test_actions_have_fkeys_and_fallbacks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
