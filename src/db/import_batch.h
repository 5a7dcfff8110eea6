/*
 * The audit of a bulk import of sub-records (import_batch.c): per row a line and a
 * hash in import_item, per batch one sealing audit row. Not for use outside src/db/.
 */
#ifndef HOSO_IMPORT_BATCH_H
#define HOSO_IMPORT_BATCH_H
#include "db/db.h"
#include <stdint.h>

/* The seals' entity: without the ':' of the rows' own "person_item:<kind>". */
#define IMPORT_BATCH_ENTITY "person_item"
/* Bytes of a row's SHA-256 kept in import_item: the first 16, as a forger must
 * still find a second row with those 128 bits (2^128 work); all 32 cost 90 MB more
 * at 200,000 people. */
#define IMPORT_HASH_BYTES 16
/* What the seal's digest takes of each row: id and line (64-bit big-endian), hash. */
#define IMPORT_ENTRY_BYTES (16 + IMPORT_HASH_BYTES)

struct digest_stream;
struct import_batch {
	struct digest_stream *digest;
	sqlite3_stmt         *insert;		/* into import_item */
	char                 *file;		/* the file's name, for the seal */
	long long             rows;
	int64_t               first_item, last_item;
	long                  first_line, last_line;
};

/* NULL (and *err) if the statement cannot be made. */
struct import_batch *import_batch_new(struct db *db, const char *file, char **err);
void import_batch_free(struct import_batch *b);
/* One row written (inside the caller's transaction): its line and hash kept. */
int  import_batch_add(struct db *db, struct import_batch *b, int64_t item_id, long line,
    const unsigned char hash[32], char **err);
/* The seal of the rows added since the last one (none: nothing written), in the same
 * transaction as they. */
int  import_batch_seal(struct db *db, const struct actor *who, struct import_batch *b,
    char **err);
/* Forget the rows added since the last seal (their transaction was rolled back). */
void import_batch_discard(struct import_batch *b);
/* One row as the seal's digest takes it. */
void import_batch_entry(int64_t item_id, int64_t line, const unsigned char *hash,
    unsigned char out[IMPORT_ENTRY_BYTES]);

/* A seal as hoso check finds it: its audit row, its range of items, and whether the
 * kept rows of that range still make its digest. */
struct import_seal {
	int64_t seq, first_item, last_item;
	int     intact;
};
/* Every seal, by first item, each recomputed from import_item (check_seals.c). */
int  import_seals_check(struct db *db, struct import_seal **out, int *n, char **err);
#endif
