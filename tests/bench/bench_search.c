/*
 * Search and ID look-up latency through the data layer, over 1,000 varied queries
 * drawn from the people actually stored: full names typed without diacritics, a
 * family and middle name with a prefix of the given name, a given name alone, and
 * ID numbers. Prints median and 99th percentile, and writes the same queries as
 * hand-written SQL for the sqlite3 shell baseline (tests/bench/run.sh times it).
 *
 *   bench_search DB N SQL_OUT
 */
#include "core/text.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "db/person.h"
#include "db/search.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("%-28s median %7.3f ms   p99 %7.3f ms   max %7.3f ms   (%d queries)\n", what,
	    v[n / 2], v[(n * 99) / 100], v[n - 1], n);
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_search DB N SQL_OUT\n");
		return 2;
	}
	int n = atoi(argv[2]);
	struct db *db;
	char *err = NULL;
	if (db_open(argv[1], &db, &err) != DB_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	FILE *sql = fopen(argv[3], "w");
	struct actor who;
	db_actor_system(&who, "bench");
	/* Sample n people spread over the table. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_sqlite(db), "SELECT id_number, full_name FROM person"
	    " WHERE id IN (SELECT abs(random()) % (SELECT max(id) FROM person) + 1"
	    " FROM person LIMIT ?)", -1, &st, NULL);
	sqlite3_bind_int(st, 1, n * 2);
	char **ids = xcalloc((size_t)n, sizeof(char *)), **names = xcalloc((size_t)n, sizeof(char *));
	int got = 0;
	while (got < n && sqlite3_step(st) == SQLITE_ROW) {
		ids[got] = xstrdup((const char *)sqlite3_column_text(st, 0));
		names[got] = xstrdup((const char *)sqlite3_column_text(st, 1));
		got++;
	}
	sqlite3_finalize(st);
	if (got == 0) {
		fprintf(stderr, "bench_search: the database holds nobody\n");
		return 1;
	}
	double *tname = xcalloc((size_t)got, sizeof(double)), *tid = xcalloc((size_t)got, sizeof(double));
	fprintf(sql, ".output /dev/null\n");
	for (int i = 0; i < got; i++) {
		/* Vary what is typed: whole name, name with the last word cut, given name. */
		char *typed = text_ascii_new(names[i]);
		char *fold = text_fold_new(names[i]);
		char *q = xstrdup(typed);
		if (i % 3 == 1 && strlen(q) > 3)
			q[strlen(q) - 2] = '\0';
		else if (i % 3 == 2) {
			char *sp = strrchr(typed, ' ');
			free(q);
			q = xstrdup(sp ? sp + 1 : typed);
		}
		struct search_query sq = {.text = q, .limit = 20};
		struct search_hit *hits;
		int nh, more;
		double t0 = now_ms();
		if (db_search(db, &who, &sq, &hits, &nh, &more, &err) != DB_OK) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		tname[i] = now_ms() - t0;
		free(hits);
		char *key = text_fold_new(q);
		char hi[256];
		snprintf(hi, sizeof hi, "%s", key);
		hi[strlen(hi) - 1]++;
		/* The same ranked first page, written by hand. */
		fprintf(sql, "SELECT p.id, p.id_number, p.full_name, o.code FROM person p JOIN org o"
		    " ON o.id = p.org_id WHERE p.name_key >= '%s' AND p.name_key < '%s'"
		    " ORDER BY p.name_key, p.date_of_birth, p.id LIMIT 21;\n", key, hi);
		struct record *r;
		t0 = now_ms();
		if (db_person_get_by_idnum(db, &who, ids[i], NULL, &r, &err) != DB_OK) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		tid[i] = now_ms() - t0;
		record_free(r);
		fprintf(sql, "SELECT * FROM person WHERE id_number = '%s';\n", ids[i]);
		free(key);
		free(q);
		free(typed);
		free(fold);
	}
	fclose(sql);
	report("name search (first page)", tname, got);
	report("ID look-up (whole record)", tid, got);
	db_close(db);
	return 0;
}
