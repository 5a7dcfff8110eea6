/*
 * What each role may do (db/role.h), and that the data layer refuses exactly what
 * the answers say it will, on a real database: the screens offer keys and menu
 * entries from these answers, so an answer that disagreed with the data layer would
 * offer a key that fails, or hide one that works.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "db/account.h"
#include "db/person.h"
#include "db/role.h"
#include "db/search.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	enum role role;
	bool      write, del, accounts, read;
} expect[] = {
	{ ROLE_NATIONAL_ADMIN, true,  true,  true,  true },
	{ ROLE_AGENCY_ADMIN,   true,  true,  true,  true },
	{ ROLE_CLERK,          true,  false, false, true },
	{ ROLE_VIEWER,         false, false, false, true },
	{ ROLE_SELF,           false, false, false, false },
};
#define NROLES (int)(sizeof expect / sizeof expect[0])

static void
test_answers_per_role(void **state)
{
	(void)state;
	for (int i = 0; i < NROLES; i++) {
		struct actor a = { .role = expect[i].role };
		assert_int_equal(db_actor_may_write(&a), expect[i].write);
		assert_int_equal(db_actor_may_delete(&a), expect[i].del);
		assert_int_equal(db_actor_may_manage_accounts(&a), expect[i].accounts);
		assert_int_equal(db_actor_may_read_records(&a), expect[i].read);
	}
}

/* Refused for the role, not for anything else: DB_DENIED and only it. */
static bool
allowed(int rc)
{
	return rc != DB_DENIED;
}

static void
test_data_layer_agrees(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("role");
	for (int i = 0; i < NROLES; i++) {
		char user[32], other[32];
		snprintf(user, sizeof user, "user%d", i);
		snprintf(other, sizeof other, "made%d", i);
		struct actor who;
		dbfix_account(e->db, user, expect[i].role, FIX_HN, &who);
		/* A person of the actor's own agency for each role to change and delete. */
		char idn[16];
		snprintf(idn, sizeof idn, "0010890000%02d", i);
		int64_t id = dbfix_person(e->db, &e->sys, idn, "Nguyễn Văn An", "1989-05-12",
		    "M", FIX_HN_NV);
		struct record *p = NULL;
		char *err = NULL;
		assert_int_equal(db_person_get(e->db, &e->sys, id, "open", &p, &err), DB_OK);

		record_set(p, "other_names", "An");
		assert_int_equal(allowed(db_person_update(e->db, &who, p, &err)),
		    expect[i].write);
		free(err);
		err = NULL;

		struct search_query q = { .text = "Nguyễn" };
		struct search_hit *hits = NULL;
		int n = 0, more = 0;
		/* An account that may not read others' records finds nobody else: a
		 * self account bound to nobody, nobody at all. */
		int rc = db_search(e->db, &who, &q, &hits, &n, &more, &err);
		if (expect[i].role == ROLE_SELF)
			assert_true(rc == DB_OK && n == 0);
		else
			assert_int_equal(allowed(rc), expect[i].read);
		free(hits);
		free(err);
		err = NULL;

		assert_int_equal(allowed(db_account_add(e->db, &who, other, "", ROLE_VIEWER,
		    FIX_HN_NV, "mat-khau-123", &err)), expect[i].accounts);
		free(err);
		err = NULL;

		record_free(p);
		assert_int_equal(db_person_get(e->db, &e->sys, id, "open", &p, &err), DB_OK);
		assert_int_equal(allowed(db_person_delete(e->db, &who, id, p->version, &err)),
		    expect[i].del);
		free(err);
		record_free(p);
	}
	dbfix_env_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers_per_role),
		cmocka_unit_test(test_data_layer_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
