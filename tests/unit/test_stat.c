/*
 * The kept headcounts (db/stat.c) and the summary and retirement reports built on
 * them, against counts computed here independently: plain SQL over the person
 * table per breakdown, and ages and retirement months worked out person by person.
 * Checked after a first load, saves, deletes and a batched import; hoso check's
 * recount finds a tampered count; scope is refused outside the account's subtree;
 * the JSON has the contract's shape.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/retire.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "db/import.h"
#include "db/org.h"
#include "db/person.h"
#include "db/stat.h"
#include "report/retirement.h"
#include "report/summary.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2026-07-15"
#define AT_WORK "coalesce(employment_status, '') IN ('', 'working', 'on_leave')"

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("stat");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

/* Each breakdown as plain SQL giving (org_id, value) per person counted. */
static const struct {
	const char *name;
	const char *sql;
} expect_sql[] = {
	{ "sex", "SELECT org_id, sex FROM person WHERE " AT_WORK },
	{ "birth", "SELECT org_id, sex || substr(date_of_birth, 1, 7) FROM person WHERE "
	    AT_WORK },
	{ "staff_category", "SELECT org_id, ifnull(staff_category, '') FROM person WHERE "
	    AT_WORK },
	{ "ethnicity", "SELECT org_id, ifnull(ethnicity, '') FROM person WHERE " AT_WORK },
	{ "religion", "SELECT org_id, ifnull(religion, '') FROM person WHERE " AT_WORK },
	{ "rank", "SELECT org_id, ifnull(rank_code, '') FROM person WHERE " AT_WORK },
	{ "position", "SELECT org_id, ifnull(position, '') FROM person WHERE " AT_WORK },
	{ "rank_group", "SELECT org_id, ifnull(data ->> 'salary_scale', '') FROM person WHERE "
	    AT_WORK },
	{ "women_leaders", "SELECT org_id, position FROM person WHERE " AT_WORK
	    " AND sex = 'F' AND ifnull(position, '') <> ''" },
	{ "highest_degree", "SELECT org_id, ifnull(data ->> 'highest_degree', '') FROM"
	    " person WHERE " AT_WORK },
	{ "political_theory", "SELECT org_id, ifnull(data ->> 'political_theory', '') FROM"
	    " person WHERE " AT_WORK },
	{ "state_management", "SELECT org_id, ifnull(data ->> 'state_management', '') FROM"
	    " person WHERE " AT_WORK },
	{ "foreign_language", "SELECT org_id, ifnull(data ->> 'foreign_language', '') FROM"
	    " person WHERE " AT_WORK },
	{ "it_level", "SELECT org_id, ifnull(data ->> 'it_level', '') FROM person WHERE "
	    AT_WORK },
	{ "party", "SELECT org_id, CASE WHEN ifnull(data ->> 'party_join_date', '') = ''"
	    " THEN 'not_member' ELSE 'member' END FROM person WHERE " AT_WORK },
	{ "employment_status", "SELECT org_id, ifnull(employment_status, '') FROM person" },
};
#define NEXPECT ((int)(sizeof expect_sql / sizeof expect_sql[0]))

static long long
count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_sqlite(db)));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Every kept breakdown, per agency subtree and value, equals its plain GROUP BY. */
static void
assert_counts_right(struct db *db, const char *when)
{
	for (int i = 0; db_stat_breakdown(i) != NULL; i++) {
		int k = 0;
		while (k < NEXPECT && strcmp(expect_sql[k].name, db_stat_breakdown(i)) != 0)
			k++;
		if (k == NEXPECT)
			fail_msg("breakdown %s has no independent count here", db_stat_breakdown(i));
	}
	for (int k = 0; k < NEXPECT; k++) {
		/* Each agency's count is its subtree's (by the paths), the nation's 0. */
		char *q = xasprintf("WITH e0(o, v) AS (%s), e(o, v, n) AS (SELECT a.id, v, count(*)"
		    " FROM e0 JOIN org p ON p.id = e0.o JOIN org a ON substr(p.path, 1,"
		    " length(a.path)) = a.path GROUP BY a.id, v UNION ALL SELECT 0, v, count(*)"
		    " FROM e0 GROUP BY v), s(o, v, n) AS (SELECT org_id, value, n FROM stat_count"
		    " WHERE breakdown = '%s' AND n <> 0)"
		    " SELECT count(*) FROM (SELECT * FROM e EXCEPT SELECT * FROM s UNION ALL"
		    " SELECT * FROM (SELECT * FROM s EXCEPT SELECT * FROM e))",
		    expect_sql[k].sql, expect_sql[k].name);
		long long bad = count(db, q);
		free(q);
		if (bad != 0)
			fail_msg("%s: breakdown %s: %lld counts differ from a plain GROUP BY", when,
			    expect_sql[k].name, bad);
	}
	struct stat_findings sf;
	char *err = NULL;
	assert_int_equal(db_stat_check(db, &sf, &err), DB_OK);
	assert_int_equal(sf.bad, 0);
	assert_true(sf.cells > 0);
}

