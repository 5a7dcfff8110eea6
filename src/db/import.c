/*
 * CSV import of people.
 *
 * Into an empty register with nobody else connected, import_load.c loads the file
 * in one pass and one transaction. Otherwise (people already recorded, or hoso serve
 * has the database open) it goes in two passes over the file, here.
 *
 * The first pass checks every row with the same code as a clerk's save
 * (person_prepare) plus the file-wide rules (an ID number twice in the file, or
 * already stored), reports every bad row and writes nothing. All-or-nothing stops
 * there if anything was bad. The second pass writes the good rows, each with its
 * audit row, committing every BATCH_ROWS rows.
 *
 * Why two passes and batches rather than one transaction for the whole file: a
 * transaction larger than the page cache spills into the WAL, and SQLite looks a
 * page up through every WAL index block written so far, so one national-size
 * transaction gets slower with every row (measured: 36 us a row at 200,000 rows,
 * 160 us at 500,000). Batches keep the WAL small. An interruption in the second
 * pass leaves whole committed batches, which the report counts, as the contract
 * allows; an interruption in the first pass leaves nothing.
 */
#include "db/import.h"
#include "core/clock.h"
#include "db/import_internal.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/person.h"
#include "db/person_internal.h"
#include "db/role.h"
#include "form/form.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BATCH_ROWS 50000	/* rows per commit in the writing pass */
#define MAX_REPORTED 2000	/* bad rows printed in full; the rest are counted */

void
import_say_indexing(const struct importer *im)
{
	const struct import_opts *o = im->opts;
	if (im->rep->written <= 100000)
		return;		/* a moment: not worth a word */
	if (o->progress != NULL) {
		struct import_progress p = {im->rep->read, o->total_bytes, o->total_bytes,
		    IMPORT_INDEXING};
		o->progress(&p, o->progress_ctx);
	} else if (o->report != NULL)
		fprintf(o->report, _("building the search indexes...\n"));
}

int
import_audit_summary(struct importer *im, char **err)
{
	const struct import_report *rep = im->rep;
	char counts[4][24];
	snprintf(counts[0], sizeof counts[0], "%lld", rep->read);
	snprintf(counts[1], sizeof counts[1], "%lld", rep->written);
	snprintf(counts[2], sizeof counts[2], "%lld", rep->updated);
	snprintf(counts[3], sizeof counts[3], "%lld", rep->rejected);
	char *detail = json_object_new("file", im->opts->filename, "read", counts[0],
	    "written", counts[1], "updated", counts[2], "rejected", counts[3],
	    "interrupted", rep->interrupted ? "yes" : "no", NULL);
	int rc = db_audit(im->db, im->who, "import", "person", 0, NULL, detail, err);
	free(detail);
	return rc;
}

const char *
import_file_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

static void
idset_put(struct idset *s, unsigned long long stored)
{
	size_t i = (size_t)((stored * 0x9E3779B97F4A7C15ULL) >> 7) & (s->cap - 1);
	while (s->slots[i])
		i = (i + 1) & (s->cap - 1);
	s->slots[i] = stored;
	s->n++;
}

int
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

static void
mark_bad(struct importer *im, long long ordinal)
{
	long long byte = ordinal / 8;
	if (byte >= im->nbad_cap) {
		long long cap = im->nbad_cap ? im->nbad_cap * 2 : 4096;
		while (cap <= byte)
			cap *= 2;
		im->bad = xrealloc(im->bad, (size_t)cap);
		memset(im->bad + im->nbad_cap, 0, (size_t)(cap - im->nbad_cap));
		im->nbad_cap = cap;
	}
	im->bad[byte] |= (unsigned char)(1u << (ordinal % 8));
}

static int
is_bad(const struct importer *im, long long ordinal)
{
	long long byte = ordinal / 8;
	return byte < im->nbad_cap && (im->bad[byte] & (1u << (ordinal % 8)));
}

