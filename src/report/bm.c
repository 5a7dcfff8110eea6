/*
 * BM01/BNV and BM02/BNV (see bm.h). The kept headcounts count one breakdown at a
 * time, but the forms count civil servants only (or commune-level staff only) by
 * every breakdown, so the table is made in one pass over the subtree's people at
 * work (db_quality_scan), each person's columns worked out from their record and
 * added to the row of the agency under the one asked about that holds them.
 *
 * Mappings the circular leaves to the reader, written down here:
 *   - rank groups by the salary scale (Decree 204/2004): senior principal and
 *     equivalent A3 (and senior experts), principal A2, specialist A1, officer
 *     A0 and B, staff C;
 *   - degrees: doctor (and doctor of science), master, bachelor, college,
 *     intermediate, elementary (specialist degrees ck1/ck2 are not counted);
 *   - IT: intermediate or higher (trung cấp, cao đẳng, đại học) against
 *     certificates (basic, advanced, A/B/C); foreign language: English against
 *     any other (the form's split by degree and certificate needs a level the
 *     record does not tell apart);
 *   - age as of the date, in the form's bands (to 30, 31-40, 41-50, 51-60, of which
 *     women 51-55 and men 56-60), and past the retirement age of Decree 135/2020;
 *   - as of a past date (the yearly report as at 31 December, made later): at work
 *     by the recruitment and dated status, Party members by their date; the rest
 *     is today's (db/stat_asof.c says what has no history).
 */
#include "report/bm.h"
#include "report/write.h"
#include "report/xlsx.h"
#include "db/quality.h"
#include "db/stat.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/retire.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum {
	C_ASSIGNED, C_TOTAL, C_FEMALE, C_PARTY, C_MINORITY, C_RELIGIOUS,
	C_RANK_A3, C_RANK_A2, C_RANK_A1, C_RANK_A0, C_RANK_C,
	C_DEG_TS, C_DEG_THS, C_DEG_DH, C_DEG_CD, C_DEG_TC, C_DEG_SC,
	C_POL_CN, C_POL_CC, C_POL_TC, C_POL_SC,
	C_QL_CVCC, C_QL_CVC, C_QL_CV,
	C_IT_TC, C_IT_CC, C_LANG_EN, C_LANG_OTHER,
	C_AGE_30, C_AGE_40, C_AGE_50, C_AGE_60, C_AGE_F55, C_AGE_M60, C_AGE_PAST,
	C_COUNT
};

static const struct bm_column columns[C_COUNT] = {
	{ "assigned",       N_("Assigned headcount"), NULL },
	{ "total",          N_("Actual headcount"), NULL },
	{ "female",         N_("Women"), N_("Of whom") },
	{ "party",          N_("Party members"), N_("Of whom") },
	{ "ethnic_minority", N_("Ethnic minorities"), N_("Of whom") },
	{ "religious",      N_("Religious"), N_("Of whom") },
	{ "rank_a3",        N_("Senior principal & eq."), N_("By rank") },
	{ "rank_a2",        N_("Principal & eq."), N_("By rank") },
	{ "rank_a1",        N_("Specialist & eq."), N_("By rank") },
	{ "rank_a0_b",      N_("Officer & eq."), N_("By rank") },
	{ "rank_c",         N_("Staff"), N_("By rank") },
	{ "degree_doctor",  N_("Doctor"), N_("Qualification") },
	{ "degree_master",  N_("Master"), N_("Qualification") },
	{ "degree_bachelor", N_("Bachelor"), N_("Qualification") },
	{ "degree_college", N_("College"), N_("Qualification") },
	{ "degree_intermediate", N_("Intermediate"), N_("Qualification") },
	{ "degree_elementary", N_("Elementary"), N_("Qualification") },
	{ "politics_bachelor", N_("Bachelor (politics)"), N_("Political theory") },
	{ "politics_advanced", N_("Advanced (politics)"), N_("Political theory") },
	{ "politics_intermediate", N_("Intermediate (politics)"), N_("Political theory") },
	{ "politics_elementary", N_("Elementary (politics)"), N_("Political theory") },
	{ "state_mgmt_cvcc", N_("State mgmt: senior principal"), N_("State management") },
	{ "state_mgmt_cvc", N_("State mgmt: principal"), N_("State management") },
	{ "state_mgmt_cv",  N_("State mgmt: specialist"), N_("State management") },
	{ "it_intermediate_up", N_("IT: intermediate or higher"), N_("IT") },
	{ "it_certificate", N_("IT: certificate"), N_("IT") },
	{ "language_english", N_("English"), N_("Foreign language") },
	{ "language_other", N_("Other languages"), N_("Foreign language") },
	{ "age_to_30",      N_("Age 30 or less"), N_("Age") },
	{ "age_31_40",      N_("Age 31-40"), N_("Age") },
	{ "age_41_50",      N_("Age 41-50"), N_("Age") },
	{ "age_51_60",      N_("Age 51-60"), N_("Age") },
	{ "age_women_51_55", N_("of whom women 51-55"), N_("Age") },
	{ "age_men_56_60",  N_("of whom men 56-60"), N_("Age") },
	{ "past_retirement_age", N_("Past retirement age"), N_("Age") },
};

