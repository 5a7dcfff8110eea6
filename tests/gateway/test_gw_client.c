/*
 * The gateway client against the real simulator over loopback: token fetch and
 * reuse, verify (match, mismatch, not found), look-up (alive, deceased, 404), batch
 * verify, the contract's request headers, the non-blocking engine (a poll never
 * blocks longer than asked, wakes on the caller's fd, Esc-style cancellation), and
 * the configuration keys including the refused secret file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/gwfix.h"
#include "common/tmpdir.h"
#include "core/config.h"
#include "gateway/gateway.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct gw_person an = { "001089001234", "Nguyễn Văn An", "1989-05-12", 'M' };
static const struct gw_person bich = { "079175000042", "Trần Thị Bích", "1975-02-03", 'F' };

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool
is_uuid_v4(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !(isdigit((unsigned char)s[i]) ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

static void
test_token_fetched_once_and_reused(void **state)
{
	(void)state;
	struct gwfix *f = gwfix_start(NULL);
	for (int i = 0; i < 3; i++) {
		struct gw_verify v;
		assert_int_equal(gw_verify(f->gw, "clerk.hn", &an, &v, NULL), GW_OK);
		assert_int_equal(v.status, GW_MATCH);
	}
	assert_int_equal(simfix_stat(f->sim, "tokens"), 1);
	assert_int_equal(simfix_stat(f->sim, "verify"), 3);
	gwfix_stop(f);
}

static void
test_token_renewed_when_it_expires(void **state)
{
	(void)state;
	const char *args[] = { "--token-ttl", "1", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_verify v;
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &an, &v, NULL), GW_OK);
	/* The client renews at 90% of the lifetime; waiting it out is the test. */
	struct timespec ts = { 1, 0 };
	nanosleep(&ts, NULL);
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &an, &v, NULL), GW_OK);
	assert_int_equal(simfix_stat(f->sim, "tokens"), 2);
	/* and no 401 was needed for it: two verify calls reached the server, no more */
	assert_int_equal(simfix_stat(f->sim, "calls"), 2);
	gwfix_stop(f);
}

static void
test_verify_match_mismatch_not_found(void **state)
{
	(void)state;
	struct gwfix *f = gwfix_start(NULL);
	struct gw_verify v;

	struct gw_call *c = gw_verify_start(f->gw, "clerk.hn", &an);
	while (!gw_call_poll(c, 1000, -1))
		;
	assert_int_equal(gw_call_outcome(c), GW_OK);
	const struct gw_verify *r = gw_call_result(c, 0);
	assert_non_null(r);
	assert_int_equal(r->status, GW_MATCH);
	assert_int_equal(r->mismatched, 0);
	/* The simulator answers with our X-Request-Id: the trace a clerk can quote. */
	assert_string_equal(r->request_id, gw_call_request_id(c));
	assert_int_equal(strlen(r->checked_at), 20);
	assert_int_equal(r->checked_at[10], 'T');
	assert_int_equal(r->checked_at[19], 'Z');
	gw_call_free(c);

	struct gw_person wrong = an;
	wrong.full_name = "Nguyễn Văn Ân";
	wrong.sex = 'F';
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &wrong, &v, NULL), GW_OK);
	assert_int_equal(v.status, GW_MISMATCH);
	assert_int_equal(v.mismatched, GW_FIELD_NAME | GW_FIELD_SEX);
	char fields[64];
	gw_fields_text(v.mismatched, fields, sizeof fields);
	assert_string_equal(fields, "full_name,sex");

	wrong = an;
	wrong.date_of_birth = "1989-05-13";
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &wrong, &v, NULL), GW_OK);
	assert_int_equal(v.status, GW_MISMATCH);
	assert_int_equal(v.mismatched, GW_FIELD_DOB);

	struct gw_person nobody = { "001089009999", "Không Có Ai", "1989-01-01", 'M' };
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &nobody, &v, NULL), GW_OK);
	assert_int_equal(v.status, GW_NOT_FOUND);
	gwfix_stop(f);
}

