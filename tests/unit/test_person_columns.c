/*
 * The person table's columns (db/person_columns.h) on a real database: the table
 * names every column of the schema, and each column holds its own field whichever
 * way the row was written (a save, a change, the first load of an import) and is
 * read back into its own field. A column bound out of place or left out of the
 * table fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/i18n.h"
#include "db/import.h"
#include "db/person.h"
#include "db/person_columns.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value for every field kept in a column, and for two kept in the JSON (the
 * nationality too: an import gives the form's default to a row without it). */
static const char *const values[][2] = {
	{ "id_number", "024198914363" }, { "full_name", "Hoàng Thị Phương" },
	{ "date_of_birth", "1998-01-20" }, { "sex", "F" },
	{ "staff_category", "cong_chuc" }, { "rank_code", "01.003" },
	{ "position", "pho_giam_doc_so" }, { "employment_status", "working" },
	{ "ethnicity", "01" }, { "religion", "99" },
	{ "org_code", FIX_HN_NV }, { "phone", "0356330000" },
	{ "nationality", "Việt Nam" },
};
#define NVALUES (int)(sizeof values / sizeof values[0])

static const char *
value_of(const char *field)
{
	for (int i = 0; i < NVALUES; i++)
		if (strcmp(values[i][0], field) == 0)
			return values[i][1];
	fail_msg("no test value for the column field %s", field);
	return NULL;
}

/* The stored text of one column of the only person. Caller frees. */
static char *
stored(struct db *db, const char *column)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT %s FROM person", column);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *v = (const char *)sqlite3_column_text(st, 0);
	char *copy = strdup(v != NULL ? v : "");
	sqlite3_finalize(st);
	return copy;
}

/* Every field column holds the value of the field of its name (want: field ->
 * value): asked by the column's name, not by the table's field, so that a table
 * naming the wrong field for a column fails too. */
static void
expect_columns(struct db *db, const char *(*want)(const char *field))
{
	for (int i = 0; i < PERSON_NCOLUMNS; i++) {
		char *v = stored(db, person_cols[i].column);
		assert_string_equal(v, want(person_cols[i].column));
		free(v);
	}
}

static void
test_table_names_every_column_of_the_schema(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("pcols");
	static const char *const others[] = { "id", "version", "created_at", "updated_at",
	    "updated_by", NULL };
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(e->db), "SELECT name FROM"
	    " pragma_table_info('person')", -1, &st, NULL), SQLITE_OK);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		bool found = false;
		for (int i = 0; person_cols[i].column != NULL; i++)
			found |= strcmp(person_cols[i].column, name) == 0;
		for (int i = 0; others[i] != NULL; i++)
			found |= strcmp(others[i], name) == 0;
		if (!found)
			fail_msg("person.%s is not in person_cols", name);
		n++;
	}
	sqlite3_finalize(st);
	int listed = 0;
	while (person_cols[listed].column != NULL)
		listed++;
	assert_int_equal(n, listed + 5);	/* and nothing listed that is not there */
	assert_int_equal(listed, PERSON_NWRITTEN + PERSON_NDERIVED);
	dbfix_env_free(e);
}

static const char *changed_position;

static const char *
after_change(const char *field)
{
	return strcmp(field, "position") == 0 ? changed_position : value_of(field);
}

static void
test_saved_changed_and_read_in_place(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("pcols");
	struct record *r = record_new();
	for (int i = 0; i < NVALUES; i++)
		record_set(r, values[i][0], values[i][1]);
	int64_t id = 0;
	char *err = NULL;
	if (db_person_insert(e->db, &e->sys, r, &id, &err) != DB_OK)
		fail_msg("insert: %s", err);
	record_free(r);
	expect_columns(e->db, value_of);

	struct record *p = NULL;
	assert_int_equal(db_person_get(e->db, &e->sys, id, "open", &p, &err), DB_OK);
	for (int i = 0; i < NVALUES; i++)
		assert_string_equal(record_get(p, values[i][0]), values[i][1]);
	for (int i = PERSON_NWRITTEN; person_cols[i].column != NULL; i++) {
		char *v = stored(e->db, person_cols[i].column);
		assert_string_equal(record_get(p, person_cols[i].field), v);
		free(v);
	}
	assert_string_equal(record_get(p, "updated_by"), "system");

	changed_position = "giam_doc_so";
	record_set(p, "position", changed_position);
	assert_int_equal(db_person_update(e->db, &e->sys, p, &err), DB_OK);
	record_free(p);
	expect_columns(e->db, after_change);
	char *v = stored(e->db, "version");
	assert_string_equal(v, "2");
	free(v);
	dbfix_env_free(e);
}

/* The first load binds from its own buffers: the row must be the one a save makes. */
static void
test_first_load_stores_what_a_save_stores(void **state)
{
	(void)state;
	i18n_init("en");
	struct dbfix_env *saved = dbfix_env_new("pcols"), *loaded = dbfix_env_new("pcols");
	struct record *r = record_new();
	for (int i = 0; i < NVALUES; i++)
		record_set(r, values[i][0], values[i][1]);
	int64_t id = 0;
	char *err = NULL;
	if (db_person_insert(saved->db, &saved->sys, r, &id, &err) != DB_OK)
		fail_msg("insert: %s", err);
	record_free(r);

	char head[512] = "", row[512] = "";
	for (int i = 0; i < NVALUES; i++) {
		strcat(head, i ? "," : "");
		strcat(head, values[i][0]);
		strcat(row, i ? "," : "");
		strcat(row, values[i][1]);
	}
	char text[1100];
	snprintf(text, sizeof text, "%s\n%s\n", head, row);
	char *path = dbfix_file(loaded->dir, "people.csv", text);
	FILE *in = fopen(path, "r");
	struct import_opts o = { .filename = "people.csv" };
	struct import_report rep;
	assert_int_equal(db_import_people(loaded->db, &loaded->sys, in, &o, &rep, &err), DB_OK);
	fclose(in);
	free(path);
	assert_int_equal(rep.written, 1);
	expect_columns(loaded->db, value_of);
	/* (A save queues a check, an import does not: the derived columns differ.) */
	for (int i = 0; i < PERSON_NWRITTEN; i++) {
		char *a = stored(saved->db, person_cols[i].column);
		char *b = stored(loaded->db, person_cols[i].column);
		if (strcmp(a, b) != 0)
			fail_msg("person.%s: saved '%s', loaded '%s'", person_cols[i].column, a, b);
		free(a);
		free(b);
	}
	dbfix_env_free(saved);
	dbfix_env_free(loaded);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_names_every_column_of_the_schema),
		cmocka_unit_test(test_saved_changed_and_read_in_place),
		cmocka_unit_test(test_first_load_stores_what_a_save_stores),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
