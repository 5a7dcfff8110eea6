/*
 * A command's options in a table (struct cli_spec), read by one parser: the table
 * drives the parsing, the usage line and --help, so that a new command or option
 * is a line of data and its usage is written once. hoso's conventions: options are
 * long ("--reject FILE" or "--reject=FILE"), "--" ends them, --help (or -h) prints
 * the help on stdout (exit 0), and a mistake is named on stderr with the usage
 * (exit 2). The options every command takes (--db, --config, --lang, --user) are
 * cli_common_opts's (cli.h) and are taken out before.
 */
#ifndef HOSO_CLI_PARSE_H
#define HOSO_CLI_PARSE_H
#include <stdio.h>

#define CLI_MAXOPTS 16

struct cli_opt {
	const char *name;	/* without the dashes: "skip-bad" */
	const char *value;	/* message id naming its value ("FILE"); NULL: a flag */
	const char *help;	/* message id: one line for --help */
	int         optional;	/* the value may be left out: taken only when the next
				 * argument is a positive number ("--watch [SECONDS]") */
};

struct cli_spec {
	const char *name;	/* as typed after hoso: "import", "user add" */
	const char *args;	/* message id: the positional arguments ("FILE.csv"), or NULL */
	int         min_args, max_args;	/* how many; max_args -1: any number */
	const struct cli_opt *opts;	/* { NULL } after the last; NULL: none */
	const char *about;	/* message id: what it does, for --help; or NULL */
};

#define CLI_MAXSEEN 64

struct cli_args {
	const char *value[CLI_MAXOPTS];	/* by option: NULL when not given; "" for a
					 * flag, or an optional value left out; the
					 * last one when given more than once */
	struct { int opt; const char *value; } seen[CLI_MAXSEEN];
					/* every value given, in order: an option
					 * that may be repeated ("--set A=1 --set B=2")
					 * reads them here */
	int         nseen;
	char      **arg;	/* the positional arguments, in argv */
	int         narg;
};

/* Read argv[1 ..] (argv[0] names the command) against spec; the positional
 * arguments are gathered at the front of argv. Returns -1 when the command is to
 * run, or the exit status to return: 0 after --help, 2 after a mistake. */
int  cli_parse(const struct cli_spec *spec, int argc, char **argv, struct cli_args *a);
/* A command of sub-commands ("hoso user add ..."): argv[1] picks one of specs
 * (NULL after the last; their names' last words), *which says which, and the rest
 * is cli_parse's. --help with no sub-command names them all. */
int  cli_parse_sub(const struct cli_spec *const *specs, int argc, char **argv,
    struct cli_args *a, int *which);
/* "usage: hoso import FILE.csv [--skip-bad] [--reject FILE] ...": one line per spec
 * (specs NULL after the last), the first with "usage:". */
void cli_print_usage(const struct cli_spec *const *specs, FILE *out);
/* The options every command takes, taken out by cli_common_opts and listed by
 * --help from the same table: which of them arg names ("--db"), or -1. */
enum { CLI_COMMON_DB, CLI_COMMON_CONFIG, CLI_COMMON_LANG, CLI_COMMON_USER };
int  cli_common_option(const char *arg);
/* An option's value as a whole number from min to max into *out; 0, or 2 after
 * saying what it wants. Not given: 0 and *out unchanged. */
int  cli_number(const struct cli_spec *spec, const struct cli_args *a, int opt, long min,
    long max, long *out);
#endif
