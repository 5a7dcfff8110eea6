/*
 * Who gets a place among the connections not yet signed in, when a new one
 * arrives. What marks an attacker holding places is that its connections stay
 * unauthenticated: silent (no key exchange) or failing to sign in; an honest
 * client finishes the key exchange in a fraction of a second, and an office of
 * many clerks behind one NAT address is one source with many such clients. So:
 *
 * - Below max_unauth_start, and with its source under max_unauth_per_source,
 *   a connection comes in.
 * - Past either, a suspect is shed to make room when one can be: a connection
 *   silent for SILENT_S seconds, or else one that failed to sign in; never a
 *   client still in a normal key exchange or signing in without failures. The
 *   suspect comes from the source holding the most places, and only from a
 *   source holding more than the newcomer's would (or from the newcomer's own
 *   when that is at its cap), so a source that reconnects as fast as it can
 *   competes with itself and never takes the places of lighter sources.
 * - With nobody to shed: refused at the per-source cap and at max_unauth (full);
 *   between start and full refused at random with a chance rising from
 *   max_unauth_rate % to 100 % (sshd's MaxStartups "random early drop").
 */
#include "ssh/serve_internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A connection that has not finished the key exchange after this long is silent
 * (an honest client's takes well under a second, even on a slow link). */
#define SILENT_S 2.0

/* Connections not yet signed in per source, over kids (a small open hash). */
struct admit_counts {
	const char **peer;
	int	    *count;
	unsigned     mask;
};

static int *
admit_slot(struct admit_counts *t, const char *peer)
{
	unsigned i = str_hash(peer) & t->mask;
	while (t->peer[i] != NULL && strcmp(t->peer[i], peer) != 0)
		i = (i + 1) & t->mask;
	if (t->peer[i] == NULL)
		t->peer[i] = peer;
	return &t->count[i];
}

static void
admit_count(struct admit_counts *t, const struct serve_child *kids, int n, const char *peer)
{
	unsigned size = 16;
	while (size < 2u * (unsigned)n + 2)
		size *= 2;
	t->peer = xcalloc(size, sizeof *t->peer);
	t->count = xcalloc(size, sizeof *t->count);
	t->mask = size - 1;
	admit_slot(t, peer);
	for (int i = 0; i < n; i++)
		if (kids[i].state == CHILD_PREAUTH && !kids[i].killed)
			(*admit_slot(t, kids[i].peer))++;
}

/* 2: silent; 1: failed to sign in; 0: not a suspect. */
static int
admit_suspicion(const struct serve_child *k, double now)
{
	if (!k->kex_done)
		return now - k->started >= SILENT_S ? 2 : 0;
	return k->failures > 0 ? 1 : 0;
}

static int
admit_pick(const struct serve_opts *o, const struct serve_child *kids, int n,
    struct admit_counts *t, const char *peer, int mine, double now)
{
	int best = -1, best_rank = 0, best_load = 0;
	for (int i = 0; i < n; i++) {
		const struct serve_child *k = &kids[i];
		if (k->state != CHILD_PREAUTH || k->killed)
			continue;
		int rank = admit_suspicion(k, now);
		if (rank == 0)
			continue;
		int load = *admit_slot(t, k->peer);
		if (strcmp(k->peer, peer) == 0 ? mine < o->max_unauth_per_source : load <= mine + 1)
			continue;
		if (best < 0 || rank > best_rank || (rank == best_rank && (load > best_load ||
		    (load == best_load && k->started < kids[best].started)))) {
			best = i;
			best_rank = rank;
			best_load = load;
		}
	}
	return best;
}

int
serve_admit(const struct serve_opts *o, const struct serve_child *kids, int n,
    const char *peer, double now, int *shed)
{
	*shed = -1;
	struct admit_counts t;
	admit_count(&t, kids, n, peer);
	int all = 0;
	for (int i = 0; i < n; i++)
		all += kids[i].state == CHILD_PREAUTH && !kids[i].killed;
	int mine = *admit_slot(&t, peer);
	int ok = 1;
	if (all >= o->max_unauth_start || mine >= o->max_unauth_per_source) {
		*shed = admit_pick(o, kids, n, &t, peer, mine, now);
		if (*shed < 0) {
			if (mine >= o->max_unauth_per_source || all >= o->max_unauth)
				ok = 0;
			else {
				static unsigned seed;
				if (seed == 0)
					seed = (unsigned)getpid() ^ (unsigned)(now * 1000);
				int span = o->max_unauth - o->max_unauth_start;
				int chance = o->max_unauth_rate + (span > 0 ?
				    (100 - o->max_unauth_rate) * (all - o->max_unauth_start) / span : 100);
				ok = rand_r(&seed) % 100 >= chance;
			}
		}
	}
	free(t.peer);
	free(t.count);
	return ok;
}
