/*
 * The HR alerts' reads (stat.h): people at work in an agency subtree whose next
 * step date, last raise (by salary scale), probation end or fixed-term contract end
 * falls in a range. Each reads agency by agency of the subtree (CROSS JOIN holds
 * SQLite to that order, as for the retirement alert) through a partial index that
 * starts with the agency (schema.c), so an alert reads the people it lists, not
 * the subtree. The expressions are written exactly as the indexes write them:
 * SQLite uses an expression index, and proves a partial one usable, only for the
 * same expression.
 */
#include "db/stat.h"
#include "db/db_internal.h"
#include "core/xalloc.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_WORK_P "coalesce(p.employment_status, '') IN ('', 'working', 'on_leave')"
#define COLS "SELECT p.id, p.id_number, p.full_name, o.code, p.sex, p.date_of_birth," \
	" p.data" \
	" FROM org o CROSS JOIN person p ON p.org_id = o.id AND "
#define TAIL " WHERE o.path >= ?1 AND o.path < ?2 AND " AT_WORK_P
#define DATED(f) "json_extract(p.data, '$." f "') IS NOT NULL AND" \
	" json_extract(p.data, '$." f "') BETWEEN ?3 AND ?4"

static const char *const sql_dated[] = {
	[STAT_NEXT_STEP] = COLS DATED("next_step_date") TAIL,
	/* Only those without a next step date: the clerk's date is read above. */
	[STAT_SALARY_DATE] = COLS "json_extract(p.data, '$.salary_scale') = ?5 AND "
	    DATED("salary_date") " AND"
	    " coalesce(json_extract(p.data, '$.next_step_date'), '') = ''" TAIL,
	[STAT_PROBATION_END] = COLS DATED("probation_end_date") TAIL,
	[STAT_CONTRACT_END] = COLS DATED("contract_end_date") TAIL,
};

static void
json_text(const cJSON *data, const char *name, char *out, size_t size)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(data, name);
	if (cJSON_IsString(it))
		snprintf(out, size, "%s", it->valuestring);
	else if (cJSON_IsNumber(it))
		snprintf(out, size, "%g", it->valuedouble);
	else
		out[0] = '\0';
}

static void
text_col(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, size, "%s", t != NULL ? (const char *)t : "");
}

int
db_stat_people_dated(struct db *db, const struct org_info *org, enum stat_date_field f,
    const char *scale, const char *lo, const char *hi, struct stat_dated **list,
    int *n, char **err)
{
	sqlite3_stmt *st = db_stmt(db, sql_dated[f], err);
	if (st == NULL)
		return DB_ERROR;
	char range_lo[256], range_hi[256];
	struct actor a = { 0 };
	snprintf(a.org_path, sizeof a.org_path, "%s", org->path[0] ? org->path : "/");
	db_scope_range(&a, range_lo, range_hi);
	sqlite3_bind_text(st, 1, range_lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, range_hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, hi, -1, SQLITE_TRANSIENT);
	if (f == STAT_SALARY_DATE)
		sqlite3_bind_text(st, 5, scale != NULL ? scale : "", -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*list = xrealloc(*list, sizeof **list * (size_t)(*n + 1));
		struct stat_dated *d = &(*list)[(*n)++];
		memset(d, 0, sizeof *d);
		d->who.id = sqlite3_column_int64(st, 0);
		text_col(st, 1, d->who.id_number, sizeof d->who.id_number);
		text_col(st, 2, d->who.full_name, sizeof d->who.full_name);
		text_col(st, 3, d->who.org_code, sizeof d->who.org_code);
		const unsigned char *sex = sqlite3_column_text(st, 4);
		d->who.sex = sex != NULL ? (char)sex[0] : '?';
		text_col(st, 5, d->who.date_of_birth, sizeof d->who.date_of_birth);
		/* One parse of the row's JSON for all its dates, not one per field. */
		cJSON *data = cJSON_Parse((const char *)sqlite3_column_text(st, 6));
		json_text(data, "salary_scale", d->scale, sizeof d->scale);
		char num[32];
		json_text(data, "salary_step", num, sizeof num);
		d->step = atoi(num);
		json_text(data, "over_frame_allowance_pct", num, sizeof num);
		d->over_frame = atof(num);
		json_text(data, "next_step_date", d->next_step, sizeof d->next_step);
		json_text(data, "salary_date", d->salary_date, sizeof d->salary_date);
		static const char *const field[] = { "next_step_date", "salary_date",
			"probation_end_date", "contract_end_date" };
		json_text(data, field[f], d->date, sizeof d->date);
		cJSON_Delete(data);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? DB_OK : db_fail(db, err);
}
