/*
 * CSV import of people. One pass over the file: each row is parsed, normalised and
 * checked by the same code as a clerk's save (person_prepare), then written in the
 * open transaction with its audit row. In all-or-nothing mode the first bad row
 * stops the writing but not the reading, so that every bad row is reported in one
 * run; the transaction is then rolled back.
 */
#include "db/import.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/person.h"
#include "db/person_internal.h"
#include "form/form.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BATCH_ROWS 20000	/* rows per commit with skip_bad */
#define MAX_REPORTED 2000	/* bad rows printed in full; the rest are counted */

static double
mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ID numbers seen in this file: an open-addressing set of 12-digit numbers. */
struct idset {
	unsigned long long *slots;
	size_t              cap, n;
};

static void
idset_put(struct idset *s, unsigned long long stored)
{
	size_t i = (size_t)((stored * 0x9E3779B97F4A7C15ULL) >> 7) & (s->cap - 1);
	while (s->slots[i])
		i = (i + 1) & (s->cap - 1);
	s->slots[i] = stored;
	s->n++;
}

/* Adds v; 0 if it was already there. */
static int
idset_add(struct idset *s, unsigned long long v)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		struct idset big = {xcalloc(cap, sizeof(unsigned long long)), cap, 0};
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i])
				idset_put(&big, s->slots[i]);
		free(s->slots);
		*s = big;
	}
	unsigned long long stored = v + 1;	/* 0 marks an empty slot */
	size_t i = (size_t)((stored * 0x9E3779B97F4A7C15ULL) >> 7) & (s->cap - 1);
	while (s->slots[i]) {
		if (s->slots[i] == stored)
			return 0;
		i = (i + 1) & (s->cap - 1);
	}
	s->slots[i] = stored;
	s->n++;
	return 1;
}

struct importer {
	struct db                *db;
	const struct actor       *who;
	const struct import_opts *opts;
	struct import_report     *rep;
	char                    **header;
	int                       ncols;
	int                       col_reason_skip;	/* index of an ignored column or -1 */
	int                      *ignored;		/* per column: 1 if not a field */
	long long                 reported;
	int                       any_bad;
	int                       writing;		/* 0 once all-or-nothing has failed */
	long long                 in_batch;
	struct actor              importer_actor;
};

static void
report_bad(struct importer *im, long line, const char *column, const char *reason,
    char **fields, int nf)
{
	im->rep->rejected++;
	im->any_bad = 1;
	if (im->opts->report != NULL && im->reported++ < MAX_REPORTED) {
		if (column != NULL)
			fprintf(im->opts->report, _("%s line %ld, column %s: %s\n"),
			    im->opts->filename, line, column, reason);
		else
			fprintf(im->opts->report, _("%s line %ld: %s\n"), im->opts->filename, line,
			    reason);
	}
	if (im->opts->reject != NULL) {
		for (int i = 0; i < im->ncols; i++)
			csv_write_field(im->opts->reject, i < nf ? fields[i] : "", ',');
		char *r = column ? xasprintf("%s: %s", column, reason) : xstrdup(reason);
		csv_write_field(im->opts->reject, r, '\n');
		free(r);
	}
}

