/*
 * The Reports screen (main menu 5): the reports of src/report/ for an agency of
 * the account's scope, chosen by its code (the account's own at first), shown as
 * tables with a bar chart (ui/reportview.c). Drilling down stays inside the scope
 * the data layer checks: from an agency to its children, from a count to the
 * people behind it, from a person to their record. Every report opened, and every
 * list of people, leaves an audit row; F2 writes the report (ui/deliver.c).
 */
#include "ui/screens.h"
#include "ui/deliver.h"
#include "ui/dialog.h"
#include "ui/menu.h"
#include "ui/reportview.h"
#include "ui/status.h"
#include "report/alerts.h"
#include "report/bm.h"
#include "report/compare.h"
#include "report/movements.h"
#include "report/quality.h"
#include "report/retirement.h"
#include "report/summary.h"
#include "report/write.h"
#include "db/stat.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEOPLE_MAX 2000		/* a list of people is for reading, not for export */

enum { R_SUMMARY = 1, R_RETIRE, R_RAISES, R_PROBATION, R_CONTRACTS, R_QUALITY, R_BM,
	R_MOVES, R_COMPARE, R_SETTINGS };
enum { ROW_CHILD = 1, ROW_COUNT, ROW_PERSON };

struct rep {
	struct app     *a;
	struct org_info org;
	int             months;
	/* What F2 writes: one of these, set by the view on top. */
	struct summary *summary;
	struct retirement *retire;
	struct alert   *alert;
	struct quality *quality;
	struct bm_table *bm;
	struct compare *compare;
	struct movements *moves;
	const char     *name;	/* the report's name, for the file */
	bool            past;	/* the summary is of a past date */
};

static void summary_show(struct app *a, const struct org_info *org, const char *date);

static int
audit(struct app *a, const char *what, const struct org_info *org)
{
	char *err = NULL;
	if (db_stat_audit_run(a->db, &a->actor, what, org, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return -1;
	}
	return 0;
}

/* F2: the report in the format chosen, to a file here or the printer over SSH. */
static void
write_report(struct app *a, void *ctx)
{
	struct rep *r = ctx;
	const char *buttons[] = { _("Text"), "CSV", "JSON", "XLSX" };
	static const char *const ext[] = { "txt", "csv", "json", "xlsx" };
	int f = dialog_choice(a, _("Write the report"), _("In which format?"), buttons, 4);
	if (f < 0)
		return;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (r->summary != NULL)
		summary_write(r->summary, (enum report_format)f, mem);
	else if (r->retire != NULL)
		retirement_write(r->retire, (enum report_format)f, mem);
	else if (r->alert != NULL)
		alert_write(r->alert, (enum report_format)f, mem);
	else if (r->quality != NULL)
		quality_write(r->quality, (enum report_format)f, mem);
	else if (r->bm != NULL)
		bm_write(r->bm, (enum report_format)f, mem);
	else if (r->compare != NULL)
		compare_write(r->compare, (enum report_format)f, mem);
	else if (r->moves != NULL)
		movements_write(r->moves, (enum report_format)f, mem);
	fclose(mem);
	char *file = xasprintf("%s-%s.%s", r->name, r->org.id ? r->org.code : "national",
	    ext[f]);
	if (f == REPORT_XLSX)
		deliver_file(a, buf, len, file);
	else
		deliver_text(a, buf, file);
	free(file);
	free(buf);
}

/* The columns of a list row: ID number, name, agency, then more. */
static char *
person_line(const struct stat_person *p, const char *more)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	report_put_cols(mem, p->id_number, 13);
	fputc(' ', mem);
	report_put_cols(mem, p->full_name, 28);
	fputc(' ', mem);
	report_put_cols(mem, p->org_code, 14);
	fprintf(mem, " %s", more);
	fclose(mem);
	return buf;
}

static void
open_person(struct app *a, void *ctx, const struct rv_row *row)
{
	(void)ctx;
	if (row->kind == ROW_PERSON)
		person_run(a, row->ref);
}