static void
test_verify_sends_nfc(void **state)
{
	(void)state;
	struct gwfix *f = gwfix_start(NULL);
	/* "Nguyễn Văn An" decomposed (e + circumflex + tilde; a + breve), with stray
	 * spaces, as a keyboard driver or a paste may produce it. */
	struct gw_person nfd = an;
	nfd.full_name = " Nguye\xcc\x82\xcc\x83n  Va\xcc\x86n An ";
	struct gw_verify v;
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &nfd, &v, NULL), GW_OK);
	assert_int_equal(v.status, GW_MATCH);
	gwfix_stop(f);
}

static void
test_request_headers(void **state)
{
	(void)state;
	struct gwfix *f = gwfix_start(NULL);
	struct gw_verify v;
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &an, &v, NULL), GW_OK);
	char *ua = simfix_stat_str(f->sim, "last_user_agent");
	char *officer = simfix_stat_str(f->sim, "last_officer_id");
	char *rid1 = simfix_stat_str(f->sim, "last_request_id");
	assert_string_equal(ua, "hoso/" HOSO_VERSION);
	assert_string_equal(officer, "clerk.hn");
	assert_true(is_uuid_v4(rid1));
	assert_string_equal(rid1, v.request_id);

	struct gw_citizen cz;
	assert_int_equal(gw_lookup(f->gw, "clerk.hcm", an.id_number, &cz, NULL), GW_OK);
	gw_citizen_clear(&cz);
	char *officer2 = simfix_stat_str(f->sim, "last_officer_id");
	char *rid2 = simfix_stat_str(f->sim, "last_request_id");
	assert_string_equal(officer2, "clerk.hcm");
	assert_true(is_uuid_v4(rid2));
	assert_string_not_equal(rid1, rid2);
	free(ua);
	free(officer);
	free(officer2);
	free(rid1);
	free(rid2);
	gwfix_stop(f);
}

static void
test_lookup(void **state)
{
	(void)state;
	struct gwfix *f = gwfix_start(NULL);
	struct gw_citizen c;
	assert_int_equal(gw_lookup(f->gw, "clerk.hn", an.id_number, &c, NULL), GW_OK);
	assert_true(c.found);
	assert_false(c.deceased);
	assert_string_equal(c.id_number, "001089001234");
	assert_string_equal(c.full_name, "Nguyễn Văn An");
	assert_string_equal(c.date_of_birth, "1989-05-12");
	assert_int_equal(c.sex, 'M');
	assert_string_equal(c.ethnicity, "Kinh");
	assert_string_equal(c.religion, "Không");
	assert_string_equal(c.nationality, "Việt Nam");
	assert_string_equal(c.place_of_origin, "Xã Tân Hội, Huyện Đan Phượng, Hà Nội");
	assert_string_equal(c.place_of_residence, "Số 1 Tràng Tiền, Hà Nội");
	gw_citizen_clear(&c);

	assert_int_equal(gw_lookup(f->gw, "clerk.hn", bich.id_number, &c, NULL), GW_OK);
	assert_true(c.found);
	assert_true(c.deceased);
	assert_string_equal(c.full_name, "Trần Thị Bích");
	assert_string_equal(c.ethnicity, "Hoa");
	assert_int_equal(c.sex, 'F');
	gw_citizen_clear(&c);

	assert_int_equal(gw_lookup(f->gw, "clerk.hn", "001089009999", &c, NULL), GW_OK);
	assert_false(c.found);
	assert_null(c.full_name);
	gw_citizen_clear(&c);

	/* A malformed ID is refused before any call is spent on it. */
	long calls = simfix_stat(f->sim, "calls");
	assert_int_equal(gw_lookup(f->gw, "clerk.hn", "12345", &c, NULL), GW_REJECTED);
	assert_int_equal(simfix_stat(f->sim, "calls"), calls);
	gwfix_stop(f);
}

