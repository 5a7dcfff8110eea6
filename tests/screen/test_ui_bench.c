/*
 * The bandwidth and latency of a scripted clerk task, through the real program on
 * a pty: sign in, search a name, open the record, change three fields (a code
 * from its pick list, a phone number, an e-mail address), save, sign out.
 *
 * Measured: every byte the program writes to the terminal for the whole task, and
 * for each key the time from sending it to the last byte of the screen it causes
 * (the screen has settled when nothing more comes for QUIET_MS). Targets: the
 * whole task under 30 KB, each key settled under 50 ms at the 99th percentile.
 * The sign-in key is reported on its own: it waits for Argon2id on purpose. The
 * script leaves screens with F10, not Esc, whose meaning is only known after the
 * Esc delay.
 *
 * Run by `make check` (targets asserted with room for a loaded machine) and by
 * `make bench` with HOSO_BENCH=1 (targets asserted as stated). With
 * HOSO_BENCH_DB, HOSO_BENCH_USER, HOSO_BENCH_PASSWORD and HOSO_BENCH_NAME it runs
 * against that database (e.g. the national-size one `make bench` builds) instead
 * of the small fixture; the first person found by the name is the one edited.
 * One line of figures goes to stdout: "ui-task: bytes=... keys=... ...".
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

#define QUIET_MS	25
#define MAX_KEYS	512

struct run {
	struct term *t;
	double       ms[MAX_KEYS];
	int          n;
};

/* One key or one typed character, then wait for the screen to settle. */
static void
step(struct run *r, const char *key, const char *chars)
{
	if (key != NULL)
		term_send_key(r->t, key);
	else
		term_send(r->t, chars);
	double ms = term_settle(r->t, QUIET_MS, 10000);
	if (ms < 0)
		fail_msg("the screen did not settle after %s", key ? key : chars);
	if (r->n < MAX_KEYS)
		r->ms[r->n++] = ms;
}

static void
type(struct run *r, const char *text)
{
	char one[8];
	for (const char *p = text; *p;) {
		size_t k = 1;
		while ((p[k] & 0xC0) == 0x80)
			k++;
		memcpy(one, p, k);
		one[k] = '\0';
		step(r, NULL, one);
		p += k;
	}
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void
test_clerk_task(void **state)
{
	(void)state;
	struct uifix u;
	memset(&u, 0, sizeof u);
	const char *db = getenv("HOSO_BENCH_DB");
	const char *user = getenv("HOSO_BENCH_USER");
	const char *pass = getenv("HOSO_BENCH_PASSWORD");
	const char *name = getenv("HOSO_BENCH_NAME");
	bool bench = getenv("HOSO_BENCH") != NULL;
	char *owned_path = NULL;
	if (db != NULL && user != NULL && pass != NULL && name != NULL)
		u.db_path = owned_path = strdup(db);
	else {
		uifix_setup(&u);
		user = "clerk";
		pass = UIFIX_PASSWORD;
		name = "nguyen van an";
	}
	struct run r = { 0 };
	r.t = uifix_start(&u, NULL, NULL, 24, 80);
	uifix_expect(r.t, "Mật khẩu:");
	type(&r, user);
	step(&r, "Tab", NULL);
	type(&r, pass);
	/* The sign-in key: timed on its own, Argon2id is slow by design. */
	term_send_key(r.t, "Enter");
	uifix_expect(r.t, "1  Tìm hồ sơ");
	double signin_ms = term_settle(r.t, QUIET_MS, 10000);
	step(&r, NULL, "1");
	type(&r, name);
	UI_ASSERT_NO_TEXT(r.t, "Không tìm thấy ai.");
	step(&r, "Enter", NULL);
	UI_ASSERT_TEXT(r.t, "CHỈ XEM");
	step(&r, "F4", NULL);
	for (int i = 0; i < 7; i++)
		step(&r, "Tab", NULL);
	type(&r, "kinh");
	step(&r, "Enter", NULL);
	step(&r, "PgDn", NULL);
	step(&r, "C-u", NULL);
	type(&r, "0912345678");
	step(&r, "Tab", NULL);
	step(&r, "C-u", NULL);
	type(&r, "can.bo@noivu.gov.vn");
	step(&r, "F2", NULL);
	UI_ASSERT_TEXT(r.t, "Đã lưu.");
	/* F10 rather than Esc: a lone Esc is only known after the Esc delay
	 * (100 ms), which would be timed as the program's slowness. */
	step(&r, "F10", NULL);
	step(&r, "F10", NULL);
	step(&r, NULL, "4");	/* sign out */
	UI_ASSERT_TEXT(r.t, "Mật khẩu:");
	step(&r, "F10", NULL);	/* leave */
	size_t bytes = term_bytes_read(r.t);
	assert_int_equal(term_close(r.t, 5000), 0);
	qsort(r.ms, (size_t)r.n, sizeof r.ms[0], cmp);
	double median = r.ms[r.n / 2];
	double p99 = r.ms[(r.n * 99 + 99) / 100 - 1];
	double max = r.ms[r.n - 1];
	printf("ui-task: bytes=%zu keys=%d median_ms=%.1f p99_ms=%.1f max_ms=%.1f "
	    "signin_ms=%.0f db=%s\n", bytes, r.n + 1, median, p99, max, signin_ms,
	    owned_path != NULL ? owned_path : "fixture");
	fflush(stdout);
	/* Bytes do not depend on the machine's load; time does, so make check
	 * leaves room and make bench holds the stated target. */
	assert_true(bytes < 30 * 1024);
	assert_true(p99 < (bench ? 50.0 : 500.0));
	if (owned_path != NULL)
		free(owned_path);
	else
		uifix_teardown(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clerk_task),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
