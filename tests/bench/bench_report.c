/*
 * The summary and the HR alerts (retirement, raises, probation and contract ends,
 * and the main menu's counts of them for the province and the nation) timed
 * in-process through the report layer
 * (what the screen and hoso report call), without the program's start, which on a
 * loaded machine costs more than the report. Each runs N times on one connection;
 * then hoso check's recount of the headcounts, once.
 *
 *   bench_report DB ORG_CODE [N]
 *
 * Prints one line per measure, "<what> hoso median_ms=… best_ms=… n=…", which
 * tests/bench/run.sh reads; without arguments (make bench's loop over the bench
 * programs) it does nothing: run.sh calls it with its database.
 */
#include "core/clock.h"
#include "db/db.h"
#include "db/stat.h"
#include "report/alerts.h"
#include "report/retirement.h"
#include "report/summary.h"
#include <stdio.h>
#include <stdlib.h>

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof *ms, cmp_double);
	printf("%s hoso median_ms=%.2f best_ms=%.2f n=%d\n", what, ms[n / 2], ms[0], n);
}

int
main(int argc, char **argv)
{
	if (argc < 3)
		return 0;
	int n = argc > 3 ? atoi(argv[3]) : 20;
	struct db *db;
	char *err = NULL;
	if (n < 1 || db_open(argv[1], &db, &err) != DB_OK) {
		fprintf(stderr, "bench_report: %s\n", err ? err : "bad arguments");
		return 1;
	}
	struct actor sys;
	db_actor_system(&sys, "bench");
	struct org_info nation, org;
	if (db_stat_scope(db, &sys, NULL, &nation, &err) != DB_OK ||
	    db_stat_scope(db, &sys, argv[2], &org, &err) != DB_OK) {
		fprintf(stderr, "bench_report: %s\n", err);
		return 1;
	}
	double *ms = calloc((size_t)n, sizeof *ms);
	const struct org_info *scopes[2] = { &nation, &org };
	const char *names[2] = { "summary-nation", "summary-org" };
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < n; i++) {
			double t0 = clock_mono_ms();
			struct summary *s;
			if (summary_new(db, scopes[k], NULL, &s, &err) != DB_OK) {
				fprintf(stderr, "bench_report: %s\n", err);
				return 1;
			}
			FILE *out = fopen("/dev/null", "w");
			summary_write(s, REPORT_JSON, out);
			fclose(out);
			summary_free(s);
			ms[i] = clock_mono_ms() - t0;
		}
		report(names[k], ms, n);
	}
	int listed = 0;
	for (int i = 0; i < n; i++) {
		double t0 = clock_mono_ms();
		struct retirement *r;
		if (retirement_new(db, &org, NULL, 12, &r, &err) != DB_OK) {
			fprintf(stderr, "bench_report: %s\n", err);
			return 1;
		}
		FILE *out = fopen("/dev/null", "w");
		retirement_write(r, REPORT_CSV, out);
		fclose(out);
		listed = r->n;
		retirement_free(r);
		ms[i] = clock_mono_ms() - t0;
	}
	report("retirement-org", ms, n);
	printf("retirement-org listed=%d\n", listed);
	static const char *const alert_names[] = { "raises-org", "probation-org",
	    "contracts-org" };
	for (int k = ALERT_RAISE; k <= ALERT_CONTRACT; k++) {
		for (int i = 0; i < n; i++) {
			double t0 = clock_mono_ms();
			struct alert *a;
			if (alert_new(db, (enum alert_kind)k, &org, NULL, 12, &a, &err) != DB_OK) {
				fprintf(stderr, "bench_report: %s\n", err);
				return 1;
			}
			FILE *out = fopen("/dev/null", "w");
			alert_write(a, REPORT_CSV, out);
			fclose(out);
			listed = a->n;
			alert_free(a);
			ms[i] = clock_mono_ms() - t0;
		}
		report(alert_names[k], ms, n);
		printf("%s listed=%d\n", alert_names[k], listed);
	}
	const char *menu_names[2] = { "menu-counts-nation", "menu-counts-org" };
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < n; i++) {
			double t0 = clock_mono_ms();
			struct alert_counts c;
			if (alert_counts_get(db, scopes[k], &c, &err) != DB_OK) {
				fprintf(stderr, "bench_report: %s\n", err);
				return 1;
			}
			ms[i] = clock_mono_ms() - t0;
		}
		report(menu_names[k], ms, n);
	}
	/* hoso check's recount, the same pass a first load makes at its end. */
	double t0 = clock_mono_ms();
	struct stat_findings sf;
	if (db_stat_check(db, &sf, &err) != DB_OK) {
		fprintf(stderr, "bench_report: %s\n", err);
		return 1;
	}
	ms[0] = clock_mono_ms() - t0;
	report("recount", ms, 1);
	free(ms);
	db_close(db);
	return 0;
}
