/*
 * Extending code lists and counting their use (db/codes.h). A value is used by the
 * person fields whose code list it belongs to, as columns of person (person_cols)
 * or inside its JSON, and by the sub-record fields of the grids' forms, inside
 * person_item's JSON: the count query is made from the forms, so that a field
 * that gains a code list is counted without an edit here.
 */
#include "db/codes.h"
#include "db/db_internal.h"
#include "db/person_columns.h"
#include "db/role.h"
#include "form/form.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
db_code_add(struct db *db, const struct actor *who, const char *list, const char *code,
    const char *label_vi, const char *label_en, char **err)
{
	*err = NULL;
	if (!db_actor_may_edit_codes(who)) {
		*err = xstrdup(_("only a national administrator may extend the code lists"));
		return DB_DENIED;
	}
	if (codes_file_add(list, code, label_vi, label_en, err) != 0)
		return DB_INVALID;
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	sqlite3_stmt *st = db_stmt(db, "INSERT OR REPLACE INTO code (list, code, label, label_en)"
	    " VALUES (?,?,?,?)", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, list, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, label_vi, -1, SQLITE_TRANSIENT);
	db_bind_text_or_null(st, 4, label_en);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, err);
		goto fail;
	}
	char *after = json_object_new("list", list, "code", code, "label", label_vi,
	    "label_en", label_en ? label_en : "", NULL);
	int rc = db_audit_commit(db, who, "insert", "code", 0, NULL, after, err);
	free(after);
	return rc;
fail:
	db_rollback(db);
	return DB_ERROR;
}

/* Names put into the SQL text: [a-z0-9_] only. */
static bool
sql_name_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* The person column holding field, or NULL when it lives in the JSON. */
static const char *
person_column(const char *field)
{
	for (int i = 0; person_cols[i].column != NULL; i++)
		if (person_cols[i].from == PCOL_FIELD && strcmp(person_cols[i].field, field) == 0)
			return person_cols[i].column;
	return NULL;
}

/* "p.id IN (...)" branches for each field of f with list (?1 is the code). */
static void
usage_terms(struct strbuf *sb, const struct form *f, const char *list, const char *kind,
    int *n)
{
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fd = &f->fields[i];
		if (fd->codes == NULL || strcmp(fd->codes, list) != 0 || !sql_name_ok(fd->name))
			continue;
		const char *col = kind == NULL ? person_column(fd->name) : NULL;
		if (kind != NULL)
			sb_addf(sb, "%s p.id IN (SELECT person_id FROM person_item WHERE kind = '%s'"
			    " AND json_extract(data, '$.%s') = ?1)", *n ? " OR" : "", kind, fd->name);
		else if (col != NULL)
			sb_addf(sb, "%s p.%s = ?1", *n ? " OR" : "", col);
		else
			sb_addf(sb, "%s json_extract(p.data, '$.%s') = ?1", *n ? " OR" : "",
			    fd->name);
		(*n)++;
	}
}

int
db_code_usage(struct db *db, const struct actor *who, const char *list, const char *code,
    long *people, char **err)
{
	*err = NULL;
	*people = 0;
	const struct form *pf = form_get("person", err);
	if (pf == NULL)
		return DB_ERROR;
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE o.path >= ?2 AND o.path < ?3 AND (");
	int n = 0;
	usage_terms(&sb, pf, list, NULL, &n);
	for (int g = 0; g < pf->ngrids; g++) {
		char *e = NULL;
		const struct form *gf = form_get(pf->grids[g].form, &e);
		free(e);
		if (gf != NULL && sql_name_ok(pf->grids[g].name))
			usage_terms(&sb, gf, list, pf->grids[g].name, &n);
	}
	sb_adds(&sb, ")");
	int rc = DB_OK;
	if (n > 0) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db_sqlite(db), sb.buf, -1, &st, NULL) != SQLITE_OK) {
			rc = db_fail(db, err);
		} else {
			char lo[256], hi[256];
			db_scope_range(who, lo, hi);
			sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW)
				*people = sqlite3_column_int64(st, 0);
			else
				rc = db_fail(db, err);
			sqlite3_finalize(st);
		}
	}
	sb_free(&sb);
	return rc;
}
