/*
 * Sub-commands of the hoso program, one file each (cli/cmd_<name>.c), each defining
 * one struct cli_command listed in cli.c's table, as tmux's cmd-*.c do.
 * An exec function returns the process exit status: 0 success, 1 failure,
 * 2 wrong usage.
 */
#ifndef HOSO_CLI_H
#define HOSO_CLI_H
#include <stdint.h>
#include <stdio.h>
#include "cli/parse.h"

struct cli_command {
	const char *name;
	const struct cli_spec *const *specs;	/* its options, by sub-command; NULL after */
	const char *summary;	/* message id: one line for hoso --help */
	int       (*exec)(int argc, char **argv);	/* argv[0] is the name */
};

const struct cli_command *cli_find(const char *name);
void cli_usage_all(void);
/* Print the command's usage (cli_print_usage) on stderr and return 2. */
int  cli_usage(const struct cli_command *cmd);

/* Common options every command takes, removed from argv by cli_common_opts:
 * --db PATH, --config FILE, --lang vi|en, --user NAME (acting account for CLI
 * tools; default: the system account). Returns the new argc, or -1 on a bad option
 * (message printed). */
struct cli_common {
	const char *db_path;
	const char *config_path;
	const char *lang;
	const char *user;
};
int cli_common_opts(int argc, char **argv, struct cli_common *c);

struct db;
struct actor;
/* Open the database of c and set *who: the account named by --user (its role and
 * scope), or the system account for maintenance. Prints the error and returns 1 on
 * failure. session names the tool in the audit trail ("cli:import"). */
int cli_open(const struct cli_common *c, const char *session, struct db **db,
    struct actor *who);
/* The same for a command that only reads (search, show, export, check, report,
 * lists): a missing file is an error saying how to make one, never a new empty
 * database. */
int cli_open_existing(const struct cli_common *c, const char *session, struct db **db,
    struct actor *who);
/* Witness the audit trail's head (db/audit.h) after work that wrote much, and log
 * it to the configuration's serve.log if it names one; a failure is only said. */
/* Times shown in the configured zone (ui.timezone), as the screens show them. */
void cli_use_timezone(const struct cli_common *c);
void cli_witness(const struct cli_common *c, struct db *db, const char *why);
/* Output that holds stored or read values goes through these (escape.c): every
 * character that could steer a terminal (controls, C1, text-direction overrides,
 * bytes that are not UTF-8) is shown escaped (text_escape_new); line breaks stay.
 * cli_printf prints to stdout. */
void cli_put_escaped(FILE *f, const char *s);
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A stream whose lines reach to escaped (to itself if none can be made); closed,
 * flushing, with cli_escaping_stream_free. */
FILE *cli_escaping_stream_new(FILE *to);
void  cli_escaping_stream_free(FILE *f, FILE *to);
/* For data written as a file (CSV): escaped only when out is a terminal; a file or
 * a pipe gets it byte for byte. Freed with cli_escaping_stream_free(f, out). */
FILE *cli_terminal_stream_new(FILE *out);
/* True when argv holds --help or -h (hoso report, which reads its line itself). */
int cli_wants_help(int argc, char **argv);
/* Say what db_audit_check found (report_audit.c); 0 when the trail is intact. */
struct audit_verdict;
int  cli_print_audit(const struct audit_verdict *v);
/* Progress of a page copy (a db_backup_progress), on stderr when it is a
 * terminal; arg is the label ("backing up"). */
void cli_progress_pages(void *arg, int64_t done, int64_t total);
/* Say what db_backup_verify found (report_audit.c); 0 when the backup is sound. */
struct db_backup_verdict;
int  cli_print_backup_verdict(const char *path, const struct db_backup_verdict *v);
#endif
