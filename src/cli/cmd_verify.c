/*
 * hoso verify --drain | --all | --org CODE | --stale DAYS [--parallel N] [--log FILE]
 * Checks people against the population gateway through the verification queue:
 * --all, --org and --stale queue checks (only people whose current version was not
 * checked, or, with --stale, checked DAYS or more days ago), then everything due is
 * drained in batch calls. A 429's Retry-After is waited out (Ctrl-C stops the
 * wait); a link that is down ends the run with the checks kept in the queue.
 * Exit status 0 when nothing due is left, 1 otherwise.
 */
#include "cli/cli.h"
#include "core/text.h"
#include "form/form.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/logfile.h"
#include "db/db.h"
#include "db/verify.h"
#include "verify/worker.h"
#include "gateway/gateway.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_WAIT 900	/* longest Retry-After waited out, in seconds */

static volatile sig_atomic_t verify_stop;

static void
on_signal(int sig)
{
	(void)sig;
	verify_stop = 1;
}

struct progress {
	bool	 redraw;	/* one line redrawn in place (the log is elsewhere) */
	bool	 tty;
	const struct verify_totals *base; /* totals of earlier drain runs */
	long	 reported;	/* checked as of the last --watch line */
};

static void
show_progress(const struct verify_drain_stats *st, void *arg)
{
	struct progress *p = arg;
	const struct verify_totals *b = p->base;
	long done = b->checked + st->verified + st->mismatch + st->not_found + st->refused;
	if (p->redraw)
		fputc('\r', stderr);
	fprintf(stderr, _("%ld checked: %ld verified, %ld mismatch, %ld not found, "
	    "%ld deferred"), done, b->verified + st->verified, b->mismatch + st->mismatch,
	    b->not_found + st->not_found, b->deferred + st->deferred);
	fputs(p->redraw ? "\033[K" : "\n", stderr);
}

static void
show_totals(const struct verify_totals *t)
{
	fprintf(stderr, _("%ld checked: %ld verified, %ld mismatch, %ld not found, "
	    "%ld refused\n"), t->checked, t->verified, t->mismatch, t->not_found,
	    t->refused);
}

static void
round_done(const struct verify_drain_stats *st, int rc, const char *err, void *arg)
{
	(void)st;
	struct progress *p = arg;
	if (p->tty && p->redraw)
		fputs("\r\033[K", stderr);
	if (rc != DB_OK)
		fprintf(stderr, "hoso verify: %s\n", err);
}

