/*
 * Command lines read against a command's table of options (see parse.h). The
 * help and the usage are made from the same table, so that they cannot drift from
 * what is parsed.
 */
#include "cli/parse.h"
#include "core/i18n.h"
#include "core/text.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define USAGE_WIDTH 79

static int
nopts(const struct cli_spec *s)
{
	int n = 0;
	while (s->opts != NULL && s->opts[n].name != NULL)
		n++;
	return n;
}

/* An option of one letter is written with one dash ("-o FILE"), as everyone
 * writes an output file's; the others with two. */
static const char *
dashes(const struct cli_opt *o)
{
	return o->name[0] != '\0' && o->name[1] == '\0' ? "-" : "--";
}

/* "--reject FILE", "--watch [SECONDS]", "--items", "-o FILE" into buf. */
static void
opt_text(const struct cli_opt *o, char *buf, size_t size)
{
	if (o->value == NULL)
		snprintf(buf, size, "%s%s", dashes(o), o->name);
	else if (o->optional)
		snprintf(buf, size, "%s%s [%s]", dashes(o), o->name, _(o->value));
	else
		snprintf(buf, size, "%s%s %s", dashes(o), o->name, _(o->value));
}

/* Words of a usage line, wrapped under the first word after "hoso NAME". */
struct line {
	FILE *out;
	int   col, indent;
};

static void
word(struct line *l, const char *w)
{
	int width = text_width(w);
	if (l->col > l->indent && l->col + 1 + width > USAGE_WIDTH) {
		fprintf(l->out, "\n%*s", l->indent, "");
		l->col = l->indent;
	} else if (l->col > 0) {
		fputc(' ', l->out);
		l->col++;
	}
	fputs(w, l->out);
	l->col += width;
}

/* text's words from the current column on, wrapped under indent. */
static void
words(struct line *l, const char *text)
{
	while (*text != '\0') {
		size_t n = strcspn(text, " ");
		char w[256];
		snprintf(w, sizeof w, "%.*s", (int)n, text);
		if (n > 0)
			word(l, w);
		text += n + (text[n] == ' ');
	}
}

static void
usage_line(const struct cli_spec *s, int first, FILE *out)
{
	const char *lead = _("usage:");
	struct line l = { out, 0, 0 };
	char buf[256];
	if (first)
		snprintf(buf, sizeof buf, "%s hoso", lead);
	else
		snprintf(buf, sizeof buf, "%*s hoso", text_width(lead), "");
	word(&l, buf);
	/* "hoso user add": later words wrap under the first of its arguments. */
	snprintf(buf, sizeof buf, "%s", s->name);
	words(&l, buf);
	l.indent = l.col + 1;
	if (s->args != NULL)
		word(&l, _(s->args));
	for (int i = 0; i < nopts(s); i++) {
		char o[200];
		opt_text(&s->opts[i], o, sizeof o);
		snprintf(buf, sizeof buf, "[%s]", o);
		word(&l, buf);
	}
	fputc('\n', out);
}

void
cli_print_usage(const struct cli_spec *const *specs, FILE *out)
{
	for (int i = 0; specs[i] != NULL; i++)
		usage_line(specs[i], i == 0, out);
}

/* Each shown as "  --name VALUE   help", the helps in one column. */
static void
option_lines(const struct cli_opt *opts, int n, FILE *out)
{
	int w = 0;
	char buf[200];
	for (int i = 0; i < n; i++) {
		opt_text(&opts[i], buf, sizeof buf);
		if (text_width(buf) > w)
			w = text_width(buf);
	}
	for (int i = 0; i < n; i++) {
		opt_text(&opts[i], buf, sizeof buf);
		fprintf(out, "  %s%*s ", buf, w - text_width(buf), "");
		struct line l = { out, w + 3, w + 4 };
		words(&l, _(opts[i].help));
		fputc('\n', out);
	}
}

static const struct cli_opt common[] = {
	[CLI_COMMON_DB] = { "db", N_("PATH"), N_("the database file"), 0 },
	[CLI_COMMON_CONFIG] = { "config", N_("FILE"), N_("the configuration file"), 0 },
	[CLI_COMMON_LANG] = { "lang", "vi|en", N_("the language of messages"), 0 },
	[CLI_COMMON_USER] = { "user", N_("NAME"), N_("act as this account (default: the "
	    "system account)"), 0 },
};

int
cli_common_option(const char *arg)
{
	for (int i = 0; i < (int)(sizeof common / sizeof common[0]); i++)
		if (strncmp(arg, "--", 2) == 0 && strcmp(arg + 2, common[i].name) == 0)
			return i;
	return -1;
}

static void
help(const struct cli_spec *const *specs)
{
	cli_print_usage(specs, stdout);
	for (int i = 0; specs[i] != NULL; i++) {
		const struct cli_spec *s = specs[i];
		if (specs[1] != NULL && (s->about != NULL || nopts(s) > 0))
			printf("\nhoso %s\n", s->name);
		if (s->about != NULL) {
			if (specs[1] == NULL)
				putchar('\n');
			struct line l = { stdout, 0, 0 };
			words(&l, _(s->about));
			putchar('\n');
		}
		if (nopts(s) > 0) {
			if (specs[1] == NULL)
				printf("\n%s\n", _("Options:"));
			option_lines(s->opts, nopts(s), stdout);
		}
	}
	printf("\n%s\n", _("Options of every command:"));
	option_lines(common, (int)(sizeof common / sizeof common[0]), stdout);
}

