/*
 * Search. Names are matched on the folded key (lower case, no marks, đ→d) through
 * two indexes: name_key ("nguyen van duc") answers what people type from the family
 * name on, including a prefix of the last word; given_key ("duc nguyen van")
 * answers a search that starts with the given name. Results are ranked: name-key
 * matches first, in name order, so that the exact name comes first; then given-name
 * matches. Each part is an index range scan with LIMIT, so a page costs the same on
 * 2.5 million people as on a thousand. A search also counts its matches, up to
 * SEARCH_COUNT_CAP (a count over the same index range), which decides the order
 * within a part (see part_order).
 */
#include "db/search.h"
#include "db/audit.h"
#include "db/db_internal.h"
#include "db/org.h"
#include "db/role.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The smallest string greater than every string that starts with s. */
static void
prefix_end(const char *s, char *out, size_t len)
{
	snprintf(out, len, "%s", s);
	size_t n = strlen(out);
	if (n == 0) {
		snprintf(out, len, "\xff");
		return;
	}
	out[n - 1] = (char)(out[n - 1] + 1);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

struct search_ctx {
	struct search_hit *hits;
	int                n, cap;
};

static void
hit_from_row(sqlite3_stmt *st, struct search_hit *h)
{
	memset(h, 0, sizeof *h);
	h->id = sqlite3_column_int64(st, 0);
	snprintf(h->id_number, sizeof h->id_number, "%s", sqlite3_column_text(st, 1));
	snprintf(h->full_name, sizeof h->full_name, "%s", sqlite3_column_text(st, 2));
	snprintf(h->date_of_birth, sizeof h->date_of_birth, "%s", sqlite3_column_text(st, 3));
	h->sex = ((const char *)sqlite3_column_text(st, 4))[0];
	snprintf(h->org_code, sizeof h->org_code, "%s", sqlite3_column_text(st, 5));
	snprintf(h->org_name, sizeof h->org_name, "%s", sqlite3_column_text(st, 6));
	const char *rk = (const char *)sqlite3_column_text(st, 7);
	snprintf(h->rank_code, sizeof h->rank_code, "%s", rk ? rk : "");
	snprintf(h->verification, sizeof h->verification, "%s", sqlite3_column_text(st, 8));
}

/* The WHERE clause of a part: <cond> plus the shared filters. */
static void
where_add(struct strbuf *sql, const char *cond, bool exclude,
    const struct search_query *q, bool scoped)
{
	sb_adds(sql, " WHERE ");
	sb_adds(sql, cond);
	if (exclude)
		sb_adds(sql, " AND NOT (p.name_key >= ?3 AND p.name_key < ?4)");
	if (q->dob != NULL && *q->dob)
		sb_adds(sql, " AND p.date_of_birth = ?5");
	if (q->rank_code != NULL && *q->rank_code)
		sb_adds(sql, " AND p.rank_code = ?6");
	if (q->verification != NULL && *q->verification)
		sb_adds(sql, " AND p.verify_state = ?11");
	if (scoped)
		sb_adds(sql, " AND o.path >= ?7 AND o.path < ?8");
	if (q->only_person != 0)
		sb_adds(sql, " AND p.id = ?12");
}

static void
where_bind(sqlite3_stmt *st, const char *a1, const char *a2, const char *exclude_lo,
    const char *exclude_hi, const struct search_query *q, const char *scope_lo,
    const char *scope_hi)
{
	if (a1 != NULL)
		sqlite3_bind_text(st, 1, a1, -1, SQLITE_TRANSIENT);
	if (a2 != NULL)
		sqlite3_bind_text(st, 2, a2, -1, SQLITE_TRANSIENT);
	if (exclude_lo != NULL) {
		sqlite3_bind_text(st, 3, exclude_lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, exclude_hi, -1, SQLITE_TRANSIENT);
	}
	if (q->dob != NULL && *q->dob)
		sqlite3_bind_text(st, 5, q->dob, -1, SQLITE_TRANSIENT);
	if (q->rank_code != NULL && *q->rank_code)
		sqlite3_bind_text(st, 6, q->rank_code, -1, SQLITE_TRANSIENT);
	if (scope_lo != NULL) {
		sqlite3_bind_text(st, 7, scope_lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, scope_hi, -1, SQLITE_TRANSIENT);
	}
	if (q->verification != NULL && *q->verification)
		sqlite3_bind_text(st, 11, q->verification, -1, SQLITE_TRANSIENT);
	if (q->only_person != 0)
		sqlite3_bind_int64(st, 12, q->only_person);
}

/*
 * Run one ranked part: WHERE <cond> plus the shared filters, ORDER BY <order>,
 * appending up to `want` rows after skipping `skip`. Returns the rows seen
 * (skipped + appended), or -1 on error.
 */
static int
search_part(struct db *db, const char *cond, const char *order, const char *a1,
    const char *a2, const char *exclude_lo, const char *exclude_hi,
    const struct search_query *q, const char *scope_lo, const char *scope_hi,
    int skip, int want, struct search_ctx *ctx, char **err)
{
	struct strbuf sql;
	sb_init(&sql);
	sb_adds(&sql, "SELECT p.id, p.id_number, p.full_name, p.date_of_birth, p.sex, o.code,"
	    " o.name, p.rank_code, p.verify_state FROM person p JOIN org o ON o.id = p.org_id");
	where_add(&sql, cond, exclude_lo != NULL, q, scope_lo != NULL);
	sb_addf(&sql, " ORDER BY %s LIMIT ?9 OFFSET ?10", order);
	sqlite3_stmt *st = db_stmt(db, sql.buf, err);
	sb_free(&sql);
	if (st == NULL)
		return -1;
	where_bind(st, a1, a2, exclude_lo, exclude_hi, q, scope_lo, scope_hi);
	sqlite3_bind_int(st, 9, want);
	sqlite3_bind_int(st, 10, skip);
	int rc, got = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ctx->n == ctx->cap) {
			ctx->cap = ctx->cap ? ctx->cap * 2 : 32;
			ctx->hits = xrealloc(ctx->hits, sizeof *ctx->hits * (size_t)ctx->cap);
		}
		hit_from_row(st, &ctx->hits[ctx->n++]);
		got++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, err);
		return -1;
	}
	return got;
}

