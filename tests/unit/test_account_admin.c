/*
 * Accounts managed on a real database: an edit of role, agency, name and language;
 * a reset that forces a change at the next sign-in (and that change, which may not
 * keep the temporary password); SSH keys checked, fingerprinted as ssh-keygen -l
 * prints them, listed and removed; an agency administrator held to its subtree and
 * kept from national administrators whatever the call; every change in the audit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "db/account.h"
#include "db/role.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ssh-keygen -t ed25519 -C clerk@office; ssh-keygen -lf gives the fingerprint. */
#define KEY_ED "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAK8c5ACcTvA7WZN5X0GHNgAp/Rc81f/pvmYR1h" \
	"lycR clerk@office"
#define FP_ED "SHA256:DzRq4XpvaZxtYf0BLNfOKcNXy/3l6lTdN1NmUCHB7RY"
#define KEY_EC "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBE/T9" \
	"LlvtzzjIyeL/IGj1vfuojMLywf/bsQpf50mUeIHg57YV5BD1LFds0vsC8fHBQgyUHTIzUYwe8k5JY4Qs3M= x"
#define FP_EC "SHA256:2BM9GIV2zm16I0tpWTy3SXLp4+ua75iPpvRjotjLvHM"

static int
audit_count(struct db *db, const char *like)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM audit WHERE"
	    " entity = 'account' AND after LIKE ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const struct account_info *
find(const struct account_info *v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].username, name) == 0)
			return &v[i];
	return NULL;
}

static void
expect(int want, int rc, char **err)
{
	if (rc != want)
		fail_msg("wanted %d, got %d: %s", want, rc, *err ? *err : "");
	free(*err);
	*err = NULL;
}