/* A varied register: every field counted, several values each, ages on both sides
 * of the band edges on TODAY, people at and off work. */
static char *
register_csv(int n, int first_serial, int shift)
{
	static const char *const orgs[] = { FIX_HN, FIX_HN_NV, FIX_HCM, FIX_HCM_YT };
	static const char *const eth[] = { "01", "02", "01", "04", "" };
	static const char *const rel[] = { "01", "02", "" };
	static const char *const ranks[] = { "01.001", "01.002", "01.003", "" };
	static const char *const pos[] = { "", "", "bi_thu", "pho_bi_thu" };
	static const char *const cat[] = { "cong_chuc", "vien_chuc", "can_bo" };
	static const char *const status[] = { "working", "", "on_leave", "retired", "working",
	    "deceased", "working" };
	static const char *const deg[] = { "ts", "ths", "", "ck2" };
	static const char *const pol[] = { "cao_cap", "", "trung_cap" };
	static const char *const sm[] = { "cvc", "cv", "" };
	static const char *const lang[] = { "en", "fr", "" };
	static const char *const it[] = { "co_ban", "", "nang_cao" };
	static const char *const scale[] = { "A1", "A2.1", "", "B" };
	static const char *const given[] = { "An", "Bình", "Cường", "Dũng", "Hà", "Lan" };
	/* Birthdays around TODAY's band edges: the day decides the band. */
	static const char *const edge[] = { "1996-07-14", "1996-07-15", "1996-07-16",
	    "1985-07-15", "1985-07-16", "1975-07-16", "1975-07-15", "1965-07-16",
	    "1965-07-14", "1966-01-20", "1971-03-02" };
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "id_number,full_name,date_of_birth,sex,org_code,ethnicity,religion,"
	    "rank_code,position,staff_category,employment_status,highest_degree,"
	    "political_theory,state_management,foreign_language,it_level,party_join_date,"
	    "salary_scale\n");
	for (int i = 0; i < n; i++) {
		int s = first_serial + i;
		char dob[16];
		if (i < (int)(sizeof edge / sizeof edge[0]))
			snprintf(dob, sizeof dob, "%s", edge[i]);
		else
			snprintf(dob, sizeof dob, "%04d-%02d-%02d", 1958 + (s * 7) % 46,
			    1 + (s * 5) % 12, 1 + (s * 11) % 28);
		int y = atoi(dob);
		char sex = s % 3 ? 'M' : 'F';
		int digit = (y >= 2000 ? 2 : 0) + (sex == 'F');
		sb_addf(&sb, "001%d%02d%06d,Nguyễn Văn %s,%s,%c,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
		    "%s,%s,%s,%s\n", digit, y % 100, s, given[s % 6], dob, sex, orgs[s % 4],
		    eth[s % 5], rel[s % 3], ranks[s % 4], pos[(s / 2 + shift) % 4], cat[s % 3],
		    status[(s + shift) % 7], deg[(s + shift) % 4], pol[s % 3], sm[(s / 3) % 3], lang[s % 3], it[s % 3],
		    s % 4 == 1 ? "2010-05-19" : "", scale[(s + shift) % 4]);
	}
	return sb_detach(&sb);
}

static void
import_csv(struct dbfix_env *f, const char *text, bool update)
{
	char *path = dbfix_file(f->dir, "people.csv", text);
	FILE *in = fopen(path, "r");
	struct import_opts o = { .filename = "people.csv", .update = update };
	struct import_report rep;
	char *err = NULL;
	if (db_import_people(f->db, &f->sys, in, &o, &rep, &err) != DB_OK)
		fail_msg("import: %s", err);
	if (rep.rejected != 0 || rep.rolled_back)
		fail_msg("import rejected %lld rows", rep.rejected);
	fclose(in);
	free(path);
}

