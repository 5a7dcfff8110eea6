/* The scripted clerk task; see uitask.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/uitask.h"
#include "common/term.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#define MAX_KEYS 512

struct run {
	struct term *t;
	double       ms[MAX_KEYS];
	int          n;
};

/* One key (by name) or one typed character, then wait for the screen. */
static void
step(struct run *r, const char *key, const char *chars)
{
	if (key != NULL)
		term_send_key(r->t, key);
	else
		term_send(r->t, chars);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	double ms = term_settle_answer(r->t, UITASK_QUIET_MS, 10000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("HOSO_UITASK_TRACE") != NULL)
		fprintf(stderr, "step %s: %.0f ms wall\n", key ? key : chars,
		    (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	if (ms < 0)
		fail_msg("the screen did not settle after %s", key ? key : chars);
	if (r->n < MAX_KEYS)
		r->ms[r->n++] = ms;
}

/* Type text one character (not byte) at a time. */
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

/* ^U empties the field being typed in; a key that changes nothing on the screen
 * is not sent, since nothing would come back to time. */
static void
clear_field(struct run *r, const char *label)
{
	int row = term_find_row(r->t, label);
	assert_true(row >= 0);
	const char *line = term_row(r->t, row);
	const char *after = strstr(line, label) + strlen(label);
	if (after[strspn(after, " ")] != '\0')
		step(r, "C-u", NULL);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void
uitask_run(struct uifix *u, const char *user, const char *pass, const char *name,
    const char *const *args, struct uitask *out)
{
	/* Each run types other values, so that every save has a change to store. */
	static int runs;
	char phone[16], email[48];
	long v = ((long)getpid() * 100 + runs++) % 100000000;
	snprintf(phone, sizeof phone, "09%08ld", v);
	snprintf(email, sizeof email, "can.bo%ld@noivu.gov.vn", v);
	memset(out, 0, sizeof *out);
	struct run r = { 0 };
	r.t = uifix_start(u, args, NULL, 24, 80);
	uifix_expect(r.t, "Mật khẩu:");
	type(&r, user);
	step(&r, "Tab", NULL);
	type(&r, pass);
	term_send_key(r.t, "Enter");
	uifix_expect(r.t, "1  Tìm hồ sơ");
	out->signin_ms = term_settle(r.t, UITASK_QUIET_MS, 10000);
	step(&r, NULL, "1");
	type(&r, name);
	UI_ASSERT_NO_TEXT(r.t, "Không tìm thấy ai.");
	/* What one full repaint of this screen costs, to set the task against;
	 * not counted in the task. */
	size_t before = term_bytes_read(r.t);
	term_send_key(r.t, "C-l");
	term_settle_answer(r.t, UITASK_QUIET_MS, 10000);
	out->repaint_bytes = term_bytes_read(r.t) - before;
	step(&r, "Enter", NULL);
	UI_ASSERT_TEXT(r.t, "CHỈ XEM");
	step(&r, "F4", NULL);
	for (int i = 0; i < 7; i++)
		step(&r, "Tab", NULL);
	type(&r, "kinh");
	step(&r, "Enter", NULL);
	step(&r, "PgDn", NULL);
	clear_field(&r, "Điện thoại");
	type(&r, phone);
	step(&r, "Tab", NULL);
	clear_field(&r, "Thư điện tử");
	type(&r, email);
	step(&r, "F2", NULL);
	UI_ASSERT_TEXT(r.t, "Đã lưu.");
	step(&r, "F10", NULL);
	step(&r, "F10", NULL);
	/* Sign out: 9 for every role. */
	step(&r, NULL, "9");
	UI_ASSERT_TEXT(r.t, "Mật khẩu:");
	step(&r, "F10", NULL);	/* leave */
	out->bytes = term_bytes_read(r.t) - out->repaint_bytes;
	assert_int_equal(term_close(r.t, 5000), 0);
	if (getenv("HOSO_UITASK_TRACE") != NULL)
		for (int i = 0; i < r.n; i++)
			fprintf(stderr, "key %d: %.2f ms\n", i, r.ms[i]);
	qsort(r.ms, (size_t)r.n, sizeof r.ms[0], cmp);
	out->keys = r.n + 1;
	out->median_ms = r.ms[r.n / 2];
	out->p99_ms = r.ms[(r.n * 99 + 99) / 100 - 1];
	out->max_ms = r.ms[r.n - 1];
}
