/*
 * Answers from the kept headcounts (stat.h): an agency subtree's counts are its
 * own rows (kept for the whole subtree); and the few
 * questions the counts cannot answer (who has had a birthday this month, who reaches
 * retirement age), read from person through the index on (org_id, sex,
 * date_of_birth), agency by agency of the subtree. CROSS JOIN holds SQLite to that
 * order: left to itself it read the nation's births in the range through the index
 * on date_of_birth and looked up each one's agency (a province's alert: 36 ms at
 * 200,000 people, growing with the nation rather than the province).
 */
#include "db/stat.h"
#include "db/audit.h"
#include "db/role.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_WORK_P "coalesce(p.employment_status, '') IN ('', 'working', 'on_leave')"

/* The nation's births in a range: through the index on date_of_birth, with no
 * agency to go through (?1 and ?2, the subtree's range, are not used). */
#define NATION_BORN(cols) "SELECT " cols " FROM person p WHERE p.sex = ?3 AND" \
	" p.date_of_birth BETWEEN ?4 AND ?5 AND " AT_WORK_P

int
db_stat_scope(struct db *db, const struct actor *who, const char *code,
    struct org_info *org, char **err)
{
	memset(org, 0, sizeof *org);
	if (!db_actor_may_read_reports(who)) {
		*err = xstrdup(_("this account may not read reports"));
		return DB_DENIED;
	}
	if (code == NULL || *code == '\0') {
		if (who->org_id == 0 || strcmp(who->org_path, "/") == 0) {
			if (who->role != ROLE_NATIONAL_ADMIN && who->org_id != 0) {
				*err = xstrdup(_("the national view needs a national role"));
				return DB_DENIED;
			}
			snprintf(org->path, sizeof org->path, "/");
			snprintf(org->name, sizeof org->name, "%s", _("Nationwide"));
			return DB_OK;
		}
		return db_org_by_id(db, who->org_id, org, err);
	}
	int rc = db_org_find(db, code, org, err);
	if (rc != DB_OK)
		return rc;
	if (!db_scope_covers(who, org->path)) {
		*err = xasprintf(_("agency %s is outside this account's scope"), code);
		return DB_DENIED;
	}
	return DB_OK;
}

/* Bind the subtree's path range as ?1, ?2. */
static void
bind_subtree(sqlite3_stmt *st, const struct org_info *org)
{
	char lo[256], hi[256];
	struct actor a = { 0 };
	snprintf(a.org_path, sizeof a.org_path, "%s", org->path[0] ? org->path : "/");
	db_scope_range(&a, lo, hi);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
}

int
db_stat_counts(struct db *db, const struct org_info *org, struct stat_cell **cells,
    int *ncells, char **err)
{
	*cells = NULL;
	*ncells = 0;
	/* Each agency's row is its whole subtree's; the nation is agency 0. */
	sqlite3_stmt *st = db_stmt(db, "SELECT breakdown, value, n FROM stat_count"
	    " WHERE org_id = ? AND n <> 0 ORDER BY breakdown, value", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, org->id);
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*ncells == cap) {
			cap = cap ? cap * 2 : 256;
			*cells = xrealloc(*cells, sizeof **cells * (size_t)cap);
		}
		struct stat_cell *c = &(*cells)[(*ncells)++];
		snprintf(c->breakdown, sizeof c->breakdown, "%s", sqlite3_column_text(st, 0));
		snprintf(c->value, sizeof c->value, "%s", sqlite3_column_text(st, 1));
		c->n = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*cells);
		*cells = NULL;
		*ncells = 0;
		return db_fail(db, err);
	}
	return DB_OK;
}

int
db_stat_born_between(struct db *db, const struct org_info *org, const char *lo,
    const char *hi, int64_t *n, char **err)
{
	*n = 0;
	for (int s = 0; s < 2; s++) {
		sqlite3_stmt *st = db_stmt(db, org->id == 0 ? NATION_BORN("count(*)") :
		    "SELECT count(*) FROM org o CROSS JOIN person p"
		    " ON p.org_id = o.id AND p.sex = ?3 AND p.date_of_birth BETWEEN ?4 AND ?5"
		    " WHERE o.path >= ?1 AND o.path < ?2 AND " AT_WORK_P, err);
		if (st == NULL)
			return DB_ERROR;
		bind_subtree(st, org);
		sqlite3_bind_text(st, 3, s ? "F" : "M", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, hi, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_ROW) {
			int rc = db_fail(db, err);
			sqlite3_reset(st);
			return rc;
		}
		*n += sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return DB_OK;
}

int
db_stat_people_born(struct db *db, const struct org_info *org, char sex,
    const char *lo, const char *hi, struct stat_person **list, int *n, char **err)
{
	sqlite3_stmt *st = db_stmt(db, org->id == 0 ? NATION_BORN("p.id, p.id_number,"
	    " p.full_name, (SELECT code FROM org WHERE id = p.org_id), p.sex,"
	    " p.date_of_birth") :
	    "SELECT p.id, p.id_number, p.full_name, o.code,"
	    " p.sex, p.date_of_birth FROM org o CROSS JOIN person p ON p.org_id = o.id"
	    " AND p.sex = ?3 AND p.date_of_birth BETWEEN ?4 AND ?5"
	    " WHERE o.path >= ?1 AND o.path < ?2 AND " AT_WORK_P, err);
	if (st == NULL)
		return DB_ERROR;
	bind_subtree(st, org);
	char s[2] = { sex, '\0' };
	sqlite3_bind_text(st, 3, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hi, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*list = xrealloc(*list, sizeof **list * (size_t)(*n + 1));
		struct stat_person *p = &(*list)[(*n)++];
		p->id = sqlite3_column_int64(st, 0);
		snprintf(p->id_number, sizeof p->id_number, "%s", sqlite3_column_text(st, 1));
		snprintf(p->full_name, sizeof p->full_name, "%s", sqlite3_column_text(st, 2));
		snprintf(p->org_code, sizeof p->org_code, "%s", sqlite3_column_text(st, 3));
		p->sex = sex;
		snprintf(p->date_of_birth, sizeof p->date_of_birth, "%s",
		    sqlite3_column_text(st, 5));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

int
db_stat_audit_run(struct db *db, const struct actor *who, const char *report,
    const struct org_info *org, char **err)
{
	char *detail = json_object_new("report", report, "org", org->code, NULL);
	int rc = db_audit_event(db, who, "report", "org", org->id, detail, err);
	free(detail);
	return rc;
}
