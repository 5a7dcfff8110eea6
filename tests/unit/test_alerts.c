/*
 * The dated HR alerts (report/alerts.c): raises due, probations and fixed-term
 * contracts ending, each list against the people worked out one by one here from
 * the stored rows with the rule written out independently (the scale's interval
 * after the last raise, the clerk's next step date first, the over-frame
 * allowance yearly once given), for an agency subtree and for the nation; the
 * main menu's counts agree with the lists. The report screen's drill-down: the
 * people behind every kept count of an agency are as many as the count, and an
 * agency's children carry their subtrees' headcounts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/record.h"
#include "core/collate_vi.h"
#include "db/import.h"
#include "db/org.h"
#include "db/stat.h"
#include "report/alerts.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2026-07-15"
#define NOW_MONTH (2026 * 12 + 6)
#define MONTHS 6

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("alerts");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

/* The scales used here: Decree 204/2004's intervals and step counts. */
static const struct {
	const char *code;
	int         months, steps;
} scales[] = { { "A1", 36, 9 }, { "B", 24, 12 }, { "A3.1", 36, 6 } };

static char *
register_csv(int n)
{
	static const char *const orgs[] = { FIX_HN, FIX_HN_NV, FIX_HCM, FIX_HCM_YT };
	static const char *const status[] = { "working", "", "on_leave", "retired",
	    "working", "working" };
	static const char *const scale[] = { "A1", "B", "A3.1", "" };
	/* Family names whose byte or folded order is not the Vietnamese one. */
	static const char *const family[] = { "Trần", "Đỗ", "Dương", "Đặng", "Do" };
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "id_number,full_name,date_of_birth,sex,org_code,employment_status,"
	    "salary_scale,salary_step,salary_date,next_step_date,over_frame_allowance_pct,"
	    "probation_end_date,contract_end_date\n");
	for (int s = 1; s <= n; s++) {
		const char *sc = scale[s % 4];
		int maxstep = s % 4 == 0 ? 9 : s % 4 == 1 ? 12 : 6;
		int step = 1 + (s * 7) % (maxstep + 1);
		if (step > maxstep)
			step = maxstep;
		/* Last raises over the six years before TODAY, some on the 31st. */
		char salary[16] = "", next[16] = "", over[8] = "", prob[16] = "",
		    contract[16] = "";
		int m = 2020 * 12 + (s * 13) % 78;
		snprintf(salary, sizeof salary, "%04d-%02d-%02d", m / 12, m % 12 + 1,
		    s % 9 == 0 ? (m % 12 + 1 == 2 ? 28 : 30) : 1 + s % 28);
		if (s % 7 == 0)
			snprintf(next, sizeof next, "2026-%02d-10", 1 + s % 12);
		if (step == maxstep && s % 2 == 0)
			snprintf(over, sizeof over, "%d", 5 + s % 3);
		if (s % 5 == 0)
			snprintf(prob, sizeof prob, "%04d-%02d-15", 2026 + (s % 3 == 0),
			    1 + (s * 5) % 12);
		if (s % 6 == 0)
			snprintf(contract, sizeof contract, "%04d-%02d-28", 2026 + (s % 4 == 0),
			    1 + (s * 7) % 12);
		char step_s[8];
		snprintf(step_s, sizeof step_s, "%d", step);
		int y = 1970 + s % 30;
		char sex = s % 3 ? 'M' : 'F';
		sb_addf(&sb, "001%d%02d%06d,%s Thị %d,%04d-03-04,%c,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
		    sex == 'F', y % 100, s, family[s % 5], s, y, sex, orgs[s % 4], status[s % 6], sc,
		    *sc ? step_s : "", *sc ? salary : "", next, over, prob, contract);
	}
	return sb_detach(&sb);
}

static void
import_csv(struct dbfix_env *f, const char *text)
{
	char *path = dbfix_file(f->dir, "people.csv", text);
	FILE *in = fopen(path, "r");
	/* The staff category, which the import requires, is not what these rows
	 * are about: one for all of them. */
	struct record *set = record_new();
	record_set(set, "staff_category", "cong_chuc");
	struct import_opts o = { .filename = "people.csv", .set = set };
	struct import_report rep;
	char *err = NULL;
	if (db_import_people(f->db, &f->sys, in, &o, &rep, &err) != DB_OK)
		fail_msg("import: %s", err);
	if (rep.rejected != 0 || rep.rolled_back)
		fail_msg("import rejected %lld rows", rep.rejected);
	fclose(in);
	free(path);
	record_free(set);
}

