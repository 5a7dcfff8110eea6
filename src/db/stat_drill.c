/*
 * What the report screen drills into (stat.h): an agency's children with their
 * headcounts (the kept counts of each child's subtree), and the people behind a
 * count. A kept breakdown's people are those for whom its expression (stat_defs,
 * the triggers' own, "@" read as the row) gives the value, so a list always
 * agrees with the count it was opened from; the derived groups the summary makes
 * (age bands, ethnic minority) are a date-of-birth range and an expression of
 * their own.
 */
#include "db/stat.h"
#include "db/stat_internal.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_WORK_P "coalesce(p.employment_status, '') IN ('', 'working', 'on_leave')"

int
db_stat_children(struct db *db, const struct org_info *org, struct stat_child **list,
    int *n, char **err)
{
	*list = NULL;
	*n = 0;
	/* An agency closed by a merge or a split (valid_to past) is history: left out
	 * once nobody is counted under it. */
	sqlite3_stmt *st = db_stmt(db, "SELECT * FROM (SELECT o.id, o.code, o.name, o.path,"
	    " o.headcount, (SELECT coalesce(sum(s.n), 0) FROM stat_count s WHERE"
	    " s.org_id = o.id AND s.breakdown = 'sex') AS n, o.valid_to AS valid_to"
	    " FROM org o WHERE coalesce(o.parent_id, 0) = ?)"
	    " WHERE n > 0 OR valid_to IS NULL OR valid_to = '' OR valid_to >= date('now')"
	    " ORDER BY code", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, org->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*list = xrealloc(*list, sizeof **list * (size_t)(*n + 1));
		struct stat_child *c = &(*list)[(*n)++];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(st, 0);
		snprintf(c->code, sizeof c->code, "%s", sqlite3_column_text(st, 1));
		snprintf(c->name, sizeof c->name, "%s", sqlite3_column_text(st, 2));
		snprintf(c->path, sizeof c->path, "%s", sqlite3_column_text(st, 3));
		c->headcount = sqlite3_column_int(st, 4);
		c->n = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}

/* The expression for breakdown over p, or NULL for one not known. Caller frees. */
static char *
expr_for(const char *breakdown)
{
	const char *src = NULL;
	if (strcmp(breakdown, "ethnic_minority") == 0)
		src = "CASE WHEN coalesce(@.employment_status, '') IN ('', 'working',"
		    " 'on_leave') THEN CASE coalesce(@.ethnicity, '') WHEN '' THEN ''"
		    " WHEN '01' THEN 'kinh' ELSE 'minority' END END";
	for (int i = 0; src == NULL && i < stat_ndefs; i++)
		if (strcmp(stat_defs[i].name, breakdown) == 0 && stat_defs[i].how != STAT_BIRTH)
			src = stat_defs[i].expr;
	if (src == NULL)
		return NULL;
	struct strbuf sb;
	sb_init(&sb);
	for (const char *c = src; *c; c++)
		if (*c == '@')
			sb_addc(&sb, 'p');
		else
			sb_addc(&sb, *c);
	return sb_detach(&sb);
}

int
db_stat_people_in(struct db *db, const struct org_info *org, const char *breakdown,
    const char *value, const char *dob_lo, const char *dob_hi, int limit,
    struct stat_person **list, int *n, char **err)
{
	*list = NULL;
	*n = 0;
	char *cond;
	if (breakdown == NULL) {
		cond = xstrdup("p.date_of_birth BETWEEN ?3 AND ?4 AND " AT_WORK_P);
	} else {
		char *e = expr_for(breakdown);
		if (e == NULL) {
			*err = xasprintf(_("no list of people for %s"), breakdown);
			return DB_NOTFOUND;
		}
		cond = xasprintf("(%s) = ?3", e);
		free(e);
	}
	char *sql = xasprintf("SELECT p.id, p.id_number, p.full_name, o.code, p.sex,"
	    " p.date_of_birth FROM org o CROSS JOIN person p ON p.org_id = o.id"
	    " WHERE o.path >= ?1 AND o.path < ?2 AND %s ORDER BY p.full_name COLLATE vi, p.id"
	    " LIMIT ?5", cond);
	free(cond);
	sqlite3_stmt *st;
	int ok = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK;
	free(sql);
	if (!ok)
		return db_fail(db, err);
	char lo[256], hi[256];
	struct actor a = { 0 };
	snprintf(a.org_path, sizeof a.org_path, "%s", org->path[0] ? org->path : "/");
	db_scope_range(&a, lo, hi);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	if (breakdown == NULL) {
		sqlite3_bind_text(st, 3, dob_lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, dob_hi, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_text(st, 3, value, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int(st, 5, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*list = xrealloc(*list, sizeof **list * (size_t)(*n + 1));
		struct stat_person *p = &(*list)[(*n)++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		snprintf(p->id_number, sizeof p->id_number, "%s", sqlite3_column_text(st, 1));
		snprintf(p->full_name, sizeof p->full_name, "%s", sqlite3_column_text(st, 2));
		snprintf(p->org_code, sizeof p->org_code, "%s", sqlite3_column_text(st, 3));
		p->sex = (char)sqlite3_column_text(st, 4)[0];
		snprintf(p->date_of_birth, sizeof p->date_of_birth, "%s",
		    sqlite3_column_text(st, 5));
	}
	rc = rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
	sqlite3_finalize(st);
	return rc;
}
