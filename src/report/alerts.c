/*
 * The dated HR alerts (see alerts.h). Each list is read through the data layer's
 * indexes on (agency, date): the probation and contract ends directly; the raises
 * as the people whose next step date is in the window, plus, scale by scale, those
 * without one whose last raise falls the scale's interval (or, past the last step
 * with the allowance given, 12 months) before the window. A row read through one
 * window is kept only if that window is its own rule's, so nobody is listed twice.
 */
#include "report/alerts.h"
#include "report/retirement.h"
#include "report/write.h"
#include "report/xlsx.h"
#include "form/form.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* Month numbers count from year 0: y * 12 + m - 1. */
static int
month_of(const char *iso)
{
	return atoi(iso) * 12 + atoi(iso + 5) - 1;
}

static void
month_first(int month, char out[11])
{
	char full[40];
	snprintf(full, sizeof full, "%04d-%02d-01", month / 12 % 10000, month % 12 + 1);
	snprintf(out, 11, "%.10s", full);
}

/* iso plus k months, the day kept or cut to the month's last. */
static void
add_months(const char *iso, int k, char out[11])
{
	int month = month_of(iso) + k, y = month / 12, m = month % 12 + 1;
	int d = atoi(iso + 8);
	while (d > 28 && !date_valid(y, m, d))
		d--;
	char full[40];
	snprintf(full, sizeof full, "%04d-%02d-%02d", y % 10000, m, d);
	snprintf(out, 11, "%.10s", full);
}

static int
by_date(const void *a, const void *b)
{
	const struct alert_entry *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c : strcmp(x->who.id_number, y->who.id_number);
}

static void
push(struct alert *a, const struct stat_dated *d, const char *due, int step)
{
	a->list = xrealloc(a->list, sizeof *a->list * (size_t)(a->n + 1));
	struct alert_entry *e = &a->list[a->n++];
	memset(e, 0, sizeof *e);
	e->who = d->who;
	snprintf(e->date, sizeof e->date, "%s", due);
	snprintf(e->scale, sizeof e->scale, "%s", d->scale);
	e->step = step;
}

/* The raise a person is due next: the interval after their last raise, and the step
 * it brings (0: the over-frame allowance). */
static int
raise_rule(const struct code_item *sc, const struct stat_dated *d, int *step)
{
	if (sc->nsteps > 0 && d->step >= sc->nsteps) {
		*step = 0;
		return d->over_frame > 0 ? 12 : sc->step_months;
	}
	*step = d->step > 0 ? d->step + 1 : -1;
	return sc->step_months;
}

static int
raises(struct db *db, struct alert *a, int from, int to, char **err)
{
	const struct code_list *scales = codes_get("salary_scale", err);
	if (scales == NULL)
		return DB_ERROR;
	char lo[11], hi[11];
	month_first(from, lo);
	date_month_last(to, hi);
	struct stat_dated *got = NULL;
	int n = 0;
	int rc = db_stat_people_dated(db, &a->org, STAT_NEXT_STEP, NULL, lo, hi, &got, &n,
	    err);
	for (int i = 0; rc == DB_OK && i < n; i++) {
		const struct code_item *sc = codes_find(scales, got[i].scale);
		int step = got[i].step > 0 ? got[i].step + 1 : -1;
		if (sc != NULL && sc->nsteps > 0 && got[i].step >= sc->nsteps)
			step = 0;
		push(a, &got[i], got[i].date, step);
	}
	for (int s = 0; rc == DB_OK && s < scales->nitems; s++) {
		const struct code_item *sc = &scales->items[s];
		int intervals[2] = { sc->step_months, 12 };
		for (int k = 0; rc == DB_OK && k < 2; k++) {
			if (intervals[k] <= 0 || (k == 1 && intervals[0] == 12))
				continue;
			free(got);
			got = NULL;
			n = 0;
			month_first(from - intervals[k], lo);
			date_month_last(to - intervals[k], hi);
			rc = db_stat_people_dated(db, &a->org, STAT_SALARY_DATE, sc->code,
			    lo, hi, &got, &n, err);
			for (int i = 0; rc == DB_OK && i < n; i++) {
				int step;
				if (got[i].next_step[0] || raise_rule(sc, &got[i], &step) !=
				    intervals[k])
					continue;
				char due[11];
				add_months(got[i].salary_date, intervals[k], due);
				push(a, &got[i], due, step);
			}
		}
	}
	free(got);
	return rc;
}

