/*
 * RFC 4180 CSV: a streaming reader (UTF-8 with or without BOM, quoted fields with
 * commas, quotes and line breaks, LF or CRLF) and a field writer. The reader owns
 * the fields it returns; they stay valid until the next csv_read.
 */
#ifndef HOSO_CSV_H
#define HOSO_CSV_H
#include <stdbool.h>
#include <stdio.h>

struct csv;

struct csv *csv_open(FILE *f);		/* f stays the caller's to close */
void        csv_free(struct csv *c);
/* Read one record. Returns 1 with *fields and *n set, 0 at end of file, -1 on a
 * malformed record (an unterminated quote, a quote inside an unquoted field, bytes
 * that are not UTF-8): csv_error says why; reading may continue after it. */
int         csv_read(struct csv *c, char ***fields, int *n);
/* The fields of the record just read, in order, each followed by its NUL, as one
 * block of *len bytes (the first field starts it): to copy a record at once. */
const char *csv_record_bytes(const struct csv *c, size_t *len);
/* Line number (1-based) where the last record started. */
long        csv_line(const struct csv *c);
const char *csv_error(const struct csv *c);	/* untranslated message id */
/* Bytes consumed so far, for progress. */
long long   csv_offset(const struct csv *c);

/* Hand every block of bytes read from f from now on to fn (the whole file passes
 * through it once, in order: for the file's hash, at no second reading). */
void        csv_on_block(struct csv *c, void (*fn)(void *ctx, const void *bytes,
    size_t len), void *ctx);

/* Write one field, quoted when it must be; sep (',' or '\n') follows unless 0. */
void        csv_write_field(FILE *f, const char *s, char sep);
#endif
