/*
 * The layering of src/, read from the sources' own #include lines, so that a move
 * that undoes it fails here rather than in review: each folder includes only the
 * folders below it (the gateway client and the form layer know no database; the
 * UI knows no SSH), and no two modules include each other, directly or round
 * about (a module is foo.c with foo.h; foo_internal.h belongs to foo).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXMOD	256

static char src_dir[PATH_MAX];

/* What each folder may include besides itself; a folder not listed may include
 * anything (cli, main.c: the top). */
static const struct {
	const char *folder;
	const char *may;	/* space-separated folders */
} layers[] = {
	{ "core", "" },
	{ "form", "core" },
	{ "gateway", "core" },
	{ "db", "core form" },
	{ "verify", "core db gateway" },
	{ "ui", "core db form gateway" },
	{ "ssh", "core db gateway verify" },
};

static char mods[MAXMOD][96];
static int nmods;
static unsigned char edge[MAXMOD][MAXMOD];

/* "db/db_internal.h" -> "db/db"; "ui/app.c" -> "ui/app". */
static int
module_of(const char *path)
{
	char m[96];
	snprintf(m, sizeof m, "%s", path);
	char *dot = strrchr(m, '.');
	if (dot != NULL)
		*dot = '\0';
	size_t n = strlen(m);
	if (n > 9 && strcmp(m + n - 9, "_internal") == 0)
		m[n - 9] = '\0';
	for (int i = 0; i < nmods; i++)
		if (strcmp(mods[i], m) == 0)
			return i;
	assert_true(nmods < MAXMOD);
	snprintf(mods[nmods], sizeof mods[nmods], "%s", m);
	return nmods++;
}

static const char *
allowed(const char *folder)
{
	for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++)
		if (strcmp(layers[i].folder, folder) == 0)
			return layers[i].may;
	return NULL;
}

/* Is the folder w[0 .. len) one of the space-separated words of list? */
static bool
word_in(const char *list, const char *w, size_t len)
{
	for (const char *p = list; *p != '\0'; ) {
		size_t n = strcspn(p, " ");
		if (n == len && strncmp(p, w, len) == 0)
			return true;
		p += n + (p[n] == ' ');
	}
	return false;
}

/* Read every .c and .h of src/<folder>: the include edges between modules, and a line
 * in *bad for each include a layer forbids. */
static void
read_tree(char *bad, size_t badsize)
{
	DIR *top = opendir(src_dir);
	assert_non_null(top);
	struct dirent *f;
	while ((f = readdir(top)) != NULL) {
		if (f->d_name[0] == '.' || strchr(f->d_name, '.') != NULL)
			continue;
		char dir[PATH_MAX + 300];
		snprintf(dir, sizeof dir, "%s/%s", src_dir, f->d_name);
		DIR *d = opendir(dir);
		if (d == NULL)
			continue;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			size_t n = strlen(e->d_name);
			if (n < 3 || e->d_name[n - 2] != '.' ||
			    (e->d_name[n - 1] != 'c' && e->d_name[n - 1] != 'h'))
				continue;
			char rel[128], path[PATH_MAX + 192];
			snprintf(rel, sizeof rel, "%.60s/%.60s", f->d_name, e->d_name);
			snprintf(path, sizeof path, "%s/%s", src_dir, rel);
			int from = module_of(rel);
			FILE *fp = fopen(path, "r");
			assert_non_null(fp);
			char line[512];
			while (fgets(line, sizeof line, fp) != NULL) {
				char inc[128];
				if (sscanf(line, " #include \"%127[^\"]\"", inc) != 1 ||
				    strchr(inc, '/') == NULL)
					continue;
				int to = module_of(inc);
				if (to != from)
					edge[from][to] = 1;
				const char *may = allowed(f->d_name);
				size_t flen = (size_t)(strchr(inc, '/') - inc);
				if (may != NULL && strncmp(inc, f->d_name, flen) != 0 &&
				    !word_in(may, inc, flen)) {
					size_t used = strlen(bad);
					snprintf(bad + used, badsize - used, "  %.100s includes %.100s\n",
					    rel, inc);
				}
			}
			fclose(fp);
		}
		closedir(d);
	}
	closedir(top);
}

static void
test_folders_include_only_below(void **state)
{
	(void)state;
	static char bad[8192];
	bad[0] = '\0';
	nmods = 0;
	memset(edge, 0, sizeof edge);
	read_tree(bad, sizeof bad);
	assert_true(nmods > 50);	/* the tree was found and read */
	if (bad[0] != '\0')
		fail_msg("includes against the layers:\n%s", bad);
}

/* Is there a path from a back to itself? reach[] marks what a reaches. */
static void
reach_from(int a, unsigned char *reach)
{
	for (int b = 0; b < nmods; b++)
		if (edge[a][b] && !reach[b]) {
			reach[b] = 1;
			reach_from(b, reach);
		}
}

static void
test_no_include_cycles(void **state)
{
	(void)state;
	static char bad[8192];
	bad[0] = '\0';
	nmods = 0;
	memset(edge, 0, sizeof edge);
	read_tree(bad, sizeof bad);
	bad[0] = '\0';
	for (int a = 0; a < nmods; a++) {
		unsigned char reach[MAXMOD] = {0};
		reach_from(a, reach);
		for (int b = 0; b < nmods; b++)
			if (edge[a][b] && reach[a] && b != a) {
				unsigned char back[MAXMOD] = {0};
				reach_from(b, back);
				if (back[a]) {
					size_t used = strlen(bad);
					snprintf(bad + used, sizeof bad - used, "  %.90s -> %.90s\n",
					    mods[a], mods[b]);
				}
			}
	}
	if (bad[0] != '\0')
		fail_msg("include edges on a cycle:\n%s", bad);
}

/* Tests run from the repository root (make check) or anywhere else. */
static void
find_src(const char *argv0)
{
	if (access("src/main.c", R_OK) == 0 && realpath("src", src_dir) != NULL)
		return;
	/* build/tests/unit/test_layers: the tree is three levels up. */
	const char *slash = strrchr(argv0, '/');
	snprintf(src_dir, sizeof src_dir, "%.*s/../../../src",
	    slash != NULL ? (int)(slash - argv0) : 1, slash != NULL ? argv0 : ".");
}

int
main(int argc, char **argv)
{
	(void)argc;
	find_src(argv[0]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folders_include_only_below),
		cmocka_unit_test(test_no_include_cycles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
