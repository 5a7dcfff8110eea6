/*
 * The first load of a register: people into an empty person table, with nobody
 * else connected (the national load, or an agency's first file).
 *
 * Checking a row (normalising, code lists, ID number rules) costs about as much as
 * writing it, and does not need the database: worker threads check chunks of rows
 * while this thread writes the ones already checked, in file order. So there is one
 * pass over the file instead of two, on every core.
 *
 * All of it is one transaction, written with a rollback journal instead of the WAL:
 * the pages of an empty table are new, so the journal holds almost nothing and
 * every page is written once (through the WAL, twice). Nothing is committed until
 * the end, so all-or-nothing needs no first pass: a bad row stops the writing, the
 * checking goes on to report every bad row, and the transaction is rolled back. An
 * interruption or kill -9 leaves the database as it was (the next open rolls the
 * journal back). The secondary indexes are dropped in the same transaction and built
 * at the end by sorting, with the sorter's threads.
 *
 * Switching the journal needs the database to itself: when another connection has
 * it open (hoso serve, a clerk), the caller loads in batches instead (import.c).
 */
#define _GNU_SOURCE	/* pthread_setname_np: names in top -H and perf */
#include "db/import_internal.h"
#include "core/clock.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/org_internal.h"
#include "db/person_internal.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/xalloc.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_ROWS   256	/* rows a worker takes at a time */
#define MAX_CHUNKS   64		/* chunks read ahead of the writer */
#define MAX_WORKERS  8
/* A good row's strings: the written columns but org_id (in org_id[]), in person_cols
 * order, then the audit row's after. */
#define ROW_STRINGS  PERSON_NWRITTEN
#define ROW_AUDIT    (ROW_STRINGS - 1)

enum row_state { ROW_GOOD, ROW_BAD, ROW_CSV_BAD, ROW_FAILED };

/* Rows of the file as read, then as checked. Strings are offsets into buffers that
 * grow while the chunk is filled; pointers are taken only once it is complete. */
struct chunk {
	int            n;
	long           line[CHUNK_ROWS];
	int            nf[CHUNK_ROWS];
	size_t         first_field[CHUNK_ROWS];	/* index into field_at */
	const char    *csv_error[CHUNK_ROWS];
	struct strbuf  raw;			/* field bytes, NUL-separated */
	size_t        *field_at;		/* offset of each field in raw */
	size_t         nfield, capfield;
	/* Filled by the worker. */
	enum row_state state[CHUNK_ROWS];
	size_t         out_at[CHUNK_ROWS];	/* good: ROW_STRINGS strings; else a message */
	int64_t        org_id[CHUNK_ROWS];
	unsigned long long idnum[CHUNK_ROWS];
	struct strbuf  out;
	int            checked;
	struct chunk  *next_spare;
};

/* Agencies by code, loaded once: the workers must not use the connection. */
struct org_map {
	char   **code, **path;
	char   **closed;	/* why the agency takes nobody (merged, closed), or NULL */
	int64_t *id;
	int      n;
	int     *slot;	/* index + 1; 0 empty */
	size_t   nslot;
};

struct loader {
	struct importer *im;
	struct org_map   orgs;
	pthread_mutex_t  mu;
	pthread_cond_t   work, done, room;
	struct chunk    *ring[MAX_CHUNKS];
	long long        next_read, next_check, next_write;	/* chunk sequence numbers */
	int              eof;		/* the reader has queued its last chunk */
	int              stopped;	/* ... because the stop flag was set */
	int              quit;		/* the writer failed or was interrupted */
	long long        bytes;		/* of the file consumed, for progress */
	FILE            *in;
	sqlite3_stmt    *insert;	/* the writer's, prepared once */
	struct load_bind {		/* its parameters' values, in order, */
		int slot;		/* from a row's strings, or -1: org_id[] */
		int null_if_empty;
	}                bind[PERSON_NWRITTEN];	/* worked out once */
	struct chunk    *spare;		/* written chunks, kept for their buffers */
	int              file;		/* the database file, read-only: see writeback */
};