static void
test_first_load_counts_everyone(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(240, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person"), 240);
	/* The first load counted once at its end, and put the triggers back. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'trigger' AND name LIKE 'stat_person_%'"), 3);
	assert_counts_right(f->db, "after the first load");
}

static void
test_saves_deletes_and_batched_import_keep_counts(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(120, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	assert_counts_right(f->db, "after the first load");
	/* A save that moves a person to another agency and changes counted fields, in
	 * columns and in the JSON. */
	char *err = NULL;
	struct record *r;
	int64_t id = count(f->db, "SELECT min(id) FROM person WHERE employment_status ="
	    " 'working'");
	assert_int_equal(db_person_get(f->db, &f->sys, id, "open", &r, &err), DB_OK);
	record_set(r, "org_code", FIX_HCM_YT);
	record_set(r, "position", "bi_thu");
	record_set(r, "highest_degree", "ts");
	record_set(r, "party_join_date", "2001-02-03");
	record_set(r, "ethnicity", "02");
	if (db_person_update(f->db, &f->sys, r, &err) != DB_OK)
		fail_msg("update: %s", err);
	record_free(r);
	assert_counts_right(f->db, "after a save");
	/* Retiring someone takes them out of every breakdown but employment status. */
	id = count(f->db, "SELECT max(id) FROM person WHERE employment_status = 'working'");
	assert_int_equal(db_person_get(f->db, &f->sys, id, "open", &r, &err), DB_OK);
	record_set(r, "employment_status", "retired");
	assert_int_equal(db_person_update(f->db, &f->sys, r, &err), DB_OK);
	record_free(r);
	assert_counts_right(f->db, "after a retirement");
	/* A delete. */
	id = count(f->db, "SELECT min(id) + 7 FROM person");
	int64_t version = count(f->db, "SELECT version FROM person ORDER BY id LIMIT 1 OFFSET 7");
	assert_int_equal(db_person_delete(f->db, &f->sys, id, version, &err), DB_OK);
	assert_counts_right(f->db, "after a delete");
	/* A single insert. */
	dbfix_person(f->db, &f->sys, "079090000001", "Trần Văn Mới", "1990-03-04", "M",
	    FIX_HCM);
	assert_counts_right(f->db, "after an insert");
	/* The batched import (the register is not empty): new people and changed ones. */
	long long before = count(f->db, "SELECT count(*) FROM person");
	csv = register_csv(60, 100, 3);	/* serials 111-120 stored, changed; the rest new */
	import_csv(f, csv, true);
	free(csv);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person"), before + 50);
	assert_true(count(f->db, "SELECT count(*) FROM person WHERE version > 1") >= 11);
	assert_counts_right(f->db, "after a batched import");
}

/* A reorganisation: an agency moves under another parent, and a new one appears;
 * the subtree counts follow. */
static void
test_moving_an_agency_moves_its_counts(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(100, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	assert_counts_right(f->db, "before the move");
	char *path = dbfix_file(f->dir, "orgs.csv", "code,name,parent_code\n"
	    FIX_HN_NV ",Sở Nội vụ," FIX_HCM "\n"
	    "000.00.09.H79,Sở Tài chính," FIX_HCM "\n");
	FILE *in = fopen(path, "r");
	int n;
	char *err = NULL;
	if (db_org_import(f->db, &f->sys, in, "orgs.csv", &n, &err) != DB_OK)
		fail_msg("org import: %s", err);
	fclose(in);
	free(path);
	struct org_info org;
	assert_int_equal(db_org_find(f->db, FIX_HN_NV, &org, &err), DB_OK);
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HCM, &org, &err), DB_OK);
	assert_counts_right(f->db, "after the move");
	dbfix_person(f->db, &f->sys, "079190000002", "Lê Thị Mới", "1990-03-04", "F",
	    "000.00.09.H79");
	assert_counts_right(f->db, "after an insert into the new agency");
}

/* A database of an earlier release: people but no counts nor triggers (what
 * migration 9 leaves). The next open counts everyone and keeps counting. */
static void
test_first_open_after_upgrade_counts(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(80, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "DROP TRIGGER stat_person_ins_1;"
	    " DROP TRIGGER stat_person_del_1; DROP TRIGGER stat_person_upd_1;"
	    " DELETE FROM stat_count; DELETE FROM org_ancestor", NULL, NULL, NULL), SQLITE_OK);
	db_close(f->db);
	char *path = xasprintf("%s/hoso.db", f->dir);
	char *err = NULL;
	if (db_open(path, &f->db, &err) != DB_OK)
		fail_msg("open: %s", err);
	free(path);
	assert_counts_right(f->db, "after the first open");
	dbfix_person(f->db, &f->sys, "079090000001", "Trần Văn Mới", "1990-03-04", "M",
	    FIX_HCM_YT);
	assert_counts_right(f->db, "after an insert");
}

