/*
 * Asset declarations (assets.h). Rows are append-only (triggers in the schema); a
 * correction is the next version of the same person, kind and year and names the
 * version it corrects. Increases are compared with the person's latest
 * declaration, group by group, for the groups the rules mark as assets held.
 */
#include "db/assets.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/role.h"
#include "form/form.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECL_SELECT "SELECT d.id, d.person_id, p.id_number, p.full_name, d.kind, d.year," \
	" d.version, coalesce(d.supersedes, 0), d.submitted_by, d.submitted_at, d.amounts," \
	" d.origins, o.path FROM asset_decl d JOIN person p ON p.id = d.person_id" \
	" JOIN org o ON o.id = p.org_id"

static void
decl_from_row(sqlite3_stmt *st, struct asset_decl *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, 0);
	d->person_id = sqlite3_column_int64(st, 1);
	db_column_copy(st, 2, d->id_number, sizeof d->id_number);
	db_column_copy(st, 3, d->full_name, sizeof d->full_name);
	db_column_copy(st, 4, d->kind, sizeof d->kind);
	d->year = sqlite3_column_int(st, 5);
	d->version = sqlite3_column_int(st, 6);
	d->supersedes = sqlite3_column_int64(st, 7);
	db_column_copy(st, 8, d->submitted_by, sizeof d->submitted_by);
	db_column_copy(st, 9, d->submitted_at, sizeof d->submitted_at);
	d->amounts = record_from_json((const char *)sqlite3_column_text(st, 10));
	d->origins = record_from_json((const char *)sqlite3_column_text(st, 11));
	if (d->amounts == NULL)
		d->amounts = record_new();
	if (d->origins == NULL)
		d->origins = record_new();
}

/* The narrower rule: the person, a national administrator, or a designated
 * officer over the person's agency. */
static bool
may_read(const struct actor *who, int64_t person_id, const char *org_path)
{
	if (db_actor_is_self(who))
		return who->person_id != 0 && who->person_id == person_id;
	if (who->role == ROLE_NATIONAL_ADMIN && db_scope_covers(who, org_path))
		return true;
	return who->asset_officer && db_scope_covers(who, org_path);
}