/*
 * Start the pages written so far on their way to the disk, without waiting: the
 * commit's fdatasync then finds little left to write (2.5 million people: 1.7 s
 * at the end otherwise, with nothing else to do). Advice only; the commit still
 * syncs everything.
 */
static void
writeback(const struct loader *L)
{
#ifdef __linux__
	if (L->file >= 0)
		sync_file_range(L->file, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)L;
#endif
}

static int
org_map_load(struct db *db, struct org_map *m, char **err)
{
	sqlite3_stmt *st;
	memset(m, 0, sizeof *m);
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT o.id, o.code, o.path, o.valid_to,"
	    " m.code FROM org o LEFT JOIN org m ON m.id = o.merged_into", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(db, err);
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (m->n == cap) {
			cap = cap ? cap * 2 : 1024;
			m->code = xrealloc(m->code, sizeof(char *) * (size_t)cap);
			m->path = xrealloc(m->path, sizeof(char *) * (size_t)cap);
			m->id = xrealloc(m->id, sizeof(int64_t) * (size_t)cap);
			m->closed = xrealloc(m->closed, sizeof(char *) * (size_t)cap);
		}
		m->id[m->n] = sqlite3_column_int64(st, 0);
		m->code[m->n] = xstrdup((const char *)sqlite3_column_text(st, 1));
		m->path[m->n] = xstrdup((const char *)sqlite3_column_text(st, 2));
		m->closed[m->n] = org_closed_message_new(m->code[m->n],
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4));
		m->n++;
	}
	sqlite3_finalize(st);
	m->nslot = 16;
	while (m->nslot < (size_t)m->n * 2)
		m->nslot *= 2;
	m->slot = xcalloc(m->nslot, sizeof(int));
	for (int i = 0; i < m->n; i++) {
		size_t k = str_hash(m->code[i]) & (m->nslot - 1);
		while (m->slot[k])
			k = (k + 1) & (m->nslot - 1);
		m->slot[k] = i + 1;
	}
	return DB_OK;
}

static void
org_map_free(struct org_map *m)
{
	for (int i = 0; i < m->n; i++) {
		free(m->code[i]);
		free(m->path[i]);
		free(m->closed[i]);
	}
	free(m->closed);
	free(m->code);
	free(m->path);
	free(m->id);
	free(m->slot);
}

/* person_org_fn over the map. */
static int
org_map_find(void *ctx, const char *code, int64_t *id, const char **path, char **err)
{
	const struct org_map *m = ctx;
	for (size_t k = str_hash(code) & (m->nslot - 1); m->slot[k];
	    k = (k + 1) & (m->nslot - 1)) {
		int i = m->slot[k] - 1;
		if (strcmp(m->code[i], code) == 0) {
			if (m->closed[i] != NULL) {
				*err = xstrdup(m->closed[i]);
				return DB_NOTFOUND;
			}
			*id = m->id[i];
			*path = m->path[i];
			return DB_OK;
		}
	}
	*err = xasprintf(_("no agency has the code %s"), code);
	return DB_NOTFOUND;
}

static struct chunk *
chunk_new(void)
{
	struct chunk *c = xcalloc(1, sizeof *c);
	sb_init(&c->raw);
	sb_init(&c->out);
	return c;
}

static void
chunk_free(struct chunk *c)
{
	if (c == NULL)
		return;
	sb_free(&c->raw);
	sb_free(&c->out);
	free(c->field_at);
	free(c);
}

/* A chunk to fill: a written one when there is one (reusing its buffers spares
 * malloc fresh pages and their faults), else a new one. */
