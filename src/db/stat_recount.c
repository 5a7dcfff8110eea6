/*
 * The recount of the headcounts: one pass over person, at the end of a first load
 * and in hoso check. At national scale it must cost seconds, not minutes, so it
 * asks SQLite for the raw columns only and works out each breakdown's value here
 * (stat_internal.h says how; the triggers' SQL says the same, and hoso check
 * compares the two):
 *
 * - the JSON column is read by a small scanner of one flat object, in one pass for
 *   every member wanted (json_extract parses the whole text once per member: seven
 *   members were 0.6 of the 1.2 s a first try took at 200,000 people);
 * - each breakdown's values get small numbers from a dictionary of their own (a
 *   few hundred values at most), so that the counts are keyed by integers: no
 *   string is copied or compared per person;
 * - each agency's counts are then added to its ancestors (org_ancestor).
 */
#include "db/stat_internal.h"
#include "db/db_internal.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VALUES 65536	/* per breakdown: the key keeps 16 bits for it */
#define MAX_JSON   8	/* JSON members read */

/* The values met for one breakdown, numbered in the order met. */
struct dict {
	char   **vals;
	int      n, cap;
	uint32_t *slot;		/* open addressing: value number + 1, 0 empty */
	uint32_t  nslot;
};

static uint32_t
str_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The number of the value s[0..len), added if new; -1 when the dictionary is full. */
static int
dict_id(struct dict *d, const char *s, size_t len)
{
	if ((uint32_t)(d->n + 1) * 2 > d->nslot) {
		if (d->n >= MAX_VALUES)
			return -1;
		free(d->slot);
		d->nslot = d->nslot ? d->nslot * 2 : 256;
		d->slot = xcalloc(d->nslot, sizeof *d->slot);
		for (int i = 0; i < d->n; i++) {
			uint32_t k = str_hash(d->vals[i], strlen(d->vals[i])) & (d->nslot - 1);
			while (d->slot[k])
				k = (k + 1) & (d->nslot - 1);
			d->slot[k] = (uint32_t)i + 1;
		}
	}
	uint32_t k = str_hash(s, len) & (d->nslot - 1);
	for (; d->slot[k]; k = (k + 1) & (d->nslot - 1)) {
		const char *v = d->vals[d->slot[k] - 1];
		if (strncmp(v, s, len) == 0 && v[len] == '\0')
			return (int)d->slot[k] - 1;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->vals = xrealloc(d->vals, sizeof *d->vals * (size_t)d->cap);
	}
	d->vals[d->n] = xstrndup(s, len);
	d->slot[k] = (uint32_t)d->n + 1;
	return d->n++;
}

static void
dict_free(struct dict *d)
{
	for (int i = 0; i < d->n; i++)
		free(d->vals[i]);
	free(d->vals);
	free(d->slot);
}

/* Counts per agency, each agency's in a small table of its own keyed by
 * (breakdown << 16 | value number): a person's sixteen counts fall in one table of
 * a few kilobytes, not sixteen random places in one of megabytes. */
struct org_counts {
	int64_t   org;
	uint32_t *dv;	/* 0: empty (breakdown numbers start at 1) */
	int64_t  *n;
	uint32_t  cap, used;
};
struct counts {
	struct org_counts *o;
	int                n, cap;
	int               *slot;	/* agency id -> index + 1; open addressing */
	uint32_t           nslot;
};

static uint32_t
org_hash(int64_t org)
{
	uint64_t h = (uint64_t)org * 0x9E3779B97F4A7C15ULL;
	return (uint32_t)(h >> 32);
}

static struct org_counts *
counts_org(struct counts *c, int64_t org)
{
	if ((uint32_t)(c->n + 1) * 2 > c->nslot) {
		free(c->slot);
		c->nslot = c->nslot ? c->nslot * 2 : 1024;
		c->slot = xcalloc(c->nslot, sizeof *c->slot);
		for (int i = 0; i < c->n; i++) {
			uint32_t k = org_hash(c->o[i].org) & (c->nslot - 1);
			while (c->slot[k])
				k = (k + 1) & (c->nslot - 1);
			c->slot[k] = i + 1;
		}
	}
	uint32_t k = org_hash(org) & (c->nslot - 1);
	for (; c->slot[k]; k = (k + 1) & (c->nslot - 1))
		if (c->o[c->slot[k] - 1].org == org)
			return &c->o[c->slot[k] - 1];
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->o = xrealloc(c->o, sizeof *c->o * (size_t)c->cap);
	}
	struct org_counts *oc = &c->o[c->n];
	memset(oc, 0, sizeof *oc);
	oc->org = org;
	c->slot[k] = ++c->n;
	return oc;
}

