/*
 * Many clerks at once through hoso serve: N ssh clients (100, the figure;
 * HOSO_SSH_LOAD=N for another) connect together, each finds a
 * different person by ID number, edits a field and saves. No session may fail and
 * no save may be lost: afterwards every one of the N records holds its clerk's
 * text at version 2. The sessions are driven side by side, each a small state
 * machine over its own pty, within one overall time limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"

enum step { S_MENU, S_SEARCH, S_FOUND, S_OPEN, S_EDIT, S_TYPED, S_SAVE, S_DONE };

static const char *const step_name[] = { "menu", "search", "found", "open", "edit",
	"typed", "save", "done" };

struct clerk {
	struct term *t;
	enum step    step;
	char         id[16];
	char         text[32];
	int          person;
	int          last_row;	/* cursor row when the last Down was sent */
	double       last_out;	/* when output last came: the cursor is read only
				 * once the screen is quiet, never mid-redraw */
	double       started, menu_at, search_sent, found_at, done_at;
};

/* Advance one clerk if its screen allows; true when it moved on. */
static bool
clerk_step(struct clerk *c)
{
	struct term *t = c->t;
	double now = sshsrv_now_ms();
	switch (c->step) {
	case S_MENU:
		if (!term_has_text(t, "Find a person's record") || !term_has_text(t, "F10/Esc"))
			return false;
		c->menu_at = now;
		term_send(t, "1");
		c->step = S_SEARCH;
		return true;
	case S_SEARCH:
		if (!term_has_text(t, "Name or ID number"))
			return false;
		c->search_sent = now;
		term_send(t, c->id);
		c->step = S_FOUND;
		return true;
	case S_FOUND:
		if (!sshui_person_listed(t, c->id))
			return false;
		c->found_at = now;
		term_send_key(t, "Enter");
		c->step = S_OPEN;
		return true;
	case S_OPEN:
		if (!term_has_text(t, "READ ONLY"))
			return false;
		term_send_key(t, "F4");
		c->last_row = -1;
		c->step = S_EDIT;
		return true;
	case S_EDIT: {
		if (!term_has_text(t, "EDITING") || now - c->last_out < 40)
			return false;
		int target = term_find_row(t, "Other names"), r, col;
		term_cursor(t, &r, &col);
		if (target < 0)
			return false;
		if (r == target) {
			term_send(t, c->text);
			c->step = S_TYPED;
			return true;
		}
		if (r == c->last_row)
			return false;	/* the last Down has not landed yet */
		c->last_row = r;
		term_send_key(t, "Down");
		return true;
	}
	case S_TYPED:
		if (!term_has_text(t, c->text))
			return false;
		term_send_key(t, "F2");
		c->step = S_SAVE;
		return true;
	case S_SAVE:
		if (!term_has_text(t, "Saved."))
			return false;
		c->done_at = now;
		c->step = S_DONE;
		return true;
	case S_DONE:
		return false;
	}
	return false;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("%-36s median %6.0f ms   p90 %6.0f ms   max %6.0f ms\n", what, v[n / 2],
	    v[(n * 9) / 10], v[n - 1]);
}

static void
test_many_clerks(void **state)
{
	(void)state;
	const char *env = getenv("HOSO_SSH_LOAD");
	int n = env != NULL && atoi(env) > 0 ? atoi(env) : 100;
	int users = (n + 3) / 4;	/* four sessions per account: the default cap */
	char config[256];
	snprintf(config, sizeof config, "serve.max_unauth = %d\nserve.max_unauth_per_source = %d\n",
	    n + 10, n + 10);
	struct sshsrv *s = sshsrv_new("ssh-load", n + 5, users, config);
	assert_true(sshsrv_start(s));

	struct clerk *c = calloc((size_t)n, sizeof *c);
	assert_non_null(c);
	double t0 = sshsrv_now_ms();
	for (int i = 0; i < n; i++) {
		char user[16];
		snprintf(user, sizeof user, "u%d", i % users);
		c[i].person = i + 1;
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT id_number FROM person WHERE id = %d", i + 1);
		snprintf(c[i].id, sizeof c[i].id, "%012lld", sshsrv_sql_int(s, sql));
		snprintf(c[i].text, sizeof c[i].text, "Tai %d", i);
		char **argv = sshsrv_ssh_argv(s, user, true, NULL, sshui_ssh_opts, NULL);
		c[i].started = sshsrv_now_ms();
		c[i].t = term_spawn(argv, NULL, 24, 80);
		sshsrv_argv_free(argv);
	}
	/* Drive them all until done or the time is up (a couple of minutes at most). */
	double limit = t0 + (n > 50 ? 150000 : 90000);
	int done = 0;
	while (done < n && sshsrv_now_ms() < limit) {
		bool moved = false;
		for (int i = 0; i < n; i++) {
			if (c[i].step == S_DONE)
				continue;
			if (term_pump(c[i].t, 0) > 0)
				c[i].last_out = sshsrv_now_ms();
			while (clerk_step(&c[i]))
				moved = true;
			if (c[i].step == S_DONE)
				done++;
		}
		if (!moved)
			usleep(5000);
	}
	double total = sshsrv_now_ms() - t0;
	printf("%d sessions: %d done in %.1f s\n", n, done, total / 1000);
	int shown = 0;
	for (int i = 0; i < n && shown < 3; i++)
		if (c[i].step != S_DONE) {
			char title[64];
			snprintf(title, sizeof title, "clerk %d stuck at %s", i, step_name[c[i].step]);
			term_dump(c[i].t, title);
			shown++;
		}
	assert_int_equal(done, n);

	double *v = calloc((size_t)n, sizeof *v);
	for (int i = 0; i < n; i++)
		v[i] = c[i].menu_at - c[i].started;
	report("connect to main menu", v, n);
	for (int i = 0; i < n; i++)
		v[i] = c[i].found_at - c[i].search_sent;
	report("ID typed to person found", v, n);
	for (int i = 0; i < n; i++)
		v[i] = c[i].done_at - c[i].started;
	report("connect to record saved", v, n);
	free(v);

	for (int i = 0; i < n; i++)
		term_hangup(c[i].t);
	for (int i = 0; i < n; i++)
		term_close(c[i].t, 20000);
	/* Every save is there, each with its own clerk's text. */
	for (int i = 0; i < n; i++) {
		char sql[192];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM person WHERE id = %d AND version = 2"
		    " AND json_extract(data, '$.other_names') = 'Tai %d'", c[i].person, i);
		if (sshsrv_sql_int(s, sql) != 1)
			fail_msg("the save of clerk %d (person %d) is missing", i, c[i].person);
	}
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM person WHERE version > 1"), n);
	free(c);
	/* Every session ended by the hang-up, none by a crash. */
	double end = sshsrv_now_ms() + 30000;
	while (sshsrv_log_count(s, "session ended:") < n && sshsrv_now_ms() < end)
		usleep(50000);
	assert_int_equal(sshsrv_log_count(s, "session ended:"), n);
	assert_int_equal(sshsrv_log_count(s, "died of signal"), 0);
	assert_int_equal(sshsrv_log_count(s, "session refused"), 0);
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	sshsrv_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_clerks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