static int
read_header(struct importer *im, struct csv *c, char **err)
{
	char **fl;
	int nf;
	int rc = csv_read(c, &fl, &nf);
	if (rc != 1) {
		*err = xasprintf(_("%s: the file is empty or its header line is damaged"),
		    im->opts->filename);
		return DB_INVALID;
	}
	const struct form *f = form_get("person", err);
	if (f == NULL)
		return DB_ERROR;
	struct strbuf problems;
	sb_init(&problems);
	im->ncols = nf;
	im->header = xcalloc((size_t)nf + 1, sizeof(char *));
	im->ignored = xcalloc((size_t)nf + 1, sizeof(int));
	for (int i = 0; i < nf; i++) {
		const struct form_field *fld = NULL;
		for (int k = 0; k < f->nfields; k++)
			if (strcasecmp(f->fields[k].name, fl[i]) == 0)
				fld = &f->fields[k];
		if (strcasecmp(fl[i], "verification") == 0 || strcasecmp(fl[i], "reason") == 0) {
			/* Written by export and by the reject file; never taken as data. */
			im->ignored[i] = 1;
			im->header[i] = xstrdup(fl[i]);
			continue;
		}
		if (fld == NULL || fld->readonly) {
			sb_addf(&problems, _("%s line 1: unknown column \"%s\"\n"),
			    im->opts->filename, fl[i]);
			im->header[i] = xstrdup(fl[i]);
			continue;
		}
		for (int k = 0; k < i; k++)
			if (strcmp(im->header[k], fld->name) == 0)
				sb_addf(&problems, _("%s line 1: the column \"%s\" appears twice\n"),
				    im->opts->filename, fld->name);
		im->header[i] = xstrdup(fld->name);
	}
	static const char *const required[] = {"id_number", "full_name", "date_of_birth",
	    "sex", "org_code", NULL};
	for (int r = 0; required[r]; r++) {
		int found = 0;
		for (int i = 0; i < nf; i++)
			found |= strcmp(im->header[i], required[r]) == 0;
		if (!found)
			sb_addf(&problems, _("%s line 1: the required column \"%s\" is missing\n"),
			    im->opts->filename, required[r]);
	}
	if (im->opts->reject != NULL) {
		for (int i = 0; i < nf; i++)
			csv_write_field(im->opts->reject, fl[i], ',');
		csv_write_field(im->opts->reject, "reason", '\n');
	}
	if (problems.len > 0) {
		problems.buf[--problems.len] = '\0';
		*err = sb_detach(&problems);
		sb_free(&problems);
		return DB_INVALID;
	}
	sb_free(&problems);
	return DB_OK;
}

/* Commit the batch and open the next one (skip_bad mode). */
static int
next_batch(struct importer *im, char **err)
{
	if (db_commit(im->db, err) != DB_OK)
		return DB_ERROR;
	im->in_batch = 0;
	return db_begin(im->db, err);
}

/* One data row: returns DB_OK (written, or reported bad) or DB_ERROR (stop). */
static int
import_row(struct importer *im, struct idset *seen, long line, char **fl, int nf,
    struct record *rec, char **err)
{
	if (nf != im->ncols) {
		char *why = xasprintf(_("%d fields where the header has %d"), nf, im->ncols);
		report_bad(im, line, NULL, why, fl, nf);
		free(why);
		return DB_OK;
	}
	/* Same columns every row: record_set overwrites each value in place. */
	for (int i = 0; i < nf; i++)
		if (!im->ignored[i])
			record_set(rec, im->header[i], fl[i]);

