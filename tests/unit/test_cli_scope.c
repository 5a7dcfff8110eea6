/*
 * Scope has no side door: every command that writes, run by accounts of Nghệ An
 * against Hà Nội's people, accounts and agencies, is refused, and the database is
 * byte for byte what it was. A refused look-up leaves an audit row; the answers never
 * name an internal row number nor say that an ID number is recorded elsewhere. And
 * no account is created without a password or a key. The real hoso binary on a real
 * database file, as tests/unit/test_cli.c runs it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NA_NV  "000.00.01.H40"	/* Sở Nội vụ Nghệ An: the clerk's agency */
#define HN_NV  "000.00.01.H01"	/* Sở Nội vụ Hà Nội: outside it */
#define HN_ID  "001089001234"	/* a person of Hà Nội */

static char hoso[PATH_MAX + 16];
static char *dir;

/* Everything a write could change, in a fixed order (the audit trail apart, which
 * refusals may add to). */
static char *
snapshot(void)
{
	char *out;
	if (shrun(dir, &out, "sqlite3 t.db 'SELECT * FROM person ORDER BY id;"
	    " SELECT * FROM person_item ORDER BY id; SELECT * FROM account ORDER BY id;"
	    " SELECT * FROM account_key ORDER BY 1; SELECT * FROM org ORDER BY id;"
	    " SELECT * FROM verify_queue ORDER BY 1; SELECT * FROM draft ORDER BY 1'") != 0)
		fail_msg("snapshot: %s", out);
	return out;
}

static int
setup(void **state)
{
	(void)state;
	/* Absolute: the commands run in the test's own directory. */
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("cliscope");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H40,UBND tỉnh Nghệ An,\n" NA_NV ",Sở Nội vụ tỉnh Nghệ An,000.00.00.H40\n"
	    "000.00.00.H01,UBND thành phố Hà Nội,\n" HN_NV ",Sở Nội vụ Hà Nội,000.00.00.H01\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,"NA_NV"\n"
	    HN_ID ",Trần Văn Hùng,1989-03-02,Nam,cong_chuc," HN_NV "\n");
	shrun_write(dir, "items.csv", "id_number,kind,date_from,date_to,data\n"
	    HN_ID ",training,2007-09-01,2011-06-30,\"{\"\"institution\"\":\"\"Học viện\"\"}\"\n");
	char *out = NULL;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db && %s import people.csv --db t.db &&"
	    " %s import items.csv --items --db t.db &&"
	    " echo mat-khau-123 | %s user add canbo.na --role clerk --org " NA_NV
	    " --password-stdin --db t.db &&"
	    " echo mat-khau-123 | %s user add qt.na --role agency_admin --org 000.00.00.H40"
	    " --password-stdin --db t.db &&"
	    " echo mat-khau-123 | %s user add canbo.hn --role clerk --org " HN_NV
	    " --password-stdin --db t.db", hoso, hoso, hoso, hoso, hoso, hoso) != 0)
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

/* Run the command; it must fail with a message holding want (NULL: any) and leave
 * everything as it was. */
static void
refused(const char *want, const char *fmt, ...)
{
	char *before = snapshot();
	va_list ap;
	va_start(ap, fmt);
	char cmd[4096];
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	char *out;
	int rc = shrun(dir, &out, "%s %s --db t.db --lang en", hoso, cmd);
	if (rc == 0)
		fail_msg("not refused: hoso %s\n%s", cmd, out);
	if (want != NULL && strstr(out, want) == NULL)
		fail_msg("hoso %s: expected \"%s\" in:\n%s", cmd, want, out);
	char *after = snapshot();
	if (strcmp(before, after) != 0)
		fail_msg("hoso %s changed the database:\n%s\n---\n%s", cmd, before, after);
	free(out);
	free(before);
	free(after);
}