int
alert_new(struct db *db, enum alert_kind kind, const struct org_info *org,
    const char *date, int months, struct alert **out, char **err)
{
	*out = NULL;
	struct alert *a = xcalloc(1, sizeof *a);
	a->kind = kind;
	a->org = *org;
	a->months = months;
	if (date != NULL)
		snprintf(a->date, sizeof a->date, "%s", date);
	else
		date_today(a->date);
	int from = month_of(a->date), to = from + months, rc;
	if (kind == ALERT_RAISE) {
		rc = raises(db, a, from, to, err);
	} else {
		char lo[11], hi[11];
		month_first(from, lo);
		date_month_last(to, hi);
		struct stat_dated *got = NULL;
		int n = 0;
		rc = db_stat_people_dated(db, org, kind == ALERT_PROBATION ?
		    STAT_PROBATION_END : STAT_CONTRACT_END, NULL, lo, hi, &got, &n, err);
		for (int i = 0; rc == DB_OK && i < n; i++)
			push(a, &got[i], got[i].date, 0);
		free(got);
	}
	if (rc != DB_OK) {
		alert_free(a);
		return rc;
	}
	if (a->n > 1)
		qsort(a->list, (size_t)a->n, sizeof *a->list, by_date);
	*out = a;
	return DB_OK;
}

void
alert_free(struct alert *a)
{
	if (a == NULL)
		return;
	free(a->list);
	free(a);
}

char *
alert_title_new(enum alert_kind kind, int months)
{
	switch (kind) {
	case ALERT_RAISE:
		return xasprintf(_("Salary-step raises due in the next %d months"), months);
	case ALERT_PROBATION:
		return xasprintf(_("Probations ending in the next %d months"), months);
	case ALERT_CONTRACT:
		return xasprintf(_("Fixed-term contracts ending in the next %d months"),
		    months);
	}
	return xstrdup("");
}

/* What a raise brings: "A1 4" (the scale and the step) or "A1 over-frame". */
void
alert_raise_note(const struct alert_entry *e, char *out, size_t size)
{
	if (e->step > 0)
		snprintf(out, size, "%s %d", e->scale, e->step);
	else if (e->step == 0)
		snprintf(out, size, "%s %s", e->scale, _("over-frame"));
	else
		snprintf(out, size, "%s", e->scale);
}

/* s cut to cols - 1 columns and a space: the columns never run together. */
static void
put_col(FILE *out, const char *s, int cols)
{
	report_put_cols(out, s, cols - 1);
	fputc(' ', out);
}

static void
write_text(const struct alert *a, FILE *out)
{
	char *title = alert_title_new(a->kind, a->months);
	report_page_header(out, title, &a->org, a->date);
	free(title);
	int raise = a->kind == ALERT_RAISE;
	put_col(out, _("ID number"), 14);
	put_col(out, _("Name"), raise ? 26 : 34);
	put_col(out, _("Agency"), raise ? 15 : 20);
	if (raise)
		put_col(out, _("Due"), 11);
	fputs(raise ? _("Raise to") : _("Due"), out);
	fputc('\n', out);
	report_rule(out, '-');
	for (int i = 0; i < a->n; i++) {
		const struct alert_entry *e = &a->list[i];
		char shown[11];
		date_display(e->date, shown);
		put_col(out, e->who.id_number, 14);
		put_col(out, e->who.full_name, raise ? 26 : 34);
		put_col(out, e->who.org_code, raise ? 15 : 20);
		if (raise) {
			char note[64];
			alert_raise_note(e, note, sizeof note);
			put_col(out, shown, 11);
			fputs(note, out);
		} else {
			fputs(shown, out);
		}
		fputc('\n', out);
	}
	report_rule(out, '-');
	fprintf(out, _("%d people\n"), a->n);
}

static void
write_csv(const struct alert *a, FILE *out)
{
	fputs(a->kind == ALERT_RAISE ?
	    "id_number,full_name,org_code,due_date,salary_scale,next_step\n" :
	    "id_number,full_name,org_code,due_date\n", out);
	for (int i = 0; i < a->n; i++) {
		const struct alert_entry *e = &a->list[i];
		int raise = a->kind == ALERT_RAISE;
		csv_write_field(out, e->who.id_number, ',');
		csv_write_field(out, e->who.full_name, ',');
		csv_write_field(out, e->who.org_code, ',');
		csv_write_field(out, e->date, raise ? ',' : '\n');
		if (raise) {
			char step[16];
			snprintf(step, sizeof step, "%d", e->step);
			csv_write_field(out, e->scale, ',');
			csv_write_field(out, e->step > 0 ? step : e->step == 0 ? "over_frame" :
			    "", '\n');
		}
	}
}

