/*
 * The listener's record of connections it turned away: refused at accept, shed to
 * make room (admit.c) or closed silent before the key exchange. Under attack these
 * come by the thousand a second, so each is only counted, per source; the first
 * of a quiet spell is logged at once (someone watching sees it start), the rest as
 * one summary line per interval with the busiest source:
 *   refused 1234, shed 12, silent 30 connection(s) from 3 source(s) in the last 10 s (top: 127.0.0.5 900)
 * The source table is bounded: past its size further sources are counted but not
 * named.
 */
#include "ssh/serve_internal.h"
#include "core/log.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REFUSALS_SOURCES 256

struct serve_refusals {
	int	interval;
	double	since;		/* start of the interval; 0: quiet (none counted) */
	int	count[3];	/* by enum serve_refusal */
	int	sources;	/* distinct, named or not */
	int	named;
	char	peer[REFUSALS_SOURCES][64];
	int	per[REFUSALS_SOURCES];
};

struct serve_refusals *
serve_refusals_new(int interval_s)
{
	struct serve_refusals *r = xcalloc(1, sizeof *r);
	r->interval = interval_s;
	return r;
}

void
serve_refusals_free(struct serve_refusals *r)
{
	free(r);
}

static const char *const refusal_word[] = { "refused", "shed", "silent" };

void
serve_refusals_note(struct serve_refusals *r, enum serve_refusal kind, const char *peer,
    const char *why, double now)
{
	if (r->since == 0) {
		/* A quiet spell ends: this one is told at once, with its reason. */
		log_warn("%s connection from %s: %s", refusal_word[kind], peer, why);
		r->since = now;
		return;
	}
	r->count[kind]++;
	int i;
	for (i = 0; i < r->named && strcmp(r->peer[i], peer) != 0; i++)
		;
	if (i == r->named) {
		r->sources++;
		if (r->named == REFUSALS_SOURCES)
			return;
		snprintf(r->peer[i], sizeof r->peer[i], "%s", peer);
		r->per[i] = 0;
		r->named++;
	}
	r->per[i]++;
}

void
serve_refusals_flush(struct serve_refusals *r, double now, int force)
{
	if (r->since == 0 || (!force && now - r->since < r->interval))
		return;
	int total = r->count[0] + r->count[1] + r->count[2];
	if (total == 0) {
		r->since = 0;	/* a whole interval without one: quiet again */
		return;
	}
	int top = 0;
	for (int i = 1; i < r->named; i++)
		if (r->per[i] > r->per[top])
			top = i;
	log_warn("refused %d, shed %d, silent %d connection(s) from %d source(s) in the "
	    "last %d s (top: %s %d)", r->count[SERVE_REFUSED], r->count[SERVE_SHED],
	    r->count[SERVE_SILENT], r->sources,
	    force ? (int)(now - r->since + 0.5) : r->interval,
	    r->named > 0 ? r->peer[top] : "?", r->named > 0 ? r->per[top] : 0);
	memset(r->count, 0, sizeof r->count);
	r->sources = r->named = 0;
	r->since = now;
}
