/*
 * The data generator (contrib/gen, $BUILD/hoso-gen), run for real into a temporary
 * directory and its files judged with hoso's own rules: every people.csv row that
 * the generator did not mark broken passes the core validators (ID number against
 * sex and date of birth, dates, UTF-8 in NFC, agency codes of orgs.csv), IDs are
 * unique, broken.txt names exactly the rows that fail and the column at fault,
 * family names follow the national distribution, every sub-record passes its form,
 * the register twin differs only where citizens-diff.txt says, and a seed
 * reproduces the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/tmpdir.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/idnum.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "core/record.h"
#include "form/form.h"
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#define PEOPLE 2000
#define BROKEN 20

/* $BUILD/tests/unit/test_gen -> $BUILD/hoso-gen */
static char *
gen_path(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	assert_true(n > 0);
	exe[n] = '\0';
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');
		assert_non_null(slash);
		*slash = '\0';
	}
	return xasprintf("%s/hoso-gen", exe);
}

static void
run_gen(const char *dir, const char *seed, const char *broken)
{
	char *gen = gen_path();
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl(gen, gen, "--people", "2000", "--out", dir, "--seed", seed, "--broken",
		    broken, "--quiet", (char *)NULL);
		_exit(127);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s exited with status %d", gen, status);
	free(gen);
}

/* A set of strings: a sorted array searched by bsearch once frozen. */
struct strset {
	char **v;
	int    n, cap;
};

static void
set_add(struct strset *s, const char *x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
	}
	s->v[s->n++] = xstrdup(x);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
set_freeze(struct strset *s)
{
	qsort(s->v, (size_t)s->n, sizeof *s->v, cmp_str);
}

static bool
set_has(const struct strset *s, const char *x)
{
	return s->n > 0 && bsearch(&x, s->v, (size_t)s->n, sizeof *s->v, cmp_str) != NULL;
}

