/*
 * The audit of a bulk import of sub-records (import_batch.c): per row a line and a
 * hash, packed per batch into import_batch under one sealing audit row; and hoso
 * check's reading of them in item order (check_seals.c). Not for use outside
 * src/db/.
 */
#ifndef HOSO_IMPORT_BATCH_H
#define HOSO_IMPORT_BATCH_H
#include "db/db.h"
#include "core/strbuf.h"
#include <stdint.h>

/* The seals' entity: without the ':' of the rows' own "person_item:<kind>". */
#define IMPORT_BATCH_ENTITY "person_item"
/* Bytes of a row's SHA-256 kept: the first 16, as a forger must still find a
 * second row with those 128 bits (2^128 work); all 32 cost 90 MB more at 200,000
 * people. */
#define IMPORT_HASH_BYTES 16

struct digest_stream;
struct import_batch {
	struct strbuf  rows;		/* packed: per row varint id step, varint line
					 * step, IMPORT_HASH_BYTES of hash */
	char          *file;		/* the file's name, for the seal */
	long long      n;
	int64_t        first_item, last_item;
	long           first_line, last_line;
	sqlite3_stmt  *insert;		/* into import_batch */
};

/* NULL (and *err) if the statement cannot be made. */
struct import_batch *import_batch_new(struct db *db, const char *file, char **err);
void import_batch_free(struct import_batch *b);
/* One row written: its id, line and hash kept (in memory until the seal). */
void import_batch_add(struct import_batch *b, int64_t item_id, long line,
    const unsigned char hash[32]);
/* The seal of the rows added since the last one (none: nothing written), and the
 * packed rows, in the caller's transaction. */
int  import_batch_seal(struct db *db, const struct actor *who, struct import_batch *b,
    char **err);

/* hoso check: the kept rows of every sealed batch, in item order, each with the
 * seal that vouches for it (check_seals.c). */
struct kept_rows;
int  kept_rows_open(struct db *db, struct kept_rows **out, char **err);
/* The next kept row: 1 with *id, hash (IMPORT_HASH_BYTES) and the seal's audit row
 * and verdict (intact: its packed rows are what it sealed); 0 at the end; -1 with
 * *err on a database error. */
int  kept_rows_next(struct kept_rows *k, int64_t *id, const unsigned char **hash,
    int64_t *seal_seq, int *intact, char **err);
void kept_rows_free(struct kept_rows *k);
#endif