static void
test_check_finds_a_tampered_count(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(50, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	char *err = NULL;
	struct stat_findings sf;
	assert_int_equal(db_stat_check(f->db, &sf, &err), DB_OK);
	assert_int_equal(sf.bad, 0);
	/* Someone edits the table by hand. */
	char *sql = xasprintf("UPDATE stat_count SET n = n + 3 WHERE breakdown = 'rank' AND"
	    " value = '01.002' AND org_id = (SELECT id FROM org WHERE code = '%s')", FIX_HN_NV);
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	assert_int_equal(db_stat_check(f->db, &sf, &err), DB_OK);
	assert_int_equal(sf.bad, 1);
	assert_string_equal(sf.org_code, FIX_HN_NV);
	assert_string_equal(sf.breakdown, "rank");
	assert_string_equal(sf.value, "01.002");
	assert_int_equal(sf.kept, sf.counted + 3);
	/* A count deleted outright is found too. */
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "DELETE FROM stat_count WHERE"
	    " breakdown = 'sex' AND value = 'F' AND org_id = (SELECT min(org_id) FROM"
	    " stat_count WHERE breakdown = 'sex' AND value = 'F')", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(db_stat_check(f->db, &sf, &err), DB_OK);
	assert_int_equal(sf.bad, 2);
}

/* Decree 135/2020's table: a few rows of each sex. */
static void
test_retirement_schedule(void **state)
{
	(void)state;
	static const struct { char sex; int y, m, ry, rm; } rows[] = {
		{ 'M', 1960, 9, 2020, 9 },	/* 60, before the rise */
		{ 'M', 1961, 1, 2021, 4 },	/* 60 years 3 months */
		{ 'M', 1961, 9, 2021, 12 },
		{ 'M', 1961, 10, 2022, 4 },	/* 60 years 6 months */
		{ 'M', 1966, 4, 2028, 4 },	/* 62 from 2028 */
		{ 'F', 1965, 12, 2020, 12 },	/* 55 */
		{ 'F', 1966, 1, 2021, 5 },	/* 55 years 4 months */
		{ 'F', 1966, 9, 2022, 5 },	/* 55 years 8 months */
		{ 'F', 1975, 5, 2035, 5 },	/* 60 from 2035 */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int at = retire_month(rows[i].sex, rows[i].y, rows[i].m);
		if (at != rows[i].ry * 12 + rows[i].rm - 1)
			fail_msg("%c born %d-%02d retires %d-%02d, not %d-%02d", rows[i].sex,
			    rows[i].y, rows[i].m, at / 12, at % 12 + 1, rows[i].ry, rows[i].rm);
	}
}

static const struct summary_group *
group(const struct summary *s, const char *name)
{
	for (int k = 0; k < s->ngroups; k++)
		if (strcmp(s->groups[k].name, name) == 0)
			return &s->groups[k];
	fail_msg("no group %s", name);
	return NULL;
}

static int64_t
row_n(const struct summary_group *g, const char *key)
{
	for (int i = 0; i < g->nrows; i++)
		if (strcmp(g->rows[i].key, key) == 0)
			return g->rows[i].n;
	return 0;
}

/* The summary of the agency code (and its child), or of the nation (NULL). */
static void
check_summary(struct dbfix_env *f, const char *code, const char *child)
{
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, code, &org, &err), DB_OK);
	struct summary *s;
	assert_int_equal(summary_new(f->db, &org, TODAY, &s, &err), DB_OK);
	/* Each person of the subtree at work, counted here from their own row. */
	int64_t band[5] = { 0 }, within = 0, past = 0, total = 0, kinh = 0, minority = 0;
	sqlite3_stmt *st;
	char *q = code == NULL ? xstrdup("SELECT date_of_birth, sex, ifnull(ethnicity, '')"
	    " FROM person WHERE " AT_WORK) : xasprintf("SELECT p.date_of_birth, p.sex,"
	    " ifnull(p.ethnicity, '') FROM person p JOIN org o ON o.id = p.org_id WHERE"
	    " o.code IN ('%s', '%s') AND " AT_WORK, code, child);
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(f->db), q, -1, &st, NULL), SQLITE_OK);
	free(q);
	int now = 2026 * 12 + 6;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *dob = (const char *)sqlite3_column_text(st, 0);
		const char *eth = (const char *)sqlite3_column_text(st, 2);
		int age = date_age(dob, TODAY);
		band[age < 30 ? 0 : age <= 40 ? 1 : age <= 50 ? 2 : age <= 60 ? 3 : 4]++;
		int at = retire_month(sqlite3_column_text(st, 1)[0], atoi(dob), atoi(dob + 5));
		if (at < now)
			past++;
		else if (at < now + 60)
			within++;
		total++;
		kinh += strcmp(eth, "01") == 0;
		minority += *eth && strcmp(eth, "01") != 0;
	}
	sqlite3_finalize(st);
	assert_true(total > 20);
	assert_int_equal(s->total, total);
	static const char *const bands[] = { "under_30", "30_40", "41_50", "51_60", "over_60" };
	const struct summary_group *g = group(s, "age_band");
	for (int i = 0; i < 5; i++)
		if (row_n(g, bands[i]) != band[i])
			fail_msg("age band %s: %lld, counted %lld", bands[i],
			    (long long)row_n(g, bands[i]), (long long)band[i]);
	g = group(s, "retirement");
	assert_int_equal(row_n(g, "within_5_years"), within);
	assert_int_equal(row_n(g, "past_age"), past);
	g = group(s, "ethnic_minority");
	assert_int_equal(row_n(g, "kinh"), kinh);
	assert_int_equal(row_n(g, "minority"), minority);
	/* Every kept breakdown sums to the total but the two that count otherwise. */
	for (int k = 0; k < s->ngroups; k++) {
		const char *name = s->groups[k].name;
		if (strcmp(name, "women_leaders") == 0 || strcmp(name, "employment_status") == 0 ||
		    strcmp(name, "retirement") == 0)
			continue;
		int64_t sum = 0;
		for (int i = 0; i < s->groups[k].nrows; i++)
			sum += s->groups[k].rows[i].n;
		if (sum != total)
			fail_msg("group %s sums to %lld, not %lld", name, (long long)sum,
			    (long long)total);
	}
	summary_free(s);
}