static struct chunk *
chunk_take(struct loader *L)
{
	pthread_mutex_lock(&L->mu);
	struct chunk *c = L->spare;
	if (c != NULL)
		L->spare = c->next_spare;
	pthread_mutex_unlock(&L->mu);
	if (c == NULL)
		return chunk_new();
	c->n = 0;
	c->raw.len = 0;
	c->out.len = 0;
	c->nfield = 0;
	c->checked = 0;
	c->next_spare = NULL;
	return c;
}

/* The fields of row r, as pointers (fields must hold nf[r] entries). */
static void
chunk_fields(const struct chunk *c, int r, char **fields)
{
	for (int i = 0; i < c->nf[r]; i++)
		fields[i] = c->raw.buf + c->field_at[c->first_field[r] + (size_t)i];
}

/* The record csv has just read (fl, nf) as row n of the chunk: its fields are one
 * block of bytes, copied at once. */
static void
chunk_add_row(struct chunk *c, const struct csv *csv, long line, char **fl, int nf,
    const char *csv_error)
{
	int r = c->n++;
	c->line[r] = line;
	c->nf[r] = nf;
	c->csv_error[r] = csv_error;
	c->first_field[r] = c->nfield;
	if (nf == 0)
		return;
	size_t len;
	const char *block = csv_record_bytes(csv, &len);
	size_t base = c->raw.len;
	sb_addn(&c->raw, block, len);
	for (int i = 0; i < nf; i++) {
		if (c->nfield == c->capfield) {
			c->capfield = c->capfield ? c->capfield * 2 : 64 * CHUNK_ROWS;
			c->field_at = xrealloc(c->field_at, sizeof(size_t) * c->capfield);
		}
		c->field_at[c->nfield++] = base + (size_t)(fl[i] - block);
	}
}

/*
 * The writer is the one thread that cannot be helped, so the others give way to it:
 * when they are ahead they wait for room anyway, and when the cores are short it
 * should be them that wait. (On Linux, nice applies to the calling thread.)
 */
static void
yield_to_writer(void)
{
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
}

/* Reader thread: the file into chunks, in order. */
static void *
read_rows(void *arg)
{
	struct loader *L = arg;
	const struct import_opts *o = L->im->opts;
	pthread_setname_np(pthread_self(), "hoso-read");
	yield_to_writer();
	struct csv *c = csv_open(L->in);
	char **fl;
	int nf, r;
	struct chunk *ch = NULL;
	csv_read(c, &fl, &nf);	/* the header, already checked */
	for (;;) {
		r = csv_read(c, &fl, &nf);
		int stop = r == 0 || (o->stop != NULL && *o->stop);
		if (!stop && r > 0 && nf == 1 && fl[0][0] == '\0')
			continue;	/* a blank line */
		if (!stop) {
			if (ch == NULL)
				ch = chunk_take(L);
			chunk_add_row(ch, c, csv_line(c), fl, r < 0 ? 0 : nf, r < 0 ? csv_error(c) : NULL);
		}
		if (ch != NULL && (stop || ch->n == CHUNK_ROWS)) {
			pthread_mutex_lock(&L->mu);
			while (!L->quit && L->next_read - L->next_write >= MAX_CHUNKS)
				pthread_cond_wait(&L->room, &L->mu);
			if (L->quit) {
				pthread_mutex_unlock(&L->mu);
				chunk_free(ch);
				ch = NULL;
				break;
			}
			L->ring[L->next_read % MAX_CHUNKS] = ch;
			L->next_read++;
			L->bytes = csv_offset(c);
			pthread_cond_broadcast(&L->work);
			pthread_mutex_unlock(&L->mu);
			ch = NULL;
		}
		if (stop)
			break;
	}
	csv_free(c);
	pthread_mutex_lock(&L->mu);
	L->eof = 1;
	L->stopped = o->stop != NULL && *o->stop;
	pthread_cond_broadcast(&L->work);
	pthread_cond_broadcast(&L->done);
	pthread_mutex_unlock(&L->mu);
	return NULL;
}

