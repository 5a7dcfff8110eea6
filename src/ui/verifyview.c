/*
 * The verification block of the person screen (see verifyview.h). Narrow windows
 * get two lines, the state then the details; from WIDE columns on, one. Times are
 * stored in UTC (RFC 3339) and shown in local time, as a clerk reads a clock.
 */
#include "ui/verifyview.h"
#include "ui/draw.h"
#include "core/showtime.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/verify_state.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WIDE 120

int
verifyview_rows(int width)
{
	return width >= WIDE ? 1 : 2;
}

static bool
checked(const char *state)
{
	int s = verify_state_parse(state);
	return s >= 0 && verify_state_answered(s);
}

/* "Sai lệch: Họ và tên, Giới tính": the state's label and, for a mismatch, the
 * labels of the fields that differ. Caller frees. */
static char *
state_text_new(const char *state, const char *fields, const struct form *f)
{
	const struct code_list *cl = codes_get("verification", NULL);
	const struct code_item *it = cl != NULL ? codes_find(cl, state) : NULL;
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s: %s", _("Population database check"), it != NULL ?
	    codes_label(it) :
	    state);
	if (verify_state_parse(state) == VERIFY_MISMATCH && fields[0] != '\0') {
		sb_addf(&sb, " (%s ", _("differs in:"));
		char *copy = xstrdup(fields);
		int k = 0;
		for (char *save = NULL, *n = strtok_r(copy, ",", &save); n != NULL;
		    n = strtok_r(NULL, ",", &save)) {
			const struct form_field *fl = form_field(f, n);
			sb_addf(&sb, "%s%s", k++ ? ", " : "", fl != NULL ? _(fl->label) : n);
		}
		free(copy);
		sb_addc(&sb, ')');
	}
	return sb_detach(&sb);
}

static enum draw_role
state_role(const char *state)
{
	if (verify_state_parse(state) == VERIFY_VERIFIED)
		return DR_FIELD;
	if (checked(state))
		return DR_ERROR;
	return DR_DIM;
}

void
verifyview_draw(const struct record *rec, const struct form *f, int y, int rows,
    int width)
{
	const char *state = record_get(rec, "verification");
	const char *at = record_get(rec, "verified_at");
	const char *by = record_get(rec, "verified_by");
	const char *fields = record_get(rec, "verification_fields");
	if (state == NULL || state[0] == '\0')
		state = verify_state_name(VERIFY_UNCHECKED);
	char *line1 = state_text_new(state, fields != NULL ? fields : "", f);
	char *line2 = NULL;
	/* A queued check keeps the columns of the one before it: not shown, they
	 * would read as the state of the record now. */
	if (checked(state) && at != NULL && at[0] != '\0') {
		/* The gateway's request id is for the log and the gateway's
		 * people, not for a clerk: it is not shown. */
		char when[17];
		showtime_format(at, when);
		line2 = xasprintf(_("%s, by %s"), when, by != NULL && by[0] ? by : "-");
	}
	int x = 0;
	char *fit = draw_fit_new(line1, width);
	x = draw_text(y, 0, fit, width, state_role(state));
	free(fit);
	if (line2 != NULL) {
		int ly = rows > 1 ? y + 1 : y;
		int lx = rows > 1 ? 2 : x + 3;
		if (lx < width) {
			fit = draw_fit_new(line2, width - lx);
			draw_text(ly, lx, fit, width - lx, DR_DIM);
			free(fit);
		}
	}
	free(line1);
	free(line2);
}
