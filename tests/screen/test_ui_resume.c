/*
 * The 2C résumé on screen: the position marker ("1-21/120") has a row of its own
 * and never covers a word of the text, on the first page and further down.
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

/* The row holding the position marker holds nothing else. */
static void
assert_marker_alone(struct term *t)
{
	term_settle(t, 60, 3000);
	int rows, cols;
	term_size(t, &rows, &cols);
	for (int r = 1; r < rows - 1; r++) {
		const char *row = term_row(t, r);
		const char *slash = strchr(row, '/');
		const char *dash = strchr(row, '-');
		if (slash == NULL || dash == NULL || dash > slash)
			continue;
		/* " 1-21/133 " at the right end, and only spaces before it. */
		const char *start = dash;
		while (start > row && start[-1] >= '0' && start[-1] <= '9')
			start--;
		if (start == row || start[-1] != ' ' || strspn(slash + 1, "0123456789 ") !=
		    strlen(slash + 1))
			continue;
		for (const char *p = row; p < start; p++)
			if (*p != ' ') {
				term_dump(t, "marker");
				fail_msg("the marker shares row %d with text: \"%s\"", r, row);
			}
		return;
	}
	term_dump(t, "marker");
	fail_msg("no position marker on the screen");
}

static void
test_marker_never_covers_text(void **state)
{
	struct term *t = uifix_start(*state, NULL, NULL, 24, 80);
	uifix_signin(t, "clerk", "vi");
	term_send(t, "1");
	uifix_expect(t, "Họ tên hoặc số định danh:");
	term_send(t, "tran thi binh");
	uifix_expect(t, "Trần Thị Bình");
	term_send_key(t, "Enter");
	uifix_expect(t, "CHỈ XEM");
	term_send_key(t, "F6");
	uifix_expect(t, "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC");
	assert_marker_alone(t);
	for (int i = 0; i < 3; i++) {
		term_send_key(t, "PgDn");
		assert_marker_alone(t);
	}
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_marker_never_covers_text,
		    uifix_cm_setup, uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
