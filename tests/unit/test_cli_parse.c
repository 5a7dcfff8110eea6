/*
 * The command line's one parser (cli/parse.h) against tables like the commands':
 * options with and without values, positional arguments, "--", sub-commands; a
 * mistake named on stderr with the usage (2), --help on stdout (0), the usage
 * wrapped to the terminal's 80 columns. What it prints is read back from the real
 * stdout and stderr, redirected to a file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "cli/parse.h"
#include "core/i18n.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { O_ALL, O_ORG, O_WATCH };
static const struct cli_opt opts[] = {
	[O_ALL] = { "all", NULL, "everyone", 0 },
	[O_ORG] = { "org", "CODE", "one agency", 0 },
	[O_WATCH] = { "watch", "SECONDS", "keep going", 1 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec spec = { "try", "FIRST [SECOND]", 1, 2, opts, "Tries." };

/* What a stream got while fn ran; caller frees. */
static char captured[8192];
static int saved_fd = -1, cap_fd = -1;

static void
capture_begin(FILE *stream)
{
	fflush(stream);
	char path[] = "/tmp/hoso-parse-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	saved_fd = dup(fileno(stream));
	dup2(fd, fileno(stream));
	cap_fd = fd;
}

static const char *
capture_end(FILE *stream)
{
	fflush(stream);
	dup2(saved_fd, fileno(stream));
	close(saved_fd);
	lseek(cap_fd, 0, SEEK_SET);
	ssize_t n = read(cap_fd, captured, sizeof captured - 1);
	captured[n > 0 ? n : 0] = '\0';
	close(cap_fd);
	return captured;
}

/* cli_parse on a copy of the words; its stderr in *err. */
static int
parse(struct cli_args *a, char **words, int n, const char **err)
{
	capture_begin(stderr);
	int rc = cli_parse(&spec, n, words, a);
	*err = capture_end(stderr);
	return rc;
}

static void
test_options_and_arguments(void **state)
{
	(void)state;
	struct cli_args a;
	const char *err;
	char *w1[] = { "try", "one", "--org", "H40", "--all", "two", NULL };
	assert_int_equal(parse(&a, w1, 6, &err), -1);
	assert_string_equal(err, "");
	assert_string_equal(a.value[O_ORG], "H40");
	assert_string_equal(a.value[O_ALL], "");
	assert_null(a.value[O_WATCH]);
	assert_int_equal(a.narg, 2);
	assert_string_equal(a.arg[0], "one");
	assert_string_equal(a.arg[1], "two");

	/* --name=value; an optional value only when a number follows; "-" is stdin. */
	char *w2[] = { "try", "--org=H79", "--watch", "-", NULL };
	assert_int_equal(parse(&a, w2, 4, &err), -1);
	assert_string_equal(a.value[O_ORG], "H79");
	assert_string_equal(a.value[O_WATCH], "");
	assert_int_equal(a.narg, 1);
	assert_string_equal(a.arg[0], "-");
	char *w3[] = { "try", "--watch", "30", "x", NULL };
	assert_int_equal(parse(&a, w3, 4, &err), -1);
	assert_string_equal(a.value[O_WATCH], "30");

	/* After "--" nothing is an option. */
	char *w4[] = { "try", "--", "--all", NULL };
	assert_int_equal(parse(&a, w4, 3, &err), -1);
	assert_null(a.value[O_ALL]);
	assert_string_equal(a.arg[0], "--all");
}

static void
test_mistakes_named(void **state)
{
	(void)state;
	i18n_init("en");
	struct cli_args a;
	const char *err;
	char *unknown[] = { "try", "x", "--bogus", NULL };
	assert_int_equal(parse(&a, unknown, 3, &err), 2);
	assert_non_null(strstr(err, "hoso try: unknown option '--bogus'"));
	assert_non_null(strstr(err, "usage: hoso try FIRST [SECOND] [--all] [--org CODE]"));
	char *shortopt[] = { "try", "x", "-q", NULL };
	assert_int_equal(parse(&a, shortopt, 3, &err), 2);
	assert_non_null(strstr(err, "'-q'"));

	char *missing[] = { "try", "x", "--org", NULL };
	assert_int_equal(parse(&a, missing, 3, &err), 2);
	assert_non_null(strstr(err, "hoso try: option --org needs a value"));

	char *flagval[] = { "try", "x", "--all=yes", NULL };
	assert_int_equal(parse(&a, flagval, 3, &err), 2);
	assert_non_null(strstr(err, "option --all takes no value"));

	char *many[] = { "try", "a", "b", "c", NULL };
	assert_int_equal(parse(&a, many, 4, &err), 2);
	assert_non_null(strstr(err, "unexpected argument 'c'"));

	char *few[] = { "try", "--all", NULL };
	assert_int_equal(parse(&a, few, 2, &err), 2);
	assert_non_null(strstr(err, "usage: hoso try"));

	char *num[] = { "try", "x", "--org", "12x", NULL };
	assert_int_equal(parse(&a, num, 4, &err), -1);
	long n = 7;
	capture_begin(stderr);
	assert_int_equal(cli_number(&spec, &a, O_ORG, 1, 32, &n), 2);
	err = capture_end(stderr);
	assert_non_null(strstr(err, "--org wants a whole number from 1 to 32, not '12x'"));
	assert_int_equal(n, 7);
	assert_int_equal(cli_number(&spec, &a, O_WATCH, 1, 32, &n), 0);	/* not given */
	char *good[] = { "try", "x", "--org", "32", NULL };
	assert_int_equal(parse(&a, good, 4, &err), -1);
	assert_int_equal(cli_number(&spec, &a, O_ORG, 1, 32, &n), 0);
	assert_int_equal(n, 32);
}

