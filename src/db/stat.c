/*
 * Headcounts kept current (see stat.h): the triggers that keep stat_count, the
 * ancestor lists they add to, the count made at open, and hoso check's comparison.
 *
 * Each breakdown (stat_defs.c) is one SQL expression over a person row, with "@"
 * for the row, which the triggers use over NEW and OLD; beside it, how the recount
 * (stat_recount.c) finds the same value in C, from the row's columns and its JSON.
 * An expression that gives NULL counts nothing. hoso check compares the two.
 *
 * Triggers rather than calls from each writer: every path that writes a person row
 * (saves, deletes, batched imports, and any written later) keeps the counts inside
 * its own transaction without knowing of them. Their names carry STAT_VERSION: when
 * a definition changes, the version moves on, and the next open replaces the
 * triggers and counts again.
 *
 * A count is kept for each agency's whole subtree, and for the nation (agency 0):
 * a report reads one agency's few hundred rows whatever its size, instead of
 * summing every agency below it (at 200,000 people the per-agency rows were 187,000,
 * nearly one a person, most of them births by month). So a write adds to each of its
 * agency's ancestors, listed in org_ancestor (kept from the paths by
 * db_stat_tree_sync whenever the tree changes): a few upserts per breakdown.
 *
 * The recount reads person once (stat_recount.c).
 */
#include "db/stat.h"
#include "db/stat_internal.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

#define STAT_VERSION "1"

const char *
db_stat_breakdown(int i)
{
	return i >= 0 && i < stat_ndefs ? stat_defs[i].name : NULL;
}

/* expr with "@" replaced by row. */
static void
add_expr(struct strbuf *sb, const char *expr, const char *row)
{
	for (const char *p = expr; *p; p++)
		if (*p == '@')
			sb_adds(sb, row);
		else
			sb_addc(sb, *p);
}

/* Add delta to the counts of row (NEW or OLD), in its agency and every agency
 * above it, up to the nation. */
static void
add_upsert(struct strbuf *sb, const char *row, int delta)
{
	sb_addf(sb, "INSERT INTO stat_count (org_id, breakdown, value, n) SELECT"
	    " a.ancestor_id, b, v, %d FROM org_ancestor a, (", delta);
	for (int i = 0; i < stat_ndefs; i++) {
		sb_addf(sb, "%sSELECT '%s' AS b, ", i ? " UNION ALL " : "", stat_defs[i].name);
		add_expr(sb, stat_defs[i].expr, row);
		sb_adds(sb, " AS v");
	}
	/* WHERE before ON CONFLICT: SQLite's parser needs it after a SELECT. */
	sb_addf(sb, ") WHERE a.org_id = %s.org_id AND v IS NOT NULL ON CONFLICT (org_id,"
	    " breakdown, value) DO UPDATE SET n = n + excluded.n;", row);
}

