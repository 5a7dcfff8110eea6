/*
 * Import and export per the import contract, on real files and a real database:
 * every broken row named by line, column and reason; all-or-nothing; --skip-bad with
 * a reject file that imports once corrected; duplicates and --update; an export
 * that imports back unchanged; an import killed with SIGKILL leaves a consistent
 * database, whether it was loading in batches or a first load in one transaction;
 * imported people are checked against their audit rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "db/audit.h"
#include "db/check.h"
#include "db/import.h"
#include "db/person.h"
#include "db/person_internal.h"
#include "core/record.h"
#include "core/strbuf.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int
setup(void **state)
{
	struct dbfix_env *f = dbfix_env_new("import");
	i18n_init("en");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

static long long
count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Import text as a file; the report (bad rows) is returned in *report (caller frees). */
static int
import_text(struct dbfix_env *f, const char *text, bool skip_bad, bool update, const char *reject,
    struct import_report *rep, char **report)
{
	char *path = dbfix_file(f->dir, "in.csv", text);
	FILE *in = fopen(path, "r");
	size_t rlen = 0;
	char *rbuf = NULL;
	FILE *rf = open_memstream(&rbuf, &rlen);
	struct import_opts o = {.filename = "in.csv", .skip_bad = skip_bad, .update = update,
	    .report = rf};
	if (reject != NULL)
		o.reject = fopen(reject, "w");
	char *err = NULL;
	int rc = db_import_people(f->db, &f->sys, in, &o, rep, &err);
	if (rc != DB_OK)
		print_message("import: %s\n", err);
	free(err);
	fclose(in);
	fclose(rf);
	if (o.reject)
		fclose(o.reject);
	free(path);
	*report = rbuf;
	return rc;
}

#define HEADER "id_number,full_name,date_of_birth,sex,staff_category,org_code,ethnicity,rank_code\n"

static const char broken[] = HEADER
    "001089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc," FIX_HN_NV ",Kinh,01.003\n"	/* 2 ok */
    "00108900123,Trần Văn A,1989-01-01,M,cong_chuc," FIX_HN_NV ",,\n"			/* 3 11 digits */
    "001189001234,Lê Văn B,1989-01-01,M,cong_chuc," FIX_HN_NV ",,\n"			/* 4 sex digit */
    "001189001235,Phạm Thị C,1989-02-30,F,cong_chuc," FIX_HN_NV ",,\n"			/* 5 date */
    "001190001236,Hồ Thị D,1990-01-01,F,cong_chuc,999.99.99.X99,,\n"			/* 6 org */
    "001089001234,Vũ Văn E,1989-01-01,M,cong_chuc," FIX_HN_NV ",,\n"			/* 7 dup in file */
    "001190001237,\"Đỗ Thị\nPhương\",1990-01-01,F,cong_chuc," FIX_HN_NV ",Tày,\n"	/* 8-9 ok */
    "001090001238,Ngô Văn G,1990-01-01,X,cong_chuc," FIX_HN_NV ",,\n"			/* 10 sex */
    "001090001239,Dương Văn H,1990-01-01,M,cong_chuc," FIX_HN_NV ",,99.999\n"		/* 11 rank */
    "001090001240,Lý Văn I,1990-01-01,M\n";					/* 12 fields */

/* Two good rows, one with quotes inside its name. */
static const char two_people[] = HEADER
    "001089001234,Nguyễn Văn Đức,1989-05-12,M,cong_chuc," FIX_HN_NV ",Kinh,01.003\n"
    "079190001237,\"Trần Thị \"\"Bé\"\" Hoa\",1990-01-01,F,cong_chuc," FIX_HCM_YT ",Hoa,\n";

