/*
 * Agencies merged and split (db/org_change.c) on a real file: two agencies of
 * 10,000 people each merged into a new one, then the merge undone by a split.
 * After each: everyone where they should be, the kept headcounts equal to a
 * recount, each person's work history closed and extended, one audit row for the
 * action and one per person, every live row matching its last audit row and the
 * chain intact (what hoso check checks). A dry run changes nothing; add, rename and
 * move of one agency; refusals; the agency's name with its province, as the 2C
 * prints it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "db/audit.h"
#include "db/check.h"
#include "db/import.h"
#include "db/org.h"
#include "db/stat.h"
#include "report/resume_2c.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define A     "000.00.10.H01"	/* under FIX_HN */
#define B     "000.00.11.H01"	/* under FIX_HN */
#define A_SUB "000.01.10.H01"	/* under A */
#define C     "000.00.12.H01"	/* made by the merge */
#define PER   10000

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("orgchange");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

static long long
q(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_sqlite(db)));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return n;
}

/* What hoso check checks, all of it passing. */
static void
assert_check_passes(struct db *db, const char *when)
{
	char *problems = NULL, *err = NULL;
	assert_int_equal(db_check_integrity(db, &problems, &err), DB_OK);
	if (problems != NULL)
		fail_msg("%s: integrity: %s", when, problems);
	struct audit_verdict v;
	assert_int_equal(db_audit_check(db, &v, &err), DB_OK);
	if (v.fault != AUDIT_OK)
		fail_msg("%s: audit chain broken at %lld", when, (long long)v.bad_seq);
	for (int items = 0; items < 2; items++) {
		struct row_findings f;
		assert_int_equal(db_check_rows(db, items, &f, &err), DB_OK);
		if (f.bad != 0)
			fail_msg("%s: %s row %lld does not match its audit (fault %d)", when,
			    items ? "sub-record" : "person", (long long)f.bad_id, f.fault);
	}
	struct stat_findings sf;
	assert_int_equal(db_stat_check(db, &sf, &err), DB_OK);
	if (sf.bad != 0)
		fail_msg("%s: headcount of %s %s=%s kept %lld, counted %lld", when, sf.org_code,
		    sf.breakdown, sf.value, (long long)sf.kept, (long long)sf.counted);
}

/* Each agency's kept total of people by sex equals its subtree's people. */
static void
assert_totals(struct db *db, const char *code, long long want)
{
	long long kept = q(db, "SELECT coalesce(sum(n), 0) FROM stat_count s JOIN org o ON"
	    " o.id = s.org_id WHERE o.code = %Q AND s.breakdown = 'sex'", code);
	long long have = q(db, "SELECT count(*) FROM person p JOIN org x ON x.id = p.org_id,"
	    " org o WHERE o.code = %Q AND substr(x.path, 1, length(o.path)) = o.path AND"
	    " coalesce(p.employment_status, '') IN ('', 'working', 'on_leave')", code);
	assert_int_equal(kept, have);
	if (want >= 0)
		assert_int_equal(have, want);
}

static void
add_org(struct dbfix_env *f, const char *code, const char *name, const char *parent)
{
	char *err = NULL;
	if (db_org_add(f->db, &f->sys, code, name, parent, "2010-01-01", &err) != DB_OK)
		fail_msg("org add %s: %s", code, err);
}

/* PER people in A (one in A_SUB out of each 100) and PER in B, each with an open
 * work-history row; ID numbers 0010800xxxxx (A) and 0010810xxxxx (B). */
