/*
 * Bad input never gets in or out raw: NUL bytes, C1 controls, text-direction
 * overrides and formula-leading names are refused by import (the first load of an
 * empty register and the batched load alike), naming the field; values already
 * stored with control characters reach the terminal escaped; and an import stopped
 * by a full disk (the database file at the process's RLIMIT_FSIZE) says how many rows
 * it kept, with hoso check passing after it. The real hoso binary on real files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/xalloc.h"
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define NA_NV "000.00.01.H40"
#define HEADER "id_number,full_name,date_of_birth,sex,staff_category,org_code,place_of_birth\n"

static char hoso[PATH_MAX + 16];
static char *dir;

/* len bytes, NULs included. */
static void
write_bytes(const char *name, const char *bytes, size_t len)
{
	char *path = tmpdir_path(dir, name);
	FILE *f = fopen(path, "w");
	fwrite(bytes, 1, len, f);
	fclose(f);
	free(path);
}

static long
people(const char *db)
{
	char *out;
	if (shrun(dir, &out, "sqlite3 %s 'SELECT count(*) FROM person'", db) != 0)
		fail_msg("count: %s", out);
	long n = atol(out);
	free(out);
	return n;
}

static int
setup(void **state)
{
	(void)state;
	/* Absolute: the commands run in the test's own directory. */
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	dir = tmpdir_new("cliinput");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n000.00.00.H40,UBND tỉnh Nghệ An,\n"
	    NA_NV ",Sở Nội vụ tỉnh Nghệ An,000.00.00.H40\n");
	char *out = NULL;
	/* empty.db: an empty register (the first load); t.db: one person (batches). */
	if (shrun(dir, &out, "%s org import orgs.csv --db empty.db && %s org import orgs.csv --db t.db"
	    " && printf '" HEADER "040089001234,Nguyễn Văn Đức,1989-05-12,M,cong_chuc," NA_NV ",Vinh\\n'"
	    " > one.csv && %s import one.csv --db t.db", hoso, hoso, hoso) != 0)
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

/* A file of one good row and one whose field holds bad (len bytes): refused on both
 * ways in, naming the column, with nothing written. */
static void
refused_row(const char *column, const char *bad, size_t len, const char *why)
{
	const char *good = "040190004321,Trần Thị Hoa,1990-03-02,F,cong_chuc," NA_NV ",Vinh\n";
	char row[512];
	size_t n = 0;
	n += (size_t)snprintf(row + n, sizeof row - n, "%s%s", HEADER, good);
	int name = strcmp(column, "full_name") == 0;
	n += (size_t)snprintf(row + n, sizeof row - n, "%s", name ? "040089001299," :
	    "040089001299,Lê Văn Tám,1989-01-01,M,cong_chuc," NA_NV ",");
	memcpy(row + n, bad, len);
	n += len;
	n += (size_t)snprintf(row + n, sizeof row - n, "%s",
	    name ? ",1989-01-01,M,cong_chuc," NA_NV ",Vinh\n" : "\n");
	write_bytes("bad.csv", row, n);
	char want[256];
	snprintf(want, sizeof want, "line 3, column %s: %s", column, why);
	static const char *const dbs[] = {"empty.db", "t.db"};
	for (int i = 0; i < 2; i++) {
		long before = people(dbs[i]);
		char *out;
		assert_int_equal(shrun(dir, &out, "%s import bad.csv --db %s --lang en", hoso, dbs[i]), 1);
		if (strstr(out, want) == NULL)
			fail_msg("%s: expected \"%s\" in:\n%s", dbs[i], want, out);
		free(out);
		assert_int_equal(people(dbs[i]), before);
	}
}

