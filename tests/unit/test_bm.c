/*
 * The forms BM01/BNV and BM02/BNV (report/bm.c) on a hand-made register: each
 * agency under the one asked about is a row with its subtree, the agency's own
 * people a row, the total their sum; only civil servants count in BM01 and only
 * commune-level staff in BM02; each cell checked against the people written here
 * (sex, Party, ethnicity, religion, scale, degree, political theory, ages on the
 * date, past the retirement age); the CSV and JSON carry the same numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/i18n.h"
#include "db/import.h"
#include "db/stat.h"
#include "report/bm.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATE "2026-12-31"

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("bm");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

static void
load(struct dbfix_env *f)
{
	const char *csv = "id_number,full_name,date_of_birth,sex,org_code,staff_category,"
	    "employment_status,party_join_date,ethnicity,religion,salary_scale,"
	    "highest_degree,political_theory\n"
	    /* Sở Nội vụ Hà Nội (child of Hà Nội) */
	    "001196000001,Lê Thị Một,1996-12-31,F," FIX_HN_NV ",cong_chuc,,2020-01-01,01,99,A1,"
	    "ths,cao_cap\n"	/* 30 on DATE: "30 or less" */
	    "001095000002,Lê Văn Hai,1995-12-30,M," FIX_HN_NV ",cong_chuc,,,02,01,A2.1,dh,\n"
	    /* 31 */
	    "001171000003,Lê Thị Ba,1971-06-01,F," FIX_HN_NV ",cong_chuc,,,01,,A0,ts,\n"
	    /* 55: women 51-55, not yet at her retirement age (57 in 2027) */
	    "001064000004,Lê Văn Bốn,1964-01-01,M," FIX_HN_NV ",cong_chuc,working,,01,,C1,,\n"
	    /* 62 and 11 months: past the retirement age */
	    "001080000005,Lê Văn Năm,1980-01-01,M," FIX_HN_NV ",vien_chuc,,,01,,A1,,\n"
	    "001080000006,Lê Văn Sáu,1980-01-01,M," FIX_HN_NV ",cong_chuc,retired,,01,,A1,,\n"
	    /* Hà Nội's own */
	    "001068000007,Lê Văn Bảy,1968-03-03,M," FIX_HN ",cong_chuc,,2000-01-01,05,,A3.1,"
	    "ths,cu_nhan\n"	/* 58: men 56-60 */
	    "001080000008,Lê Văn Tám,1980-01-01,M," FIX_HN ",cbcc_cap_xa,,,01,,B,,\n"
	    /* elsewhere */
	    "001080000009,Lê Văn Chín,1980-01-01,M," FIX_HCM ",cong_chuc,,,01,,A1,,\n";
	char *path = dbfix_file(f->dir, "people.csv", csv);
	FILE *in = fopen(path, "r");
	struct import_opts o = { .filename = "people.csv" };
	struct import_report rep;
	char *err = NULL;
	if (db_import_people(f->db, &f->sys, in, &o, &rep, &err) != DB_OK || rep.rejected)
		fail_msg("import: %s", err ? err : "rows rejected");
	fclose(in);
	free(path);
}

static int64_t
cell(const struct bm_table *t, int row, const char *key)
{
	for (int c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].key, key) == 0)
			return t->rows[row].v[c];
	fail_msg("no column %s", key);
	return -1;
}