void
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
	const struct record *set = im->opts->set;
	for (int r = 0; set != NULL && r < set->n; r++) {
		const struct form_field *fld = form_field(f, set->names[r]);
		if (fld == NULL || fld->readonly)
			sb_addf(&problems, _("--set %s: the person form has no such field\n"),
			    set->names[r]);
	}
	/* A required field is one a clerk must fill: a file without it could load
	 * only records nobody can save afterwards. */
	for (int k = 0; k < f->nfields; k++) {
		const struct form_field *fld = &f->fields[k];
		if (fld->def != NULL && im->ndefaults < (int)(sizeof im->defaults /
		    sizeof im->defaults[0]))
			im->defaults[im->ndefaults++] = fld;
		if (!person_field_required(fld->name))
			continue;
		int found = set != NULL && record_get(set, fld->name) != NULL;
		for (int i = 0; i < nf; i++)
			found |= strcmp(im->header[i], fld->name) == 0;
		if (!found)
			sb_addf(&problems, _("%s line 1: the required column \"%s\" is missing "
			    "(or give one value for every row with --set %s=VALUE)\n"),
			    im->opts->filename, fld->name, fld->name);
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

void
report_problems(struct importer *im, long line, struct strbuf *problems, char **fl, int nf)
{
	/* The first problem names the column; the others follow in the reason. */
	char *save = NULL;
	char *col = strtok_r(problems->buf, "\t", &save);
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
}

void
fill_record(const struct importer *im, char **fl, int nf, struct record *rec, int defaults)
{
	/* The record is reused row after row with the same columns, so each column's
	 * entry is where the first row put it (checking may change values, never
	 * names): set by position, not by looking the name up again. */
	for (int i = 0, k = 0; i < nf; i++) {
		if (im->ignored[i])
			continue;
		if (k < rec->n && strcmp(rec->names[k], im->header[i]) == 0)
			record_set_at(rec, k, fl[i]);
		else
			record_set(rec, im->header[i], fl[i]);
		k++;
	}
	const struct record *set = im->opts->set;
	for (int i = 0; set != NULL && i < set->n; i++) {
		const char *v = record_get(rec, set->names[i]);
		if (v == NULL || v[0] == '\0')
			record_set(rec, set->names[i], set->values[i]);
	}
	for (int i = 0; defaults && i < im->ndefaults; i++) {
		const char *v = record_get(rec, im->defaults[i]->name);
		if (v == NULL || v[0] == '\0')
			record_set(rec, im->defaults[i]->name, im->defaults[i]->def);
	}
}

/*
 * Pass 1, one row: every rule, nothing written. Returns DB_OK (good, or reported
 * and marked bad) or DB_ERROR.
 */
static int
check_row(struct importer *im, struct idset *seen, long long ordinal, long line,
    char **fl, int nf, struct record *rec, char **err)
{
	if (nf != im->ncols) {
		char *why = xasprintf(_("%d fields where the header has %d"), nf, im->ncols);
		report_bad(im, line, NULL, why, fl, nf);
		free(why);
		mark_bad(im, ordinal);
		return DB_OK;
	}
	fill_record(im, fl, nf, rec, 1);
	struct strbuf problems;
	sb_init(&problems);
	struct person_row row;
	int rc = person_prepare_ex(im->db, im->who, rec, &row, &problems, 1, err);
	person_row_free(&row);
	if (rc == DB_ERROR) {
		sb_free(&problems);
		return DB_ERROR;
	}
	const char *id = record_get(rec, "id_number");
	if (rc == DB_OK && idnum_shape_ok(id)) {
		int64_t existing;
		char *e = NULL;
		if (!idset_add(seen, strtoull(id, NULL, 10))) {
			sb_addf(&problems, "id_number\t%s\n",
			    _("this ID number appears earlier in the file"));
			rc = DB_INVALID;
		} else if (person_id_by_idnum(im->db, id, &existing, &e) == DB_OK) {
			int out = person_stored_out_of_scope(im->db, im->who, id, err);
			if (out < 0) {
				free(e);
				sb_free(&problems);
				return DB_ERROR;
			}
			if (out) {
				sb_addf(&problems, "org_code\t%s\n", _(DB_MSG_NOT_WRITABLE));
				rc = DB_INVALID;
			} else if (!im->opts->update) {
				sb_addf(&problems, "id_number\t%s\n", _("a person with this ID number is "
				    "already recorded (use --update to replace the stored values)"));
				rc = DB_INVALID;
			}
		}
		free(e);
	}
	if (rc == DB_INVALID) {
		report_problems(im, line, &problems, fl, nf);
		mark_bad(im, ordinal);
	}
	sb_free(&problems);
	return DB_OK;
}

/*
 * Pass 2, one row already found good: insert it, or with --update replace the
 * stored person. The database may have changed since pass 1 (another clerk added
 * the same person): then the row is reported and rejected like any bad row.
 */
static int
write_row(struct importer *im, long line, char **fl, int nf, struct record *rec, char **err)
{
	fill_record(im, fl, nf, rec, 1);
	struct strbuf problems;
	sb_init(&problems);
	struct person_row row;
	int rc = person_prepare_ex(im->db, im->who, rec, &row, &problems, 1, err);
	if (rc == DB_INVALID) {
		report_problems(im, line, &problems, fl, nf);
		sb_free(&problems);
		person_row_free(&row);
		return DB_OK;
	}
	sb_free(&problems);
	if (rc != DB_OK) {
		person_row_free(&row);
		return rc;
	}
	int64_t pid;
	char hash[65];
	person_content_hash(rec, row.data_json, hash);
	char *after = person_import_after_new(line, hash);
	rc = person_row_insert_as(im->db, &im->importer_actor, rec, &row, "import", after,
	    &pid, err);
	free(after);
	person_row_free(&row);
	if (rc == DB_OK) {
		im->rep->written++;
		return DB_OK;
	}
	if (rc != DB_CONFLICT)
		return rc;
	free(*err);
	*err = NULL;
	int out = person_stored_out_of_scope(im->db, im->who, record_get(rec, "id_number"), err);
	if (out < 0)
		return DB_ERROR;
	if (out) {
		report_bad(im, line, "org_code", _(DB_MSG_NOT_WRITABLE), fl, nf);
		return DB_OK;
	}
	if (!im->opts->update) {
		report_bad(im, line, "id_number", _("a person with this ID number is already "
		    "recorded (use --update to replace the stored values)"), fl, nf);
		return DB_OK;
	}
	int64_t existing;
	struct record *stored = NULL;
	rc = person_id_by_idnum(im->db, record_get(rec, "id_number"), &existing, err);
	if (rc == DB_OK)
		rc = db_person_get(im->db, im->who, existing, NULL, &stored, err);
	if (rc == DB_NOTFOUND) {
		report_bad(im, line, "id_number", *err, fl, nf);
		free(*err);
		*err = NULL;
		return DB_OK;
	}
	if (rc != DB_OK)
		return rc;
	/* The stored person keeps what the file does not say: no defaults over it. */
	struct record *given = record_new();
	fill_record(im, fl, nf, given, 0);
	struct record *merged = person_merge(stored, given);
	record_free(given);
	merged->id = stored->id;
	merged->version = stored->version;
	struct record *before = person_merge(stored, stored);
	struct person_row row2;
	sb_init(&problems);
	rc = person_prepare_ex(im->db, im->who, merged, &row2, &problems, 1, err);
	if (rc == DB_OK)
		rc = person_row_update(im->db, &im->importer_actor, before, merged, &row2,
		    "import", err);
	if (rc == DB_INVALID) {
		report_problems(im, line, &problems, fl, nf);
		rc = DB_OK;
	} else if (rc == DB_OK)
		im->rep->updated++;
	person_row_free(&row2);
	sb_free(&problems);
	record_free(merged);
	record_free(before);
	record_free(stored);
	return rc;
}

int
import_register_empty(struct db *db)
{
	sqlite3_stmt *st;
	int empty = 0;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT NOT EXISTS (SELECT 1 FROM person)", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		empty = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return empty;
}

/* A pipe cannot be read twice: copy it to an unnamed temporary file first. */
static FILE *
seekable(FILE *in, FILE **spool)
{
	*spool = NULL;
	if (fseeko(in, 0, SEEK_CUR) == 0)
		return in;
	FILE *t = tmpfile();
	if (t == NULL)
		return NULL;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, t) != n) {
			fclose(t);
			return NULL;
		}
	rewind(t);
	*spool = t;
	return t;
}