static int
mistake(const struct cli_spec *s)
{
	const struct cli_spec *one[] = { s, NULL };
	cli_print_usage(one, stderr);
	return 2;
}

static int
is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (is_help(argv[i]))
			return 1;
	return 0;
}

static int
find_opt(const struct cli_spec *s, const char *name, size_t len)
{
	for (int i = 0; i < nopts(s); i++)
		if (strlen(s->opts[i].name) == len && strncmp(s->opts[i].name, name, len) == 0)
			return i;
	return -1;
}

static int
positive_number(const char *s)
{
	return s[0] >= '1' && s[0] <= '9' && strspn(s, "0123456789") == strlen(s);
}

int
cli_parse(const struct cli_spec *s, int argc, char **argv, struct cli_args *a)
{
	memset(a, 0, sizeof *a);
	if (wants_help(argc, argv)) {
		const struct cli_spec *one[] = { s, NULL };
		help(one);
		return 0;
	}
	int out = 1, options = 1;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!options || arg[0] != '-' || strcmp(arg, "-") == 0) {
			argv[out++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options = 0;
			continue;
		}
		int k = -1;
		const char *eq = NULL;
		if (strncmp(arg, "--", 2) == 0) {
			const char *name = arg + 2;
			eq = strchr(arg, '=');
			size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
			if (len > 1)
				k = find_opt(s, name, len);
		} else if (arg[1] != '\0' && arg[2] == '\0')
			k = find_opt(s, arg + 1, 1);	/* "-o" */
		if (k < 0) {
			fprintf(stderr, _("hoso %s: unknown option '%s'\n"), s->name, arg);
			return mistake(s);
		}
		const struct cli_opt *o = &s->opts[k];
		if (o->value == NULL && eq != NULL) {
			fprintf(stderr, _("hoso %s: option %s%s takes no value\n"), s->name,
			    dashes(o), o->name);
			return mistake(s);
		}
		if (o->value == NULL)
			a->value[k] = "";
		else if (eq != NULL)
			a->value[k] = eq + 1;
		else if (o->optional)
			a->value[k] = i + 1 < argc && positive_number(argv[i + 1]) ? argv[++i] : "";
		else if (i + 1 < argc)
			a->value[k] = argv[++i];
		else {
			fprintf(stderr, _("hoso %s: option %s%s needs a value\n"), s->name,
			    dashes(o), o->name);
			return mistake(s);
		}
		if (a->nseen == CLI_MAXSEEN) {
			fprintf(stderr, _("hoso %s: too many options\n"), s->name);
			return mistake(s);
		}
		a->seen[a->nseen].opt = k;
		a->seen[a->nseen++].value = a->value[k];
	}
	a->arg = argv + 1;
	a->narg = out - 1;
	argv[out] = NULL;
	if (s->max_args >= 0 && a->narg > s->max_args) {
		fprintf(stderr, _("hoso %s: unexpected argument '%s'\n"), s->name,
		    a->arg[s->max_args]);
		return mistake(s);
	}
	if (a->narg < s->min_args)
		return mistake(s);
	return -1;
}

/* How many words of argv (from argv[1]) name the sub-command s ("user key add":
 * "key", "add"), or 0. */
static int
sub_words(const struct cli_spec *s, int argc, char **argv)
{
	const char *p = strchr(s->name, ' ');
	int n = 0;
	while (p != NULL) {
		p++;
		size_t len = strcspn(p, " ");
		if (1 + n >= argc || strlen(argv[1 + n]) != len || strncmp(argv[1 + n], p, len) != 0)
			return 0;
		n++;
		p = p[len] == ' ' ? p + len : NULL;
	}
	return n;
}

int
cli_parse_sub(const struct cli_spec *const *specs, int argc, char **argv,
    struct cli_args *a, int *which)
{
	memset(a, 0, sizeof *a);
	for (int i = 0; specs[i] != NULL; i++) {
		int n = sub_words(specs[i], argc, argv);
		if (n > 0) {
			*which = i;
			return cli_parse(specs[i], argc - n, argv + n, a);
		}
	}
	if (argc >= 2 && is_help(argv[1])) {
		help(specs);
		return 0;
	}
	if (argc >= 2) {
		char cmd[64];
		snprintf(cmd, sizeof cmd, "%.*s", (int)strcspn(specs[0]->name, " "), specs[0]->name);
		fprintf(stderr, _("hoso %s: unknown sub-command '%s'\n"), cmd, argv[1]);
	}
	cli_print_usage(specs, stderr);
	return 2;
}

int
cli_number(const struct cli_spec *s, const struct cli_args *a, int opt, long min,
    long max, long *out)
{
	const char *v = a->value[opt];
	if (v == NULL)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < min || n > max) {
		fprintf(stderr, _("hoso %s: --%s wants a whole number from %ld to %ld, not '%s'\n"),
		    s->name, s->opts[opt].name, min, max, v);
		return mistake(s);
	}
	*out = n;
	return 0;
}
