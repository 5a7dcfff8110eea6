/*
 * The data layer on a real SQLite file: validation messages, the optimistic version
 * check between two connections, agency scope, the audit chain and its tamper
 * check, and sub-records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "db/account.h"
#include "db/audit.h"
#include "db/person.h"
#include "db/schema.h"
#include "db/search.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fix {
	struct dbfix_env *env;
	struct db        *db;	/* env->db */
	struct actor      hn;	/* clerk of Hà Nội (the whole province) */
	struct actor      hcm;	/* clerk of Sở Y tế TP HCM only */
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	f->env = dbfix_env_new("dbperson");
	f->db = f->env->db;
	dbfix_account(f->db, "clerk.hn", ROLE_CLERK, FIX_HN, &f->hn);
	dbfix_account(f->db, "clerk.hcm", ROLE_CLERK, FIX_HCM_YT, &f->hcm);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	dbfix_env_free(f->env);
	free(f);
	return 0;
}

static struct record *
person(const char *id, const char *name, const char *dob, const char *sex, const char *org)
{
	struct record *r = record_new();
	record_set(r, "id_number", id);
	record_set(r, "full_name", name);
	record_set(r, "date_of_birth", dob);
	record_set(r, "sex", sex);
	record_set(r, "org_code", org);
	record_set(r, "staff_category", "cong_chuc");
	return r;
}

static void
test_id_number_rules(void **state)
{
	struct fix *f = *state;
	int64_t id;
	char *err = NULL;
	/* Digit 4 says female (1), the record says male. */
	struct record *r = person("001189001234", "Nguyễn Văn An", "1989-05-12", "M", FIX_HN_NV);
	i18n_init("en");
	assert_int_equal(db_person_insert(f->db, &f->hn, r, &id, &err), DB_INVALID);
	assert_non_null(strstr(err, "sex"));
	free(err);
	/* Year digits 89 against a 1990 birth, reported in Vietnamese. */
	i18n_init("vi");
	record_set(r, "sex", "F");
	record_set(r, "date_of_birth", "02/03/1990");
	assert_int_equal(db_person_insert(f->db, &f->hn, r, &id, &err), DB_INVALID);
	assert_non_null(strstr(err, "năm sinh"));
	free(err);
	i18n_init("en");
	/* 003 is no province code. */
	record_set(r, "id_number", "003189001234");
	record_set(r, "date_of_birth", "1989-05-12");
	assert_int_equal(db_person_insert(f->db, &f->hn, r, &id, &err), DB_INVALID);
	assert_non_null(strstr(err, "province"));
	free(err);
	/* Right at last; stored normalised. */
	record_set(r, "id_number", "001189001234");
	assert_int_equal(db_person_insert(f->db, &f->hn, r, &id, &err), DB_OK);
	record_free(r);
	/* The same ID twice is a conflict, not a second person. */
	r = person("001189001234", "Nguyễn Thị An", "1989-05-12", "F", FIX_HN_NV);
	assert_int_equal(db_person_insert(f->db, &f->hn, r, &id, &err), DB_CONFLICT);
	free(err);
	record_free(r);
}

static void
test_required_and_dates(void **state)
{
	struct fix *f = *state;
	i18n_init("en");
	int64_t id;
	char *err = NULL;
	struct record *r = person("001089001235", "", "31/02/1989", "M", FIX_HN_NV);
	assert_int_equal(db_person_insert(f->db, &f->hn, r, &id, &err), DB_INVALID);
	assert_non_null(strstr(err, "Full name"));
	assert_non_null(strstr(err, "no such date: that month has fewer days"));
	free(err);
	record_free(r);
	r = person("001099001235", "Lê Văn Bảy", "2099-01-01", "M", FIX_HN_NV);
	assert_int_equal(db_person_insert(f->db, &f->hn, r, &id, &err), DB_INVALID);
	free(err);
	record_free(r);
}

