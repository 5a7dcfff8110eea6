/*
 * The person table's columns (see person_columns.h) and the statements made from
 * them. The statements are built once per process, not per call: the first load
 * prepares its insert from the same text, and a statement's text is the key of the
 * connection's statement cache.
 */
#include "db/person_columns.h"
#include "db/db_internal.h"
#include "core/strbuf.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct person_col person_cols[] = {
	{ "id_number",         "id_number",         PCOL_FIELD },
	{ "full_name",         "full_name",         PCOL_FIELD },
	{ "date_of_birth",     "date_of_birth",     PCOL_FIELD },
	{ "sex",               "sex",               PCOL_FIELD },
	{ "staff_category",    "staff_category",    PCOL_FIELD },
	{ "rank_code",         "rank_code",         PCOL_FIELD },
	{ "position",          "position",          PCOL_FIELD },
	{ "employment_status", "employment_status", PCOL_FIELD },
	{ "ethnicity",         "ethnicity",         PCOL_FIELD },
	{ "religion",          "religion",          PCOL_FIELD },
	{ "name_key",          NULL,                PCOL_NAME_KEY },
	{ "given_key",         NULL,                PCOL_GIVEN_KEY },
	{ "org_id",            NULL,                PCOL_ORG_ID },
	{ "data",              NULL,                PCOL_DATA },
	{ "verify_state",      "verification",         PCOL_DERIVED },
	{ "verify_at",         "verified_at",          PCOL_DERIVED },
	{ "verify_request_id", "verification_request", PCOL_DERIVED },
	{ "verify_by",         "verified_by",          PCOL_DERIVED },
	{ "verify_fields",     "verification_fields",  PCOL_DERIVED },
	{ NULL, NULL, PCOL_FIELD }
};

static char *sql_insert, *sql_update, *sql_select, *sql_fields;
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

/* The counts in the header are what the statements' parameter numbers and the
 * readers' offsets rest on: a table that disagrees is a programming error. */
static void
check_table(void)
{
	int i = 0;
	while (i < PERSON_NCOLUMNS && person_cols[i].from == PCOL_FIELD)
		i++;
	int fields = i;
	while (person_cols[i].column != NULL && person_cols[i].from != PCOL_DERIVED &&
	    person_cols[i].from != PCOL_FIELD)
		i++;
	int written = i;
	while (person_cols[i].column != NULL && person_cols[i].from == PCOL_DERIVED)
		i++;
	if (fields != PERSON_NCOLUMNS || written != PERSON_NWRITTEN ||
	    i - written != PERSON_NDERIVED || person_cols[i].column != NULL) {
		fprintf(stderr, "hoso: person_cols does not match person_columns.h\n");
		abort();
	}
}

static void
sql_build(void)
{
	check_table();
	struct strbuf sb;

	sb_init(&sb);
	sb_adds(&sb, "INSERT INTO person (");
	for (int i = 0; i < PERSON_NWRITTEN; i++)
		sb_addf(&sb, "%s, ", person_cols[i].column);
	sb_adds(&sb, "created_at, updated_at, updated_by) VALUES (");
	for (int i = 0; i < PERSON_NWRITTEN; i++)
		sb_addf(&sb, "?%d,", i + 1);
	sb_addf(&sb, "?%d,?%d,?%d)", PERSON_P_NOW, PERSON_P_NOW, PERSON_P_BY);
	sql_insert = sb_detach(&sb);

	sb_init(&sb);
	sb_adds(&sb, "UPDATE person SET ");
	for (int i = 0; i < PERSON_NWRITTEN; i++)
		sb_addf(&sb, "%s = ?%d, ", person_cols[i].column, i + 1);
	sb_addf(&sb, "updated_at = ?%d, updated_by = ?%d, version = version + 1"
	    " WHERE id = ?%d AND version = ?%d", PERSON_P_NOW, PERSON_P_BY, PERSON_P_ID,
	    PERSON_P_VERSION);
	sql_update = sb_detach(&sb);

	/* In the order of enum person_sel. */
	sb_init(&sb);
	sb_adds(&sb, "SELECT p.id, p.version");
	for (int i = 0; i < PERSON_NCOLUMNS; i++)
		sb_addf(&sb, ", p.%s", person_cols[i].column);
	sb_adds(&sb, ", o.code, o.path, p.data");
	for (int i = PERSON_NWRITTEN; i < PERSON_NWRITTEN + PERSON_NDERIVED; i++)
		sb_addf(&sb, ", p.%s", person_cols[i].column);
	sb_adds(&sb, ", p.updated_at, p.updated_by FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE p.id = ?1");
	sql_select = sb_detach(&sb);

	sb_init(&sb);
	for (int i = 0; i < PERSON_NCOLUMNS; i++)
		sb_addf(&sb, "%sp.%s", i ? ", " : "", person_cols[i].column);
	sql_fields = sb_detach(&sb);
}

const char *
person_sql_insert(void)
{
	pthread_once(&sql_once, sql_build);
	return sql_insert;
}

const char *
person_sql_update(void)
{
	pthread_once(&sql_once, sql_build);
	return sql_update;
}

const char *
person_sql_select_by_id(void)
{
	pthread_once(&sql_once, sql_build);
	return sql_select;
}

const char *
person_sql_fields(void)
{
	pthread_once(&sql_once, sql_build);
	return sql_fields;
}

static int
field_in(int from, int to, const char *name)
{
	for (int i = from; i < to; i++)
		if (strcmp(person_cols[i].field, name) == 0)
			return i;
	return -1;
}

int
person_col_field_index(const char *field)
{
	return field_in(0, PERSON_NCOLUMNS, field);
}

int
person_col_is_derived(const char *name)
{
	return field_in(PERSON_NWRITTEN, PERSON_NWRITTEN + PERSON_NDERIVED, name) >= 0;
}

const char *
person_col_text(const struct person_col *c, const struct record *rec,
    const struct person_row *row)
{
	switch (c->from) {
	case PCOL_FIELD:
		return record_get(rec, c->field);
	case PCOL_NAME_KEY:
		return row->name_key;
	case PCOL_GIVEN_KEY:
		return row->given_key;
	case PCOL_DATA:
		return row->data_json;
	case PCOL_ORG_ID:
	case PCOL_DERIVED:
		break;
	}
	return NULL;
}

void
person_cols_bind(sqlite3_stmt *st, const struct record *rec, const struct person_row *row)
{
	for (int i = 0; i < PERSON_NWRITTEN; i++) {
		const struct person_col *c = &person_cols[i];
		if (c->from == PCOL_ORG_ID)
			sqlite3_bind_int64(st, i + 1, row->org_id);
		else if (c->from == PCOL_FIELD)	/* an empty field is stored as NULL */
			db_bind_text_or_null(st, i + 1, person_col_text(c, rec, row));
		else
			sqlite3_bind_text(st, i + 1, person_col_text(c, rec, row), -1,
			    SQLITE_STATIC);
	}
}
