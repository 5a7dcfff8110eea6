/*
 * Sign-in throttles in the data layer (db/throttle.h), on a real database file:
 * wrong passwords throttle the account from that source only, with a growing
 * delay; the throttle's end does not move with attempts made during it; a key
 * gets in regardless; who may list and lift throttles, and the audit of it; a
 * client's name with control characters is stored cleaned.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "db/account.h"
#include "db/throttle.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "mat-khau-123"	/* dbfix_account's password */

struct fix {
	struct dbfix_env *env;
	struct actor      clerk, hn_admin, hcm_admin;
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	f->env = dbfix_env_new("dbthrottle");
	dbfix_account(f->env->db, "clerk.hn", ROLE_CLERK, FIX_HN_NV, &f->clerk);
	dbfix_account(f->env->db, "admin.hn", ROLE_AGENCY_ADMIN, FIX_HN, &f->hn_admin);
	dbfix_account(f->env->db, "admin.hcm", ROLE_AGENCY_ADMIN, FIX_HCM, &f->hcm_admin);
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

/* One sign-in; returns the data layer's code and the delay it asked for. */
static int
sign_in(struct fix *f, const char *user, const char *pw, const char *src, int *delay)
{
	struct actor a;
	char *err = NULL;
	int d = 0;
	int rc = db_account_auth_password(f->env->db, user, pw, src, "test", &a, &d, &err);
	free(err);
	if (delay != NULL)
		*delay = d;
	return rc;
}

/* The first column of sql on the fixture's file, as an integer (-1 if no row). */
static long long
sql_int(struct fix *f, const char *sql)
{
	char *path = tmpdir_path(f->env->dir, "hoso.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	free(path);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

#define UNTIL "SELECT CAST(until * 1000 AS INTEGER) FROM auth_throttle" \
	" WHERE username = 'clerk.hn' AND source = '10.0.0.9'"

static void
test_throttle_per_account_and_source(void **state)
{
	struct fix *f = *state;
	int delay, last = 0;
	for (int i = 0; i < THROTTLE_PAIR_LIMIT; i++) {
		assert_int_equal(sign_in(f, "clerk.hn", "wrong", "10.0.0.9", &delay), DB_DENIED);
		/* The wait grows with the source's failures on the account. */
		assert_true(delay >= last && delay >= 500 && delay <= 8000);
		last = delay;
	}
	assert_int_equal(last, 8000);
	long long until = sql_int(f, UNTIL);
	assert_true(until > 0);
	/* From there even the right password waits; from elsewhere it works. */
	assert_int_equal(sign_in(f, "clerk.hn", PW, "10.0.0.9", &delay), DB_LOCKED);
	assert_int_equal(sign_in(f, "clerk.hn", PW, "10.0.0.1", &delay), DB_OK);
	/* More attempts during the throttle count nothing and move nothing. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(sign_in(f, "clerk.hn", "wrong", "10.0.0.9", NULL), DB_LOCKED);
	assert_int_equal(sql_int(f, UNTIL), until);
	assert_int_equal(sql_int(f, "SELECT failures FROM auth_throttle WHERE username ="
	    " 'clerk.hn' AND source = '10.0.0.9'"), THROTTLE_PAIR_LIMIT);
	/* A key needs no password: the throttle does not apply, and stays. */
	struct actor a;
	char *err = NULL;
	assert_int_equal(db_account_auth_key(f->env->db, "clerk.hn", "10.0.0.9", "test", &a,
	    &err), DB_OK);
	free(err);
	assert_int_equal(sql_int(f, UNTIL), until);
	/* Another account from the guesser's address is not throttled. */
	assert_int_equal(sign_in(f, "admin.hn", PW, "10.0.0.9", NULL), DB_OK);
}

static void
test_who_lists_and_lifts(void **state)
{
	struct fix *f = *state;
	struct db *db = f->env->db;
	for (int i = 0; i < THROTTLE_PAIR_LIMIT; i++)
		sign_in(f, "clerk.hn", "wrong", "10.0.0.9", NULL);
	struct throttle_info *v;
	int n, lifted;
	char *err = NULL;
	/* A clerk may neither see nor lift; an administrator of another province
	 * sees nothing of Hà Nội's and may not lift it. */
	assert_int_equal(db_throttle_list(db, &f->clerk, &v, &n, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_throttle_lift(db, &f->clerk, "clerk.hn", NULL, &lifted, &err),
	    DB_DENIED);
	free(err);
	assert_int_equal(db_throttle_list(db, &f->hcm_admin, &v, &n, &err), DB_OK);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(db_throttle_lift(db, &f->hcm_admin, "clerk.hn", NULL, &lifted, &err),
	    DB_DENIED);
	free(err);
	/* Nor may an agency administrator lift a whole address. */
	assert_int_equal(db_throttle_lift(db, &f->hn_admin, NULL, "10.0.0.9", &lifted, &err),
	    DB_DENIED);
	free(err);
	/* Hà Nội's administrator sees the account's row (not the address's own). */
	assert_int_equal(db_throttle_list(db, &f->hn_admin, &v, &n, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].username, "clerk.hn");
	assert_string_equal(v[0].source, "10.0.0.9");
	assert_int_equal(v[0].failures, THROTTLE_PAIR_LIMIT);
	assert_true(v[0].until[0] != '\0');
	free(v);
	/* The national administrator sees both, and lifts the account's. */
	assert_int_equal(db_throttle_list(db, &f->env->sys, &v, &n, &err), DB_OK);
	assert_int_equal(n, 2);
	free(v);
	assert_int_equal(db_throttle_lift(db, &f->hn_admin, "clerk.hn", "10.0.0.9", &lifted,
	    &err), DB_OK);
	assert_int_equal(lifted, 1);
	assert_int_equal(sign_in(f, "clerk.hn", PW, "10.0.0.9", NULL), DB_OK);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM audit WHERE action = 'unthrottle'"
	    " AND actor = 'admin.hn' AND after LIKE '%clerk.hn%10.0.0.9%'"), 1);
	assert_int_equal(db_throttle_lift(db, &f->env->sys, NULL, "10.0.0.9", &lifted, &err),
	    DB_OK);
	assert_int_equal(lifted, 1);	/* the address's own row */
}

static void
test_client_name_stored_clean(void **state)
{
	struct fix *f = *state;
	assert_int_equal(sign_in(f, "x\x1b]0;pwned\x07y\n", "wrong", "10.0.0.7", NULL),
	    DB_DENIED);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM audit WHERE action = 'login_failed'"
	    " AND actor = 'x?]0;pwned?y?'"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM auth_throttle WHERE username ="
	    " 'x?]0;pwned?y?'"), 1);
	assert_int_equal(sql_int(f, "SELECT count(*) FROM audit WHERE instr(actor, char(27))"
	    " OR instr(actor, char(7)) OR instr(actor, char(10))"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_throttle_per_account_and_source, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_who_lists_and_lifts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_name_stored_clean, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
