/*
 * hoso backup, backup --verify and restore with the real program on real files: a
 * backup taken while a real hoso import writes in another process is one moment
 * of the database (whole batches) and restores to a database hoso check passes; a
 * backup whose audit row was changed is found NOT SOUND, naming the row, and is
 * not restored; an existing file is never overwritten; only a national
 * administrator may back up.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char hoso[PATH_MAX + 16];
static char *dir;

static int
setup(void **state)
{
	(void)state;
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("backup");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H40,UBND tỉnh Nghệ An,\n"
	    "000.00.01.H40,Sở Nội vụ tỉnh Nghệ An,000.00.00.H40\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,000.00.01.H40\n"
	    "040190004321,Trần Thị Hoa,1990-03-02,Nữ,cong_chuc,000.00.01.H40\n");
	char *out = NULL;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db", hoso) != 0 ||
	    shrun(dir, NULL, "%s import people.csv --db t.db", hoso) != 0)
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

static long long
sql_int(const char *db, const char *sql)
{
	char *out;
	if (shrun(dir, &out, "sqlite3 %s \"%s\"", db, sql) != 0)
		fail_msg("sqlite3 failed: %s", out);
	long long n = atoll(out);
	free(out);
	return n;
}

/* The backup starts while an import of 65,000 people is writing its second
 * pass (batches of 50,000), after its first commit: it holds that batch whole and
 * nothing of the next, verifies, and restores to a database hoso check passes.
 * (Its audit row waits for the import's commit; the copy does not.) */
static void
test_backup_during_import(void **state)
{
	(void)state;
	char *path = tmpdir_path(dir, "big.csv");
	FILE *f = fopen(path, "w");
	fputs("id_number,full_name,date_of_birth,sex,staff_category,org_code\n", f);
	for (int i = 0; i < 65000; i++)
		fprintf(f, "040089%06d,Phạm Văn %d,1989-01-01,M,cong_chuc,000.00.01.H40\n", i + 100000, i);
	fclose(f);
	free(path);
	char *out;
	/* Started when the import has written its first batch, ended before it ends. */
	int rc = shrun(dir, &out, "%s import big.csv --db t.db --lang en > imp.out 2>&1 &"
	    " p=$!; n=0; while [ $n -lt 2400 ] && kill -0 $p 2>/dev/null; do c=$(sqlite3 t.db"
	    " 'SELECT count(*) FROM person' 2>/dev/null); [ \"${c:-0}\" -gt 2 ] && break;"
	    " sleep 0.05; n=$((n+1)); done; %s backup b.db --db t.db --lang en; r=$?;"
	    " wait $p; exit $r", hoso, hoso);
	if (rc != 0)
		fail_msg("backup failed: %s", out);
	assert_non_null(strstr(out, "backup written to b.db"));
	free(out);
	/* Taken between the import's two commits: its first batch, whole, and
	 * nothing of the second. */
	assert_int_equal(sql_int("b.db", "SELECT count(*) FROM person"), 50002);
	long long in_backup = 50002;
	assert_int_equal(sql_int("t.db", "SELECT count(*) FROM person"), 65002);
	struct stat sb;
	char *b = tmpdir_path(dir, "b.db");
	assert_int_equal(stat(b, &sb), 0);
	free(b);
	assert_int_equal(sb.st_mode & 0777, 0600);

	assert_int_equal(shrun(dir, &out, "%s backup --verify b.db --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "backup: SOUND"));
	assert_non_null(strstr(out, "chain intact"));
	free(out);
	/* Not over an existing file, whatever it is. */
	assert_int_equal(shrun(dir, &out, "%s backup b.db --db t.db --lang en", hoso), 1);
	free(out);

	assert_int_equal(shrun(dir, &out, "%s restore b.db --db t.db --lang en --yes", hoso), 0);
	assert_non_null(strstr(out, "restored t.db from b.db"));
	free(out);
	assert_int_equal(sql_int("t.db", "SELECT count(*) FROM person"), in_backup);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db --lang en", hoso), 0);
	free(out);
	/* The restore is in the trail, and the file it replaced was kept. */
	assert_int_equal(sql_int("t.db", "SELECT count(*) FROM audit WHERE action = 'restore'"), 1);
	assert_int_equal(shrun(dir, &out, "ls backups | grep -c '^hoso-before-restore-.*\\.db$'"), 0);
	assert_int_equal(atoi(out), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s backup --verify backups/hoso-before-restore-*.db"
	    " --db t.db --lang en", hoso), 0);
	free(out);
}

/* An audit row of the backup changed with the sqlite3 shell: the verification
 * names it and says not to restore; restore refuses it and changes nothing. */
static void
test_verify_finds_tampered_row(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s backup b.db --db t.db --lang en", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 b.db \"DROP TRIGGER audit_no_update;"
	    " UPDATE audit SET actor = 'someone' WHERE seq = 2;\""), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s backup --verify b.db --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "TAMPERED at row 2"));
	assert_non_null(strstr(out, "NOT SOUND"));
	free(out);
	long long before = sql_int("t.db", "SELECT count(*) FROM audit");
	assert_int_equal(shrun(dir, &out, "%s restore b.db --db t.db --lang en --yes", hoso), 1);
	assert_non_null(strstr(out, "nothing was changed"));
	free(out);
	assert_int_equal(sql_int("t.db", "SELECT count(*) FROM audit"), before);
	/* The last rows cut off the backup: its own witness saw more. */
	assert_int_equal(shrun(dir, &out, "%s backup c.db --db t.db --lang en", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 c.db \"DROP TRIGGER audit_no_delete;"
	    " DELETE FROM audit WHERE seq >= 3;\""), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s backup --verify c.db --db t.db --lang en", hoso), 1);
	assert_non_null(strstr(out, "TRUNCATED"));
	free(out);
}

/* No confirmation, no restore; a clerk may not back up. */
static void
test_confirmation_and_role(void **state)
{
	(void)state;
	char *out;
	assert_int_equal(shrun(dir, &out, "%s backup b.db --db t.db --lang en", hoso), 0);
	free(out);
	long long before = sql_int("t.db", "SELECT count(*) FROM audit");
	assert_int_equal(shrun(dir, &out, "echo no | %s restore b.db --db t.db --lang en",
	    hoso), 1);
	assert_non_null(strstr(out, "WARNING"));
	assert_non_null(strstr(out, "nothing was changed"));
	free(out);
	assert_int_equal(sql_int("t.db", "SELECT count(*) FROM audit"), before);
	assert_int_equal(shrun(dir, &out, "echo yes | %s restore b.db --db t.db --lang en",
	    hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s user add thu --role clerk --org 000.00.01.H40"
	    " --key 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyFakeKeyFakeKeyFakeKeyFakeKeyFake'"
	    " --db t.db", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s backup d.db --db t.db --user thu --lang en",
	    hoso), 1);
	assert_non_null(strstr(out, "only a national administrator"));
	free(out);
	assert_int_equal(shrun(dir, &out, "test -e d.db"), 1);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_backup_during_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_tampered_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirmation_and_role, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
