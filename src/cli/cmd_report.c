/*
 * hoso report --list | NAME [--org CODE] [--format text|csv|json|xlsx] [-o FILE]
 * [--months N]: a report of src/report/ for an agency subtree within the account's
 * scope (without --org: the account's own agency, or the nation for a national
 * one). Every run is audited: who, which report, which agency.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "db/stat.h"
#include "report/alerts.h"
#include "report/bm.h"
#include "report/compare.h"
#include "report/movements.h"
#include "core/date.h"
#include "report/quality.h"
#include "report/retirement.h"
#include "report/summary.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct report_opts {
	const char        *org;
	enum report_format format;
	int                months;
	const char        *from, *to;	/* YYYY-MM-DD or NULL */
	const char        *date;	/* as of (YYYY-MM-DD), NULL: today */
	/* --org A,B,C: the summary of each, side by side */
	struct org_info    orgs[COMPARE_MAX];
	int                norgs;
};

typedef int (*report_fn)(struct db *db, const struct org_info *org,
    const struct report_opts *o, FILE *out, char **err);

static int
run_summary(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	if (o->norgs > 1) {
		struct compare *c;
		int rc = compare_new(db, o->orgs, o->norgs, &c, err);
		if (rc == DB_OK)
			compare_write(c, o->format, out);
		compare_free(c);
		return rc;
	}
	struct summary *s;
	int rc = summary_as_of(db, org, o->date, &s, err);
	if (rc == DB_OK)
		summary_write(s, o->format, out);
	summary_free(s);
	return rc;
}

static int
run_retirement(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	struct retirement *r;
	int rc = retirement_new(db, org, o->date, o->months, &r, err);
	if (rc == DB_OK)
		retirement_write(r, o->format, out);
	retirement_free(r);
	return rc;
}

static int
run_alert(enum alert_kind kind, struct db *db, const struct org_info *org,
    const struct report_opts *o, FILE *out, char **err)
{
	struct alert *a;
	int rc = alert_new(db, kind, org, o->date, o->months, &a, err);
	if (rc == DB_OK)
		alert_write(a, o->format, out);
	alert_free(a);
	return rc;
}

static int
run_raises(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	return run_alert(ALERT_RAISE, db, org, o, out, err);
}

static int
run_probation(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	return run_alert(ALERT_PROBATION, db, org, o, out, err);
}

static int
run_contracts(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	return run_alert(ALERT_CONTRACT, db, org, o, out, err);
}

static int
run_quality(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	struct quality *q;
	int rc = quality_new(db, org, &q, err);
	if (rc == DB_OK)
		quality_write(q, o->format, out);
	quality_free(q);
	return rc;
}

static int
run_bm(enum bm_form form, struct db *db, const struct org_info *org,
    const struct report_opts *o, FILE *out, char **err)
{
	struct bm_table *t;
	int rc = bm_new(db, form, org, o->date, &t, err);
	if (rc == DB_OK)
		bm_write(t, o->format, out);
	bm_free(t);
	return rc;
}

static int
run_bm01(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	return run_bm(BM01, db, org, o, out, err);
}

static int
run_bm02(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	return run_bm(BM02, db, org, o, out, err);
}

static int
run_movements(struct db *db, const struct org_info *org, const struct report_opts *o,
    FILE *out, char **err)
{
	struct movements *m;
	int rc = movements_new(db, org, o->from, o->to, &m, err);
	if (rc == DB_OK)
		movements_write(m, o->format, out);
	movements_free(m);
	return rc;
}

static const struct {
	const char *name;
	const char *summary;	/* message id */
	report_fn   run;
} reports[] = {
	{ "summary",    N_("headcount by every standard breakdown"), run_summary },
	{ "retirement", N_("people reaching retirement age in the next N months "
	    "(--months, default 12)"), run_retirement },
	{ "raises",     N_("regular salary-step raises due in the next N months"),
	    run_raises },
	{ "probation",  N_("probations ending in the next N months"), run_probation },
	{ "contracts",  N_("fixed-term contracts ending in the next N months"),
	    run_contracts },
	{ "quality",    N_("data quality: missing fields, identity not verified, "
	    "suspected duplicates, values outside the code lists"), run_quality },
	{ "movements",  N_("recruited, transferred, retired, resigned, disciplined, "
	    "promoted from --from to --to"), run_movements },
	{ "bm01",       N_("form BM01/BNV (Circular 11/2012/TT-BNV): civil servants of "
	    "district level and above, one row per agency"), run_bm01 },
	{ "bm02",       N_("form BM02/BNV (Circular 11/2012/TT-BNV): commune-level cadres "
	    "and civil servants, one row per agency"), run_bm02 },
};
#define NREPORTS ((int)(sizeof reports / sizeof reports[0]))

