/*
 * Tampering with a real database file behind the program's back, with the SQLite C
 * API as the sqlite3 shell would: each case is found and the first bad row named.
 * People and sub-records are checked against their last audit row (after any save,
 * not only as imported); deleted rows need a delete row; the chain is keyed, so that
 * re-hashing it without the key (plain SHA-256 or another key) shows; the witness
 * beside the database shows the last rows deleted and a chain rewritten whole.
 * A trail of an earlier release (plain SHA-256, no key file) still verifies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "db/audit.h"
#include "db/audit_files.h"
#include "db/check.h"
#include "db/person.h"
#include "core/digest.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fix {
	struct dbfix_env *e;
	struct actor      clerk;
	int64_t           saved;	/* a person inserted, then saved: version 2 */
	int64_t           plain;	/* a person as inserted, without sub-records */
	int64_t           item;		/* a sub-record of saved */
};

static int
setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof *f);
	umask(077);	/* as main sets it: reopening finds nothing to narrow */
	f->e = dbfix_env_new("tamper");
	dbfix_account(f->e->db, "clerk.hn", ROLE_CLERK, FIX_HN_NV, &f->clerk);
	f->saved = dbfix_person(f->e->db, &f->clerk, "001089001234", "Nguyễn Văn Đức",
	    "1989-05-12", "M", FIX_HN_NV);
	f->plain = dbfix_person(f->e->db, &f->clerk, "001190001235", "Trần Thị Hoa",
	    "1990-01-02", "F", FIX_HN_NV);
	struct record *r;
	char *err = NULL;
	if (db_person_get(f->e->db, &f->clerk, f->saved, NULL, &r, &err) != DB_OK)
		fail_msg("get: %s", err);
	record_set(r, "email", "duc@noivu.hanoi.gov.vn");
	if (db_person_update(f->e->db, &f->clerk, r, &err) != DB_OK)
		fail_msg("update: %s", err);
	record_free(r);
	struct record *t = record_new();
	record_set(t, "date_from", "2007-09-01");
	record_set(t, "date_to", "2011-06-30");
	record_set(t, "institution", "Học viện Hành chính Quốc gia");
	if (db_item_save(f->e->db, &f->clerk, f->saved, "training", t, &err) != DB_OK)
		fail_msg("training: %s", err);
	f->item = t->id;
	record_free(t);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	dbfix_env_free(f->e);
	free(f);
	return 0;
}