static void
write_json(const struct alert *a, FILE *out)
{
	static const char *const names[] = { "raises", "probation", "contracts" };
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"report\": ");
	sb_add_json_str(&sb, names[a->kind]);
	sb_adds(&sb, ", \"org\": ");
	if (a->org.id == 0)
		sb_adds(&sb, "null");
	else
		sb_add_json_str(&sb, a->org.code);
	sb_adds(&sb, ", \"date\": ");
	sb_add_json_str(&sb, a->date);
	sb_addf(&sb, ", \"months\": %d, \"people\": [", a->months);
	for (int i = 0; i < a->n; i++) {
		const struct alert_entry *e = &a->list[i];
		sb_adds(&sb, i ? ",\n  {\"id_number\": " : "\n  {\"id_number\": ");
		sb_add_json_str(&sb, e->who.id_number);
		sb_adds(&sb, ", \"full_name\": ");
		sb_add_json_str(&sb, e->who.full_name);
		sb_adds(&sb, ", \"org\": ");
		sb_add_json_str(&sb, e->who.org_code);
		sb_adds(&sb, ", \"due_date\": ");
		sb_add_json_str(&sb, e->date);
		if (a->kind == ALERT_RAISE) {
			sb_adds(&sb, ", \"salary_scale\": ");
			sb_add_json_str(&sb, e->scale);
			if (e->step > 0)
				sb_addf(&sb, ", \"next_step\": %d", e->step);
			else if (e->step == 0)
				sb_adds(&sb, ", \"next_step\": \"over_frame\"");
			else
				sb_adds(&sb, ", \"next_step\": null");
		}
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "\n]}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}

static void
write_xlsx(const struct alert *a, FILE *out)
{
	static const char *const sheets[] = { N_("Raises"), N_("Probation"),
		N_("Contracts") };
	char *title = alert_title_new(a->kind, a->months);
	struct xlsx *x = xlsx_new(_(sheets[a->kind]), title, &a->org, a->date);
	free(title);
	if (x == NULL)
		return;
	int row = xlsx_first_row(x), raise = a->kind == ALERT_RAISE;
	const char *heads[] = { _("ID number"), _("Name"), _("Agency"), _("Due"),
		_("Raise to") };
	for (int c = 0; c < 4 + raise; c++)
		xlsx_head(x, row, c, heads[c]);
	xlsx_width(x, 0, 14);
	xlsx_width(x, 1, 30);
	xlsx_width(x, 2, 16);
	for (int i = 0; i < a->n; i++) {
		const struct alert_entry *e = &a->list[i];
		row++;
		xlsx_text(x, row, 0, e->who.id_number);
		xlsx_text(x, row, 1, e->who.full_name);
		xlsx_text(x, row, 2, e->who.org_code);
		xlsx_text(x, row, 3, e->date);
		if (raise) {
			char note[64];
			alert_raise_note(e, note, sizeof note);
			xlsx_text(x, row, 4, note);
		}
	}
	xlsx_finish(x, out);
}

void
alert_write(const struct alert *a, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_TEXT: write_text(a, out); break;
	case REPORT_CSV:  write_csv(a, out); break;
	case REPORT_JSON: write_json(a, out); break;
	case REPORT_XLSX: write_xlsx(a, out); break;
	}
}

int
alert_counts_get(struct db *db, const struct org_info *org, struct alert_counts *c,
    char **err)
{
	memset(c, 0, sizeof *c);
	struct retirement *r;
	int rc = retirement_new(db, org, NULL, ALERT_MENU_MONTHS, &r, err);
	if (rc != DB_OK)
		return rc;
	c->retire = r->n;
	retirement_free(r);
	int *into[] = { &c->raise, &c->probation, &c->contract };
	for (int k = ALERT_RAISE; k <= ALERT_CONTRACT; k++) {
		struct alert *a;
		if ((rc = alert_new(db, (enum alert_kind)k, org, NULL, ALERT_MENU_MONTHS,
		    &a, err)) != DB_OK)
			return rc;
		*into[k] = a->n;
		alert_free(a);
	}
	return DB_OK;
}

char *
alert_counts_line_new(const struct alert_counts *c)
{
	struct strbuf sb;
	sb_init(&sb);
	const struct { int n; const char *what; } parts[] = {
		{ c->retire, N_("%d retirements") },
		{ c->raise, N_("%d salary raises") },
		{ c->probation, N_("%d probation ends") },
		{ c->contract, N_("%d contract ends") },
	};
	for (int i = 0; i < 4; i++) {
		if (parts[i].n == 0)
			continue;
		if (sb.len > 0)
			sb_adds(&sb, ", ");
		sb_addf(&sb, _(parts[i].what), parts[i].n);
	}
	if (sb.len == 0) {
		sb_free(&sb);
		return NULL;
	}
	char *line = xasprintf(_("Due soon: %s"), sb.buf);
	sb_free(&sb);
	return line;
}