/* One pass over the data rows: fn for each; stops on DB_ERROR or the stop flag. */
static int
each_row(struct importer *im, FILE *in, int pass, struct record *rec, struct idset *seen,
    char **err)
{
	struct csv *c = csv_open(in);
	char **fl;
	int nf, r, rc = DB_OK;
	long long ordinal = 0, in_batch = 0;
	double last_progress = 0;
	/* Pass 1 only reads: under read transactions of a batch each. */
	if (pass == 1 && (rc = db_begin_read(im->db, err)) != DB_OK) {
		csv_free(c);
		return rc;
	}
	r = csv_read(c, &fl, &nf);	/* the header, already checked */
	while (rc == DB_OK && (r = csv_read(c, &fl, &nf)) != 0) {
		if (im->opts->stop != NULL && *im->opts->stop) {
			im->rep->interrupted = true;
			break;
		}
		long line = csv_line(c);
		if (r > 0 && nf == 1 && fl[0][0] == '\0')
			continue;	/* a blank line */
		long long ord = ordinal++;
		if (pass == 1) {
			im->rep->read++;
			if (r < 0) {
				report_bad(im, line, NULL, _(csv_error(c)), fl, 0);
				mark_bad(im, ord);
			} else
				rc = check_row(im, seen, ord, line, fl, nf, rec, err);
			if (rc == DB_OK && ++in_batch >= BATCH_ROWS) {
				in_batch = 0;
				if ((rc = db_commit(im->db, err)) == DB_OK)
					rc = db_begin_read(im->db, err);
			}
		} else if (r > 0 && !is_bad(im, ord)) {
			rc = write_row(im, line, fl, nf, rec, err);
			if (rc == DB_OK && ++in_batch >= BATCH_ROWS) {
				in_batch = 0;
				if ((rc = db_commit(im->db, err)) == DB_OK) {
					im->rep->kept = im->rep->written + im->rep->updated;
					rc = db_begin(im->db, err);
				}
			}
		}
		if (im->opts->progress != NULL && (ordinal & 1023) == 0) {
			double now = clock_mono_s();
			if (now - last_progress >= 0.5) {
				struct import_progress p = {ordinal, csv_offset(c),
				    im->opts->total_bytes, pass};
				im->opts->progress(&p, im->opts->progress_ctx);
				last_progress = now;
			}
		}
	}
	if (pass == 1) {
		if (rc == DB_OK)
			rc = db_commit(im->db, err);
		else
			db_rollback(im->db);
	}
	csv_free(c);
	return rc;
}