static void
raw(struct fix *f, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db_sqlite(f->e->db), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static int64_t
raw_int(struct fix *f, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(f->e->db), sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static struct row_findings
rows_check(struct fix *f, int items)
{
	struct row_findings r;
	char *err = NULL;
	if (db_check_rows(f->e->db, items, &r, &err) != DB_OK)
		fail_msg("check rows: %s", err);
	return r;
}

static struct audit_verdict
trail_check(struct fix *f)
{
	struct audit_verdict v;
	char *err = NULL;
	if (db_audit_check(f->e->db, &v, &err) != DB_OK)
		fail_msg("check trail: %s", err);
	return v;
}

static void
witness(struct fix *f)
{
	int64_t seq;
	int written;
	char *err = NULL;
	if (db_audit_witness(f->e->db, &seq, &written, &err) != DB_OK)
		fail_msg("witness: %s", err);
	assert_true(seq > 0);
}

/* Close and open the database again: a new process, as hoso check is. */
static void
reopen(struct fix *f)
{
	db_close(f->e->db);
	char *path = tmpdir_path(f->e->dir, "hoso.db");
	char *err = NULL;
	if (db_open(path, &f->e->db, &err) != DB_OK)
		fail_msg("db_open: %s", err);
	free(path);
}

static char *
file_path(struct fix *f, const char *suffix)
{
	char *db = tmpdir_path(f->e->dir, "hoso.db");
	char *p = xasprintf("%s%s", db, suffix);
	free(db);
	return p;
}

/*
 * Re-link every row from seq `from` on, as someone with write access to the file but
 * not the key would after changing one: with key (NULL: plain SHA-256, as earlier
 * releases linked).
 */
static void
rehash_from(struct fix *f, int64_t from, const struct audit_key *key)
{
	sqlite3 *sq = db_sqlite(f->e->db);
	raw(f, "DROP TRIGGER IF EXISTS audit_no_update");
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	sqlite3_stmt *st, *up;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT hash FROM audit WHERE seq < %lld ORDER BY seq DESC"
	    " LIMIT 1", (long long)from);
	assert_int_equal(sqlite3_prepare_v2(sq, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(sq, "SELECT seq, at, actor, session, action,"
	    " entity, entity_id, before, after, row_hash FROM audit WHERE seq >= ?"
	    " ORDER BY seq", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(sq, "UPDATE audit SET prev_hash = ?, hash = ?"
	    " WHERE seq = ?", -1, &up, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, from);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char h[65];
		audit_hash(key, prev, (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4),
		    (const char *)sqlite3_column_text(st, 5), sqlite3_column_int64(st, 6),
		    sqlite3_column_type(st, 6) != SQLITE_NULL,
		    (const char *)sqlite3_column_text(st, 7),
		    (const char *)sqlite3_column_text(st, 8),
		    (const char *)sqlite3_column_text(st, 9), h);
		sqlite3_bind_text(up, 1, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 2, h, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, sqlite3_column_int64(st, 0));
		assert_int_equal(sqlite3_step(up), SQLITE_DONE);
		sqlite3_reset(up);
		memcpy(prev, h, sizeof prev);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
}

static void
test_intact(void **state)
{
	struct fix *f = *state;
	struct audit_verdict v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_OK);
	assert_int_equal(v.keyed_from, 1);	/* a new database: keyed from its first row */
	struct row_findings p = rows_check(f, 0), i = rows_check(f, 1);
	assert_int_equal(p.bad, 0);
	assert_int_equal(p.checked, 2);
	assert_int_equal(i.bad, 0);
	assert_int_equal(i.checked, 1);
	/* The key is the service's alone. */
	char *key = file_path(f, AUDIT_KEY_SUFFIX);
	assert_int_equal(access(key, R_OK), 0);
	free(key);
}

static void
test_person_changed_after_a_save(void **state)
{
	struct fix *f = *state;
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE person SET religion = '02' WHERE id = %lld",
	    (long long)f->saved);
	raw(f, sql);
	assert_int_equal(raw_int(f, "SELECT max(version) FROM person"), 3);
	struct row_findings p = rows_check(f, 0);
	assert_int_equal(p.fault, ROW_CHANGED);
	assert_int_equal(p.bad_id, f->saved);
	assert_int_equal(p.bad, 1);
	/* Named with its last audit row: the save. */
	snprintf(sql, sizeof sql, "SELECT max(seq) FROM audit WHERE entity = 'person' AND"
	    " entity_id = %lld AND action = 'update'", (long long)f->saved);
	assert_int_equal(p.audit_seq, raw_int(f, sql));
}

static void
test_sub_record_changed(void **state)
{
	struct fix *f = *state;
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE person_item SET date_to = '2012-06-30' WHERE id ="
	    " %lld", (long long)f->item);
	raw(f, sql);
	assert_int_equal(rows_check(f, 0).bad, 0);
	struct row_findings i = rows_check(f, 1);
	assert_int_equal(i.fault, ROW_CHANGED);
	assert_int_equal(i.bad_id, f->item);
}

static void
test_person_deleted_or_added_raw(void **state)
{
	struct fix *f = *state;
	/* A row put in raw has no audit row at all. */
	raw(f, "INSERT INTO person (id, id_number, full_name, name_key, given_key,"
	    " date_of_birth, sex, org_id, created_at, updated_at, updated_by) SELECT 1000,"
	    " '001089009999', 'Ma Văn Ma', 'ma van ma', 'ma ma van', '1989-01-01', 'M',"
	    " org_id, created_at, updated_at, 'x' FROM person LIMIT 1");
	struct row_findings p = rows_check(f, 0);
	assert_int_equal(p.fault, ROW_UNAUDITED);
	assert_int_equal(p.bad_id, 1000);
	assert_int_equal(p.audit_seq, 0);
	char sql[160];
	snprintf(sql, sizeof sql, "DELETE FROM person WHERE id = %lld", (long long)f->plain);
	raw(f, sql);
	p = rows_check(f, 0);
	assert_int_equal(p.bad, 2);
	assert_int_equal(p.fault, ROW_DELETED);	/* the lower id first */
	assert_int_equal(p.bad_id, f->plain);
	snprintf(sql, sizeof sql, "SELECT max(seq) FROM audit WHERE entity = 'person' AND"
	    " entity_id = %lld AND action = 'insert'", (long long)f->plain);
	assert_int_equal(p.audit_seq, raw_int(f, sql));
}

static void
test_deletions_through_the_program_are_not_findings(void **state)
{
	struct fix *f = *state;
	struct dbfix_env *e = f->e;
	struct actor admin;
	dbfix_account(e->db, "admin.hn", ROLE_AGENCY_ADMIN, FIX_HN, &admin);
	char *err = NULL;
	/* The person with a sub-record: the sub-record goes with an audit row too. */
	int64_t version = raw_int(f, "SELECT version FROM person WHERE id_number ="
	    " '001089001234'");
	if (db_person_delete(e->db, &admin, f->saved, version, &err) != DB_OK)
		fail_msg("delete: %s", err);
	assert_int_equal(rows_check(f, 0).bad, 0);
	assert_int_equal(rows_check(f, 1).bad, 0);
	assert_int_equal(trail_check(f).fault, AUDIT_OK);
}

static void
test_last_audit_rows_deleted(void **state)
{
	struct fix *f = *state;
	witness(f);
	int64_t head = raw_int(f, "SELECT max(seq) FROM audit");
	raw(f, "DROP TRIGGER audit_no_delete;");
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM audit WHERE seq > %lld", (long long)head - 2);
	raw(f, sql);
	reopen(f);
	struct audit_verdict v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_TRUNCATED);
	assert_int_equal(v.bad_seq, head - 1);	/* the first row gone */
	assert_int_equal(v.witnessed_seq, head);
	int64_t bad, rows;
	char *err = NULL;
	assert_int_equal(db_audit_verify(f->e->db, &bad, &rows, &err), DB_OK);
	assert_int_equal(bad, head - 1);
}

