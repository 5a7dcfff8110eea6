/*
 * Sub-records imported in bulk, on real files and a real database: the audit keeps
 * per row its line and hash under a sealing audit row per batch (no copy of the
 * row), the import's own row names the file's SHA-256, and hoso check proves every
 * imported row unchanged: a row changed, deleted or written behind the program's
 * back is named, a kept hash changed with it breaks its batch's seal, a clerk's
 * later change is explained by its own audit row. The real program, killed with
 * SIGKILL or stopped with SIGINT half way through an import, leaves a database
 * that hoso check passes, with whole sealed batches.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/digest.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "db/check.h"
#include "db/import.h"
#include "db/person.h"
#include "db/person_internal.h"
#include "core/record.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEOPLE 40
#define PER_PERSON 3

struct fix {
	struct dbfix_env *e;
	struct actor      clerk;
	char             *csv;		/* the file imported by setup */
};

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

static char *
text(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *s = NULL;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static void
raw(struct db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* The ID number of the fixture's i-th person. */
static void
id_of(int i, char out[16])
{
	snprintf(out, 16, "001089%06d", 1000 + i);
}

/* Sub-records of the fixture's people, PER_PERSON each: a training whose
 * institution spans two lines (a quoted line break), a family member, a salary. */
static void
write_items(FILE *f, int people, int per_person)
{
	fputs("id_number,kind,date_from,date_to,data\n", f);
	for (int i = 0; i < people; i++) {
		char id[16];
		id_of(i, id);
		for (int k = 0; k < per_person; k++)
			switch (k % 3) {
			case 0:
				fprintf(f, "%s,training,2007-09-01,2011-06-30,\"{\"\"institution\"\":"
				    "\"\"Học viện Hành chính\nQuốc gia %d\"\"}\"\n", id, i);
				break;
			case 1:
				fprintf(f, "%s,family,,,\"{\"\"relation\"\":\"\"mother\"\","
				    "\"\"full_name\"\":\"\"Phan Thị Hà %d\"\",\"\"birth_year\"\":"
				    "\"\"1960\"\"}\"\n", id, i);
				break;
			default:
				fprintf(f, "%s,reward,2015-01-0%d,,\"{\"\"reward_form\"\":\"\"giay_khen\"\","
				    "\"\"reward_level\"\":\"\"co_so\"\",\"\"decision_no\"\":\"\"%d/QĐ\"\"}\"\n",
				    id, 1 + k % 9, i);
			}
	}
}

static int
import_items(struct fix *f, const char *path, struct import_report *rep)
{
	FILE *in = fopen(path, "r");
	char *err = NULL;
	size_t rlen = 0;
	char *rbuf = NULL;
	FILE *rf = open_memstream(&rbuf, &rlen);
	struct import_opts o = {.filename = path, .skip_bad = true, .report = rf};
	int rc = db_import_items(f->e->db, &f->e->sys, in, &o, rep, &err);
	fclose(rf);
	if (rc != DB_OK || rep->rejected > 0)
		fail_msg("import: %s %s", err ? err : "", rbuf);
	free(rbuf);
	fclose(in);
	return rc;
}

static int
setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof *f);
	i18n_init("en");
	f->e = dbfix_env_new("items");
	dbfix_account(f->e->db, "clerk.hn", ROLE_CLERK, FIX_HN_NV, &f->clerk);
	for (int i = 0; i < PEOPLE; i++) {
		char id[16], name[64];
		id_of(i, id);
		snprintf(name, sizeof name, "Nguyễn Văn Đức %d", i);
		dbfix_person(f->e->db, &f->clerk, id, name, "1989-05-12", "M", FIX_HN_NV);
	}
	f->csv = tmpdir_path(f->e->dir, "items.csv");
	FILE *out = fopen(f->csv, "w");
	write_items(out, PEOPLE, PER_PERSON);
	fclose(out);
	struct import_report rep;
	import_items(f, f->csv, &rep);
	assert_int_equal(rep.written, PEOPLE * PER_PERSON);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	dbfix_env_free(f->e);
	free(f->csv);
	free(f);
	return 0;
}