enum { O_DRAIN, O_ALL, O_ORG, O_STALE, O_PARALLEL, O_LOG, O_STATUS, O_WATCH };
static const struct cli_opt verify_opts[] = {
	[O_DRAIN] = { "drain", NULL, N_("send the checks due now"), 0 },
	[O_ALL] = { "all", NULL, N_("queue a check of everyone in scope not checked yet"), 0 },
	[O_ORG] = { "org", N_("CODE"), N_("the same for an agency and those under it"), 0 },
	[O_STALE] = { "stale", N_("DAYS"), N_("also those checked DAYS or more days ago"), 0 },
	[O_PARALLEL] = { "parallel", "N", N_("batch calls at once (1 to 32, default 4)"), 0 },
	[O_LOG] = { "log", N_("FILE"), N_("log to this file (default: serve.log)"), 0 },
	[O_STATUS] = { "status", NULL, N_("count the people in each state (with --org: "
	    "of that agency)"), 0 },
	[O_WATCH] = { "watch", N_("SECONDS"), N_("keep sending, every SECONDS (default 5)"),
	    1 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec verify_spec = {
	"verify", NULL, 0, 0, verify_opts,
	N_("Checks identities against the population gateway: --all, --org or --stale "
	    "queue checks first, then every due check is sent, in batches of 100; --drain "
	    "sends only, --status counts, --watch keeps sending.")
};
static const struct cli_spec *const verify_specs[] = { &verify_spec, NULL };

/* Sleep up to seconds, waking every 200 ms to notice Ctrl-C. */
static void
wait_seconds(int seconds)
{
	for (int ms = 0; ms < seconds * 1000 && !verify_stop; ms += 200) {
		struct timespec ts = { 0, 200 * 1000000L };
		nanosleep(&ts, NULL);
	}
}

/* Between rounds: a Retry-After is said and waited out; under --watch, a line when
 * something was checked, then the interval. */
static bool
wait_next(int seconds, bool rate_limited, void *arg)
{
	struct progress *p = arg;
	if (rate_limited)
		fprintf(stderr, _("the gateway asks to wait %d s before the next call\n"),
		    seconds);
	else if (p->base->checked != p->reported) {
		show_totals(p->base);
		p->reported = p->base->checked;
	}
	wait_seconds(seconds);
	return true;
}

/* The gateway client of the configuration; *logfile says whether log lines go to
 * a file (--log, else serve.log) rather than to the terminal. */
static struct gw *
open_gateway(const struct cli_common *c, const char *log_path, bool *logfile)
{
	char *err = NULL;
	struct config *cf = config_load(c->config_path, &err);
	if (cf == NULL) {
		fprintf(stderr, "hoso verify: %s\n", err);
		free(err);
		return NULL;
	}
	if (log_path == NULL)
		log_path = config_get(cf, "serve.log", NULL);
	*logfile = log_path != NULL && *log_path;
	if (*logfile)
		logfile_open(log_path);
	struct gw *gw = gw_new_from_config(cf, &err);
	config_free(cf);
	if (gw == NULL) {
		fprintf(stderr, "hoso verify: %s\n", err);
		free(err);
	}
	return gw;
}

/* hoso verify --status [--org CODE]: how many people are in each state. */
static int
verify_status(const struct cli_common *c, const char *org)
{
	struct db *db;
	struct actor who;
	if (cli_open_existing(c, "cli:verify", &db, &who) != 0)
		return 1;
	int64_t counts[VERIFY_NSTATES];
	char *err = NULL;
	int rc = db_verify_state_counts(db, &who, org, counts, &err);
	db_close(db);
	if (rc != DB_OK) {
		fprintf(stderr, "hoso verify: %s\n", err ? err : _("the agency is outside your scope"));
		free(err);
		return 1;
	}
	const struct code_list *cl = codes_get("verification", NULL);
	int64_t total = 0;
	for (int i = 0; i < VERIFY_NSTATES; i++) {
		const char *name = verify_state_name(i);
		const struct code_item *it = cl ? codes_find(cl, name) : NULL;
		const char *label = it ? codes_label(it) : name;
		int pad = 28 - text_width(label);
		printf("%-10s %s%*s %10lld\n", name, label, pad > 0 ? pad : 0, "",
		    (long long)counts[i]);
		total += counts[i];
	}
	int pad = 28 - text_width(_("total"));
	printf("%-10s %s%*s %10lld\n", "", _("total"), pad > 0 ? pad : 0, "", (long long)total);
	return 0;
}

static int
cmd_verify_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&verify_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	bool drain_only = a.value[O_DRAIN] != NULL, all = a.value[O_ALL] != NULL;
	/* --watch [SECONDS]: keep draining, for local use (make run); a central host
	 * has hoso serve's worker instead. */
	bool watch = a.value[O_WATCH] != NULL;
	const char *org = a.value[O_ORG], *log_path = a.value[O_LOG];
	long stale = -1, parallel = 4, interval = 5;
	if (cli_number(&verify_spec, &a, O_STALE, 0, 100000, &stale) != 0 ||
	    cli_number(&verify_spec, &a, O_PARALLEL, 1, 32, &parallel) != 0 ||
	    (watch && *a.value[O_WATCH] &&
	    cli_number(&verify_spec, &a, O_WATCH, 1, 86400, &interval) != 0))
		return 2;
	if (a.value[O_STATUS] != NULL)
		return verify_status(&c, org);
	if (!drain_only && !all && !watch && org == NULL && stale < 0) {
		cli_print_usage(verify_specs, stderr);
		return 2;
	}
	bool logfile;
	struct gw *gw = open_gateway(&c, log_path, &logfile);
	if (gw == NULL)
		return 1;
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:verify", &db, &who) != 0) {
		gw_free(gw);
		return 1;
	}
	char *err = NULL;
	int status = 0;
	if (all || org != NULL || stale >= 0) {
		int64_t queued;
		if (db_verify_queue_select(db, &who, org, (int)stale, &queued, &err) != DB_OK) {
			fprintf(stderr, "hoso verify: %s\n", err);
			free(err);
			db_close(db);
			gw_free(gw);
			return 1;
		}
		fprintf(stderr, _("%lld checks queued\n"), (long long)queued);
	}

	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct progress prog = { .redraw = logfile, .tty = isatty(STDERR_FILENO) };
	struct verify_worker w = {
		.gw = gw, .db = db, .who = &who, .parallel = (int)parallel,
		.interval = watch ? (int)interval : -1, .max_rate_wait = MAX_WAIT,
		.end_on_db_error = true, .stop = &verify_stop,
		.progress = prog.tty ? show_progress : NULL, .round = round_done,
		.wait = wait_next, .arg = &prog,
	};
	prog.base = &w.totals;
	struct verify_drain_stats st;
	if (verify_worker_run(&w, &st) != DB_OK)
		status = 1;
	show_totals(&w.totals);
	if (watch && verify_stop) {
		/* Stopped by the operator: not a failure. */
		status = 0;
		st.stopped = GW_OK;
	}
	if (status == 0 && st.stopped != GW_OK) {
		fprintf(stderr, "hoso verify: %s", gw_outcome_text(st.stopped));
		if (st.message[0])
			fprintf(stderr, " (%s)", st.message);
		fputc('\n', stderr);
		status = 1;
	}
	int64_t due, waiting;
	if (db_verify_counts(db, &who, &due, &waiting, &err) == DB_OK) {
		if (due + waiting > 0)
			fprintf(stderr, _("%lld checks stay queued (%lld due now)\n"),
			    (long long)(due + waiting), (long long)due);
	} else
		free(err);
	db_close(db);
	gw_free(gw);
	return status;
}

const struct cli_command cmd_verify = {
	"verify", verify_specs, N_("check identities against the population gateway"), cmd_verify_exec
};
