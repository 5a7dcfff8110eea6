/*
 * The verification worker's loop (see worker.h). Nothing here sleeps or prints:
 * the callers own their signals, their terminal and their log.
 */
#include "verify/worker.h"
#include <stdlib.h>

static void
add(struct verify_totals *t, const struct verify_drain_stats *st)
{
	t->checked += st->verified + st->mismatch + st->not_found + st->refused;
	t->verified += st->verified;
	t->mismatch += st->mismatch;
	t->not_found += st->not_found;
	t->refused += st->refused;
	t->deferred += st->deferred;
}

int
verify_worker_run(struct verify_worker *w, struct verify_drain_stats *last)
{
	struct verify_drain_stats st;
	int rc;
	for (;;) {
		char *err = NULL;
		rc = verify_drain(w->gw, w->db, w->who, w->parallel, w->stop, w->progress,
		    w->arg, &st, &err);
		add(&w->totals, &st);
		if (w->round != NULL)
			w->round(&st, rc, err, w->arg);
		free(err);
		if (rc != DB_OK && w->end_on_db_error)
			break;
		rc = DB_OK;
		if (*w->stop)
			break;
		bool rate = st.stopped == GW_RATE_LIMITED && st.retry_after <= w->max_rate_wait;
		if (!rate && w->interval < 0)
			break;
		if (!w->wait(rate ? st.retry_after : w->interval, rate, w->arg) || *w->stop)
			break;
	}
	if (last != NULL)
		*last = st;
	return rc;
}
