/*
 * The person table's columns, in one table that the insert, the update, the
 * read and the first load's binds are all made from (src/db/ only). Adding a
 * column is one line in person_columns.c (and its migration in schema.c).
 *
 * The statements are built once (person_sql_*), and bind ?1 .. ?PERSON_NWRITTEN in
 * the table's order, then the parameters of enum person_param.
 */
#ifndef HOSO_DB_PERSON_COLUMNS_H
#define HOSO_DB_PERSON_COLUMNS_H
#include <sqlite3.h>
#include "core/record.h"

#include <stdint.h>

/* What a write stores besides the record's own fields (person_prepare makes it). */
struct person_row {
	int64_t org_id;
	char   *name_key;	/* owned */
	char   *given_key;	/* owned */
	char   *data_json;	/* owned */
};

/* Where a column's value comes from. */
enum person_col_from {
	PCOL_FIELD,	/* the record's field of that name; NULL when empty */
	PCOL_NAME_KEY,	/* the row's folded full name */
	PCOL_GIVEN_KEY,	/* the row's folded name, given name first */
	PCOL_ORG_ID,	/* the row's agency (the record's org_code, resolved) */
	PCOL_DATA,	/* the row's JSON of every other field */
	PCOL_DERIVED	/* kept by the data layer (verification): read, never written */
};

struct person_col {
	const char          *column;
	const char          *field;	/* the record's name for it (FIELD, DERIVED) */
	enum person_col_from from;
};

/* The PCOL_FIELD columns come first (their order is that of the content hash), then
 * the rest of what a write binds, then the PCOL_DERIVED ones; NULL column after. */
#define PERSON_NCOLUMNS 10	/* PCOL_FIELD */
#define PERSON_NWRITTEN 14	/* bound by an insert or update: ?1 .. ?14 */
#define PERSON_NDERIVED 5
extern const struct person_col person_cols[];

/* Parameters after the written columns. */
enum person_param {
	PERSON_P_NOW = PERSON_NWRITTEN + 1,	/* created_at (insert) and updated_at */
	PERSON_P_BY,				/* updated_by */
	PERSON_P_ID,				/* update: the row's id */
	PERSON_P_VERSION			/* update: the version read */
};

/* The columns of person_sql_select_by_id's rows. */
enum person_sel {
	PSEL_ID, PSEL_VERSION,
	PSEL_FIELDS,					/* PERSON_NCOLUMNS of them */
	PSEL_ORG_CODE = PSEL_FIELDS + PERSON_NCOLUMNS, PSEL_ORG_PATH, PSEL_DATA,
	PSEL_DERIVED,					/* PERSON_NDERIVED of them */
	PSEL_UPDATED_AT = PSEL_DERIVED + PERSON_NDERIVED, PSEL_UPDATED_BY
};

const char *person_sql_insert(void);
const char *person_sql_update(void);
/* Binds ?1 the person's id. */
const char *person_sql_select_by_id(void);
/* "p.id_number, p.full_name, ...": the PCOL_FIELD columns, for other readers. */
const char *person_sql_fields(void);
/* The index in person_cols of the PCOL_FIELD column of that field, or -1. */
int person_col_field_index(const char *field);

/* Is name a derived field? */
int person_col_is_derived(const char *name);

/* The text a column takes from rec and row (NULL: none, or not text: PCOL_ORG_ID and
 * PCOL_DERIVED). */
const char *person_col_text(const struct person_col *c, const struct record *rec,
    const struct person_row *row);
/* Bind rec's and row's values to ?1 .. ?PERSON_NWRITTEN. */
void person_cols_bind(sqlite3_stmt *st, const struct record *rec,
    const struct person_row *row);
#endif
