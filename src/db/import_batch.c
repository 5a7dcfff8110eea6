/*
 * What a bulk import of sub-records keeps for the audit: per row, the file's line it
 * came from and the content hash of the row as written, packed per batch into one
 * row of import_batch; and per batch one audit row that seals them. The seal's
 * row_hash is the SHA-256 of the packed rows and its "after" names the file and the
 * ranges of items and lines, so the keyed chain vouches for every kept hash: hoso
 * check recomputes each seal, then each live row's hash against its kept one
 * (check_seals.c, check.c).
 *
 * A copy of each row in the audit trail doubled the database; a row of import_item
 * per sub-record cost a second B-tree insert per row and 29 bytes; packed, a row
 * costs some 19 bytes and nothing but the copy into memory. A batch is also the
 * unit a --skip-bad import commits, so a kill leaves whole batches, each sealed.
 */
#include "db/import_batch.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "core/digest.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
put_varint(struct strbuf *sb, uint64_t v)
{
	while (v >= 0x80) {
		sb_addc(sb, (char)(0x80 | (v & 0x7f)));
		v >>= 7;
	}
	sb_addc(sb, (char)v);
}

struct import_batch *
import_batch_new(struct db *db, const char *file, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "INSERT INTO import_batch (seq, first_item,"
	    " last_item, rows) VALUES (?,?,?,?)", -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, err);
		return NULL;
	}
	struct import_batch *b = xcalloc(1, sizeof *b);
	sb_init(&b->rows);
	b->file = xstrdup(file);
	b->insert = st;
	return b;
}

void
import_batch_free(struct import_batch *b)
{
	if (b == NULL)
		return;
	sb_free(&b->rows);
	sqlite3_finalize(b->insert);
	free(b->file);
	free(b);
}

void
import_batch_add(struct import_batch *b, int64_t item_id, long line,
    const unsigned char hash[32])
{
	if (b->n++ == 0) {
		b->rows.len = 0;
		b->first_item = item_id;
		b->first_line = line;
		put_varint(&b->rows, (uint64_t)item_id);
		put_varint(&b->rows, (uint64_t)line);
	} else {
		/* Ids and lines only grow within a batch. */
		put_varint(&b->rows, (uint64_t)(item_id - b->last_item));
		put_varint(&b->rows, (uint64_t)(line - b->last_line));
	}
	sb_addn(&b->rows, (const char *)hash, IMPORT_HASH_BYTES);
	b->last_item = item_id;
	b->last_line = line;
}

int
import_batch_seal(struct db *db, const struct actor *who, struct import_batch *b,
    char **err)
{
	if (b->n == 0)
		return DB_OK;
	char v[5][24], seal[65];
	snprintf(v[0], sizeof v[0], "%lld", (long long)b->first_item);
	snprintf(v[1], sizeof v[1], "%lld", (long long)b->last_item);
	snprintf(v[2], sizeof v[2], "%ld", b->first_line);
	snprintf(v[3], sizeof v[3], "%ld", b->last_line);
	snprintf(v[4], sizeof v[4], "%lld", b->n);
	digest_sha256_hex(b->rows.buf, b->rows.len, seal);
	char *after = json_object_new("file", b->file, "first_item", v[0], "last_item", v[1],
	    "first_line", v[2], "last_line", v[3], "rows", v[4], NULL);
	int rc = db_audit_row(db, who, "import", IMPORT_BATCH_ENTITY, 0, NULL, after, seal,
	    err);
	free(after);
	b->n = 0;
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st = b->insert;
	sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(db_sqlite(db)));
	sqlite3_bind_int64(st, 2, b->first_item);
	sqlite3_bind_int64(st, 3, b->last_item);
	sqlite3_bind_blob(st, 4, b->rows.buf, (int)b->rows.len, SQLITE_STATIC);
	int r = sqlite3_step(st);
	sqlite3_reset(st);
	return r == SQLITE_DONE ? DB_OK : db_fail(db, err);
}
