/*
 * What import and the sub-record module share with person.c: validation into the
 * column values of one row, and the insert/update of a prepared row inside the
 * caller's transaction. Not for use outside src/db/.
 */
#ifndef HOSO_PERSON_INTERNAL_H
#define HOSO_PERSON_INTERNAL_H
#include "db/db.h"
#include "db/person_columns.h"
#include "core/record.h"
#include "core/strbuf.h"

struct form;


/* Is the field one the person form requires (every row of an import must give it)? */
int person_field_required(const char *field);

/* Normalise rec in place and compute the row. Problems are appended to *problems as
 * "field\tmessage\n" lines (DB_INVALID). */
int   person_prepare(struct db *db, const struct actor *who, struct record *rec,
    struct person_row *row, struct strbuf *problems, char **err);
/* The same for a row of an import file: only the contract's five columns are
 * required. */
int   person_prepare_ex(struct db *db, const struct actor *who, struct record *rec,
    struct person_row *row, struct strbuf *problems, int from_file, char **err);
/* The same with agencies found by find_org (import workers use an in-memory map, not
 * the connection). find_org returns DB_OK with the agency's id and path (valid until
 * its next call in the thread), DB_NOTFOUND with a message, or DB_ERROR. */
typedef int (*person_org_fn)(void *ctx, const char *code, int64_t *id, const char **path,
    char **err);
int   person_prepare_with(person_org_fn find_org, void *org_ctx, const struct actor *who,
    struct record *rec, struct person_row *row, struct strbuf *problems, int from_file,
    char **err);
void  person_row_free(struct person_row *row);
int   person_row_insert(struct db *db, const struct actor *who, const struct record *rec,
    const struct person_row *row, const char *audit_action, int64_t *new_id, char **err);
/* The same with the audit row's after given (NULL: the record as JSON). */
int   person_row_insert_as(struct db *db, const struct actor *who,
    const struct record *rec, const struct person_row *row, const char *audit_action,
    const char *audit_after, int64_t *new_id, char **err);
/* The SHA-256 (hex) of what a person row stores, in a fixed order: the column values,
 * the agency code and the JSON of the other fields. An imported person's audit row
 * keeps it with the file's line instead of the whole record (the record itself is
 * the row; the first change's audit row has it as "before"). */
void  person_content_hash(const struct record *rec, const char *data_json, char out[65]);
/* Imports by earlier releases kept BLAKE2b-256 ("blake2b" in the audit row). */
enum content_hash { CONTENT_SHA256, CONTENT_BLAKE2B };
/* The same from the PCOL_FIELD column values (in person_cols order) at hand. */
void  person_content_hash_of(enum content_hash algo,
    const char *const cols[PERSON_NCOLUMNS], const char *org_code, const char *data_json,
    char out[65]);
/* {"line":"L","sha256":"H"}: the audit row's after for one imported person. */
char *person_import_after_new(long line, const char hash[65]);
int   person_row_update(struct db *db, const struct actor *who,
    const struct record *before, struct record *merged, const struct person_row *row,
    const char *audit_action, char **err);
/* "field\tmessage" lines -> "Label: message" lines; caller frees. */
char *person_problems_text(struct strbuf *problems);
/* Stored fields overlaid with those rec carries, without the derived fields; id and
 * version are rec's. Caller frees. */
struct record *person_merge(const struct record *stored, const struct record *rec);
/* DB_OK if the person exists within who's scope (and *version, if not NULL, is
 * theirs); DB_NOTFOUND with DB_MSG_NO_PERSON if missing or outside it. */
int   person_scope(struct db *db, const struct actor *who, int64_t person_id,
    int64_t *version, char **err);
/* 1 if a person with that ID number is recorded outside who's scope, 0 if not
 * (none, or within it), -1 on a database error (*err set). */
int   person_stored_out_of_scope(struct db *db, const struct actor *who,
    const char *id_number, char **err);
int   person_id_by_idnum(struct db *db, const char *id_number, int64_t *id, char **err);
/* Sub-records (item.c): the row form of a kind, and the insert/update of one row
 * inside the caller's transaction (rec->id 0 inserts). */
const struct form *item_form(const char *kind, char **err);
/* The JSON of a sub-record's fields other than its period; caller frees. */
char *item_data_json_new(const struct record *rec);
int   item_write(struct db *db, const struct actor *who, int64_t person_id,
    const char *kind, struct record *rec, const char *data_json, char **err);
/* The SHA-256 (hex) of what a sub-record row stores, for its audit rows' row_hash. */
/* The same as 32 bytes, as a bulk import keeps it. */
void  item_content_hash_bin(int64_t person_id, const char *kind, const char *date_from,
    const char *date_to, const char *data_json, unsigned char out[32]);
void  item_content_hash(int64_t person_id, const char *kind, const char *date_from,
    const char *date_to, const char *data_json, char out[65]);
#endif