static const char *const fields[] = { "staff_category", "party_join_date", "ethnicity",
	"religion", "salary_scale", "highest_degree", "political_theory",
	"state_management", "it_level", "foreign_language", "recruitment_date",
	"employment_status", "employment_status_date", NULL };

const char *
bm_form_code(enum bm_form f)
{
	return f == BM01 ? "BM01/BNV" : "BM02/BNV";
}

const char *
bm_form_title(enum bm_form f)
{
	return f == BM01 ?
	    _("Civil servants of district level and above (Circular 11/2012/TT-BNV)") :
	    _("Commune-level cadres and civil servants (Circular 11/2012/TT-BNV)");
}

static int
in(const char *v, const char *const *set)
{
	for (int i = 0; v != NULL && set[i]; i++)
		if (strcmp(v, set[i]) == 0)
			return 1;
	return 0;
}

struct pass {
	struct bm_table  *t;
	int               nkids;	/* rows 0 .. nkids-1: the children; nkids: own */
	char            (*paths)[256];
	int               now;		/* month number of the date */
	bool              past;		/* a past date: who was at work then */
};

/* At work on date: recruited by then (or no date), not yet left (a status without
 * its date counts as before), as db/stat_asof.c judges the summary. */
static bool
at_work_on(const struct record *rec, const char *date)
{
	const char *rec_date = record_get(rec, "recruitment_date");
	if (rec_date != NULL && strcmp(rec_date, date) > 0)
		return false;
	const char *st = record_get(rec, "employment_status");
	if (st == NULL || strcmp(st, "working") == 0 || strcmp(st, "on_leave") == 0)
		return true;
	const char *when = record_get(rec, "employment_status_date");
	return when != NULL && strcmp(when, date) > 0;
}

static int
count(void *ctx, const struct stat_person *who, const char *org_path,
    const struct record *rec, const char *verify)
{
	(void)verify;
	struct pass *p = ctx;
	if (p->past && !at_work_on(rec, p->t->date))
		return 0;
	const char *cat = record_get(rec, "staff_category");
	if (cat == NULL || strcmp(cat, p->t->form == BM01 ? "cong_chuc" : "cbcc_cap_xa") != 0)
		return 0;
	int r = p->nkids;
	for (int i = 0; i < p->nkids; i++)
		if (strncmp(org_path, p->paths[i], strlen(p->paths[i])) == 0) {
			r = i;
			break;
		}
	int64_t *v = p->t->rows[r].v;
	v[C_TOTAL]++;
	v[C_FEMALE] += who->sex == 'F';
	const char *party = record_get(rec, "party_join_date");
	v[C_PARTY] += party != NULL && (!p->past || strcmp(party, p->t->date) <= 0);
	const char *eth = record_get(rec, "ethnicity");
	v[C_MINORITY] += eth != NULL && strcmp(eth, "01") != 0;
	const char *rel = record_get(rec, "religion");
	v[C_RELIGIOUS] += rel != NULL && strcmp(rel, "99") != 0;
	const char *sc = record_get(rec, "salary_scale");
	if (sc != NULL) {
		static const char *const a3[] = { "CGCC", "A3.1", "A3.2", NULL };
		static const char *const a2[] = { "A2.1", "A2.2", NULL };
		static const char *const a0[] = { "A0", "B", NULL };
		static const char *const c[] = { "C1", "C2", "C3", NULL };
		v[C_RANK_A3] += in(sc, a3);
		v[C_RANK_A2] += in(sc, a2);
		v[C_RANK_A1] += strcmp(sc, "A1") == 0;
		v[C_RANK_A0] += in(sc, a0);
		v[C_RANK_C] += in(sc, c);
	}
	static const struct { const char *field; int col; const char *const codes[4]; } by[] = {
		{ "highest_degree", C_DEG_TS, { "tskh", "ts", NULL } },
		{ "highest_degree", C_DEG_THS, { "ths", NULL } },
		{ "highest_degree", C_DEG_DH, { "dh", NULL } },
		{ "highest_degree", C_DEG_CD, { "cd", NULL } },
		{ "highest_degree", C_DEG_TC, { "tc", NULL } },
		{ "highest_degree", C_DEG_SC, { "sc", NULL } },
		{ "political_theory", C_POL_CN, { "cu_nhan", NULL } },
		{ "political_theory", C_POL_CC, { "cao_cap", NULL } },
		{ "political_theory", C_POL_TC, { "trung_cap", NULL } },
		{ "political_theory", C_POL_SC, { "so_cap", NULL } },
		{ "state_management", C_QL_CVCC, { "cvcc", NULL } },
		{ "state_management", C_QL_CVC, { "cvc", NULL } },
		{ "state_management", C_QL_CV, { "cv", NULL } },
		{ "it_level", C_IT_TC, { "trung_cap", "cao_dang", "dai_hoc", NULL } },
		{ "foreign_language", C_LANG_EN, { "en", NULL } },
	};
	for (size_t i = 0; i < sizeof by / sizeof by[0]; i++)
		v[by[i].col] += in(record_get(rec, by[i].field), by[i].codes);
	static const char *const cert[] = { "co_ban", "nang_cao", "cc_a", "cc_b", "cc_c",
		NULL };
	v[C_IT_CC] += in(record_get(rec, "it_level"), cert);
	const char *lang = record_get(rec, "foreign_language");
	v[C_LANG_OTHER] += lang != NULL && strcmp(lang, "en") != 0;
	int age = date_age(who->date_of_birth, p->t->date);
	if (age <= 30)
		v[C_AGE_30]++;
	else if (age <= 40)
		v[C_AGE_40]++;
	else if (age <= 50)
		v[C_AGE_50]++;
	else if (age <= 60) {
		v[C_AGE_60]++;
		v[C_AGE_F55] += who->sex == 'F' && age <= 55;
		v[C_AGE_M60] += who->sex == 'M' && age >= 56;
	}
	int at = retire_month(who->sex, atoi(who->date_of_birth),
	    atoi(who->date_of_birth + 5));
	v[C_AGE_PAST] += at < p->now;
	return 0;
}

