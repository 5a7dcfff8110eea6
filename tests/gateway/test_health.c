/*
 * hoso health as an administrator runs it, the real program against the real
 * simulator: with the gateway up it answers "reachable" and exits 0; with the
 * simulator stopped it says NOT REACHABLE within its short timeout and exits 1.
 * The size, the queue, the last backup (not verified, then verified by --check)
 * and the log's last lines, a control character in them escaped, are shown.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/gwfix.h"
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_health_gateway_up_and_down(void **state)
{
	(void)state;
	char hoso[PATH_MAX + 16];
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	char *dir = tmpdir_new("health");
	struct gwfix *g = gwfix_start(NULL);
	/* The fixture's configuration (the simulator, the secret), and a log. */
	char *out = NULL;
	assert_int_equal(shrun(dir, &out, "cp %s/hoso.conf hoso.conf && echo 'serve.log = %s/serve.log'"
	    " >> hoso.conf && printf 'first line\\nlistening \\033[31mred\\n' > serve.log",
	    g->dir, dir), 0);
	free(out);
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n000.00.00.H40,UBND tỉnh Nghệ An,\n");
	assert_int_equal(shrun(dir, &out, "%s org import orgs.csv --db t.db && mkdir backups &&"
	    " %s backup backups/hoso-20261201-000000.db --db t.db", hoso, hoso), 0);
	free(out);

	assert_int_equal(shrun(dir, &out, "%s health --db t.db --config hoso.conf --lang en",
	    hoso), 0);
	assert_non_null(strstr(out, "gateway: reachable (http://127.0.0.1:"));
	assert_non_null(strstr(out, "check queue: 0 due now"));
	assert_non_null(strstr(out, "database: t.db, "));
	assert_non_null(strstr(out, "disk: "));
	assert_non_null(strstr(out, "sessions: hoso serve is not running"));
	assert_non_null(strstr(out, "backups/hoso-20261201-000000.db"));
	assert_non_null(strstr(out, "last backup: not verified"));
	assert_non_null(strstr(out, "listening \\x1b[31mred"));
	assert_null(strstr(out, "\033"));
	assert_non_null(strstr(out, "health: ok"));
	free(out);
	assert_true(simfix_stat(g->sim, "tokens") >= 1);

	assert_int_equal(shrun(dir, &out, "%s health --check --db t.db --config hoso.conf"
	    " --lang en", hoso), 0);
	assert_non_null(strstr(out, "integrity: ok"));
	assert_non_null(strstr(out, "last backup: verified now, sound"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s health --db t.db --config hoso.conf --lang en",
	    hoso), 0);
	assert_non_null(strstr(out, "last backup: verified "));
	free(out);

	/* The simulator stops; its configuration and secret stay. */
	simfix_stop(g->sim);
	g->sim = NULL;
	double t0 = now_s();
	assert_int_equal(shrun(dir, &out, "%s health --db t.db --config hoso.conf --lang en",
	    hoso), 1);
	assert_non_null(strstr(out, "gateway: NOT REACHABLE (http://127.0.0.1:"));
	assert_non_null(strstr(out, "health: NEEDS ATTENTION"));
	free(out);
	assert_true(now_s() - t0 < 15);
	gwfix_stop(g);
	/* A clerk is not shown any of it. */
	assert_int_equal(shrun(dir, &out, "echo 'mat khau cua can bo 42' | %s user add cb --role"
	    " clerk --org 000.00.00.H40 --password-stdin --db t.db && %s health --db t.db"
	    " --user cb --lang en", hoso, hoso), 1);
	assert_non_null(strstr(out, "only administrators"));
	free(out);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_health_gateway_up_and_down, gwfix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
