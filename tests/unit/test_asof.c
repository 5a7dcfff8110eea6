/*
 * The summary as of a past date (db/stat_asof.c) against a hand-built history:
 * who was at work (recruited by then, not yet left), the rank from the salary
 * progression, the position from the work history when the present one came
 * later, Party membership by its date, ages to the day; today's summary from the
 * kept counts is unchanged by it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/i18n.h"
#include "core/record.h"
#include "db/import.h"
#include "db/stat.h"
#include "report/summary.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("asof");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

static void
import(struct dbfix_env *f, const char *csv, int items)
{
	char *path = dbfix_file(f->dir, "in.csv", csv);
	FILE *in = fopen(path, "r");
	/* The staff category, which the import requires, is not what these rows
	 * are about: one for all of them. */
	struct record *set = record_new();
	record_set(set, "staff_category", "cong_chuc");
	struct import_opts o = { .filename = "in.csv", .set = set };
	struct import_report rep;
	char *err = NULL;
	int rc = items ? db_import_items(f->db, &f->sys, in, &o, &rep, &err) :
	    db_import_people(f->db, &f->sys, in, &o, &rep, &err);
	if (rc != DB_OK || rep.rejected)
		fail_msg("import: %s", err ? err : "rows rejected");
	fclose(in);
	free(path);
	record_free(set);
}

static int64_t
count(const struct summary *s, const char *group, const char *key)
{
	for (int g = 0; g < s->ngroups; g++)
		if (strcmp(s->groups[g].name, group) == 0)
			for (int i = 0; i < s->groups[g].nrows; i++)
				if (strcmp(s->groups[g].rows[i].key, key) == 0)
					return s->groups[g].rows[i].n;
	return 0;
}

static void
test_summary_as_of_a_past_date(void **state)
{
	struct dbfix_env *f = *state;
	import(f, "id_number,full_name,date_of_birth,sex,org_code,rank_code,position,"
	    "position_date,party_join_date,recruitment_date,employment_status,"
	    "employment_status_date\n"
	    /* A: at work in 2023, retired in mid-2024 */
	    "001064000001,Lê Văn A,1964-01-01,M," FIX_HN_NV ",01.002,,,,1990-01-01,retired,"
	    "2024-06-30\n"
	    /* B: recruited in 2025 */
	    "001095000002,Lê Văn B,1995-01-01,M," FIX_HN_NV ",01.003,,,,2025-03-01,,\n"
	    /* C: specialist until May 2023, principal since; head of office since 2024
	     * (deputy before, per the work history); Party member since 2024 */
	    "001180000003,Lê Thị C,1980-06-15,F," FIX_HN_NV ",01.002,truong_phong,2024-02-01,"
	    "2024-01-01,2005-01-01,,\n", 0);
	import(f, "id_number,kind,date_from,date_to,data\n"
	    "001180000003,salary,2018-01-01,,\"{\"\"rank_code\"\":\"\"01.003\"\"}\"\n"
	    "001180000003,salary,2023-05-01,,\"{\"\"rank_code\"\":\"\"01.002\"\"}\"\n"
	    "001180000003,work,2019-01-01,2024-01-31,\"{\"\"agency\"\":\"\"Sở Nội vụ\"\","
	    "\"\"position\"\":\"\"pho_truong_phong\"\"}\"\n", 1);
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct summary *s;
	assert_int_equal(summary_as_of(f->db, &org, "2022-12-31", &s, &err), DB_OK);
	/* A and C at work; B not yet recruited. */
	assert_int_equal(s->total, 2);
	assert_int_equal(count(s, "rank", "01.003"), 1);	/* C, from her history */
	assert_int_equal(count(s, "rank", "01.002"), 1);	/* A */
	assert_int_equal(count(s, "position", "pho_truong_phong"), 1);
	assert_int_equal(count(s, "position", "truong_phong"), 0);
	assert_int_equal(count(s, "women_leaders", "pho_truong_phong"), 1);
	assert_int_equal(count(s, "party", "member"), 0);
	/* Ages to the day on 31/12/2022: A 58, C 42. */
	assert_int_equal(count(s, "age_band", "51_60"), 1);
	assert_int_equal(count(s, "age_band", "41_50"), 1);
	assert_int_equal(count(s, "employment_status", "working"), 2);
	summary_free(s);
	/* End of 2024: A retired, C principal, head of office, Party member. */
	assert_int_equal(summary_as_of(f->db, &org, "2024-12-31", &s, &err), DB_OK);
	assert_int_equal(s->total, 1);
	assert_int_equal(count(s, "employment_status", "retired"), 1);
	assert_int_equal(count(s, "rank", "01.002"), 1);
	assert_int_equal(count(s, "position", "truong_phong"), 1);
	assert_int_equal(count(s, "party", "member"), 1);
	summary_free(s);
	/* Today: the kept counts, all three at work but A. */
	assert_int_equal(summary_new(f->db, &org, NULL, &s, &err), DB_OK);
	assert_int_equal(s->total, 2);
	summary_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_summary_as_of_a_past_date, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