/* Add x keeping the set sorted, for sets that are read while they grow. */
static void
set_insert(struct strset *s, const char *x)
{
	int lo = 0, hi = s->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (strcmp(s->v[mid], x) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	set_add(s, x);
	char *last = s->v[s->n - 1];
	memmove(s->v + lo + 1, s->v + lo, (size_t)(s->n - 1 - lo) * sizeof *s->v);
	s->v[lo] = last;
}

static void
set_free(struct strset *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

struct gen {
	char         *dir;
	struct strset orgs;	/* agency codes */
};

static int
setup(void **state)
{
	struct gen *g = xcalloc(1, sizeof *g);
	g->dir = tmpdir_new("gen");
	run_gen(g->dir, "7", "20");
	char *path = tmpdir_path(g->dir, "orgs.csv");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct csv *c = csv_open(f);
	char **fl;
	int nf, r;
	assert_int_equal(csv_read(c, &fl, &nf), 1);	/* header */
	while ((r = csv_read(c, &fl, &nf)) == 1)
		set_add(&g->orgs, fl[0]);
	assert_int_equal(r, 0);
	set_freeze(&g->orgs);
	csv_free(c);
	fclose(f);
	free(path);
	*state = g;
	return 0;
}

static int
teardown(void **state)
{
	struct gen *g = *state;
	set_free(&g->orgs);
	tmpdir_remove(g->dir);
	free(g);
	return 0;
}

static FILE *
open_in(const char *dir, const char *name)
{
	char *path = tmpdir_path(dir, name);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	free(path);
	return f;
}

static int
column(char **fl, int nf, const char *name)
{
	for (int i = 0; i < nf; i++)
		if (strcasecmp(fl[i], name) == 0)
			return i;
	fail_msg("no column %s", name);
	return -1;
}

static bool
province_known(const char *id)
{
	char *err = NULL;
	const struct code_list *cl = codes_get("id_province", &err);
	if (cl == NULL)
		fail_msg("id_province: %s", err);
	char ppp[4];
	snprintf(ppp, sizeof ppp, "%.3s", id);
	return codes_find(cl, ppp) != NULL;
}

static bool
is_nfc(const char *s)
{
	char *n = text_nfc_new(s);
	bool ok = n != NULL && strcmp(n, s) == 0;
	free(n);
	return ok;
}

/* Our own verdict on one row: NULL when valid, else the column at fault ("-" for
 * a wrong field count). Duplicates are the caller's to find. */
static const char *
judge(const struct gen *g, char **fl, int nf, int ncols, const int *col)
{
	enum { ID, NAME, DOB, SEX, ORG };
	if (nf != ncols)
		return "-";
	const char *name = fl[col[NAME]];
	if (name[0] == '\0')
		return "full_name";
	const char *sx = fl[col[SEX]];
	char sex = strcasecmp(sx, "M") == 0 || strcasecmp(sx, "Nam") == 0 ? 'M' :
	    strcasecmp(sx, "F") == 0 || strcmp(sx, "Nữ") == 0 ? 'F' : 0;
	if (sex == 0)
		return "sex";
	char dob[11];
	if (date_parse(fl[col[DOB]], dob) != NULL)
		return "date_of_birth";
	const char *id = fl[col[ID]];
	if (idnum_check(id, sex, dob, idnum_shape_ok(id) && province_known(id)) != NULL)
		return "id_number";
	if (!set_has(&g->orgs, fl[col[ORG]]))
		return "org_code";
	return NULL;
}

struct broken_line {
	long line;
	char column[32];
};

static int
read_broken(const char *dir, struct broken_line *out, int max, long *multiline)
{
	FILE *f = open_in(dir, "broken.txt");
	char buf[256];
	int n = 0;
	*multiline = -1;
	while (fgets(buf, sizeof buf, f) != NULL) {
		if (buf[0] == '#') {
			char *at = strstr(buf, "at line ");
			if (at != NULL)
				*multiline = atol(at + 8);
			continue;
		}
		assert_true(n < max);
		char what[64];
		if (sscanf(buf, "%ld\t%31s\t%63s", &out[n].line, out[n].column, what) != 3)
			fail_msg("broken.txt: bad line: %s", buf);
		n++;
	}
	fclose(f);
	return n;
}

static void
test_people_rows(void **state)
{
	struct gen *g = *state;
	struct broken_line bl[64];
	long multiline;
	int nbroken = read_broken(g->dir, bl, 64, &multiline);
	assert_int_equal(nbroken, BROKEN);
	assert_true(multiline > 1);

	FILE *f = open_in(g->dir, "people.csv");
	struct csv *c = csv_open(f);
	char **fl;
	int nf, r;
	assert_int_equal(csv_read(c, &fl, &nf), 1);
	int ncols = nf;
	int col[5] = {
		column(fl, nf, "id_number"), column(fl, nf, "full_name"),
		column(fl, nf, "date_of_birth"), column(fl, nf, "sex"), column(fl, nf, "org_code"),
	};
	int c_phone = column(fl, nf, "phone"), c_email = column(fl, nf, "email");

	struct strset ids = {0};
	long rows = 0, good = 0, found = 0, nguyen = 0, tran = 0, le = 0, pham = 0;
	bool saw_multiline = false;
	char today[11] = "2026-07-01";
	while ((r = csv_read(c, &fl, &nf)) != 0) {
		assert_int_equal(r, 1);	/* the file is well-formed CSV throughout */
		rows++;
		long line = csv_line(c);
		const char *bad = judge(g, fl, nf, ncols, col);
		if (bad == NULL && set_has(&ids, fl[col[0]]))
			bad = "id_number";	/* a duplicate */
		const struct broken_line *mark = NULL;
		for (int i = 0; i < nbroken; i++)
			if (bl[i].line == line)
				mark = &bl[i];
		if (bad != NULL) {
			if (mark == NULL)
				fail_msg("line %ld fails on %s but broken.txt does not list it", line, bad);
			if (strcmp(mark->column, bad) != 0)
				fail_msg("line %ld fails on %s, broken.txt says %s", line, bad,
				    mark->column);
			found++;
			continue;
		}
		if (mark != NULL)
			fail_msg("line %ld is listed as broken (%s) but is valid", line, mark->column);
		if (line == multiline) {
			saw_multiline = true;
			bool nl = false;
			for (int i = 0; i < nf; i++)
				nl |= strchr(fl[i], '\n') != NULL;
			assert_true(nl);
		}
		good++;
		set_insert(&ids, fl[col[0]]);

		for (int i = 0; i < nf; i++) {
			if (!text_is_utf8(fl[i], strlen(fl[i])) || !is_nfc(fl[i]))
				fail_msg("line %ld field %d is not UTF-8 NFC: %s", line, i, fl[i]);
		}
		char dob[11];
		assert_null(date_parse(fl[col[2]], dob));
		int age = date_age(dob, today);
		if (age < 18 || age > 65)
			fail_msg("line %ld: age %d", line, age);
		const char *ph = fl[c_phone];
		if (strlen(ph) != 10 || ph[0] != '0' || ph[1] < '3' || ph[1] > '9' ||
		    strspn(ph, "0123456789") != 10)
			fail_msg("line %ld: phone %s", line, ph);
		const char *em = fl[c_email];
		for (const char *p = em; *p; p++)
			if ((unsigned char)*p >= 0x80)
				fail_msg("line %ld: e-mail not ASCII: %s", line, em);
		assert_non_null(strchr(em, '@'));

		const char *name = fl[col[1]];
		size_t fl1 = strcspn(name, " ");
		if (strncmp(name, "Nguyễn", fl1) == 0 && fl1 == strlen("Nguyễn"))
			nguyen++;
		else if (strncmp(name, "Trần", fl1) == 0 && fl1 == strlen("Trần"))
			tran++;
		else if (strncmp(name, "Lê", fl1) == 0 && fl1 == strlen("Lê"))
			le++;
		else if (strncmp(name, "Phạm", fl1) == 0 && fl1 == strlen("Phạm"))
			pham++;
	}
	csv_free(c);
	fclose(f);
	assert_int_equal(rows, PEOPLE);
	assert_int_equal(found, BROKEN);
	assert_int_equal(good, PEOPLE - BROKEN);
	assert_true(saw_multiline);
	/* Shares in per cent, national figures +- about 3.5 standard errors. */
	double pn = 100.0 * nguyen / good, pt = 100.0 * tran / good;
	double pl = 100.0 * le / good, pp = 100.0 * pham / good;
	print_message("family names: Nguyễn %.1f%% Trần %.1f%% Lê %.1f%% Phạm %.1f%%\n",
	    pn, pt, pl, pp);
	assert_true(pn > 34 && pn < 42);
	assert_true(pt > 8 && pt < 14);
	assert_true(pl > 6.5 && pl < 12.5);
	assert_true(pp > 4.5 && pp < 9.5);
	set_free(&ids);
}

static void
test_items_pass_their_forms(void **state)
{
	struct gen *g = *state;
	FILE *f = open_in(g->dir, "items.csv");
	struct csv *c = csv_open(f);
	char **fl;
	int nf, r;
	assert_int_equal(csv_read(c, &fl, &nf), 1);
	assert_int_equal(nf, 5);
	long rows = 0, kinds[8] = {0};
	static const char *const names[] = {
		"work", "training", "salary", "reward", "discipline", "family", "assessment",
	};
	while ((r = csv_read(c, &fl, &nf)) != 0) {
		assert_int_equal(r, 1);
		assert_int_equal(nf, 5);
		rows++;
		int k = 0;
		while (k < 7 && strcmp(fl[1], names[k]) != 0)
			k++;
		if (k == 7)
			fail_msg("line %ld: unknown kind %s", csv_line(c), fl[1]);
		kinds[k]++;
		char *err = NULL;
		const struct form *form = form_get(fl[1], &err);
		if (form == NULL)
			fail_msg("form %s: %s", fl[1], err);
		struct record *rec = record_from_json(fl[4]);
		if (rec == NULL)
			fail_msg("line %ld: data is not a JSON object of strings", csv_line(c));
		if (fl[2][0])
			record_set(rec, "date_from", fl[2]);
		if (fl[3][0])
			record_set(rec, "date_to", fl[3]);
		struct form_error *errs = NULL;
		int nerr = form_check_record(form, rec, &errs);
		if (nerr > 0)
			fail_msg("line %ld (%s): %s: %s", csv_line(c), fl[1], errs[0].field,
			    errs[0].message);
		record_free(rec);
	}
	csv_free(c);
	fclose(f);
	double per = (double)rows / (PEOPLE - BROKEN);
	print_message("%ld items, %.1f a person\n", rows, per);
	assert_true(per > 25 && per < 35);
	for (int k = 0; k < 7; k++)
		if (kinds[k] == 0)
			fail_msg("no %s rows", names[k]);
}

static void
test_citizens_twin(void **state)
{
	struct gen *g = *state;
	/* The differences the generator declares. */
	struct strset missing = {0}, differ = {0};
	FILE *f = open_in(g->dir, "citizens-diff.txt");
	char buf[128];
	while (fgets(buf, sizeof buf, f) != NULL) {
		char id[16], what[32];
		assert_int_equal(sscanf(buf, "%15s %31s", id, what), 2);
		set_add(strcmp(what, "not_found") == 0 ? &missing : &differ, id);
	}
	fclose(f);
	set_freeze(&missing);
	set_freeze(&differ);
	long declared = missing.n + differ.n;
	assert_true(missing.n > 0 && differ.n > 0);
	assert_true(declared > (PEOPLE - BROKEN) * 0.005 && declared < (PEOPLE - BROKEN) * 0.05);

	/* people.csv keyed by ID: name, date of birth (as ISO), sex. */
	struct strset people = {0};
	f = open_in(g->dir, "people.csv");
	struct csv *c = csv_open(f);
	char **fl;
	int nf;
	assert_int_equal(csv_read(c, &fl, &nf), 1);
	int ci = column(fl, nf, "id_number"), cn = column(fl, nf, "full_name");
	int cd = column(fl, nf, "date_of_birth"), cs = column(fl, nf, "sex");
	int ncols = nf;
	while (csv_read(c, &fl, &nf) == 1) {
		char dob[11];
		if (nf != ncols || date_parse(fl[cd], dob) != NULL)
			continue;
		char *key = xasprintf("%s|%s|%s|%s", fl[ci], fl[cn], dob, fl[cs]);
		set_add(&people, key);
		free(key);
	}
	csv_free(c);
	fclose(f);
	set_freeze(&people);

	f = open_in(g->dir, "citizens.csv");
	c = csv_open(f);
	assert_int_equal(csv_read(c, &fl, &nf), 1);
	assert_int_equal(nf, 10);
	assert_string_equal(fl[9], "status");
	long rows = 0, same = 0;
	while (csv_read(c, &fl, &nf) == 1) {
		assert_int_equal(nf, 10);
		rows++;
		if (set_has(&missing, fl[0]))
			fail_msg("%s is declared not_found but is in citizens.csv", fl[0]);
		char *key = xasprintf("%s|%s|%s|%s", fl[0], fl[1], fl[2], fl[3]);
		bool match = set_has(&people, key) && strcmp(fl[9], "alive") == 0;
		free(key);
		if (!match && !set_has(&differ, fl[0]))
			fail_msg("%s differs from people.csv without being declared", fl[0]);
		if (match && set_has(&differ, fl[0]))
			fail_msg("%s is declared different but matches", fl[0]);
		same += match;
	}
	csv_free(c);
	fclose(f);
	assert_int_equal(rows + missing.n, PEOPLE - BROKEN);
	assert_int_equal(same + differ.n, rows);
	set_free(&missing);
	set_free(&differ);
	set_free(&people);
}

static void
test_orgs_tree(void **state)
{
	struct gen *g = *state;
	FILE *f = open_in(g->dir, "orgs.csv");
	struct csv *c = csv_open(f);
	char **fl;
	int nf;
	assert_int_equal(csv_read(c, &fl, &nf), 1);
	assert_int_equal(nf, 5);
	assert_string_equal(fl[0], "code");
	assert_string_equal(fl[2], "parent_code");
	struct strset seen = {0};
	long provinces = 0, rows = 0;
	while (csv_read(c, &fl, &nf) == 1) {
		rows++;
		const char *code = fl[0];
		assert_true(strlen(code) <= 35);
		for (const char *p = code; *p; p++)
			assert_true(isdigit((unsigned char)*p) || isupper((unsigned char)*p) || *p == '.');
		assert_true(fl[1][0] != '\0' && is_nfc(fl[1]));
		/* Written parents first, though import does not need it. */
		if (fl[2][0] != '\0' && !set_has(&seen, fl[2]))
			fail_msg("%s: parent %s not listed before it", code, fl[2]);
		if (set_has(&seen, code))
			fail_msg("%s: listed twice", code);
		set_insert(&seen, code);
		provinces += strcmp(fl[3], "province") == 0;
	}
	csv_free(c);
	fclose(f);
	assert_int_equal(provinces, 34);
	assert_true(rows >= 60);
	assert_int_equal(rows, g->orgs.n);
	set_free(&seen);
}

static bool
same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	assert_non_null(fa);
	assert_non_null(fb);
	bool same = true;
	int x, y;
	do {
		x = getc(fa);
		y = getc(fb);
		same = x == y;
	} while (same && x != EOF);
	fclose(fa);
	fclose(fb);
	return same;
}

static void
test_seed_reproduces(void **state)
{
	struct gen *g = *state;
	char *again = tmpdir_new("gen-again"), *other = tmpdir_new("gen-other");
	run_gen(again, "7", "20");
	run_gen(other, "8", "20");
	static const char *const files[] = {
		"orgs.csv", "people.csv", "items.csv", "citizens.csv", "broken.txt",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *a = tmpdir_path(g->dir, files[i]), *b = tmpdir_path(again, files[i]);
		if (!same_file(a, b))
			fail_msg("%s differs between two runs with the same seed", files[i]);
		free(a);
		free(b);
	}
	char *a = tmpdir_path(g->dir, "people.csv"), *b = tmpdir_path(other, "people.csv");
	assert_false(same_file(a, b));
	free(a);
	free(b);
	tmpdir_remove(again);
	tmpdir_remove(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_people_rows),
		cmocka_unit_test(test_items_pass_their_forms),
		cmocka_unit_test(test_citizens_twin),
		cmocka_unit_test(test_orgs_tree),
		cmocka_unit_test(test_seed_reproduces),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
