/*
 * Bulk verification: gw_batch_verify_many splits items into batches of 100 and runs
 * several at once on one multi handle. Against the simulator with 50 ms of latency
 * per call, running them side by side must beat running them one after another,
 * and the figures are printed (items per second). The simulator's rate limiter
 * then shows that 429s are waited out rather than lost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/gwfix.h"
#include "gateway/gateway.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N GWFIX_GENERATED

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Generated citizens, with their strings kept for the whole run. */
static struct gw_person *
people(int n)
{
	struct gw_person *p = calloc((size_t)n, sizeof *p);
	assert_non_null(p);
	for (int i = 0; i < n; i++) {
		struct gw_person g;
		gwfix_generated(i, &g);
		p[i] = g;
		p[i].id_number = strdup(g.id_number);
		p[i].full_name = strdup(g.full_name);
	}
	return p;
}

static void
people_free(struct gw_person *p, int n)
{
	for (int i = 0; i < n; i++) {
		free((char *)p[i].id_number);
		free((char *)p[i].full_name);
	}
	free(p);
}

static double
run(struct gwfix *f, struct gw_person *p, int n, int parallel)
{
	struct gw_verify *out = calloc((size_t)n, sizeof *out);
	enum gw_outcome *oc = calloc((size_t)n, sizeof *oc);
	double t0 = now_s();
	int ok = gw_batch_verify_many(f->gw, "import", p, n, parallel, out, oc);
	double took = now_s() - t0;
	assert_int_equal(ok, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(oc[i], GW_OK);
		assert_int_equal(out[i].status, GW_MATCH);
	}
	free(out);
	free(oc);
	return took;
}

static void
test_parallel_batches_throughput(void **state)
{
	(void)state;
	const char *args[] = { "--latency-ms", "50", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_person *p = people(N);
	run(f, p, 100, 1);	/* token and connection ready */
	double serial = run(f, p, N, 1);
	double wide = run(f, p, N, 8);
	print_message("%d items, 50 ms per call: one batch at a time %.2f s (%.0f/s), "
	    "8 at once %.2f s (%.0f/s)\n", N, serial, N / serial, wide, N / wide);
	assert_true(simfix_stat(f->sim, "inflight_max") >= 4);
	assert_true(wide < serial / 2);
	assert_int_equal(simfix_stat(f->sim, "items"), 100 + 2 * N);
	people_free(p, N);
	gwfix_stop(f);
}

static void
test_rate_limit_waited_out(void **state)
{
	(void)state;
	const char *args[] = { "--rate-limit", "10/s", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_person *p = people(N);
	/* 20 batches, 4 at a time, against 10 calls a second: the first 10 pass,
	 * the next 4 get a 429 and wait 1 s, by when the bucket has refilled. */
	double took = run(f, p, N, 4);
	assert_true(took >= 0.9);
	assert_true(simfix_stat(f->sim, "faults") >= 4);
	assert_int_equal(simfix_stat(f->sim, "items"), N);
	people_free(p, N);
	gwfix_stop(f);
}

static void
test_many_reports_failed_batches(void **state)
{
	(void)state;
	/* The first batch fails for good (400); the others still come back. */
	const char *args[] = { "--fail-first", "400:1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_person *p = people(300);
	struct gw_verify out[300];
	enum gw_outcome oc[300];
	int ok = gw_batch_verify_many(f->gw, "import", p, 300, 1, out, oc);
	assert_int_equal(ok, 200);
	assert_int_equal(oc[0], GW_REJECTED);
	assert_int_equal(oc[99], GW_REJECTED);
	assert_int_equal(oc[100], GW_OK);
	assert_int_equal(out[100].status, GW_MATCH);
	assert_int_equal(oc[299], GW_OK);
	people_free(p, 300);
	gwfix_stop(f);
}

int
main(void)
{
	gwfix_log_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_parallel_batches_throughput, gwfix_teardown),
		cmocka_unit_test_teardown(test_rate_limit_waited_out, gwfix_teardown),
		cmocka_unit_test_teardown(test_many_reports_failed_batches, gwfix_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	gwfix_log_done();
	return rc;
}
