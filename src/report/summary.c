/*
 * The summary report's model (see summary.h). Most groups are the kept counts of
 * one breakdown with the code lists' labels; the rest are derived here because
 * they move with the date: age bands and nearness to retirement from the counts by
 * sex and month of birth, and ethnic minority from ethnicity.
 *
 * A month's births tell a person's age to the year but for the month of the date
 * itself, where the day decides: those born in that month after the date's day have
 * not had their birthday yet. For the four birth years where that moves someone to
 * another band, the data layer counts them (an index range each).
 */
#include "report/summary.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/retire.h"
#include "core/xalloc.h"
#include "db/stat.h"
#include "form/form.h"
#include <stdlib.h>
#include <string.h>

/* The breakdowns shown as kept, with the code list of their values, in the
 * report's order; the derived ones are put in by name. */
static const struct {
	const char *name;
	const char *codes;	/* NULL: derived, or keys that are no codes */
	const char *title;
} order[] = {
	{ "sex",               "sex",               N_("Sex") },
	{ "age_band",          NULL,                N_("Age") },
	{ "retirement",        NULL,                N_("Retirement") },
	{ "staff_category",    "staff_category",    N_("Staff category") },
	{ "ethnicity",         "ethnicity",         N_("Ethnicity") },
	{ "ethnic_minority",   NULL,                N_("Ethnic minority") },
	{ "religion",          "religion",          N_("Religion") },
	{ "party",             NULL,                N_("Party membership") },
	{ "rank",              "rank",              N_("Rank") },
	{ "rank_group",        "salary_scale",      N_("Rank group") },
	{ "highest_degree",    "degree",            N_("Highest degree") },
	{ "political_theory",  "political_theory",  N_("Political theory") },
	{ "state_management",  "state_management",  N_("State management") },
	{ "foreign_language",  "language",          N_("Foreign language") },
	{ "it_level",          "it_level",          N_("IT") },
	{ "position",          "position",          N_("Position") },
	{ "women_leaders",     "position",          N_("Women in leadership") },
	{ "employment_status", "employment_status", N_("Employment status") },
};
#define NORDER ((int)(sizeof order / sizeof order[0]))

static const char *const bands[] = { "under_30", "30_40", "41_50", "51_60", "over_60" };

static int
band_of(int age)
{
	return age < 30 ? 0 : age <= 40 ? 1 : age <= 50 ? 2 : age <= 60 ? 3 : 4;
}

static const char *
band_label(int i)
{
	static const char *const labels[] = { N_("under 30"), N_("30 to 40"),
	    N_("41 to 50"), N_("51 to 60"), N_("over 60") };
	return _(labels[i]);
}

static struct summary_row *
row_add(struct summary_group *g, const char *key, const char *label, int64_t n)
{
	g->rows = xrealloc(g->rows, sizeof *g->rows * (size_t)(g->nrows + 1));
	struct summary_row *r = &g->rows[g->nrows++];
	snprintf(r->key, sizeof r->key, "%s", key);
	r->label = xstrdup(label);
	r->n = n;
	return r;
}

static const char *
code_label(const char *list, const char *code)
{
	if (*code == '\0')
		return _("(not given)");
	const struct code_list *cl = list ? codes_get(list, NULL) : NULL;
	const struct code_item *it = cl ? codes_find(cl, code) : NULL;
	return it ? codes_label(it) : code;
}

/* Ages and retirement from the "birth" cells ("F1975-03"). */
static int
derive_birth(struct db *db, const struct summary *s, const struct stat_cell *cells,
    int n, struct summary_group *age, struct summary_group *ret, char **err)
{
	int y = atoi(s->date), m = atoi(s->date + 5), d = atoi(s->date + 8);
	int now = y * 12 + m - 1;
	int64_t band[5] = { 0 }, within = 0, past = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(cells[i].breakdown, "birth") != 0)
			continue;
		char sex = cells[i].value[0];
		int by = atoi(cells[i].value + 1), bm = atoi(cells[i].value + 6);
		/* Born in the date's month: counted as had their birthday, set right below. */
		int a = y - by - (bm > m ? 1 : 0);
		band[band_of(a)] += cells[i].n;
		int at = retire_month(sex, by, bm);
		if (at < now)
			past += cells[i].n;
		else if (at < now + 60)
			within += cells[i].n;
	}
	static const int edges[] = { 30, 41, 51, 61 };
	for (int i = 0; i < 4; i++) {
		char lo[48], hi[48];
		snprintf(lo, sizeof lo, "%04d-%02d-%02d", y - edges[i], m, d + 1);
		snprintf(hi, sizeof hi, "%04d-%02d-31", y - edges[i], m);
		int64_t late;
		int rc = db_stat_born_between(db, &s->org, lo, hi, &late, err);
		if (rc != 0)
			return rc;
		band[band_of(edges[i])] -= late;
		band[band_of(edges[i] - 1)] += late;
	}
	for (int i = 0; i < 5; i++)
		row_add(age, bands[i], band_label(i), band[i]);
	row_add(ret, "within_5_years", _("reaching retirement age within 5 years"), within);
	row_add(ret, "past_age", _("past retirement age, still at work"), past);
	return 0;
}