int
bm_new(struct db *db, enum bm_form form, const struct org_info *org, const char *date,
    struct bm_table **out, char **err)
{
	*out = NULL;
	struct stat_child *kids = NULL;
	int nkids = 0;
	int rc = db_stat_children(db, org, &kids, &nkids, err);
	if (rc != DB_OK)
		return rc;
	struct bm_table *t = xcalloc(1, sizeof *t);
	t->form = form;
	t->org = *org;
	if (date != NULL)
		snprintf(t->date, sizeof t->date, "%s", date);
	else
		date_today(t->date);
	t->cols = columns;
	t->ncols = C_COUNT;
	t->nrows = nkids + 2;
	t->rows = xcalloc((size_t)t->nrows, sizeof *t->rows);
	struct pass p = { t, nkids, xcalloc((size_t)nkids + 1, 256), 0, false };
	p.now = atoi(t->date) * 12 + atoi(t->date + 5) - 1;
	char today[11];
	date_today(today);
	p.past = strcmp(t->date, today) < 0;
	for (int i = 0; i < t->nrows; i++)
		t->rows[i].v = xcalloc(C_COUNT, sizeof(int64_t));
	for (int i = 0; i < nkids; i++) {
		snprintf(t->rows[i].code, sizeof t->rows[i].code, "%s", kids[i].code);
		snprintf(t->rows[i].name, sizeof t->rows[i].name, "%s", kids[i].name);
		snprintf(p.paths[i], 256, "%s", kids[i].path);
		t->rows[i].v[C_ASSIGNED] = kids[i].headcount;
	}
	free(kids);
	struct bm_row *own = &t->rows[nkids], *total = &t->rows[nkids + 1];
	snprintf(own->code, sizeof own->code, "%s", org->code);
	snprintf(own->name, sizeof own->name, "%s", org->name);
	own->v[C_ASSIGNED] = org->headcount;
	snprintf(total->name, sizeof total->name, "%s", _("Total"));
	/* A past date reads everyone: some who left since were at work then. */
	rc = db_quality_scan(db, org, fields, p.past, count, &p, err);
	free(p.paths);
	if (rc != DB_OK) {
		bm_free(t);
		return rc;
	}
	for (int r = 0; r <= nkids; r++)
		for (int c = 0; c < C_COUNT; c++)
			total->v[c] += t->rows[r].v[c];
	/* The nation has no people of its own: no row for them. */
	if (org->id == 0 && own->v[C_TOTAL] == 0) {
		free(own->v);
		*own = *total;
		t->nrows--;
	}
	*out = t;
	return DB_OK;
}

void
bm_free(struct bm_table *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->nrows; i++)
		free(t->rows[i].v);
	free(t->rows);
	free(t);
}

