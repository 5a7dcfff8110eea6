/*
 * The layering of src/, read from the sources' own #include lines, so that a move
 * that undoes it fails here rather than in review: each folder includes only the
 * folders below it (the gateway client and the form layer know no database; the
 * UI knows no SSH), and no two modules include each other, directly or round
 * about (a module is foo.c with foo.h; foo_internal.h belongs to foo). The headers
 * of SQLite, curses, libssh and libcurl are each included by one folder only, and
 * only the data layer calls SQLite (so src/report/ makes documents without SQL or
 * curses, from the data layer's answers), and only the data layer compares roles
 * (the screens and commands ask db/role.h). Files that
 * share one internal header can still call each other back and forth: the symbol
 * tables of the objects (nm) show that, and no two files may, but for the ones
 * named in call_cycles_known.
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
static char obj_dir[PATH_MAX];	/* build/obj/src */

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
	{ "report", "core db form" },
	{ "ui", "core db form gateway report" },
	{ "ssh", "core db gateway verify" },
	{ "report", "core db form" },
};

/* The library headers each belong to one folder (a prefix of the name in <>). */
static const struct {
	const char *header;
	const char *folder;
} owners[] = {
	{ "sqlite3.h", "db" },
	{ "curses.h", "ui" },
	{ "ncurses", "ui" },
	{ "libssh/", "ssh" },
	{ "curl/", "gateway" },
	{ "xlsxwriter", "report" },
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

/* A line in bad (of size) for a library header included outside its folder. */
static void
check_library_header(const char *folder, const char *rel, const char *header,
    char *bad, size_t size)
{
	for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++)
		if (strncmp(header, owners[i].header, strlen(owners[i].header)) == 0 &&
		    strcmp(folder, owners[i].folder) != 0) {
			size_t used = strlen(bad);
			snprintf(bad + used, size - used, "  %.100s includes <%.100s>\n",
			    rel, header);
		}
}

/* Read every .c and .h of src/<folder>: the include edges between modules, and a line
 * in *bad for each include a layer forbids. */
static void
read_tree(char *bad, size_t badsize)
{
	bad[0] = '\0';
	nmods = 0;
	memset(edge, 0, sizeof edge);
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
				if (sscanf(line, " #include <%127[^>]>", inc) == 1)
					check_library_header(f->d_name, rel, inc, bad, badsize);
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
	assert_true(nmods > 50);	/* the tree was found and read */
}