static int
triggers_drop(struct db *db, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT name FROM sqlite_master WHERE"
	    " type = 'trigger' AND name LIKE 'stat\\_person\\_%' ESCAPE '\\'", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(db, err);
	struct strbuf sql;
	sb_init(&sql);
	while (sqlite3_step(st) == SQLITE_ROW)
		sb_addf(&sql, "DROP TRIGGER \"%s\";", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	int rc = sql.len ? db_exec(db, sql.buf, err) : DB_OK;
	sb_free(&sql);
	return rc;
}

static int
triggers_create(struct db *db, char **err)
{
	struct strbuf sql;
	sb_init(&sql);
	sb_adds(&sql, "CREATE TRIGGER stat_person_ins_" STAT_VERSION " AFTER INSERT ON person"
	    " BEGIN ");
	add_upsert(&sql, "NEW", 1);
	sb_adds(&sql, " END; CREATE TRIGGER stat_person_del_" STAT_VERSION " AFTER DELETE ON"
	    " person BEGIN ");
	add_upsert(&sql, "OLD", -1);
	/* Only a change of what is counted: a verification's update passes by. */
	sb_adds(&sql, " END; CREATE TRIGGER stat_person_upd_" STAT_VERSION " AFTER UPDATE OF"
	    " org_id, sex, date_of_birth, staff_category, rank_code, position,"
	    " employment_status, ethnicity, religion, data ON person BEGIN ");
	add_upsert(&sql, "OLD", -1);
	add_upsert(&sql, "NEW", 1);
	sb_adds(&sql, " END;");
	int rc = db_exec(db, sql.buf, err);
	sb_free(&sql);
	return rc;
}

static int tree_sync(struct db *db, int recount_if_moved, char **err);

int
db_stat_people_move(struct db *db, const char *moves, char **err)
{
	/* What the update triggers would add person by person, summed per agency and
	 * value first, then spread to the ancestors: one upsert per cell instead of a
	 * few per person (20,000 people moved: well under a second instead of 15). The
	 * values are gathered in a table of their own: as one statement SQLite's plan
	 * took seconds. */
	struct strbuf sql;
	sb_init(&sql);
	sb_adds(&sql, "DROP TABLE IF EXISTS temp.stat_moved;"
	    " CREATE TEMP TABLE stat_moved AS SELECT o, b, v, sum(d) AS d FROM (");
	for (int i = 0; i < stat_ndefs; i++)
		for (int side = 0; side < 2; side++) {
			sb_addf(&sql, "%sSELECT m.%s AS o, '%s' AS b, ", i || side ?
			    " UNION ALL " : "", side ? "to_org" : "from_org", stat_defs[i].name);
			add_expr(&sql, stat_defs[i].expr, "p");
			sb_addf(&sql, " AS v, %d AS d FROM %s m JOIN person p ON p.id ="
			    " m.person_id", side ? 1 : -1, moves);
		}
	sb_adds(&sql, ") WHERE v IS NOT NULL GROUP BY o, b, v HAVING sum(d) <> 0;"
	    " INSERT INTO stat_count (org_id, breakdown, value, n) SELECT a.ancestor_id,"
	    " x.b, x.v, sum(x.d) FROM temp.stat_moved x JOIN org_ancestor a ON"
	    " a.org_id = x.o GROUP BY a.ancestor_id, x.b, x.v HAVING sum(x.d) <> 0"
	    " ON CONFLICT (org_id, breakdown, value) DO UPDATE SET n = n + excluded.n;"
	    " DROP TABLE temp.stat_moved");
	int rc = db_exec(db, sql.buf, err);
	sb_free(&sql);
	return rc;
}

int
db_stat_resume(struct db *db, char **err)
{
	return triggers_create(db, err);
}

int
db_stat_tree_sync(struct db *db, char **err)
{
	return tree_sync(db, 1, err);
}

int
db_stat_tree_sync_kept(struct db *db, char **err)
{
	return tree_sync(db, 0, err);
}

int
db_stat_subtree_move(struct db *db, int64_t org_id, int64_t new_parent_id, char **err)
{
	/* The subtree's own rows hold everything below it: taken from each old
	 * ancestor above it, given to the new parent and each of its ancestors (those
	 * they share, the nation at least, come out even). */
	static const char *const sql[2] = {
		"INSERT INTO stat_count (org_id, breakdown, value, n) SELECT a.ancestor_id,"
		" s.breakdown, s.value, -s.n FROM stat_count s, org_ancestor a"
		" WHERE s.org_id = ?1 AND a.org_id = ?1 AND a.ancestor_id <> ?1"
		" ON CONFLICT (org_id, breakdown, value) DO UPDATE SET n = n + excluded.n",
		"INSERT INTO stat_count (org_id, breakdown, value, n) SELECT a.ancestor_id,"
		" s.breakdown, s.value, s.n FROM stat_count s, org_ancestor a"
		" WHERE s.org_id = ?1 AND a.org_id = ?2"
		" ON CONFLICT (org_id, breakdown, value) DO UPDATE SET n = n + excluded.n",
	};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = db_stmt(db, sql[i], err);
		if (st == NULL)
			return DB_ERROR;
		sqlite3_bind_int64(st, 1, org_id);
		sqlite3_bind_int64(st, 2, new_parent_id);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err);
	}
	return DB_OK;
}