static void
write_text(const struct bm_table *t, FILE *out)
{
	report_page_header(out, bm_form_code(t->form), &t->org, t->date);
	fprintf(out, "%s\n", bm_form_title(t->form));
	fputs(_("Unit: people\n"), out);
	for (int r = 0; r < t->nrows; r++) {
		const struct bm_row *row = &t->rows[r];
		fputc('\n', out);
		char *name = row->code[0] ? xasprintf("%s (%s)", row->name, row->code) :
		    xstrdup(row->name);
		report_put_cols(out, name, REPORT_WIDTH);
		fputc('\n', out);
		free(name);
		report_rule(out, '-');
		/* Two label-value pairs a line, each 39 columns. */
		for (int c = 0; c < t->ncols; c++) {
			report_put_cols(out, _(t->cols[c].label), 31);
			fprintf(out, "%8lld", (long long)row->v[c]);
			fputs(c % 2 == 1 || c == t->ncols - 1 ? "\n" : "  ", out);
		}
	}
}

static void
write_csv(const struct bm_table *t, FILE *out)
{
	fputs("org_code,name", out);
	for (int c = 0; c < t->ncols; c++)
		fprintf(out, ",%s", t->cols[c].key);
	fputc('\n', out);
	for (int r = 0; r < t->nrows; r++) {
		csv_write_field(out, t->rows[r].code, ',');
		csv_write_field(out, t->rows[r].name, ',');
		for (int c = 0; c < t->ncols; c++)
			fprintf(out, "%lld%c", (long long)t->rows[r].v[c],
			    c == t->ncols - 1 ? '\n' : ',');
	}
}

static void
write_json(const struct bm_table *t, FILE *out)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"form\": ");
	sb_add_json_str(&sb, bm_form_code(t->form));
	sb_adds(&sb, ", \"circular\": \"11/2012/TT-BNV\", \"org\": ");
	if (t->org.id == 0)
		sb_adds(&sb, "null");
	else
		sb_add_json_str(&sb, t->org.code);
	sb_adds(&sb, ", \"date\": ");
	sb_add_json_str(&sb, t->date);
	sb_adds(&sb, ", \"columns\": [");
	for (int c = 0; c < t->ncols; c++) {
		sb_adds(&sb, c ? ", " : "");
		sb_add_json_str(&sb, t->cols[c].key);
	}
	sb_adds(&sb, "], \"rows\": [");
	for (int r = 0; r < t->nrows; r++) {
		sb_adds(&sb, r ? ",\n  {\"org\": " : "\n  {\"org\": ");
		if (t->rows[r].code[0])
			sb_add_json_str(&sb, t->rows[r].code);
		else
			sb_adds(&sb, "null");
		sb_adds(&sb, ", \"name\": ");
		sb_add_json_str(&sb, t->rows[r].name);
		for (int c = 0; c < t->ncols; c++)
			sb_addf(&sb, ", \"%s\": %lld", t->cols[c].key,
			    (long long)t->rows[r].v[c]);
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "\n]}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}

/* The printed form's two rows of heads: the group over its columns, then each
 * column's own; a row per agency, the numbers as numbers. */
static void
write_xlsx(const struct bm_table *t, FILE *out)
{
	char sheet[16];
	snprintf(sheet, sizeof sheet, "%s", t->form == BM01 ? "BM01-BNV" : "BM02-BNV");
	char *title = xasprintf("%s — %s", bm_form_code(t->form), bm_form_title(t->form));
	struct xlsx *x = xlsx_new(sheet, title, &t->org, t->date);
	free(title);
	if (x == NULL)
		return;
	int row = xlsx_first_row(x);
	xlsx_head(x, row + 1, 0, _("Agency"));
	xlsx_head(x, row + 1, 1, _("Code"));
	xlsx_width(x, 0, 40);
	for (int c = 0; c < t->ncols; c++) {
		if (t->cols[c].group != NULL &&
		    (c == 0 || t->cols[c - 1].group == NULL ||
		    strcmp(t->cols[c - 1].group, t->cols[c].group) != 0))
			xlsx_head(x, row, c + 2, _(t->cols[c].group));
		xlsx_head(x, row + 1, c + 2, _(t->cols[c].label));
		xlsx_width(x, c + 2, 11);
	}
	row += 2;
	for (int r = 0; r < t->nrows; r++, row++) {
		xlsx_text(x, row, 0, t->rows[r].name);
		xlsx_text(x, row, 1, t->rows[r].code);
		for (int c = 0; c < t->ncols; c++)
			xlsx_number(x, row, c + 2, (double)t->rows[r].v[c]);
	}
	xlsx_finish(x, out);
}

void
bm_write(const struct bm_table *t, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_TEXT: write_text(t, out); break;
	case REPORT_CSV:  write_csv(t, out); break;
	case REPORT_JSON: write_json(t, out); break;
	case REPORT_XLSX: write_xlsx(t, out); break;
	}
}