static void
org_add(struct org_counts *oc, uint32_t dv, int64_t n)
{
	if ((oc->used + 1) * 2 > oc->cap) {
		uint32_t *odv = oc->dv, ocap = oc->cap;
		int64_t *on = oc->n;
		oc->cap = ocap ? ocap * 2 : 64;
		oc->dv = xcalloc(oc->cap, sizeof *oc->dv);
		oc->n = xmalloc(sizeof *oc->n * oc->cap);
		oc->used = 0;
		for (uint32_t i = 0; i < ocap; i++)
			if (odv[i])
				org_add(oc, odv[i], on[i]);
		free(odv);
		free(on);
	}
	uint32_t i = (dv * 2654435761u) & (oc->cap - 1);
	for (; oc->dv[i]; i = (i + 1) & (oc->cap - 1))
		if (oc->dv[i] == dv) {
			oc->n[i] += n;
			return;
		}
	oc->dv[i] = dv;
	oc->n[i] = n;
	oc->used++;
}

static void
counts_free(struct counts *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->o[i].dv);
		free(c->o[i].n);
	}
	free(c->o);
	free(c->slot);
}

/* The members of a flat JSON object named in want[] (nwant of them): got[i] points
 * at the string value's bytes (len[i] long) or is NULL when absent or null. A
 * string with escapes is unescaped into esc (simple escapes; \u is left as it is:
 * code values have none). Other values (numbers, true, false) are taken as written,
 * as json_extract gives them. */
struct json_got {
	const char *got[MAX_JSON];
	size_t      len[MAX_JSON];
	char        esc[MAX_JSON][64];
};

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

/* p at an opening quote: returns past the closing one; *has_esc set if any. */
static const char *
skip_string(const char *p, int *has_esc)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && p[1]) {
			*has_esc = 1;
			p++;
		}
	return *p ? p + 1 : p;
}

/* p at a value: returns past it. */
static const char *
skip_value(const char *p)
{
	int esc = 0, depth = 0;
	do {
		p = skip_ws(p);
		if (*p == '"')
			p = skip_string(p, &esc);
		else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			depth--;
			p++;
		} else if (*p == ',' || *p == ':')
			p++;
		else
			while (*p && !strchr(",}] \t\r\n", *p))
				p++;
	} while (depth > 0 && *p);
	return p;
}

static void
json_read(const char *p, const char *const *want, int nwant, struct json_got *g)
{
	for (int i = 0; i < nwant; i++)
		g->got[i] = NULL;
	if (p == NULL || *(p = skip_ws(p)) != '{')
		return;
	p++;
	while (*(p = skip_ws(p)) == '"') {
		int esc = 0;
		const char *k = p + 1, *kend = skip_string(p, &esc) - 1;
		p = skip_ws(kend + 1);
		if (*p != ':')
			return;
		p = skip_ws(p + 1);
		int w = -1;
		for (int i = 0; i < nwant && w < 0; i++)
			if ((size_t)(kend - k) == strlen(want[i]) &&
			    memcmp(k, want[i], (size_t)(kend - k)) == 0)
				w = i;
		const char *v = p;
		if (*p == '"') {
			esc = 0;
			p = skip_string(p, &esc);
			if (w >= 0) {
				g->got[w] = v + 1;
				g->len[w] = (size_t)(p - 1 - (v + 1));
				if (esc) {	/* unescape the simple escapes */
					size_t o = 0;
					for (const char *s = v + 1; s < p - 1 && o < 63; s++) {
						char c = *s;
						if (c == '\\' && s + 1 < p - 1) {
							c = *++s;
							c = c == 'n' ? '\n' : c == 't' ? '\t' :
							    c == 'r' ? '\r' : c == 'b' ? '\b' :
							    c == 'f' ? '\f' : c;
						}
						g->esc[w][o++] = c;
					}
					g->got[w] = g->esc[w];
					g->len[w] = o;
				}
			}
		} else {
			p = skip_value(p);
			if (w >= 0 && strncmp(v, "null", 4) != 0) {
				int t = strncmp(v, "true", 4) == 0, f = strncmp(v, "false", 5) == 0;
				g->got[w] = t ? "1" : f ? "0" : v;
				g->len[w] = t || f ? 1 : (size_t)(p - v);
			}
		}
		p = skip_ws(p);
		if (*p == ',')
			p++;
	}
}

/* The scan's columns, in SELECT order after org_id. */
static const char *const scan_cols[] = { "sex", "date_of_birth", "staff_category",
	"ethnicity", "religion", "rank_code", "position", "employment_status", "data" };
enum { C_SEX, C_DOB, C_STAFF, C_ETH, C_REL, C_RANK, C_POS, C_STATUS, C_DATA, NCOLS };

static int
col_index(const char *name)
{
	for (int i = 0; i < NCOLS; i++)
		if (strcmp(scan_cols[i], name) == 0)
			return i;
	return -1;
}

/* Each agency's counts added to its ancestors'. */
static int
rollup(struct db *db, const struct counts *from, struct counts *to, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT org_id, ancestor_id FROM org_ancestor"
	    " ORDER BY org_id", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	int64_t (*pairs)[2] = NULL;
	size_t n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			pairs = xrealloc(pairs, sizeof *pairs * cap);
		}
		pairs[n][0] = sqlite3_column_int64(st, 0);
		pairs[n][1] = sqlite3_column_int64(st, 1);
		n++;
	}
	sqlite3_finalize(st);
	for (int i = 0; i < from->n; i++) {
		const struct org_counts *oc = &from->o[i];
		size_t lo = 0, hi = n;	/* the agency's run of ancestors */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (pairs[mid][0] < oc->org)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && pairs[lo][0] == oc->org; lo++) {
			struct org_counts *to_oc = counts_org(to, pairs[lo][1]);
			for (uint32_t k = 0; k < oc->cap; k++)
				if (oc->dv[k])
					org_add(to_oc, oc->dv[k], oc->n[k]);
		}
	}
	free(pairs);
	return DB_OK;
}

