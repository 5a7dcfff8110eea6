/*
 * People: validation, insert, update with the optimistic version check, delete,
 * reading (logged as a view), and sub-records.
 *
 * A person row keeps the fields the data layer searches, scopes and reports on as
 * columns (person_columns.c) and every other field of forms/person.json in the
 * JSON column `data`. Each write is one transaction with its audit row, which holds
 * the record before and after as JSON.
 */
#include "db/person.h"
#include "db/person_internal.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/org_internal.h"
#include "db/org.h"
#include "db/role.h"
#include "db/verify.h"
#include "form/form.h"
#include "core/showtime.h"
#include "core/digest.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the field go into the JSON column (not a column, derived or org_code)? Asked
 * for every field of every imported row: a hash of the names, built once. */
static const char *other_names[64];
static unsigned    other_slots[128];	/* index + 1 */
static pthread_once_t other_once = PTHREAD_ONCE_INIT;

static void
other_init(void)
{
	int n = 0;
	for (int i = 0; person_cols[i].column != NULL; i++)
		if (person_cols[i].field != NULL)
			other_names[n++] = person_cols[i].field;
	other_names[n++] = "org_code";
	for (int i = 0; i < n; i++) {
		unsigned k = str_hash(other_names[i]) & 127;
		while (other_slots[k])
			k = (k + 1) & 127;
		other_slots[k] = (unsigned)i + 1;
	}
}

static int
in_data(const char *name)
{
	pthread_once(&other_once, other_init);
	for (unsigned k = str_hash(name) & 127; other_slots[k]; k = (k + 1) & 127)
		if (strcmp(other_names[other_slots[k] - 1], name) == 0)
			return 0;
	return 1;
}

/* Which entries of rec go into the JSON column, for the last layout this thread saw
 * (an import's rows all share one); NULL for records too wide to remember. */
static const unsigned char *
data_entries(const struct record *rec)
{
	static _Thread_local unsigned long long layout;
	static _Thread_local unsigned char is_data[256];
	if (rec->n > (int)sizeof is_data || rec->layout == 0)
		return NULL;
	if (layout != rec->layout) {
		for (int i = 0; i < rec->n; i++)
			is_data[i] = (unsigned char)in_data(rec->names[i]);
		layout = rec->layout;
	}
	return is_data;
}

void
person_row_free(struct person_row *row)
{
	free(row->name_key);
	free(row->given_key);
	free(row->data_json);
	row->name_key = row->given_key = row->data_json = NULL;
}

/* "nguyen van duc" -> "duc nguyen van": the given name is what people say. */
static char *
given_key_new(const char *name_key)
{
	const char *sp = strrchr(name_key, ' ');
	if (sp == NULL)
		return xstrdup(name_key);
	size_t first = (size_t)(sp - name_key), given = strlen(sp + 1);
	char *k = xmalloc(given + 1 + first + 1);
	memcpy(k, sp + 1, given);
	k[given] = ' ';
	memcpy(k + given + 1, name_key, first);
	k[given + 1 + first] = '\0';
	return k;
}

/* A field the person form marks required must be in every row of a file, as a
 * clerk must fill it to save: one set of rules however a record comes in. Other
 * fields a file does not carry, or leaves empty, are simply not recorded. */
int
person_field_required(const char *field)
{
	const struct form *f = form_get("person", NULL);
	const struct form_field *fld = f != NULL ? form_field(f, field) : NULL;
	return fld != NULL && fld->required && !fld->readonly;
}

static int
absent_ok(const struct record *rec, const char *field, int from_file)
{
	const char *v = record_get(rec, field);
	return (v == NULL || (from_file && v[0] == '\0')) && !person_field_required(field);
}

int
person_prepare(struct db *db, const struct actor *who, struct record *rec,
    struct person_row *row, struct strbuf *problems, char **err)
{
	return person_prepare_ex(db, who, rec, row, problems, 0, err);
}

/* Agencies looked up in the database, one statement per row. */
static int
org_from_db(void *ctx, const char *code, int64_t *id, const char **path, char **err)
{
	static _Thread_local struct org_info org;
	int rc = db_org_find(ctx, code, &org, err);
	/* A merged or closed agency keeps its code as history, and nobody. */
	if (rc == DB_OK && org.valid_to[0]) {
		*err = org_closed_message_new(code, org.valid_to, org.merged_into);
		return DB_NOTFOUND;
	}
	*id = org.id;
	*path = org.path;
	return rc;
}