static void
test_version_conflict_two_connections(void **state)
{
	struct fix *f = *state;
	int64_t id = dbfix_person(f->db, &f->hn, "001089001236", "Phạm Văn Cường", "1989-01-01",
	    "M", FIX_HN_NV);
	/* A second connection, as a second clerk's process would have. */
	char *path = tmpdir_path(f->env->dir, "hoso.db");
	struct db *db2;
	char *err = NULL;
	assert_int_equal(db_open(path, &db2, &err), DB_OK);
	free(path);
	struct actor other, sys;
	db_actor_system(&sys, "test");
	assert_int_equal(db_account_add(db2, &sys, "clerk.hn2", "", ROLE_CLERK, FIX_HN,
	    "mat-khau-123", &err), DB_OK);
	assert_int_equal(db_account_actor(db2, "clerk.hn2", "t2", &other, &err), DB_OK);

	struct record *a, *b;
	assert_int_equal(db_person_get(f->db, &f->hn, id, "edit", &a, &err), DB_OK);
	assert_int_equal(db_person_get(db2, &other, id, "edit", &b, &err), DB_OK);
	record_set(b, "phone", "0912345678");
	assert_int_equal(db_person_update(db2, &other, b, &err), DB_OK);
	assert_int_equal(b->version, 2);
	i18n_init("en");
	record_set(a, "phone", "0987654321");
	assert_int_equal(db_person_update(f->db, &f->hn, a, &err), DB_CONFLICT);
	assert_non_null(strstr(err, "clerk.hn2"));
	free(err);
	/* The first save is intact; the loser reloads and saves on top. */
	struct record *c;
	assert_int_equal(db_person_get(f->db, &f->hn, id, NULL, &c, &err), DB_OK);
	assert_string_equal(record_get(c, "phone"), "0912345678");
	record_set(c, "phone", "0987654321");
	assert_int_equal(db_person_update(f->db, &f->hn, c, &err), DB_OK);
	assert_int_equal(c->version, 3);
	record_free(a);
	record_free(b);
	record_free(c);
	db_close(db2);
}

