/*
 * Headcounts as of a past date (stat.h): what the kept counts cannot answer, since
 * they are today's. One pass over the subtree's people, each judged as of the date
 * from what the records keep of their history, tallied into the same cells as the
 * kept counts (and the age bands and nearness to retirement, to the day, which the
 * kept counts leave to the summary), so the summary is built from them.
 *
 * As of date D, from the records:
 *   - at work: recruited on or before D (or no recruitment date), and not left
 *     (retired, resigned, dismissed, deceased) on or before D; a status without
 *     its date is taken as before D; the employment status is "working" until the
 *     dated one;
 *   - rank: the salary progression's latest rank on or before D (salary
 *     sub-records), else today's;
 *   - position: today's if appointed on or before D; else the work history's
 *     position covering D (as the work record writes it), else none;
 *   - Party membership: joined on or before D.
 * Not from history (today's values; the records keep no dated trail of them):
 * the agency (db/org.h says how the agencies' validity and the work-history rows of
 * moves could place a person as of D: not done here yet), the salary scale,
 * degrees and the other qualifications, ethnicity, religion, staff category.
 */
#include "db/stat.h"
#include "db/db_internal.h"
#include "core/date.h"
#include "core/retire.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	struct stat_cell *cells;
	int               n, cap;
	int              *slot;	/* open addressing: cell index + 1 */
	int               nslot;
};

static unsigned
hash2(const char *a, const char *b)
{
	unsigned h = 2166136261u;
	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 16777619u;
	h = (h ^ '/') * 16777619u;
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 16777619u;
	return h;
}

static void
tally_add(struct tally *t, const char *breakdown, const char *value)
{
	if (t->n * 2 >= t->nslot) {
		free(t->slot);
		t->nslot = t->nslot ? t->nslot * 2 : 1024;
		t->slot = xcalloc((size_t)t->nslot, sizeof *t->slot);
		for (int i = 0; i < t->n; i++) {
			unsigned h = hash2(t->cells[i].breakdown, t->cells[i].value);
			int k = (int)(h & (unsigned)(t->nslot - 1));
			while (t->slot[k])
				k = (k + 1) & (t->nslot - 1);
			t->slot[k] = i + 1;
		}
	}
	unsigned h = hash2(breakdown, value);
	int k = (int)(h & (unsigned)(t->nslot - 1));
	while (t->slot[k]) {
		struct stat_cell *c = &t->cells[t->slot[k] - 1];
		if (strcmp(c->breakdown, breakdown) == 0 && strcmp(c->value, value) == 0) {
			c->n++;
			return;
		}
		k = (k + 1) & (t->nslot - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->cells = xrealloc(t->cells, sizeof *t->cells * (size_t)t->cap);
	}
	struct stat_cell *c = &t->cells[t->n];
	snprintf(c->breakdown, sizeof c->breakdown, "%s", breakdown);
	snprintf(c->value, sizeof c->value, "%s", value);
	c->n = 1;
	t->slot[k] = ++t->n;
}

static int
by_cell(const void *a, const void *b)
{
	const struct stat_cell *x = a, *y = b;
	int c = strcmp(x->breakdown, y->breakdown);
	return c ? c : strcmp(x->value, y->value);
}

#define J(f) "coalesce(json_extract(p.data, '$." f "'), '')"

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t != NULL ? (const char *)t : "";
}

