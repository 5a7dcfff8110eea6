/*
 * Every row of the contract's error table, against the simulator's fault switches:
 * 400 (no retry), 401 (new token once, repeat once), 403, 429 with Retry-After,
 * 500/502/503/504 (bounded retries), link down (nothing listening, timeout, reset),
 * and broken 200s (garbage, truncated, closed mid-answer, huge) which must never
 * come back as a match. The server's own counters show how many calls really went out.
 * Last, the log: request ids and outcomes are in it, the secret and token never.
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

static const struct gw_person an = { "001089001234", "Nguyễn Văn An", "1989-05-12", 'M' };

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum gw_outcome
verify(struct gwfix *f, struct gw_verify *v, char **msg)
{
	return gw_verify(f->gw, "clerk.hn", &an, v, msg);
}

static void
test_400_shown_never_retried(void **state)
{
	(void)state;
	const char *args[] = { "--fail-first", "400:1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	char *msg = NULL;
	assert_int_equal(verify(f, &v, &msg), GW_REJECTED);
	assert_non_null(msg);
	assert_string_equal(msg, "simulated: request refused");
	free(msg);
	assert_int_equal(simfix_stat(f->sim, "calls"), 1);
	gwfix_stop(f);
}

static void
test_401_new_token_once_and_repeat(void **state)
{
	(void)state;
	const char *args[] = { "--fail-first", "401:1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	assert_int_equal(verify(f, &v, NULL), GW_OK);
	assert_int_equal(v.status, GW_MATCH);
	assert_int_equal(simfix_stat(f->sim, "tokens"), 2);
	assert_int_equal(simfix_stat(f->sim, "calls"), 2);
	gwfix_stop(f);
}

static void
test_401_twice_gives_up(void **state)
{
	(void)state;
	const char *args[] = { "--fail-rate", "401:1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	assert_int_equal(verify(f, &v, NULL), GW_FORBIDDEN);
	assert_int_equal(v.status, GW_MATCH);	/* zeroed, and the outcome says why */
	assert_int_equal(simfix_stat(f->sim, "tokens"), 2);
	assert_int_equal(simfix_stat(f->sim, "calls"), 2);
	gwfix_stop(f);
}

