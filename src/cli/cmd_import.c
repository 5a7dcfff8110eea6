/*
 * hoso import FILE.csv [--skip-bad] [--reject FILE] [--update] [--items]
 * Loads people (or, with --items, sub-records) per the import contract. Progress
 * goes to stderr when it is a terminal; Ctrl-C stops cleanly (all-or-nothing:
 * nothing written; --skip-bad: the batches committed so far stay).
 */
#include "cli/cli.h"
#include "core/clock.h"
#include "core/i18n.h"
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

enum { O_SKIP_BAD, O_REJECT, O_UPDATE, O_ITEMS };
static const struct cli_opt import_options[] = {
	[O_SKIP_BAD] = { "skip-bad", NULL, N_("load the good rows; the bad ones go to the "
	    "reject file"), 0 },
	[O_REJECT] = { "reject", N_("FILE"), N_("the reject file (default: FILE.csv."
	    "rejected.csv)"), 0 },
	[O_UPDATE] = { "update", NULL, N_("replace the stored values of people already "
	    "recorded"), 0 },
	[O_ITEMS] = { "items", NULL, N_("load sub-records (id_number,kind,date_from,date_to,"
	    "data)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec import_spec = {
	"import", N_("FILE.csv"), 1, 1, import_options,
	N_("Loads people per the import contract (FILE - reads stdin). All-or-nothing "
	    "unless --skip-bad.")
};
static const struct cli_spec *const import_specs[] = { &import_spec, NULL };

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
	if (opts.skip_bad && reject_path == NULL) {
		static char def[4096];
		snprintf(def, sizeof def, "%s.rejected.csv", file);
		reject_path = def;
	}
	if (reject_path != NULL && (opts.reject = fopen(reject_path, "w")) == NULL) {
		perror(reject_path);
		fclose(in);
		return 1;
	}
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:import", &db, &who) != 0) {
		fclose(in);
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
	return rep.rejected > 0 || rep.interrupted ? 1 : 0;
}

const struct cli_command cmd_import = {
	"import", import_specs, N_("load people or sub-records from a CSV file"), cmd_import_exec
};