/* The same groups from the cells counted to the day as of a past date. */
static void
as_of_birth(const struct stat_cell *cells, int n, struct summary_group *age,
    struct summary_group *ret)
{
	int64_t band[5] = { 0 }, within = 0, past = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(cells[i].breakdown, "age_band") == 0) {
			for (int b = 0; b < 5; b++)
				if (strcmp(cells[i].value, bands[b]) == 0)
					band[b] = cells[i].n;
		} else if (strcmp(cells[i].breakdown, "retirement") == 0) {
			if (strcmp(cells[i].value, "within_5_years") == 0)
				within = cells[i].n;
			else if (strcmp(cells[i].value, "past_age") == 0)
				past = cells[i].n;
		}
	}
	for (int i = 0; i < 5; i++)
		row_add(age, bands[i], band_label(i), band[i]);
	row_add(ret, "within_5_years", _("reaching retirement age within 5 years"), within);
	row_add(ret, "past_age", _("past retirement age, still at work"), past);
}

static void
derive_minority(const struct stat_cell *cells, int n, struct summary_group *g)
{
	int64_t kinh = 0, minority = 0, unknown = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(cells[i].breakdown, "ethnicity") != 0)
			continue;
		if (cells[i].value[0] == '\0')
			unknown += cells[i].n;
		else if (strcmp(cells[i].value, "01") == 0)	/* Kinh */
			kinh += cells[i].n;
		else
			minority += cells[i].n;
	}
	row_add(g, "kinh", _("Kinh"), kinh);
	row_add(g, "minority", _("ethnic minorities"), minority);
	if (unknown)
		row_add(g, "", _("(not given)"), unknown);
}

static const char *
party_label(const char *key)
{
	return strcmp(key, "member") == 0 ? _("Party members") : _("not Party members");
}

static int summary_make(struct db *db, const struct org_info *org, const char *date,
    int past, struct summary **out, char **err);

int
summary_new(struct db *db, const struct org_info *org, const char *date,
    struct summary **out, char **err)
{
	return summary_make(db, org, date, 0, out, err);
}

int
summary_as_of(struct db *db, const struct org_info *org, const char *date,
    struct summary **out, char **err)
{
	char today[11];
	date_today(today);
	return summary_make(db, org, date, date != NULL && strcmp(date, today) < 0, out,
	    err);
}

/* From the kept counts (past 0), or from the records' histories as of date. */
static int
summary_make(struct db *db, const struct org_info *org, const char *date, int past,
    struct summary **out, char **err)
{
	*out = NULL;
	struct stat_cell *cells;
	int n;
	int rc = past ? db_stat_counts_asof(db, org, date, &cells, &n, err) :
	    db_stat_counts(db, org, &cells, &n, err);
	if (rc != 0)
		return rc;
	struct summary *s = xcalloc(1, sizeof *s);
	s->org = *org;
	if (date != NULL)
		snprintf(s->date, sizeof s->date, "%s", date);
	else
		date_today(s->date);
	for (int i = 0; i < n; i++)
		if (strcmp(cells[i].breakdown, "sex") == 0)
			s->total += cells[i].n;
	s->groups = xcalloc(NORDER, sizeof *s->groups);
	s->ngroups = NORDER;
	for (int k = 0; k < NORDER; k++) {
		struct summary_group *g = &s->groups[k];
		g->name = order[k].name;
		g->title = order[k].title;
		if (strcmp(g->name, "age_band") == 0 && past) {
			as_of_birth(cells, n, g, &s->groups[k + 1]);
			continue;
		}
		if (strcmp(g->name, "age_band") == 0) {
			rc = derive_birth(db, s, cells, n, g, &s->groups[k + 1], err);
			if (rc != 0)
				break;
			continue;
		}
		if (strcmp(g->name, "retirement") == 0)
			continue;	/* filled with age_band */
		if (strcmp(g->name, "ethnic_minority") == 0) {
			derive_minority(cells, n, g);
			continue;
		}
		for (int i = 0; i < n; i++)
			if (strcmp(cells[i].breakdown, g->name) == 0)
				row_add(g, cells[i].value, strcmp(g->name, "party") == 0 ?
				    party_label(cells[i].value) :
				    code_label(order[k].codes, cells[i].value), cells[i].n);
	}
	free(cells);
	if (rc != 0) {
		summary_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void
summary_free(struct summary *s)
{
	if (s == NULL)
		return;
	for (int k = 0; k < s->ngroups; k++) {
		for (int i = 0; i < s->groups[k].nrows; i++)
			free(s->groups[k].rows[i].label);
		free(s->groups[k].rows);
	}
	free(s->groups);
	free(s);
}