int
db_stat_counts_asof(struct db *db, const struct org_info *org, const char *date,
    struct stat_cell **cells, int *ncells, char **err)
{
	*cells = NULL;
	*ncells = 0;
	sqlite3_stmt *st = db_stmt(db, "SELECT p.sex, p.date_of_birth,"
	    " coalesce(p.staff_category, ''), coalesce(p.ethnicity, ''),"
	    " coalesce(p.religion, ''),"
	    " coalesce((SELECT json_extract(i.data, '$.rank_code') FROM person_item i"
	    "  WHERE i.person_id = p.id AND i.kind = 'salary' AND i.date_from <= ?3"
	    "  ORDER BY i.date_from DESC LIMIT 1), p.rank_code, ''),"
	    " " J("salary_scale") ","
	    " CASE WHEN " J("position_date") " <= ?3 THEN coalesce(p.position, '') ELSE"
	    "  coalesce((SELECT json_extract(i.data, '$.position') FROM person_item i"
	    "  WHERE i.person_id = p.id AND i.kind = 'work' AND i.date_from <= ?3 AND"
	    "  coalesce(i.date_to, '9999') >= ?3 ORDER BY i.date_from DESC LIMIT 1), '') END,"
	    " " J("highest_degree") ", " J("political_theory") ", " J("state_management") ","
	    " " J("foreign_language") ", " J("it_level") ","
	    " CASE WHEN " J("party_join_date") " <> '' AND " J("party_join_date") " <= ?3"
	    "  THEN 'member' ELSE 'not_member' END,"
	    " coalesce(p.employment_status, ''), " J("employment_status_date") ","
	    " " J("recruitment_date")
	    " FROM org o CROSS JOIN person p ON p.org_id = o.id"
	    " WHERE o.path >= ?1 AND o.path < ?2", err);
	if (st == NULL)
		return DB_ERROR;
	char lo[256], hi[256];
	struct actor a = { 0 };
	snprintf(a.org_path, sizeof a.org_path, "%s", org->path[0] ? org->path : "/");
	db_scope_range(&a, lo, hi);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	struct tally t = { 0 };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *recruited = col(st, 16), *status = col(st, 14),
		    *status_date = col(st, 15);
		if (*recruited && strcmp(recruited, date) > 0)
			continue;	/* not yet recruited */
		int left = (strcmp(status, "retired") == 0 || strcmp(status, "resigned") == 0 ||
		    strcmp(status, "dismissed") == 0 || strcmp(status, "deceased") == 0) &&
		    (!*status_date || strcmp(status_date, date) <= 0);
		tally_add(&t, "employment_status", left ? status : "working");
		if (left)
			continue;
		const char *sex = col(st, 0), *dob = col(st, 1);
		char birth[16];
		snprintf(birth, sizeof birth, "%s%.7s", sex, dob);
		tally_add(&t, "sex", sex);
		tally_add(&t, "birth", birth);
		/* The day decides the age: counted here to the day, as of the date. */
		static const char *const bands[] = { "under_30", "30_40", "41_50", "51_60",
			"over_60" };
		int age = date_age(dob, date);
		tally_add(&t, "age_band", bands[age < 30 ? 0 : age <= 40 ? 1 : age <= 50 ? 2 :
		    age <= 60 ? 3 : 4]);
		int now = atoi(date) * 12 + atoi(date + 5) - 1;
		int at = retire_month(sex[0], atoi(dob), atoi(dob + 5));
		tally_add(&t, "retirement", at < now ? "past_age" : at < now + 60 ?
		    "within_5_years" : "later");
		tally_add(&t, "staff_category", col(st, 2));
		tally_add(&t, "ethnicity", col(st, 3));
		tally_add(&t, "religion", col(st, 4));
		tally_add(&t, "rank", col(st, 5));
		tally_add(&t, "rank_group", col(st, 6));
		tally_add(&t, "position", col(st, 7));
		if (strcmp(sex, "F") == 0 && *col(st, 7))
			tally_add(&t, "women_leaders", col(st, 7));
		tally_add(&t, "highest_degree", col(st, 8));
		tally_add(&t, "political_theory", col(st, 9));
		tally_add(&t, "state_management", col(st, 10));
		tally_add(&t, "foreign_language", col(st, 11));
		tally_add(&t, "it_level", col(st, 12));
		tally_add(&t, "party", col(st, 13));
	}
	sqlite3_reset(st);
	free(t.slot);
	if (rc != SQLITE_DONE) {
		free(t.cells);
		return db_fail(db, err);
	}
	if (t.n > 1)
		qsort(t.cells, (size_t)t.n, sizeof *t.cells, by_cell);
	*cells = t.cells;
	*ncells = t.n;
	return DB_OK;
}