static int
tree_sync(struct db *db, int recount_if_moved, char **err)
{
	int rc = db_exec(db, "DROP TABLE IF EXISTS temp.stat_tree;"
	    " CREATE TEMP TABLE stat_tree (org_id INTEGER NOT NULL, ancestor_id INTEGER"
	    " NOT NULL)", err);
	if (rc != DB_OK)
		return rc;
	sqlite3_stmt *st, *ins;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT id, path FROM org", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(db, err);
	if (sqlite3_prepare_v2(db_sqlite(db), "INSERT INTO temp.stat_tree VALUES (?, ?)", -1,
	    &ins, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return db_fail(db, err);
	}
	while (rc == DB_OK && sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *p = (const char *)sqlite3_column_text(st, 1);
		/* "/1/5/23/": the ids from the root down to the agency itself; 0 is the
		 * nation, above every root. */
		for (int64_t anc = 0;;) {
			sqlite3_bind_int64(ins, 1, id);
			sqlite3_bind_int64(ins, 2, anc);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				rc = db_fail(db, err);
				break;
			}
			sqlite3_reset(ins);
			while (*p == '/')
				p++;
			if (*p == '\0')
				break;
			anc = strtoll(p, (char **)&p, 10);
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ins);
	/* An agency that moved takes its counts from its old ancestors to its new
	 * ones: rare (a reorganisation), so everything is counted again. */
	int moved = 0;
	if (rc == DB_OK && recount_if_moved) {
		if (sqlite3_prepare_v2(db_sqlite(db), "SELECT EXISTS (SELECT org_id,"
		    " ancestor_id FROM org_ancestor EXCEPT SELECT org_id, ancestor_id FROM"
		    " temp.stat_tree)", -1, &st, NULL) != SQLITE_OK)
			rc = db_fail(db, err);
		else if (sqlite3_step(st) == SQLITE_ROW)
			moved = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (rc == DB_OK)
		rc = db_exec(db, "DELETE FROM org_ancestor; INSERT INTO org_ancestor"
		    " SELECT DISTINCT org_id, ancestor_id FROM temp.stat_tree;"
		    " DROP TABLE temp.stat_tree", err);
	if (rc == DB_OK && moved)
		rc = db_stat_recount(db, err);
	return rc;
}

int
db_stat_suspend(struct db *db, char **err)
{
	return triggers_drop(db, err);
}

int
db_stat_recount(struct db *db, char **err)
{
	int rc = triggers_drop(db, err);
	if (rc == DB_OK)
		rc = db_exec(db, "DELETE FROM stat_count", err);
	if (rc == DB_OK)
		rc = stat_recount_into(db, "stat_count", err);
	if (rc == DB_OK)
		rc = triggers_create(db, err);
	return rc;
}

static int
triggers_current(struct db *db)
{
	sqlite3_stmt *st;
	int have = 0;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM sqlite_master WHERE"
	    " type = 'trigger' AND name IN ('stat_person_ins_" STAT_VERSION "',"
	    " 'stat_person_del_" STAT_VERSION "', 'stat_person_upd_" STAT_VERSION "')", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return have == 3;
}

int
db_stat_ensure(struct db *db, char **err)
{
	if (triggers_current(db))
		return DB_OK;
	int rc = db_begin(db, err);
	if (rc != DB_OK)
		return rc;
	if (triggers_current(db))	/* another process was first */
		return db_commit(db, err);
	if ((rc = db_stat_tree_sync(db, err)) != DB_OK ||
	    (rc = db_stat_recount(db, err)) != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

int
db_stat_check(struct db *db, struct stat_findings *f, char **err)
{
	memset(f, 0, sizeof *f);
	/* One snapshot for the recount and the comparison: a save in between would
	 * look like damage. */
	int rc = db_begin_read(db, err);
	if (rc != DB_OK)
		return rc;
	rc = db_exec(db, "DROP TABLE IF EXISTS temp.stat_recount;"
	    " CREATE TEMP TABLE stat_recount (org_id INTEGER NOT NULL, breakdown TEXT"
	    " NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL)", err);
	if (rc == DB_OK)
		rc = stat_recount_into(db, "temp.stat_recount", err);
	sqlite3_stmt *st = NULL;
	if (rc == DB_OK && sqlite3_prepare_v2(db_sqlite(db),
	    "SELECT d.org_id, coalesce(o.code, ''), d.breakdown, d.value, d.kept, d.counted,"
	    " count(*) OVER (), (SELECT count(*) FROM stat_count WHERE n <> 0)"
	    " FROM (SELECT org_id, breakdown, value, sum(k) AS kept, sum(c) AS counted FROM"
	    "  (SELECT org_id, breakdown, value, n AS k, 0 AS c FROM main.stat_count"
	    "   UNION ALL SELECT org_id, breakdown, value, 0, n FROM temp.stat_recount)"
	    "  GROUP BY org_id, breakdown, value HAVING sum(k) <> sum(c)) d"
	    " LEFT JOIN org o ON o.id = d.org_id"
	    " ORDER BY d.org_id, d.breakdown, d.value LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		rc = db_fail(db, err);
	if (rc == DB_OK) {
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			f->org_id = sqlite3_column_int64(st, 0);
			snprintf(f->org_code, sizeof f->org_code, "%s", sqlite3_column_text(st, 1));
			snprintf(f->breakdown, sizeof f->breakdown, "%s",
			    sqlite3_column_text(st, 2));
			snprintf(f->value, sizeof f->value, "%s", sqlite3_column_text(st, 3));
			f->kept = sqlite3_column_int64(st, 4);
			f->counted = sqlite3_column_int64(st, 5);
			f->bad = sqlite3_column_int64(st, 6);
			f->cells = sqlite3_column_int64(st, 7);
		} else if (step != SQLITE_DONE)
			rc = db_fail(db, err);
	}
	sqlite3_finalize(st);
	if (rc == DB_OK && f->bad == 0) {
		if (sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM stat_count WHERE"
		    " n <> 0", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			f->cells = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	db_exec(db, "DROP TABLE IF EXISTS temp.stat_recount", NULL);
	if (rc == DB_OK)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	return rc;
}