/* Count the rows of a part, up to cap: the same index range as the part, no
 * rows fetched. Returns the count or -1 on error. */
static int
search_count(struct db *db, const char *cond, const char *a1, const char *a2,
    const char *exclude_lo, const char *exclude_hi, const struct search_query *q,
    const char *scope_lo, const char *scope_hi, int cap, char **err)
{
	struct strbuf sql;
	sb_init(&sql);
	/* The agency only matters for a scope; without one the join costs a
	 * look-up per row counted. */
	sb_adds(&sql, "SELECT count(*) FROM (SELECT 1 FROM person p");
	if (scope_lo != NULL)
		sb_adds(&sql, " JOIN org o ON o.id = p.org_id");
	where_add(&sql, cond, exclude_lo != NULL, q, scope_lo != NULL);
	sb_adds(&sql, " LIMIT ?9)");
	sqlite3_stmt *st = db_stmt(db, sql.buf, err);
	sb_free(&sql);
	if (st == NULL)
		return -1;
	where_bind(st, a1, a2, exclude_lo, exclude_hi, q, scope_lo, scope_hi);
	sqlite3_bind_int(st, 9, cap);
	int got = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		got = sqlite3_column_int(st, 0);
	else
		db_fail(db, err);
	sqlite3_reset(st);
	return got;
}

int
db_search(struct db *db, const struct actor *who, const struct search_query *q,
    struct search_hit **hits, int *n, int *more, char **err)
{
	int total;
	return db_search_total(db, who, q, hits, n, more, &total, err);
}