static void
test_all_or_nothing_reports_every_bad_row(void **state)
{
	struct dbfix_env *f = *state;
	struct import_report rep;
	char *report;
	assert_int_equal(import_text(f, broken, false, false, NULL, &rep, &report), DB_OK);
	print_message("%s", report);
	assert_true(rep.rolled_back);
	assert_int_equal(rep.read, 10);
	assert_int_equal(rep.rejected, 8);
	assert_int_equal(rep.written, 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person"), 0);
	static const char *const expect[] = {
		"line 3, column id_number", "line 4, column id_number", "line 5, column date_of_birth",
		"line 6, column org_code", "line 7, column id_number", "line 10, column sex",
		"line 11, column rank_code", "line 12: ", NULL
	};
	for (int i = 0; expect[i]; i++)
		if (strstr(report, expect[i]) == NULL)
			fail_msg("report lacks \"%s\":\n%s", expect[i], report);
	assert_non_null(strstr(report, "appears earlier in the file"));
	free(report);
}

static void
test_skip_bad_and_reject_file(void **state)
{
	struct dbfix_env *f = *state;
	struct import_report rep;
	char *report;
	char *reject = tmpdir_path(f->dir, "rejected.csv");
	assert_int_equal(import_text(f, broken, true, false, reject, &rep, &report), DB_OK);
	free(report);
	assert_int_equal(rep.written, 2);
	assert_int_equal(rep.rejected, 8);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person"), 2);
	/* The quoted line break survived, in NFC. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM person WHERE full_name ="
	    " 'Đỗ Thị Phương'"), 1);
	/* The reject file has the header plus a reason column, one row per bad row. */
	FILE *rf = fopen(reject, "r");
	char line[1024];
	assert_non_null(fgets(line, sizeof line, rf));
	assert_non_null(strstr(line, "rank_code,reason"));
	int rows = 0;
	while (fgets(line, sizeof line, rf))
		rows++;
	fclose(rf);
	assert_int_equal(rows, 8);
	/* Corrected, the reject file imports (its reason column is ignored). */
	char *text = xasprintf(HEADER ",reason\n"
	    "001090001238,Ngô Văn G,1990-01-01,M,cong_chuc," FIX_HN_NV ",,,sex: bad\n");
	text[strlen(HEADER) - 1] = ',';
	memmove(text + strlen(HEADER) - 1, text + strlen(HEADER), strlen(text + strlen(HEADER)) + 1);
	assert_int_equal(import_text(f, text, false, false, NULL, &rep, &report), DB_OK);
	free(report);
	free(text);
	assert_int_equal(rep.written, 1);
	free(reject);
}

static void
test_duplicates_and_update(void **state)
{
	struct dbfix_env *f = *state;
	struct import_report rep;
	char *report;
	const char *one = HEADER "001089001234,Nguyễn Văn Đức,1989-05-12,M,cong_chuc," FIX_HN_NV ",,01.003\n";
	assert_int_equal(import_text(f, one, false, false, NULL, &rep, &report), DB_OK);
	free(report);
	assert_int_equal(rep.written, 1);
	const char *again = HEADER "001089001234,Nguyễn Văn Đức,1989-05-12,M,cong_chuc," FIX_HN_NV ",,01.002\n";
	assert_int_equal(import_text(f, again, false, false, NULL, &rep, &report), DB_OK);
	assert_non_null(strstr(report, "already recorded"));
	free(report);
	assert_int_equal(rep.written, 0);
	assert_int_equal(import_text(f, again, false, true, NULL, &rep, &report), DB_OK);
	free(report);
	assert_int_equal(rep.updated, 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person WHERE rank_code = '01.002'"
	    " AND version = 2"), 1);
	/* Each written row left an audit row naming the import. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit WHERE action = 'import'"
	    " AND entity = 'person' AND entity_id IS NOT NULL AND session LIKE 'import:in.csv'"), 2);
}

static void
test_bom_crlf_unknown_column(void **state)
{
	struct dbfix_env *f = *state;
	struct import_report rep;
	char *report;
	const char *bom = "\xEF\xBB\xBFID_NUMBER,Full_Name,date_of_birth,sex,staff_category,org_code\r\n"
	    "001089001234,Nguyễn Văn Đức,1989-05-12,M,cong_chuc," FIX_HN_NV "\r\n";
	assert_int_equal(import_text(f, bom, false, false, NULL, &rep, &report), DB_OK);
	free(report);
	assert_int_equal(rep.written, 1);
	const char *unknown = "id_number,full_name,date_of_birth,sex,staff_category,org_code,salary_usd\n";
	assert_int_equal(import_text(f, unknown, false, false, NULL, &rep, &report), DB_INVALID);
	free(report);
}

static void
test_export_imports_back_unchanged(void **state)
{
	struct dbfix_env *f = *state;
	struct import_report rep;
	char *report;
	assert_int_equal(import_text(f, two_people, false, false, NULL, &rep, &report), DB_OK);
	free(report);
	char *e1 = tmpdir_path(f->dir, "e1.csv"), *e2 = tmpdir_path(f->dir, "e2.csv");
	FILE *out = fopen(e1, "w");
	long long rows;
	char *err = NULL;
	assert_int_equal(db_export_people(f->db, &f->sys, out, &rows, &err), DB_OK);
	fclose(out);
	assert_int_equal(rows, 2);
	/* Into a fresh database, then out again: byte for byte the same. */
	char *dir2 = tmpdir_new("import2");
	struct db *db2 = dbfix_open(dir2);
	FILE *in = fopen(e1, "r");
	struct import_opts o = {.filename = "e1.csv", .report = stderr};
	assert_int_equal(db_import_people(db2, &f->sys, in, &o, &rep, &err), DB_OK);
	fclose(in);
	assert_int_equal(rep.written, 2);
	out = fopen(e2, "w");
	assert_int_equal(db_export_people(db2, &f->sys, out, &rows, &err), DB_OK);
	fclose(out);
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "cmp -s %s %s", e1, e2);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof cmd, "diff %s %s >&2", e1, e2);
		assert_int_equal(system(cmd), 0);
	}
	db_close(db2);
	tmpdir_remove(dir2);
	free(e1);
	free(e2);
}