	struct strbuf problems;
	sb_init(&problems);
	struct person_row row;
	int rc = person_prepare_ex(im->db, im->who, rec, &row, &problems, 1, err);
	if (rc == DB_ERROR) {
		sb_free(&problems);
		person_row_free(&row);
		return DB_ERROR;
	}
	const char *id = record_get(rec, "id_number");
	if (rc == DB_OK && idnum_shape_ok(id) && !idset_add(seen, strtoull(id, NULL, 10))) {
		sb_addf(&problems, "id_number\t%s\n", _("this ID number appears earlier in the file"));
		rc = DB_INVALID;
	}
	if (rc == DB_INVALID) {
		/* The first problem names the column; the others follow in the reason. */
		char *save = NULL;
		char *col = strtok_r(problems.buf, "\t", &save);
		char *why = strtok_r(NULL, "\n", &save);
		struct strbuf more;
		sb_init(&more);
		sb_adds(&more, why ? why : "");
		for (char *l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *tab = strchr(l, '\t');
			sb_addf(&more, "; %s", tab ? tab + 1 : l);
			if (tab) {
				*tab = '\0';
				sb_addf(&more, " (%s)", l);
			}
		}
		report_bad(im, line, col, more.buf, fl, nf);
		sb_free(&more);
		sb_free(&problems);
		person_row_free(&row);
		return DB_OK;
	}
	sb_free(&problems);
	if (!im->writing) {
		person_row_free(&row);
		return DB_OK;
	}
	int64_t pid;
	rc = person_row_insert(im->db, &im->importer_actor, rec, &row, "import", &pid, err);
	if (rc == DB_CONFLICT && im->opts->update) {
		free(*err);
		*err = NULL;
		int64_t existing;
		struct record *stored = NULL;
		rc = person_id_by_idnum(im->db, id, &existing, err);
		if (rc == DB_OK)
			rc = db_person_get(im->db, im->who, existing, NULL, &stored, err);
		if (rc == DB_OK) {
			struct record *merged = person_merge(stored, rec);
			merged->id = stored->id;
			merged->version = stored->version;
			struct record *before = person_merge(stored, stored);
			struct strbuf p2;
			sb_init(&p2);
			struct person_row row2;
			rc = person_prepare_ex(im->db, im->who, merged, &row2, &p2, 1, err);
			if (rc == DB_OK)
				rc = person_row_update(im->db, &im->importer_actor, before, merged,
				    &row2, "import", err);
			if (rc == DB_INVALID)
				report_bad(im, line, NULL, p2.buf, fl, nf);
			else if (rc == DB_OK)
				im->rep->updated++;
			person_row_free(&row2);
			sb_free(&p2);
			record_free(merged);
			record_free(before);
		} else if (rc == DB_NOTFOUND) {
			/* Stored under an agency outside the importer's scope. */
			report_bad(im, line, "id_number", *err, fl, nf);
			free(*err);
			*err = NULL;
			rc = DB_OK;
		}
		record_free(stored);
		if (rc == DB_INVALID)
			rc = DB_OK;
	} else if (rc == DB_CONFLICT) {
		char *why = xasprintf(_("a person with this ID number is already recorded "
		    "(use --update to replace the stored values)"));
		report_bad(im, line, "id_number", why, fl, nf);
		free(why);
		free(*err);
		*err = NULL;
		rc = DB_OK;
	} else if (rc == DB_OK)
		im->rep->written++;
	person_row_free(&row);
	if (rc != DB_OK)
		return rc;
	if (im->any_bad && !im->opts->skip_bad)
		im->writing = 0;
	if (im->opts->skip_bad && ++im->in_batch >= BATCH_ROWS)
		return next_batch(im, err);
	return DB_OK;
}

/*
 * Loading a large file into an empty table: building the secondary indexes once at
 * the end (a sort) is much cheaper than updating them row by row. The drop and the
 * rebuild happen inside the import's transaction, so a rollback or a crash leaves
 * the indexes as they were. Their definitions are read back from the schema itself.
 */
struct bulk_indexes {
	char **sql;
	int    n;
};

