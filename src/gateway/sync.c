/*
 * Blocking forms of the gateway calls for the command line and for background
 * work (the drain, bulk imports), built on the same non-blocking engine: they only
 * drive it until their calls are done.
 */
#include "gateway/gw_internal.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

static enum gw_outcome
wait_call(struct gw_call *c, char **msg)
{
	while (!gw_call_poll(c, 1000, -1))
		;
	enum gw_outcome o = gw_call_outcome(c);
	if (msg != NULL)
		*msg = gw_call_message(c) ? xstrdup(gw_call_message(c)) : NULL;
	return o;
}

enum gw_outcome
gw_verify(struct gw *gw, const char *officer, const struct gw_person *p,
    struct gw_verify *out, char **msg)
{
	struct gw_call *c = gw_verify_start(gw, officer, p);
	enum gw_outcome o = wait_call(c, msg);
	const struct gw_verify *r = gw_call_result(c, 0);
	if (r != NULL)
		*out = *r;
	else
		memset(out, 0, sizeof *out);
	gw_call_free(c);
	return o;
}

enum gw_outcome
gw_lookup(struct gw *gw, const char *officer, const char *id_number,
    struct gw_citizen *out, char **msg)
{
	struct gw_call *c = gw_lookup_start(gw, officer, id_number);
	enum gw_outcome o = wait_call(c, msg);
	const struct gw_citizen *r = gw_call_citizen(c);
	memset(out, 0, sizeof *out);
	if (r != NULL) {
		*out = *r;
		out->full_name = r->full_name ? xstrdup(r->full_name) : NULL;
		out->ethnicity = r->ethnicity ? xstrdup(r->ethnicity) : NULL;
		out->religion = r->religion ? xstrdup(r->religion) : NULL;
		out->nationality = r->nationality ? xstrdup(r->nationality) : NULL;
		out->place_of_origin = r->place_of_origin ? xstrdup(r->place_of_origin) : NULL;
		out->place_of_residence = r->place_of_residence ?
		    xstrdup(r->place_of_residence) : NULL;
	}
	gw_call_free(c);
	return o;
}

enum gw_outcome
gw_batch_verify(struct gw *gw, const char *officer, const struct gw_person *items,
    int n, struct gw_verify *out, char **msg)
{
	struct gw_call *c = gw_batch_start(gw, officer, items, n);
	enum gw_outcome o = wait_call(c, msg);
	for (int i = 0; i < n; i++) {
		const struct gw_verify *r = gw_call_result(c, i);
		if (r != NULL)
			out[i] = *r;
		else
			memset(&out[i], 0, sizeof out[i]);
	}
	gw_call_free(c);
	return o;
}

int
gw_batch_verify_many(struct gw *gw, const char *officer, const struct gw_person *items,
    int n, int parallel, struct gw_verify *out, enum gw_outcome *outcomes)
{
	if (n <= 0)
		return 0;
	if (parallel < 1)
		parallel = 1;
	int nbatches = (n + GW_BATCH_MAX - 1) / GW_BATCH_MAX;
	struct gw_call **slot = xcalloc((size_t)parallel, sizeof *slot);
	int *first = xcalloc((size_t)parallel, sizeof *first);
	int next = 0, active = 0, ok = 0;
	while (next < nbatches || active > 0) {
		for (int s = 0; s < parallel && next < nbatches; s++) {
			if (slot[s] != NULL)
				continue;
			first[s] = next * GW_BATCH_MAX;
			int count = n - first[s] < GW_BATCH_MAX ? n - first[s] : GW_BATCH_MAX;
			slot[s] = gw_batch_start(gw, officer, items + first[s], count);
			active++;
			next++;
		}
		gw_drive_any(gw, 1000);
		for (int s = 0; s < parallel; s++) {
			struct gw_call *c = slot[s];
			if (c == NULL || !gw_call_done(c))
				continue;
			int count = n - first[s] < GW_BATCH_MAX ? n - first[s] : GW_BATCH_MAX;
			enum gw_outcome o = gw_call_outcome(c);
			for (int i = 0; i < count; i++) {
				const struct gw_verify *r = gw_call_result(c, i);
				outcomes[first[s] + i] = o;
				if (r != NULL) {
					out[first[s] + i] = *r;
					ok++;
				} else
					memset(&out[first[s] + i], 0, sizeof *out);
			}
			gw_call_free(c);
			slot[s] = NULL;
			active--;
		}
	}
	free(slot);
	free(first);
	return ok;
}
