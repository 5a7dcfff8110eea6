/*
 * CSV import of sub-records: id_number,kind,date_from,date_to,data where data is a
 * JSON object of the kind's form fields. Used to load agencies' histories and the
 * national-scale benchmark data. Same all-or-nothing / skip-bad rules as people.
 *
 * The audit keeps no copy of an imported row: its line and hash go to import_item
 * and every BATCH_ROWS rows are sealed by one audit row (import_batch.c); the
 * import's own audit row names the file's SHA-256, hashed as it is read. With
 * --skip-bad each batch is committed with its seal, so an interrupted or killed
 * import leaves whole sealed batches.
 */
#include "db/import.h"
#include "core/clock.h"
#include "db/import_internal.h"
#include "db/audit.h"
#include "db/import_batch.h"
#include "core/digest.h"
#include "db/db_internal.h"
#include "db/person_internal.h"
#include "db/role.h"
#include "form/form.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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

/* The person a row's sub-record goes under: one of who's scope. A person recorded
 * under another agency gets the same answer as one not recorded at all. */
static int
item_owner(struct db *db, const struct actor *who, const char *id_number, int64_t *pid,
    char **err)
{
	int rc = person_id_by_idnum(db, id_number, pid, err);
	if (rc == DB_OK)
		rc = person_scope(db, who, *pid, NULL, err);
	if (rc == DB_NOTFOUND) {
		free(*err);
		*err = xstrdup(_(DB_MSG_NO_PERSON));
	}
	return rc;
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
	char **fl;
	int nf;
	static const char *const cols[] = {"id_number", "kind", "date_from", "date_to", "data"};
	if (csv_read(c, &fl, &nf) != 1 || nf != 5) {
		*err = xasprintf(_("%s: the header must be id_number,kind,date_from,date_to,data"),
		    opts->filename);
		csv_free(c);
		digest_stream_free(file_hash);
		return DB_INVALID;
	}
	for (int i = 0; i < 5; i++)
		if (strcasecmp(fl[i], cols[i]) != 0) {
			*err = xasprintf(_("%s: the header must be id_number,kind,date_from,date_to,data"),
			    opts->filename);
			csv_free(c);
			digest_stream_free(file_hash);
			return DB_INVALID;
		}
	if (opts->reject != NULL)
		fputs("id_number,kind,date_from,date_to,data,reason\n", opts->reject);
	struct actor imp = *who;
	snprintf(imp.session, sizeof imp.session, "import:%.56s",
	    import_file_name(opts->filename));
	int rc = db_begin(db, err);
	int writing = rc == DB_OK;
	db_bulk(db, 1);
	struct import_batch *batch = import_batch_new(import_file_name(opts->filename));
	long long in_batch = 0;
	/* Consecutive rows usually belong to the same person: remember the last one. */
	char last_id[16] = "";
	int64_t last_pid = 0;
	struct record *rec = NULL;
	int r;
	while (rc == DB_OK && (r = csv_read(c, &fl, &nf)) != 0) {
		if (opts->stop != NULL && *opts->stop) {
			rep->interrupted = true;
			break;
		}
		long line = csv_line(c);
		if (r < 0 || nf != 5) {
			rep->read++;
			item_bad(opts, rep, line, r < 0 ? _(csv_error(c)) : _("the row needs 5 fields"),
			    fl, r < 0 ? 0 : nf);
			continue;
		}
		rep->read++;
		int64_t pid = last_pid;
		if (strcmp(fl[0], last_id) != 0) {
			char *e = NULL;
			int found = item_owner(db, who, fl[0], &pid, &e);
			if (found == DB_ERROR) {
				*err = e;
				rc = DB_ERROR;
				break;
			}
			if (found != DB_OK) {
				item_bad(opts, rep, line, e, fl, nf);
				free(e);
				continue;
			}
			snprintf(last_id, sizeof last_id, "%s", fl[0]);
			last_pid = pid;
		}
		struct record *parsed = record_from_json(fl[4][0] ? fl[4] : "{}");
		if (parsed == NULL) {
			item_bad(opts, rep, line, _("the data column is not a JSON object"), fl, nf);
			continue;
		}
		/* Kinds differ in their fields: a fresh record per row. */
		record_free(rec);
		rec = parsed;
		if (fl[2][0])
			record_set(rec, "date_from", fl[2]);
		if (fl[3][0])
			record_set(rec, "date_to", fl[3]);
		const struct form *f = item_form(fl[1], err);
		if (f == NULL) {
			item_bad(opts, rep, line, *err, fl, nf);
			free(*err);
			*err = NULL;
			goto next;
		}
		struct form_error *errs = NULL;
		int nerr = form_check_record(f, rec, &errs);
		if (nerr > 0) {
			item_bad(opts, rep, line, errs[0].message, fl, nf);
			form_errors_free(errs, nerr);
			goto next;
		}
		if (!writing)
			goto next;
		char *data = item_data_json_new(rec);
		rec->id = 0;
		rc = item_write(db, &imp, pid, fl[1], rec, data, err);
		if (rc == DB_OK) {
			char hash[65];
			item_content_hash(pid, fl[1], record_get(rec, "date_from"),
			    record_get(rec, "date_to"), data, hash);
			rc = import_batch_add(db, batch, rec->id, line, hash, err);
		}
		free(data);
		if (rc == DB_OK)
			rep->written++;
		if (rc == DB_OK && ++in_batch >= BATCH_ROWS) {
			in_batch = 0;
			rc = import_batch_seal(db, &imp, batch, err);
			if (rc == DB_OK && opts->skip_bad &&
			    (rc = db_commit(db, err)) == DB_OK) {
				rep->kept = rep->written;
				rc = db_begin(db, err);
			}
		}
next:
		if (rep->rejected > 0 && !opts->skip_bad)
			writing = 0;
		if (opts->progress != NULL && (rep->read & 4095) == 0) {
			struct import_progress p = {rep->read, csv_offset(c), opts->total_bytes, 2};
			opts->progress(&p, opts->progress_ctx);
		}
	}
	record_free(rec);
	csv_free(c);
	char file_sha[65];
	digest_stream_hex(file_hash, file_sha);
	digest_stream_free(file_hash);
	if (rc == DB_OK && writing)
		rc = import_batch_seal(db, &imp, batch, err);
	import_batch_free(batch);
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
	db_bulk(db, 0);
	rep->seconds = clock_mono_s() - t0;
	return rc;
}