/* The person's agency path, for the read rule. */
static int
person_path(struct db *db, int64_t person_id, char path[256], char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT o.path FROM person p JOIN org o"
	    " ON o.id = p.org_id WHERE p.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	path[0] = '\0';
	if (rc == SQLITE_ROW)
		db_column_copy(st, 0, path, 256);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

/* DB_DENIED after auditing the refusal. */
static int
refuse(struct db *db, const struct actor *who, const char *entity, int64_t id,
    char **err)
{
	char *e = NULL;
	if (db_audit_event(db, who, "refused view", entity, id, NULL, &e) != DB_OK) {
		*err = e;
		return DB_ERROR;
	}
	*err = xstrdup(_("asset declarations are read only by the person, the agency's "
	    "designated officers and national administrators"));
	return DB_DENIED;
}

static bool
whole_vnd(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 16)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* The latest declaration of the person (no audit: the caller's own), or found 0. */
static int
latest(struct db *db, int64_t person_id, struct asset_decl *out, int *found, char **err)
{
	*found = 0;
	sqlite3_stmt *st = db_stmt(db, DECL_SELECT " WHERE d.person_id = ?"
	    " ORDER BY d.submitted_at DESC, d.id DESC LIMIT 1", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		decl_from_row(st, out);
		*found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

static char *
json_all_new(const struct record *r)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addc(&sb, '{');
	for (int i = 0; i < r->n; i++) {
		if (i > 0)
			sb_addc(&sb, ',');
		sb_add_json_str(&sb, r->names[i]);
		sb_addc(&sb, ':');
		sb_add_json_str(&sb, r->values[i]);
	}
	sb_addc(&sb, '}');
	return sb_detach(&sb);
}

/* Check amounts and origins against the rules and the last declaration; problems
 * one per line into sb. */
static void
check(const struct asset_rules *rules, const char *kind, int year,
    const struct record *amounts, const struct record *origins,
    const struct asset_decl *last, struct strbuf *sb)
{
	if (asset_rules_find(rules->kinds, rules->nkinds, kind) == NULL)
		sb_addf(sb, _("unknown kind of declaration: %s\n"), kind);
	if (year < 2000 || year > 2100)
		sb_addf(sb, _("not a year: %d\n"), year);
	for (int i = 0; i < amounts->n; i++) {
		const struct asset_item *g = asset_rules_find(rules->groups, rules->ngroups,
		    amounts->names[i]);
		if (g == NULL)
			sb_addf(sb, _("unknown group of assets: %s\n"), amounts->names[i]);
		else if (!whole_vnd(amounts->values[i]))
			sb_addf(sb, _("%s: a whole number of VND, digits only\n"),
			    asset_item_label(g));
	}
	for (int i = 0; last != NULL && i < rules->ngroups; i++) {
		const struct asset_item *g = &rules->groups[i];
		const char *now = record_get(amounts, g->code);
		const char *was = record_get(last->amounts, g->code);
		if (!g->stock || !whole_vnd(now))
			continue;
		long long rise = atoll(now) - (whole_vnd(was) ? atoll(was) : 0);
		const char *why = record_get(origins, g->code);
		if (rise >= rules->increase_threshold && (why == NULL || *why == '\0'))
			sb_addf(sb, _("%s: up %lld VND since the last declaration: say where the "
			    "increase came from\n"), asset_item_label(g), rise);
	}
}

int
db_asset_submit(struct db *db, const struct actor *who, const char *kind, int year,
    const struct record *amounts, const struct record *origins, int64_t *id,
    char **err)
{
	*err = NULL;
	*id = 0;
	if (!db_actor_is_self(who) || who->person_id == 0) {
		*err = xstrdup(_("a declaration of assets is made by the person, through "
		    "their own account"));
		return DB_DENIED;
	}
	struct asset_rules *rules = asset_rules_new(err);
	if (rules == NULL)
		return DB_ERROR;
	struct asset_decl last;
	int found;
	int rc = latest(db, who->person_id, &last, &found, err);
	if (rc != DB_OK) {
		asset_rules_free(rules);
		return rc;
	}
	struct strbuf problems;
	sb_init(&problems);
	check(rules, kind, year, amounts, origins, found ? &last : NULL, &problems);
	asset_rules_free(rules);
	if (found)
		db_asset_clear(&last);
	if (problems.len > 0) {
		problems.buf[problems.len - 1] = '\0';
		*err = sb_detach(&problems);
		return DB_INVALID;
	}
	sb_free(&problems);
	if ((rc = db_begin(db, err)) != DB_OK)
		return rc;
	/* The version this one corrects, if any. */
	sqlite3_stmt *st = db_stmt(db, "SELECT id, version FROM asset_decl WHERE"
	    " person_id = ? AND kind = ? AND year = ? ORDER BY version DESC LIMIT 1", err);
	if (st == NULL) {
		db_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int64(st, 1, who->person_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, year);
	int64_t prev = 0;
	int version = 1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		prev = sqlite3_column_int64(st, 0);
		version = sqlite3_column_int(st, 1) + 1;
	}
	sqlite3_reset(st);
	char now[32];
	db_now(now);
	char *aj = json_all_new(amounts), *oj = json_all_new(origins);
	st = db_stmt(db, "INSERT INTO asset_decl (person_id, kind, year, version, supersedes,"
	    " amounts, origins, submitted_by, submitted_at) VALUES (?,?,?,?,nullif(?,0),?,?,?,?)",
	    err);
	rc = st == NULL ? DB_ERROR : DB_OK;
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, who->person_id);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, year);
		sqlite3_bind_int(st, 4, version);
		sqlite3_bind_int64(st, 5, prev);
		sqlite3_bind_text(st, 6, aj, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, oj, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, who->username, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, err);
		sqlite3_reset(st);
	}
	free(aj);
	free(oj);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	*id = sqlite3_last_insert_rowid(db_sqlite(db));
	/* The amounts stay out of the trail: it is read more widely than they may be. */
	char detail[128];
	snprintf(detail, sizeof detail, "{\"person\":%lld,\"kind\":\"%s\",\"year\":%d,"
	    "\"version\":%d}", (long long)who->person_id, kind, year, version);
	return db_audit_commit(db, who, "declare", "asset_decl", *id, NULL, detail, err);
}

