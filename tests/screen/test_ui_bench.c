/*
 * The terminal's budget, checked on every make check: the scripted clerk task
 * (common/uitask.h) must write under 30 KB to the terminal, and each key must
 * settle quickly (the stated 50 ms target is held by make bench, bench_ui; here
 * there is room for a loaded machine running tests in parallel).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>

#include "common/uitask.h"

static void
test_clerk_task_budget(void **state)
{
	(void)state;
	struct uifix u;
	uifix_setup(&u);
	struct uitask r;
	uitask_run(&u, "clerk", UIFIX_PASSWORD, "nguyen van an", NULL, &r);
	printf("ui-task: %zu bytes, %d keys, key to screen median %.1f ms, p99 %.1f ms\n",
	    r.bytes, r.keys, r.median_ms, r.p99_ms);
	assert_true(r.bytes < 30 * 1024);
	assert_true(r.p99_ms < 500.0);
	uifix_teardown(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clerk_task_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