static struct row_findings
items_check(struct fix *f)
{
	struct row_findings r;
	char *err = NULL;
	if (db_check_rows(f->e->db, 1, &r, &err) != DB_OK)
		fail_msg("check rows: %s", err);
	return r;
}

static long long
seal_seq(struct fix *f)
{
	return count(f->e->db, "SELECT max(seq) FROM audit WHERE entity = 'person_item'"
	    " AND action = 'import' AND row_hash IS NOT NULL");
}

/* No copy of a row in the trail: a line and a hash each, one seal, the file's hash. */
static void
test_audit_keeps_hashes_not_copies(void **state)
{
	struct fix *f = *state;
	struct db *db = f->e->db;
	long long n = PEOPLE * PER_PERSON;
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE entity LIKE"
	    " 'person_item:%'"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE entity = 'person_item'"
	    " AND row_hash IS NOT NULL"), 1);
	/* One packed row per batch: an id step, a line step and 16 bytes of hash each. */
	assert_int_equal(count(db, "SELECT count(*) FROM import_batch"), 1);
	assert_true(count(db, "SELECT length(rows) FROM import_batch") <= n * 20);
	assert_int_equal(count(db, "SELECT first_item FROM import_batch"),
	    count(db, "SELECT min(id) FROM person_item"));
	assert_int_equal(count(db, "SELECT last_item FROM import_batch"),
	    count(db, "SELECT max(id) FROM person_item"));
	/* The file's lines: the first row on line 2, each training takes two. */
	char *after = text(db, "SELECT after FROM audit WHERE entity = 'person_item' AND"
	    " row_hash IS NOT NULL");
	char want[128];
	snprintf(want, sizeof want, "\"first_line\":\"2\",\"last_line\":\"%lld\",\"rows\":"
	    "\"%lld\"", 1 + n + PEOPLE, n);
	assert_non_null(strstr(after, want));
	free(after);
	/* The import's own row names the file's SHA-256. */
	FILE *in = fopen(f->csv, "r");
	char buf[1 << 16];
	size_t len = fread(buf, 1, sizeof buf, in);
	fclose(in);
	char sha[65];
	digest_sha256_hex(buf, len, sha);
	char *summary = text(db, "SELECT after FROM audit WHERE entity = 'person_item' AND"
	    " row_hash IS NULL");
	snprintf(want, sizeof want, "\"sha256\":\"%s\"", sha);
	assert_non_null(strstr(summary, want));
	free(summary);
	struct row_findings r = items_check(f);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.checked, n);
	assert_int_equal(r.unverifiable, 0);
}

/* A row changed behind the program's back no longer matches its kept hash. */
static void
test_changed_row_found(void **state)
{
	struct fix *f = *state;
	raw(f->e->db, "UPDATE person_item SET data = replace(data, 'Hà 7', 'Hà 8')"
	    " WHERE data LIKE '%Hà 7\"%'");
	long long id = count(f->e->db, "SELECT id FROM person_item WHERE data LIKE"
	    " '%Hà 8\"%' ORDER BY id LIMIT 1");
	struct row_findings r = items_check(f);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.fault, ROW_CHANGED);
	assert_int_equal(r.bad_id, id);
	assert_int_equal(r.audit_seq, seal_seq(f));
}

/* Changing the kept hash too (what the sqlite3 shell allows) breaks the seal,
 * which the keyed chain vouches for. */