static void
test_batch_verify(void **state)
{
	(void)state;
	struct gwfix *f = gwfix_start(NULL);
	struct gw_person items[100];
	static char names[100][64];
	for (int i = 0; i < 100; i++) {
		gwfix_generated(i, &items[i]);
		if (i % 10 == 3) {	/* a typo in every tenth name */
			snprintf(names[i], sizeof names[i], "Phạm Văn Sô %d", i);
			items[i].full_name = names[i];
		}
	}
	items[50] = an;
	items[51] = bich;
	items[51].sex = 'M';
	items[52].id_number = "001089009999";
	struct gw_verify out[100];
	assert_int_equal(gw_batch_verify(f->gw, "clerk.hn", items, 100, out, NULL), GW_OK);
	for (int i = 0; i < 100; i++) {
		if (i == 51) {
			assert_int_equal(out[i].status, GW_MISMATCH);
			assert_int_equal(out[i].mismatched, GW_FIELD_SEX);
		} else if (i == 52)
			assert_int_equal(out[i].status, GW_NOT_FOUND);
		else if (i % 10 == 3) {
			assert_int_equal(out[i].status, GW_MISMATCH);
			assert_int_equal(out[i].mismatched, GW_FIELD_NAME);
		} else
			assert_int_equal(out[i].status, GW_MATCH);
	}
	assert_int_equal(simfix_stat(f->sim, "batch"), 1);
	assert_int_equal(simfix_stat(f->sim, "items"), 100);

	/* 0 or 101 items, or a malformed item, never reach the gateway. */
	struct gw_person many[101];
	for (int i = 0; i < 101; i++)
		gwfix_generated(i, &many[i]);
	struct gw_verify out101[101];
	assert_int_equal(gw_batch_verify(f->gw, "x", many, 101, out101, NULL), GW_REJECTED);
	assert_int_equal(gw_batch_verify(f->gw, "x", many, 0, out101, NULL), GW_REJECTED);
	many[7].sex = '?';
	char *msg = NULL;
	assert_int_equal(gw_batch_verify(f->gw, "x", many, 10, out101, &msg), GW_REJECTED);
	assert_non_null(msg);
	free(msg);
	assert_int_equal(simfix_stat(f->sim, "batch"), 1);
	gwfix_stop(f);
}

static void
test_poll_never_blocks_longer_than_asked(void **state)
{
	(void)state;
	const char *args[] = { "--latency-ms", "400", NULL };
	struct gwfix *f = gwfix_start(args);
	double t0 = now_s();
	struct gw_call *c = gw_verify_start(f->gw, "clerk.hn", &an);
	assert_false(gw_call_poll(c, 0, -1));
	assert_false(gw_call_poll(c, 30, -1));
	assert_true(now_s() - t0 < 0.3);
	assert_false(gw_call_done(c));
	int polls = 0;
	while (!gw_call_poll(c, 50, -1))
		polls++;
	/* The UI loop got control back many times while the call was under way. */
	assert_true(polls >= 4);
	assert_int_equal(gw_call_outcome(c), GW_OK);
	assert_int_equal(gw_call_result(c, 0)->status, GW_MATCH);
	gw_call_free(c);
	gwfix_stop(f);
}

