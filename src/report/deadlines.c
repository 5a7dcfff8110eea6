/*
 * Declaration deadlines (deadlines.h): dates in the office's zone, counted in
 * working days of the holiday data (form_workdays_new).
 */
#include "report/deadlines.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/workdays.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <string.h>

void
deadlines_local_date(const char *utc, char out[11])
{
	out[0] = '\0';
	char shown[17];
	if (utc == NULL || *utc == '\0' || !showtime_format(utc, shown))
		return;
	/* "HH:MM DD/MM/YYYY" */
	snprintf(out, 11, "%.4s-%.2s-%.2s", shown + 12, shown + 9, shown + 6);
}

void
deadlines_compute(const struct workdays *w, const char *today,
    const struct declare_status *v, int n, struct deadline_row **rows)
{
	struct deadline_row *r = xcalloc(n > 0 ? (size_t)n : 1, sizeof *r);
	for (int i = 0; i < n; i++) {
		r[i].who = &v[i];
		deadlines_local_date(v[i].created_at, r[i].created);
		deadlines_local_date(v[i].declared_at, r[i].declared);
		if (workdays_add(w, r[i].created, DECLARE_WORKING_DAYS, r[i].due) != 0)
			r[i].due[0] = '\0';
		if (r[i].declared[0])
			r[i].state = strcmp(r[i].declared, r[i].due) <= 0 ? DECLARE_DONE :
			    DECLARE_DONE_LATE;
		else
			r[i].state = strcmp(today, r[i].due) > 0 ? DECLARE_LATE : DECLARE_OPEN;
		r[i].never_signed_in = v[i].account[0] == '\0' || v[i].last_login[0] == '\0';
	}
	*rows = r;
}

const char *
deadlines_state_label(enum declare_state s)
{
	switch (s) {
	case DECLARE_DONE:
		return _("declared");
	case DECLARE_DONE_LATE:
		return _("declared late");
	case DECLARE_OPEN:
		return _("not yet due");
	case DECLARE_LATE:
		return _("late");
	}
	return "";
}
