/*
 * Movements over a period (stat.h): what the records can tell about an agency
 * subtree between two dates. From the person's own dates: recruited
 * (recruitment_date), started at the agency after being recruited elsewhere or
 * earlier (start_date: transferred in), left work as retired, resigned,
 * dismissed or deceased (employment_status and its date), appointed to a rank
 * (rank_date) or a position (position_date); from the discipline sub-records
 * (their date); and, for people who left the subtree for another agency, from the
 * audit trail: a change of the record's agency from inside the subtree to outside
 * it, by a save or by a transfer taken over (db/transfer.c's "move" rows; the
 * moves of a merge or a split are reorganisations, not transfers). The audit is read only between the period's rows, found by bisection on its
 * sequence (rows are appended in time order), so a period reads that period.
 *
 * The people who were transferred out are counted by their records' agencies at
 * the time of the change; one moved twice in the period counts twice.
 */
#include "db/stat.h"
#include "db/db_internal.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IN_PERIOD(f) "coalesce(json_extract(p.data, '$." f "'), '') BETWEEN ?3 AND ?4"
#define STATUS_IN(s) "sum(p.employment_status = '" s "' AND " \
	IN_PERIOD("employment_status_date") ")"

static void
bind_range(sqlite3_stmt *st, const struct org_info *org, const char *from,
    const char *to)
{
	char lo[256], hi[256];
	struct actor a = { 0 };
	snprintf(a.org_path, sizeof a.org_path, "%s", org->path[0] ? org->path : "/");
	db_scope_range(&a, lo, hi);
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT);
}

/* The first audit row at or after the time t ("YYYY-MM-DD..."), by bisection;
 * past the last row when none. */
static int
audit_seq_from(struct db *db, const char *t, int64_t *seq, char **err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT coalesce(min(seq), 1), coalesce(max(seq), 0)"
	    " FROM audit", err);
	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		if (st != NULL)
			sqlite3_reset(st);
		return db_fail(db, err);
	}
	int64_t lo = sqlite3_column_int64(st, 0), hi = sqlite3_column_int64(st, 1) + 1;
	sqlite3_reset(st);
	/* The first seq in [lo, hi) whose time is >= t (rows missing from the
	 * sequence answer as the next row does). */
	sqlite3_stmt *at = db_stmt(db, "SELECT at FROM audit WHERE seq >= ? ORDER BY seq"
	    " LIMIT 1", err);
	if (at == NULL)
		return DB_ERROR;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		sqlite3_bind_int64(at, 1, mid);
		int rc = sqlite3_step(at);
		int later = rc != SQLITE_ROW ||
		    strcmp((const char *)sqlite3_column_text(at, 0), t) >= 0;
		sqlite3_reset(at);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(db, err);
		if (later)
			hi = mid;
		else
			lo = mid + 1;
	}
	*seq = lo;
	return DB_OK;
}

int
db_stat_movements(struct db *db, const struct org_info *org, const char *from,
    const char *to, int64_t n[STAT_MOVES], char **err)
{
	memset(n, 0, sizeof(int64_t) * STAT_MOVES);
	sqlite3_stmt *st = db_stmt(db, "SELECT"
	    " sum(" IN_PERIOD("recruitment_date") "),"
	    " sum(" IN_PERIOD("start_date") " AND coalesce(json_extract(p.data,"
	    "  '$.recruitment_date'), '') <> json_extract(p.data, '$.start_date')),"
	    " " STATUS_IN("retired") ", " STATUS_IN("resigned") ", "
	    STATUS_IN("dismissed") ", " STATUS_IN("deceased") ","
	    " sum(" IN_PERIOD("rank_date") "), sum(" IN_PERIOD("position_date") ")"
	    " FROM org o CROSS JOIN person p ON p.org_id = o.id"
	    " WHERE o.path >= ?1 AND o.path < ?2", err);
	if (st == NULL)
		return DB_ERROR;
	bind_range(st, org, from, to);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		static const int into[] = { STAT_MOVE_RECRUITED, STAT_MOVE_IN, STAT_MOVE_RETIRED,
			STAT_MOVE_RESIGNED, STAT_MOVE_DISMISSED, STAT_MOVE_DECEASED,
			STAT_MOVE_RANK, STAT_MOVE_POSITION };
		for (int i = 0; i < 8; i++)
			n[into[i]] = sqlite3_column_int64(st, i);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);
	st = db_stmt(db, "SELECT count(*) FROM org o CROSS JOIN person p ON p.org_id = o.id"
	    " JOIN person_item i ON i.person_id = p.id AND i.kind = 'discipline'"
	    "  AND i.date_from BETWEEN ?3 AND ?4"
	    " WHERE o.path >= ?1 AND o.path < ?2", err);
	if (st == NULL)
		return DB_ERROR;
	bind_range(st, org, from, to);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n[STAT_MOVE_DISCIPLINED] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, err);
	/* Out: the audit rows of the period (from the day from to the end of to). */
	int64_t first, past;
	char after_to[16];
	snprintf(after_to, sizeof after_to, "%.10s~", to);
	if ((rc = audit_seq_from(db, from, &first, err)) != DB_OK ||
	    (rc = audit_seq_from(db, after_to, &past, err)) != DB_OK)
		return rc;
	st = db_stmt(db, "SELECT count(*) FROM audit a"
	    " JOIN org ob ON ob.code = json_extract(a.before, '$.org_code')"
	    " JOIN org oa ON oa.code = json_extract(a.after, '$.org_code')"
	    " WHERE a.seq >= ?3 AND a.seq < ?4 AND a.entity = 'person'"
	    "  AND (a.action = 'update' OR (a.action = 'move' AND"
	    "   json_extract(a.after, '$.by') = 'transfer'))"
	    "  AND ob.path >= ?1 AND ob.path < ?2"
	    "  AND NOT (oa.path >= ?1 AND oa.path < ?2)", err);
	if (st == NULL)
		return DB_ERROR;
	bind_range(st, org, "", "");
	sqlite3_bind_int64(st, 3, first);
	sqlite3_bind_int64(st, 4, past);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n[STAT_MOVE_OUT] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? DB_OK : db_fail(db, err);
}