int
db_import_people(struct db *db, const struct actor *who, FILE *in0,
    const struct import_opts *opts, struct import_report *rep, char **err)
{
	*err = NULL;
	memset(rep, 0, sizeof *rep);
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	double t0 = clock_mono_s();
	struct importer im = {.db = db, .who = who, .opts = opts, .rep = rep};
	im.importer_actor = *who;
	/* The audit rows name the import: the session says which file (its name; the
	 * import's own audit row has the whole path, once rather than on every row). */
	snprintf(im.importer_actor.session, sizeof im.importer_actor.session, "import:%.56s",
	    import_file_name(opts->filename));
	FILE *spool;
	FILE *in = seekable(in0, &spool);
	if (in == NULL) {
		*err = xasprintf(_("cannot keep a copy of the input for reading: %s"),
		    strerror(errno));
		return DB_ERROR;
	}
	off_t start = ftello(in);
	struct csv *c = csv_open(in);
	int rc = read_header(&im, c, err);
	csv_free(c);
	struct idset seen = {0};
	struct record *rec = record_new();
	if (rc != DB_OK)
		goto done;

	/* An empty register, and nobody else connected: one pass, one transaction. */
	if (import_register_empty(db)) {
		fseeko(in, start, SEEK_SET);
		rc = import_first_load(&im, in, err);
		if (rc != DB_LOCKED)
			goto done;
		rc = DB_OK;
	}

	/* Pass 1: check everything; write nothing. */
	fseeko(in, start, SEEK_SET);
	rc = each_row(&im, in, 1, rec, &seen, err);
	if (rc != DB_OK || rep->interrupted)
		goto done;
	if (im.any_bad && !opts->skip_bad) {
		rep->rolled_back = true;
		goto done;
	}

	/* Pass 2: write the good rows in batches. */
	fseeko(in, start, SEEK_SET);
	if ((rc = db_begin(db, err)) != DB_OK)
		goto done;
	db_bulk(db, 1);
	int rebuild = opts->total_bytes > (1 << 20) && import_register_empty(db);
	if (rebuild && (rc = db_indexes_defer(db, 0, err)) != DB_OK) {
		db_rollback(db);
		goto done;
	}
	rc = each_row(&im, in, 2, rec, NULL, err);
	if (rc != DB_OK) {
		db_rollback(db);
		goto restore;
	}
	rc = import_audit_summary(&im, err);
	if (rc == DB_OK)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	if (rc == DB_OK)
		rep->kept = rep->written + rep->updated;
restore:
	db_bulk(db, 0);	/* before the sort: the sorter's runs are as big as the cache */
	if (rebuild) {
		char *e2 = NULL;
		import_say_indexing(&im);
		if (db_indexes_restore(db, &e2) != DB_OK && rc == DB_OK) {
			*err = e2;
			rc = DB_ERROR;
		} else
			free(e2);
	}
done:
	rep->seconds = clock_mono_s() - t0;
	if (spool != NULL)
		fclose(spool);
	record_free(rec);
	free(seen.slots);
	free(im.bad);
	for (int i = 0; i < im.ncols; i++)
		free(im.header[i]);
	free(im.header);
	free(im.ignored);
	return rc;
}