/*
 * Order within a part. Up to SEARCH_COUNT_CAP matches, the whole result is sorted
 * in Vietnamese order (the "vi" collation, see core/collate_vi.h), so every page
 * is a slice of one order and paging neither skips nor repeats anyone; sorting a
 * thousand rows costs a few milliseconds. Past that, the folded key's index gives
 * the order: a sort of every "nguyen" in the country per keystroke would not be
 * fast, and nobody pages through a thousand names (they type more of the name).
 * The choice depends only on the count, so it is the same for every page of one
 * search.
 */
static const char *
part_order(int total, const char *folded)
{
	return total <= SEARCH_COUNT_CAP ? "p.full_name COLLATE vi, p.date_of_birth, p.id" :
	    folded;
}

int
db_search_total(struct db *db, const struct actor *who, const struct search_query *q,
    struct search_hit **hits, int *n, int *more, int *total, char **err)
{
	*err = NULL;
	*total = 0;
	*hits = NULL;
	*n = 0;
	*more = 0;
	int limit = q->limit > 0 ? q->limit : 20;
	int offset = q->offset > 0 ? q->offset : 0;
	/* A self account finds itself and nobody else, whatever it types: its own
	 * record is the one row the filter lets through (0 when unbound: none). */
	struct search_query self_q;
	if (who->role == ROLE_SELF) {
		self_q = *q;
		self_q.only_person = who->person_id != 0 ? who->person_id : -1;
		self_q.org_code = NULL;
		q = &self_q;
	} else if (!db_actor_may_read_records(who)) {
		*err = xstrdup(_("your role may not search records"));
		return DB_DENIED;
	}

	/* Scope: the actor's subtree, narrowed to an agency's subtree when asked. */
	char lo[256], hi[256];
	const char *scope_lo = NULL, *scope_hi = NULL;
	db_scope_range(who, lo, hi);
	if (who->role != ROLE_SELF && strcmp(lo, "/") != 0) {
		scope_lo = lo;
		scope_hi = hi;
	}
	if (q->org_code != NULL && *q->org_code) {
		struct org_info org;
		int rc = db_org_find(db, q->org_code, &org, err);
		if (rc != DB_OK)
			return rc;
		if (!db_scope_covers(who, org.path)) {
			free(*err);
			*err = xasprintf(_("the agency %s is outside your scope"), q->org_code);
			return DB_DENIED;
		}
		struct actor narrowed = *who;
		snprintf(narrowed.org_path, sizeof narrowed.org_path, "%s", org.path);
		db_scope_range(&narrowed, lo, hi);
		scope_lo = lo;
		scope_hi = hi;
	}

