/*
 * hoso check's side of import_batch.c: each seal's digest recomputed from the rows
 * of import_item in its range. A kept hash or line changed, added or removed in the
 * range breaks the seal; the seal itself is vouched for by the audit chain.
 */
#include "db/import_batch.h"
#include "db/db_internal.h"
#include "core/digest.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
seal_recompute(struct db *db, sqlite3_stmt *rows, struct digest_stream *d,
    const struct import_seal *s, char out[65], char **err)
{
	sqlite3_bind_int64(rows, 1, s->first_item);
	sqlite3_bind_int64(rows, 2, s->last_item);
	int r;
	while ((r = sqlite3_step(rows)) == SQLITE_ROW) {
		unsigned char entry[IMPORT_ENTRY_BYTES], hash[IMPORT_HASH_BYTES] = {0};
		const void *blob = sqlite3_column_blob(rows, 2);
		int len = sqlite3_column_bytes(rows, 2);
		/* A hash of another length cannot match: any bytes will do. */
		if (blob != NULL)
			memcpy(hash, blob, len < IMPORT_HASH_BYTES ? (size_t)len : sizeof hash);
		if (len != IMPORT_HASH_BYTES)
			hash[0] ^= 0xff;
		import_batch_entry(sqlite3_column_int64(rows, 0), sqlite3_column_int64(rows, 1),
		    hash, entry);
		digest_stream_add(d, entry, sizeof entry);
	}
	sqlite3_reset(rows);
	if (r != SQLITE_DONE)
		return db_fail(db, err);
	digest_stream_hex(d, out);
	return DB_OK;
}

int
import_seals_check(struct db *db, struct import_seal **out, int *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *seals = NULL, *rows = NULL;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT seq, row_hash,"
	    " CAST(json_extract(after, '$.first_item') AS INTEGER),"
	    " CAST(json_extract(after, '$.last_item') AS INTEGER)"
	    " FROM audit WHERE entity = '" IMPORT_BATCH_ENTITY "' AND action = 'import'"
	    " AND row_hash IS NOT NULL ORDER BY 3, seq", -1, &seals, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db_sqlite(db), "SELECT item_id, line, hash FROM import_item"
	    " WHERE item_id BETWEEN ?1 AND ?2 ORDER BY item_id", -1, &rows, NULL) != SQLITE_OK) {
		sqlite3_finalize(seals);
		return db_fail(db, err);
	}
	struct digest_stream *d = digest_stream_new();
	if (d == NULL)
		abort();
	struct import_seal *v = NULL;
	int count = 0, cap = 0, rc = DB_OK, r;
	while (rc == DB_OK && (r = sqlite3_step(seals)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		struct import_seal *s = &v[count++];
		s->seq = sqlite3_column_int64(seals, 0);
		s->first_item = sqlite3_column_int64(seals, 2);
		s->last_item = sqlite3_column_int64(seals, 3);
		char want[65], have[65];
		snprintf(want, sizeof want, "%s", (const char *)sqlite3_column_text(seals, 1));
		rc = seal_recompute(db, rows, d, s, have, err);
		s->intact = rc == DB_OK && strcmp(want, have) == 0;
	}
	if (rc == DB_OK && r != SQLITE_DONE)
		rc = db_fail(db, err);
	digest_stream_free(d);
	sqlite3_finalize(seals);
	sqlite3_finalize(rows);
	if (rc != DB_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n = count;
	return DB_OK;
}
