/*
 * make bench: what the clerk's terminal costs on the wire and in waiting, for the
 * scripted clerk task of common/uitask.h (sign in, search a name, open the record,
 * change three fields, save, sign out), with colour and without.
 *   - bytes written to the terminal for the whole task, next to the baseline of
 *     repainting the whole screen on every key (one full repaint, ^L, measured
 *     on the search screen, times the keys);
 *   - time from each key to the settled screen: median, p99, max.
 * Targets: the task under 30 KB, p99 under 50 ms. Exits non-zero if missed.
 * HOSO_BENCH_DB, HOSO_BENCH_USER, HOSO_BENCH_PASSWORD and HOSO_BENCH_NAME run it
 * on another database (e.g. the national-size one); otherwise the fixture of
 * common/uifix.h (49 people).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include "common/uitask.h"

static int missed;

static void
one(struct uifix *u, const char *user, const char *pass, const char *name,
    const char *what, const char *const *args)
{
	struct uitask r;
	uitask_run(u, user, pass, name, args, &r);
	size_t full = r.repaint_bytes * (size_t)r.keys;
	printf("  %-10s %6.1f KB for %d keys (a full repaint per key: %6.1f KB, %.0fx)\n",
	    what, r.bytes / 1024.0, r.keys, full / 1024.0,
	    r.bytes > 0 ? (double)full / (double)r.bytes : 0.0);
	printf("  %-10s key to settled screen: median %.2f ms, p99 %.1f ms, max %.1f ms;"
	    " sign-in (Argon2id) %.0f ms\n", "", r.median_ms, r.p99_ms, r.max_ms,
	    r.signin_ms);
	if (r.bytes >= 30 * 1024 || r.p99_ms >= 50.0)
		missed = 1;
}

static void
bench(void **state)
{
	(void)state;
	struct uifix u;
	memset(&u, 0, sizeof u);
	const char *db = getenv("HOSO_BENCH_DB"), *user = getenv("HOSO_BENCH_USER");
	const char *pass = getenv("HOSO_BENCH_PASSWORD"), *name = getenv("HOSO_BENCH_NAME");
	bool fixture = db == NULL || user == NULL || pass == NULL || name == NULL;
	if (fixture) {
		uifix_setup(&u);
		user = "clerk";
		pass = UIFIX_PASSWORD;
		name = "nguyen van an";
	} else
		u.db_path = (char *)db;
	printf("  clerk task (sign in, search, open, change 3 fields, save, sign out) on %s,"
	    " 80x24:\n", fixture ? "the 49-person fixture" : db);
	one(&u, user, pass, name, "colour", NULL);
	const char *mono[] = { "--mono", NULL };
	one(&u, user, pass, name, "mono", mono);
	printf("  targets: under 30 KB, p99 under 50 ms: %s\n", missed ? "MISSED" : "met");
	if (fixture)
		uifix_teardown(&u);
}

int
main(void)
{
	/* Run from the source tree (make bench does): the fixture needs forms/. */
	char here[4096];
	if (getenv("HOSO_FORMS") == NULL && realpath("forms", here) != NULL)
		setenv("HOSO_FORMS", here, 1);
	const struct CMUnitTest tests[] = { cmocka_unit_test(bench) };
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc != 0 || missed;
}