static int
bulk_indexes_drop(struct db *db, struct bulk_indexes *bi, char **err)
{
	memset(bi, 0, sizeof *bi);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT name, sql FROM sqlite_master"
	    " WHERE type = 'index' AND tbl_name IN ('person', 'audit') AND sql IS NOT NULL"
	    " AND sql NOT LIKE 'CREATE UNIQUE%'", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	char **names = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		bi->sql = xrealloc(bi->sql, sizeof(char *) * (size_t)(bi->n + 1));
		names = xrealloc(names, sizeof(char *) * (size_t)(bi->n + 1));
		names[bi->n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		bi->sql[bi->n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	int rc = DB_OK;
	for (int i = 0; i < bi->n; i++) {
		char *drop = xasprintf("DROP INDEX \"%s\"", names[i]);
		if (rc == DB_OK && sqlite3_exec(db_sqlite(db), drop, NULL, NULL, NULL) != SQLITE_OK)
			rc = db_fail(db, err);
		free(drop);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int
bulk_indexes_restore(struct db *db, struct bulk_indexes *bi, char **err)
{
	int rc = DB_OK;
	for (int i = 0; i < bi->n; i++) {
		if (rc == DB_OK && sqlite3_exec(db_sqlite(db), bi->sql[i], NULL, NULL, NULL) !=
		    SQLITE_OK)
			rc = db_fail(db, err);
		free(bi->sql[i]);
	}
	free(bi->sql);
	memset(bi, 0, sizeof *bi);
	return rc;
}

static int
person_table_empty(struct db *db)
{
	sqlite3_stmt *st;
	int empty = 0;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT NOT EXISTS (SELECT 1 FROM person)", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

int
db_import_people(struct db *db, const struct actor *who, FILE *in,
    const struct import_opts *opts, struct import_report *rep, char **err)
{
	*err = NULL;
	memset(rep, 0, sizeof *rep);
	if (!person_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	double t0 = mono_now();
	struct importer im = {.db = db, .who = who, .opts = opts, .rep = rep, .writing = 1};
	im.importer_actor = *who;
	/* The audit rows name the import: the session says which file. */
	snprintf(im.importer_actor.session, sizeof im.importer_actor.session, "import:%.56s",
	    opts->filename);
	struct csv *c = csv_open(in);
	int rc = read_header(&im, c, err);
	struct idset seen = {0};
	struct record *rec = record_new();
	if (rc != DB_OK)
		goto done;
	if ((rc = db_begin(db, err)) != DB_OK)
		goto done;
	db_bulk(db, 1);
	/* Statements prepared against the old schema would be re-prepared anyway. */
	struct bulk_indexes bi = {0};
	if (!opts->skip_bad && opts->total_bytes > (1 << 20) && person_table_empty(db) &&
	    (rc = bulk_indexes_drop(db, &bi, err)) != DB_OK) {
		db_rollback(db);
		goto done;
	}
	char **fl;
	int nf, r;
	double last_progress = 0;
	while ((r = csv_read(c, &fl, &nf)) != 0) {
		if (opts->stop != NULL && *opts->stop) {
			rep->interrupted = true;
			break;
		}
		long line = csv_line(c);
		if (r < 0) {
			rep->read++;
			report_bad(&im, line, NULL, _(csv_error(c)), fl, 0);
			if (!opts->skip_bad)
				im.writing = 0;
			continue;
		}
		if (nf == 1 && fl[0][0] == '\0')
			continue;	/* a blank line */
		rep->read++;
		if ((rc = import_row(&im, &seen, line, fl, nf, rec, err)) != DB_OK)
			break;
		if (opts->progress != NULL && (rep->read & 1023) == 0) {
			double now = mono_now();
			if (now - last_progress >= 0.5) {
				struct import_progress p = {rep->read, csv_offset(c), opts->total_bytes};
				opts->progress(&p, opts->progress_ctx);
				last_progress = now;
			}
		}
	}
	if (rc != DB_OK) {
		db_rollback(db);
		bulk_indexes_restore(db, &bi, err);	/* frees; the rollback restored them */
		goto done;
	}
	if (rep->interrupted && !opts->skip_bad) {
		db_rollback(db);
		rep->written = rep->updated = 0;
	} else if (im.any_bad && !opts->skip_bad) {
		db_rollback(db);
		rep->rolled_back = true;
		rep->written = rep->updated = 0;
	} else {
		char *detail = xasprintf("{\"file\":\"%s\",\"read\":%lld,\"written\":%lld,"
		    "\"updated\":%lld,\"rejected\":%lld}", opts->filename, rep->read, rep->written,
		    rep->updated, rep->rejected);
		rc = db_audit(db, who, "import", "person", 0, NULL, detail, err);
		free(detail);
		if (rc == DB_OK && bi.n > 0 && opts->progress == NULL && opts->report != NULL &&
		    rep->read > 100000)
			fprintf(opts->report, _("building the search indexes...\n"));
		if (rc == DB_OK)
			rc = bulk_indexes_restore(db, &bi, err);
		if (rc == DB_OK)
			rc = db_commit(db, err);
		else
			db_rollback(db);
	}
	if (bi.n > 0) {
		/* Rolled back above: the drop went with the transaction. */
		for (int i = 0; i < bi.n; i++)
			free(bi.sql[i]);
		free(bi.sql);
	}
done:
	db_bulk(db, 0);
	rep->seconds = mono_now() - t0;
	csv_free(c);
	record_free(rec);
	free(seen.slots);
	for (int i = 0; i < im.ncols; i++)
		free(im.header[i]);
	free(im.header);
	free(im.ignored);
	return rc;
}