int
person_prepare_ex(struct db *db, const struct actor *who, struct record *rec,
    struct person_row *row, struct strbuf *problems, int from_file, char **err)
{
	return person_prepare_with(org_from_db, db, who, rec, row, problems, from_file, err);
}

int
person_prepare_with(person_org_fn find_org, void *org_ctx, const struct actor *who,
    struct record *rec, struct person_row *row, struct strbuf *problems, int from_file,
    char **err)
{
	memset(row, 0, sizeof *row);
	const struct form *f = form_get("person", err);
	if (f == NULL)
		return DB_ERROR;
	/* Derived fields are never taken from input. */
	for (int i = PERSON_NWRITTEN; person_cols[i].column != NULL; i++)
		if (record_get(rec, person_cols[i].field) != NULL)
			record_set(rec, person_cols[i].field, "");
	struct form_error *errs = NULL;
	int nerr = form_check_record(f, rec, &errs);
	for (int i = 0; i < nerr; i++) {
		if (person_col_is_derived(errs[i].field) || absent_ok(rec, errs[i].field,
		    from_file))
			continue;
		/* The field travels separately: the reason without its "Label: ". */
		sb_addf(problems, "%s\t%s\n", errs[i].field,
		    errs[i].reason ? errs[i].reason : errs[i].message);
	}
	form_errors_free(errs, nerr);

	/* form_check_record also checked the ID number against sex and birth date, and
	 * that the birth date is not in the future. */
	const char *org_code = record_get(rec, "org_code");
	if (org_code && *org_code) {
		int64_t org_id;
		const char *org_path;
		char *e = NULL;
		int rc = find_org(org_ctx, org_code, &org_id, &org_path, &e);
		if (rc == DB_OK) {
			if (!db_scope_covers(who, org_path))
				sb_addf(problems, "org_code\t%s\n", _(DB_MSG_NOT_WRITABLE));
			row->org_id = org_id;
		} else if (rc == DB_NOTFOUND)
			sb_addf(problems, "org_code\t%s\n", e);
		else {
			*err = e;
			return DB_ERROR;
		}
		free(e);
	}
	if (problems->len > 0)
		return DB_INVALID;

	const char *name = record_get(rec, "full_name");
	row->name_key = text_fold_new(name);
	row->given_key = given_key_new(row->name_key);
	struct strbuf js;
	sb_init(&js);
	sb_grow(&js, 1024);	/* most people's fields fit: one allocation */
	sb_addc(&js, '{');
	int first = 1;
	const unsigned char *is_data = data_entries(rec);
	for (int i = 0; i < rec->n; i++) {
		const char *n = rec->names[i];
		if (rec->values[i][0] == '\0' || !(is_data ? is_data[i] : in_data(n)))
			continue;
		if (!first)
			sb_addc(&js, ',');
		first = 0;
		sb_add_json_str(&js, n);
		sb_addc(&js, ':');
		sb_add_json_str(&js, rec->values[i]);
	}
	sb_addc(&js, '}');
	row->data_json = sb_detach(&js);
	return DB_OK;
}

/* Length-prefixed, so that no choice of values can collide with another. */
static void
content_add(struct strbuf *sb, const char *v)
{
	if (v == NULL)
		v = "";
	size_t n = strlen(v);
	sb_add_ull(sb, n);
	sb_addc(sb, ':');
	sb_addn(sb, v, n);
}

void
person_content_hash(const struct record *rec, const char *data_json, char out[65])
{
	const char *cols[PERSON_NCOLUMNS];
	for (int i = 0; i < PERSON_NCOLUMNS; i++)
		cols[i] = record_get(rec, person_cols[i].field);
	person_content_hash_of(CONTENT_SHA256, cols, record_get(rec, "org_code"), data_json,
	    out);
}

void
person_content_hash_of(enum content_hash algo, const char *const cols[PERSON_NCOLUMNS],
    const char *org_code, const char *data_json, char out[65])
{
	/* Serialised first and hashed in one call: fed piece by piece, the calls cost
	 * as much as the hashing. */
	struct strbuf sb;
	sb_init(&sb);
	sb_grow(&sb, 2048);
	for (int i = 0; i < PERSON_NCOLUMNS; i++)
		content_add(&sb, cols[i]);
	content_add(&sb, org_code);
	content_add(&sb, data_json);
	if (algo == CONTENT_SHA256)
		digest_sha256_hex(sb.buf, sb.len, out);
	else
		digest_blake2b_hex(sb.buf, sb.len, out);
	sb_free(&sb);
}

