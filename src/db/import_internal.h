/*
 * What the two ways of loading people share (import.c checks then writes in
 * batches; import_load.c is the first load of an empty register, checked by worker
 * threads and written in one transaction). Not for use outside src/db/.
 */
#ifndef HOSO_IMPORT_INTERNAL_H
#define HOSO_IMPORT_INTERNAL_H
#include "db/db.h"
#include "db/import.h"
#include "core/record.h"
#include "core/strbuf.h"
#include "form/form.h"

/* ID numbers seen in this file: an open-addressing set of 12-digit numbers. */
struct idset {
	unsigned long long *slots;
	size_t              cap, n;
};

/* Adds v; 0 if it was already there. */
int  idset_add(struct idset *s, unsigned long long v);

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
	unsigned char            *bad;			/* bit per data row: rejected in pass 1 */
	long long                 nbad_cap;		/* bytes of bad */
	struct actor              importer_actor;
	const struct form_field  *defaults[16];		/* person fields with a default */
	int                       ndefaults;
};

/* One bad row: counted, printed to the report (the first few thousand), copied to the
 * reject file with its reason. column may be NULL. */
void report_bad(struct importer *im, long line, const char *column, const char *reason,
    char **fields, int nf);
/* The "field\tmessage" lines of problems as one bad row (problems is consumed). */
void report_problems(struct importer *im, long line, struct strbuf *problems, char **fl,
    int nf);
/* Fill rec from a row (same columns every row: values are overwritten in place), then
 * the --set values and, with defaults, the form's defaults (nationality, employment
 * status...) where the row leaves a field empty, as a new record starts with them.
 * An update goes without defaults: a column the file lacks keeps the stored value. */
void fill_record(const struct importer *im, char **fl, int nf, struct record *rec,
    int defaults);

/* No person recorded yet (a first load may go in one transaction)? */
int  import_register_empty(struct db *db);
/* Tell the person waiting that the search indexes are being built (on the progress
 * line when there is one). */
void import_say_indexing(const struct importer *im);
/* The import's own audit row: the file and the report's counts. */
int  import_audit_summary(struct importer *im, char **err);
/* The file's name without its directories, for the audit rows' session. */
const char *import_file_name(const char *path);

/* Have the database to itself with a rollback journal (a bulk load's new pages are
 * written once, where the WAL writes them twice); 0 if someone else has it open.
 * _wal puts the usual journal back. */
int  import_journal_rollback(struct db *db);
void import_journal_wal(struct db *db);

/* The first load into an empty register (import_load.c): DB_OK or DB_ERROR when it
 * ran; DB_LOCKED when another connection has the database open, and the caller loads
 * in batches instead. */
int  import_first_load(struct importer *im, FILE *in, char **err);
#endif
