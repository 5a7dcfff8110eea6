/*
 * Export of people in the import format, so that an export imports back unchanged:
 * the person form's fields in form order, stored values (codes, YYYY-MM-DD dates),
 * and a verification column that import ignores. One audit row records the export.
 * With labels, for people rather than for import: the columns' labels, codes as
 * their labels and dates as DD/MM/YYYY, in the current language.
 */
#include "db/import.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/person_columns.h"
#include "db/role.h"
#include "form/form.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* The rows' columns: "SELECT <person_sql_fields>, o.code, p.data, p.verify_state". */
enum { EXP_ORG_CODE = PERSON_NCOLUMNS, EXP_DATA, EXP_VERIFY };

static const char *
column_value(sqlite3_stmt *st, const char *name, cJSON *data)
{
	int i = person_col_field_index(name);
	if (i < 0 && strcmp(name, "org_code") == 0)
		i = EXP_ORG_CODE;
	if (i >= 0) {
		const char *v = (const char *)sqlite3_column_text(st, i);
		return v ? v : "";
	}
	cJSON *it = cJSON_GetObjectItemCaseSensitive(data, name);
	return cJSON_IsString(it) ? it->valuestring : "";
}

int
db_export_people(struct db *db, const struct actor *who, FILE *out, long long *rows,
    char **err)
{
	return db_export_people_as(db, who, out, 0, rows, err);
}

/* One field's cell: the stored value, or with labels as a person reads it. */
static void
write_cell(FILE *out, const struct form_field *fl, const char *v, int labels, char end)
{
	if (!labels || *v == '\0') {
		csv_write_field(out, v, end);
		return;
	}
	char *shown = form_value_display_new(fl, v);
	csv_write_field(out, shown, end);
	free(shown);
}

int
db_export_people_as(struct db *db, const struct actor *who, FILE *out, int labels,
    long long *rows, char **err)
{
	*err = NULL;
	*rows = 0;
	if (!db_actor_may_read_records(who)) {
		*err = xstrdup(_("your role may not export records"));
		return DB_DENIED;
	}
	const struct form *f = form_get("person", err);
	if (f == NULL)
		return DB_ERROR;
	const struct form_field *vf = form_field(f, "verification");
	for (int i = 0; i < f->nfields; i++)
		if (!f->fields[i].readonly)
			csv_write_field(out, labels ? _(f->fields[i].label) : f->fields[i].name,
			    ',');
	csv_write_field(out, labels && vf != NULL ? _(vf->label) : "verification", '\n');

	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	sqlite3_stmt *st;
	/* A plain statement, not the cache: the read lasts the whole export. */
	char *sql = xasprintf("SELECT %s, o.code, p.data, p.verify_state"
	    " FROM person p JOIN org o ON o.id = p.org_id WHERE o.path >= ? AND o.path < ?"
	    " ORDER BY p.id", person_sql_fields());
	int ok = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK;
	free(sql);
	if (!ok)
		return db_fail(db, err);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *data = cJSON_Parse((const char *)sqlite3_column_text(st, EXP_DATA));
		for (int i = 0; i < f->nfields; i++)
			if (!f->fields[i].readonly)
				write_cell(out, &f->fields[i], column_value(st, f->fields[i].name,
				    data), labels, ',');
		cJSON_Delete(data);
		const char *vs = (const char *)sqlite3_column_text(st, EXP_VERIFY);
		if (vf != NULL)
			write_cell(out, vf, vs ? vs : "", labels, '\n');
		else
			csv_write_field(out, vs ? vs : "", '\n');
		(*rows)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	char detail[64];
	snprintf(detail, sizeof detail, "{\"rows\":%lld}", *rows);
	return db_audit_event(db, who, "export", "person", 0, detail, err);
}