static void
test_poll_wakes_on_callers_fd(void **state)
{
	(void)state;
	const char *args[] = { "--latency-ms", "3000", NULL };
	struct gwfix *f = gwfix_start(args);
	int p[2];
	assert_int_equal(pipe(p), 0);
	struct gw_call *c = gw_verify_start(f->gw, "clerk.hn", &an);
	assert_false(gw_call_poll(c, 0, -1));
	/* A key arrives (here: a byte on a pipe) while the call waits. */
	assert_int_equal(write(p[1], "\x1b", 1), 1);
	double t0 = now_s();
	assert_false(gw_call_poll(c, 5000, p[0]));
	assert_true(now_s() - t0 < 1.0);
	/* Esc: cancel. The call ends at once and says so. */
	t0 = now_s();
	gw_call_cancel(c);
	assert_true(gw_call_done(c));
	assert_true(gw_call_poll(c, 1000, -1));
	assert_int_equal(gw_call_outcome(c), GW_CANCELLED);
	assert_null(gw_call_result(c, 0));
	assert_true(now_s() - t0 < 0.5);
	gw_call_free(c);
	close(p[0]);
	close(p[1]);
	gwfix_stop(f);
}

static void
test_cancel_leaves_client_usable(void **state)
{
	(void)state;
	const char *args[] = { "--latency-ms", "300", NULL };
	struct gwfix *f = gwfix_start(args);
	/* Cancel once while the token is being fetched, once during the call. */
	struct gw_call *c = gw_verify_start(f->gw, "clerk.hn", &an);
	assert_false(gw_call_poll(c, 50, -1));
	gw_call_cancel(c);
	assert_int_equal(gw_call_outcome(c), GW_CANCELLED);
	gw_call_free(c);
	c = gw_lookup_start(f->gw, "clerk.hn", an.id_number);
	assert_false(gw_call_poll(c, 50, -1));
	gw_call_free(c);	/* freeing a running call cancels it */
	struct gw_verify v;
	assert_int_equal(gw_verify(f->gw, "clerk.hn", &an, &v, NULL), GW_OK);
	assert_int_equal(v.status, GW_MATCH);
	gwfix_stop(f);
}

static void
test_concurrent_calls_share_one_token(void **state)
{
	(void)state;
	const char *args[] = { "--latency-ms", "100", NULL };
	struct gwfix *f = gwfix_start(args);
	struct gw_call *c[8];
	for (int i = 0; i < 8; i++) {
		struct gw_person p;
		gwfix_generated(i, &p);
		c[i] = gw_verify_start(f->gw, "clerk.hn", &p);
	}
	double t0 = now_s();
	for (int i = 0; i < 8; i++) {
		while (!gw_call_poll(c[i], 1000, -1))
			;
		assert_int_equal(gw_call_outcome(c[i]), GW_OK);
		assert_int_equal(gw_call_result(c[i], 0)->status, GW_MATCH);
		gw_call_free(c[i]);
	}
	/* One token for all eight, and the calls overlapped (8 x 100 ms in series). */
	assert_int_equal(simfix_stat(f->sim, "tokens"), 1);
	assert_true(simfix_stat(f->sim, "inflight_max") >= 2);
	assert_true(now_s() - t0 < 0.8);
	gwfix_stop(f);
}

static void
test_not_configured(void **state)
{
	(void)state;
	char *err = NULL;
	struct gw_config cfg;
	assert_int_equal(gw_config_load(NULL, &cfg, &err), 0);
	assert_null(cfg.url);
	struct gw *gw = gw_new(&cfg);
	assert_false(gw_configured(gw));
	struct gw_verify v;
	assert_int_equal(gw_verify(gw, "clerk.hn", &an, &v, NULL), GW_NOT_CONFIGURED);
	gw_free(gw);
	gw_config_clear(&cfg);
}

static struct config *
conf(const char *dir, const char *text)
{
	char *path = tmpdir_path(dir, "c.conf");
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	char *err = NULL;
	struct config *cf = config_load(path, &err);
	assert_non_null(cf);
	free(path);
	return cf;
}