static void
test_folders_include_only_below(void **state)
{
	(void)state;
	static char bad[8192];
	read_tree(bad, sizeof bad);
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

/* Into bad, every edge whose end reaches back to its start, but those known()
 * (may be NULL) lets stand; suffix is added to module names ("db/db" + ".c"). */
static void
cycle_edges(char *bad, size_t size, const char *suffix,
    bool (*known)(const char *a, const char *b))
{
	bad[0] = '\0';
	for (int a = 0; a < nmods; a++)
		for (int b = 0; b < nmods; b++) {
			if (!edge[a][b])
				continue;
			unsigned char back[MAXMOD] = {0};
			reach_from(b, back);
			char fa[100], fb[100];
			snprintf(fa, sizeof fa, "%.90s%.4s", mods[a], suffix);
			snprintf(fb, sizeof fb, "%.90s%.4s", mods[b], suffix);
			if (back[a] && (known == NULL || !known(fa, fb))) {
				size_t used = strlen(bad);
				snprintf(bad + used, size - used, "  %.95s -> %.95s\n", fa, fb);
			}
		}
}

static void
test_no_include_cycles(void **state)
{
	(void)state;
	static char bad[8192];
	read_tree(bad, sizeof bad);
	cycle_edges(bad, sizeof bad, "", NULL);
	if (bad[0] != '\0')
		fail_msg("include edges on a cycle:\n%s", bad);
}

/* Call cycles left as they are: the command table names every command and each
 * command uses the table's helpers (as tmux's cmd-*.c); the import's two ways in
 * share import.c's helpers (to be split when the import work in flight lands). */
static bool
call_cycle_known(const char *a, const char *b)
{
	bool cli = (strcmp(a, "cli/cli.c") == 0 && strncmp(b, "cli/cmd_", 8) == 0) ||
	    (strcmp(b, "cli/cli.c") == 0 && strncmp(a, "cli/cmd_", 8) == 0);
	bool import = (strcmp(a, "db/import.c") == 0 && strcmp(b, "db/import_load.c") == 0) ||
	    (strcmp(b, "db/import.c") == 0 && strcmp(a, "db/import_load.c") == 0);
	return cli || import;
}

struct sym {
	char	name[96];
	int	file;
};

static void
test_no_call_cycles_between_files(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 64];
	snprintf(cmd, sizeof cmd, "nm -A %.4000s/*/*.o 2>/dev/null", obj_dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	static struct sym defs[8192], uses[32768];
	int ndefs = 0, nuses = 0;
	nmods = 0;
	memset(edge, 0, sizeof edge);
	char line[512];
	size_t base = strlen(obj_dir) + 1;
	while (fgets(line, sizeof line, p) != NULL) {
		char *colon = strstr(line, ".o:");
		if (colon == NULL || strlen(line) <= base)
			continue;
		colon[1] = 'c';	/* "db/db.o:" -> "db/db.c" */
		colon[2] = '\0';
		char type, name[96];
		const char *rest = colon + 3;
		if (sscanf(rest, "%*x %c %95s", &type, name) != 2 &&
		    sscanf(rest, " %c %95s", &type, name) != 2)
			continue;
		int file = module_of(line + base);
		if (strchr("TDBR", type) != NULL && ndefs < 8192) {
			snprintf(defs[ndefs].name, sizeof defs[ndefs].name, "%s", name);
			defs[ndefs++].file = file;
		} else if (type == 'U' && nuses < 32768) {
			snprintf(uses[nuses].name, sizeof uses[nuses].name, "%s", name);
			uses[nuses++].file = file;
		}
	}
	pclose(p);
	assert_true(nmods > 50);	/* the objects were found and read */
	for (int u = 0; u < nuses; u++)
		for (int d = 0; d < ndefs; d++)
			if (defs[d].file != uses[u].file &&
			    strcmp(defs[d].name, uses[u].name) == 0)
				edge[uses[u].file][defs[d].file] = 1;
	static char bad[8192];
	cycle_edges(bad, sizeof bad, ".c", call_cycle_known);
	if (bad[0] != '\0')
		fail_msg("calls on a cycle between files:\n%s", bad);
}

/* A role compared outside src/db/ is a copy of db/role.h's answer that can drift from
 * what the data layer allows. */
static void
test_roles_compared_only_in_the_data_layer(void **state)
{
	(void)state;
	static char bad[8192];
	bad[0] = '\0';
	DIR *top = opendir(src_dir);
	assert_non_null(top);
	struct dirent *f;
	int files = 0;
	while ((f = readdir(top)) != NULL) {
		if (f->d_name[0] == '.' || strchr(f->d_name, '.') != NULL ||
		    strcmp(f->d_name, "db") == 0)
			continue;
		char dir[PATH_MAX + 300];
		snprintf(dir, sizeof dir, "%s/%s", src_dir, f->d_name);
		DIR *d = opendir(dir);
		if (d == NULL)
			continue;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			size_t n = strlen(e->d_name);
			if (n < 3 || e->d_name[n - 2] != '.')
				continue;
			char path[PATH_MAX + 600];
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			FILE *fp = fopen(path, "r");
			assert_non_null(fp);
			files++;
			char line[512];
			for (int ln = 1; fgets(line, sizeof line, fp) != NULL; ln++) {
				if (strstr(line, "= ROLE_") == NULL && strstr(line, "role ==") == NULL &&
				    strstr(line, "role !=") == NULL)
					continue;
				size_t used = strlen(bad);
				snprintf(bad + used, sizeof bad - used, "  %.60s/%.60s:%d: %.200s",
				    f->d_name, e->d_name, ln, line);
			}
			fclose(fp);
		}
		closedir(d);
	}
	closedir(top);
	assert_true(files > 50);
	if (bad[0] != '\0')
		fail_msg("roles compared outside src/db/ (ask db/role.h):\n%s", bad);
}

/* db.h names sqlite3 types for its callers, so the include lines alone do not show
 * a call: the objects' undefined symbols do. */
static void
test_only_the_data_layer_calls_sqlite(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 64];
	snprintf(cmd, sizeof cmd, "nm -A -u %.4000s/*/*.o 2>/dev/null", obj_dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	static char bad[8192];
	bad[0] = '\0';
	char line[512];
	int seen = 0;
	size_t base = strlen(obj_dir) + 1;
	while (fgets(line, sizeof line, p) != NULL) {
		if (strlen(line) <= base)
			continue;
		seen++;
		const char *rel = line + base;
		if (strstr(line, " sqlite3_") == NULL || strncmp(rel, "db/", 3) == 0)
			continue;
		size_t used = strlen(bad);
		snprintf(bad + used, sizeof bad - used, "  %s", rel);
	}
	pclose(p);
	assert_true(seen > 100);	/* the objects were found and read */
	if (bad[0] != '\0')
		fail_msg("SQLite called outside src/db/:\n%s", bad);
}

/* Tests run from the repository root (make check) or anywhere else; the objects
 * are those of the build this program belongs to (build/ or build-san/). */
static void
find_src(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	int len = slash != NULL ? (int)(slash - argv0) : 1;
	const char *dir = slash != NULL ? argv0 : ".";
	/* BUILD/tests/unit/test_layers: BUILD is two levels up, the tree three. */
	snprintf(obj_dir, sizeof obj_dir, "%.*s/../../obj/src", len, dir);
	if (access("src/main.c", R_OK) == 0 && realpath("src", src_dir) != NULL)
		return;
	snprintf(src_dir, sizeof src_dir, "%.*s/../../../src", len, dir);
}

int
main(int argc, char **argv)
{
	(void)argc;
	find_src(argv[0]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folders_include_only_below),
		cmocka_unit_test(test_no_include_cycles),
		cmocka_unit_test(test_no_call_cycles_between_files),
		cmocka_unit_test(test_only_the_data_layer_calls_sqlite),
		cmocka_unit_test(test_roles_compared_only_in_the_data_layer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
