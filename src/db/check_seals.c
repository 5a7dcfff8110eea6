/*
 * hoso check's side of import_batch.c: the kept rows of every sealed batch, in item
 * order, one batch in memory at a time. Each batch's packed rows are hashed again
 * and compared with its seal's row_hash (an audit row, vouched for by the keyed
 * chain): a kept hash or line changed, added or removed breaks the seal, and every
 * row it covered is then unvouched.
 */
#include "db/import_batch.h"
#include "db/db_internal.h"
#include "core/digest.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seal {
	int64_t seq, first_item, last_item;
	char    want[65];
};

struct kept_rows {
	struct db     *db;
	struct seal   *seals;
	int            n, at;	/* seals[at] is the batch being read */
	sqlite3_stmt  *batch;
	unsigned char *rows;	/* its packed rows */
	size_t         len, pos;
	int            loaded, intact;
	int64_t        id, last_id;
	uint64_t       line;
	unsigned char  hash[IMPORT_HASH_BYTES];
};

int
kept_rows_open(struct db *db, struct kept_rows **out, char **err)
{
	*out = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT seq, row_hash,"
	    " CAST(json_extract(after, '$.first_item') AS INTEGER),"
	    " CAST(json_extract(after, '$.last_item') AS INTEGER)"
	    " FROM audit WHERE entity = '" IMPORT_BATCH_ENTITY "' AND action = 'import'"
	    " AND row_hash IS NOT NULL ORDER BY 3, seq", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	struct kept_rows *k = xcalloc(1, sizeof *k);
	k->db = db;
	int cap = 0, r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (k->n == cap) {
			cap = cap ? cap * 2 : 64;
			k->seals = xrealloc(k->seals, sizeof *k->seals * (size_t)cap);
		}
		struct seal *s = &k->seals[k->n++];
		s->seq = sqlite3_column_int64(st, 0);
		snprintf(s->want, sizeof s->want, "%s", (const char *)sqlite3_column_text(st, 1));
		s->first_item = sqlite3_column_int64(st, 2);
		s->last_item = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE || sqlite3_prepare_v2(db_sqlite(db), "SELECT first_item,"
	    " last_item, rows FROM import_batch WHERE seq = ?", -1, &k->batch, NULL) !=
	    SQLITE_OK) {
		kept_rows_free(k);
		return db_fail(db, err);
	}
	*out = k;
	return DB_OK;
}

/* Seal at's packed rows into memory, and whether they are what it sealed. */
static int
load_batch(struct kept_rows *k, char **err)
{
	const struct seal *s = &k->seals[k->at];
	sqlite3_bind_int64(k->batch, 1, s->seq);
	int r = sqlite3_step(k->batch);
	k->len = k->pos = 0;
	k->intact = 0;
	if (r == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(k->batch, 2);
		k->len = (size_t)sqlite3_column_bytes(k->batch, 2);
		k->rows = xrealloc(k->rows, k->len + 1);
		if (k->len > 0)
			memcpy(k->rows, blob, k->len);
		char have[65];
		digest_sha256_hex(k->rows, k->len, have);
		k->intact = strcmp(have, s->want) == 0 &&
		    sqlite3_column_int64(k->batch, 0) == s->first_item &&
		    sqlite3_column_int64(k->batch, 1) == s->last_item;
	}
	sqlite3_reset(k->batch);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return db_fail(k->db, err);
	k->loaded = 1;
	k->id = 0;
	k->line = 0;
	return DB_OK;
}

static int
get_varint(struct kept_rows *k, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; k->pos < k->len && shift < 64; shift += 7) {
		unsigned char b = k->rows[k->pos++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 1;
	}
	return 0;
}

int
kept_rows_next(struct kept_rows *k, int64_t *id, const unsigned char **hash,
    int64_t *seal_seq, int *intact, char **err)
{
	for (;;) {
		if (!k->loaded) {
			if (k->at == k->n)
				return 0;
			if (load_batch(k, err) != DB_OK)
				return -1;
		}
		uint64_t step, line;
		if (k->pos < k->len && get_varint(k, &step) && get_varint(k, &line) &&
		    k->len - k->pos >= IMPORT_HASH_BYTES) {
			memcpy(k->hash, k->rows + k->pos, IMPORT_HASH_BYTES);
			k->pos += IMPORT_HASH_BYTES;
			k->id += (int64_t)step;
			k->line += line;
			/* Out of order only if tampered with (the seal is broken then):
			 * skipped, so that the merge with the table stays in order. */
			if (k->id <= k->last_id)
				continue;
			k->last_id = k->id;
			*id = k->id;
			*hash = k->hash;
			*seal_seq = k->seals[k->at].seq;
			*intact = k->intact;
			return 1;
		}
		k->loaded = 0;
		k->at++;
	}
}

void
kept_rows_free(struct kept_rows *k)
{
	if (k == NULL)
		return;
	sqlite3_finalize(k->batch);
	free(k->seals);
	free(k->rows);
	free(k);
}