static const char *
list_head(const char *date_label)
{
	static char head[256];
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	fputc(' ', mem);
	report_put_cols(mem, _("ID number"), 13);
	fputc(' ', mem);
	report_put_cols(mem, _("Name"), 28);
	fputc(' ', mem);
	report_put_cols(mem, _("Agency"), 14);
	fprintf(mem, " %s", date_label);
	fclose(mem);
	snprintf(head, sizeof head, "%s", buf);
	free(buf);
	return head;
}

static void
people_show(struct app *a, const char *title, const struct org_info *org,
    struct stat_person *people, int n, const char *const *dates)
{
	struct rv_rows rows = { 0 };
	for (int i = 0; i < n; i++) {
		char shown[11];
		date_display(dates != NULL ? dates[i] : people[i].date_of_birth, shown);
		char *line = person_line(&people[i], shown);
		struct rv_row *r = rv_add(&rows, line, -1);
		free(line);
		r->kind = ROW_PERSON;
		r->ref = people[i].id;
	}
	char *sub = org->id ? xasprintf("%s (%s)", org->name, org->code) :
	    xstrdup(org->name);
	if (n >= PEOPLE_MAX) {
		char *more = xasprintf(_("%s — the first %d people"), sub, PEOPLE_MAX);
		free(sub);
		sub = more;
	}
	struct rv_opts o = { list_head(_("Born")), open_person, NULL, NULL, _("Nobody.") };
	reportview_run(a, title, sub, &rows, &o);
	free(sub);
	rv_rows_free(&rows);
}

/* Birth dates of an age band on date (YYYY-MM-DD): ages counted as the summary
 * counts them. The lower ends are "the day after": "1996-07-15~" sorts after
 * 1996-07-15 and before 1996-07-16, so BETWEEN needs no date arithmetic. */
static int
band_births(const char *band, const char *date, char lo[16], char hi[16])
{
	static const struct { const char *key; int young, old; } b[] = {
		{ "under_30", 0, 30 }, { "30_40", 30, 41 }, { "41_50", 41, 51 },
		{ "51_60", 51, 61 }, { "over_60", 61, 0 },
	};
	int y = atoi(date);
	for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
		if (strcmp(b[i].key, band) != 0)
			continue;
		char buf[40];
		if (b[i].old == 0)
			snprintf(buf, sizeof buf, "0000-00-00");
		else
			snprintf(buf, sizeof buf, "%04d%.6s~", (y - b[i].old) % 10000, date + 4);
		snprintf(lo, 16, "%.15s", buf);
		snprintf(buf, sizeof buf, "%04d%.6s", (y - b[i].young) % 10000, date + 4);
		snprintf(hi, 16, "%.15s", buf);
		return 0;
	}
	return -1;
}

static void retire_show(struct app *a, const struct org_info *org, int months);

/* Enter on a summary row: an agency's own summary, or the people behind a count. */
static void
summary_open(struct app *a, void *ctx, const struct rv_row *row)
{
	struct rep *r = ctx;
	char *err = NULL;
	if (row->kind == ROW_CHILD) {
		struct org_info child;
		if (db_stat_scope(a->db, &a->actor, row->key, &child, &err) != DB_OK) {
			status_error("%s", err != NULL ? err : "");
			free(err);
			return;
		}
		summary_show(a, &child, r->past ? r->summary->date : NULL);
		return;
	}
	if (row->kind != ROW_COUNT)
		return;
	/* The lists are of today's records: they would not add up to a past count. */
	if (r->past) {
		status_info("%s", _("Lists of people are for today's counts only."));
		return;
	}
	if (strcmp(row->group, "retirement") == 0) {
		if (strcmp(row->key, "within_5_years") == 0)
			retire_show(a, &r->org, 59);
		else
			status_info("%s", _("This line has no list of people."));
		return;
	}
	struct stat_person *people = NULL;
	int n = 0, rc;
	if (strcmp(row->group, "age_band") == 0) {
		char lo[16], hi[16];
		if (band_births(row->key, r->summary->date, lo, hi) != 0)
			return;
		rc = db_stat_people_in(a->db, &r->org, NULL, NULL, lo, hi, PEOPLE_MAX,
		    &people, &n, &err);
	} else {
		rc = db_stat_people_in(a->db, &r->org, row->group, row->key, NULL, NULL,
		    PEOPLE_MAX, &people, &n, &err);
	}
	if (rc == DB_OK)
		rc = audit(a, "summary:people", &r->org) == 0 ? DB_OK : DB_ERROR;
	if (rc != DB_OK) {
		if (err != NULL)
			status_error("%s", err);
		free(err);
		free(people);
		return;
	}
	char *title = xasprintf("%s: %s", _("People"), row->label);
	people_show(a, title, &r->org, people, n, NULL);
	free(title);
	free(people);
}