static int
month_of(const char *iso)
{
	return atoi(iso) * 12 + atoi(iso + 5) - 1;
}

/* The person's due month for kind, or -1: the rule written out again. */
static int
due_month(enum alert_kind kind, sqlite3_stmt *st)
{
	const char *col[8];
	for (int i = 0; i < 8; i++) {
		const unsigned char *t = sqlite3_column_text(st, i + 1);
		col[i] = t != NULL ? (const char *)t : "";
	}
	/* 0 scale, 1 step, 2 salary date, 3 next step, 4 over-frame, 5 probation,
	 * 6 contract */
	if (kind == ALERT_PROBATION)
		return *col[5] ? month_of(col[5]) : -1;
	if (kind == ALERT_CONTRACT)
		return *col[6] ? month_of(col[6]) : -1;
	if (*col[3])
		return month_of(col[3]);
	for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
		if (strcmp(scales[i].code, col[0]) != 0 || !*col[2])
			continue;
		int last = atoi(col[1]) >= scales[i].steps;
		return month_of(col[2]) + (last && atof(col[4]) > 0 ? 12 : scales[i].months);
	}
	return -1;
}

static void
check_alert(struct dbfix_env *f, enum alert_kind kind, const char *code,
    const char *child)
{
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, code, &org, &err), DB_OK);
	struct alert *a;
	assert_int_equal(alert_new(f->db, kind, &org, TODAY, MONTHS, &a, &err), DB_OK);
	const char *cols = "p.id_number, data ->> 'salary_scale', data ->> 'salary_step',"
	    " data ->> 'salary_date', data ->> 'next_step_date',"
	    " data ->> 'over_frame_allowance_pct', data ->> 'probation_end_date',"
	    " data ->> 'contract_end_date'";
	char *q = code == NULL ? xasprintf("SELECT %s FROM person p WHERE"
	    " coalesce(employment_status, '') IN ('', 'working', 'on_leave')", cols) :
	    xasprintf("SELECT %s FROM person p JOIN org o ON o.id = p.org_id WHERE o.code"
	    " IN ('%s', '%s') AND coalesce(employment_status, '') IN ('', 'working',"
	    " 'on_leave')", cols, code, child);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(f->db), q, -1, &st, NULL), SQLITE_OK);
	free(q);
	int expected = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int due = due_month(kind, st);
		if (due < NOW_MONTH || due > NOW_MONTH + MONTHS)
			continue;
		expected++;
		const char *idn = (const char *)sqlite3_column_text(st, 0);
		int found = 0;
		for (int i = 0; i < a->n; i++)
			if (strcmp(a->list[i].who.id_number, idn) == 0) {
				found++;
				assert_int_equal(month_of(a->list[i].date), due);
			}
		if (found != 1)
			fail_msg("kind %d: %s is due in month %d but listed %d times", kind,
			    idn, due, found);
	}
	sqlite3_finalize(st);
	assert_true(expected > 0);
	assert_int_equal(a->n, expected);
	for (int i = 1; i < a->n; i++)
		assert_true(strcmp(a->list[i - 1].date, a->list[i].date) <= 0);
	alert_free(a);
}

static void
test_alerts_list_who_is_due(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(600);
	import_csv(f, csv);
	free(csv);
	for (int k = ALERT_RAISE; k <= ALERT_CONTRACT; k++) {
		check_alert(f, (enum alert_kind)k, FIX_HCM, FIX_HCM_YT);
		check_alert(f, (enum alert_kind)k, FIX_HN, FIX_HN_NV);
		check_alert(f, (enum alert_kind)k, NULL, NULL);
	}
}

/* A raise's due date: the day kept, or the month's last when it has fewer days;
 * the over-frame allowance is named as such. */
