/*
 * CSV import of sub-records: id_number,kind,date_from,date_to,data where data is a
 * JSON object of the kind's form fields. Used to load agencies' histories and the
 * national-scale benchmark data. Same all-or-nothing / skip-bad rules as people.
 *
 * The audit keeps no copy of an imported row: its line and hash are kept, packed
 * per batch of BATCH_ROWS rows under one sealing audit row (import_batch.c); the
 * import's own audit row names the file's SHA-256, hashed as it is read. With
 * --skip-bad each batch is committed with its seal, so an interrupted or killed
 * import leaves whole sealed batches. Rows are read and checked on other threads
 * (import_items_check.c); this one looks up their owners and writes.
 */
#include "db/import.h"
#include "core/clock.h"
#include "db/import_internal.h"
#include "db/audit.h"
#include "db/import_batch.h"
#include "db/import_items_check.h"
#include "core/digest.h"
#include "db/db_internal.h"
#include "db/person_internal.h"
#include "db/role.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BATCH_ROWS 50000

static void
file_hash_add(void *ctx, const void *bytes, size_t len)
{
	digest_stream_add(ctx, bytes, len);
}

static void
item_bad(const struct import_opts *opts, struct import_report *rep, long line,
    const char *why, char **fl, int nf)
{
	rep->rejected++;
	if (opts->report != NULL && rep->rejected <= 2000)
		fprintf(opts->report, _("%s line %ld: %s\n"), opts->filename, line, why);
	if (opts->reject != NULL) {
		for (int i = 0; i < nf; i++)
			csv_write_field(opts->reject, fl[i], ',');
		csv_write_field(opts->reject, why, '\n');
	}
}

/* What one import holds for its rows: statements prepared once (not looked up per
 * row), the batch being sealed, its time. */
struct item_loader {
	struct db           *db;
	struct actor         imp;		/* the import's actor, session "import:<file>" */
	sqlite3_stmt        *insert;
	sqlite3_stmt        *owner;		/* a person by ID number, with its agency */
	struct import_batch *batch;
	char                 now[32];		/* the batch's time, stamped on its rows */
	int                  rollback_journal;	/* switched from the WAL for the import */
};

static int
loader_open(struct item_loader *L, struct db *db, const struct actor *who,
    const char *file, char **err)
{
	L->db = db;
	L->imp = *who;
	snprintf(L->imp.session, sizeof L->imp.session, "import:%.56s", file);
	/* New rows are appended: pages are written once with a rollback journal, twice
	 * through the WAL. Only with the database to ourselves. */
	L->rollback_journal = import_journal_rollback(db);
	if (!L->rollback_journal)
		import_journal_wal(db);
	/* The rows go to the right edge of two tables and of one index, in person
	 * order: a cache bigger than those edges only costs memory (512 MiB here made
	 * the process 536 MiB for no gain). */
	sqlite3_exec(db_sqlite(db), "PRAGMA cache_size = -65536", NULL, NULL, NULL);
	db_now(L->now);
	if (sqlite3_prepare_v2(db_sqlite(db), "INSERT INTO person_item (person_id, kind,"
	    " date_from, date_to, data, updated_at, updated_by) VALUES (?1,?2,?3,?4,?5,?6,?7)",
	    -1, &L->insert, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db_sqlite(db), "SELECT p.id, o.path FROM person p JOIN org o"
	    " ON o.id = p.org_id WHERE p.id_number = ?", -1, &L->owner, NULL) != SQLITE_OK)
		return db_fail(db, err);
	L->batch = import_batch_new(db, file, err);
	return L->batch != NULL ? DB_OK : DB_ERROR;
}

static void
loader_close(struct item_loader *L)
{
	sqlite3_finalize(L->insert);
	sqlite3_finalize(L->owner);
	import_batch_free(L->batch);
	db_bulk(L->db, 0);
	if (L->rollback_journal)
		import_journal_wal(L->db);
}

/* The person a row's sub-record goes under: one of who's scope, found in one
 * statement (some 200,000 look-ups for as many people). A person recorded under
 * another agency gets the same answer as one not recorded at all. */
