/*
 * Sub-record rows read and checked on other threads, handed back in file order
 * (import_items_check.c). Not for use outside src/db/.
 */
#ifndef HOSO_IMPORT_ITEMS_CHECK_H
#define HOSO_IMPORT_ITEMS_CHECK_H
#include <signal.h>

struct csv;

/* One row as the writer gets it; valid until the next item_pipe_next. */
struct item_row {
	long         line;
	int          nf;
	char       **fields;	/* the row as read, nf of them */
	const char  *bad;	/* why it cannot be written (translated), or NULL: */
	const char  *data;	/* the data column as the table keeps it */
	const char  *from, *to;	/* the period, normalised; "" when none */
	long long    bytes;	/* of the file read so far, for progress */
};

struct item_pipe;
/* Start reading csv (its header already read) on other threads; stop is polled
 * (NULL: never). NULL with *err if the forms cannot be read. */
struct item_pipe *item_pipe_start(struct csv *csv, volatile sig_atomic_t *stop, char **err);
/* The next row in file order: 1, or 0 at the end (or once stop was seen). */
int  item_pipe_next(struct item_pipe *p, struct item_row *row);
/* Stop the threads (at any point) and free everything; csv is the caller's again. */
void item_pipe_stop(struct item_pipe *p);
#endif
