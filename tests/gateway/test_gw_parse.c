/*
 * The answer parsers on the committed corpus (tests/gateway/corpus), as SQLite's
 * fuzzcheck replays its fuzz finds on every test run. A file's name says what is
 * expected of it:
 *	ok-<parser>-*	accepted by that parser (verify, batch, citizen, token,
 *			notfound) and by no other
 *	bad-*		refused by every parser
 *	anything else	(fuzzer finds, crash reproducers): must merely not crash,
 *			leak or trip a sanitizer
 * plus a few properties the corpus cannot show: what the parsed values are.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "gateway/gw_internal.h"
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ID "001089001234"

static const char *
corpus_dir(void)
{
	static char dir[PATH_MAX + 64];
	struct stat st;
	const char *env = getenv("HOSO_GW_CORPUS");
	if (env != NULL && *env)
		return env;
	if (stat("tests/gateway/corpus", &st) == 0)
		return "tests/gateway/corpus";
	/* BUILD/tests/gateway/test_gw_parse -> the tree above BUILD */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return "tests/gateway/corpus";
	exe[n] = '\0';
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');
		if (slash != NULL)
			*slash = '\0';
	}
	snprintf(dir, sizeof dir, "%.*s/tests/gateway/corpus", PATH_MAX - 1, exe);
	return dir;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot read %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Which parsers accept body: a bit per parser. */
enum { P_VERIFY = 1, P_BATCH = 2, P_CITIZEN = 4, P_TOKEN = 8, P_NOTFOUND = 16 };

static int
accepted_by(const char *body, size_t len)
{
	int mask = 0;
	struct gw_verify v;
	if (gw_parse_verify(body, len, &v) == 0)
		mask |= P_VERIFY;
	struct gw_verify many[GW_BATCH_MAX];
	for (int n = 1; n <= GW_BATCH_MAX; n++)
		if (gw_parse_batch(body, len, n, many) == 0)
			mask |= P_BATCH;
	struct gw_citizen c;
	if (gw_parse_citizen(body, len, ID, &c) == 0)
		mask |= P_CITIZEN;
	gw_citizen_clear(&c);
	char *tok = NULL;
	int ttl;
	if (gw_parse_token(body, len, &tok, &ttl) == 0)
		mask |= P_TOKEN;
	free(tok);
	if (gw_parse_not_found(body, len) == 0)
		mask |= P_NOTFOUND;
	free(gw_parse_error_message(body, len));
	return mask;
}

static void
test_corpus_replay(void **state)
{
	(void)state;
	const char *dir = corpus_dir();
	DIR *d = opendir(dir);
	if (d == NULL)
		fail_msg("no corpus at %s", dir);
	static const struct { const char *prefix; int mask; } expect[] = {
		{ "ok-verify-", P_VERIFY }, { "ok-batch-", P_BATCH },
		{ "ok-citizen-", P_CITIZEN }, { "ok-token", P_TOKEN },
		{ "ok-notfound", P_NOTFOUND }, { "bad-", 0 },
	};
	int files = 0, checked = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[PATH_MAX + 600];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len;
		char *body = slurp(path, &len);
		int mask = accepted_by(body, len);
		free(body);
		files++;
		for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
			if (strncmp(e->d_name, expect[i].prefix, strlen(expect[i].prefix)) != 0)
				continue;
			checked++;
			if (mask != expect[i].mask)
				fail_msg("%s: accepted by parsers %#x, expected %#x", e->d_name,
				    mask, expect[i].mask);
		}
	}
	closedir(d);
	print_message("%d corpus files, %d with an expectation\n", files, checked);
	assert_true(checked >= 60);
}