static int
read_audit(struct db *db, const struct actor *who, int64_t id, int64_t person_id,
    char **err)
{
	char detail[48];
	snprintf(detail, sizeof detail, "{\"person\":%lld}", (long long)person_id);
	return db_audit_event(db, who, "view", "asset_decl", id, detail, err);
}

int
db_asset_list(struct db *db, const struct actor *who, int64_t person_id,
    struct asset_decl **out, int *n, char **err)
{
	*err = NULL;
	*out = NULL;
	*n = 0;
	char path[256];
	int rc = person_path(db, person_id, path, err);
	if (rc != DB_OK)
		return rc;
	if (path[0] == '\0' || !may_read(who, person_id, path))
		return refuse(db, who, "asset_decl", 0, err);
	sqlite3_stmt *st = db_stmt(db, DECL_SELECT " WHERE d.person_id = ?"
	    " ORDER BY d.submitted_at DESC, d.id DESC", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, person_id);
	int cap = 8, count = 0;
	struct asset_decl *v = xmalloc(sizeof *v * (size_t)cap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		decl_from_row(st, &v[count++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_assets_free(v, count);
		return db_fail(db, err);
	}
	if ((rc = read_audit(db, who, 0, person_id, err)) != DB_OK) {
		db_assets_free(v, count);
		return rc;
	}
	*out = v;
	*n = count;
	return DB_OK;
}

int
db_asset_get(struct db *db, const struct actor *who, int64_t id, struct asset_decl *out,
    char **err)
{
	*err = NULL;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, DECL_SELECT " WHERE d.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	bool ok = false;
	if (rc == SQLITE_ROW) {
		ok = may_read(who, sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 12));
		if (ok)
			decl_from_row(st, out);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err);
	if (!ok)
		return refuse(db, who, "asset_decl", id, err);
	if ((rc = read_audit(db, who, id, out->person_id, err)) != DB_OK)
		db_asset_clear(out);
	return rc;
}

int
db_asset_last(struct db *db, const struct actor *who, int64_t person_id,
    struct asset_decl *out, char **err)
{
	*err = NULL;
	memset(out, 0, sizeof *out);
	char path[256];
	int rc = person_path(db, person_id, path, err);
	if (rc != DB_OK)
		return rc;
	if (path[0] == '\0' || !may_read(who, person_id, path))
		return refuse(db, who, "asset_decl", 0, err);
	int found;
	if ((rc = latest(db, person_id, out, &found, err)) != DB_OK)
		return rc;
	if (!found) {
		*err = xstrdup(_("no declaration of assets yet"));
		return DB_NOTFOUND;
	}
	if ((rc = read_audit(db, who, out->id, person_id, err)) != DB_OK)
		db_asset_clear(out);
	return rc;
}

int
db_account_set_asset_officer(struct db *db, const struct actor *who,
    const char *username, bool on, char **err)
{
	*err = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT a.id, coalesce(o.path, '/') FROM account a"
	    " LEFT JOIN org o ON o.id = a.org_id WHERE a.username = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
	int64_t id = 0;
	bool ok = false;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		ok = db_actor_may_manage_accounts(who) &&
		    db_scope_covers(who, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (!ok) {
		*err = xasprintf(_("no account named %s among those this account manages"),
		    username);
		return DB_DENIED;
	}
	if (db_begin(db, err) != DB_OK)
		return DB_ERROR;
	st = db_stmt(db, "UPDATE account SET asset_officer = ? WHERE id = ?", err);
	if (st == NULL) {
		db_rollback(db);
		return DB_ERROR;
	}
	sqlite3_bind_int(st, 1, on ? 1 : 0);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, err);
		db_rollback(db);
		return DB_ERROR;
	}
	return db_audit_commit(db, who, "update", "account", id, NULL,
	    on ? "{\"asset_officer\":true}" : "{\"asset_officer\":false}", err);
}

void
db_asset_clear(struct asset_decl *d)
{
	record_free(d->amounts);
	record_free(d->origins);
	d->amounts = d->origins = NULL;
}

void
db_assets_free(struct asset_decl *v, int n)
{
	for (int i = 0; i < n; i++)
		db_asset_clear(&v[i]);
	free(v);
}