static void
test_scope(void **state)
{
	struct fix *f = *state;
	int64_t hn = dbfix_person(f->db, &f->hn, "001089001237", "Hoàng Văn Dũng", "1989-01-01",
	    "M", FIX_HN_NV);
	int64_t hcm = dbfix_person(f->db, &f->hcm, "079089001237", "Hoàng Văn Dũng", "1989-01-01",
	    "M", FIX_HCM_YT);
	struct record *r = NULL;
	char *err = NULL;
	/* Each clerk sees only their own agency's people. */
	assert_int_equal(db_person_get(f->db, &f->hcm, hn, "open", &r, &err), DB_NOTFOUND);
	free(err);
	assert_int_equal(db_person_get(f->db, &f->hn, hcm, "open", &r, &err), DB_NOTFOUND);
	free(err);
	struct search_query q = {.text = "hoang van dung"};
	struct search_hit *hits;
	int n, more;
	assert_int_equal(db_search(f->db, &f->hn, &q, &hits, &n, &more, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id_number, "001089001237");
	free(hits);
	/* Nor can they write into another agency, or move a person there. */
	struct record *p = person("079190001238", "Võ Thị Em", "1990-01-01", "F", FIX_HN_NV);
	int64_t id;
	assert_int_equal(db_person_insert(f->db, &f->hcm, p, &id, &err), DB_INVALID);
	assert_non_null(strstr(err, "cannot be written") ? err : strstr(err, "không được ghi"));
	free(err);
	record_free(p);
	assert_int_equal(db_person_get(f->db, &f->hn, hn, "edit", &r, &err), DB_OK);
	record_set(r, "org_code", FIX_HCM_YT);
	assert_int_equal(db_person_update(f->db, &f->hn, r, &err), DB_INVALID);
	free(err);
	record_free(r);
	/* A viewer reads but never writes. */
	struct actor viewer;
	dbfix_account(f->db, "viewer.hn", ROLE_VIEWER, FIX_HN, &viewer);
	assert_int_equal(db_person_get(f->db, &viewer, hn, "open", &r, &err), DB_OK);
	assert_int_equal(db_person_update(f->db, &viewer, r, &err), DB_DENIED);
	free(err);
	record_free(r);
}

static void
test_audit_chain_and_tamper(void **state)
{
	struct fix *f = *state;
	int64_t id = dbfix_person(f->db, &f->hn, "001089001239", "Đặng Văn Giang", "1989-01-01",
	    "M", FIX_HN_NV);
	struct record *r;
	char *err = NULL;
	assert_int_equal(db_person_get(f->db, &f->hn, id, "open", &r, &err), DB_OK);
	record_set(r, "email", "giang@example.vn");
	assert_int_equal(db_person_update(f->db, &f->hn, r, &err), DB_OK);
	record_free(r);
	int64_t bad, rows;
	assert_int_equal(db_audit_verify(f->db, &bad, &rows, &err), DB_OK);
	assert_int_equal(bad, 0);
	assert_true(rows >= 4);

	sqlite3 *raw = db_sqlite(f->db);
	sqlite3_stmt *st;
	/* Insert, view and update of the person are all there, naming the clerk. */
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT group_concat(action) FROM audit"
	    " WHERE entity = 'person' AND entity_id = ? AND actor = 'clerk.hn'", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *acts = (const char *)sqlite3_column_text(st, 0);
	assert_non_null(strstr(acts, "insert"));
	assert_non_null(strstr(acts, "view"));
	assert_non_null(strstr(acts, "update"));
	sqlite3_finalize(st);
	/* The program cannot rewrite history... */
	assert_int_not_equal(sqlite3_exec(raw, "UPDATE audit SET actor = 'x' WHERE seq = 2",
	    NULL, NULL, NULL), SQLITE_OK);
	/* ...and someone who bypasses the trigger is found out, by row. */
	assert_int_equal(sqlite3_exec(raw, "DROP TRIGGER audit_no_update;"
	    "UPDATE audit SET after = replace(after, 'giang@', 'other@')"
	    " WHERE after LIKE '%giang@%'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT seq FROM audit WHERE after LIKE"
	    " '%other@%'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t tampered = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(db_audit_verify(f->db, &bad, &rows, &err), DB_OK);
	assert_int_equal(bad, tampered);
}

static void
test_items(void **state)
{
	struct fix *f = *state;
	int64_t id = dbfix_person(f->db, &f->hn, "001189001240", "Bùi Thị Hạnh", "1989-01-01",
	    "F", FIX_HN_NV);
	struct record *p;
	char *err = NULL;
	assert_int_equal(db_person_get(f->db, &f->hn, id, NULL, &p, &err), DB_OK);
	struct record *t = record_new();
	record_set(t, "date_from", "01/09/2007");
	record_set(t, "date_to", "30/06/2011");
	record_set(t, "institution", "Học viện Hành chính Quốc gia");
	if (db_item_save(f->db, &f->hn, id, "training", t, &err) != DB_OK)
		fail_msg("training: %s", err);
	assert_true(t->id > 0);
	/* The period must run forwards. */
	struct record *bad = record_new();
	record_set(bad, "date_from", "2012-01-01");
	record_set(bad, "date_to", "2011-01-01");
	record_set(bad, "institution", "X");
	assert_int_equal(db_item_save(f->db, &f->hn, id, "training", bad, &err), DB_INVALID);
	free(err);
	record_free(bad);
	struct record **v;
	int n;
	assert_int_equal(db_item_list(f->db, &f->hn, id, "training", &v, &n, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(record_get(v[0], "date_from"), "2007-09-01");
	db_records_free(v, n);
	/* Adding a row bumped the person's version: an edit begun before it conflicts. */
	record_set(p, "phone", "0911111111");
	assert_int_equal(db_person_update(f->db, &f->hn, p, &err), DB_CONFLICT);
	free(err);
	/* Another agency's clerk cannot list them. */
	assert_int_equal(db_item_list(f->db, &f->hcm, id, "training", &v, &n, &err), DB_NOTFOUND);
	free(err);
	record_free(t);
	record_free(p);
}

/* Every row a write could touch, read past the data layer. */
static char *
rows_of(struct fix *f)
{
	char *path = tmpdir_path(f->env->dir, "hoso.db");
	sqlite3 *c;
	assert_int_equal(sqlite3_open(path, &c), SQLITE_OK);
	free(path);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT 'p', id, version, id_number, full_name,"
	    " org_id, data FROM person UNION ALL SELECT 'i', id, version, person_id, kind,"
	    " date_from, data FROM person_item ORDER BY 1, 2", -1, &st, NULL), SQLITE_OK);
	struct strbuf sb;
	sb_init(&sb);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < 7; i++)
			sb_addf(&sb, "%s|", (const char *)sqlite3_column_text(st, i));
		sb_addc(&sb, '\n');
	}
	sqlite3_finalize(st);
	sqlite3_close(c);
	return sb_detach(&sb);
}

/* Nothing of Hà Nội can be written by Hồ Chí Minh's clerk or administrator, whatever
 * the way in; the answers are those for a missing record (no row number in them),
 * and a refused look-up is audited. */
static void
test_no_side_door(void **state)
{
	struct fix *f = *state;
	int64_t hn = dbfix_person(f->db, &f->hn, "001089001250", "Đỗ Văn Khoa", "1989-01-01",
	    "M", FIX_HN_NV);
	struct record *t = record_new();
	record_set(t, "date_from", "2007-09-01");
	record_set(t, "institution", "Học viện Hành chính Quốc gia");
	char *err = NULL;
	assert_int_equal(db_item_save(f->db, &f->hn, hn, "training", t, &err), DB_OK);
	struct actor admin;
	dbfix_account(f->db, "admin.hcm", ROLE_AGENCY_ADMIN, FIX_HCM, &admin);
	char *before = rows_of(f);
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)hn);
	const struct actor *who[] = {&f->hcm, &admin};
	for (int w = 0; w < 2; w++) {
		struct record *r = person("001089001250", "Đỗ Văn Khoa", "1989-01-01", "M",
		    FIX_HN_NV);
		r->id = hn;
		r->version = 2;
		record_set(r, "phone", "0911111111");
		assert_int_equal(db_person_update(f->db, who[w], r, &err), DB_NOTFOUND);
		assert_null(strstr(err, idtext));
		free(err);
		assert_int_equal(db_person_delete(f->db, who[w], hn, 2, &err),
		    w == 0 ? DB_DENIED : DB_NOTFOUND);
		free(err);
		struct record *fam = record_new();
		record_set(fam, "relation", "vo");
		record_set(fam, "full_name", "Lê Thị C");
		assert_int_equal(db_item_save(f->db, who[w], hn, "family", fam, &err), DB_NOTFOUND);
		free(err);
		record_free(fam);
		record_set(t, "institution", "Trường khác");
		assert_int_equal(db_item_save(f->db, who[w], hn, "training", t, &err), DB_NOTFOUND);
		free(err);
		assert_int_equal(db_item_delete(f->db, who[w], hn, t->id, &err), DB_NOTFOUND);
		free(err);
		/* A new record of the same person under Hồ Chí Minh: no second record, and
		 * the answer an agency outside the scope gets. */
		struct record *dup = person("001089001250", "Đỗ Văn Khoa", "1989-01-01", "M",
		    FIX_HCM_YT);
		int64_t id;
		char *e2 = NULL;
		assert_int_not_equal(db_person_insert(f->db, who[w], dup, &id, &err), DB_OK);
		struct record *other = person("079089001251", "Võ Văn F", "1989-01-01", "M",
		    FIX_HN_NV);
		assert_int_equal(db_person_insert(f->db, who[w], other, &id, &e2), DB_INVALID);
		assert_string_equal(err, e2);
		free(err);
		free(e2);
		record_free(dup);
		record_free(other);
		record_free(r);
		/* The refused look-up leaves its audit row. */
		struct record *seen = NULL;
		assert_int_equal(db_person_get(f->db, who[w], hn, "open", &seen, &err), DB_NOTFOUND);
		assert_null(strstr(err, idtext));
		free(err);
	}
	char *after = rows_of(f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	char *path = tmpdir_path(f->env->dir, "hoso.db");
	sqlite3 *c;
	assert_int_equal(sqlite3_open(path, &c), SQLITE_OK);
	free(path);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT count(*) FROM audit WHERE action ="
	    " 'refused view' AND entity_id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, hn);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 2);
	sqlite3_finalize(st);
	sqlite3_close(c);
	record_free(t);
}

