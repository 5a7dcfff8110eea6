/*
 * Drafts in a real database: the data layer writes and reads their format, so a
 * draft kept by one session comes back whole to the next (the changed fields, the
 * version they were typed over, the person of a sub-record, the title), a row that
 * is not a draft comes back without fields, and drafts are per account.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "db/draft.h"
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static void
test_draft_round_trip(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("draft");
	struct actor clerk, other;
	dbfix_account(e->db, "clerk.hn", ROLE_CLERK, FIX_HN, &clerk);
	dbfix_account(e->db, "clerk.hcm", ROLE_CLERK, FIX_HCM, &other);
	struct record *typed = record_new();
	record_set(typed, "full_name", "Nguyễn Văn \"An\"");
	record_set(typed, "phone", "");
	char *err = NULL;
	assert_int_equal(db_draft_save(e->db, &clerk, "item:training", 7, 3, 42,
	    "Đào tạo", typed, &err), DB_OK);
	assert_int_equal(db_draft_save(e->db, &clerk, "person", 0, 0, 0, NULL, typed,
	    &err), DB_OK);

	struct draft_info *d = NULL;
	int n = 0;
	assert_int_equal(db_draft_list(e->db, &clerk, &d, &n, &err), DB_OK);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		assert_non_null(d[i].fields);
		assert_int_equal(d[i].fields->n, 2);
		assert_string_equal(record_get(d[i].fields, "full_name"), "Nguyễn Văn \"An\"");
		assert_string_equal(record_get(d[i].fields, "phone"), "");
		if (strcmp(d[i].form, "item:training") == 0) {
			assert_int_equal(d[i].record_id, 7);
			assert_int_equal(d[i].version, 3);
			assert_int_equal(d[i].person_id, 42);
			assert_string_equal(d[i].title, "Đào tạo");
		} else {
			assert_string_equal(d[i].form, "person");
			assert_int_equal(d[i].version, 0);
			assert_int_equal(d[i].person_id, 0);
			assert_string_equal(d[i].title, "");
		}
	}
	db_drafts_free(d, n);
	/* Another account sees none of them. */
	assert_int_equal(db_draft_list(e->db, &other, &d, &n, &err), DB_OK);
	assert_int_equal(n, 0);
	db_drafts_free(d, n);

	/* A row whose data is not a draft comes back without fields (the screen
	 * forgets it). */
	assert_int_equal(sqlite3_exec(db_sqlite(e->db), "UPDATE draft SET data = '[1]'"
	    " WHERE form = 'person'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_draft_list(e->db, &clerk, &d, &n, &err), DB_OK);
	assert_int_equal(n, 2);
	int without = 0;
	for (int i = 0; i < n; i++)
		without += d[i].fields == NULL;
	assert_int_equal(without, 1);
	db_drafts_free(d, n);
	record_free(typed);
	dbfix_env_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
