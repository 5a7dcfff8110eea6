/*
 * What a bulk import of sub-records keeps for the audit: per row, the file's line it
 * came from and the content hash of the row as written (import_item), and per batch
 * one audit row that seals them. The seal's row_hash is the SHA-256 of the batch's
 * (item id, line, hash) in id order, and its "after" names the file and the ranges
 * of items and lines, so the keyed chain vouches for every kept hash: hoso check
 * recomputes each seal from import_item, then each live row's hash against its kept
 * one (check_items.c).
 *
 * A copy of each row in the audit trail doubled the database; a hash and a line
 * cost about a sixth of a row. A batch is also the unit a --skip-bad import commits,
 * so a kill leaves whole batches, each sealed.
 */
#include "db/import_batch.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "core/digest.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
put_be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)v;
		v >>= 8;
	}
}

void
import_batch_entry(int64_t item_id, int64_t line, const unsigned char *hash,
    unsigned char out[IMPORT_ENTRY_BYTES])
{
	put_be64(out, (uint64_t)item_id);
	put_be64(out + 8, (uint64_t)line);
	memcpy(out + 16, hash, IMPORT_HASH_BYTES);
}

struct import_batch *
import_batch_new(struct db *db, const char *file, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "INSERT INTO import_item (item_id, line, hash)"
	    " VALUES (?,?,?)", -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, err);
		return NULL;
	}
	struct import_batch *b = xcalloc(1, sizeof *b);
	b->digest = digest_stream_new();
	if (b->digest == NULL)
		abort();	/* no SHA-256: no audit trail can be written */
	b->file = xstrdup(file);
	b->insert = st;
	return b;
}

void
import_batch_free(struct import_batch *b)
{
	if (b == NULL)
		return;
	digest_stream_free(b->digest);
	sqlite3_finalize(b->insert);
	free(b->file);
	free(b);
}

int
import_batch_add(struct db *db, struct import_batch *b, int64_t item_id, long line,
    const unsigned char hash[32], char **err)
{
	sqlite3_stmt *st = b->insert;
	sqlite3_bind_int64(st, 1, item_id);
	sqlite3_bind_int64(st, 2, line);
	sqlite3_bind_blob(st, 3, hash, IMPORT_HASH_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	unsigned char entry[IMPORT_ENTRY_BYTES];
	import_batch_entry(item_id, line, hash, entry);
	digest_stream_add(b->digest, entry, sizeof entry);
	if (b->rows++ == 0) {
		b->first_item = item_id;
		b->first_line = line;
	}
	b->last_item = item_id;
	b->last_line = line;
	return DB_OK;
}

int
import_batch_seal(struct db *db, const struct actor *who, struct import_batch *b,
    char **err)
{
	if (b->rows == 0)
		return DB_OK;
	char v[5][24], seal[65];
	snprintf(v[0], sizeof v[0], "%lld", (long long)b->first_item);
	snprintf(v[1], sizeof v[1], "%lld", (long long)b->last_item);
	snprintf(v[2], sizeof v[2], "%ld", b->first_line);
	snprintf(v[3], sizeof v[3], "%ld", b->last_line);
	snprintf(v[4], sizeof v[4], "%lld", b->rows);
	digest_stream_hex(b->digest, seal);
	char *after = json_object_new("file", b->file, "first_item", v[0], "last_item", v[1],
	    "first_line", v[2], "last_line", v[3], "rows", v[4], NULL);
	int rc = db_audit_row(db, who, "import", IMPORT_BATCH_ENTITY, 0, NULL, after, seal,
	    err);
	free(after);
	b->rows = 0;
	return rc;
}

void
import_batch_discard(struct import_batch *b)
{
	char scrap[65];
	digest_stream_hex(b->digest, scrap);
	b->rows = 0;
}
