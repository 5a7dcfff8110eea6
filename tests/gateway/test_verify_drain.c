/*
 * The verification queue on a real database, drained through the real simulator:
 * saving a person queues its check; the drain records verified / mismatch /
 * not_found with request id, officer and audit rows; a (person, version) is never
 * sent twice; link down and 429 put checks back with a wait; a late answer about a
 * changed identity is superseded; a batch refused with 400 is retried item by item;
 * an agency's clerk drains only its own people; --stale opens checks again. The
 * worker loop (verify/worker.h) waits out a Retry-After when asked to (hoso verify)
 * and leaves it to the queue otherwise (hoso serve).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/gwfix.h"
#include "common/tmpdir.h"
#include "db/person.h"
#include "db/verify.h"
#include "verify/drain.h"
#include "verify/worker.h"
#include <time.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NGEN 230	/* generated people: three batches of 100 at most */

struct fix {
	char		*dir;
	struct db	*db;
	struct actor	 sys, hn, hcm;
	int64_t		 an, bich, nobody, gen0;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	f->dir = tmpdir_new("gwdrain");
	f->db = dbfix_open(f->dir);
	db_actor_system(&f->sys, "test:drain");
	dbfix_account(f->db, "clerk.hn", ROLE_CLERK, FIX_HN, &f->hn);
	dbfix_account(f->db, "clerk.hcm", ROLE_CLERK, FIX_HCM_YT, &f->hcm);
	f->an = dbfix_person(f->db, &f->hn, "001089001234", "Nguyễn Văn An", "1989-05-12",
	    "M", FIX_HN_NV);
	/* The register spells her Trần Thị Bích. */
	f->bich = dbfix_person(f->db, &f->hn, "079175000042", "Trần Thị Bich", "1975-02-03",
	    "F", FIX_HN);
	f->nobody = dbfix_person(f->db, &f->hn, "001089009999", "Không Có Ai", "1989-01-01",
	    "M", FIX_HN_NV);
	for (int i = 0; i < NGEN; i++) {
		struct gw_person p;
		gwfix_generated(i, &p);
		int64_t id = dbfix_person(f->db, &f->hn, p.id_number, p.full_name,
		    p.date_of_birth, "M", FIX_HN_NV);
		if (i == 0)
			f->gen0 = id;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	gwfix_teardown(NULL);
	db_close(f->db);
	tmpdir_remove(f->dir);
	free(f);
	return 0;
}

/* The person's verification fields as the data layer shows them. */
static char *
field(struct fix *f, int64_t id, const char *name)
{
	struct record *r = NULL;
	char *err = NULL;
	if (db_person_get(f->db, &f->sys, id, "test", &r, &err) != DB_OK)
		fail_msg("get: %s", err);
	const char *v = record_get(r, name);
	char *s = strdup(v ? v : "");
	record_free(r);
	return s;
}

static void
assert_field(struct fix *f, int64_t id, const char *name, const char *want)
{
	char *v = field(f, id, name);
	if (strcmp(v, want) != 0)
		fail_msg("person %lld %s: \"%s\", expected \"%s\"", (long long)id, name, v,
		    want);
	free(v);
}

static long
count(struct fix *f, const char *sql)
{
	char *path = tmpdir_path(f->dir, "hoso.db");
	sqlite3 *c;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(path, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	free(path);
	return n;
}

static void
drain(struct fix *f, struct gwfix *g, const struct actor *who, struct verify_drain_stats *st)
{
	char *err = NULL;
	if (verify_drain(g->gw, f->db, who, 2, NULL, NULL, NULL, st, &err) != DB_OK)
		fail_msg("drain: %s", err);
}

static void
rename_person(struct fix *f, int64_t id, const char *name)
{
	struct record *r = NULL;
	char *err = NULL;
	if (db_person_get(f->db, &f->hn, id, "test", &r, &err) != DB_OK)
		fail_msg("get: %s", err);
	record_set(r, "full_name", name);
	if (db_person_update(f->db, &f->hn, r, &err) != DB_OK)
		fail_msg("update: %s", err);
	record_free(r);
}

static void
test_saving_queues_and_drain_records(void **state)
{
	struct fix *f = *state;
	int64_t due, waiting;
	char *err = NULL;
	assert_int_equal(db_verify_counts(f->db, &f->sys, &due, &waiting, &err), DB_OK);
	assert_int_equal(due, NGEN + 3);
	assert_field(f, f->an, "verification", "queued");

	struct gwfix *g = gwfix_start(NULL);
	struct verify_drain_stats st;
	drain(f, g, &f->sys, &st);
	assert_int_equal(st.stopped, GW_OK);
	assert_int_equal(st.taken, NGEN + 3);
	assert_int_equal(st.verified, NGEN + 1);
	assert_int_equal(st.mismatch, 1);
	assert_int_equal(st.not_found, 1);
	/* grouped by officer: one official queued them all, so full batches */
	assert_int_equal(simfix_stat(g->sim, "batch"), 3);
	assert_int_equal(simfix_stat(g->sim, "items"), NGEN + 3);

	assert_field(f, f->an, "verification", "verified");
	assert_field(f, f->an, "verified_by", "clerk.hn");
	char *rid = field(f, f->an, "verification_request");
	assert_int_equal(strlen(rid), 36);
	free(rid);
	char *at = field(f, f->an, "verified_at");
	assert_int_equal(strlen(at), 20);
	free(at);
	assert_field(f, f->bich, "verification", "mismatch");
	assert_field(f, f->bich, "verification_fields", "full_name");
	assert_field(f, f->nobody, "verification", "not_found");
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'verify'"),
	    NGEN + 3);
	assert_int_equal(count(f, "SELECT count(*) FROM verify_queue WHERE next_at >= 0"), 0);

	/* Nothing is due now; queuing the same version again sends nothing. */
	assert_int_equal(db_begin(f->db, &err), DB_OK);
	assert_int_equal(db_verify_enqueue(f->db, &f->hn, f->an, 1, &err), DB_OK);
	assert_int_equal(db_commit(f->db, &err), DB_OK);
	drain(f, g, &f->sys, &st);
	assert_int_equal(st.taken, 0);
	assert_int_equal(simfix_stat(g->sim, "calls"), 3);

	/* A changed name is a new version: checked again, on its own. */
	rename_person(f, f->bich, "Trần Thị Bích");
	assert_field(f, f->bich, "verification", "queued");
	drain(f, g, &f->sys, &st);
	assert_int_equal(st.taken, 1);
	assert_int_equal(st.verified, 1);
	assert_field(f, f->bich, "verification", "verified");
	assert_field(f, f->bich, "verification_fields", "");
	gwfix_stop(g);
}

static void
test_link_down_puts_back_with_backoff(void **state)
{
	struct fix *f = *state;
	struct gwfix *g = gwfix_start(NULL);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", simfix_dead_port());
	gwfix_client(g, url);
	struct verify_drain_stats st;
	drain(f, g, &f->sys, &st);
	assert_int_equal(st.stopped, GW_LINK_DOWN);
	/* The first round's batches went out and failed; the rest stayed due. */
	assert_true(st.deferred >= 100);
	assert_int_equal(st.verified, 0);
	int64_t due, waiting;
	char *err = NULL;
	assert_int_equal(db_verify_counts(f->db, &f->sys, &due, &waiting, &err), DB_OK);
	assert_int_equal(waiting, st.deferred);
	assert_int_equal(due + waiting, NGEN + 3);
	assert_field(f, f->an, "verification", "queued");
	assert_int_equal(count(f, "SELECT min(next_at - strftime('%s','now')) > 2 FROM"
	    " verify_queue WHERE attempts = 1"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM verify_queue WHERE attempts = 1 AND"
	    " last_error = 'link_down'"), st.deferred);

	/* The link is back: what is due goes; what waits, waits. */
	gwfix_client(g, NULL);
	drain(f, g, &f->sys, &st);
	assert_int_equal(st.stopped, GW_OK);
	assert_int_equal(st.taken, due);
	gwfix_stop(g);
}

static void
test_rate_limited_waits_retry_after(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "--fail-rate", "429:1", "--retry-after", "90", NULL };
	struct gwfix *g = gwfix_start(args);
	struct verify_drain_stats st;
	drain(f, g, &f->sys, &st);
	assert_int_equal(st.stopped, GW_RATE_LIMITED);
	assert_int_equal(st.retry_after, 90);
	/* Not a failure of the check: no attempt counted, due again in 90 s. */
	assert_int_equal(count(f, "SELECT count(*) FROM verify_queue WHERE attempts > 0"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM verify_queue WHERE next_at >"
	    " strftime('%s','now') + 80"), 200);
	gwfix_stop(g);
}