static int
write_counts(struct db *db, const char *table, const struct counts *c,
    const struct dict *dicts, char **err)
{
	char *sql = xasprintf("INSERT INTO %s (org_id, breakdown, value, n) VALUES"
	    " (?, ?, ?, ?)", table);
	sqlite3_stmt *st;
	int prc = sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL);
	free(sql);
	if (prc != SQLITE_OK)
		return db_fail(db, err);
	int rc = DB_OK;
	for (int i = 0; i < c->n && rc == DB_OK; i++) {
		const struct org_counts *oc = &c->o[i];
		for (uint32_t k = 0; k < oc->cap && rc == DB_OK; k++) {
			if (oc->dv[k] == 0 || oc->n[k] == 0)
				continue;
			int def = (int)(oc->dv[k] >> 16) - 1;
			sqlite3_bind_int64(st, 1, oc->org);
			sqlite3_bind_text(st, 2, stat_defs[def].name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, dicts[def].vals[oc->dv[k] & 0xFFFF], -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, oc->n[k]);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, err);
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int
stat_recount_into(struct db *db, const char *table, char **err)
{
	/* What each breakdown reads: a column, or a JSON member (numbered). */
	const char *want[MAX_JSON];
	int nwant = 0, src[64];
	for (int d = 0; d < stat_ndefs; d++) {
		src[d] = -1;
		if (stat_defs[d].how == STAT_COL)
			src[d] = col_index(stat_defs[d].src);
		else if (stat_defs[d].how == STAT_JSON || stat_defs[d].how == STAT_PARTY) {
			want[nwant] = stat_defs[d].src;
			src[d] = nwant++;
		}
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT org_id, sex, date_of_birth,"
	    " staff_category, ethnicity, religion, rank_code, position, employment_status,"
	    " data FROM person", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, err);
	struct dict *dicts = xcalloc((size_t)stat_ndefs, sizeof *dicts);
	struct counts own = { 0 };
	struct json_got g;
	int rc, full = 0;
	while (!full && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct org_counts *oc = counts_org(&own, sqlite3_column_int64(st, 0));
		const char *col[NCOLS];
		size_t len[NCOLS];
		for (int i = 0; i < NCOLS; i++) {
			col[i] = (const char *)sqlite3_column_text(st, i + 1);
			len[i] = col[i] ? (size_t)sqlite3_column_bytes(st, i + 1) : 0;
			if (col[i] == NULL)
				col[i] = "";
		}
		const char *status = col[C_STATUS];
		int at_work = !*status || strcmp(status, "working") == 0 ||
		    strcmp(status, "on_leave") == 0;
		json_read(col[C_DATA], want, nwant, &g);
		for (int d = 0; d < stat_ndefs; d++) {
			const char *v = NULL;
			size_t vl = 0;
			char birth[16];
			switch (stat_defs[d].how) {
			case STAT_COL:
				v = col[src[d]];
				vl = len[src[d]];
				break;
			case STAT_JSON:
				v = g.got[src[d]] ? g.got[src[d]] : "";
				vl = g.got[src[d]] ? g.len[src[d]] : 0;
				break;
			case STAT_BIRTH:
				vl = (size_t)snprintf(birth, sizeof birth, "%s%.7s", col[C_SEX],
				    col[C_DOB]);
				v = birth;
				break;
			case STAT_WOMEN_LEADERS:
				if (strcmp(col[C_SEX], "F") == 0 && *col[C_POS]) {
					v = col[C_POS];
					vl = len[C_POS];
				}
				break;
			case STAT_PARTY:
				v = g.got[src[d]] && g.len[src[d]] ? "member" : "not_member";
				vl = strlen(v);
				break;
			case STAT_STATUS:
				v = status;
				vl = len[C_STATUS];
				break;
			}
			if (v == NULL || (!at_work && stat_defs[d].how != STAT_STATUS))
				continue;
			int id = dict_id(&dicts[d], v, vl);
			if (id < 0) {
				full = 1;
				break;
			}
			org_add(oc, (uint32_t)(d + 1) << 16 | (uint32_t)id, 1);
		}
	}
	sqlite3_finalize(st);
	if (full) {
		*err = xstrdup(_("too many different values in one breakdown to count"));
		rc = DB_ERROR;
	} else if (rc != SQLITE_DONE)
		rc = db_fail(db, err);
	else {
		struct counts all = { 0 };
		rc = rollup(db, &own, &all, err);
		if (rc == DB_OK)
			rc = write_counts(db, table, &all, dicts, err);
		counts_free(&all);
	}
	counts_free(&own);
	for (int d = 0; d < stat_ndefs; d++)
		dict_free(&dicts[d]);
	free(dicts);
	return rc;
}