char *
person_import_after_new(long line, const char hash[65])
{
	/* Built by hand, not by printf: it is made for every imported row. */
	struct strbuf sb;
	sb_init(&sb);
	sb_grow(&sb, 128);
	sb_adds(&sb, "{\"line\":\"");
	sb_add_ull(&sb, (unsigned long long)(line < 0 ? 0 : line));
	sb_adds(&sb, "\",\"sha256\":\"");
	sb_addn(&sb, hash, 64);
	sb_adds(&sb, "\"}");
	return sb_detach(&sb);
}

int
person_row_insert(struct db *db, const struct actor *who, const struct record *rec,
    const struct person_row *row, const char *audit_action, int64_t *new_id, char **err)
{
	return person_row_insert_as(db, who, rec, row, audit_action, NULL, new_id, err);
}

int
person_row_insert_as(struct db *db, const struct actor *who, const struct record *rec,
    const struct person_row *row, const char *audit_action, const char *audit_after,
    int64_t *new_id, char **err)
{
	sqlite3_stmt *st = db_stmt(db, person_sql_insert(), err);
	if (st == NULL)
		return DB_ERROR;
	char now[32];
	db_now(now);
	person_cols_bind(st, rec, row);
	sqlite3_bind_text(st, PERSON_P_NOW, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, PERSON_P_BY, who->username, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (db_unique_violation(db, rc)) {
		*err = xasprintf(_("a person with ID number %s is already recorded"),
		    record_get(rec, "id_number"));
		return DB_CONFLICT;
	}
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	*new_id = sqlite3_last_insert_rowid(db_sqlite(db));
	if (audit_after != NULL)	/* an import's: it holds the content hash */
		return db_audit(db, who, audit_action, "person", *new_id, NULL, audit_after, err);
	char *after = record_to_json(rec), hash[65];
	person_content_hash(rec, row->data_json, hash);
	rc = db_audit_row(db, who, audit_action, "person", *new_id, NULL, after, hash, err);
	free(after);
	return rc;
}

/* The person's agency path and version; DB_NOTFOUND also when out of scope (the
 * sub-records of item.c are scoped by their person through it). */
int
person_scope(struct db *db, const struct actor *who, int64_t person_id, int64_t *version,
    char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT o.path, p.version FROM person p JOIN org o"
	    " ON o.id = p.org_id WHERE p.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	int ok = rc == SQLITE_ROW && db_actor_sees_person(who, person_id,
	    (const char *)sqlite3_column_text(st, 0));
	if (rc == SQLITE_ROW && version != NULL)
		*version = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!ok) {
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return DB_NOTFOUND;
	}
	return DB_OK;
}

int
person_stored_out_of_scope(struct db *db, const struct actor *who, const char *id_number,
    char **err)
{
	int64_t id;
	char *e = NULL;
	int rc = person_id_by_idnum(db, id_number, &id, &e);
	if (rc == DB_OK)
		rc = person_scope(db, who, id, NULL, &e);
	if (rc == DB_ERROR) {
		*err = e;
		return -1;
	}
	free(e);
	return rc == DB_NOTFOUND && id != 0;
}

/* After a UNIQUE conflict on rec's ID number (in *err): if the person holding it is
 * outside who's scope, the answer an agency outside it gets instead. */
static void
conflict_in_scope(struct db *db, const struct actor *who, const struct record *rec,
    char **err)
{
	char *e = NULL;
	if (person_stored_out_of_scope(db, who, record_get(rec, "id_number"), &e) == 1) {
		struct strbuf p;
		sb_init(&p);
		sb_addf(&p, "org_code\t%s\n", _(DB_MSG_NOT_WRITABLE));
		free(*err);
		*err = person_problems_text(&p);
		sb_free(&p);
	}
	free(e);
}