	struct search_ctx ctx = {0};
	char *key = NULL;
	const char *text = q->text ? q->text : "";
	while (*text == ' ')
		text++;
	int want = limit + 1;	/* one more tells whether a next page exists */
	int rc = DB_OK;
	const int over = SEARCH_COUNT_CAP + 1;
	if (all_digits(text)) {
		char end[32];
		prefix_end(text, end, sizeof end);
		const char *cond = "p.id_number >= ?1 AND p.id_number < ?2";
		*total = search_count(db, cond, text, end, NULL, NULL, q, scope_lo, scope_hi,
		    over, err);
		if (*total < 0 || search_part(db, cond, "p.id_number", text, end, NULL, NULL,
		    q, scope_lo, scope_hi, offset, want, &ctx, err) < 0)
			rc = DB_ERROR;
	} else if (*text) {
		key = text_fold_new(text);
		if (key == NULL) {
			*err = xstrdup(_("the search text is not valid UTF-8"));
			return DB_INVALID;
		}
		char end[256];
		prefix_end(key, end, sizeof end);
		const char *cond1 = "p.name_key >= ?1 AND p.name_key < ?2";
		const char *cond2 = "p.given_key >= ?1 AND p.given_key < ?2";
		/* Part 1: the name as typed from the family name on; part 2: from the
		 * given name, less what part 1 has. Part 1's count, when under the cap,
		 * is also where part 2 starts. */
		int n1 = search_count(db, cond1, key, end, NULL, NULL, q, scope_lo, scope_hi,
		    over, err);
		int n2 = n1 < 0 || n1 >= over ? 0 : search_count(db, cond2, key, end, key, end,
		    q, scope_lo, scope_hi, over - n1, err);
		if (n1 < 0 || n2 < 0)
			rc = DB_ERROR;
		else {
			*total = n1 + n2;
			int got = search_part(db, cond1, part_order(*total,
			    "p.name_key, p.date_of_birth, p.id"), key, end, NULL, NULL, q,
			    scope_lo, scope_hi, offset, want, &ctx, err);
			if (got < 0)
				rc = DB_ERROR;
			else if (got < want) {
				/* Part 2 starts where part 1 ran out. */
				int cap = offset + want;
				int c1 = got > 0 ? offset + got : n1 < over ? n1 :
				    search_count(db, cond1, key, end, NULL, NULL, q, scope_lo,
				    scope_hi, cap, err);
				if (c1 < 0)
					rc = DB_ERROR;
				else {
					int skip2 = offset > c1 ? offset - c1 : 0;
					if (search_part(db, cond2, part_order(*total,
					    "p.given_key, p.date_of_birth, p.id"), key, end, key,
					    end, q, scope_lo, scope_hi, skip2, want - got, &ctx,
					    err) < 0)
						rc = DB_ERROR;
				}
			}
		}
	} else if ((q->dob && *q->dob) || (q->rank_code && *q->rank_code) ||
	    (q->verification && *q->verification) || scope_lo) {
		const char *cond = q->dob && *q->dob ? "p.date_of_birth = ?5" :
		    q->rank_code && *q->rank_code ? "p.rank_code = ?6" :
		    q->verification && *q->verification ? "p.verify_state = ?11" : "1";
		*total = search_count(db, cond, NULL, NULL, NULL, NULL, q, scope_lo, scope_hi,
		    over, err);
		if (*total < 0 || search_part(db, cond, part_order(*total,
		    "p.name_key, p.date_of_birth, p.id"), NULL, NULL, NULL, NULL, q, scope_lo,
		    scope_hi, offset, want, &ctx, err) < 0)
			rc = DB_ERROR;
	} else {
		*err = xstrdup(_("type a name, an ID number, or choose a date of birth or agency"));
		return DB_INVALID;
	}
	if (rc == DB_OK && q->log) {
		struct strbuf d;
		sb_init(&d);
		sb_adds(&d, "{\"text\":");
		sb_add_json_str(&d, text);
		sb_addf(&d, ",\"dob\":\"%s\",\"org\":\"%s\",\"rank\":\"%s\",\"results\":%d",
		    q->dob ? q->dob : "", q->org_code ? q->org_code : "",
		    q->rank_code ? q->rank_code : "", ctx.n > limit ? limit : ctx.n);
		/* Who was listed: a page of names and ID numbers is a disclosure too. */
		sb_adds(&d, ",\"ids\":[");
		for (int i = 0; i < ctx.n && i < limit; i++) {
			if (i > 0)
				sb_addc(&d, ',');
			sb_add_ull(&d, (unsigned long long)ctx.hits[i].id);
		}
		sb_adds(&d, "]}");
		rc = db_audit_event(db, who, "search", "person", 0, d.buf, err);
		sb_free(&d);
	}
	free(key);
	if (rc != DB_OK) {
		free(ctx.hits);
		return rc;
	}
	if (ctx.n > limit) {
		*more = 1;
		ctx.n = limit;
	}
	*hits = ctx.hits;
	*n = ctx.n;
	return DB_OK;
}