static void
test_edit_and_scope(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("accedit");
	struct actor qt, qt_hcm, clerk;
	dbfix_account(e->db, "qt.hn", ROLE_AGENCY_ADMIN, FIX_HN, &qt);
	dbfix_account(e->db, "qt.hcm", ROLE_AGENCY_ADMIN, FIX_HCM, &qt_hcm);
	dbfix_account(e->db, "canbo.hn", ROLE_CLERK, FIX_HN_NV, &clerk);
	struct actor unused;
	dbfix_account(e->db, "canbo.hcm", ROLE_CLERK, FIX_HCM_YT, &unused);
	char *err = NULL;
	expect(DB_OK, db_account_add(e->db, &e->sys, "tw", "", ROLE_NATIONAL_ADMIN, NULL,
	    "mat-khau-123", &err), &err);

	struct account_edit ed = { .full_name = "Lê Thị Hoa", .lang = "en", .role_set = true,
	    .role = ROLE_VIEWER };
	expect(DB_OK, db_account_edit(e->db, &qt, "canbo.hn", &ed, &err), &err);
	struct account_info *v;
	int n;
	expect(DB_OK, db_account_list(e->db, &qt, &v, &n, &err), &err);
	const struct account_info *a = find(v, n, "canbo.hn");
	assert_non_null(a);
	assert_string_equal(a->full_name, "Lê Thị Hoa");
	assert_string_equal(a->lang, "en");
	assert_int_equal(a->role, ROLE_VIEWER);
	assert_string_equal(a->org_code, FIX_HN_NV);
	assert_non_null(strstr(a->org_name, "Nội vụ"));
	/* The other subtree's accounts and the national administrator are not listed. */
	assert_null(find(v, n, "canbo.hcm"));
	assert_null(find(v, n, "tw"));
	free(v);
	assert_int_equal(audit_count(e->db, "%Lê Thị Hoa%viewer%"), 1);
	/* Looking at the list is on the trail too. */
	assert_true(audit_count(e->db, "{\"listed\":%") >= 1);

	assert_false(db_actor_may_grant_role(&qt, ROLE_NATIONAL_ADMIN));
	assert_true(db_actor_may_grant_role(&qt, ROLE_AGENCY_ADMIN));
	assert_false(db_actor_may_grant_role(&clerk, ROLE_VIEWER));
	assert_true(db_actor_may_grant_role(&e->sys, ROLE_NATIONAL_ADMIN));
	/* Moving within the subtree: yes; into another: no; to a national admin: no. */
	struct account_edit move = { .org_code = FIX_HN };
	expect(DB_OK, db_account_edit(e->db, &qt, "canbo.hn", &move, &err), &err);
	struct account_edit away = { .org_code = FIX_HCM_YT };
	expect(DB_DENIED, db_account_edit(e->db, &qt, "canbo.hn", &away, &err), &err);
	struct account_edit up = { .role_set = true, .role = ROLE_NATIONAL_ADMIN };
	expect(DB_DENIED, db_account_edit(e->db, &qt, "canbo.hn", &up, &err), &err);
	expect(DB_DENIED, db_account_edit(e->db, &qt, "qt.hn", &up, &err), &err);
	/* Another subtree's account, or a national admin's, by any call. */
	struct account_edit name = { .full_name = "X" };
	expect(DB_DENIED, db_account_edit(e->db, &qt, "canbo.hcm", &name, &err), &err);
	expect(DB_DENIED, db_account_edit(e->db, &qt, "tw", &name, &err), &err);
	expect(DB_DENIED, db_account_set_locked(e->db, &qt, "canbo.hcm", true, &err), &err);
	expect(DB_DENIED, db_account_set_locked(e->db, &qt, "tw", true, &err), &err);
	char tmp[ACCOUNT_TMP_PASSWORD_LEN + 1];
	expect(DB_DENIED, db_account_reset_password(e->db, &qt, "canbo.hcm", tmp, &err), &err);
	expect(DB_DENIED, db_account_reset_password(e->db, &qt, "tw", tmp, &err), &err);
	expect(DB_DENIED, db_account_key_add(e->db, &qt, "canbo.hcm", KEY_ED, &err), &err);
	expect(DB_DENIED, db_account_add(e->db, &qt, "x.hcm", "", ROLE_CLERK, FIX_HCM_YT,
	    "mat-khau-123", &err), &err);
	expect(DB_DENIED, db_account_add(e->db, &qt, "x.tw", "", ROLE_NATIONAL_ADMIN, FIX_HN,
	    "mat-khau-123", &err), &err);
	expect(DB_DENIED, db_account_add_with_key(e->db, &qt, "x.tw", "", ROLE_NATIONAL_ADMIN,
	    NULL, KEY_ED, &err), &err);
	/* A clerk manages no one, does not even list accounts, nor edits its own role. */
	expect(DB_DENIED, db_account_list(e->db, &clerk, &v, &n, &err), &err);
	expect(DB_DENIED, db_account_edit(e->db, &clerk, "canbo.hcm", &name, &err), &err);
	struct account_edit self_up = { .role_set = true, .role = ROLE_AGENCY_ADMIN };
	/* (canbo.hn is a viewer now; its own role is not its own to choose) */
	struct actor viewer;
	char *e2 = NULL;
	assert_int_equal(db_account_actor(e->db, "canbo.hn", "test", &viewer, &e2), DB_OK);
	expect(DB_DENIED, db_account_edit(e->db, &viewer, "canbo.hn", &self_up, &err), &err);
	struct account_edit own_lang = { .lang = "vi" };
	expect(DB_OK, db_account_edit(e->db, &viewer, "canbo.hn", &own_lang, &err), &err);
	/* The national admin may do all of it. */
	expect(DB_OK, db_account_edit(e->db, &e->sys, "canbo.hn", &away, &err), &err);
	expect(DB_OK, db_account_list(e->db, &qt_hcm, &v, &n, &err), &err);
	assert_non_null(find(v, n, "canbo.hn"));
	free(v);
	dbfix_env_free(e);
}

static void
test_reset_forces_change(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("accreset");
	struct actor qt, clerk;
	dbfix_account(e->db, "qt.hn", ROLE_AGENCY_ADMIN, FIX_HN, &qt);
	struct actor unused;
	dbfix_account(e->db, "canbo.hn", ROLE_CLERK, FIX_HN_NV, &unused);
	char *err = NULL, tmp[ACCOUNT_TMP_PASSWORD_LEN + 1];
	bool must = true;
	expect(DB_OK, db_account_must_change(e->db, "canbo.hn", &must, &err), &err);
	assert_false(must);
	expect(DB_OK, db_account_reset_password(e->db, &qt, "canbo.hn", tmp, &err), &err);
	assert_int_equal(strlen(tmp), ACCOUNT_TMP_PASSWORD_LEN);
	expect(DB_OK, db_account_must_change(e->db, "canbo.hn", &must, &err), &err);
	assert_true(must);
	assert_int_equal(audit_count(e->db, "%\"reset\"%"), 1);
	/* The old password no longer opens it; the temporary one does. */
	int delay;
	expect(DB_DENIED, db_account_auth_password(e->db, "canbo.hn", "mat-khau-123", "local",
	    "t", &clerk, &delay, &err), &err);
	expect(DB_OK, db_account_auth_password(e->db, "canbo.hn", tmp, "local", "t", &clerk,
	    &delay, &err), &err);
	/* Keeping the temporary password is no change; a new one ends the flag. */
	expect(DB_INVALID, db_account_change_own_password(e->db, &clerk, tmp, &err), &err);
	expect(DB_OK, db_account_must_change(e->db, "canbo.hn", &must, &err), &err);
	assert_true(must);
	expect(DB_OK, db_account_change_own_password(e->db, &clerk, "mat-khau-moi-1", &err), &err);
	expect(DB_OK, db_account_must_change(e->db, "canbo.hn", &must, &err), &err);
	assert_false(must);
	/* An administrator's own password is changed, not reset. */
	expect(DB_INVALID, db_account_reset_password(e->db, &qt, "qt.hn", tmp, &err), &err);
	dbfix_env_free(e);
}

