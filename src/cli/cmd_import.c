/*
 * hoso import FILE.csv [--skip-bad] [--reject FILE] [--update] [--items]
 *     [--set COLUMN=VALUE]...
 * Loads people (or, with --items, sub-records) per the import contract. Progress
 * goes to stderr when it is a terminal; Ctrl-C stops cleanly (all-or-nothing:
 * nothing written; --skip-bad: the batches committed so far stay).
 * Exit status: 0 every row loaded, 1 failure (nothing written, or interrupted),
 * 2 wrong usage, IMPORT_EXIT_PARTIAL (3) --skip-bad wrote the good rows and set
 * some aside in the reject file: a script can tell "loaded, with rejects" from
 * "nothing loaded".
 */
#include "cli/cli.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "db/import.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile sig_atomic_t import_stop;

static void
on_signal(int sig)
{
	(void)sig;
	import_stop = 1;
}

static void
show_progress(const struct import_progress *p, void *ctx)
{
	double *t0 = ctx;
	static int pass;
	if (p->pass != pass) {
		/* Each pass has its own rate and time left. */
		pass = p->pass;
		*t0 = clock_mono_s();
	}
	if (p->pass == IMPORT_INDEXING) {
		fputc('\r', stderr);
		fprintf(stderr, _("building the search indexes..."));
		fputs("\033[K", stderr);
		return;
	}
	double el = clock_mono_s() - *t0;
	double rate = el > 0 ? (double)p->rows / el : 0;
	if (p->total_bytes > 0 && p->bytes > 0) {
		double frac = (double)p->bytes / (double)p->total_bytes;
		double left = frac > 0 ? el / frac - el : 0;
		fputc('\r', stderr);
		fprintf(stderr, "%s ", p->pass == 1 ? _("checking") : _("writing"));
		fprintf(stderr, _("%lld rows  %.0f rows/s  %3.0f%%  about %.0f s left"),
		    p->rows, rate, frac * 100, left);
	} else {
		fputc('\r', stderr);
		fprintf(stderr, _("%lld rows  %.0f rows/s"), p->rows, rate);
	}
	fputs("\033[K", stderr);
}

#define IMPORT_EXIT_PARTIAL 3

