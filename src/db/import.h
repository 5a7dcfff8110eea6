/*
 * Loading people (and their sub-records) from CSV files per the import contract,
 * and writing them back out in the same format.
 *
 * Every bad row is reported; by default one bad row means nothing is written. With
 * skip_bad the good rows are written and the bad ones go to the reject file with a
 * reason column. The first load of an empty register, with nobody else connected,
 * is one transaction (import_load.c): an interruption (the stop flag, a signal,
 * kill -9) leaves nothing. Otherwise rows are checked first and committed in
 * batches (import.c): an interruption leaves only whole committed batches, which
 * the report counts.
 */
#ifndef HOSO_IMPORT_H
#define HOSO_IMPORT_H
#include "core/record.h"
#include "db/db.h"
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#define IMPORT_INDEXING 3	/* the rows are in; the search indexes are being built */

struct import_progress {
	long long rows;		/* rows read so far */
	long long bytes;	/* bytes of the file consumed */
	long long total_bytes;	/* size of the file, 0 if unknown (a pipe) */
	int       pass;		/* 1: checking every row, 2: writing, IMPORT_INDEXING */
};

struct import_opts {
	const char *filename;		/* named in messages and in the audit trail */
	bool        skip_bad;
	bool        update;		/* replace stored people with the file's values */
	const struct record *set;	/* --set: field values for every row that leaves
					 * them empty (a required column may come only
					 * from here); may be NULL */
	FILE       *reject;		/* with skip_bad: bad rows with a reason column */
	FILE       *report;		/* each bad row as "line L, column C: reason" */
	long long   total_bytes;
	volatile sig_atomic_t *stop;	/* set asynchronously to interrupt */
	void      (*progress)(const struct import_progress *p, void *ctx);
	void       *progress_ctx;
};

struct import_report {
	long long read, written, updated, rejected;
	double    seconds;
	bool      interrupted;
	bool      rolled_back;	/* all-or-nothing and something was bad: nothing written */
	long long kept;		/* rows committed (written or updated), also when it failed */
};

int db_import_people(struct db *db, const struct actor *who, FILE *in,
    const struct import_opts *opts, struct import_report *rep, char **err);
/* Sub-records: columns id_number,kind,date_from,date_to,data (data a JSON object
 * of the kind's form fields). Same options. */
int db_import_items(struct db *db, const struct actor *who, FILE *in,
    const struct import_opts *opts, struct import_report *rep, char **err);
/* Every person in scope, in the import format plus a verification column. */
int db_export_people(struct db *db, const struct actor *who, FILE *out,
    long long *rows, char **err);
/* The same; labels non-zero: for reading, not importing (the form's labels as the
 * header, codes as their labels, dates as DD/MM/YYYY). */
int db_export_people_as(struct db *db, const struct actor *who, FILE *out, int labels,
    long long *rows, char **err);
#endif