/* A changed audit row re-linked with plain SHA-256 (what earlier releases used, and
 * all one can compute without the key): the first re-linked row is named. */
static void
test_chain_rehashed_without_the_key(void **state)
{
	struct fix *f = *state;
	int64_t seq = raw_int(f, "SELECT max(seq) FROM audit WHERE action = 'update'"
	    " AND entity = 'person'");
	raw(f, "DROP TRIGGER audit_no_update;");
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE audit SET actor = 'someone.else' WHERE seq = %lld",
	    (long long)seq);
	raw(f, sql);
	rehash_from(f, seq, NULL);
	reopen(f);
	struct audit_verdict v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_BROKEN);
	assert_int_equal(v.bad_seq, seq);
}

static void
test_chain_rehashed_with_another_key(void **state)
{
	struct fix *f = *state;
	int64_t seq = raw_int(f, "SELECT max(seq) FROM audit WHERE action = 'insert'"
	    " AND entity LIKE 'person_item:%'");
	raw(f, "DROP TRIGGER audit_no_update;");
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE audit SET after = '{}' WHERE seq = %lld",
	    (long long)seq);
	raw(f, sql);
	char *other = tmpdir_path(f->e->dir, "other.key");
	struct audit_key *k;
	char *err = NULL;
	assert_int_equal(audit_key_create(other, 1, &k, &err), DB_OK);
	rehash_from(f, seq, k);
	audit_key_free(k);
	free(other);
	reopen(f);
	struct audit_verdict v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_BROKEN);
	assert_int_equal(v.bad_seq, seq);
}

/* The key file gone too and the whole chain re-linked unkeyed: consistent in itself,
 * but not what the witness saw. */