static int
loader_owner(struct item_loader *L, const struct actor *who, const char *id_number,
    int64_t *pid, char **err)
{
	sqlite3_stmt *st = L->owner;
	sqlite3_bind_text(st, 1, id_number, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	int ok = r == SQLITE_ROW && db_scope_covers(who, (const char *)sqlite3_column_text(st, 1));
	*pid = ok ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return db_fail(L->db, err);
	if (!ok) {
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return DB_NOTFOUND;
	}
	return DB_OK;
}

/* One checked row into person_item, its line and hash into the batch. */
static int
loader_write(struct item_loader *L, int64_t pid, const char *kind, const char *from,
    const char *to, const char *data, long line, char **err)
{
	sqlite3_stmt *st = L->insert;
	sqlite3_bind_int64(st, 1, pid);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, from);
	db_bind_text_or_null(st, 4, to);
	sqlite3_bind_text(st, 5, data, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, L->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, L->imp.username, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return db_fail(L->db, err);
	unsigned char hash[32];
	item_content_hash_bin(pid, kind, from, to, data, hash);
	import_batch_add(L->batch, sqlite3_last_insert_rowid(db_sqlite(L->db)), line, hash);
	return DB_OK;
}

/* The batch sealed; with commit, committed and a new transaction begun. */
static int
loader_batch_end(struct item_loader *L, int commit, char **err)
{
	int rc = import_batch_seal(L->db, &L->imp, L->batch, err);
	if (rc == DB_OK && commit && (rc = db_commit(L->db, err)) == DB_OK)
		rc = db_begin(L->db, err);
	db_now(L->now);
	return rc;
}

static int
header_ok(char **fl, int nf)
{
	static const char *const cols[] = {"id_number", "kind", "date_from", "date_to", "data"};
	if (nf != 5)
		return 0;
	for (int i = 0; i < 5; i++)
		if (strcasecmp(fl[i], cols[i]) != 0)
			return 0;
	return 1;
}

int
db_import_items(struct db *db, const struct actor *who, FILE *in,
    const struct import_opts *opts, struct import_report *rep, char **err)
{
	*err = NULL;
	memset(rep, 0, sizeof *rep);
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	double t0 = clock_mono_s();
	struct csv *c = csv_open(in);
	struct digest_stream *file_hash = digest_stream_new();
	csv_on_block(c, file_hash_add, file_hash);
	char **hdr;
	int nh;
	if (csv_read(c, &hdr, &nh) != 1 || !header_ok(hdr, nh)) {
		*err = xasprintf(_("%s: the header must be id_number,kind,date_from,date_to,data"),
		    opts->filename);
		csv_free(c);
		digest_stream_free(file_hash);
		return DB_INVALID;
	}
	if (opts->reject != NULL)
		fputs("id_number,kind,date_from,date_to,data,reason\n", opts->reject);
	struct item_loader L = {0};
	int rc = loader_open(&L, db, who, import_file_name(opts->filename), err);
	if (rc == DB_OK)
		rc = db_begin(db, err);
	int writing = rc == DB_OK;
	struct item_pipe *pipe = rc == DB_OK ? item_pipe_start(c, opts->stop, err) : NULL;
	if (rc == DB_OK && pipe == NULL)
		rc = DB_ERROR;
	long long in_batch = 0;
	/* Consecutive rows usually belong to the same person: remember the last one. */
	char last_id[16] = "";
	int64_t last_pid = 0;
	struct item_row row;
	while (rc == DB_OK && item_pipe_next(pipe, &row)) {
		if (opts->stop != NULL && *opts->stop)
			break;
		char **fl = row.fields;
		rep->read++;
		int64_t pid = last_pid;
		if (row.nf == 5 && strcmp(fl[0], last_id) != 0) {
			char *e = NULL;
			int found = loader_owner(&L, who, fl[0], &pid, &e);
			if (found == DB_ERROR) {
				*err = e;
				rc = DB_ERROR;
				break;
			}
			if (found != DB_OK) {
				item_bad(opts, rep, row.line, e, fl, row.nf);
				free(e);
				continue;
			}
			snprintf(last_id, sizeof last_id, "%s", fl[0]);
			last_pid = pid;
		}
		if (row.bad != NULL)
			item_bad(opts, rep, row.line, row.bad, fl, row.nf);
		else if (writing) {
			rc = loader_write(&L, pid, fl[1], row.from, row.to, row.data, row.line, err);
			if (rc == DB_OK)
				rep->written++;
			if (rc == DB_OK && ++in_batch >= BATCH_ROWS) {
				in_batch = 0;
				rc = loader_batch_end(&L, opts->skip_bad, err);
				if (rc == DB_OK && opts->skip_bad)
					rep->kept = rep->written;
			}
		}
		if (rep->rejected > 0 && !opts->skip_bad)
			writing = 0;
		if (opts->progress != NULL && (rep->read & 4095) == 0) {
			struct import_progress p = {rep->read, row.bytes, opts->total_bytes, 2};
			opts->progress(&p, opts->progress_ctx);
		}
	}
	item_pipe_stop(pipe);
	if (opts->stop != NULL && *opts->stop)
		rep->interrupted = true;
	csv_free(c);
	char file_sha[65];
	digest_stream_hex(file_hash, file_sha);
	digest_stream_free(file_hash);
	if (rc == DB_OK && writing)
		rc = loader_batch_end(&L, 0, err);
	if (rc != DB_OK || (!opts->skip_bad && (rep->rejected > 0 || rep->interrupted))) {
		db_rollback(db);
		rep->rolled_back = rc == DB_OK && rep->rejected > 0;
		rep->written = 0;
	} else {
		char items[24], rejected[24];
		snprintf(items, sizeof items, "%lld", rep->written);
		snprintf(rejected, sizeof rejected, "%lld", rep->rejected);
		/* The file's hash only when it was read to its end. */
		char *detail = json_object_new("file", opts->filename, "items", items,
		    "rejected", rejected, rep->interrupted ? NULL : "sha256", file_sha, NULL);
		rc = db_audit(db, who, "import", "person_item", 0, NULL, detail, err);
		free(detail);
		rc = rc == DB_OK ? db_commit(db, err) : (db_rollback(db), rc);
		if (rc == DB_OK)
			rep->kept = rep->written;
	}
	loader_close(&L);
	rep->seconds = clock_mono_s() - t0;
	return rc;
}