/* One row, checked by a worker: its state and strings go to the chunk's out. */
static void
check_one(struct loader *L, struct chunk *ch, int r, struct record *rec, char **fields)
{
	struct importer *im = L->im;
	ch->out_at[r] = ch->out.len;
	if (ch->csv_error[r] != NULL) {
		ch->state[r] = ROW_CSV_BAD;
		sb_adds(&ch->out, _(ch->csv_error[r]));
		sb_addc(&ch->out, '\0');
		return;
	}
	if (ch->nf[r] != im->ncols) {
		ch->state[r] = ROW_CSV_BAD;
		sb_addf(&ch->out, _("%d fields where the header has %d"), ch->nf[r], im->ncols);
		sb_addc(&ch->out, '\0');
		return;
	}
	chunk_fields(ch, r, fields);
	fill_record(im, fields, ch->nf[r], rec, 1);
	struct strbuf problems;
	sb_init(&problems);
	struct person_row row;
	char *err = NULL;
	int rc = person_prepare_with(org_map_find, &L->orgs, im->who, rec, &row, &problems, 1,
	    &err);
	if (rc == DB_OK) {
		ch->state[r] = ROW_GOOD;
		ch->org_id[r] = row.org_id;
		ch->idnum[r] = strtoull(record_get(rec, "id_number"), NULL, 10);
		const char *cols[PERSON_NCOLUMNS];
		for (int i = 0; i < PERSON_NWRITTEN; i++) {
			if (person_cols[i].from == PCOL_ORG_ID)
				continue;
			const char *v = person_col_text(&person_cols[i], rec, &row);
			if (i < PERSON_NCOLUMNS)
				cols[i] = v;
			sb_adds(&ch->out, v ? v : "");
			sb_addc(&ch->out, '\0');
		}
		/* The audit row's "after" too: the writer is the one thread that cannot
		 * be helped, so it gets everything ready-made. */
		char hash[65];
		person_content_hash_of(CONTENT_SHA256, cols, record_get(rec, "org_code"),
		    row.data_json, hash);
		char *after = person_import_after_new(ch->line[r], hash);
		sb_adds(&ch->out, after);
		sb_addc(&ch->out, '\0');
		free(after);
	} else {
		ch->state[r] = rc == DB_INVALID ? ROW_BAD : ROW_FAILED;
		sb_adds(&ch->out, rc == DB_INVALID ? problems.buf : err ? err : "?");
		sb_addc(&ch->out, '\0');
	}
	free(err);
	sb_free(&problems);
	person_row_free(&row);
}

/* Worker thread: check chunks in any order; the writer takes them in order. */
static void *
check_rows(void *arg)
{
	struct loader *L = arg;
	pthread_setname_np(pthread_self(), "hoso-check");
	yield_to_writer();
	struct record *rec = record_new();
	char **fields = xcalloc((size_t)L->im->ncols + 1, sizeof(char *));
	int capf = L->im->ncols + 1;
	for (;;) {
		pthread_mutex_lock(&L->mu);
		while (!L->quit && !L->eof && L->next_check == L->next_read)
			pthread_cond_wait(&L->work, &L->mu);
		if (L->quit || L->next_check == L->next_read) {
			pthread_mutex_unlock(&L->mu);
			break;
		}
		struct chunk *ch = L->ring[L->next_check % MAX_CHUNKS];
		L->next_check++;
		pthread_mutex_unlock(&L->mu);
		for (int r = 0; r < ch->n; r++) {
			if (ch->nf[r] > capf) {
				capf = ch->nf[r];
				fields = xrealloc(fields, sizeof(char *) * (size_t)capf);
			}
			check_one(L, ch, r, rec, fields);
		}
		pthread_mutex_lock(&L->mu);
		ch->checked = 1;
		pthread_cond_broadcast(&L->done);
		pthread_mutex_unlock(&L->mu);
	}
	free(fields);
	record_free(rec);
	return NULL;
}