static void
test_config_keys_and_refusals(void **state)
{
	(void)state;
	char *dir = tmpdir_new("gwconf");
	char *secret = tmpdir_path(dir, "secret");
	FILE *f = fopen(secret, "w");
	fputs("abc def\n", f);
	fclose(f);
	char text[1024];
	struct gw_config cfg;
	char *err = NULL;

	/* A secret file others may read is refused, naming the file. */
	chmod(secret, 0640);
	snprintf(text, sizeof text, "gateway.url = https://gw.example.vn/api/\n"
	    "gateway.client_id = bo-noi-vu\ngateway.secret_file = %s\n"
	    "gateway.ca_file = /etc/ssl/ca.pem\ngateway.connect_timeout = 3\n"
	    "gateway.timeout = 20\n", secret);
	struct config *cf = conf(dir, text);
	assert_int_equal(gw_config_load(cf, &cfg, &err), -1);
	assert_non_null(strstr(err, secret));
	assert_null(strstr(err, "abc def"));
	free(err);

	chmod(secret, 0600);
	assert_int_equal(gw_config_load(cf, &cfg, &err), 0);
	assert_string_equal(cfg.url, "https://gw.example.vn/api");
	assert_string_equal(cfg.client_id, "bo-noi-vu");
	assert_string_equal(cfg.secret, "abc def");
	assert_string_equal(cfg.ca_file, "/etc/ssl/ca.pem");
	assert_null(cfg.cert_file);
	assert_int_equal(cfg.connect_timeout_ms, 3000);
	assert_int_equal(cfg.timeout_ms, 20000);
	gw_config_clear(&cfg);
	config_free(cf);

	/* Defaults of the contract: 5 s to connect, 15 s a call. */
	snprintf(text, sizeof text, "gateway.url = http://127.0.0.1:9\n"
	    "gateway.client_id = x\ngateway.secret_file = %s\n", secret);
	cf = conf(dir, text);
	assert_int_equal(gw_config_load(cf, &cfg, &err), 0);
	assert_int_equal(cfg.connect_timeout_ms, 5000);
	assert_int_equal(cfg.timeout_ms, 15000);
	gw_config_clear(&cfg);
	config_free(cf);

	/* Plain HTTP is for loopback only; a half-configured gateway is an error. */
	const char *bad[] = {
		"gateway.url = http://gw.example.vn\ngateway.client_id = x\n",
		"gateway.url = http://127.0.0.1.evil.vn/\ngateway.client_id = x\n",
		"gateway.url = https://gw.example.vn\n",
		"gateway.url = ftp://gw.example.vn\ngateway.client_id = x\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(text, sizeof text, "%sgateway.secret_file = %s\n", bad[i], secret);
		cf = conf(dir, text);
		assert_int_equal(gw_config_load(cf, &cfg, &err), -1);
		assert_non_null(err);
		free(err);
		config_free(cf);
	}
	free(secret);
	tmpdir_remove(dir);
}

int
main(void)
{
	gwfix_log_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_token_fetched_once_and_reused, gwfix_teardown),
		cmocka_unit_test_teardown(test_token_renewed_when_it_expires, gwfix_teardown),
		cmocka_unit_test_teardown(test_verify_match_mismatch_not_found, gwfix_teardown),
		cmocka_unit_test_teardown(test_verify_sends_nfc, gwfix_teardown),
		cmocka_unit_test_teardown(test_request_headers, gwfix_teardown),
		cmocka_unit_test_teardown(test_lookup, gwfix_teardown),
		cmocka_unit_test_teardown(test_batch_verify, gwfix_teardown),
		cmocka_unit_test_teardown(test_poll_never_blocks_longer_than_asked, gwfix_teardown),
		cmocka_unit_test_teardown(test_poll_wakes_on_callers_fd, gwfix_teardown),
		cmocka_unit_test_teardown(test_cancel_leaves_client_usable, gwfix_teardown),
		cmocka_unit_test_teardown(test_concurrent_calls_share_one_token, gwfix_teardown),
		cmocka_unit_test_teardown(test_not_configured, gwfix_teardown),
		cmocka_unit_test_teardown(test_config_keys_and_refusals, gwfix_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	gwfix_log_done();
	return rc;
}
