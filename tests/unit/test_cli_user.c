/*
 * hoso user as an administrator types it: the roles named by --help, "no accounts"
 * on an empty list, an account edited, reset (the temporary password printed once
 * opens it and the account is marked to change it), a key added from a .pub file
 * and by its line with the fingerprint ssh-keygen -l prints, listed, removed by
 * fingerprint; an agency administrator refused outside its subtree and for a
 * national administrator; every change audited.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char hoso[PATH_MAX + 16];
static char *dir;

#define KEY_ED "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAK8c5ACcTvA7WZN5X0GHNgAp/Rc81f/pvmYR1h" \
	"lycR clerk@office"
#define FP_ED "SHA256:DzRq4XpvaZxtYf0BLNfOKcNXy/3l6lTdN1NmUCHB7RY"
#define KEY_EC "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBE/T9" \
	"LlvtzzjIyeL/IGj1vfuojMLywf/bsQpf50mUeIHg57YV5BD1LFds0vsC8fHBQgyUHTIzUYwe8k5JY4Qs3M= x"
#define FP_EC "SHA256:2BM9GIV2zm16I0tpWTy3SXLp4+ua75iPpvRjotjLvHM"

static int
setup(void **state)
{
	(void)state;
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("cliuser");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H40,UBND tỉnh Nghệ An,\n"
	    "000.00.01.H40,Sở Nội vụ tỉnh Nghệ An,000.00.00.H40\n"
	    "000.00.00.H42,UBND tỉnh Hà Tĩnh,\n");
	shrun_write(dir, "k.pub", "# the clerk's key\n\n" KEY_EC "\n");
	char *out = NULL;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db", hoso) != 0)
		fail_msg("set-up failed: %s", out);
	free(out);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tmpdir_remove(dir);
	return 0;
}

static void
run(int want, const char *needle, const char *fmt, const char *arg)
{
	char *out = NULL;
	char line[1024];
	snprintf(line, sizeof line, fmt, arg);
	int rc = shrun(dir, &out, "%s %s --db t.db --lang en", hoso, line);
	if (rc != want || (needle != NULL && strstr(out, needle) == NULL))
		fail_msg("hoso %s: exit %d (wanted %d), output:\n%s\n(wanted \"%s\")", line, rc,
		    want, out, needle ? needle : "");
	free(out);
}

static void
test_user_commands(void **state)
{
	(void)state;
	run(0, "viewer (reads and reports only)", "user --help%s", "");
	run(0, "no accounts", "user list%s", "");
	char *out = NULL;
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | %s user add qt.na --role"
	    " agency_admin --org 000.00.00.H40 --password-stdin --db t.db && echo mat-khau-123"
	    " | %s user add tw --role admin --password-stdin --db t.db", hoso, hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | %s user add canbo.na --role clerk"
	    " --org 000.00.01.H40 --password-stdin --db t.db && echo mat-khau-123 | %s user add"
	    " canbo.ht --role clerk --org 000.00.00.H42 --password-stdin --db t.db", hoso, hoso),
	    0);
	free(out);
	/* Edited by its agency administrator; listed with agency and state. */
	run(0, "account canbo.na changed", "user edit canbo.na --name 'Lê Văn Nam' --role viewer"
	    " --account-lang en --user %s", "qt.na");
	run(0, "viewer", "user list --user %s", "qt.na");
	run(0, "Lê Văn Nam", "user list --user %s", "qt.na");
	/* Not outside its subtree, not to a national administrator, not to one. */
	run(1, "may not", "user edit canbo.ht --name X --user %s", "qt.na");
	run(1, "may not", "user edit canbo.na --org 000.00.00.H42 --user %s", "qt.na");
	run(1, "may not", "user edit canbo.na --role admin --user %s", "qt.na");
	run(1, "may not", "user reset tw --user %s", "qt.na");
	run(1, "may not", "user lock canbo.ht --user %s", "qt.na");
	run(1, "may not", "user key-add canbo.ht --file k.pub --user %s", "qt.na");
	run(2, "unknown role", "user edit canbo.na --role %s", "chief");
	/* A clerk reaches no account command, its own or others'. */
	run(1, "only administrators", "user list --user %s", "canbo.ht");
	run(1, "may not", "user add x.ht --role clerk --org 000.00.00.H42 --key '"
	    KEY_EC "' --user %s", "canbo.ht");
	run(1, "may not", "user lock canbo.na --user %s", "canbo.ht");
	run(1, "may not", "user reset canbo.na --user %s", "canbo.ht");
	run(1, "may not", "user edit canbo.ht --role agency_admin --user %s", "canbo.ht");
	run(1, "may not", "user keys canbo.na --user %s", "canbo.ht");
	/* A reset prints the temporary password, which then signs in once. */
	assert_int_equal(shrun(dir, &out, "%s user reset canbo.na --user qt.na --db t.db"
	    " --lang en", hoso), 0);
	const char *p = strstr(out, "sign-in): ");
	assert_non_null(p);
	char tmp[32] = "";
	sscanf(p + 10, "%31s", tmp);
	assert_int_equal(strlen(tmp), 12);
	free(out);
	run(0, "reset", "user list%s", "");
	/* Keys: from a file (comments and blank lines skipped) and by line, with the
	 * fingerprints ssh-keygen -l prints; a DSA key refused. */
	run(0, FP_EC, "user key-add canbo.na --file %s", "k.pub");
	run(0, FP_ED " added", "user key-add tw '%s'", KEY_ED);
	run(1, "already registered", "user key-add canbo.na '%s'", KEY_ED);
	run(1, "not a key type", "user key-add canbo.na '%s'", "ssh-dss AAAAB3NzaC1kc3M= old");
	run(2, "one of them", "user key-add canbo.na '%s' --file k.pub", KEY_ED);
	run(0, FP_EC " ecdsa", "user keys canbo.na%s", "");
	run(0, "removed", "user key-remove canbo.na %s", FP_EC);
	run(0, "canbo.na has no SSH keys", "user keys canbo.na%s", "");
	run(1, "no key with the fingerprint", "user key-remove canbo.na %s", FP_EC);
	/* The old spelling still works. */
	run(1, "already registered", "user key add tw '%s'", KEY_ED);
	sqlite3 *c;
	char *db = tmpdir_path(dir, "t.db");
	assert_int_equal(sqlite3_open(db, &c), SQLITE_OK);
	free(db);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT count(*) FROM audit WHERE entity ="
	    " 'account' AND action = 'update'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* edit, reset, 2 keys added, 1 removed */
	assert_int_equal(sqlite3_column_int(st, 0), 5);
	sqlite3_finalize(st);
	sqlite3_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_commands),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