/* Where each parameter of the insert finds its value in a checked row. */
static void
bind_plan(struct loader *L)
{
	int slot = 0;
	for (int i = 0; i < PERSON_NWRITTEN; i++) {
		bool org = person_cols[i].from == PCOL_ORG_ID;
		L->bind[i].slot = org ? -1 : slot++;
		L->bind[i].null_if_empty = person_cols[i].from == PCOL_FIELD;
	}
}

/* One good row into person, with its audit row. DB_CONFLICT: the ID number is there. */
static int
write_one(struct loader *L, const struct chunk *ch, int r, const char *now, char **err)
{
	struct importer *im = L->im;
	sqlite3_stmt *st = L->insert;
	const char *s[ROW_STRINGS];
	int len[ROW_STRINGS];
	const char *p = ch->out.buf + ch->out_at[r];
	for (int i = 0; i < ROW_STRINGS; i++) {
		s[i] = p;
		len[i] = (int)strlen(p);
		p += len[i] + 1;
	}
	/* The chunk outlives the statement's step: SQLite need not copy the values. */
	for (int i = 0; i < PERSON_NWRITTEN; i++) {
		int k = L->bind[i].slot;
		if (k < 0)
			sqlite3_bind_int64(st, i + 1, ch->org_id[r]);
		else if (len[k] == 0 && L->bind[i].null_if_empty)
			sqlite3_bind_null(st, i + 1);
		else
			sqlite3_bind_text(st, i + 1, s[k], len[k], SQLITE_STATIC);
	}
	sqlite3_bind_text(st, PERSON_P_NOW, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, PERSON_P_BY, im->importer_actor.username, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (db_unique_violation(im->db, rc))
		return DB_CONFLICT;
	if (rc != SQLITE_DONE)
		return db_fail(im->db, err);
	int64_t pid = sqlite3_last_insert_rowid(db_sqlite(im->db));
	return db_audit_at(im->db, &im->importer_actor, now, "import", "person", pid, NULL,
	    s[ROW_AUDIT], err);
}

/* The writer's part of one checked chunk. */
static int
write_chunk(struct loader *L, const struct chunk *ch, struct idset *seen, char **fields,
    char **err)
{
	struct importer *im = L->im;
	char now[32];
	db_now(now);
	for (int r = 0; r < ch->n; r++) {
		im->rep->read++;
		const char *msg = ch->out.buf + ch->out_at[r];
		chunk_fields(ch, r, fields);
		switch (ch->state[r]) {
		case ROW_FAILED:
			*err = xstrdup(msg);
			return DB_ERROR;
		case ROW_CSV_BAD:
			report_bad(im, ch->line[r], NULL, msg, fields, ch->nf[r]);
			continue;
		case ROW_BAD: {
			struct strbuf problems;
			sb_init(&problems);
			sb_adds(&problems, msg);
			report_problems(im, ch->line[r], &problems, fields, ch->nf[r]);
			sb_free(&problems);
			continue;
		}
		case ROW_GOOD:
			break;
		}
		if (!idset_add(seen, ch->idnum[r])) {
			report_bad(im, ch->line[r], "id_number",
			    _("this ID number appears earlier in the file"), fields, ch->nf[r]);
			continue;
		}
		if (im->any_bad && !im->opts->skip_bad)
			continue;	/* it will all be rolled back: only checking now */
		int rc = write_one(L, ch, r, now, err);
		if (rc == DB_CONFLICT)	/* cannot happen in an empty table; still, say so */
			report_bad(im, ch->line[r], "id_number", _("a person with this ID number "
			    "is already recorded (use --update to replace the stored values)"),
			    fields, ch->nf[r]);
		else if (rc != DB_OK)
			return rc;
		else
			im->rep->written++;
	}
	return DB_OK;
}

/* Take checked chunks in file order and write them; DB_OK at the end of the file. */
static int
write_rows(struct loader *L, char **err)
{
	struct importer *im = L->im;
	struct idset seen = {0};
	int capf = im->ncols + 1;
	char **fields = xcalloc((size_t)capf, sizeof(char *));
	double last_progress = 0, last_writeback = clock_mono_s();
	int rc = DB_OK;
	for (;;) {
		pthread_mutex_lock(&L->mu);
		for (;;) {
			if (L->next_write < L->next_read &&
			    L->ring[L->next_write % MAX_CHUNKS]->checked)
				break;
			if (L->eof && L->next_write == L->next_read)
				break;
			pthread_cond_wait(&L->done, &L->mu);
		}
		if (L->next_write == L->next_read) {	/* the end of the file, or of reading */
			im->rep->interrupted = L->stopped;
			pthread_mutex_unlock(&L->mu);
			break;
		}
		struct chunk *ch = L->ring[L->next_write % MAX_CHUNKS];
		long long bytes = L->bytes;
		pthread_mutex_unlock(&L->mu);

		for (int r = 0; r < ch->n; r++)
			if (ch->nf[r] > capf) {
				capf = ch->nf[r];
				fields = xrealloc(fields, sizeof(char *) * (size_t)capf);
			}
		rc = write_chunk(L, ch, &seen, fields, err);

		pthread_mutex_lock(&L->mu);
		ch->next_spare = L->spare;
		L->spare = ch;
		L->ring[L->next_write % MAX_CHUNKS] = NULL;
		L->next_write++;
		pthread_cond_broadcast(&L->room);
		pthread_mutex_unlock(&L->mu);
		if (rc != DB_OK)
			break;
		if (im->opts->stop != NULL && *im->opts->stop) {
			im->rep->interrupted = true;
			break;
		}
		if (clock_mono_s() - last_writeback >= 1.0) {
			writeback(L);
			last_writeback = clock_mono_s();
		}
		if (im->opts->progress != NULL && clock_mono_s() - last_progress >= 0.5) {
			struct import_progress p = {im->rep->read, bytes, im->opts->total_bytes, 2};
			im->opts->progress(&p, im->opts->progress_ctx);
			last_progress = clock_mono_s();
		}
	}
	free(fields);
	free(seen.slots);
	return rc;
}

static int
worker_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

int
import_journal_rollback(struct db *db)
{
	sqlite3 *conn = db_sqlite(db);
	sqlite3_busy_timeout(conn, 0);	/* anyone else there: load in batches, now */
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(conn, "PRAGMA journal_mode=DELETE", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			ok = strcmp((const char *)sqlite3_column_text(st, 0), "delete") == 0;
		sqlite3_finalize(st);
	}
	db_busy_default(db);
	return ok;
}

void
import_journal_wal(struct db *db)
{
	sqlite3_exec(db_sqlite(db), "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}

/* Load the file; nothing is committed unless it all went in (or skip_bad). */
static int
load(struct loader *L, char **err)
{
	struct importer *im = L->im;
	struct db *db = im->db;
	int rc = db_begin(db, err);
	if (rc != DB_OK)
		return rc;
	if (!import_register_empty(db)) {	/* written before we had it to ourselves */
		db_rollback(db);
		return DB_LOCKED;
	}
	/* Counted once at the end, not row by row. */
	if ((rc = db_indexes_defer(db, 1, err)) != DB_OK ||
	    (rc = db_stat_suspend(db, err)) != DB_OK) {
		db_rollback(db);
		return rc;
	}
	bind_plan(L);
	if (sqlite3_prepare_v2(db_sqlite(db), person_sql_insert(), -1, &L->insert, NULL) !=
	    SQLITE_OK) {
		rc = db_fail(db, err);
		db_rollback(db);
		return rc;
	}
	pthread_t reader, workers[MAX_WORKERS];
	int nworkers = worker_count();
	pthread_create(&reader, NULL, read_rows, L);
	for (int i = 0; i < nworkers; i++)
		pthread_create(&workers[i], NULL, check_rows, L);
	rc = write_rows(L, err);
	pthread_mutex_lock(&L->mu);
	L->quit = 1;
	pthread_cond_broadcast(&L->room);
	pthread_cond_broadcast(&L->work);
	pthread_mutex_unlock(&L->mu);
	pthread_join(reader, NULL);
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	for (long long s = L->next_write; s < L->next_read; s++)
		chunk_free(L->ring[s % MAX_CHUNKS]);
	sqlite3_finalize(L->insert);
	while (L->spare != NULL) {
		struct chunk *c = L->spare;
		L->spare = c->next_spare;
		chunk_free(c);
	}

	struct import_report *rep = im->rep;
	if (rc != DB_OK || rep->interrupted || (im->any_bad && !im->opts->skip_bad)) {
		db_rollback(db);
		rep->rolled_back = rc == DB_OK && !rep->interrupted;
		rep->written = 0;
		return rc;
	}
	rc = import_audit_summary(im, err);
	if (rc == DB_OK)
		rc = db_stat_recount(db, err);
	if (rc == DB_OK) {
		import_say_indexing(im);
		/* A small page cache makes the sorter write sorted runs to temporary files
		 * that its threads sort and merge (it uses no threads when temporary data
		 * stays in memory): on two cores about twice as fast as one big sort. The
		 * runs are as big as the cache (see sqlite_configure in db.c): 1 MiB runs,
		 * sorted within the processor's caches, build an index of 2.5 million
		 * people in 1.6-2.1 s against 1.8-2.4 s with 8 MiB; five indexes of a
		 * million took 5.7 s with 16 MiB and 7.6 s with 64 MiB. */
		sqlite3_exec(db_sqlite(db), "PRAGMA cache_size = -1024", NULL, NULL, NULL);
		db_sort_in_files(db, nworkers * 2);
		rc = db_indexes_build(db, err);
		db_sort_in_files(db, 0);
	}
	if (rc == DB_OK)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	if (rc != DB_OK)
		rep->written = 0;
	rep->kept = rep->written;
	return rc;
}

int
import_first_load(struct importer *im, FILE *in, char **err)
{
	struct db *db = im->db;
	if (!import_journal_rollback(db)) {
		import_journal_wal(db);
		return DB_LOCKED;
	}
	struct loader L = {.im = im, .in = in, .file = -1};
	const char *path = sqlite3_db_filename(db_sqlite(db), "main");
	if (path != NULL && *path)
		L.file = open(path, O_RDONLY | O_CLOEXEC);
	int rc = org_map_load(db, &L.orgs, err);
	if (rc == DB_OK) {
		pthread_mutex_init(&L.mu, NULL);
		pthread_cond_init(&L.work, NULL);
		pthread_cond_init(&L.done, NULL);
		pthread_cond_init(&L.room, NULL);
		/* Rows are only appended here (the indexes come later, by sorting), so
		 * the cache needs little more than the right edge of two tables; dirty
		 * pages beyond it go to the file, where the commit would write them
		 * anyway. A big cache costs more than it saves: every new page is fresh
		 * memory the kernel must fault in. 1,000,000 people: 64 MiB 12.5-13.9 s
		 * and 2.3 s of system time, 512 MiB 15.0-17.0 s and 5.0 s. */
		sqlite3_exec(db_sqlite(db), "PRAGMA cache_size = -65536", NULL, NULL, NULL);
		rc = load(&L, err);
		db_bulk(db, 0);
		pthread_mutex_destroy(&L.mu);
		pthread_cond_destroy(&L.work);
		pthread_cond_destroy(&L.done);
		pthread_cond_destroy(&L.room);
	}
	org_map_free(&L.orgs);
	/* Only now that the transaction has ended: closing any descriptor of a file
	 * drops every POSIX lock the process holds on it, SQLite's included. */
	if (L.file >= 0)
		close(L.file);
	import_journal_wal(db);
	return rc;
}
