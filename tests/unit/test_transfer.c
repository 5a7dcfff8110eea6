/*
 * Transfers of people between agencies (db/transfer.c) on a real file, seen from
 * both agencies through their own clerks' accounts: started by the sending agency,
 * in the receiving one's arriving list and the sender's leaving list, taken over
 * from its date on; the record moves with its history and the access with it
 * (the sender no longer reads it, the receiver does); hoso check's checks pass. A
 * transfer not taken over within 10 working days is late on both sides. Working
 * days skip weekends and the holidays they are told of.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/workdays.h"
#include "db/audit.h"
#include "db/check.h"
#include "db/person.h"
#include "db/stat.h"
#include "db/transfer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P_ID "001085012345"
#define Q_ID "001085012346"

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("transfer");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

static long long
q(struct db *db, const char *sql)
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

static int
can_read(struct db *db, const struct actor *who, const char *id_number)
{
	struct record *r = NULL;
	char *err = NULL;
	int rc = db_person_get_by_idnum(db, who, id_number, "open", &r, &err);
	record_free(r);
	free(err);
	return rc == DB_OK;
}

/* The one transfer listed for who (arriving or leaving as asked), as of on. */
static struct transfer_info
listed(struct db *db, const struct actor *who, bool arriving, const char *id_number,
    const char *on)
{
	struct transfer_info *v, found;
	int n;
	char *err = NULL;
	assert_int_equal(db_transfer_list(db, who, arriving, !arriving, on, &v, &n, &err),
	    DB_OK);
	int k = -1;
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].id_number, id_number) == 0)
			k = i;
	if (k < 0)
		fail_msg("%s is not in %s's %s list", id_number, who->username,
		    arriving ? "arriving" : "leaving");
	found = v[k];
	free(v);
	return found;
}

static void
assert_check_passes(struct db *db)
{
	char *problems = NULL, *err = NULL;
	assert_int_equal(db_check_integrity(db, &problems, &err), DB_OK);
	assert_null(problems);
	struct audit_verdict v;
	assert_int_equal(db_audit_check(db, &v, &err), DB_OK);
	assert_int_equal(v.fault, AUDIT_OK);
	for (int items = 0; items < 2; items++) {
		struct row_findings f;
		assert_int_equal(db_check_rows(db, items, &f, &err), DB_OK);
		assert_int_equal(f.bad, 0);
	}
	struct stat_findings sf;
	assert_int_equal(db_stat_check(db, &sf, &err), DB_OK);
	assert_int_equal(sf.bad, 0);
}

