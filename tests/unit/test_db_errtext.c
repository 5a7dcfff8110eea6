/*
 * SQLite's own errors reach a person as one sentence that says what to do, in
 * their language, from real failures on real files: another writer holding the
 * database (busy), a connection that may not write (read-only), a folder that
 * does not exist (cannot open), a file that is no database (damaged).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "db/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
expect(const char *err, const char *sentence)
{
	if (err == NULL || strstr(err, sentence) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err != NULL ? err : "(none)", sentence);
}

static void
test_busy_readonly_cantopen_damaged(void **state)
{
	(void)state;
	i18n_init("en");
	struct dbfix_env *f = dbfix_env_new("errtext");
	char *path = tmpdir_path(f->dir, "hoso.db");
	char *err = NULL;

	/* Another writer holds it: busy, nothing saved, try again. */
	struct db *other;
	assert_int_equal(db_open(path, &other, &err), DB_OK);
	assert_int_equal(sqlite3_exec(db_sqlite(other), "BEGIN EXCLUSIVE", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_busy_timeout(db_sqlite(f->db), 50);
	assert_int_equal(db_begin(f->db, &err), DB_ERROR);
	expect(err, "the database is busy");
	expect(err, "try again");
	free(err);
	err = NULL;
	sqlite3_exec(db_sqlite(other), "ROLLBACK", NULL, NULL, NULL);
	db_close(other);

	/* A connection that may not write. */
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "PRAGMA query_only = 1", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(db_begin(f->db, &err), DB_ERROR);
	expect(err, "the database cannot be written");
	free(err);
	err = NULL;

	/* A folder that is not there. */
	char *nowhere = tmpdir_path(f->dir, "no/such/folder/hoso.db");
	struct db *db = NULL;
	assert_int_equal(db_open(nowhere, &db, &err), DB_ERROR);
	expect(err, "cannot be opened: check that its folder exists");
	free(err);
	err = NULL;
	free(nowhere);

	/* Not a database, in Vietnamese. */
	i18n_init("vi");
	char *junk = dbfix_file(f->dir, "junk.db", "not a database at all, but long enough "
	    "for SQLite to read its first hundred bytes as a header and refuse them.......\n");
	assert_int_equal(db_open(junk, &db, &err), DB_ERROR);
	expect(err, "bị hỏng hoặc không phải cơ sở dữ liệu của hoso");
	free(err);
	free(junk);
	free(path);
	dbfix_env_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busy_readonly_cantopen_damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