static void
load(struct dbfix_env *f)
{
	add_org(f, A, "Sở Nội vụ tỉnh Hà Giang", FIX_HN);
	add_org(f, B, "Sở Nội vụ tỉnh Tuyên Quang", FIX_HN);
	add_org(f, A_SUB, "Phòng Tổ chức", A);
	struct strbuf p, it;
	sb_init(&p);
	sb_init(&it);
	sb_adds(&p, "id_number,full_name,date_of_birth,sex,org_code,staff_category\n");
	sb_adds(&it, "id_number,kind,date_from,date_to,data\n");
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < PER; i++) {
			const char *org = k == 0 ? (i % 100 == 7 ? A_SUB : A) : B;
			char sex = i % 3 ? 'M' : 'F';
			sb_addf(&p, "001%d80%d%05d,Nguyễn Văn An,1980-%02d-%02d,%c,%s,cong_chuc\n",
			    sex == 'F', k, i, 1 + i % 12, 1 + i % 28, sex, org);
			if (i % 2 == 0)
				sb_addf(&it, "001%d80%d%05d,work,2015-03-01,,\"{\"\"agency\"\":"
				    "\"\"Sở cũ\"\"}\"\n", sex == 'F', k, i);
		}
	char *path = dbfix_file(f->dir, "people.csv", p.buf);
	FILE *in = fopen(path, "r");
	struct import_opts o = { .filename = "people.csv" };
	struct import_report rep;
	char *err = NULL;
	if (db_import_people(f->db, &f->sys, in, &o, &rep, &err) != DB_OK || rep.rejected)
		fail_msg("import: %s", err ? err : "rows rejected");
	fclose(in);
	free(path);
	path = dbfix_file(f->dir, "items.csv", it.buf);
	in = fopen(path, "r");
	o.filename = "items.csv";
	if (db_import_items(f->db, &f->sys, in, &o, &rep, &err) != DB_OK || rep.rejected)
		fail_msg("items: %s", err ? err : "rows rejected");
	fclose(in);
	free(path);
	sb_free(&p);
	sb_free(&it);
	struct actor clerk;
	dbfix_account(f->db, "canbo.hagiang", ROLE_CLERK, A, &clerk);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_merge_and_undo_by_split(void **state)
{
	struct dbfix_env *f = *state;
	load(f);
	assert_check_passes(f->db, "after the load");
	long long audit0 = q(f->db, "SELECT count(*) FROM audit");
	long long hn = q(f->db, "SELECT count(*) FROM person");

	/* A dry run says what would move and changes nothing. */
	char *codes[] = { A, B }, *err = NULL;
	struct org_change c;
	assert_int_equal(db_org_merge(f->db, &f->sys, codes, 2, C, "Sở Nội vụ tỉnh Tuyên Quang",
	    "01/07/2025", 1, 1, &c, &err), DB_OK);
	assert_int_equal(c.people, 2 * PER - PER / 100);
	assert_int_equal(c.agencies, 1);
	assert_int_equal(c.accounts, 1);
	assert_string_equal(c.date, "2025-07-01");
	assert_string_equal(c.created, C);
	assert_non_null(strstr(c.people_lines, "001080000001\tNguyễn Văn An\t" A "\t" C "\n"));
	db_org_change_free(&c);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit"), audit0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org WHERE code = %Q", C), 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org WHERE valid_to IS NOT NULL"), 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE o.code = %Q", A), PER - PER / 100);

	/* The merge: fast, one transaction. */
	double t0 = now_s();
	assert_int_equal(db_org_merge(f->db, &f->sys, codes, 2, C, "Sở Nội vụ tỉnh Tuyên Quang",
	    "2025-07-01", 0, 0, &c, &err), DB_OK);
	double took = now_s() - t0;
	print_message("merge of %d people: %.2f s\n", 2 * PER, took);
	assert_true(took < 10.0);
	db_org_change_free(&c);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE o.code = %Q", C), 2 * PER - PER / 100);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person"), hn);
	/* The old agencies stay, closed the day before, pointing at their successor. */
	assert_int_equal(q(f->db, "SELECT count(*) FROM org o JOIN org m ON m.id ="
	    " o.merged_into WHERE o.code IN (%Q, %Q) AND o.valid_to = '2025-06-30' AND"
	    " m.code = %Q", A, B, C), 2);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org s JOIN org p ON p.id = s.parent_id"
	    " WHERE s.code = %Q AND p.code = %Q", A_SUB, C), 1);
	assert_int_equal(q(f->db, "SELECT count(*) FROM account a JOIN org o ON o.id = a.org_id"
	    " WHERE a.username = 'canbo.hagiang' AND o.code = %Q", C), 1);
	/* Work history: the open rows closed the day before, a row from the date each. */
	assert_int_equal(q(f->db, "SELECT count(*) FROM person_item WHERE kind = 'work' AND"
	    " date_from = '2015-03-01' AND date_to = '2025-06-30'"), PER);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person_item WHERE kind = 'work' AND"
	    " date_from = '2025-07-01' AND date_to IS NULL AND data ->> 'agency_code' = %Q",
	    C), 2 * PER - PER / 100);
	/* One row for the merge, one per person moved and history row written. */
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit WHERE action = 'merge' AND"
	    " entity = 'org'"), 1);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit WHERE action = 'move' AND"
	    " entity = 'person' AND seq > %lld", audit0), 2 * PER - PER / 100);
	assert_totals(f->db, C, 2 * PER);
	assert_totals(f->db, A, 0);
	assert_totals(f->db, FIX_HN, hn);
	assert_check_passes(f->db, "after the merge");
	/* A closed agency takes nobody, from a file as from a form. */
	char *bad = dbfix_file(f->dir, "late.csv", "id_number,full_name,date_of_birth,sex,"
	    "org_code,staff_category\n001080999999,Lê Văn Muộn,1980-01-01,M," A ",cong_chuc\n");
	FILE *in = fopen(bad, "r");
	char *said = NULL;
	size_t said_len = 0;
	FILE *rep_out = open_memstream(&said, &said_len);
	struct import_opts o = { .filename = "late.csv", .report = rep_out };
	struct import_report rep;
	int irc = db_import_people(f->db, &f->sys, in, &o, &rep, &err);
	fclose(rep_out);
	fclose(in);
	free(bad);
	assert_true(irc != DB_OK || rep.rejected == 1);
	if (strstr(said, "merged into " C) == NULL && (err == NULL ||
	    strstr(err, "merged into " C) == NULL))
		fail_msg("the refusal does not name the successor: %s / %s", said, err);
	free(said);
	free(err);
	err = NULL;
	assert_int_equal(q(f->db, "SELECT count(*) FROM person WHERE id_number ="
	    " '001080999999'"), 0);

	/* Undone by the opposite action: the plan sends A's people, A_SUB and the
	 * account back to A, the rest to B; both open again, C closes. */
	struct strbuf plan;
	sb_init(&plan);
	sb_adds(&plan, "member,to\n" A_SUB "," A "\n@canbo.hagiang," A "\n*," B "\n");
	for (int i = 0; i < PER; i++)
		if (i % 100 != 7)
			sb_addf(&plan, "001%d800%05d,%s\n", i % 3 == 0, i, A);
	char *path = dbfix_file(f->dir, "plan.csv", plan.buf);
	sb_free(&plan);
	in = fopen(path, "r");
	t0 = now_s();
	assert_int_equal(db_org_split(f->db, &f->sys, C, in, "plan.csv", "2026-01-01", 0, 0,
	    &c, &err), DB_OK);
	print_message("split of %d people: %.2f s\n", 2 * PER, now_s() - t0);
	fclose(in);
	free(path);
	assert_string_equal(c.reopened, A " " B);
	assert_string_equal(c.closed, C);
	assert_int_equal(c.people, 2 * PER - PER / 100);
	db_org_change_free(&c);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org WHERE code IN (%Q, %Q) AND"
	    " valid_to IS NULL AND merged_into IS NULL", A, B), 2);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org WHERE code = %Q AND valid_to ="
	    " '2025-12-31'", C), 1);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE o.code = %Q AND p.id_number LIKE '001_800%%'", A), PER - PER / 100);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE o.code = %Q AND p.id_number LIKE '001_801%%'", B), PER);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org s JOIN org p ON p.id = s.parent_id"
	    " WHERE s.code = %Q AND p.code = %Q", A_SUB, A), 1);
	/* Three rows of history each now: before, during and after the merge. */
	assert_int_equal(q(f->db, "SELECT count(*) FROM person_item WHERE kind = 'work' AND"
	    " date_from = '2025-07-01' AND date_to = '2025-12-31'"), 2 * PER - PER / 100);
	assert_totals(f->db, A, PER);
	assert_totals(f->db, B, PER);
	assert_totals(f->db, C, 0);
	assert_totals(f->db, FIX_HN, hn);
	assert_check_passes(f->db, "after the split");
}