static void
test_batch_400_retried_one_by_one(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "--fail-first", "400:1", NULL };
	struct gwfix *g = gwfix_start(args);
	struct verify_drain_stats st;
	char *err = NULL;
	if (verify_drain(g->gw, f->db, &f->sys, 1, NULL, NULL, NULL, &st, &err) != DB_OK)
		fail_msg("drain: %s", err);
	assert_int_equal(st.stopped, GW_OK);
	assert_int_equal(st.refused, 0);
	assert_int_equal(st.verified + st.mismatch + st.not_found, NGEN + 3);
	/* one refused batch, then its 100 items alone, then the other batches */
	assert_int_equal(simfix_stat(g->sim, "verify"), 100);
	gwfix_stop(g);
}

/* Take the due check of one person (as a drainer would, leased for 60 s) and hand
 * every other one back at once: DB_NOTFOUND when the person has none due. */
static int
take_one(struct fix *f, const struct actor *who, int64_t person,
    struct db_verify_item *out)
{
	struct db_verify_item *items;
	int n;
	char *err = NULL;
	if (db_verify_take_due(f->db, who, 10000, 60, &items, &n, &err) != DB_OK)
		fail_msg("take: %s", err);
	int found = -1;
	for (int i = 0; i < n; i++)
		if (items[i].person_id == person)
			found = i;
	if (found >= 0) {
		/* The person's item last, so that the others are items[0 .. n-2]. */
		struct db_verify_item mine = items[found];
		items[found] = items[n - 1];
		items[n - 1] = mine;
		*out = mine;
		out->full_name = strdup(mine.full_name);
	}
	int others = found >= 0 ? n - 1 : n;
	if (others > 0 && db_verify_reschedule(f->db, items, others, 0, NULL, 0, &err) != DB_OK)
		fail_msg("reschedule: %s", err);
	db_verify_items_free(items, n);
	return found >= 0 ? DB_OK : DB_NOTFOUND;
}

