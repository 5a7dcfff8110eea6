/*
 * The queue drain (see drain.h). One round: take due checks (leased, so that a
 * second drainer cannot send them too), sort them by officer so that each batch
 * speaks for one official, run the batches side by side, then record or put back.
 * A round that met a "not now" failure is the last; whatever was taken and not
 * sent is handed back at once (lease released, no attempt counted).
 */
#include "verify/drain.h"
#include "db/verify.h"
#include "core/log.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEASE_S		600
#define FORBIDDEN_WAIT	3600.0

struct batch {
	struct db_verify_item	*items;	/* into the round's array */
	int			 n;
	struct gw_call		*call;
	bool			 done;
};

struct round {
	struct gw		*gw;
	struct db		*db;
	const struct actor	*who;
	struct verify_drain_stats	*st;
	int			 rc;	/* first data-layer error */
	char			*err;
};

static int
by_officer(const void *a, const void *b)
{
	const struct db_verify_item *x = a, *y = b;
	int c = strcmp(x->officer, y->officer);
	return c != 0 ? c : (x->queue_id > y->queue_id) - (x->queue_id < y->queue_id);
}

static void
keep_error(struct round *r, int rc, char *err)
{
	if (rc == DB_OK)
		return;
	if (r->rc == DB_OK) {
		r->rc = rc;
		r->err = err;
	} else
		free(err);
}

/* A "not now" outcome ends the drain after this round; the first one is kept. */
static void
stop_with(struct round *r, enum gw_outcome o)
{
	if (r->st->stopped == GW_OK)
		r->st->stopped = o;
}

static void
put_back(struct round *r, struct db_verify_item *items, int n, double delay, int count,
    const char *why)
{
	char *err = NULL;
	keep_error(r, db_verify_reschedule(r->db, items, n, delay, why, count, &err), err);
	if (count)
		r->st->deferred += n;
}

static void
person_of(const struct db_verify_item *it, struct gw_person *p)
{
	p->id_number = it->id_number;
	p->full_name = it->full_name;
	p->date_of_birth = it->date_of_birth;
	p->sex = it->sex;
}

static enum verify_state
state_of(const struct gw_verify *v, struct verify_drain_stats *st)
{
	switch (v->status) {
	case GW_MATCH:
		st->verified++;
		return VERIFY_VERIFIED;
	case GW_MISMATCH:
		st->mismatch++;
		return VERIFY_MISMATCH;
	default:
		st->not_found++;
		return VERIFY_NOT_FOUND;
	}
}

static void
record(struct round *r, struct db_verify_item *items, const struct gw_verify *v, int n)
{
	struct db_verify_result *res = xcalloc((size_t)n, sizeof *res);
	char (*fields)[48] = xcalloc((size_t)n, sizeof *fields);
	for (int i = 0; i < n; i++) {
		gw_fields_text(v[i].mismatched, fields[i], sizeof fields[i]);
		res[i].state = state_of(&v[i], r->st);
		res[i].fields = fields[i];
		res[i].request_id = v[i].request_id;
		res[i].checked_at = v[i].checked_at;
	}
	char *err = NULL;
	keep_error(r, db_verify_record(r->db, r->who, items, res, n, &err), err);
	free(res);
	free(fields);
}

/* A 400 on a batch: one item may be at fault, so each goes alone; an item the
 * gateway refuses by itself is closed with the reason. */
static void
one_by_one(struct round *r, struct db_verify_item *items, int n)
{
	for (int i = 0; i < n; i++) {
		struct gw_person p;
		person_of(&items[i], &p);
		struct gw_verify v;
		char *msg = NULL;
		enum gw_outcome o = r->st->stopped == GW_OK ?
		    gw_verify(r->gw, items[i].officer, &p, &v, &msg) : GW_CANCELLED;
		if (o == GW_OK)
			record(r, &items[i], &v, 1);
		else if (o == GW_REJECTED) {
			char *err = NULL;
			keep_error(r, db_verify_give_up(r->db, r->who, &items[i],
			    msg ? msg : gw_outcome_name(o), &err), err);
			r->st->refused++;
		} else if (o == GW_CANCELLED)
			put_back(r, &items[i], 1, 0, 0, NULL);
		else {
			put_back(r, &items[i], 1, -1, 1, gw_outcome_name(o));
			stop_with(r, o);
		}
		free(msg);
	}
}