enum { OPT_LIST, OPT_ORG, OPT_FORMAT, OPT_OUT, OPT_MONTHS, OPT_FROM, OPT_TO, OPT_DATE };
static const struct cli_opt report_opts_table[] = {
	{ "list", NULL, N_("list the reports"), 0 },
	{ "org", N_("CODE"), N_("the agency (with its subtree); default: your own; for the "
	    "summary, several side by side: A,B,C"), 0 },
	{ "format", N_("text|csv|json|xlsx"), N_("how to write it (default text; xlsx "
	    "to a file or a pipe)"), 0 },
	{ "o", N_("FILE"), N_("write to FILE instead of the standard output"), 0 },
	{ "months", N_("N"), N_("for the alerts: how many months ahead (0 to 120, "
	    "default 12)"), 0 },
	{ "from", N_("DATE"), N_("for movements: the period's first day (default: the "
	    "first of January)"), 0 },
	{ "to", N_("DATE"), N_("for movements: the period's last day (default: today)"), 0 },
	{ "date", N_("DATE"), N_("as of this day (default today); a past day is answered "
	    "from the records' histories"), 0 },
	{ NULL, NULL, NULL, 0 },
};
static const struct cli_spec report_spec = {
	"report", N_("[NAME]"), 0, 1, report_opts_table,
	N_("A report of the statistics for an agency and its subtree (--list names "
	    "them).")
};
static const struct cli_spec *const report_specs[] = { &report_spec, NULL };

static int
cmd_report_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&report_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	struct report_opts o = { .org = a.value[OPT_ORG], .format = REPORT_TEXT, .months = 12 };
	const char *name = a.narg > 0 ? a.arg[0] : NULL, *path = a.value[OPT_OUT];
	int list = a.value[OPT_LIST] != NULL;
	if (a.value[OPT_FORMAT] != NULL) {
		int f = report_format_parse(a.value[OPT_FORMAT]);
		if (f < 0) {
			fprintf(stderr, _("hoso report: unknown format '%s'\n"),
			    a.value[OPT_FORMAT]);
			return 2;
		}
		o.format = (enum report_format)f;
	}
	if (o.format == REPORT_XLSX && path == NULL && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s", _("hoso report: a spreadsheet is not for the terminal: "
		    "give -o FILE\n"));
		return 2;
	}
	/* Dates as clerks type them, kept as YYYY-MM-DD. */
	static char from[11], to[11], asof[11];
	const int date_opt[] = { OPT_FROM, OPT_TO, OPT_DATE };
	char *date_out[] = { from, to, asof };
	const char **date_set[] = { &o.from, &o.to, &o.date };
	for (int i = 0; i < 3; i++) {
		const char *v = a.value[date_opt[i]];
		if (v == NULL)
			continue;
		const char *bad = date_parse(v, date_out[i]);
		if (bad != NULL) {
			fprintf(stderr, "hoso report: %s: %s\n", v, _(bad));
			return 2;
		}
		*date_set[i] = date_out[i];
	}
	long months = 12;
	if (cli_number(&report_spec, &a, OPT_MONTHS, 0, 120, &months) != 0)
		return 2;
	o.months = (int)months;
	if (list) {
		for (int i = 0; i < NREPORTS; i++)
			printf("%-12s %s\n", reports[i].name, _(reports[i].summary));
		return 0;
	}
	if (name == NULL) {
		cli_print_usage(report_specs, stderr);
		return 2;
	}
	int k = 0;
	while (k < NREPORTS && strcmp(reports[k].name, name) != 0)
		k++;
	if (k == NREPORTS) {
		fprintf(stderr, _("hoso report: no report named '%s' (see hoso report "
		    "--list)\n"), name);
		return 2;
	}
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:report", &db, &who) != 0)
		return 1;
	char *err = NULL;
	struct org_info org;
	int rc = DB_OK;
	/* --org A,B,C: each agency in scope, each run audited. */
	char *codes = xstrdup(o.org != NULL ? o.org : "");
	for (char *save = NULL, *code = strtok_r(codes, ",", &save);
	    rc == DB_OK && code != NULL; code = strtok_r(NULL, ",", &save)) {
		if (o.norgs == COMPARE_MAX) {
			err = xasprintf(_("at most %d agencies side by side"), COMPARE_MAX);
			rc = DB_INVALID;
			break;
		}
		rc = db_stat_scope(db, &who, code, &o.orgs[o.norgs], &err);
		if (rc == DB_OK)
			o.norgs++;
	}
	free(codes);
	if (rc == DB_OK && o.norgs > 1 && strcmp(name, "summary") != 0) {
		err = xstrdup(_("several agencies side by side: only for the summary"));
		rc = DB_INVALID;
	}
	if (rc == DB_OK && o.norgs > 1)
		org = o.orgs[0];
	else if (rc == DB_OK)
		rc = db_stat_scope(db, &who, o.org, &org, &err);
	for (int i = 0; rc == DB_OK && i < (o.norgs > 1 ? o.norgs : 1); i++)
		rc = db_stat_audit_run(db, &who, name, o.norgs > 1 ? &o.orgs[i] : &org, &err);
	FILE *out = stdout;
	if (rc == DB_OK && path != NULL && (out = fopen(path, "w")) == NULL) {
		perror(path);
		db_close(db);
		return 1;
	}
	if (rc == DB_OK) {
		/* Names come from the records: escaped on a terminal, as they are in a file. */
		FILE *w = cli_terminal_stream_new(out);
		rc = reports[k].run(db, &org, &o, w, &err);
		cli_escaping_stream_free(w, out);
	}
	db_close(db);
	if ((fflush(out) != 0 || (out != stdout && fclose(out) != 0)) && rc == DB_OK) {
		perror(path ? path : "stdout");
		return 1;
	}
	if (rc != DB_OK) {
		fprintf(stderr, "hoso report: %s\n", err ? err : "?");
		free(err);
		return 1;
	}
	return 0;
}

const struct cli_command cmd_report = {
	"report", report_specs,
	N_("statistics and alerts for an agency and its subtree"), cmd_report_exec
};