static void
test_refused_item_closed_with_reason(void **state)
{
	struct fix *f = *state;
	struct gwfix *g = gwfix_start(NULL);
	struct db_verify_item it;
	char *err = NULL;
	assert_int_equal(take_one(f, &f->hn, f->an, &it), DB_OK);
	assert_int_equal(db_verify_give_up(f->db, &f->sys, &it, "Số định danh sai", &err),
	    DB_OK);
	free(it.full_name);
	assert_field(f, f->an, "verification", "unchecked");
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action ="
	    " 'verify_refused'"), 1);
	assert_int_equal(take_one(f, &f->hn, f->an, &it), DB_NOTFOUND);
	gwfix_stop(g);
}

static void
test_late_answer_superseded(void **state)
{
	struct fix *f = *state;
	struct db_verify_item it;
	char *err = NULL;
	assert_int_equal(take_one(f, &f->hn, f->gen0, &it), DB_OK);
	assert_int_equal(it.version, 1);
	/* Taken again while leased: nothing to take. */
	struct db_verify_item again;
	assert_int_equal(take_one(f, &f->hn, f->gen0, &again), DB_NOTFOUND);
	/* The clerk corrects the name before the answer comes back. */
	rename_person(f, f->gen0, "Phạm Văn Số Không");
	struct db_verify_result r = { VERIFY_VERIFIED, NULL, "late-1", NULL };
	assert_int_equal(db_verify_record(f->db, &f->sys, &it, &r, 1, &err), DB_OK);
	free(it.full_name);
	assert_field(f, f->gen0, "verification", "queued");
	assert_int_equal(count(f, "SELECT count(*) FROM verify_queue WHERE last_error ="
	    " 'superseded'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'verify'"), 0);

	/* The new version's check goes, with the new name. */
	struct gwfix *g = gwfix_start(NULL);
	struct verify_drain_stats st;
	drain(f, g, &f->sys, &st);
	assert_int_equal(st.taken, NGEN + 3);
	assert_field(f, f->gen0, "verification", "mismatch");
	gwfix_stop(g);
}

static void
test_scope_and_stale(void **state)
{
	struct fix *f = *state;
	struct gwfix *g = gwfix_start(NULL);
	struct verify_drain_stats st;
	/* Sở Y tế TP HCM's clerk sees none of Hà Nội's people. */
	drain(f, g, &f->hcm, &st);
	assert_int_equal(st.taken, 0);
	drain(f, g, &f->hn, &st);
	assert_int_equal(st.taken, NGEN + 3);

	char *err = NULL;
	int64_t queued;
	assert_int_equal(db_verify_queue_select(f->db, &f->hn, NULL, -1, &queued, &err),
	    DB_OK);
	assert_int_equal(queued, 0);	/* every current version was checked */
	assert_int_equal(db_verify_queue_select(f->db, &f->hcm, FIX_HN, 0, &queued, &err),
	    DB_NOTFOUND);
	free(err);
	/* Checked 0 or more days ago: everyone in Sở Nội vụ again. */
	assert_int_equal(db_verify_queue_select(f->db, &f->hn, FIX_HN_NV, 0, &queued, &err),
	    DB_OK);
	assert_int_equal(queued, NGEN + 2);
	drain(f, g, &f->hn, &st);
	assert_int_equal(st.taken, NGEN + 2);
	assert_int_equal(simfix_stat(g->sim, "items"), 2 * NGEN + 5);
	gwfix_stop(g);
}

