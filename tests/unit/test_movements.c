/*
 * Movements over a period (db/stat_moves.c, report/movements.c) on a hand-made
 * register: recruitments, transfers in (started at the agency after being
 * recruited), statuses dated in and out of the period, discipline sub-records,
 * rank and position dates; a record moved to an agency outside the subtree, by a
 * save or by a transfer taken over, counts as transferred out of it (from the
 * audit trail) and not out of the nation; the period's ends are included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/i18n.h"
#include "core/record.h"
#include "db/import.h"
#include "db/person.h"
#include "db/stat.h"
#include "db/transfer.h"
#include "report/movements.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
setup(void **state)
{
	i18n_init("en");
	*state = dbfix_env_new("moves");
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

static void
import(struct dbfix_env *f, const char *csv, int items)
{
	char *path = dbfix_file(f->dir, "in.csv", csv);
	FILE *in = fopen(path, "r");
	/* The staff category, which the import requires, is not what these rows
	 * are about: one for all of them. */
	struct record *set = record_new();
	record_set(set, "staff_category", "cong_chuc");
	struct import_opts o = { .filename = "in.csv", .set = set };
	struct import_report rep;
	char *err = NULL;
	int rc = items ? db_import_items(f->db, &f->sys, in, &o, &rep, &err) :
	    db_import_people(f->db, &f->sys, in, &o, &rep, &err);
	if (rc != DB_OK || rep.rejected)
		fail_msg("import: %s", err ? err : "rows rejected");
	fclose(in);
	free(path);
	record_free(set);
}

static void
test_movements_of_a_period(void **state)
{
	struct dbfix_env *f = *state;
	import(f, "id_number,full_name,date_of_birth,sex,org_code,recruitment_date,start_date,"
	    "employment_status,employment_status_date,rank_date,position_date\n"
	    /* recruited in the period, on its first day */
	    "001080000001,Lê Văn A,1980-01-01,M," FIX_HN_NV ",2025-01-01,2025-01-01,,,,\n"
	    /* recruited before, came to the agency in the period: in */
	    "001080000002,Lê Văn B,1980-01-01,M," FIX_HN_NV ",2010-01-01,2025-06-30,,,2025-07-01,\n"
	    /* retired on the period's last day; resigned after it */
	    "001080000003,Lê Văn C,1980-01-01,M," FIX_HN ",2000-01-01,,retired,2025-12-31,,\n"
	    "001080000004,Lê Văn D,1980-01-01,M," FIX_HN ",2000-01-01,,resigned,2026-01-01,,\n"
	    "001080000005,Lê Văn E,1980-01-01,M," FIX_HN ",2000-01-01,,deceased,2025-03-03,,"
	    "2025-02-02\n"
	    /* elsewhere: not counted for Hà Nội */
	    "001080000006,Lê Văn G,1980-01-01,M," FIX_HCM ",2025-05-05,2025-05-05,dismissed,"
	    "2025-05-06,,\n", 0);
	import(f, "id_number,kind,date_from,date_to,data\n"
	    "001080000001,discipline,2025-04-04,,\"{\"\"discipline_form\"\":\"\"khien_trach\"\"}\"\n"
	    "001080000006,discipline,2025-04-04,,\"{\"\"discipline_form\"\":\"\"khien_trach\"\"}\"\n",
	    1);
	/* B moves to Hồ Chí Minh: out of Hà Nội, not of the nation. */
	struct record *rec;
	char *err = NULL;
	assert_int_equal(db_person_get_by_idnum(f->db, &f->sys, "001080000002", "open", &rec,
	    &err), DB_OK);
	record_set(rec, "org_code", FIX_HCM_YT);
	record_set(rec, "staff_category", "cong_chuc");	/* a save asks for it */
	if (db_person_update(f->db, &f->sys, rec, &err) != DB_OK)
		fail_msg("update: %s", err);
	record_free(rec);
	const char *today = "2099-12-31";	/* a period that holds today */

	struct org_info org;
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	struct movements *m;
	assert_int_equal(movements_new(f->db, &org, "2025-01-01", "2025-12-31", &m, &err),
	    DB_OK);
	assert_int_equal(m->n[STAT_MOVE_RECRUITED], 1);
	/* B's record is now in Hồ Chí Minh: its transfer in is that agency's. */
	assert_int_equal(m->n[STAT_MOVE_IN], 0);
	assert_int_equal(m->n[STAT_MOVE_RETIRED], 1);
	assert_int_equal(m->n[STAT_MOVE_RESIGNED], 0);
	assert_int_equal(m->n[STAT_MOVE_DECEASED], 1);
	assert_int_equal(m->n[STAT_MOVE_DISMISSED], 0);
	assert_int_equal(m->n[STAT_MOVE_DISCIPLINED], 1);
	assert_int_equal(m->n[STAT_MOVE_POSITION], 1);
	movements_free(m);
	/* The transfer happened today: in a period that includes today. */
	assert_int_equal(movements_new(f->db, &org, "2025-01-01", today, &m, &err), DB_OK);
	assert_int_equal(m->n[STAT_MOVE_OUT], 1);
	assert_int_equal(m->n[STAT_MOVE_RESIGNED], 1);
	movements_free(m);
	assert_int_equal(movements_new(f->db, &org, "2025-01-01", "2025-12-31", &m, &err),
	    DB_OK);
	assert_int_equal(m->n[STAT_MOVE_OUT], 0);
	movements_free(m);
	/* The nation: nobody left it; G counts (dismissed, recruited, disciplined). */
	assert_int_equal(db_stat_scope(f->db, &f->sys, NULL, &org, &err), DB_OK);
	assert_int_equal(movements_new(f->db, &org, "2025-01-01", today, &m, &err), DB_OK);
	assert_int_equal(m->n[STAT_MOVE_OUT], 0);
	assert_int_equal(m->n[STAT_MOVE_RECRUITED], 2);
	assert_int_equal(m->n[STAT_MOVE_IN], 1);
	assert_int_equal(m->n[STAT_MOVE_DISMISSED], 1);
	assert_int_equal(m->n[STAT_MOVE_DISCIPLINED], 2);
	assert_int_equal(m->n[STAT_MOVE_RANK], 1);
	movements_free(m);
	/* A transfer taken over (db/transfer.c) moves A out of Hà Nội too. */
	if (db_transfer_start(f->db, &f->sys, "001080000001", FIX_HCM, NULL, NULL, &err) !=
	    DB_OK || db_transfer_accept(f->db, &f->sys, "001080000001", NULL, &err) != DB_OK)
		fail_msg("transfer: %s", err);
	assert_int_equal(db_stat_scope(f->db, &f->sys, FIX_HN, &org, &err), DB_OK);
	assert_int_equal(movements_new(f->db, &org, "2025-01-01", today, &m, &err), DB_OK);
	assert_int_equal(m->n[STAT_MOVE_OUT], 2);
	movements_free(m);
	/* A period that ends before it starts is refused. */
	assert_int_equal(movements_new(f->db, &org, "2025-02-01", "2025-01-01", &m, &err),
	    DB_INVALID);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_movements_of_a_period, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