static void
test_bad_characters_refused_naming_the_field(void **state)
{
	(void)state;
	static const char nul[] = "Nguyen\0Van C";
	refused_row("full_name", nul, sizeof nul - 1, "contains control characters");
	refused_row("full_name", "Nguy\xc2\x85n Van C", 12, "contains control characters");
	/* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE */
	refused_row("full_name", "Nguyen \xe2\x80\xae" "C nav", 15, "contains control characters");
	refused_row("place_of_birth", "X\xe2\x81\xa6Vinh", 8, "contains control characters");
	refused_row("full_name", "=HYPERLINK(1)", 13, "cannot start with =, +, - or @");
	refused_row("full_name", "@SUM(A1)", 8, "cannot start with =, +, - or @");
	refused_row("place_of_birth", "-2+3", 4, "cannot start with =, +, - or @");
	refused_row("place_of_birth", "+Vinh", 5, "cannot start with =, +, - or @");
	/* Still fine: a sign inside a name, and accents next to the lead bytes the
	 * control check stops at (U+00C0-U+00FF lead with C3, but U+0080-U+00BF with
	 * C2: "·" is U+00B7). */
	shrun_write(dir, "ok.csv", HEADER "040189001235,Nguyễn Thị-Lan · Anh,1989-01-01,F,cong_chuc," NA_NV
	    ",Nghệ An – Vinh\n");
	char *out;
	assert_int_equal(shrun(dir, &out, "%s import ok.csv --db t.db --lang en", hoso), 0);
	free(out);
}

static void
test_nul_in_sub_record_json_refused(void **state)
{
	(void)state;
	shrun_write(dir, "items.csv", "id_number,kind,date_from,date_to,data\n"
	    "040089001234,family,,,\"{\"\"relation\"\":\"\"vo\"\","
	    "\"\"full_name\"\":\"\"Nguyen\\u0000Van C\"\"}\"\n");
	char *out;
	assert_int_equal(shrun(dir, &out, "%s import items.csv --items --db t.db --lang en", hoso), 1);
	if (strstr(out, "control characters") == NULL)
		fail_msg("%s", out);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db 'SELECT count(*) FROM person_item'"), 0);
	assert_int_equal(atoi(out), 0);
	free(out);
	/* An escaped backslash before u0000 is text, not a NUL. */
	shrun_write(dir, "items.csv", "id_number,kind,date_from,date_to,data\n"
	    "040089001234,family,,,\"{\"\"relation\"\":\"\"vo\"\","
	    "\"\"full_name\"\":\"\"Lê Thị C\"\",\"\"occupation\"\":\"\"a\\\\u0000b\"\"}\"\n");
	assert_int_equal(shrun(dir, &out, "%s import items.csv --items --db t.db --lang en", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT json_extract(data, '$.occupation')"
	    " FROM person_item\""), 0);
	assert_string_equal(out, "a\\u0000b\n");
	free(out);
}

/* Does s hold a byte that a terminal takes as a control (C0 but LF, DEL, C1)? */
static int
has_raw_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 &&
		    p[1] <= 0x9F) || (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAE))
			return 1;
	return 0;
}

static void
test_output_escaped(void **state)
{
	(void)state;
	/* Stored before these checks existed, or by hand: an escape sequence that would
	 * clear the screen, a C1 control and a right-to-left override. */
	char *out;
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | %s user add qt --role admin"
	    " --password-stdin --db t.db && sqlite3 t.db \"UPDATE person SET full_name ="
	    " 'Nguyễn' || char(27) || '[2J Đức' || char(133) || char(8238) WHERE id_number ="
	    " '040089001234'; UPDATE org SET name = name || char(27) || ']0;x' || char(7);"
	    " UPDATE account SET full_name = 'Q' || char(27) || '[31m'\"", hoso), 0);
	free(out);
	static const char *const cmds[] = {"show 040089001234", "search nguyen", "user list",
		"org list"};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		assert_int_equal(shrun(dir, &out, "%s %s --db t.db --lang en", hoso, cmds[i]), 0);
		if (has_raw_control(out) || strstr(out, "\\x1b") == NULL)
			fail_msg("hoso %s:\n%s", cmds[i], out);
		free(out);
	}
	assert_int_equal(shrun(dir, &out, "%s show 040089001234 --db t.db --lang en", hoso), 0);
	assert_non_null(strstr(out, "Nguyễn\\x1b[2J Đức\\u0085\\u202e"));
	free(out);
	/* An import's report quotes the file: a crafted header or code too. */
	shrun_write(dir, "evil.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code,\x1b]0;pwned\x07\n"
	    "040089001236,Lê Văn X,1989-01-01,M,cong_chuc,\x1b[2J,x\n");
	assert_int_equal(shrun(dir, &out, "%s import evil.csv --db t.db --lang en", hoso), 1);
	if (has_raw_control(out) || strstr(out, "\\x1b]0;pwned\\x07") == NULL)
		fail_msg("import report:\n%s", out);
	free(out);
	shrun_write(dir, "evil.csv", "040089001236,\x1b[2J,x\n");
	assert_int_equal(shrun(dir, &out, "%s import evil.csv --db t.db --lang en", hoso), 1);
	if (has_raw_control(out))
		fail_msg("import report:\n%s", out);
	free(out);
	shrun_write(dir, "evil.csv", "id_number,kind,date_from,date_to,data\n"
	    "040089001234,\x1b[2J,,,{}\n");
	assert_int_equal(shrun(dir, &out, "%s import evil.csv --items --db t.db --lang en", hoso), 1);
	if (has_raw_control(out) || strstr(out, "\\x1b[2J") == NULL)
		fail_msg("import --items report:\n%s", out);
	free(out);
	/* Export to a terminal is escaped; to a file or a pipe it stays byte for byte. */
	assert_int_equal(shrun(dir, &out, "script -qec '%s export --db t.db' /dev/null", hoso), 0);
	if (strchr(out, 0x1b) != NULL || strstr(out, "\\x1b[2J") == NULL)
		fail_msg("export to a terminal:\n%s", out);
	free(out);
	assert_int_equal(shrun(dir, &out, "script -qec '%s org export --db t.db' /dev/null", hoso), 0);
	if (strchr(out, 0x1b) != NULL || strchr(out, 0x07) != NULL ||
	    strstr(out, "\\x1b]0;x\\x07") == NULL)
		fail_msg("org export to a terminal:\n%s", out);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s export --db t.db | grep -c \"$(printf '\\033')\"", hoso),
	    0);
	assert_int_equal(atoi(out), 1);
	free(out);
}

