/*
 * Search and ID look-up latency through the data layer, over N varied queries
 * drawn from the people actually stored: full names typed without diacritics, a
 * family and middle name with a prefix of the given name, a given name alone, and
 * ID numbers. Each query is also run as the hand-written SQL a person would type in
 * the sqlite3 shell for the same first page, on the same connection, right before
 * or after hoso's call (alternating, so neither side always finds the cache warm),
 * and that SQL is written to SQL_OUT for the sqlite3 shell itself (run.sh times it).
 *
 *   bench_search DB N SQL_OUT
 *
 * Prints one line per measure, "<what> <who> median_ms=… p99_ms=… max_ms=… n=…",
 * which tests/bench/run.sh reads.
 */
#include "core/text.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "db/person.h"
#include "db/search.h"
#include <stdbool.h>
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
report(const char *what, const char *who, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("%-12s %-5s median_ms=%.3f p99_ms=%.3f max_ms=%.3f n=%d\n", what, who,
	    v[n / 2], v[(n * 99) / 100], v[n - 1], n);
}

/* Run a prepared statement to its end; the rows are read as a client would. */
static void
drain(sqlite3_stmt *st)
{
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(st); c++)
			(void)sqlite3_column_text(st, c);
	sqlite3_reset(st);
}

/* s as an SQL string literal, quotes doubled ("H'Nhi Mlô"). */
static void
sql_literal(FILE *f, const char *s)
{
	putc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			putc('\'', f);
		putc(*s, f);
	}
	putc('\'', f);
}

static sqlite3_stmt *
prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_search: %s\n", sqlite3_errmsg(db_sqlite(db)));
		exit(1);
	}
	return st;
}

#define NAME_SQL(col) "SELECT p.id, p.id_number, p.full_name, o.code FROM person p" \
	" JOIN org o ON o.id = p.org_id WHERE p." col " >= ?1 AND p." col " < ?2" \
	" ORDER BY p." col ", p.date_of_birth, p.id LIMIT 21"
#define ID_SQL "SELECT * FROM person WHERE id_number = ?1"

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
	if (n < 1 || db_open(argv[1], &db, &err) != DB_OK) {
		fprintf(stderr, "bench_search: %s\n", err ? err : "N must be positive");
		return 1;
	}
	FILE *sql = fopen(argv[3], "w");
	if (sql == NULL) {
		perror(argv[3]);
		return 1;
	}
	struct actor who;
	db_actor_system(&who, "bench");
	/* Sample n people spread over the table, the same ones on every run. */
	sqlite3_stmt *st = prepare(db, "SELECT id_number, full_name FROM person"
	    " WHERE id % max(1, (SELECT max(id) FROM person) / ?1) = 0 LIMIT ?1");
	sqlite3_bind_int(st, 1, n);
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
	sqlite3_stmt *by_name = prepare(db, NAME_SQL("name_key"));
	sqlite3_stmt *by_given = prepare(db, NAME_SQL("given_key"));
	sqlite3_stmt *by_id = prepare(db, ID_SQL);
	double *t_name = xcalloc((size_t)got, sizeof(double));
	double *t_name_sql = xcalloc((size_t)got, sizeof(double));
	double *t_list = xcalloc((size_t)got, sizeof(double));
	double *t_id = xcalloc((size_t)got, sizeof(double));
	double *t_id_sql = xcalloc((size_t)got, sizeof(double));
	fprintf(sql, ".output /dev/null\n");
	for (int i = 0; i < got; i++) {
		/* Vary what is typed: whole name, name with the last word cut, given name. */
		char *typed = text_ascii_new(names[i]);
		char *q = xstrdup(typed);
		bool given = false;
		if (i % 3 == 1 && strlen(q) > 3)
			q[strlen(q) - 2] = '\0';
		else if (i % 3 == 2) {
			char *sp = strrchr(typed, ' ');
			free(q);
			q = xstrdup(sp ? sp + 1 : typed);
			given = true;
		}
		char *key = text_fold_new(q);
		char hi[256];
		snprintf(hi, sizeof hi, "%s", key);
		hi[strlen(hi) - 1]++;
		sqlite3_stmt *hand = given ? by_given : by_name;
		for (int turn = 0; turn < 2; turn++) {
			double t0 = now_ms();
			if ((turn + i) % 2 == 0) {
				struct search_query sq = {.text = q, .limit = 20};
				struct search_hit *hits;
				int nh, more;
				if (db_search(db, &who, &sq, &hits, &nh, &more, &err) != DB_OK) {
					fprintf(stderr, "bench_search: %s\n", err);
					return 1;
				}
				t_name[i] = now_ms() - t0;
				free(hits);
			} else {
				/* The hand-written page: fold and range as the shell user would. */
				char *k = text_fold_new(q);
				sqlite3_bind_text(hand, 1, k, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(hand, 2, hi, -1, SQLITE_TRANSIENT);
				drain(hand);
				free(k);
				t_name_sql[i] = now_ms() - t0;
			}
		}
		/* A given name is found by hoso through its second index: the shell user
		 * who knows the schema types the query on given_key. */
		const char *col = given ? "given_key" : "name_key";
		fprintf(sql, "SELECT p.id, p.id_number, p.full_name, o.code FROM person p JOIN org o"
		    " ON o.id = p.org_id WHERE p.%s >= ", col);
		sql_literal(sql, key);
		fprintf(sql, " AND p.%s < ", col);
		sql_literal(sql, hi);
		fprintf(sql, " ORDER BY p.%s, p.date_of_birth, p.id LIMIT 21;\n", col);

		for (int turn = 0; turn < 2; turn++) {
			double t0 = now_ms();
			if ((turn + i) % 2 == 0) {
				struct record *r;
				if (db_person_get_by_idnum(db, &who, ids[i], NULL, &r, &err) != DB_OK) {
					fprintf(stderr, "bench_search: %s\n", err);
					return 1;
				}
				t_id[i] = now_ms() - t0;
				record_free(r);
			} else {
				sqlite3_bind_text(by_id, 1, ids[i], -1, SQLITE_TRANSIENT);
				drain(by_id);
				t_id_sql[i] = now_ms() - t0;
			}
		}
		fprintf(sql, "SELECT * FROM person WHERE id_number = '%s';\n", ids[i]);

		/* The ID typed into the search box: a list, no record opened. */
		struct search_query sq = {.text = ids[i], .limit = 20};
		struct search_hit *hits;
		int nh, more;
		double t0 = now_ms();
		if (db_search(db, &who, &sq, &hits, &nh, &more, &err) != DB_OK) {
			fprintf(stderr, "bench_search: %s\n", err);
			return 1;
		}
		t_list[i] = now_ms() - t0;
		free(hits);
		free(key);
		free(q);
		free(typed);
	}
	fclose(sql);
	sqlite3_finalize(by_name);
	sqlite3_finalize(by_given);
	sqlite3_finalize(by_id);
	report("name-search", "hoso", t_name, got);
	report("name-search", "sql", t_name_sql, got);
	report("id-open", "hoso", t_id, got);
	report("id-open", "sql", t_id_sql, got);
	report("id-search", "hoso", t_list, got);
	db_close(db);
	return 0;
}