/* A file of n valid people. */
static char *
big_file(const char *dir, int n)
{
	char *path = tmpdir_path(dir, "big.csv");
	FILE *f = fopen(path, "w");
	fputs("id_number,full_name,date_of_birth,sex,staff_category,org_code\n", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "001089%06d,Nguyễn Văn %d,1989-01-01,M,cong_chuc," FIX_HN_NV "\n", i, i);
	fclose(f);
	return path;
}

static void
run_killed_import(struct dbfix_env *f, bool skip_bad)
{
	char *path = big_file(f->dir, 120000);
	char *dbpath = tmpdir_path(f->dir, "hoso.db");
	pid_t pid = fork();
	if (pid == 0) {
		/* The child opens its own connection: never share one across fork. */
		struct db *db;
		char *err = NULL;
		if (db_open(dbpath, &db, &err) != DB_OK)
			_exit(3);
		FILE *in = fopen(path, "r");
		struct import_opts o = {.filename = "big.csv", .skip_bad = skip_bad,
		    .total_bytes = 8 << 20};
		struct import_report rep;
		if (db_import_people(db, &f->sys, in, &o, &rep, &err) != DB_OK)
			fprintf(stderr, "child: %s\n", err);
		_exit(0);
	}
	/* Kill it early (checking), or once it has committed a batch (writing): that
	 * can take a while under the sanitizers, so wait for it, boundedly. */
	for (int i = 0; i < 12000; i++) {
		usleep(10000);
		if (!skip_bad && i == 20)
			break;
		if (skip_bad && count(f->db, "SELECT count(*) FROM person") > 0)
			break;
	}
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));
	char *problems = NULL, *err = NULL;
	assert_int_equal(db_check_integrity(f->db, &problems, &err), DB_OK);
	assert_null(problems);
	int64_t bad, rows;
	assert_int_equal(db_audit_verify(f->db, &bad, &rows, &err), DB_OK);
	assert_int_equal(bad, 0);
	long long n = count(f->db, "SELECT count(*) FROM person");
	assert_int_equal(n % 50000, 0);	/* whole batches only */
	if (skip_bad)
		assert_true(n > 0);
	/* A dead loader's set-aside indexes are rebuilt by the next to open. */
	struct db *again;
	assert_int_equal(db_open(dbpath, &again, &err), DB_OK);
	db_close(again);
	assert_int_equal(count(f->db, "SELECT count(*) FROM pending_index"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'person_name'"), 1);
	/* Audit rows match the people written, one each. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit WHERE action = 'import'"
	    " AND entity = 'person' AND entity_id IS NOT NULL"), n);
	free(path);
	free(dbpath);
}

static void
test_kill_all_or_nothing(void **state)
{
	run_killed_import(*state, false);
}

static void
test_kill_skip_bad(void **state)
{
	run_killed_import(*state, true);
}

/*
 * The first load of an empty register (one transaction, rollback journal) killed
 * with SIGKILL while writing: the next open rolls it back whole. Nobody else may
 * have the database open for that path, so the parent keeps no connection.
 */
static void
test_first_load_killed(void **state)
{
	struct dbfix_env *f = *state;
	char *path = big_file(f->dir, 120000);
	char *dir2 = tmpdir_new("firstload");
	db_close(dbfix_open(dir2));
	char *dbpath = tmpdir_path(dir2, "hoso.db");
	char *journal = tmpdir_path(dir2, "hoso.db-journal");
	pid_t pid = fork();
	if (pid == 0) {
		struct db *db;
		char *err = NULL;
		if (db_open(dbpath, &db, &err) != DB_OK)
			_exit(3);
		FILE *in = fopen(path, "r");
		struct import_opts o = {.filename = "big.csv", .total_bytes = 8 << 20};
		struct import_report rep;
		db_import_people(db, &f->sys, in, &o, &rep, &err);
		_exit(0);
	}
	/* The rollback journal appears when the load starts writing. */
	int writing = 0;
	for (int i = 0; i < 6000 && !writing; i++) {
		usleep(10000);
		writing = access(journal, F_OK) == 0;
	}
	assert_true(writing);
	usleep(300000);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));

	struct db *db;
	char *err = NULL, *problems = NULL;
	assert_int_equal(db_open(dbpath, &db, &err), DB_OK);
	assert_int_equal(db_check_integrity(db, &problems, &err), DB_OK);
	assert_null(problems);
	int64_t bad, rows;
	assert_int_equal(db_audit_verify(db, &bad, &rows, &err), DB_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(count(db, "SELECT count(*) FROM person"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE action = 'import'"
	    " AND entity = 'person'"), 0);
	/* The indexes it had set aside are back, and the journal is WAL again. */
	assert_int_equal(count(db, "SELECT count(*) FROM pending_index"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'person_name'"), 1);
	assert_int_equal(access(journal, F_OK), -1);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), "PRAGMA journal_mode", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	db_close(db);
	tmpdir_remove(dir2);
	free(journal);
	free(dbpath);
	free(path);
}

static volatile sig_atomic_t stop_flag;

static void *
stop_soon(void *arg)
{
	(void)arg;
	usleep(200000);
	stop_flag = 1;
	return NULL;
}

/* Interrupted (Ctrl-C sets the flag): nothing of a first load is kept, and it says so. */
static void
test_first_load_interrupted(void **state)
{
	struct dbfix_env *f = *state;
	char *path = big_file(f->dir, 120000);
	FILE *in = fopen(path, "r");
	stop_flag = 0;
	pthread_t t;
	pthread_create(&t, NULL, stop_soon, NULL);
	struct import_opts o = {.filename = "big.csv", .total_bytes = 8 << 20,
	    .stop = &stop_flag};
	struct import_report rep;
	char *err = NULL;
	assert_int_equal(db_import_people(f->db, &f->sys, in, &o, &rep, &err), DB_OK);
	pthread_join(t, NULL);
	fclose(in);
	assert_true(rep.interrupted);
	assert_true(rep.read > 0 && rep.read < 120000);
	assert_int_equal(rep.written, 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM pending_index"), 0);
	free(path);
}

/* An imported person's audit row holds the hash of what was stored: a change made
 * behind the program's back (straight into the file) is found, by person. */
static void
test_imported_rows_match_their_audit(void **state)
{
	struct dbfix_env *f = *state;
	struct import_report rep;
	char *report;
	assert_int_equal(import_text(f, two_people, false, false, NULL, &rep, &report), DB_OK);
	free(report);
	assert_int_equal(rep.written, 2);
	/* Each audit row names its line of the file. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit WHERE action = 'import'"
	    " AND after LIKE '{\"line\":\"3\",\"sha256\":\"%'"), 1);
	int64_t bad, checked;
	char *err = NULL;
	assert_int_equal(db_check_imported(f->db, &bad, &checked, &err), DB_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 2);
	long long victim = count(f->db, "SELECT id FROM person WHERE id_number = '079190001237'");
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "UPDATE person SET religion = '01'"
	    " WHERE id_number = '079190001237'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_check_imported(f->db, &bad, &checked, &err), DB_OK);
	assert_int_equal(bad, victim);
}

/* Imports by earlier releases kept a BLAKE2b hash of the row: still checked. */
static void
test_imported_rows_of_earlier_releases(void **state)
{
	struct dbfix_env *f = *state;
	struct record *rec = record_new();
	record_set(rec, "id_number", "001089001234");
	record_set(rec, "full_name", "Nguyễn Văn Đức");
	record_set(rec, "date_of_birth", "1989-05-12");
	record_set(rec, "sex", "M");
	record_set(rec, "staff_category", "cong_chuc");
	record_set(rec, "org_code", FIX_HN_NV);
	record_set(rec, "ethnicity", "Kinh");
	struct person_row row;
	struct strbuf problems;
	sb_init(&problems);
	char *err = NULL;
	assert_int_equal(person_prepare_ex(f->db, &f->sys, rec, &row, &problems, 1, &err),
	    DB_OK);
	const char *cols[PERSON_NCOLUMNS];
	for (int i = 0; i < PERSON_NCOLUMNS; i++)
		cols[i] = record_get(rec, person_cols[i].field);
	char hash[65];
	person_content_hash_of(CONTENT_BLAKE2B, cols, record_get(rec, "org_code"),
	    row.data_json, hash);
	char *after = xasprintf("{\"line\":\"2\",\"blake2b\":\"%s\"}", hash);
	int64_t id = 0;
	assert_int_equal(db_begin(f->db, &err), DB_OK);
	assert_int_equal(person_row_insert_as(f->db, &f->sys, rec, &row, "import", after, &id,
	    &err), DB_OK);
	assert_int_equal(db_commit(f->db, &err), DB_OK);
	free(after);
	person_row_free(&row);
	sb_free(&problems);
	record_free(rec);

	int64_t bad, checked;
	assert_int_equal(db_check_imported(f->db, &bad, &checked, &err), DB_OK);
	assert_int_equal(checked, 1);
	assert_int_equal(bad, 0);
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "UPDATE person SET ethnicity = '02'",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_check_imported(f->db, &bad, &checked, &err), DB_OK);
	assert_int_equal(bad, id);
}

/* A row is accepted only if a clerk could save it: a file without a column the
 * form requires is refused at once, naming it; --set gives it for every row; the
 * form's defaults apply as on a new record, but never over a stored person. */
static void
test_required_columns_set_and_defaults(void **state)
{
	struct dbfix_env *f = *state;
	const char *text = "id_number,full_name,date_of_birth,sex,org_code\n"
	    "001089001234,Nguyễn Văn Đức,1989-05-12,M," FIX_HN_NV "\n";
	char *path = dbfix_file(f->dir, "lacks.csv", text);
	struct import_report rep;
	char *err = NULL;
	FILE *in = fopen(path, "r");
	struct import_opts o = {.filename = "lacks.csv"};
	assert_int_equal(db_import_people(f->db, &f->sys, in, &o, &rep, &err), DB_INVALID);
	fclose(in);
	assert_non_null(err);
	if (strstr(err, "required column \"staff_category\" is missing") == NULL ||
	    strstr(err, "--set staff_category=VALUE") == NULL)
		fail_msg("refusal does not name the column: %s", err);
	free(err);
	err = NULL;
	assert_int_equal(rep.read, 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person"), 0);

	/* An unknown field in --set is named too. */
	struct record *set = record_new();
	record_set(set, "staff_categry", "cong_chuc");
	in = fopen(path, "r");
	o.set = set;
	assert_int_equal(db_import_people(f->db, &f->sys, in, &o, &rep, &err), DB_INVALID);
	fclose(in);
	assert_non_null(strstr(err, "--set staff_categry"));
	free(err);
	err = NULL;
	record_free(set);

	set = record_new();
	record_set(set, "staff_category", "vien_chuc");
	in = fopen(path, "r");
	o.set = set;
	assert_int_equal(db_import_people(f->db, &f->sys, in, &o, &rep, &err), DB_OK);
	fclose(in);
	assert_int_equal(rep.written, 1);
	/* The form's defaults, as a new record on screen starts with. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM person WHERE staff_category ="
	    " 'vien_chuc' AND employment_status = 'working'"), 1);
	struct record *got = NULL;
	int64_t id = count(f->db, "SELECT id FROM person");
	assert_int_equal(db_person_get(f->db, &f->sys, id, NULL, &got, &err), DB_OK);
	assert_string_equal(record_get(got, "nationality"), "Việt Nam");
	record_free(got);

	/* A column present but empty in a row is required all the same; --set fills it. */
	struct import_report rep2;
	char *report;
	const char *empty = HEADER "079190001237,Trần Thị Hoa,1990-01-01,F,," FIX_HCM_YT ",Hoa,\n";
	assert_int_equal(import_text(f, empty, false, false, NULL, &rep2, &report), DB_OK);
	assert_non_null(strstr(report, "column staff_category"));
	free(report);
	assert_int_equal(rep2.rejected, 1);

	/* An update keeps what the file does not say: no default over a stored value. */
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "UPDATE person SET employment_status ="
	    " 'retired'", NULL, NULL, NULL), SQLITE_OK);
	in = fopen(path, "r");
	o.update = true;
	assert_int_equal(db_import_people(f->db, &f->sys, in, &o, &rep, &err), DB_OK);
	fclose(in);
	assert_int_equal(rep.updated, 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM person WHERE employment_status ="
	    " 'retired'"), 1);
	record_free(set);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_or_nothing_reports_every_bad_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_required_columns_set_and_defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_skip_bad_and_reject_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_and_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_crlf_unknown_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_imports_back_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_skip_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_load_killed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_load_interrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imported_rows_of_earlier_releases, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_imported_rows_match_their_audit, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