enum { O_SKIP_BAD, O_REJECT, O_UPDATE, O_ITEMS, O_SET };
static const struct cli_opt import_options[] = {
	[O_SKIP_BAD] = { "skip-bad", NULL, N_("load the good rows; the bad ones go to the "
	    "reject file"), 0 },
	[O_REJECT] = { "reject", N_("FILE"), N_("the reject file (default: FILE.rejected."
	    "csv beside FILE.csv)"), 0 },
	[O_UPDATE] = { "update", NULL, N_("replace the stored values of people already "
	    "recorded"), 0 },
	[O_ITEMS] = { "items", NULL, N_("load sub-records (id_number,kind,date_from,date_to,"
	    "data)"), 0 },
	[O_SET] = { "set", N_("COLUMN=VALUE"), N_("the value of COLUMN in every row that "
	    "leaves it empty, or for a file without that column (may be repeated)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec import_spec = {
	"import", N_("FILE.csv"), 1, 1, import_options,
	N_("Loads people per the import contract (FILE - reads stdin). All-or-nothing "
	    "unless --skip-bad. Exit status: 0 all loaded, 1 nothing loaded, 3 the good "
	    "rows loaded and the bad ones in the reject file.")
};
static const struct cli_spec *const import_specs[] = { &import_spec, NULL };

/* people.csv -> people.rejected.csv, as the README promises; stdin -> in the
 * current folder. */
static const char *
reject_name(const char *file, char *buf, size_t size)
{
	if (strcmp(file, "-") == 0)
		return "stdin.rejected.csv";
	size_t n = strlen(file);
	const char *slash = strrchr(file, '/');
	const char *dot = strrchr(file, '.');
	if (dot != NULL && (slash == NULL || dot > slash + 1))
		n = (size_t)(dot - file);
	snprintf(buf, size, "%.*s.rejected.csv", (int)n, file);
	return buf;
}

/* Every --set COLUMN=VALUE as a record (caller frees); NULL after saying what is
 * wrong. The data layer checks that each COLUMN is a field. */
static struct record *
set_values(const struct cli_args *a)
{
	struct record *set = record_new();
	for (int i = 0; i < a->nseen; i++) {
		if (a->seen[i].opt != O_SET)
			continue;
		const char *v = a->seen[i].value, *eq = strchr(v, '=');
		if (eq == NULL || eq == v) {
			fprintf(stderr, _("hoso import: --set wants COLUMN=VALUE, not '%s'\n"), v);
			record_free(set);
			return NULL;
		}
		char *name = xasprintf("%.*s", (int)(eq - v), v);
		for (char *p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		record_set(set, name, eq + 1);
		free(name);
	}
	return set;
}

static int
cmd_import_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&import_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	const char *file = a.arg[0], *reject_path = a.value[O_REJECT];
	struct import_opts opts = {0};
	opts.skip_bad = a.value[O_SKIP_BAD] != NULL;
	opts.update = a.value[O_UPDATE] != NULL;
	int items = a.value[O_ITEMS] != NULL;
	FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (in == NULL) {
		perror(file);
		return 1;
	}
	struct stat st;
	if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
		opts.total_bytes = st.st_size;
	struct record *set = set_values(&a);
	if (set == NULL) {
		if (in != stdin)
			fclose(in);
		return 2;
	}
	if (items && set->n > 0) {
		fprintf(stderr, _("hoso import: --set is for people, not with --items\n"));
		record_free(set);
		if (in != stdin)
			fclose(in);
		return 2;
	}
	opts.set = set->n > 0 ? set : NULL;
	char def[4096];
	if (opts.skip_bad && reject_path == NULL)
		reject_path = reject_name(file, def, sizeof def);
	if (reject_path != NULL && (opts.reject = fopen(reject_path, "w")) == NULL) {
		perror(reject_path);
		fclose(in);
		record_free(set);
		return 1;
	}
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:import", &db, &who) != 0) {
		fclose(in);
		record_free(set);
		return 1;
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	opts.filename = file;
	/* The report quotes the file (an unknown column's name, a code not found):
	 * escaped, like every value the command line shows. */
	opts.report = cli_escaping_stream_new(stderr);
	opts.stop = &import_stop;
	double t0s = clock_mono_s();
	if (isatty(STDERR_FILENO)) {
		opts.progress = show_progress;
		opts.progress_ctx = &t0s;
	}
	struct import_report rep;
	char *err = NULL;
	int rc = items ? db_import_items(db, &who, in, &opts, &rep, &err) :
	    db_import_people(db, &who, in, &opts, &rep, &err);
	if (opts.progress != NULL)
		fputs("\r\033[K", stderr);
	if (in != stdin)
		fclose(in);
	if (opts.reject != NULL)
		fclose(opts.reject);
	int full = rc == DB_ERROR && db_out_of_space(db);
	if (rc == DB_OK && rep.written + rep.updated > 0)
		cli_witness(&c, db, "import");
	db_close(db);
	record_free(set);
	cli_escaping_stream_free(opts.report, stderr);
	if (rc != DB_OK) {
		fputs("hoso import: ", stderr);
		cli_put_escaped(stderr, err ? err : "?");
		fputc('\n', stderr);
		free(err);
		/* SQLite rolled the failed transaction back: what was committed before it
		 * is whole, and nothing else is there. */
		if (full)
			fprintf(stderr, _("hoso import: stopped because the disk is full "
			    "(or the database file may grow no larger): %lld rows were "
			    "kept, in whole batches, and the database is consistent (hoso "
			    "check confirms it); free some space and import the file again "
			    "with --update\n"), rep.kept);
		return 1;
	}
	fprintf(stderr, _("%s: %lld rows read, %lld written, %lld updated, %lld rejected in "
	    "%.1f s (%.0f rows/s)\n"), file, rep.read, rep.written, rep.updated, rep.rejected,
	    rep.seconds, rep.seconds > 0 ? (double)rep.read / rep.seconds : 0);
	if (rep.interrupted)
		fprintf(stderr, rep.written + rep.updated > 0 ? _("interrupted: the rows counted "
		    "as written or updated are committed, in whole batches; the rest were not "
		    "written\n") : _("interrupted: nothing was written\n"));
	if (rep.rolled_back)
		fprintf(stderr, _("nothing was written because of the rejected rows; correct "
		    "them, or use --skip-bad to load the good rows\n"));
	if (opts.skip_bad && rep.rejected > 0)
		fprintf(stderr, _("rejected rows, each with its reason, are in %s\n"), reject_path);
	if (rep.interrupted || (rep.rejected > 0 && rep.written + rep.updated == 0))
		return 1;
	return rep.rejected > 0 ? IMPORT_EXIT_PARTIAL : 0;
}

const struct cli_command cmd_import = {
	"import", import_specs, N_("load people or sub-records from a CSV file"), cmd_import_exec
};