int
db_person_insert(struct db *db, const struct actor *who, struct record *rec,
    int64_t *new_id, char **err)
{
	*err = NULL;
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	struct strbuf problems;
	sb_init(&problems);
	struct person_row row;
	int rc = person_prepare(db, who, rec, &row, &problems, err);
	if (rc == DB_INVALID)
		*err = person_problems_text(&problems);
	sb_free(&problems);
	if (rc != DB_OK) {
		person_row_free(&row);
		return rc;
	}
	if ((rc = db_begin(db, err)) != DB_OK) {
		person_row_free(&row);
		return rc;
	}
	rc = person_row_insert(db, who, rec, &row, "insert", new_id, err);
	if (rc == DB_CONFLICT)
		conflict_in_scope(db, who, rec, err);
	if (rc == DB_OK)
		rc = db_verify_enqueue(db, who, *new_id, 1, err);
	person_row_free(&row);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	rec->id = *new_id;
	rec->version = 1;
	return db_commit(db, err);
}

char *
person_problems_text(struct strbuf *problems)
{
	/* "field\tmessage\n" lines -> "label: message\n" for people to read. */
	const struct form *f = form_get("person", NULL);
	struct strbuf out;
	sb_init(&out);
	char *save = NULL;
	char *copy = xstrdup(problems->buf);
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (tab == NULL) {
			sb_addf(&out, "%s\n", line);
			continue;
		}
		*tab = '\0';
		const struct form_field *fld = f ? form_field(f, line) : NULL;
		sb_addf(&out, "%s: %s\n", fld ? _(fld->label) : line, tab + 1);
	}
	free(copy);
	if (out.len > 0)
		out.buf[--out.len] = '\0';
	return sb_detach(&out);
}

/* Fill rec from a person row selected with person_sql_select_by_id. */
static struct record *
person_from_row(sqlite3_stmt *st, char path[256])
{
	struct record *r = record_new();
	r->id = sqlite3_column_int64(st, PSEL_ID);
	r->version = sqlite3_column_int64(st, PSEL_VERSION);
	for (int i = 0; i < PERSON_NCOLUMNS; i++)
		record_set(r, person_cols[i].field,
		    (const char *)sqlite3_column_text(st, PSEL_FIELDS + i));
	record_set(r, "org_code", (const char *)sqlite3_column_text(st, PSEL_ORG_CODE));
	snprintf(path, 256, "%s", (const char *)sqlite3_column_text(st, PSEL_ORG_PATH));
	cJSON *data = cJSON_Parse((const char *)sqlite3_column_text(st, PSEL_DATA));
	cJSON *it;
	cJSON_ArrayForEach(it, data)
		if (cJSON_IsString(it))
			record_set(r, it->string, it->valuestring);
	cJSON_Delete(data);
	for (int i = 0; i < PERSON_NDERIVED; i++)
		record_set(r, person_cols[PERSON_NWRITTEN + i].field,
		    (const char *)sqlite3_column_text(st, PSEL_DERIVED + i));
	record_set(r, "updated_at", (const char *)sqlite3_column_text(st, PSEL_UPDATED_AT));
	record_set(r, "updated_by", (const char *)sqlite3_column_text(st, PSEL_UPDATED_BY));
	return r;
}