static void
test_transfer_seen_from_both_sides(void **state)
{
	struct dbfix_env *f = *state;
	struct actor hn, hcm, other;
	dbfix_account(f->db, "canbo.hn", ROLE_CLERK, FIX_HN_NV, &hn);
	dbfix_account(f->db, "canbo.hcm", ROLE_CLERK, FIX_HCM_YT, &hcm);
	dbfix_account(f->db, "canbo.hcm2", ROLE_CLERK, FIX_HCM, &other);
	dbfix_person(f->db, &hn, P_ID, "Nguyễn Văn An", "1985-05-15", "M", FIX_HN_NV);
	char *err = NULL;

	/* Only the sending side may start it. */
	assert_int_equal(db_transfer_start(f->db, &hcm, P_ID, FIX_HCM_YT, "02/03/2026",
	    "QĐ 12/QĐ-SYT", &err), DB_NOTFOUND);
	free(err);
	assert_int_equal(db_transfer_start(f->db, &hn, P_ID, FIX_HCM_YT, "02/03/2026",
	    "QĐ 12/QĐ-SYT", &err), DB_OK);
	assert_int_equal(db_transfer_start(f->db, &hn, P_ID, FIX_HCM_YT, "02/03/2026", NULL,
	    &err), DB_CONFLICT);
	free(err);

	/* Both sides see it; until the takeover the record stays with the sender. */
	struct transfer_info t = listed(f->db, &hcm, true, P_ID, "2026-03-05");
	assert_true(t.arriving);
	assert_false(t.late);
	assert_string_equal(t.from_code, FIX_HN_NV);
	assert_string_equal(t.decision, "QĐ 12/QĐ-SYT");
	t = listed(f->db, &hn, false, P_ID, "2026-03-05");
	assert_false(t.arriving);
	assert_true(can_read(f->db, &hn, P_ID));
	assert_false(can_read(f->db, &hcm, P_ID));

	/* Not before its date, and not by an agency it is not for. */
	assert_int_equal(db_transfer_accept(f->db, &hcm, P_ID, "2026-02-27", &err),
	    DB_INVALID);
	free(err);
	struct actor hn2;
	dbfix_account(f->db, "canbo.hn2", ROLE_CLERK, FIX_HN_NV, &hn2);
	assert_int_equal(db_transfer_accept(f->db, &hn2, P_ID, "2026-03-05", &err),
	    DB_NOTFOUND);
	free(err);

	/* Taken over: the record, its history and the access move. */
	assert_int_equal(db_transfer_accept(f->db, &hcm, P_ID, "2026-03-05", &err), DB_OK);
	assert_true(can_read(f->db, &hcm, P_ID));
	assert_false(can_read(f->db, &hn, P_ID));
	assert_int_equal(q(f->db, "SELECT count(*) FROM person p JOIN org o ON o.id ="
	    " p.org_id WHERE p.id_number = '" P_ID "' AND o.code = '" FIX_HCM_YT "'"), 1);
	assert_int_equal(q(f->db, "SELECT count(*) FROM person_item WHERE kind = 'work' AND"
	    " date_from = '2026-03-02' AND date_to IS NULL AND data ->> 'agency_code' = '"
	    FIX_HCM_YT "'"), 1);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit WHERE action IN ('transfer',"
	    " 'transfer_accept', 'move') AND entity = 'person'"), 3);
	t = listed(f->db, &hcm, true, P_ID, "2026-03-05");
	assert_true(t.accepted_at[0] != '\0');
	assert_int_equal(db_transfer_accept(f->db, &hcm, P_ID, "2026-03-05", &err),
	    DB_NOTFOUND);
	free(err);
	assert_check_passes(f->db);
}

static void
test_late_on_both_sides(void **state)
{
	struct dbfix_env *f = *state;
	struct actor hn, hcm;
	dbfix_account(f->db, "canbo.hn", ROLE_CLERK, FIX_HN_NV, &hn);
	dbfix_account(f->db, "canbo.hcm", ROLE_CLERK, FIX_HCM_YT, &hcm);
	dbfix_person(f->db, &hn, Q_ID, "Trần Văn Bảo", "1985-05-15", "M", FIX_HN_NV);
	char *err = NULL;
	assert_int_equal(db_transfer_start(f->db, &hn, Q_ID, FIX_HCM_YT, "2026-03-02", NULL,
	    &err), DB_OK);
	/* Ten working days after Monday 2 March is Monday 16 March: not yet late. */
	assert_false(listed(f->db, &hcm, true, Q_ID, "2026-03-16").late);
	assert_false(listed(f->db, &hn, false, Q_ID, "2026-03-16").late);
	assert_true(listed(f->db, &hcm, true, Q_ID, "2026-03-17").late);
	assert_true(listed(f->db, &hn, false, Q_ID, "2026-03-17").late);
}

static void
test_working_days(void **state)
{
	(void)state;
	assert_int_equal(working_days_between("2026-03-06", "2026-03-09"), 1);	/* Fri-Mon */
	assert_int_equal(working_days_between("2026-03-02", "2026-03-16"), 10);
	assert_int_equal(working_days_between("2026-03-02", "2026-03-02"), 0);
	assert_int_equal(working_days_between("2026-03-09", "2026-03-02"), 0);
	assert_int_equal(working_days_between("2024-02-28", "2024-03-01"), 2);	/* leap day */
	const char *hol[] = { "2026-03-09" };
	workdays_set_holidays(hol, 1);
	assert_int_equal(working_days_between("2026-03-06", "2026-03-09"), 0);
	assert_false(working_day("2026-03-09"));
	workdays_set_holidays(NULL, 0);
	assert_true(working_day("2026-03-09"));
	assert_false(working_day("2026-03-07"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_transfer_seen_from_both_sides, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_late_on_both_sides, setup, teardown),
		cmocka_unit_test(test_working_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