static void
test_refusals_and_one_agency_edits(void **state)
{
	struct dbfix_env *f = *state;
	char *err = NULL;
	add_org(f, A, "Sở A", FIX_HN);
	add_org(f, A_SUB, "Phòng A", A);
	dbfix_person(f->db, &f->sys, "001180000001", "Trần Thị Bình", "1980-01-01", "F",
	    A_SUB);
	/* Into its own subtree, a closed agency, an unknown one without a name. */
	struct org_change c;
	char *one[] = { A };
	assert_int_equal(db_org_merge(f->db, &f->sys, one, 1, A_SUB, NULL, NULL, 0, 0, &c,
	    &err), DB_INVALID);
	free(err);
	assert_int_equal(db_org_merge(f->db, &f->sys, one, 1, "000.09.99.H01", NULL, NULL, 0,
	    0, &c, &err), DB_INVALID);
	assert_non_null(strstr(err, "name"));
	free(err);
	/* A clerk may not change the tree; an agency administrator only under its own. */
	struct actor clerk, hcm_admin;
	dbfix_account(f->db, "canbo", ROLE_CLERK, FIX_HN, &clerk);
	dbfix_account(f->db, "qt.hcm", ROLE_AGENCY_ADMIN, FIX_HCM, &hcm_admin);
	assert_int_equal(db_org_merge(f->db, &clerk, one, 1, FIX_HN_NV, NULL, NULL, 0, 0, &c,
	    &err), DB_DENIED);
	free(err);
	assert_int_equal(db_org_merge(f->db, &hcm_admin, one, 1, FIX_HCM_YT, NULL, NULL, 0, 0,
	    &c, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_org_rename(f->db, &hcm_admin, A, "X", &err), DB_DENIED);
	free(err);
	/* A split that leaves someone without a place changes nothing. */
	char *path = dbfix_file(f->dir, "plan.csv", "member,to,to_name\n001180000001,"
	    "000.00.20.H01,Phòng mới\n");
	FILE *in = fopen(path, "r");
	assert_int_equal(db_org_split(f->db, &f->sys, A_SUB, in, "plan.csv", NULL, 1, 0, &c,
	    &err), DB_OK);
	fclose(in);
	assert_string_equal(c.closed, A_SUB);
	db_org_change_free(&c);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org WHERE code = '000.00.20.H01'"), 0);
	free(path);
	path = dbfix_file(f->dir, "plan2.csv", "member,to\n@nobody," FIX_HN_NV "\n");
	in = fopen(path, "r");
	assert_int_equal(db_org_split(f->db, &f->sys, A_SUB, in, "plan2.csv", NULL, 0, 0, &c,
	    &err), DB_INVALID);
	fclose(in);
	free(path);
	free(err);
	/* A split for real, undone by a merge back into the agency it closed. */
	path = dbfix_file(f->dir, "plan3.csv", "member,to,to_name\n001180000001,"
	    "000.00.20.H01,Phòng mới\n");
	in = fopen(path, "r");
	assert_int_equal(db_org_split(f->db, &f->sys, A_SUB, in, "plan3.csv", "2026-01-01", 0,
	    0, &c, &err), DB_OK);
	fclose(in);
	free(path);
	db_org_change_free(&c);
	assert_totals(f->db, "000.00.20.H01", 1);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org WHERE code = %Q AND valid_to ="
	    " '2025-12-31' AND merged_into IS NULL", A_SUB), 1);
	char *back[] = { "000.00.20.H01" };
	assert_int_equal(db_org_merge(f->db, &f->sys, back, 1, A_SUB, NULL, "2026-02-01", 0, 0,
	    &c, &err), DB_OK);
	assert_string_equal(c.reopened, A_SUB);
	db_org_change_free(&c);
	assert_int_equal(q(f->db, "SELECT count(*) FROM org WHERE code = %Q AND valid_to IS"
	    " NULL", A_SUB), 1);
	assert_totals(f->db, A_SUB, 1);
	assert_totals(f->db, "000.00.20.H01", 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person_item WHERE kind = 'work'"), 2);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person_item WHERE kind = 'work' AND"
	    " date_from = '2026-01-01' AND date_to = '2026-01-31'"), 1);
	assert_check_passes(f->db, "after a split and the merge back");
	/* Rename and move, the counts following the moved subtree. */
	assert_int_equal(db_org_rename(f->db, &f->sys, A, "Sở Nội vụ", &err), DB_OK);
	assert_int_equal(db_org_move(f->db, &f->sys, A, FIX_HCM, &err), DB_OK);
	assert_totals(f->db, FIX_HCM, 1);
	assert_totals(f->db, FIX_HN, 0);
	assert_int_equal(db_org_move(f->db, &f->sys, A, A_SUB, &err), DB_INVALID);
	free(err);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit WHERE entity = 'org' AND action"
	    " IN ('update', 'move')"), 2);
	assert_check_passes(f->db, "after a rename and a move");
}

/* The agency's name with its province, on screens and in the 2C. */
static void
test_label_with_province(void **state)
{
	struct dbfix_env *f = *state;
	char *l = db_org_label_new(f->db, FIX_HN_NV);
	assert_string_equal(l, "Sở Nội vụ Hà Nội (TP Hà Nội)");
	free(l);
	l = db_org_label_new(f->db, FIX_HN);
	assert_string_equal(l, "UBND TP Hà Nội");
	free(l);
	l = db_org_label_new(f->db, "000.99.99.H99");
	assert_string_equal(l, "");
	free(l);
	int64_t id = dbfix_person(f->db, &f->sys, "001180000001", "Trần Thị Bình",
	    "1980-01-01", "F", FIX_HN_NV);
	char *err = NULL;
	char *text = resume_2c_new(f->db, &f->sys, id, &err);
	assert_non_null(text);
	assert_non_null(strstr(text, "Sở Nội vụ Hà Nội (TP Hà Nội)"));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge_and_undo_by_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_and_one_agency_edits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_label_with_province, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
