/*
 * Mistakes in forms/ show when a form loads, naming the file and the field: unknown
 * keys and types, missing code lists and sections, twice-used names, broken
 * patterns, duplicate or ambiguous codes, files that are not JSON. Runs on forms
 * written to a temporary directory (its own process, as HOSO_FORMS is read once).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/tmpdir.h"
#include "core/i18n.h"
#include "form/form.h"

static char *dir;

static void
write_file(const char *name, const char *text)
{
	char *path = tmpdir_path(dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* form_get(name) fails and its message holds every one of the words. */
static void
expect_fail(const char *name, const char *w1, const char *w2)
{
	char *err = NULL;
	const struct form *f = form_get(name, &err);
	assert_null(f);
	assert_non_null(err);
	if (strstr(err, w1) == NULL || (w2 != NULL && strstr(err, w2) == NULL))
		fail_msg("%s: \"%s\" does not say %s %s", name, err, w1, w2 ? w2 : "");
	free(err);
}

#define FIELDS(x) "{\"title\": \"T\", \"fields\": [" x "]}"

static void
test_good(void **state)
{
	(void)state;
	write_file("ok.json", "{\"name\": \"ok\", \"title\": \"T\","
	    " \"sections\": [{\"name\": \"a\", \"label\": \"A\"}, {\"name\": \"b\", \"label\": \"B\"}],"
	    " \"fields\": [{\"name\": \"x\", \"label\": \"X\", \"section\": \"b\","
	    " \"pattern\": \"[a-z]+\", \"maxlen\": 5},"
	    " {\"name\": \"s\", \"label\": \"S\", \"type\": \"code\", \"codes\": \"sex\"}]}");
	char *err = NULL;
	const struct form *f = form_get("ok", &err);
	assert_non_null(f);
	assert_int_equal(f->nsections, 2);
	assert_int_equal(f->fields[0].section, 1);
	assert_int_equal(f->fields[1].section, 0);
	assert_int_equal(f->fields[0].width, 20);
	char *out = NULL;
	/* The pattern matches the whole value, not a part of it. */
	assert_non_null(form_value_normalize(&f->fields[0], "abc1", &out));
	assert_non_null(form_value_normalize(&f->fields[0], "abcdef", &out));
	assert_null(form_value_normalize(&f->fields[0], "abc", &out));
	assert_string_equal(out, "abc");
	free(out);
	/* Without sections, one section titled as the form. */
	write_file("plain.json", FIELDS("{\"name\": \"x\", \"label\": \"X\"}"));
	f = form_get("plain", &err);
	assert_non_null(f);
	assert_int_equal(f->nsections, 1);
	assert_string_equal(f->sections[0].label, "T");
	const char **names = codes_list_names();
	assert_string_equal(names[0], "ambiguous");
	assert_string_equal(names[1], "dup");
	free(names);
}

