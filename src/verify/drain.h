/*
 * Draining the verification queue (db/verify.h) through the gateway: due checks are
 * taken in rounds of up to 100 x parallel, sent as batch calls grouped by officer,
 * and each answer is recorded; checks that could not be made go back to the queue
 * with a backoff. Used by `hoso verify --drain` and by `hoso serve` in the
 * background. Interruptible between rounds and during calls.
 */
#ifndef HOSO_VERIFY_DRAIN_H
#define HOSO_VERIFY_DRAIN_H
#include "db/db.h"
#include "gateway/gateway.h"
#include <signal.h>

struct verify_drain_stats {
	long		 taken;		/* checks taken from the queue */
	long		 verified, mismatch, not_found;
	long		 refused;	/* 400: closed with the gateway's reason */
	long		 deferred;	/* back in the queue for later */
	enum gw_outcome	 stopped;	/* GW_OK: nothing left due; else why it stopped */
	int		 retry_after;	/* with GW_RATE_LIMITED: seconds asked */
	char		 message[256];	/* the gateway's words with GW_FORBIDDEN */
};

typedef void (*verify_drain_progress)(const struct verify_drain_stats *st, void *arg);

/* Drain what is due now in who's scope, parallel batch calls at a time. Stops when
 * nothing is due, when a call fails in a way that says "not now" (link down,
 * unavailable, rate limited, forbidden, not configured), or when *stop (may be
 * NULL) becomes non-zero. progress (may be NULL) is called after every batch.
 * Returns DB_OK, or a data-layer error with *err. */
int verify_drain(struct gw *gw, struct db *db, const struct actor *who, int parallel,
    const volatile sig_atomic_t *stop, verify_drain_progress progress, void *arg,
    struct verify_drain_stats *st, char **err);
#endif