/* hoso import with the file size limit at limit bytes and SIGXFSZ ignored, so that
 * a write past it fails with EFBIG as on a full disk. Output into *out. */
static int
import_limited(const char *db, const char *file, rlim_t limit, char **out)
{
	char *log = tmpdir_path(dir, "import.log");
	pid_t pid = fork();
	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		signal(SIGXFSZ, SIG_IGN);
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 1);
		dup2(fd, 2);
		struct rlimit rl = {limit, limit};
		setrlimit(RLIMIT_FSIZE, &rl);
		execl(hoso, hoso, "import", file, "--db", db, "--lang", "en", (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	FILE *f = fopen(log, "r");
	*out = xcalloc(1, 65536);
	fread(*out, 1, 65535, f);
	fclose(f);
	free(log);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void
write_many(const char *name, int from, int n)
{
	char *path = tmpdir_path(dir, name);
	FILE *f = fopen(path, "w");
	fputs(HEADER, f);
	for (int i = from; i < from + n; i++)
		fprintf(f, "040089%06d,Phạm Văn Nguyên %d,1989-01-01,M,cong_chuc," NA_NV ",\"Xã Nghi Phú, "
		    "thành phố Vinh, tỉnh Nghệ An, khối %d\"\n", i, i, i);
	fclose(f);
	free(path);
}

static void
test_full_disk_keeps_a_consistent_database(void **state)
{
	(void)state;
	char *out;
	/* The first load: one transaction, so nothing is kept. */
	write_many("some.csv", 200000, 20000);
	assert_int_equal(import_limited("empty.db", "some.csv", 3 << 20, &out), 1);
	if (strstr(out, "disk is full") == NULL || strstr(out, ": 0 rows were kept") == NULL ||
	    strstr(out, "the database is consistent") == NULL)
		fail_msg("first load:\n%s", out);
	free(out);
	assert_int_equal(people("empty.db"), 0);
	assert_int_equal(shrun(dir, &out, "%s check --db empty.db", hoso), 0);
	free(out);

	/* Batches of 50,000 rows, each committed to the WAL (about 41 MB each here) and
	 * copied into the database file at the checkpoint after it. The second one's
	 * checkpoint cannot grow the file to its 84 MB, so the WAL cannot start again
	 * from its beginning, and the third batch goes past the limit. */
	write_many("many.csv", 300000, 110000);
	assert_int_equal(import_limited("t.db", "many.csv", 45 << 20, &out), 1);
	if (strstr(out, "disk is full") == NULL || strstr(out, ": 100000 rows were kept") == NULL ||
	    strstr(out, "the database is consistent") == NULL)
		fail_msg("batches:\n%s", out);
	free(out);
	assert_int_equal(people("t.db"), 100001);
	assert_int_equal(shrun(dir, &out, "%s check --db t.db", hoso), 0);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_characters_refused_naming_the_field,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_in_sub_record_json_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_output_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk_keeps_a_consistent_database,
		    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