static void
test_every_writing_command_refused(void **state)
{
	(void)state;
	/* The person is recorded in Hà Nội: a Nghệ An clerk's file naming Nghệ An must
	 * not make a second record, nor learn where the first one is. A row naming a
	 * Hà Nội agency gets exactly the same answer. */
	shrun_write(dir, "p.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    HN_ID ",Trần Văn Hùng,1989-03-02,Nam,cong_chuc," NA_NV "\n"
	    "001089005678,Lê Văn Nam,1989-03-02,Nam,cong_chuc," HN_NV "\n");
	const char *msg = "cannot be written by this account";
	refused("line 2, column org_code: this record cannot be written by this account",
	    "import p.csv --user canbo.na");
	refused("line 3, column org_code: this record cannot be written by this account",
	    "import p.csv --user canbo.na");
	refused(msg, "import p.csv --update --user canbo.na");
	refused(msg, "import p.csv --skip-bad --reject r.csv --user canbo.na");
	refused(msg, "import p.csv --update --skip-bad --reject r.csv --user qt.na");
	char *out;
	assert_int_equal(shrun(dir, &out, "%s import p.csv --user canbo.na --db t.db --lang en",
	    hoso), 1);
	assert_null(strstr(out, "already recorded"));
	free(out);

	/* Sub-records under Hà Nội's person: the same answer as for nobody at all. */
	shrun_write(dir, "i.csv", "id_number,kind,date_from,date_to,data\n"
	    HN_ID ",family,,,\"{\"\"relation\"\":\"\"vo\"\",\"\"full_name\"\":\"\"Lê Thị C\"\"}\"\n"
	    "040189009999,family,,,\"{\"\"relation\"\":\"\"vo\"\",\"\"full_name\"\":\"\"X\"\"}\"\n");
	refused("line 2: no such person among the records this account may see",
	    "import i.csv --items --user canbo.na");
	refused("line 3: no such person among the records this account may see",
	    "import i.csv --items --user canbo.na");
	refused(NULL, "import i.csv --items --skip-bad --reject r.csv --user canbo.na");

	/* Accounts and agencies of Hà Nội. */
	refused(NULL, "user add x.hn --role clerk --org " HN_NV " --password-stdin"
	    " --user qt.na < /dev/null");
	refused(NULL, "user add x.hn --role clerk --org " HN_NV
	    " --key 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIORsgkwdLSKHZLY45BXPLsi9taO7ajOATYApxV+tHyrE'"
	    " --user qt.na");
	shrun_write(dir, "pw.txt", "moi-mat-khau-1\n");
	refused(NULL, "user passwd canbo.hn --password-stdin --user qt.na < pw.txt");
	refused(NULL, "user lock canbo.hn --user qt.na");
	refused(NULL, "user key add canbo.hn"
	    " 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIORsgkwdLSKHZLY45BXPLsi9taO7ajOATYApxV+tHyrE'"
	    " --user qt.na");
	refused(NULL, "user passwd canbo.hn --password-stdin --user canbo.na < pw.txt");
	refused(NULL, "org import orgs.csv --user qt.na");
	refused(NULL, "verify --org " HN_NV " --user canbo.na");
	refused(NULL, "verify --status --org " HN_NV " --user canbo.na");

	/* Nothing of Hà Nội shows, and no row number either. */
	refused("no person has the ID number " HN_ID, "show " HN_ID " --user canbo.na");
	assert_int_equal(shrun(dir, &out, "%s export --user canbo.na --db t.db", hoso), 0);
	assert_null(strstr(out, HN_ID));
	free(out);
}

static void
test_refused_view_audited(void **state)
{
	(void)state;
	char *out, *missing;
	assert_int_equal(shrun(dir, &out, "%s show " HN_ID " --user canbo.na --db t.db --lang en",
	    hoso), 1);
	/* The same answer as for an ID number nobody has. */
	assert_int_equal(shrun(dir, &missing, "%s show 001089009999 --user canbo.na --db t.db"
	    " --lang en", hoso), 1);
	char *a = strstr(out, "ID number"), *b = strstr(missing, "ID number");
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(strcspn(a, "0123456789"), strcspn(b, "0123456789"));
	free(out);
	free(missing);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT count(*) FROM audit WHERE"
	    " action = 'refused view' AND actor = 'canbo.na' AND entity = 'person'\""), 0);
	assert_int_equal(atoi(out), 1);
	free(out);
	/* The refusal is in the chain like every row. */
	assert_int_equal(shrun(dir, &out, "%s check --db t.db", hoso), 0);
	free(out);
}

static void
test_account_needs_password_or_key(void **state)
{
	(void)state;
	static const char *const roles[] = {"admin", "agency_admin", "clerk", "viewer", "self"};
	char *out;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		/* No terminal, no --password-stdin: there is nothing to read a password
		 * from. */
		assert_int_equal(shrun(dir, &out, "%s user add nopw.%zu --role %s %s --db t.db --lang en"
		    " < /dev/null", hoso, i, roles[i], i == 0 ? "" : "--org " NA_NV), 1);
		if (strstr(out, "--password-stdin") == NULL || strstr(out, "--key") == NULL)
			fail_msg("role %s: %s", roles[i], out);
		free(out);
		assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT count(*) FROM account WHERE"
		    " username = 'nopw.%zu'\"", i), 0);
		assert_int_equal(atoi(out), 0);
		free(out);
	}
	/* --password-stdin with nothing on it is no password either. */
	assert_int_equal(shrun(dir, &out, "%s user add nopw.x --role admin --password-stdin --db t.db"
	    " < /dev/null", hoso), 1);
	free(out);
	/* A key is a way in. */
	assert_int_equal(shrun(dir, &out, "%s user add key.only --role clerk --org " NA_NV " --key"
	    " 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIORsgkwdLSKHZLY45BXPLsi9taO7ajOATYApxV+tHyrE"
	    " clerk@office' --db t.db", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT a.pw_hash IS NULL, count(k.key_b64)"
	    " FROM account a JOIN account_key k ON k.account_id = a.id"
	    " WHERE a.username = 'key.only'\""), 0);
	assert_string_equal(out, "1|1\n");
	free(out);
	/* A damaged key makes no account. */
	assert_int_equal(shrun(dir, &out, "%s user add key.bad --role clerk --org " NA_NV " --key"
	    " 'ssh-ed25519 AAAAnotbase64!' --db t.db", hoso), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT count(*) FROM account WHERE"
	    " username = 'key.bad'\""), 0);
	assert_int_equal(atoi(out), 0);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_writing_command_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_view_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_needs_password_or_key, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