static void
test_whole_chain_rewritten_and_key_removed(void **state)
{
	struct fix *f = *state;
	witness(f);
	int64_t head = raw_int(f, "SELECT max(seq) FROM audit");
	raw(f, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'x' WHERE seq = 2");
	rehash_from(f, 1, NULL);
	char *key = file_path(f, AUDIT_KEY_SUFFIX);
	assert_int_equal(unlink(key), 0);
	free(key);
	reopen(f);
	struct audit_verdict v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_REWRITTEN);
	assert_int_equal(v.bad_seq, head);
	assert_int_equal(v.keyed_from, 0);
}

/* A database copied or renamed without its key file: check says the key is missing
 * (not that the trail was tampered with), a write is refused rather than starting a
 * new key that would make every earlier row look forged, and with the key back all
 * is well again. */
static void
test_key_file_lost(void **state)
{
	struct fix *f = *state;
	char *key = file_path(f, AUDIT_KEY_SUFFIX);
	char *kept = file_path(f, ".kept");
	assert_int_equal(rename(key, kept), 0);
	reopen(f);
	int64_t head = raw_int(f, "SELECT max(seq) FROM audit");
	struct audit_verdict v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_KEY_MISSING);
	char *err = NULL;
	assert_int_not_equal(db_audit_event(f->e->db, &f->clerk, "view", "person", f->saved,
	    NULL, &err), DB_OK);
	assert_non_null(err);
	assert_non_null(strstr(err, AUDIT_KEY_SUFFIX));
	free(err);
	assert_int_equal(access(key, F_OK), -1);
	assert_int_equal(raw_int(f, "SELECT max(seq) FROM audit"), head);
	assert_int_equal(rename(kept, key), 0);
	reopen(f);
	v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_OK);
	free(key);
	free(kept);
}

/* A trail of an earlier release: plain SHA-256 links, no key file. It verifies; the
 * next write makes the key, keyed from the next row on; a change to an old row
 * still shows. */
static void
test_trail_of_an_earlier_release(void **state)
{
	struct fix *f = *state;
	raw(f, "DROP TRIGGER audit_no_update;"
	    " UPDATE audit SET row_hash = NULL");	/* rows of earlier releases had none */
	rehash_from(f, 1, NULL);
	char *key = file_path(f, AUDIT_KEY_SUFFIX);
	assert_int_equal(unlink(key), 0);
	reopen(f);
	int64_t head = raw_int(f, "SELECT max(seq) FROM audit");
	struct audit_verdict v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_OK);
	assert_int_equal(v.keyed_from, 0);
	/* Saved before content hashes: counted, not reported. */
	struct row_findings p = rows_check(f, 0);
	assert_int_equal(p.bad, 0);
	assert_int_equal(p.unverifiable, 2);
	dbfix_person(f->e->db, &f->clerk, "001089001236", "Lê Văn Nam", "1989-02-03", "M",
	    FIX_HN_NV);
	assert_int_equal(access(key, R_OK), 0);
	free(key);
	reopen(f);
	v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_OK);
	assert_int_equal(v.keyed_from, head + 1);
	p = rows_check(f, 0);
	assert_int_equal(p.bad, 0);
	assert_int_equal(p.checked, 1);
	raw(f, "UPDATE audit SET actor = 'x' WHERE seq = 2");
	v = trail_check(f);
	assert_int_equal(v.fault, AUDIT_BROKEN);
	assert_int_equal(v.bad_seq, 2);
}

/* RFC 4231, test case 2, twice: the key made ready once serves many messages. */
static void
test_hmac_sha256(void **state)
{
	(void)state;
	struct digest_mac *m = digest_mac_new((const unsigned char *)"Jefe", 4);
	assert_non_null(m);
	for (int i = 0; i < 2; i++) {
		char out[65];
		digest_mac_hex(m, "what do ya want for nothing?", 28, out);
		assert_string_equal(out,
		    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}
	digest_mac_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_sha256),
		cmocka_unit_test_setup_teardown(test_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_changed_after_a_save, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sub_record_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_deleted_or_added_raw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deletions_through_the_program_are_not_findings,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_audit_rows_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_rehashed_without_the_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_chain_rehashed_with_another_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_whole_chain_rewritten_and_key_removed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_key_file_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trail_of_an_earlier_release, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