/* Load a person by id, in or out of scope; *path is the agency's path. */
static int
person_load(struct db *db, int64_t id, struct record **out, char path[256], char **err)
{
	sqlite3_stmt *st = db_stmt(db, person_sql_select_by_id(), err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = person_from_row(st, path);
		sqlite3_reset(st);
		return DB_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	*err = xstrdup(_(DB_MSG_NO_PERSON));
	return DB_NOTFOUND;
}

/* A look-up refused for scope is kept in the audit trail like a view (someone
 * probing for records outside their agency shows there). DB_NOTFOUND, or DB_ERROR if
 * the row could not be written (*err replaced). */
static int
view_refused(struct db *db, const struct actor *who, int64_t id, const char *purpose,
    char **err)
{
	char *detail = json_object_new("purpose", purpose, NULL);
	char *e = NULL;
	int rc = db_audit_event(db, who, "refused view", "person", id, detail, &e);
	free(detail);
	if (rc == DB_OK)
		return DB_NOTFOUND;
	free(*err);
	*err = e;
	return DB_ERROR;
}

static int
person_get_scoped(struct db *db, const struct actor *who, int64_t id, const char *purpose,
    struct record **out, char **err)
{
	char path[256];
	struct record *r = NULL;
	int rc = person_load(db, id, &r, path, err);
	if (rc != DB_OK)
		return rc;
	if (!db_actor_sees_person(who, id, path)) {
		record_free(r);
		/* Same answer as for a missing record: scope must not leak existence. */
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return purpose != NULL ? view_refused(db, who, id, purpose, err) : DB_NOTFOUND;
	}
	if (purpose != NULL) {
		char *detail = json_object_new("purpose", purpose, NULL);
		rc = db_audit_event(db, who, "view", "person", id, detail, err);
		free(detail);
		if (rc != DB_OK) {
			record_free(r);
			return rc;
		}
	}
	*out = r;
	return DB_OK;
}

int
db_person_get(struct db *db, const struct actor *who, int64_t id, const char *purpose,
    struct record **out, char **err)
{
	*err = NULL;
	return person_get_scoped(db, who, id, purpose, out, err);
}

int
person_id_by_idnum(struct db *db, const char *id_number, int64_t *id, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM person WHERE id_number = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, id_number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return DB_OK;
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	*err = xasprintf(_("no person has the ID number %s"), id_number);
	return DB_NOTFOUND;
}

int
db_person_get_by_idnum(struct db *db, const struct actor *who, const char *id_number,
    const char *purpose, struct record **out, char **err)
{
	*err = NULL;
	int64_t id;
	int rc = person_id_by_idnum(db, id_number, &id, err);
	if (rc != DB_OK)
		return rc;
	rc = person_get_scoped(db, who, id, purpose, out, err);
	if (rc == DB_NOTFOUND) {
		free(*err);
		*err = xasprintf(_("no person has the ID number %s"), id_number);
	}
	return rc;
}

/* Who saved the row last, for the conflict message. */
static char *
conflict_message(struct db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT updated_by, updated_at, version FROM person"
	    " WHERE id = ?", NULL);
	if (st == NULL)
		return xstrdup(_("someone else changed this record since you opened it"));
	sqlite3_bind_int64(st, 1, id);
	char *msg;
	if (sqlite3_step(st) == SQLITE_ROW) {
		/* Read by a clerk: local time, as clerks write it (core/showtime.h). */
		char shown[17];
		showtime_format((const char *)sqlite3_column_text(st, 1), shown);
		msg = xasprintf(_("changed by %s at %s since you opened it"),
		    sqlite3_column_text(st, 0), shown);
	} else
		msg = xstrdup(_("someone else deleted this record since you opened it"));
	sqlite3_reset(st);
	return msg;
}

/* Does the change touch what the population gateway checks? */
static int
identity_changed(const struct record *a, const struct record *b)
{
	static const char *const keys[] = {"id_number", "full_name", "date_of_birth", "sex", NULL};
	for (int i = 0; keys[i]; i++) {
		const char *x = record_get(a, keys[i]), *y = record_get(b, keys[i]);
		if (strcmp(x ? x : "", y ? y : "") != 0)
			return 1;
	}
	return 0;
}

int
person_row_update(struct db *db, const struct actor *who, const struct record *before,
    struct record *merged, const struct person_row *row, const char *audit_action,
    char **err)
{
	sqlite3_stmt *st = db_stmt(db, person_sql_update(), err);
	if (st == NULL)
		return DB_ERROR;
	char now[32];
	db_now(now);
	person_cols_bind(st, merged, row);
	sqlite3_bind_text(st, PERSON_P_NOW, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, PERSON_P_BY, who->username, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, PERSON_P_ID, merged->id);
	sqlite3_bind_int64(st, PERSON_P_VERSION, merged->version);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (db_unique_violation(db, rc)) {
		*err = xasprintf(_("a person with ID number %s is already recorded"),
		    record_get(merged, "id_number"));
		return DB_CONFLICT;
	}
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	if (sqlite3_changes(db_sqlite(db)) == 0) {
		*err = conflict_message(db, merged->id);
		return DB_CONFLICT;
	}
	merged->version++;
	char *b = record_to_json(before), *a = record_to_json(merged), hash[65];
	person_content_hash(merged, row->data_json, hash);
	rc = db_audit_row(db, who, audit_action, "person", merged->id, b, a, hash, err);
	free(b);
	free(a);
	return rc;
}

/* Stored fields overlaid with those rec carries; derived fields dropped. */
struct record *
person_merge(const struct record *stored, const struct record *rec)
{
	struct record *m = record_new();
	for (int i = 0; i < stored->n; i++) {
		const char *n = stored->names[i];
		if (person_col_is_derived(n) || strcmp(n, "updated_at") == 0 ||
		    strcmp(n, "updated_by") == 0)
			continue;
		record_set(m, n, stored->values[i]);
	}
	for (int i = 0; i < rec->n; i++) {
		const char *n = rec->names[i];
		if (person_col_is_derived(n) || strcmp(n, "updated_at") == 0 ||
		    strcmp(n, "updated_by") == 0)
			continue;
		record_set(m, n, rec->values[i]);
	}
	m->id = rec->id;
	m->version = rec->version;
	return m;
}