static void
test_bad_forms(void **state)
{
	(void)state;
	write_file("k.json", FIELDS("{\"name\": \"x\", \"label\": \"X\", \"requried\": true}"));
	expect_fail("k", "k.json", "requried");
	write_file("t.json", FIELDS("{\"name\": \"x\", \"label\": \"X\", \"type\": \"money\"}"));
	expect_fail("t", "t.json", "field x");
	write_file("c.json", FIELDS("{\"name\": \"x\", \"label\": \"X\", \"type\": \"code\","
	    " \"codes\": \"colours\"}"));
	expect_fail("c", "field x", "colours");
	write_file("c2.json", FIELDS("{\"name\": \"x\", \"label\": \"X\", \"type\": \"code\"}"));
	expect_fail("c2", "field x", NULL);
	write_file("s.json", FIELDS("{\"name\": \"x\", \"label\": \"X\", \"section\": \"nope\"}"));
	expect_fail("s", "field x", NULL);
	write_file("d.json", FIELDS("{\"name\": \"x\", \"label\": \"X\"},"
	    " {\"name\": \"x\", \"label\": \"Y\"}"));
	expect_fail("d", "field x", NULL);
	write_file("p.json", FIELDS("{\"name\": \"x\", \"label\": \"X\", \"pattern\": \"[a-\"}"));
	expect_fail("p", "field x", NULL);
	write_file("n.json", FIELDS("{\"name\": \"X Y\", \"label\": \"X\"}"));
	expect_fail("n", "n.json", NULL);
	write_file("l.json", FIELDS("{\"name\": \"x\"}"));
	expect_fail("l", "field x", NULL);
	write_file("j.json", "{\"title\": \"T\", \"fields\": [");
	expect_fail("j", "j.json", NULL);
	write_file("e.json", "{\"title\": \"T\", \"fields\": []}");
	expect_fail("e", "e.json", NULL);
	write_file("w.json", "{\"name\": \"other\", \"title\": \"T\", \"fields\": [{\"name\": \"x\", \"label\": \"X\"}]}");
	expect_fail("w", "w.json", NULL);
	write_file("g.json", "{\"title\": \"T\", \"fields\": [{\"name\": \"x\", \"label\": \"X\"}],"
	    " \"grids\": [{\"name\": \"g\", \"label\": \"G\", \"form\": \"ok\"}]}");
	expect_fail("g", "g.json", NULL);
	expect_fail("absent", "absent", NULL);
	expect_fail("../etc", "../etc", NULL);
}

static void
test_bad_codes(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(codes_get("dup", &err));
	assert_non_null(strstr(err, "\"A\""));
	free(err);
	err = NULL;
	assert_null(codes_get("nolabel", &err));
	assert_non_null(strstr(err, "item 2"));
	free(err);
	/* A key shared by two items matches neither; their codes still do. */
	const struct code_list *cl = codes_get("ambiguous", &err);
	assert_non_null(cl);
	assert_null(codes_match(cl, "ha"));
	assert_null(codes_match(cl, "Hà"));
	assert_string_equal(codes_match(cl, "h1")->code, "H1");
	assert_string_equal(codes_match(cl, "Hạ Long")->code, "H2");
	assert_string_equal(codes_match(cl, "ha long")->code, "H2");
	assert_string_equal(codes_match(cl, "Hạ-Long")->code, "H2");
	assert_null(codes_match(cl, "Hạ Lon"));
	assert_null(codes_match(cl, ""));
	assert_null(codes_match(cl, "H\xff"));
}

int
main(void)
{
	dir = tmpdir_new("formload");
	char *codes = tmpdir_path(dir, "codes");
	mkdir(codes, 0700);
	free(codes);
	setenv("HOSO_FORMS", dir, 1);
	i18n_init("en");
	write_file("codes/sex.json", "{\"title\": \"Sex\", \"items\": ["
	    "{\"code\": \"M\", \"label\": \"Nam\"}, {\"code\": \"F\", \"label\": \"Nữ\"}]}");
	write_file("codes/dup.json", "{\"title\": \"D\", \"items\": ["
	    "{\"code\": \"A\", \"label\": \"a\"}, {\"code\": \"A\", \"label\": \"b\"}]}");
	write_file("codes/nolabel.json", "{\"title\": \"D\", \"items\": ["
	    "{\"code\": \"A\", \"label\": \"a\"}, {\"code\": \"B\"}]}");
	write_file("codes/ambiguous.json", "{\"title\": \"D\", \"items\": ["
	    "{\"code\": \"H1\", \"label\": \"Hà\"}, {\"code\": \"H3\", \"label\": \"Hạ\"},"
	    "{\"code\": \"H2\", \"label\": \"Hạ Long\"}]}");
	write_file("codes/not list.json", "{}");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad_forms),
		cmocka_unit_test(test_bad_codes),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	form_cache_clear();
	tmpdir_remove(dir);
	return rc;
}