static void
test_wrong_credentials(void **state)
{
	(void)state;
	/* The simulator expects another secret than the one hoso holds. */
	const char *args[] = { "--secret", "something-else", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	char *msg = NULL;
	assert_int_equal(verify(f, &v, &msg), GW_FORBIDDEN);
	assert_non_null(msg);
	free(msg);
	assert_int_equal(simfix_stat(f->sim, "tokens"), 0);
	assert_int_equal(simfix_stat(f->sim, "calls"), 0);
	gwfix_stop(f);
}

static void
test_403_clear_message_no_retry(void **state)
{
	(void)state;
	const char *args[] = { "--fail-first", "403:1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	char *msg = NULL;
	assert_int_equal(verify(f, &v, &msg), GW_FORBIDDEN);
	assert_string_equal(msg, "simulated: this agency may not call this service");
	free(msg);
	assert_int_equal(simfix_stat(f->sim, "calls"), 1);
	assert_non_null(gw_outcome_text(GW_FORBIDDEN));
	gwfix_stop(f);
}

static void
test_429_waits_retry_after(void **state)
{
	(void)state;
	const char *args[] = { "--fail-first", "429:1", "--retry-after", "1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	double t0 = now_s();
	assert_int_equal(verify(f, &v, NULL), GW_OK);
	double took = now_s() - t0;
	assert_int_equal(v.status, GW_MATCH);
	assert_true(took >= 1.0);
	assert_true(took < 4.0);	/* waited what was asked, not a backoff */
	assert_int_equal(simfix_stat(f->sim, "calls"), 2);
	gwfix_stop(f);
}

static void
test_429_longer_than_bound_is_rate_limited(void **state)
{
	(void)state;
	const char *args[] = { "--fail-rate", "429:1", "--retry-after", "60", NULL };
	struct gwfix *f = gwfix_start(args);
	double t0 = now_s();
	struct gw_call *c = gw_verify_start(f->gw, "clerk.hn", &an);
	while (!gw_call_poll(c, 1000, -1))
		;
	assert_int_equal(gw_call_outcome(c), GW_RATE_LIMITED);
	assert_int_equal(gw_call_retry_after(c), 60);
	assert_null(gw_call_result(c, 0));
	gw_call_free(c);
	assert_true(now_s() - t0 < 1.0);
	assert_int_equal(simfix_stat(f->sim, "calls"), 1);
	gwfix_stop(f);
}

static void
test_5xx_retried_then_succeeds(void **state)
{
	(void)state;
	const char *codes[] = { "500:2", "502:2", "503:2", "504:2" };
	for (size_t i = 0; i < 4; i++) {
		const char *args[] = { "--fail-first", codes[i], NULL };
		struct gwfix *f = gwfix_start(args);
		struct gw_verify v;
		assert_int_equal(verify(f, &v, NULL), GW_OK);
		assert_int_equal(v.status, GW_MATCH);
		assert_int_equal(simfix_stat(f->sim, "calls"), 3);
		gwfix_stop(f);
	}
}

static void
test_5xx_exhausted_is_unavailable(void **state)
{
	(void)state;
	const char *codes[] = { "500:1", "502:1", "503:1", "504:1" };
	for (size_t i = 0; i < 4; i++) {
		const char *args[] = { "--fail-rate", codes[i], NULL };
		struct gwfix *f = gwfix_start(args);
		struct gw_verify v;
		assert_int_equal(verify(f, &v, NULL), GW_UNAVAILABLE);
		/* 1 + 2 retries, then it stops: bounded. */
		assert_int_equal(simfix_stat(f->sim, "calls"), 3);
		gwfix_stop(f);
	}
}

static void
test_link_down_when_nothing_listens(void **state)
{
	(void)state;
	struct gwfix *f = gwfix_start(NULL);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", simfix_dead_port());
	gwfix_client(f, url);
	struct gw_verify v;
	double t0 = now_s();
	assert_int_equal(verify(f, &v, NULL), GW_LINK_DOWN);
	struct gw_citizen c;
	assert_int_equal(gw_lookup(f->gw, "clerk.hn", an.id_number, &c, NULL), GW_LINK_DOWN);
	assert_false(c.found);
	assert_true(now_s() - t0 < 1.0);
	gwfix_stop(f);
}

static void
test_timeout_is_link_down(void **state)
{
	(void)state;
	const char *args[] = { "--latency-ms", "5000", NULL };
	struct gwfix *f = gwfix_start(args);
	f->cfg.timeout_ms = 300;
	gw_free(f->gw);
	f->gw = gw_new(&f->cfg);
	struct gw_verify v;
	double t0 = now_s();
	assert_int_equal(verify(f, &v, NULL), GW_LINK_DOWN);
	assert_true(now_s() - t0 < 1.5);
	gwfix_stop(f);
}

static void
test_garbage_is_never_a_match(void **state)
{
	(void)state;
	const char *args[] = { "--garbage", "1", NULL };
	struct gwfix *f = gwfix_start(args);
	/* The simulator serves its broken bodies in turn; go round them twice. */
	for (int i = 0; i < 18; i++) {
		struct gw_verify v;
		assert_int_equal(verify(f, &v, NULL), GW_BAD_ANSWER);
		assert_int_equal(v.request_id[0], '\0');
	}
	for (int i = 0; i < 9; i++) {
		struct gw_citizen c;
		assert_int_equal(gw_lookup(f->gw, "x", an.id_number, &c, NULL), GW_BAD_ANSWER);
		assert_false(c.found);
		struct gw_person items[3];
		for (int k = 0; k < 3; k++)
			gwfix_generated(k, &items[k]);
		struct gw_verify out[3];
		assert_int_equal(gw_batch_verify(f->gw, "x", items, 3, out, NULL), GW_BAD_ANSWER);
	}
	/* Broken answers are not retried: one call each. */
	assert_int_equal(simfix_stat(f->sim, "calls"), 36);
	gwfix_stop(f);
}

static void
test_truncated_body(void **state)
{
	(void)state;
	const char *args[] = { "--truncate", "1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	assert_int_equal(verify(f, &v, NULL), GW_BAD_ANSWER);
	struct gw_person items[50];
	for (int k = 0; k < 50; k++)
		gwfix_generated(k, &items[k]);
	struct gw_verify out[50];
	assert_int_equal(gw_batch_verify(f->gw, "x", items, 50, out, NULL), GW_BAD_ANSWER);
	gwfix_stop(f);
}

static void
test_closed_mid_answer(void **state)
{
	(void)state;
	const char *args[] = { "--drop", "1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	/* Half a status line and headers, then the connection closes: curl takes
	 * that as a 200 with an empty body, which is a broken answer. */
	assert_int_equal(verify(f, &v, NULL), GW_BAD_ANSWER);
	assert_int_equal(simfix_stat(f->sim, "calls"), 1);
	gwfix_stop(f);
}

static void
test_reset_is_link_down(void **state)
{
	(void)state;
	const char *args[] = { "--reset", "1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	/* Reset before any answer: the link, so the check is queued for later.
	 * (curl itself tries once more on a fresh connection when a reused one
	 * dies before answering, hence up to two calls.) */
	assert_int_equal(verify(f, &v, NULL), GW_LINK_DOWN);
	long calls = simfix_stat(f->sim, "calls");
	assert_true(calls >= 1 && calls <= 2);
	gwfix_stop(f);
}

static void
test_huge_body_capped(void **state)
{
	(void)state;
	const char *args[] = { "--huge", "1", NULL };
	struct gwfix *f = gwfix_start(args);
	long before = gwfix_log_size();
	struct gw_verify v;
	double t0 = now_s();
	assert_int_equal(verify(f, &v, NULL), GW_BAD_ANSWER);
	assert_true(now_s() - t0 < 1.5);
	char *log = gwfix_log_since(before);
	assert_non_null(strstr(log, "broken answer"));
	free(log);
	gwfix_stop(f);
}

static void
test_mixed_faults_never_match_wrongly(void **state)
{
	(void)state;
	const char *args[] = { "--seed", "7", "--garbage", "0.2", "--truncate", "0.1",
		"--drop", "0.1", "--fail-rate", "503:0.2", "--fail-rate", "401:0.1", NULL };
	struct gwfix *f = gwfix_start(args);
	/* A person whose name differs: whatever goes wrong, never a match. */
	struct gw_person wrong = an;
	wrong.full_name = "Nguyễn Văn Anh";
	int ok = 0;
	for (int i = 0; i < 60; i++) {
		struct gw_verify v;
		enum gw_outcome o = gw_verify(f->gw, "clerk.hn", &wrong, &v, NULL);
		if (o == GW_OK) {
			assert_int_equal(v.status, GW_MISMATCH);
			assert_int_equal(v.mismatched, GW_FIELD_NAME);
			ok++;
		} else
			assert_true(o == GW_BAD_ANSWER || o == GW_LINK_DOWN ||
			    o == GW_UNAVAILABLE || o == GW_FORBIDDEN);
	}
	assert_true(ok > 10);
	gwfix_stop(f);
}

static void
test_log_has_ids_never_secret(void **state)
{
	(void)state;
	long before = gwfix_log_size();
	const char *args[] = { "--fail-first", "401:1", "--fail-first", "503:1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	assert_int_equal(verify(f, &v, NULL), GW_OK);
	struct gw_citizen c;
	assert_int_equal(gw_lookup(f->gw, "clerk.hcm", an.id_number, &c, NULL), GW_OK);
	gw_citizen_clear(&c);
	char *rid = simfix_stat_str(f->sim, "last_request_id");
	gwfix_stop(f);
	char *log = gwfix_log_since(before);
	assert_non_null(strstr(log, v.request_id));
	assert_non_null(strstr(log, rid));
	assert_non_null(strstr(log, "clerk.hcm"));
	assert_non_null(strstr(log, "HTTP 401"));
	assert_non_null(strstr(log, "HTTP 503"));
	assert_null(strstr(log, GWFIX_SECRET));
	assert_null(strstr(log, "tok-"));	/* the simulator's tokens */
	assert_null(strstr(log, "Bearer"));
	/* nor the ID number of the person looked up (the path is not logged) */
	assert_null(strstr(log, an.id_number));
	free(rid);
	free(log);
}

int
main(void)
{
	gwfix_log_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_400_shown_never_retried, gwfix_teardown),
		cmocka_unit_test_teardown(test_401_new_token_once_and_repeat, gwfix_teardown),
		cmocka_unit_test_teardown(test_401_twice_gives_up, gwfix_teardown),
		cmocka_unit_test_teardown(test_wrong_credentials, gwfix_teardown),
		cmocka_unit_test_teardown(test_403_clear_message_no_retry, gwfix_teardown),
		cmocka_unit_test_teardown(test_429_waits_retry_after, gwfix_teardown),
		cmocka_unit_test_teardown(test_429_longer_than_bound_is_rate_limited, gwfix_teardown),
		cmocka_unit_test_teardown(test_5xx_retried_then_succeeds, gwfix_teardown),
		cmocka_unit_test_teardown(test_5xx_exhausted_is_unavailable, gwfix_teardown),
		cmocka_unit_test_teardown(test_link_down_when_nothing_listens, gwfix_teardown),
		cmocka_unit_test_teardown(test_timeout_is_link_down, gwfix_teardown),
		cmocka_unit_test_teardown(test_garbage_is_never_a_match, gwfix_teardown),
		cmocka_unit_test_teardown(test_truncated_body, gwfix_teardown),
		cmocka_unit_test_teardown(test_closed_mid_answer, gwfix_teardown),
		cmocka_unit_test_teardown(test_reset_is_link_down, gwfix_teardown),
		cmocka_unit_test_teardown(test_huge_body_capped, gwfix_teardown),
		cmocka_unit_test_teardown(test_mixed_faults_never_match_wrongly, gwfix_teardown),
		cmocka_unit_test_teardown(test_log_has_ids_never_secret, gwfix_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	gwfix_log_done();
	return rc;
}