static void
test_raise_dates_and_over_frame(void **state)
{
	struct dbfix_env *f = *state;
	import_csv(f, "id_number,full_name,date_of_birth,sex,org_code,salary_scale,"
	    "salary_step,salary_date,over_frame_allowance_pct\n"
	    "001080000001,Lê Văn Một,1980-01-01,M," FIX_HN ",B,3,2024-08-31,\n"
	    "001080000002,Lê Văn Hai,1980-01-01,M," FIX_HN ",A1,9,2023-09-05,\n"
	    "001080000003,Lê Văn Ba,1980-01-01,M," FIX_HN ",A1,9,2025-10-07,5\n"
	    "001080000004,Lê Văn Bốn,1980-01-01,M," FIX_HN ",A1,9,2023-10-07,6\n");
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct alert *a;
	assert_int_equal(alert_new(f->db, ALERT_RAISE, &org, TODAY, MONTHS, &a, &err), DB_OK);
	assert_int_equal(a->n, 3);
	assert_string_equal(a->list[0].date, "2026-08-31");
	assert_int_equal(a->list[0].step, 4);
	assert_string_equal(a->list[1].date, "2026-09-05");
	assert_int_equal(a->list[1].step, 0);
	assert_string_equal(a->list[2].date, "2026-10-07");
	assert_string_equal(a->list[2].who.id_number, "001080000003");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	alert_write(a, REPORT_JSON, mem);
	fclose(mem);
	cJSON *j = cJSON_Parse(buf);
	assert_non_null(j);
	cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "people"), 1);
	assert_string_equal(cJSON_GetObjectItem(p, "next_step")->valuestring, "over_frame");
	cJSON_Delete(j);
	free(buf);
	alert_free(a);
}

static void
test_menu_counts_agree_with_lists(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(300);
	import_csv(f, csv);
	free(csv);
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HCM, &org, &err), DB_OK);
	struct alert_counts c;
	assert_int_equal(alert_counts_get(f->db, &org, &c, &err), DB_OK);
	int *got[] = { &c.raise, &c.probation, &c.contract };
	for (int k = ALERT_RAISE; k <= ALERT_CONTRACT; k++) {
		struct alert *a;
		assert_int_equal(alert_new(f->db, (enum alert_kind)k, &org, NULL,
		    ALERT_MENU_MONTHS, &a, &err), DB_OK);
		assert_int_equal(*got[k], a->n);
		alert_free(a);
	}
	struct alert_counts some = { 12, 30, 2, 0 };
	char *line = alert_counts_line_new(&some);
	assert_string_equal(line, "Due soon: 12 retirements, 30 salary raises, "
	    "2 probation ends");
	free(line);
	struct alert_counts none = { 0, 0, 0, 0 };
	assert_null(alert_counts_line_new(&none));
}

static void
test_drill_lists_agree_with_counts(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(200);
	import_csv(f, csv);
	free(csv);
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct stat_cell *cells;
	int n, checked = 0;
	assert_int_equal(db_stat_counts(f->db, &org, &cells, &n, &err), DB_OK);
	for (int i = 0; i < n; i++) {
		if (strcmp(cells[i].breakdown, "birth") == 0)
			continue;
		struct stat_person *people = NULL;
		int got = 0;
		assert_int_equal(db_stat_people_in(f->db, &org, cells[i].breakdown,
		    cells[i].value, NULL, NULL, 100000, &people, &got, &err), DB_OK);
		if (got != cells[i].n)
			fail_msg("%s=%s: %d people listed, counted %lld", cells[i].breakdown,
			    cells[i].value, got, (long long)cells[i].n);
		/* By name in Vietnamese order (Dương before Đỗ), as search lists them. */
		for (int k = 1; k < got; k++)
			if (vi_collate(people[k - 1].full_name, strlen(people[k - 1].full_name),
			    people[k].full_name, strlen(people[k].full_name)) > 0)
				fail_msg("%s=%s: %s listed before %s", cells[i].breakdown,
				    cells[i].value, people[k - 1].full_name, people[k].full_name);
		free(people);
		checked++;
	}
	free(cells);
	assert_true(checked >= 4);
	struct stat_child *kids;
	int nkids;
	assert_int_equal(db_stat_children(f->db, &org, &kids, &nkids, &err), DB_OK);
	assert_int_equal(nkids, 1);
	assert_string_equal(kids[0].code, FIX_HN_NV);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(f->db), "SELECT count(*) FROM person p"
	    " JOIN org o ON o.id = p.org_id WHERE o.code = '" FIX_HN_NV "' AND"
	    " coalesce(employment_status, '') IN ('', 'working', 'on_leave')", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(kids[0].n, sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	free(kids);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alerts_list_who_is_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raise_dates_and_over_frame, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_menu_counts_agree_with_lists, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_drill_lists_agree_with_counts, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