/* The summary of org as of date (NULL: today; a past date from the records'
 * histories, whose children show no count until opened). */
static void
summary_show(struct app *a, const struct org_info *org, const char *date)
{
	if (audit(a, "summary", org) != 0)
		return;
	struct rep r = { .a = a, .org = *org, .name = "summary" };
	char today[11];
	date_today(today);
	r.past = date != NULL && strcmp(date, today) < 0;
	char *err = NULL;
	struct stat_child *kids = NULL;
	int nkids = 0;
	if (summary_as_of(a->db, org, r.past ? date : NULL, &r.summary, &err) != DB_OK ||
	    db_stat_children(a->db, org, &kids, &nkids, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		summary_free(r.summary);
		return;
	}
	struct rv_rows rows = { 0 };
	if (nkids > 0) {
		rv_add(&rows, _("Agencies under it (Enter: its own summary)"), 0)->heading = true;
		int64_t max = 0;
		for (int i = 0; i < nkids; i++)
			max = kids[i].n > max ? kids[i].n : max;
		for (int i = 0; i < nkids; i++) {
			char *label = xasprintf("%s (%s)", kids[i].name, kids[i].code);
			struct rv_row *row = rv_add(&rows, label, r.past ? -1 : kids[i].n);
			free(label);
			row->max = max;
			row->kind = ROW_CHILD;
			row->ref = kids[i].id;
			snprintf(row->key, sizeof row->key, "%s", kids[i].code);
		}
	}
	free(kids);
	for (int g = 0; g < r.summary->ngroups; g++) {
		const struct summary_group *sg = &r.summary->groups[g];
		if (sg->nrows == 0)
			continue;
		rv_add(&rows, _(sg->title), 0)->heading = true;
		int64_t max = 0;
		for (int i = 0; i < sg->nrows; i++)
			max = sg->rows[i].n > max ? sg->rows[i].n : max;
		for (int i = 0; i < sg->nrows; i++) {
			struct rv_row *row = rv_add(&rows, sg->rows[i].label, sg->rows[i].n);
			row->max = max;
			row->kind = ROW_COUNT;
			row->group = sg->name;
			snprintf(row->key, sizeof row->key, "%s", sg->rows[i].key);
		}
	}
	char shown[11];
	date_display(r.summary->date, shown);
	char *sub = xasprintf(_("%s — %lld people at work on %s"), org->id ?
	    org->code : org->name, (long long)r.summary->total, shown);
	char *title = xasprintf("%s: %s", _("Headcount summary"), org->name);
	struct rv_opts o = { NULL, summary_open, write_report, &r, _("Nobody.") };
	reportview_run(a, title, sub, &rows, &o);
	free(title);
	free(sub);
	rv_rows_free(&rows);
	summary_free(r.summary);
}

static void
retire_show(struct app *a, const struct org_info *org, int months)
{
	if (audit(a, "retirement", org) != 0)
		return;
	struct rep r = { .a = a, .org = *org, .name = "retirement" };
	char *err = NULL;
	if (retirement_new(a->db, org, NULL, months, &r.retire, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return;
	}
	struct rv_rows rows = { 0 };
	for (int i = 0; i < r.retire->n; i++) {
		char shown[11];
		date_display(r.retire->list[i].date, shown);
		char *line = person_line(&r.retire->list[i].who, shown);
		struct rv_row *row = rv_add(&rows, line, -1);
		free(line);
		row->kind = ROW_PERSON;
		row->ref = r.retire->list[i].who.id;
	}
	char *title = xasprintf(_("Reaching retirement age in the next %d months"), months);
	char *sub = xasprintf(_("%s — %d people"), org->id ? org->code : org->name,
	    r.retire->n);
	struct rv_opts o = { list_head(_("Retires")), open_person, write_report, &r, _("Nobody.") };
	reportview_run(a, title, sub, &rows, &o);
	free(title);
	free(sub);
	rv_rows_free(&rows);
	retirement_free(r.retire);
}

static void
alert_show(struct app *a, const struct org_info *org, enum alert_kind kind, int months)
{
	static const char *const names[] = { "raises", "probation", "contracts" };
	if (audit(a, names[kind], org) != 0)
		return;
	struct rep r = { .a = a, .org = *org, .name = names[kind] };
	char *err = NULL;
	if (alert_new(a->db, kind, org, NULL, months, &r.alert, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return;
	}
	struct rv_rows rows = { 0 };
	for (int i = 0; i < r.alert->n; i++) {
		const struct alert_entry *e = &r.alert->list[i];
		char shown[11], more[64];
		date_display(e->date, shown);
		char note[48] = "";
		if (kind == ALERT_RAISE)
			alert_raise_note(e, note, sizeof note);
		snprintf(more, sizeof more, "%s %s", shown, note);
		char *line = person_line(&e->who, more);
		struct rv_row *row = rv_add(&rows, line, -1);
		free(line);
		row->kind = ROW_PERSON;
		row->ref = e->who.id;
	}
	char *title = alert_title_new(kind, months);
	char *sub = xasprintf(_("%s — %d people"), org->id ? org->code : org->name,
	    r.alert->n);
	struct rv_opts o = { list_head(_("Due")), open_person, write_report, &r, _("Nobody.") };
	reportview_run(a, title, sub, &rows, &o);
	free(title);
	free(sub);
	rv_rows_free(&rows);
	alert_free(r.alert);
}

static void
quality_show(struct app *a, const struct org_info *org)
{
	if (audit(a, "quality", org) != 0)
		return;
	struct rep r = { .a = a, .org = *org, .name = "quality" };
	char *err = NULL;
	if (quality_new(a->db, org, &r.quality, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return;
	}
	struct rv_rows rows = { 0 };
	int kind = -1;
	for (int i = 0; i < r.quality->n; i++) {
		const struct quality_entry *e = &r.quality->list[i];
		if ((int)e->kind != kind) {
			kind = (int)e->kind;
			char *h = xasprintf("%s: %d", quality_kind_title(e->kind),
			    r.quality->count[kind]);
			rv_add(&rows, h, 0)->heading = true;
			free(h);
		}
		char *line = person_line(&e->who, e->detail);
		struct rv_row *row = rv_add(&rows, line, -1);
		free(line);
		row->kind = ROW_PERSON;
		row->ref = e->who.id;
	}
	char *sub = xasprintf(_("%s — %lld people at work read"), org->id ? org->code :
	    org->name, (long long)r.quality->people);
	struct rv_opts o = { NULL, open_person, write_report, &r, _("Nothing found.") };
	reportview_run(a, _("Data quality"), sub, &rows, &o);
	free(sub);
	rv_rows_free(&rows);
	quality_free(r.quality);
}

/* A form of the Ministry: each agency a heading, its columns as counts charted
 * against the agency's headcount. */
static void
bm_show(struct app *a, const struct org_info *org, const char *date)
{
	const char *buttons[] = { "BM01/BNV", "BM02/BNV" };
	int form = dialog_choice(a, _("Ministry forms"), _("Which form?"), buttons, 2);
	if (form < 0)
		return;
	static const char *const names[] = { "bm01", "bm02" };
	if (audit(a, names[form], org) != 0)
		return;
	struct rep r = { .a = a, .org = *org, .name = names[form] };
	char *err = NULL;
	if (bm_new(a->db, (enum bm_form)form, org, date, &r.bm, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return;
	}
	struct rv_rows rows = { 0 };
	for (int i = 0; i < r.bm->nrows; i++) {
		const struct bm_row *b = &r.bm->rows[i];
		char *h = b->code[0] ? xasprintf("%s (%s)", b->name, b->code) :
		    xstrdup(b->name);
		rv_add(&rows, h, 0)->heading = true;
		free(h);
		for (int c = 0; c < r.bm->ncols; c++) {
			struct rv_row *row = rv_add(&rows, _(r.bm->cols[c].label), b->v[c]);
			row->max = b->v[1] > b->v[0] ? b->v[1] : b->v[0];
		}
	}
	char shown[11];
	date_display(r.bm->date, shown);
	char *sub = xasprintf("%s — %s", bm_form_title((enum bm_form)form), shown);
	struct rv_opts o = { NULL, NULL, write_report, &r, _("Nobody.") };
	reportview_run(a, bm_form_code((enum bm_form)form), sub, &rows, &o);
	free(sub);
	rv_rows_free(&rows);
	bm_free(r.bm);
}

/* Several agencies' summaries side by side: codes typed with commas, the first
 * the agency chosen; each checked against the scope and audited. */
static void
compare_show(struct app *a, const struct org_info *first)
{
	char *init = xasprintf("%s,", first->code);
	char *codes = dialog_input(a, _("Agencies side by side"),
	    _("Agency codes, separated by commas:"), first->id ? init : "", 400);
	free(init);
	if (codes == NULL)
		return;
	struct org_info orgs[COMPARE_MAX];
	int n = 0;
	char *err = NULL;
	for (char *save = NULL, *code = strtok_r(codes, ", ", &save); code != NULL;
	    code = strtok_r(NULL, ", ", &save)) {
		if (n == COMPARE_MAX ||
		    db_stat_scope(a->db, &a->actor, code, &orgs[n], &err) != DB_OK) {
			dialog_message(a, _("Agencies side by side"), err != NULL ? err :
			    _("Too many agencies at once."));
			free(err);
			free(codes);
			return;
		}
		if (audit(a, "summary", &orgs[n]) != 0) {
			free(codes);
			return;
		}
		n++;
	}
	free(codes);
	if (n == 0)
		return;
	struct rep r = { .a = a, .org = orgs[0], .name = "side-by-side" };
	if (compare_new(a->db, orgs, n, &r.compare, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return;
	}
	/* Columns as wide as the screen allows at 80: a label and n counts. */
	int w = n > 0 ? (80 - 34) / n : 10;
	if (w > 15)
		w = 15;
	struct rv_rows rows = { 0 };
	struct strbuf head;
	sb_init(&head);
	sb_adds(&head, "                                 ");
	/* A code that does not fit its column is its number, named in the subtitle. */
	for (int k = 0; k < n; k++) {
		const char *code = orgs[k].id ? orgs[k].code : "-";
		if ((int)strlen(code) < w)
			sb_addf(&head, "%*s", w, code);
		else
			sb_addf(&head, "%*d.", w - 1, k + 1);
	}
	const char *group = NULL;
	for (int i = 0; i < r.compare->nrows; i++) {
		const struct compare_row *cr = &r.compare->rows[i];
		if (cr->group != group) {
			group = cr->group;
			rv_add(&rows, _(cr->title), 0)->heading = true;
		}
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		report_put_cols(mem, cr->label, 32);
		for (int k = 0; k < n; k++)
			fprintf(mem, "%*lld", w, (long long)cr->n[k]);
		fclose(mem);
		rv_add(&rows, buf, -1);
		free(buf);
	}
	struct rv_opts o = { head.buf, NULL, write_report, &r, _("Nobody.") };
	struct strbuf names;
	sb_init(&names);
	for (int k = 0; k < n; k++)
		sb_addf(&names, "%s%d. %s", k ? "  " : "", k + 1, orgs[k].id ? orgs[k].code :
		    orgs[k].name);
	char *sub = xasprintf(_("%d agencies: %s"), n, names.buf);
	sb_free(&names);
	reportview_run(a, _("Agencies side by side"), sub, &rows, &o);
	free(sub);
	sb_free(&head);
	rv_rows_free(&rows);
	compare_free(r.compare);
}

static void
choose_org(struct app *a, struct org_info *org)
{
	char *code = dialog_input(a, _("Agency"), _("Agency code:"), org->code, 39);
	if (code == NULL)
		return;
	struct org_info got;
	char *err = NULL;
	if (db_stat_scope(a->db, &a->actor, code, &got, &err) != DB_OK)
		dialog_message(a, _("Agency"), err != NULL ? err : "");
	else
		*org = got;
	free(err);
	free(code);
}

static void
choose_months(struct app *a, int *months)
{
	char now[16];
	snprintf(now, sizeof now, "%d", *months);
	char *t = dialog_input(a, _("Months ahead"), _("Months ahead (0 to 120):"), now, 3);
	if (t == NULL)
		return;
	char *end;
	long v = strtol(t, &end, 10);
	if (end == t || *end != '\0' || v < 0 || v > 120)
		status_error("%s", _("Type a number from 0 to 120."));
	else
		*months = (int)v;
	free(t);
}

/* The period of the movements: two dates as clerks type them. */
static void
choose_period(struct app *a, char from[11], char to[11])
{
	char *ends[2] = { from, to };
	const char *labels[2] = { _("From (DD/MM/YYYY):"), _("To (DD/MM/YYYY):") };
	char got[2][11];
	for (int i = 0; i < 2; i++) {
		char shown[11];
		date_display(ends[i], shown);
		char *t = dialog_input(a, _("Period"), labels[i], shown, 10);
		if (t == NULL)
			return;
		const char *bad = date_parse(t, got[i]);
		free(t);
		if (bad != NULL) {
			status_error("%s", _(bad));
			return;
		}
	}
	if (strcmp(got[0], got[1]) > 0) {
		status_error("%s", _("the period ends before it starts"));
		return;
	}
	memcpy(from, got[0], 11);
	memcpy(to, got[1], 11);
}

static void
movements_show(struct app *a, const struct org_info *org, const char *from,
    const char *to)
{
	if (audit(a, "movements", org) != 0)
		return;
	struct rep r = { .a = a, .org = *org, .name = "movements" };
	char *err = NULL;
	if (movements_new(a->db, org, from, to, &r.moves, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return;
	}
	struct rv_rows rows = { 0 };
	int64_t max = 0;
	for (int i = 0; i < STAT_MOVES; i++)
		max = r.moves->n[i] > max ? r.moves->n[i] : max;
	for (int i = 0; i < STAT_MOVES; i++)
		rv_add(&rows, movements_label(i), r.moves->n[i])->max = max;
	rv_add(&rows, _("Where the numbers come from:"), 0)->heading = true;
	for (int i = 0; i < STAT_MOVES; i++) {
		char *line = xasprintf("%s: %s", movements_label(i), movements_source(i));
		rv_add(&rows, line, -1);
		free(line);
	}
	char a1[11], b1[11];
	date_display(r.moves->from, a1);
	date_display(r.moves->to, b1);
	char *title = xasprintf(_("Movements from %s to %s"), a1, b1);
	char *sub = xasprintf("%s (%s)", org->name, org->id ? org->code : "-");
	struct rv_opts o = { NULL, NULL, write_report, &r, _("Nobody.") };
	reportview_run(a, title, sub, &rows, &o);
	free(title);
	free(sub);
	rv_rows_free(&rows);
	movements_free(r.moves);
}

/* The day the summary and the forms are as of: empty for today. */
static void
choose_date(struct app *a, char asof[11])
{
	char shown[11] = "";
	if (asof[0])
		date_display(asof, shown);
	char *t = dialog_input(a, _("Date"), _("As of (DD/MM/YYYY; empty: today):"), shown,
	    10);
	if (t == NULL)
		return;
	char got[11];
	const char *bad = t[0] ? date_parse(t, got) : NULL;
	if (bad != NULL)
		status_error("%s", _(bad));
	else if (t[0])
		memcpy(asof, got, 11);
	else
		asof[0] = '\0';
	free(t);
}

void
reports_run(struct app *a)
{
	struct org_info org;
	char *err = NULL;
	if (db_stat_scope(a->db, &a->actor, NULL, &org, &err) != DB_OK) {
		dialog_message(a, _("Reports"), err != NULL ? err : "");
		free(err);
		return;
	}
	int months = 12, sel = 0;
	static const struct menu_item items[] = {
		{ R_SUMMARY, '1', N_("Headcount summary (with drill-down)") },
		{ R_RETIRE, '2', N_("Reaching retirement age") },
		{ R_RAISES, '3', N_("Salary-step raises due") },
		{ R_PROBATION, '4', N_("Probations ending") },
		{ R_CONTRACTS, '5', N_("Fixed-term contracts ending") },
		{ R_QUALITY, '6', N_("Data quality") },
		{ R_BM, '7', N_("Ministry forms BM01/BNV, BM02/BNV") },
		{ R_MOVES, '8', N_("Movements over a period") },
		{ R_COMPARE, '9', N_("Agencies side by side...") },
		{ R_SETTINGS, '0', N_("Agency, months ahead, period...") },
	};
	char from[11], to[11], asof[11] = "";
	date_today(to);
	snprintf(from, sizeof from, "%.4s-01-01", to);
	while (a->quit == APP_RUNNING) {
		char f1[11], t1[11];
		date_display(from, f1);
		date_display(to, t1);
		char d1[11];
		date_display(asof[0] ? asof : to, d1);
		char *note = asof[0] ?
		    xasprintf(_("%s (%s) on %s, alerts %d months ahead, period %s-%s"),
		    org.name, org.id ? org.code : "-", d1, months, f1, t1) :
		    xasprintf(_("%s (%s), alerts %d months ahead, period %s-%s"),
		    org.name, org.id ? org.code : "-", months, f1, t1);
		int id = menu_run_noted(a, N_("Reports"), note, items,
		    (int)(sizeof items / sizeof items[0]), &sel);
		free(note);
		switch (id) {
		case R_SUMMARY:   summary_show(a, &org, asof[0] ? asof : NULL); break;
		case R_RETIRE:    retire_show(a, &org, months); break;
		case R_RAISES:    alert_show(a, &org, ALERT_RAISE, months); break;
		case R_PROBATION: alert_show(a, &org, ALERT_PROBATION, months); break;
		case R_CONTRACTS: alert_show(a, &org, ALERT_CONTRACT, months); break;
		case R_QUALITY:   quality_show(a, &org); break;
		case R_BM:        bm_show(a, &org, asof[0] ? asof : NULL); break;
		case R_MOVES:     movements_show(a, &org, from, to); break;
		case R_COMPARE:   compare_show(a, &org); break;
		case R_SETTINGS: {
			const char *what[] = { _("Agency"), _("Months ahead"), _("Period"),
				_("Date") };
			int w = dialog_choice(a, _("Reports"), _("What to change?"), what, 4);
			if (w == 0)
				choose_org(a, &org);
			else if (w == 1)
				choose_months(a, &months);
			else if (w == 2)
				choose_period(a, from, to);
			else if (w == 3)
				choose_date(a, asof);
			break;
		}
		default:          return;
		}
	}
}