static void
test_kept_hash_rewritten_breaks_the_seal(void **state)
{
	struct fix *f = *state;
	struct db *db = f->e->db;
	long long id = count(db, "SELECT max(id) FROM person_item WHERE kind = 'family'");
	long long pid = count(db, "SELECT person_id FROM person_item WHERE id = (SELECT"
	    " max(id) FROM person_item WHERE kind = 'family')");
	char *data = text(db, "SELECT data FROM person_item WHERE id = (SELECT max(id) FROM"
	    " person_item WHERE kind = 'family')");
	unsigned char old[32], new[32];
	item_content_hash_bin(pid, "family", NULL, NULL, data, old);
	free(data);
	static const char other[] = "{\"relation\":\"mother\",\"full_name\":\"Someone "
	    "Else\",\"birth_year\":\"1960\"}";
	item_content_hash_bin(pid, "family", NULL, NULL, other, new);
	char sql[512];
	snprintf(sql, sizeof sql, "UPDATE person_item SET data = '%s' WHERE id = %lld", other,
	    id);
	raw(db, sql);
	/* The kept hash replaced by the changed row's, in place. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), "SELECT seq, rows FROM"
	    " import_batch", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long seq = sqlite3_column_int64(st, 0);
	size_t len = (size_t)sqlite3_column_bytes(st, 1);
	unsigned char *rows = xmalloc(len);
	memcpy(rows, sqlite3_column_blob(st, 1), len);
	sqlite3_finalize(st);
	unsigned char *at = memmem(rows, len, old, 16);
	assert_non_null(at);
	memcpy(at, new, 16);
	raw(db, "DROP TRIGGER import_batch_no_update");
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), "UPDATE import_batch SET rows = ?",
	    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, rows, (int)len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(rows);
	struct row_findings r = items_check(f);
	assert_int_equal(r.bad, PEOPLE * PER_PERSON);	/* its seal vouches for none */
	assert_int_equal(r.fault, ROW_CHANGED);
	assert_int_equal(r.audit_seq, seq);
	assert_int_equal(r.audit_seq, seal_seq(f));
}

/* Deleted behind the program's back: named with its seal; added: no audit at all. */
static void
test_deleted_or_added_row_found(void **state)
{
	struct fix *f = *state;
	struct db *db = f->e->db;
	long long id = count(db, "SELECT min(id) FROM person_item") + 5;
	char sql[160];
	snprintf(sql, sizeof sql, "DELETE FROM person_item WHERE id = %lld", id);
	raw(db, sql);
	struct row_findings r = items_check(f);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.fault, ROW_DELETED);
	assert_int_equal(r.bad_id, id);
	assert_int_equal(r.audit_seq, seal_seq(f));
	raw(db, "INSERT INTO person_item (id, person_id, kind, data, updated_at, updated_by)"
	    " SELECT 100000, person_id, kind, data, updated_at, updated_by FROM person_item"
	    " LIMIT 1");
	r = items_check(f);
	assert_int_equal(r.bad, 2);
}

/* A clerk's later change and delete keep their own audit rows, before and after:
 * nothing to report; a change behind the program's back after the clerk's is named
 * with the clerk's row. */
static void
test_clerk_changes_are_explained(void **state)
{
	struct fix *f = *state;
	struct db *db = f->e->db;
	char *err = NULL;
	long long pid = count(db, "SELECT min(person_id) FROM person_item");
	struct record **recs;
	int n;
	assert_int_equal(db_item_list(db, &f->clerk, pid, "training", &recs, &n, &err),
	    DB_OK);
	assert_int_equal(n, 1);
	record_set(recs[0], "subject", "Quản lý công");
	assert_int_equal(db_item_save(db, &f->clerk, pid, "training", recs[0], &err), DB_OK);
	long long changed = recs[0]->id;
	db_records_free(recs, n);
	assert_int_equal(db_item_list(db, &f->clerk, pid, "family", &recs, &n, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(db_item_delete(db, &f->clerk, pid, recs[0]->id, &err), DB_OK);
	db_records_free(recs, n);
	struct row_findings r = items_check(f);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.checked, PEOPLE * PER_PERSON - 1);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE person_item SET date_to = NULL WHERE id = %lld",
	    changed);
	raw(db, sql);
	r = items_check(f);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.bad_id, changed);
	snprintf(sql, sizeof sql, "SELECT max(seq) FROM audit WHERE entity_id = %lld AND"
	    " action = 'update'", changed);
	assert_int_equal(r.audit_seq, count(db, sql));
}

