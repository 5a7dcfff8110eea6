/*
 * The first declaration's deadline (Decree 27/2026/NĐ-CP: within 3 working days of
 * the dossier's creation) for each person of an agency: due when, declared when,
 * late or not, and whether the person has ever signed in.
 */
#ifndef HOSO_REPORT_DEADLINES_H
#define HOSO_REPORT_DEADLINES_H
#include <stdbool.h>
#include "db/declare.h"

#define DECLARE_WORKING_DAYS 3

enum declare_state {
	DECLARE_DONE,		/* declared by the deadline */
	DECLARE_DONE_LATE,	/* declared after it */
	DECLARE_OPEN,		/* not yet, and not yet due */
	DECLARE_LATE		/* not yet, and past due */
};

struct deadline_row {
	const struct declare_status *who;	/* borrowed */
	char               created[11];		/* local date */
	char               due[11];
	char               declared[11];	/* local date; "" none */
	enum declare_state state;
	bool               never_signed_in;	/* no own account, or never used */
};

struct workdays;
/* One row per status, as of today (YYYY-MM-DD, local). *rows: caller frees. */
void deadlines_compute(const struct workdays *w, const char *today,
    const struct declare_status *v, int n, struct deadline_row **rows);
/* A stored UTC time's local date (ui.timezone) as YYYY-MM-DD; "" for "". */
void deadlines_local_date(const char *utc, char out[11]);
const char *deadlines_state_label(enum declare_state s);
#endif
