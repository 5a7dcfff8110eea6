/*
 * The one loop that keeps the verification queue moving: drain what is due
 * (verify/drain.h), wait, drain again, until *stop. `hoso serve`'s worker process
 * (ssh/verifier.c) and `hoso verify` (cli/cmd_verify.c, once or --watch) both run
 * it; what differs between them is how they report and how they wait, which they
 * hand in as callbacks.
 *
 * A round that ends rate limited with a Retry-After of at most max_rate_wait
 * seconds is followed by a wait of that length and a new round, without counting
 * as the end of a pass; any other round ends the pass: with interval < 0 the run
 * returns, else it waits interval seconds and starts the next pass.
 */
#ifndef HOSO_VERIFY_WORKER_H
#define HOSO_VERIFY_WORKER_H
#include "verify/drain.h"
#include <stdbool.h>

/* Sums over every round of one run. */
struct verify_totals {
	long	checked;	/* verified + mismatch + not found + refused */
	long	verified, mismatch, not_found, refused, deferred;
};

struct verify_worker {
	struct gw		*gw;
	struct db		*db;
	const struct actor	*who;
	int			 parallel;	/* batch calls at once */
	int			 interval;	/* seconds between passes; < 0: one pass */
	int			 max_rate_wait;	/* longest Retry-After waited out; < 0: none */
	bool			 end_on_db_error; /* else the next round tries again */
	const volatile sig_atomic_t *stop;	/* set by a signal handler */
	verify_drain_progress	 progress;	/* after every batch; may be NULL */
	/* After every round, with its data-layer result (err may be NULL); may be NULL. */
	void	(*round)(const struct verify_drain_stats *st, int rc, const char *err,
		    void *arg);
	/* Wait seconds (rate_limited: a Retry-After, else the interval); false ends
	 * the run. Must return early once *stop is set. */
	bool	(*wait)(int seconds, bool rate_limited, void *arg);
	void			*arg;		/* for the three callbacks */
	struct verify_totals	 totals;	/* filled by the run */
};

/* Run until *stop, a wait that returns false, the end of the one pass, or (with
 * end_on_db_error) a data-layer error. *last (may be NULL) receives the last
 * round's statistics. Returns DB_OK or the data-layer error that ended it. */
int verify_worker_run(struct verify_worker *w, struct verify_drain_stats *last);
#endif