static void
test_help(void **state)
{
	(void)state;
	i18n_init("en");
	struct cli_args a;
	/* --help wins over a mistake elsewhere on the line. */
	char *w[] = { "try", "--bogus", "--help", NULL };
	capture_begin(stdout);
	int rc = cli_parse(&spec, 3, w, &a);
	const char *out = capture_end(stdout);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "usage: hoso try FIRST [SECOND] [--all] [--org CODE] "
	    "[--watch [SECONDS]]\n"));
	assert_non_null(strstr(out, "\nTries.\n"));
	assert_non_null(strstr(out, "  --all              everyone\n"));
	assert_non_null(strstr(out, "  --org CODE         one agency\n"));
	assert_non_null(strstr(out, "  --watch [SECONDS]  keep going\n"));
	assert_non_null(strstr(out, "  --db PATH"));	/* the options of every command */
	assert_non_null(strstr(out, "  --user NAME"));
}

static void
test_sub_commands(void **state)
{
	(void)state;
	i18n_init("en");
	static const struct cli_spec add = { "acct add", "NAME", 1, 1, opts, NULL },
	    key = { "acct key add", "NAME KEY", 2, 2, NULL, "Adds a key." };
	static const struct cli_spec *const subs[] = { &add, &key, NULL };
	struct cli_args a;
	int which = -1;
	char *w1[] = { "acct", "key", "add", "bob", "ssh-ed25519 AAAA", NULL };
	assert_int_equal(cli_parse_sub(subs, 5, w1, &a, &which), -1);
	assert_int_equal(which, 1);
	assert_int_equal(a.narg, 2);
	assert_string_equal(a.arg[0], "bob");
	assert_string_equal(a.arg[1], "ssh-ed25519 AAAA");

	char *w2[] = { "acct", "frob", NULL };
	capture_begin(stderr);
	assert_int_equal(cli_parse_sub(subs, 2, w2, &a, &which), 2);
	const char *err = capture_end(stderr);
	assert_non_null(strstr(err, "hoso acct: unknown sub-command 'frob'"));
	assert_non_null(strstr(err, "usage: hoso acct add NAME"));
	assert_non_null(strstr(err, "\n       hoso acct key add NAME KEY\n"));

	char *w3[] = { "acct", "add", "--org", NULL };
	capture_begin(stderr);
	assert_int_equal(cli_parse_sub(subs, 3, w3, &a, &which), 2);
	err = capture_end(stderr);
	assert_non_null(strstr(err, "hoso acct add: option --org needs a value"));

	char *w4[] = { "acct", "--help", NULL };
	capture_begin(stdout);
	assert_int_equal(cli_parse_sub(subs, 2, w4, &a, &which), 0);
	const char *out = capture_end(stdout);
	assert_non_null(strstr(out, "hoso acct key add\nAdds a key.\n"));
}

/* cli_common_opts takes these out of every command line; --help lists them. */
static void
test_common_options(void **state)
{
	(void)state;
	assert_int_equal(cli_common_option("--db"), CLI_COMMON_DB);
	assert_int_equal(cli_common_option("--config"), CLI_COMMON_CONFIG);
	assert_int_equal(cli_common_option("--lang"), CLI_COMMON_LANG);
	assert_int_equal(cli_common_option("--user"), CLI_COMMON_USER);
	assert_int_equal(cli_common_option("--dbx"), -1);
	assert_int_equal(cli_common_option("db"), -1);
	assert_int_equal(cli_common_option("--all"), -1);
}

static void
test_usage_fits_80_columns(void **state)
{
	(void)state;
	i18n_init("en");
	static const struct cli_opt many[] = {
		{ "first-long-option", "VALUE", "a", 0 }, { "second-long-option", "VALUE", "b", 0 },
		{ "third-long-option", "VALUE", "c", 0 }, { "fourth-long-option", "VALUE", "d", 0 },
		{ NULL, NULL, NULL, 0 }
	};
	static const struct cli_spec wide = { "wide", "FILE", 1, 1, many, NULL };
	static const struct cli_spec *const one[] = { &wide, NULL };
	capture_begin(stdout);
	cli_print_usage(one, stdout);
	const char *out = capture_end(stdout);
	int lines = 0;
	for (const char *p = out; *p; lines++) {
		size_t n = strcspn(p, "\n");
		assert_true(n <= 79);
		if (lines > 0)	/* continued under the first argument */
			assert_int_equal(strspn(p, " "), strlen("usage: hoso wide "));
		p += n + (p[n] == '\n');
	}
	assert_true(lines >= 2);
}

/* An option of one letter is written "-o FILE" (and shown so); "--o" is no option. */
static void
test_one_letter_option(void **state)
{
	(void)state;
	i18n_init("en");
	static const struct cli_opt o1[] = {
		{ "o", "FILE", "where", 0 },
		{ NULL, NULL, NULL, 0 }
	};
	static const struct cli_spec s1 = { "out", NULL, 0, 0, o1, NULL };
	struct cli_args a;
	char *w1[] = { "out", "-o", "x.csv", NULL };
	assert_int_equal(cli_parse(&s1, 3, w1, &a), -1);
	assert_string_equal(a.value[0], "x.csv");
	char *w2[] = { "out", "--o", "x.csv", NULL };
	capture_begin(stderr);
	assert_int_equal(cli_parse(&s1, 3, w2, &a), 2);
	const char *err = capture_end(stderr);
	assert_non_null(strstr(err, "unknown option '--o'"));
	assert_non_null(strstr(err, "[-o FILE]"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_and_arguments),
		cmocka_unit_test(test_one_letter_option),
		cmocka_unit_test(test_mistakes_named),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_sub_commands),
		cmocka_unit_test(test_common_options),
		cmocka_unit_test(test_usage_fits_80_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
