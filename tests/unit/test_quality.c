/*
 * The data-quality report (report/quality.c) on a hand-made register: a complete,
 * verified record has no finding; a missing field, each identity state but
 * "verified", a value outside its code list and a pair with the same name and
 * date of birth under two ID numbers are each found, once, naming the record; a
 * pair with one side outside the agency's subtree is not shown.
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
#include "report/quality.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("quality");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

#define FULL ",01,01,01.003,A1,3,dh,2010-01-01\n"

static void
load(struct dbfix_env *f)
{
	const char *csv = "id_number,full_name,date_of_birth,sex,org_code,ethnicity,"
	    "religion,rank_code,salary_scale,salary_step,highest_degree,recruitment_date\n"
	    "001080000001,Lê Văn Đủ,1980-01-01,M," FIX_HN_NV FULL
	    "001080000002,Lê Văn Thiếu,1980-01-02,M," FIX_HN_NV ",,01,01.003,A1,3,dh,"
	    "2010-01-01\n"
	    "001080000003,Trần Văn Trùng,1980-01-03,M," FIX_HN_NV FULL
	    "001080000004,Tran Van Trung,1980-01-03,M," FIX_HN FULL
	    "001080000005,Phạm Văn Xa,1980-01-04,M," FIX_HN FULL
	    "001080000006,Phạm Văn Xa,1980-01-04,M," FIX_HCM FULL
	    "001080000007,Đỗ Văn Mã,1980-01-05,M," FIX_HN FULL;
	char *path = dbfix_file(f->dir, "people.csv", csv);
	FILE *in = fopen(path, "r");
	/* The staff category, which the import requires, is not what these rows
	 * are about: one for all of them. */
	struct record *set = record_new();
	record_set(set, "staff_category", "cong_chuc");
	struct import_opts o = { .filename = "people.csv", .set = set };
	struct import_report rep;
	char *err = NULL;
	if (db_import_people(f->db, &f->sys, in, &o, &rep, &err) != DB_OK || rep.rejected)
		fail_msg("import: %s", err ? err : "rows rejected");
	fclose(in);
	free(path);
	/* Verified but for 002 (mismatch) and 003 (left unchecked); 007's ethnicity a
	 * code the list no longer has, as an old import could leave. */
	char *msg = NULL;
	if (sqlite3_exec(db_sqlite(f->db), "UPDATE person SET verify_state = CASE id_number"
	    " WHEN '001080000002' THEN 'mismatch' WHEN '001080000003' THEN 'unchecked'"
	    " ELSE 'verified' END; UPDATE person SET ethnicity = '99' WHERE id_number ="
	    " '001080000007'", NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s", msg);
	record_free(set);
}

static int
found(const struct quality *q, enum quality_kind k, const char *idn, const char *what)
{
	int n = 0;
	for (int i = 0; i < q->n; i++)
		if (q->list[i].kind == k && strcmp(q->list[i].who.id_number, idn) == 0) {
			n++;
			if (what != NULL && strstr(q->list[i].key, what) == NULL)
				fail_msg("%s: \"%s\" lacks %s", idn, q->list[i].key, what);
		}
	return n;
}

static void
test_quality_findings(void **state)
{
	struct dbfix_env *f = *state;
	load(f);
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct quality *q;
	assert_int_equal(quality_new(f->db, &org, &q, &err), DB_OK);
	assert_int_equal(q->people, 6);
	for (int k = 0; k < Q_NKINDS; k++)
		assert_int_equal(found(q, (enum quality_kind)k, "001080000001", NULL), 0);
	assert_int_equal(found(q, Q_MISSING, "001080000002", "ethnicity"), 1);
	assert_int_equal(q->count[Q_MISSING], 1);
	assert_int_equal(found(q, Q_IDENTITY, "001080000002", "mismatch"), 1);
	assert_int_equal(found(q, Q_IDENTITY, "001080000003", "unchecked"), 1);
	assert_int_equal(q->count[Q_IDENTITY], 2);
	/* The folded name finds the pair; each side names the other. */
	assert_int_equal(found(q, Q_DUPLICATE, "001080000003", "001080000004"), 1);
	assert_int_equal(found(q, Q_DUPLICATE, "001080000004", "001080000003"), 1);
	/* 005's namesake is in Hồ Chí Minh: not this subtree's to show. */
	assert_int_equal(found(q, Q_DUPLICATE, "001080000005", NULL), 0);
	assert_int_equal(q->count[Q_DUPLICATE], 2);
	assert_int_equal(found(q, Q_CODE, "001080000007", "ethnicity"), 1);
	assert_int_equal(q->count[Q_CODE], 1);
	/* By kind, in the report's order. */
	for (int i = 1; i < q->n; i++)
		assert_true(q->list[i - 1].kind <= q->list[i].kind);
	quality_free(q);
	/* The nation sees the other pair too. */
	assert_int_equal(db_stat_scope(f->db, &f->sys, NULL, &org, &err), DB_OK);
	assert_int_equal(quality_new(f->db, &org, &q, &err), DB_OK);
	assert_int_equal(found(q, Q_DUPLICATE, "001080000005", "001080000006"), 1);
	quality_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_quality_findings, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