static void
test_not_configured_leaves_queue(void **state)
{
	struct fix *f = *state;
	struct gw_config cfg;
	char *err = NULL;
	assert_int_equal(gw_config_load(NULL, &cfg, &err), 0);
	struct gw *gw = gw_new(&cfg);
	struct verify_drain_stats st;
	assert_int_equal(verify_drain(gw, f->db, &f->sys, 4, NULL, NULL, NULL, &st, &err), DB_OK);
	assert_int_equal(st.stopped, GW_NOT_CONFIGURED);
	int64_t due, waiting;
	assert_int_equal(db_verify_counts(f->db, &f->sys, &due, &waiting, &err), DB_OK);
	assert_int_equal(due, NGEN + 3);
	gw_free(gw);
	gw_config_clear(&cfg);
}

/* What the worker loop asked its caller to wait for. */
struct waits {
	int	n;
	int	seconds[8];
	bool	rate[8];
	int	rounds;
	bool	go_on;	/* what the wait answers */
};

static void
count_round(const struct verify_drain_stats *st, int rc, const char *err, void *arg)
{
	(void)st;
	(void)err;
	assert_int_equal(rc, DB_OK);
	((struct waits *)arg)->rounds++;
}

static bool
note_wait(int seconds, bool rate_limited, void *arg)
{
	struct waits *w = arg;
	if (w->n < 8) {
		w->seconds[w->n] = seconds;
		w->rate[w->n] = rate_limited;
	}
	w->n++;
	/* The queue's next_at is in whole seconds: past the Retry-After for sure. */
	struct timespec ts = { seconds + 1, 100 * 1000000L };
	if (rate_limited)
		nanosleep(&ts, NULL);
	return w->go_on;
}

/* hoso verify's way: a 429 longer than the client waits by itself (gwfix: 2 s) is
 * waited out by the loop, and the drain goes on in the same pass. */
static void
test_worker_waits_out_retry_after(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "--fail-first", "429:1", "--retry-after", "3", NULL };
	struct gwfix *g = gwfix_start(args);
	static volatile sig_atomic_t stop;
	struct waits w = { .go_on = true };
	struct verify_worker wk = {
		.gw = g->gw, .db = f->db, .who = &f->sys, .parallel = 1, .interval = -1,
		.max_rate_wait = 900, .end_on_db_error = true, .stop = &stop,
		.round = count_round, .wait = note_wait, .arg = &w,
	};
	struct verify_drain_stats last;
	assert_int_equal(verify_worker_run(&wk, &last), DB_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.seconds[0], 3);
	assert_true(w.rate[0]);
	assert_int_equal(w.rounds, 2);
	assert_int_equal(last.stopped, GW_OK);
	assert_int_equal(wk.totals.checked, NGEN + 3);
	assert_int_equal(wk.totals.mismatch, 1);
	assert_int_equal(wk.totals.not_found, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM verify_queue WHERE next_at >= 0"), 0);
	gwfix_stop(g);
}

/* hoso serve's way: the Retry-After stays with the queue (next_at); the loop waits
 * its interval, and a wait that answers false ends the run. */
static void
test_worker_leaves_retry_after_to_queue(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "--fail-first", "429:1", "--retry-after", "90", NULL };
	struct gwfix *g = gwfix_start(args);
	static volatile sig_atomic_t stop;
	struct waits w = { .go_on = false };
	struct verify_worker wk = {
		.gw = g->gw, .db = f->db, .who = &f->sys, .parallel = 1, .interval = 7,
		.max_rate_wait = -1, .stop = &stop, .round = count_round,
		.wait = note_wait, .arg = &w,
	};
	struct verify_drain_stats last;
	assert_int_equal(verify_worker_run(&wk, &last), DB_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.seconds[0], 7);
	assert_false(w.rate[0]);
	assert_int_equal(last.stopped, GW_RATE_LIMITED);
	assert_int_equal(wk.totals.checked, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM verify_queue WHERE next_at >"
	    " strftime('%s','now') + 80"), 100);
	gwfix_stop(g);
}

int
main(void)
{
	gwfix_log_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_saving_queues_and_drain_records, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_link_down_puts_back_with_backoff, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rate_limited_waits_retry_after, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_batch_400_retried_one_by_one, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_item_closed_with_reason, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_late_answer_superseded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_and_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_configured_leaves_queue, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_worker_waits_out_retry_after, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_worker_leaves_retry_after_to_queue, setup,
		    teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	gwfix_log_done();
	return rc;
}