static void
test_bm01_rows_and_cells(void **state)
{
	struct dbfix_env *f = *state;
	load(f);
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct bm_table *t;
	assert_int_equal(bm_new(f->db, BM01, &org, DATE, &t, &err), DB_OK);
	assert_int_equal(t->nrows, 3);
	assert_string_equal(t->rows[0].code, FIX_HN_NV);
	assert_string_equal(t->rows[1].code, FIX_HN);
	assert_string_equal(t->rows[2].code, "");
	/* The child: four civil servants at work (not the public employee, not the
	 * retired one). */
	static const struct { const char *key; int64_t child, own; } want[] = {
		{ "total", 4, 1 }, { "female", 2, 0 }, { "party", 1, 1 },
		{ "ethnic_minority", 1, 1 }, { "religious", 1, 0 },
		{ "rank_a3", 0, 1 }, { "rank_a2", 1, 0 }, { "rank_a1", 1, 0 },
		{ "rank_a0_b", 1, 0 }, { "rank_c", 1, 0 },
		{ "degree_doctor", 1, 0 }, { "degree_master", 1, 1 },
		{ "degree_bachelor", 1, 0 }, { "politics_advanced", 1, 0 },
		{ "politics_bachelor", 0, 1 },
		{ "age_to_30", 1, 0 }, { "age_31_40", 1, 0 }, { "age_41_50", 0, 0 },
		{ "age_51_60", 1, 1 }, { "age_women_51_55", 1, 0 }, { "age_men_56_60", 0, 1 },
		{ "past_retirement_age", 1, 0 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (cell(t, 0, want[i].key) != want[i].child ||
		    cell(t, 1, want[i].key) != want[i].own)
			fail_msg("%s: %lld and %lld, not %lld and %lld", want[i].key,
			    (long long)cell(t, 0, want[i].key),
			    (long long)cell(t, 1, want[i].key), (long long)want[i].child,
			    (long long)want[i].own);
		assert_int_equal(cell(t, 2, want[i].key), want[i].child + want[i].own);
	}
	/* The JSON: the same numbers, the form and the date. */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	bm_write(t, REPORT_JSON, mem);
	fclose(mem);
	cJSON *j = cJSON_Parse(buf);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "form")->valuestring, "BM01/BNV");
	assert_string_equal(cJSON_GetObjectItem(j, "date")->valuestring, DATE);
	cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "rows"), 0);
	assert_int_equal(cJSON_GetObjectItem(r0, "total")->valueint, 4);
	cJSON_Delete(j);
	free(buf);
	/* The text names the agency and the date. */
	mem = open_memstream(&buf, &len);
	bm_write(t, REPORT_TEXT, mem);
	fclose(mem);
	assert_non_null(strstr(buf, "BM01/BNV"));
	assert_non_null(strstr(buf, "31/12/2026"));
	assert_non_null(strstr(buf, FIX_HN));
	free(buf);
	bm_free(t);
	/* BM02: the commune-level one only. */
	assert_int_equal(bm_new(f->db, BM02, &org, DATE, &t, &err), DB_OK);
	assert_int_equal(cell(t, 0, "total"), 0);
	assert_int_equal(cell(t, 1, "total"), 1);
	assert_int_equal(cell(t, 1, "rank_a0_b"), 1);
	bm_free(t);
}

/* As at the end of 2025, made later: who was at work then, and a Party member. */
static void
test_bm01_as_of_a_past_date(void **state)
{
	struct dbfix_env *f = *state;
	const char *csv = "id_number,full_name,date_of_birth,sex,org_code,staff_category,"
	    "employment_status,employment_status_date,recruitment_date,party_join_date\n"
	    "001080000001,Lê Văn Một,1980-01-01,M," FIX_HN_NV ",cong_chuc,retired,2026-06-30,"
	    "2000-01-01,2010-01-01\n"
	    "001080000002,Lê Văn Hai,1980-01-01,M," FIX_HN_NV ",cong_chuc,,,2026-01-15,\n"
	    "001080000003,Lê Văn Ba,1980-01-01,M," FIX_HN_NV ",cong_chuc,,,2001-01-01,2026-03-03\n"
	    "001080000004,Lê Văn Bốn,1980-01-01,M," FIX_HN_NV ",cong_chuc,resigned,2025-05-05,"
	    "2001-01-01,\n";
	char *path = dbfix_file(f->dir, "people.csv", csv);
	FILE *in = fopen(path, "r");
	struct import_opts o = { .filename = "people.csv" };
	struct import_report rep;
	char *err = NULL;
	if (db_import_people(f->db, &f->sys, in, &o, &rep, &err) != DB_OK || rep.rejected)
		fail_msg("import: %s", err ? err : "rows rejected");
	fclose(in);
	free(path);
	struct org_info org;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct bm_table *t;
	assert_int_equal(bm_new(f->db, BM01, &org, "2025-12-31", &t, &err), DB_OK);
	/* Một (retired in 2026) and Ba; not Hai (recruited in 2026), not Bốn (left in
	 * 2025). Ba joined the Party in 2026: Một alone is a member then. */
	assert_int_equal(cell(t, 0, "total"), 2);
	assert_int_equal(cell(t, 0, "party"), 1);
	bm_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bm01_rows_and_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bm01_as_of_a_past_date, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
