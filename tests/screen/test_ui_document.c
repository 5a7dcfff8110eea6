/*
 * The record's sections read as one document: moving down from the last field of
 * a section into the next one does not make the window jump (the next section was
 * already in view, below, and stays where it was), PgDn starts the next section
 * at the top with the one before it above, out of view, and PgUp brings it back;
 * no section is shown twice on one screen.
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

/* How many rows of the screen hold text. */
static int
rows_with(struct term *t, const char *text)
{
	int rows, cols, n = 0;
	term_size(t, &rows, &cols);
	for (int r = 0; r < rows; r++)
		if (strstr(term_row(t, r), text) != NULL)
			n++;
	return n;
}

static void
test_sections_scroll_as_one_document(void **state)
{
	struct term *t = uifix_start(*state, NULL, NULL, 40, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "tran thi binh");
	uifix_expect(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	term_settle(t, 60, 3000);
	/* The contact section shows below the identity one. */
	int before = term_find_row(t, "Điện thoại");
	assert_true(before > 2);
	/* Down, field by field, into it: the window stays put. */
	for (int i = 0; i < 20 && !term_has_text(t, "Trang 2/"); i++) {
		term_send_key(t, "Down");
		term_settle(t, 40, 3000);
	}
	uifix_expect(t, "Trang 2/");
	assert_int_equal(term_find_row(t, "Điện thoại"), before);
	assert_int_equal(rows_with(t, "Điện thoại"), 1);
	/* PgDn: the next section at the top; the contact one above, out of view. */
	term_send_key(t, "PgDn");
	uifix_expect(t, "Trang 3/");
	term_settle(t, 60, 3000);
	assert_int_equal(rows_with(t, "Điện thoại"), 0);
	for (int r = 0; r < 3; r++)
		if (strstr(term_row(t, r), "Số sổ bảo hiểm xã hội") != NULL)
			fail_msg("the heading, not a field, starts the section");
	/* PgUp brings the contact section back, once. */
	term_send_key(t, "PgUp");
	uifix_expect(t, "Trang 2/");
	term_settle(t, 60, 3000);
	assert_int_equal(rows_with(t, "Điện thoại"), 1);
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sections_scroll_as_one_document,
		    uifix_cm_setup, uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