/* A database of schema 5 (the ID number's uniqueness a constraint of the table)
 * migrates to 6 (an index of its own) with its people, their ids and their
 * sub-records; the ID number stays unique. */
static void
test_migration_rebuilds_person(void **state)
{
	(void)state;
	char *dir = tmpdir_new("migrate");
	char *path = tmpdir_path(dir, "hoso.db");
	sqlite3 *raw;
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	for (int n = 1; n <= 5; n++)
		assert_int_equal(sqlite3_exec(raw, schema_migration(n), NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 5;"
	    "INSERT INTO org (id, code, name, path) VALUES (1, 'X', 'Sở X', '/1/');"
	    "INSERT INTO person (id, id_number, full_name, name_key, given_key, date_of_birth,"
	    " sex, org_id, created_at, updated_at, updated_by) VALUES (7, '001189001234',"
	    " 'Nguyễn Thị An', 'nguyen thi an', 'an nguyen thi', '1989-05-12', 'F', 1, 'x', 'x',"
	    " 'x');"
	    "INSERT INTO person_item (person_id, kind, updated_at, updated_by)"
	    " VALUES (7, 'training', 'x', 'x');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);

	struct db *db;
	char *err = NULL;
	if (db_open(path, &db, &err) != DB_OK)
		fail_msg("db_open: %s", err);
	sqlite3 *conn = db_sqlite(db);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(conn, "SELECT (SELECT id FROM person WHERE"
	    " id_number = '001189001234'), (SELECT count(*) FROM person_item WHERE"
	    " person_id = 7), (SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'person_id_number'), (SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'person_name'), (SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'person_new')", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 7);
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_int_equal(sqlite3_column_int(st, 2), 1);
	assert_int_equal(sqlite3_column_int(st, 3), 1);
	assert_int_equal(sqlite3_column_int(st, 4), 0);
	sqlite3_finalize(st);
	/* Still one person per ID number, and foreign keys are on again. */
	assert_int_not_equal(sqlite3_exec(conn, "INSERT INTO person (id_number, full_name,"
	    " name_key, given_key, date_of_birth, sex, org_id, created_at, updated_at,"
	    " updated_by) VALUES ('001189001234', 'B', 'b', 'b', '1989-05-12', 'F', 1, 'x',"
	    " 'x', 'x')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(conn, "INSERT INTO person_item (person_id, kind,"
	    " updated_at, updated_by) VALUES (999, 'training', 'x', 'x')", NULL, NULL, NULL),
	    SQLITE_OK);
	db_close(db);
	free(path);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_id_number_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required_and_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_conflict_two_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_side_door, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain_and_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_items, setup, teardown),
		cmocka_unit_test(test_migration_rebuilds_person),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