static void
test_summary_ages_and_retirement_person_by_person(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(300, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	check_summary(f, FIX_HN, FIX_HN_NV);
	check_summary(f, NULL, NULL);
}

static void check_retirement(struct dbfix_env *f, const char *code, const char *child);

static void
test_retirement_alert_lists_who_retires(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(400, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	check_retirement(f, FIX_HCM, FIX_HCM_YT);
	check_retirement(f, NULL, NULL);
}

/* The alert for the agency code (and its child), or the nation (NULL). */
static void
check_retirement(struct dbfix_env *f, const char *code, const char *child)
{
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, code, &org, &err), DB_OK);
	struct retirement *r;
	assert_int_equal(retirement_new(f->db, &org, TODAY, 18, &r, &err), DB_OK);
	int now = 2026 * 12 + 6, expected = 0;
	sqlite3_stmt *st;
	char *q = code == NULL ? xstrdup("SELECT id_number, date_of_birth, sex FROM person"
	    " WHERE " AT_WORK) : xasprintf("SELECT p.id_number, p.date_of_birth, p.sex FROM"
	    " person p JOIN org o ON o.id = p.org_id WHERE o.code IN ('%s', '%s') AND "
	    AT_WORK, code, child);
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(f->db), q, -1, &st, NULL), SQLITE_OK);
	free(q);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *idn = (const char *)sqlite3_column_text(st, 0);
		const char *dob = (const char *)sqlite3_column_text(st, 1);
		int at = retire_month(sqlite3_column_text(st, 2)[0], atoi(dob), atoi(dob + 5));
		if (at < now || at > now + 18)
			continue;
		expected++;
		int found = 0;
		for (int i = 0; i < r->n; i++)
			found |= strcmp(r->list[i].who.id_number, idn) == 0;
		if (!found)
			fail_msg("%s (born %s) retires in the window but is not listed", idn, dob);
	}
	sqlite3_finalize(st);
	assert_true(expected > 0);
	assert_int_equal(r->n, expected);
	for (int i = 1; i < r->n; i++)
		assert_true(strcmp(r->list[i - 1].date, r->list[i].date) <= 0);
	retirement_free(r);
}