int
db_person_update(struct db *db, const struct actor *who, struct record *rec, char **err)
{
	*err = NULL;
	if (!db_actor_may_write(who)) {
		*err = xstrdup(_("your role may not change records"));
		return DB_DENIED;
	}
	struct record *stored = NULL;
	char path[256];
	int rc = person_load(db, rec->id, &stored, path, err);
	if (rc != DB_OK)
		return rc;
	if (!db_scope_covers(who, path)) {
		record_free(stored);
		free(*err);
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return DB_NOTFOUND;
	}
	struct record *merged = person_merge(stored, rec);
	struct strbuf problems;
	sb_init(&problems);
	struct person_row row;
	rc = person_prepare(db, who, merged, &row, &problems, err);
	if (rc == DB_INVALID)
		*err = person_problems_text(&problems);
	sb_free(&problems);
	if (rc == DB_OK && (rc = db_begin(db, err)) == DB_OK) {
		struct record *before = person_merge(stored, stored);
		rc = person_row_update(db, who, before, merged, &row, "update", err);
		if (rc == DB_CONFLICT)
			conflict_in_scope(db, who, merged, err);
		if (rc == DB_OK && identity_changed(before, merged))
			rc = db_verify_enqueue(db, who, merged->id, merged->version, err);
		record_free(before);
		if (rc == DB_OK)
			rc = db_commit(db, err);
		else
			db_rollback(db);
	}
	person_row_free(&row);
	if (rc == DB_OK) {
		/* Hand the normalised values and the new version back to the caller. */
		for (int i = 0; i < merged->n; i++)
			record_set(rec, merged->names[i], merged->values[i]);
		rec->version = merged->version;
	}
	record_free(stored);
	record_free(merged);
	return rc;
}

/* A person's sub-records go with it (ON DELETE CASCADE): each gets its delete row
 * first, so that hoso check knows they left through hoso. */
static int
delete_items_audited(struct db *db, const struct actor *who, int64_t person_id,
    char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT id, kind, data FROM person_item"
	    " WHERE person_id = ? ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	sqlite3_bind_int64(st, 1, person_id);
	int rc = DB_OK, r;
	while (rc == DB_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		char *entity = xasprintf("person_item:%s", sqlite3_column_text(st, 1));
		rc = db_audit(db, who, "delete", entity, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 2), NULL, err);
		free(entity);
	}
	if (rc == DB_OK && r != SQLITE_DONE)
		rc = db_fail(db, err);
	sqlite3_finalize(st);
	return rc;
}

int
db_person_delete(struct db *db, const struct actor *who, int64_t id, int64_t version,
    char **err)
{
	*err = NULL;
	if (!db_actor_may_delete(who)) {
		*err = xstrdup(_("only an administrator may delete a record"));
		return DB_DENIED;
	}
	struct record *stored = NULL;
	char path[256];
	int rc = person_load(db, id, &stored, path, err);
	if (rc != DB_OK)
		return rc;
	if (!db_scope_covers(who, path)) {
		record_free(stored);
		*err = xstrdup(_(DB_MSG_NO_PERSON));
		return DB_NOTFOUND;
	}
	if ((rc = db_begin(db, err)) != DB_OK) {
		record_free(stored);
		return rc;
	}
	/* The sub-records go with the person (ON DELETE CASCADE): each deletion is
	 * audited, so that hoso check knows them gone on purpose. */
	if ((rc = delete_items_audited(db, who, id, err)) != DB_OK)
		goto fail;
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM person WHERE id = ? AND version = ?", err);
	if (st == NULL) {
		rc = DB_ERROR;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_fail(db, err);
		goto fail;
	}
	if (sqlite3_changes(db_sqlite(db)) == 0) {
		*err = conflict_message(db, id);
		rc = DB_CONFLICT;
		goto fail;
	}
	char *before = record_to_json(stored);
	rc = db_audit(db, who, "delete", "person", id, before, NULL, err);
	free(before);
	if (rc != DB_OK)
		goto fail;
	record_free(stored);
	return db_commit(db, err);
fail:
	db_rollback(db);
	record_free(stored);
	return rc;
}