static void
test_keys(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("acckeys");
	struct actor qt, qt_hcm;
	dbfix_account(e->db, "qt.hn", ROLE_AGENCY_ADMIN, FIX_HN, &qt);
	dbfix_account(e->db, "qt.hcm", ROLE_AGENCY_ADMIN, FIX_HCM, &qt_hcm);
	struct actor unused;
	dbfix_account(e->db, "canbo.hn", ROLE_CLERK, FIX_HN_NV, &unused);
	char *err = NULL, fp[64];
	expect(DB_OK, db_account_key_check(KEY_ED, fp, &err), &err);
	assert_string_equal(fp, FP_ED);
	/* Unknown types, DSA, damaged base64, a blob of another type: refused. */
	expect(DB_INVALID, db_account_key_check("ssh-dss AAAAB3NzaC1kc3MAAACBAP", fp, &err), &err);
	expect(DB_INVALID, db_account_key_check("hello world", fp, &err), &err);
	expect(DB_INVALID, db_account_key_check("ssh-ed25519 AAAA!!notbase64", fp, &err), &err);
	expect(DB_INVALID, db_account_key_check("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHAK8c5ACcTvA7W"
	    "ZN5X0GHNgAp/Rc81f/pvmYR1hlycR", fp, &err), &err);
	expect(DB_INVALID, db_account_key_check("ssh-ed25519", fp, &err), &err);

	expect(DB_OK, db_account_key_add(e->db, &qt, "canbo.hn", KEY_ED, &err), &err);
	expect(DB_OK, db_account_key_add(e->db, &qt, "canbo.hn", KEY_EC, &err), &err);
	struct account_key_info *k;
	int n;
	expect(DB_OK, db_account_key_list(e->db, &qt, "canbo.hn", &k, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(k[0].fingerprint, FP_ED);
	assert_string_equal(k[0].comment, "clerk@office");
	assert_string_equal(k[1].fingerprint, FP_EC);
	assert_string_equal(k[1].type, "ecdsa-sha2-nistp256");
	free(k);
	/* Another subtree's administrator neither sees nor removes them. */
	expect(DB_DENIED, db_account_key_list(e->db, &qt_hcm, "canbo.hn", &k, &n, &err), &err);
	expect(DB_DENIED, db_account_key_remove(e->db, &qt_hcm, "canbo.hn", FP_ED, &err), &err);
	expect(DB_NOTFOUND, db_account_key_remove(e->db, &qt, "canbo.hn", "SHA256:nope", &err),
	    &err);
	/* Removed by the fingerprint with or without its prefix; the key no longer
	 * opens the account. */
	expect(DB_OK, db_account_key_remove(e->db, &qt, "canbo.hn", FP_ED + 7, &err), &err);
	expect(DB_OK, db_account_key_list(e->db, &qt, "canbo.hn", &k, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(k[0].fingerprint, FP_EC);
	free(k);
	expect(DB_DENIED, db_account_key_allowed(e->db, "canbo.hn", "ssh-ed25519",
	    "AAAAC3NzaC1lZDI1NTE5AAAAIHAK8c5ACcTvA7WZN5X0GHNgAp/Rc81f/pvmYR1hlycR", &err), &err);
	assert_int_equal(audit_count(e->db, "%key_removed%" FP_ED "%"), 1);
	assert_int_equal(audit_count(e->db, "%key_added%" FP_EC "%"), 1);
	dbfix_env_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_and_scope),
		cmocka_unit_test(test_reset_forces_change),
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