static void
test_scope_is_enforced(void **state)
{
	struct dbfix_env *f = *state;
	struct actor clerk, viewer, self;
	dbfix_account(f->db, "clerk_hn", ROLE_CLERK, FIX_HN, &clerk);
	dbfix_account(f->db, "viewer_yt", ROLE_VIEWER, FIX_HCM_YT, &viewer);
	dbfix_account(f->db, "self_hn", ROLE_SELF, FIX_HN_NV, &self);
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &clerk, FIX_HCM, &org, &err), DB_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(db_stat_scope(f->db, &viewer, FIX_HCM, &org, &err), DB_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(db_stat_scope(f->db, &self, NULL, &org, &err), DB_DENIED);
	free(err);
	err = NULL;
	/* Without --org: the account's own agency, not the nation. */
	assert_int_equal(db_stat_scope(f->db, &clerk, NULL, &org, &err), DB_OK);
	assert_string_equal(org.code, FIX_HN);
	assert_int_equal(db_stat_scope(f->db, &clerk, FIX_HN_NV, &org, &err), DB_OK);
	assert_int_equal(db_stat_scope(f->db, &viewer, NULL, &org, &err), DB_OK);
	assert_string_equal(org.code, FIX_HCM_YT);
	assert_int_equal(db_stat_scope(f->db, &f->sys, NULL, &org, &err), DB_OK);
	assert_int_equal(org.id, 0);
	/* A run is audited with its report and agency. */
	assert_int_equal(db_stat_scope(f->db, &viewer, NULL, &org, &err), DB_OK);
	assert_int_equal(db_stat_audit_run(f->db, &viewer, "summary", &org, &err), DB_OK);
	char *q = xasprintf("SELECT count(*) FROM audit WHERE action = 'report' AND actor ="
	    " 'viewer_yt' AND after LIKE '%%\"report\":\"summary\"%%' AND after LIKE"
	    " '%%%s%%'", FIX_HCM_YT);
	assert_int_equal(count(f->db, q), 1);
	free(q);
}

static void
test_json_shape(void **state)
{
	struct dbfix_env *f = *state;
	char *csv = register_csv(80, 1, 0);
	import_csv(f, csv, false);
	free(csv);
	struct org_info org;
	char *err = NULL;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct summary *s;
	assert_int_equal(summary_new(f->db, &org, TODAY, &s, &err), DB_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	summary_write(s, REPORT_JSON, mem);
	fclose(mem);
	cJSON *j = cJSON_Parse(buf);
	if (j == NULL)
		fail_msg("not JSON:\n%s", buf);
	assert_string_equal(cJSON_GetObjectItem(j, "org")->valuestring, FIX_HN);
	assert_string_equal(cJSON_GetObjectItem(j, "date")->valuestring, TODAY);
	double total = cJSON_GetObjectItem(j, "total")->valuedouble;
	assert_int_equal((long long)total, s->total);
	cJSON *b = cJSON_GetObjectItem(j, "breakdowns");
	static const char *const need[] = { "sex", "age_band", "ethnicity", "rank", "rank_group",
	    "staff_category", "religion", "party", "highest_degree", "political_theory",
	    "state_management", "foreign_language", "it_level", "position",
	    "women_leaders", "ethnic_minority", "retirement", "employment_status", NULL };
	for (int i = 0; need[i]; i++)
		if (!cJSON_IsObject(cJSON_GetObjectItem(b, need[i])))
			fail_msg("breakdowns.%s missing in\n%s", need[i], buf);
	/* Code-list codes as keys. */
	cJSON *sex = cJSON_GetObjectItem(b, "sex");
	assert_int_equal((long long)(cJSON_GetObjectItem(sex, "M")->valuedouble +
	    cJSON_GetObjectItem(sex, "F")->valuedouble), s->total);
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(b, "ethnicity"), "01"));
	cJSON_Delete(j);
	free(buf);
	/* The text fits 80 columns and names the agency and the date. */
	mem = open_memstream(&buf, &len);
	summary_write(s, REPORT_TEXT, mem);
	fclose(mem);
	assert_non_null(strstr(buf, FIX_HN));
	assert_non_null(strstr(buf, "15/07/2026"));
	for (char *line = buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if (text_width(line) > 80)
			fail_msg("line wider than 80 columns: %s", line);
	}
	free(buf);
	summary_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_load_counts_everyone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saves_deletes_and_batched_import_keep_counts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_moving_an_agency_moves_its_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_first_open_after_upgrade_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_check_finds_a_tampered_count, setup,
		    teardown),
		cmocka_unit_test(test_retirement_schedule),
		cmocka_unit_test_setup_teardown(test_summary_ages_and_retirement_person_by_person,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_retirement_alert_lists_who_retires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scope_is_enforced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_shape, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