static void
test_verify_values(void **state)
{
	(void)state;
	const char *b = "{\"request_id\":\"r-1\",\"result\":\"mismatch\","
	    "\"mismatched\":[\"date_of_birth\",\"full_name\"],"
	    "\"checked_at\":\"2026-11-25T08:00:00.250+00:00\"}";
	struct gw_verify v;
	assert_int_equal(gw_parse_verify(b, strlen(b), &v), 0);
	assert_int_equal(v.status, GW_MISMATCH);
	assert_int_equal(v.mismatched, GW_FIELD_DOB | GW_FIELD_NAME);
	assert_string_equal(v.request_id, "r-1");
	assert_string_equal(v.checked_at, "2026-11-25T08:00:00Z");
	/* A length that stops short of the body is a truncated answer. */
	assert_int_equal(gw_parse_verify(b, strlen(b) - 1, &v), -1);
	assert_int_equal(v.status, GW_MATCH);
	assert_int_equal(v.request_id[0], '\0');
}

static void
test_citizen_values_nfc(void **state)
{
	(void)state;
	/* Decomposed "Nguyễn" comes back composed. */
	const char *b = "{\"id_number\":\"" ID "\",\"full_name\":\"Nguye\xcc\x82\xcc\x83n "
	    "Va\xcc\x86n An\",\"date_of_birth\":\"1989-05-12\",\"sex\":\"M\","
	    "\"ethnicity\":\"Kinh\",\"religion\":\"\",\"nationality\":\"Việt Nam\","
	    "\"place_of_origin\":\"Hà Nội\",\"place_of_residence\":\"Hà Nội\","
	    "\"status\":\"deceased\"}";
	struct gw_citizen c;
	assert_int_equal(gw_parse_citizen(b, strlen(b), ID, &c), 0);
	assert_string_equal(c.full_name, "Nguyễn Văn An");
	assert_string_equal(c.religion, "");
	assert_true(c.deceased);
	assert_true(c.found);
	gw_citizen_clear(&c);
	assert_int_equal(gw_parse_citizen(b, strlen(b), "001089001235", &c), -1);
	assert_null(c.full_name);
}

static void
test_token_and_message(void **state)
{
	(void)state;
	const char *b = "{\"access_token\":\"abc.DEF-_~+/=\",\"token_type\":\"Bearer\","
	    "\"expires_in\":3600}";
	char *tok;
	int ttl;
	assert_int_equal(gw_parse_token(b, strlen(b), &tok, &ttl), 0);
	assert_string_equal(tok, "abc.DEF-_~+/=");
	assert_int_equal(ttl, 3600);
	free(tok);

	const char *e = "{\"error\":\"invalid_request\",\"message\":\"Số định danh "
	    "không hợp lệ\\u001b[2J\\nhết\"}";
	char *m = gw_parse_error_message(e, strlen(e));
	assert_string_equal(m, "Số định danh không hợp lệ [2J hết");
	free(m);
	assert_null(gw_parse_error_message("{\"error\":\"x\"}", 13));
	assert_null(gw_parse_error_message("<html>", 6));
}

static void
test_batch_count_must_match(void **state)
{
	(void)state;
	const char *b = "{\"results\":[{\"request_id\":\"a\",\"result\":\"match\","
	    "\"mismatched\":[],\"checked_at\":\"2026-11-25T08:00:00Z\"},"
	    "{\"request_id\":\"b\",\"result\":\"not_found\",\"mismatched\":[],"
	    "\"checked_at\":\"2026-11-25T08:00:00Z\"}]}";
	struct gw_verify v[3];
	assert_int_equal(gw_parse_batch(b, strlen(b), 2, v), 0);
	assert_int_equal(v[0].status, GW_MATCH);
	assert_int_equal(v[1].status, GW_NOT_FOUND);
	assert_string_equal(v[1].request_id, "b");
	/* One answer fewer or more than items sent: the order cannot be trusted. */
	assert_int_equal(gw_parse_batch(b, strlen(b), 3, v), -1);
	assert_int_equal(gw_parse_batch(b, strlen(b), 1, v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_replay),
		cmocka_unit_test(test_verify_values),
		cmocka_unit_test(test_citizen_values_nfc),
		cmocka_unit_test(test_token_and_message),
		cmocka_unit_test(test_batch_count_must_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