/* The import's hashes are append-only for anyone who keeps the triggers. */
static void
test_kept_hashes_append_only(void **state)
{
	struct fix *f = *state;
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(db_sqlite(f->e->db), "DELETE FROM import_batch",
	    NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(db_sqlite(f->e->db), "UPDATE import_batch SET"
	    " rows = x''", NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
}

/* Rows the seals say they hold. */
static const char sealed_rows[] = "SELECT coalesce(sum(CAST(json_extract(after,"
    " '$.rows') AS INTEGER)), 0) FROM audit WHERE entity = 'person_item' AND row_hash IS"
    " NOT NULL";

/*
 * The real program stopped half way through a --skip-bad import of some 150,000
 * sub-records, by sig (9: kill -9; 2: Ctrl-C) once its first batch is committed:
 * hoso check passes, and whole batches are kept, each sealed. The test lets go of
 * its connection meanwhile, so that the import has the database to itself and
 * writes with a rollback journal, which the next to open rolls back.
 */
static void
run_stopped_import(struct fix *f, int sig)
{
	char hoso[PATH_MAX + 16];
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	char *big = tmpdir_path(f->e->dir, "big.csv");
	FILE *out = fopen(big, "w");
	write_items(out, PEOPLE, 3750);
	fclose(out);
	free(big);
	long long before = count(f->e->db, "SELECT count(*) FROM person_item");
	assert_int_equal(count(f->e->db, sealed_rows), before);
	db_close(f->e->db);
	f->e->db = NULL;
	/* Wait (boundedly: sanitizers are slow) for the first batch's commit, then stop. */
	char *outp;
	int rc = shrun(f->e->dir, &outp, "%s import big.csv --items --skip-bad --reject"
	    " /dev/null --db hoso.db --lang en & p=$!; i=0; while [ $i -lt 1200 ] &&"
	    " [ \"$(sqlite3 -cmd '.timeout 10000' hoso.db 'SELECT count(*) FROM"
	    " import_batch')\" -le 1 ]; do sleep 0.05; i=$((i + 1)); done; kill -%d $p;"
	    " wait $p", hoso, sig);
	assert_int_not_equal(rc, 0);
	if (sig == 2)
		assert_non_null(strstr(outp, "interrupted: "));
	free(outp);
	rc = shrun(f->e->dir, &outp, "%s check --db hoso.db --lang en", hoso);
	if (rc != 0)
		fail_msg("hoso check after kill -%d: %s", sig, outp);
	assert_non_null(strstr(outp, "sub-records: ok"));
	free(outp);
	char *dbpath = tmpdir_path(f->e->dir, "hoso.db"), *err = NULL;
	if (db_open(dbpath, &f->e->db, &err) != DB_OK)
		fail_msg("open: %s", err);
	free(dbpath);
	long long kept = count(f->e->db, "SELECT count(*) FROM person_item") - before;
	assert_true(kept > 0);
	assert_true(kept < PEOPLE * 3750);
	/* Ctrl-C commits what it read; kill -9 leaves whole batches of 50,000. */
	if (sig == 9)
		assert_int_equal(kept % 50000, 0);
	assert_int_equal(count(f->e->db, sealed_rows), before + kept);
	struct row_findings r = items_check(f);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.checked, before + kept);
}

static void
test_killed_import_passes_check(void **state)
{
	run_stopped_import(*state, 9);
}

static void
test_interrupted_import_passes_check(void **state)
{
	run_stopped_import(*state, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit_keeps_hashes_not_copies, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_changed_row_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_hash_rewritten_breaks_the_seal, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deleted_or_added_row_found, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_clerk_changes_are_explained, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kept_hashes_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_import_passes_check, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_import_passes_check, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