static void
batch_done(struct round *r, struct batch *b)
{
	struct gw_call *c = b->call;
	enum gw_outcome o = gw_call_outcome(c);
	switch (o) {
	case GW_OK: {
		struct gw_verify *v = xcalloc((size_t)b->n, sizeof *v);
		for (int i = 0; i < b->n; i++)
			v[i] = *gw_call_result(c, i);
		record(r, b->items, v, b->n);
		free(v);
		break;
	}
	case GW_REJECTED:
		gw_call_free(c);
		b->call = NULL;
		one_by_one(r, b->items, b->n);
		break;
	case GW_RATE_LIMITED:
		r->st->retry_after = gw_call_retry_after(c);
		put_back(r, b->items, b->n, r->st->retry_after, 0, gw_outcome_name(o));
		stop_with(r, o);
		break;
	case GW_FORBIDDEN:
		snprintf(r->st->message, sizeof r->st->message, "%s",
		    gw_call_message(c) ? gw_call_message(c) : "");
		put_back(r, b->items, b->n, FORBIDDEN_WAIT, 1, gw_outcome_name(o));
		stop_with(r, o);
		break;
	case GW_CANCELLED:
	case GW_NOT_CONFIGURED:
		put_back(r, b->items, b->n, 0, 0, NULL);
		stop_with(r, o);
		break;
	default:	/* link down, unavailable, broken answer */
		put_back(r, b->items, b->n, -1, 1, gw_outcome_name(o));
		stop_with(r, o);
	}
	if (b->call != NULL)
		gw_call_free(b->call);
	b->call = NULL;
	b->done = true;
}

static void
start(struct round *r, struct batch *b)
{
	struct gw_person *p = xcalloc((size_t)b->n, sizeof *p);
	for (int i = 0; i < b->n; i++)
		person_of(&b->items[i], &p[i]);
	b->call = gw_batch_start(r->gw, b->items[0].officer, p, b->n);
	free(p);
}

/* Run the batches, parallel at a time, handling each as it ends. */
static void
run_batches(struct round *r, struct batch *bs, int nb, int parallel,
    const volatile sig_atomic_t *stop, verify_drain_progress progress, void *arg)
{
	int next = 0, running = 0, left = nb;
	while (left > 0) {
		bool halt = (stop != NULL && *stop) || r->st->stopped != GW_OK ||
		    r->rc != DB_OK;
		if (halt && next < nb) {
			/* Not sent: hand back without counting a try. */
			for (; next < nb; next++, left--) {
				put_back(r, bs[next].items, bs[next].n, 0, 0, NULL);
				bs[next].done = true;
			}
		}
		if (stop != NULL && *stop)
			for (int i = 0; i < nb; i++)
				if (bs[i].call != NULL && !gw_call_done(bs[i].call))
					gw_call_cancel(bs[i].call);
		while (!halt && running < parallel && next < nb) {
			start(r, &bs[next++]);
			running++;
		}
		/* Wake on any call's end, and at least every 200 ms to look at *stop. */
		gw_drive_any(r->gw, 200);
		for (int i = 0; i < nb; i++) {
			if (bs[i].call == NULL || bs[i].done || !gw_call_done(bs[i].call))
				continue;
			batch_done(r, &bs[i]);
			running--;
			left--;
			if (progress != NULL)
				progress(r->st, arg);
		}
	}
}

int
verify_drain(struct gw *gw, struct db *db, const struct actor *who, int parallel,
    const volatile sig_atomic_t *stop, verify_drain_progress progress, void *arg,
    struct verify_drain_stats *st, char **err)
{
	memset(st, 0, sizeof *st);
	*err = NULL;
	if (parallel < 1)
		parallel = 1;
	if (!gw_configured(gw)) {
		st->stopped = GW_NOT_CONFIGURED;
		return DB_OK;
	}
	struct round r = { gw, db, who, st, DB_OK, NULL };
	while (st->stopped == GW_OK && r.rc == DB_OK) {
		if (stop != NULL && *stop) {
			st->stopped = GW_CANCELLED;
			break;
		}
		struct db_verify_item *items;
		int n;
		int rc = db_verify_take_due(db, who, GW_BATCH_MAX * parallel, LEASE_S, &items,
		    &n, err);
		if (rc != DB_OK)
			return rc;
		if (n == 0) {
			free(items);
			break;
		}
		st->taken += n;
		qsort(items, (size_t)n, sizeof *items, by_officer);
		struct batch *bs = xcalloc((size_t)n, sizeof *bs);
		int nb = 0;
		for (int i = 0; i < n; ) {
			int j = i;
			while (j < n && j - i < GW_BATCH_MAX &&
			    strcmp(items[j].officer, items[i].officer) == 0)
				j++;
			bs[nb].items = &items[i];
			bs[nb].n = j - i;
			nb++;
			i = j;
		}
		run_batches(&r, bs, nb, parallel, stop, progress, arg);
		free(bs);
		db_verify_items_free(items, n);
	}
	/* hoso serve drains every few seconds: an empty queue is not worth a line. */
	if (st->taken > 0 || st->stopped != GW_OK || r.rc != DB_OK)
		log_info("gateway drain: %ld taken, %ld verified, %ld mismatch, %ld not found, "
		    "%ld refused, %ld deferred; %s", st->taken, st->verified, st->mismatch,
		    st->not_found, st->refused, st->deferred, st->stopped == GW_OK ?
		    "queue empty" : gw_outcome_name(st->stopped));
	if (r.rc != DB_OK) {
		*err = r.err;
		return r.rc;
	}
	return DB_OK;
}
