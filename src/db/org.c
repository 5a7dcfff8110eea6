/*
 * Agencies: import, lookup, listing. Paths are recomputed for the whole tree after
 * every import, in memory: the tree has thousands of nodes, not millions.
 */
#include "db/org.h"
#include "db/db_internal.h"
#include "db/org_internal.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
db_org_code_ok(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > 35 || code[0] == '.' || code[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = code[i];
		if (!(isdigit((unsigned char)ch) || (ch >= 'A' && ch <= 'Z') || ch == '.'))
			return 0;
		if (ch == '.' && code[i + 1] == '.')
			return 0;
	}
	return 1;
}

static void
org_from_row(sqlite3_stmt *st, struct org_info *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	snprintf(o->code, sizeof o->code, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(o->name, sizeof o->name, "%s", (const char *)sqlite3_column_text(st, 2));
	const char *p = (const char *)sqlite3_column_text(st, 3);
	snprintf(o->parent_code, sizeof o->parent_code, "%s", p ? p : "");
	p = (const char *)sqlite3_column_text(st, 4);
	snprintf(o->kind, sizeof o->kind, "%s", p ? p : "");
	o->level = sqlite3_column_int(st, 5);
	o->headcount = sqlite3_column_int(st, 6);
	snprintf(o->path, sizeof o->path, "%s", (const char *)sqlite3_column_text(st, 7));
	p = (const char *)sqlite3_column_text(st, 8);
	snprintf(o->valid_from, sizeof o->valid_from, "%s", p ? p : "");
	p = (const char *)sqlite3_column_text(st, 9);
	snprintf(o->valid_to, sizeof o->valid_to, "%s", p ? p : "");
	p = (const char *)sqlite3_column_text(st, 10);
	snprintf(o->merged_into, sizeof o->merged_into, "%s", p ? p : "");
}

#define ORG_SELECT "SELECT o.id, o.code, o.name, p.code, o.kind, o.level, o.headcount," \
	" o.path, o.valid_from, o.valid_to, m.code FROM org o" \
	" LEFT JOIN org p ON p.id = o.parent_id LEFT JOIN org m ON m.id = o.merged_into"

int
db_org_find(struct db *db, const char *code, struct org_info *out, char **err)
{
	sqlite3_stmt *st = db_stmt(db, ORG_SELECT " WHERE o.code = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		org_from_row(st, out);
		sqlite3_reset(st);
		return DB_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err);
	if (err != NULL)
		*err = xasprintf(_("no agency has the code %s"), code);
	return DB_NOTFOUND;
}

int
db_org_by_id(struct db *db, int64_t id, struct org_info *out, char **err)
{
	sqlite3_stmt *st = db_stmt(db, ORG_SELECT " WHERE o.id = ?", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		org_from_row(st, out);
		sqlite3_reset(st);
		return DB_OK;
	}
	sqlite3_reset(st);
	if (err != NULL)
		*err = xstrdup(_("no such agency"));
	return rc == SQLITE_DONE ? DB_NOTFOUND : DB_ERROR;
}

void
db_scope_range(const struct actor *a, char lo[256], char hi[256])
{
	if (a->role == ROLE_SELF) {
		/* An empty range: lists by agency show a self account nobody. */
		lo[0] = hi[0] = '\0';
		return;
	}
	snprintf(lo, 256, "%s", a->org_path[0] ? a->org_path : "/");
	/* The smallest string above every string with prefix lo: bump its last byte. */
	snprintf(hi, 256, "%s", lo);
	size_t n = strlen(hi);
	hi[n - 1] = (char)(hi[n - 1] + 1);
}

int
db_org_list_all(struct db *db, struct org_info **out, int *n, char **err)
{
	struct actor nation;
	db_actor_system(&nation, "org list");
	return db_org_list(db, &nation, out, n, err);
}

/* Tree order with brothers by code: the paths are made of row ids, so ORDER BY
 * path gives each agency before its subtree but brothers in the order they were
 * loaded; a reader looks for "G01" before "G14". The key of an agency is its
 * ancestors' codes and its own, each ended by a byte below any code's, so a
 * subtree still follows its root. */
struct org_sorted {
	char            *key;
	struct org_info  info;
};

static int
org_sorted_cmp(const void *a, const void *b)
{
	return strcmp(((const struct org_sorted *)a)->key, ((const struct org_sorted *)b)->key);
}

static void
org_tree_order(struct org_info *v, int n)
{
	struct org_sorted *s = xcalloc((size_t)n + 1, sizeof *s);
	int *stack = xcalloc((size_t)n + 1, sizeof *stack), top = 0;
	for (int i = 0; i < n; i++) {
		while (top > 0 && strncmp(v[i].path, v[stack[top - 1]].path,
		    strlen(v[stack[top - 1]].path)) != 0)
			top--;
		s[i].key = xasprintf("%s%s\x1f", top > 0 ? s[stack[top - 1]].key : "", v[i].code);
		s[i].info = v[i];
		stack[top++] = i;
	}
	qsort(s, (size_t)n, sizeof *s, org_sorted_cmp);
	for (int i = 0; i < n; i++) {
		v[i] = s[i].info;
		free(s[i].key);
	}
	free(stack);
	free(s);
}

int
db_org_list(struct db *db, const struct actor *who, struct org_info **out, int *n,
    char **err)
{
	char lo[256], hi[256];
	db_scope_range(who, lo, hi);
	sqlite3_stmt *st = db_stmt(db, ORG_SELECT
	    " WHERE o.path >= ? AND o.path < ? ORDER BY o.path", err);
	if (st == NULL)
		return DB_ERROR;
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	int cap = 64, count = 0;
	struct org_info *v = xmalloc(sizeof *v * (size_t)cap);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		org_from_row(st, &v[count++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err);
	}
	org_tree_order(v, count);
	*out = v;
	*n = count;
	return DB_OK;
}

int
db_org_export(struct db *db, const struct actor *who, FILE *out, char **err)
{
	struct org_info *v;
	int n;
	if (db_org_list(db, who, &v, &n, err) != DB_OK)
		return DB_ERROR;
	fputs("code,name,parent_code,kind,level,headcount\n", out);
	for (int i = 0; i < n; i++) {
		char num[16], hc[16];
		snprintf(num, sizeof num, "%d", v[i].level);
		snprintf(hc, sizeof hc, "%d", v[i].headcount);
		csv_write_field(out, v[i].code, ',');
		csv_write_field(out, v[i].name, ',');
		csv_write_field(out, v[i].parent_code, ',');
		csv_write_field(out, v[i].kind, ',');
		csv_write_field(out, v[i].level ? num : "", ',');
		csv_write_field(out, v[i].headcount ? hc : "", '\n');
	}
	free(v);
	return DB_OK;
}

/* One parsed line of an agency file. */
struct org_row {
	long  line;
	char *code, *name, *parent, *kind;
	int   level, headcount;
};

static int
find_row(struct org_row *rows, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].code, code) == 0)
			return i;
	return -1;
}

/* Recompute every path from the parent links; fails on a cycle. */
int
org_recompute_paths(struct db *db, struct strbuf *problems, char **err)
{
	sqlite3 *conn = db_sqlite(db);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(conn, "SELECT id, parent_id, code FROM org", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(db, err);
	int cap = 256, n = 0;
	int64_t *ids = xmalloc(sizeof *ids * (size_t)cap), *parents = xmalloc(sizeof *parents * (size_t)cap);
	char **codes = xmalloc(sizeof *codes * (size_t)cap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap *= 2;
			ids = xrealloc(ids, sizeof *ids * (size_t)cap);
			parents = xrealloc(parents, sizeof *parents * (size_t)cap);
			codes = xrealloc(codes, sizeof *codes * (size_t)cap);
		}
		ids[n] = sqlite3_column_int64(st, 0);
		parents[n] = sqlite3_column_int64(st, 1);
		codes[n] = xstrdup((const char *)sqlite3_column_text(st, 2));
		n++;
	}
	sqlite3_finalize(st);
	int rc = DB_OK;
	sqlite3_stmt *up = NULL;
	if (sqlite3_prepare_v2(conn, "UPDATE org SET path = ?, level = coalesce(level, ?)"
	    " WHERE id = ?", -1, &up, NULL) != SQLITE_OK) {
		rc = db_fail(db, err);
		goto out;
	}
	for (int i = 0; i < n && rc == DB_OK; i++) {
		/* Walk up to the root; more steps than nodes means a cycle. */
		int64_t chain[64];
		int depth = 0;
		int64_t cur = ids[i];
		while (cur != 0) {
			if (depth == 64) {
				sb_addf(problems, _("agency %s: its parents form a cycle or the tree is "
				    "deeper than 64 levels\n"), codes[i]);
				rc = DB_INVALID;
				break;
			}
			for (int k = 0; k < depth; k++)
				if (chain[k] == cur)
					depth = 64;
			if (depth == 64)
				continue;
			chain[depth++] = cur;
			int j;
			for (j = 0; j < n && ids[j] != cur; j++)
				;
			cur = j < n ? parents[j] : 0;
		}
		if (rc != DB_OK)
			break;
		struct strbuf path;
		sb_init(&path);
		sb_addc(&path, '/');
		for (int k = depth - 1; k >= 0; k--)
			sb_addf(&path, "%lld/", (long long)chain[k]);
		sqlite3_reset(up);
		sqlite3_bind_text(up, 1, path.buf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(up, 2, depth);
		sqlite3_bind_int64(up, 3, ids[i]);
		if (sqlite3_step(up) != SQLITE_DONE)
			rc = db_fail(db, err);
		sb_free(&path);
	}
out:
	sqlite3_finalize(up);
	for (int i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	free(ids);
	free(parents);
	return rc;
}

static int
column_index(char **hdr, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcasecmp(hdr[i], name) == 0)
			return i;
	return -1;
}

int
db_org_import(struct db *db, const struct actor *who, FILE *f, const char *filename,
    int *count, char **err)
{
	*count = 0;
	*err = NULL;
	if (who->role != ROLE_NATIONAL_ADMIN) {
		*err = xstrdup(_("only a national administrator may load the agency tree"));
		return DB_DENIED;
	}
	struct csv *c = csv_open(f);
	struct strbuf problems;
	sb_init(&problems);
	char **fl;
	int nf;
	int rc = csv_read(c, &fl, &nf);
	if (rc != 1) {
		*err = xasprintf(_("%s: no header line (code,name,parent_code)"), filename);
		csv_free(c);
		sb_free(&problems);
		return DB_INVALID;
	}
	static const char *const known[] = {"code", "name", "parent_code", "kind", "level",
	    "headcount", NULL};
	int col[6];
	for (int k = 0; known[k]; k++)
		col[k] = column_index(fl, nf, known[k]);
	for (int i = 0; i < nf; i++) {
		int ok = 0;
		for (int k = 0; known[k]; k++)
			ok |= strcasecmp(fl[i], known[k]) == 0;
		if (!ok)
			sb_addf(&problems, _("%s line 1: unknown column \"%s\"\n"), filename, fl[i]);
	}
	if (col[0] < 0 || col[1] < 0 || col[2] < 0)
		sb_addf(&problems, _("%s line 1: the columns code, name and parent_code are "
		    "required\n"), filename);
	int ncols = nf;
	struct org_row *rows = NULL;
	int nrows = 0, caprows = 0;
	while (problems.len == 0 && (rc = csv_read(c, &fl, &nf)) != 0) {
		long line = csv_line(c);
		if (rc < 0) {
			sb_addf(&problems, _("%s line %ld: %s\n"), filename, line, _(csv_error(c)));
			continue;
		}
		if (nf == 1 && fl[0][0] == '\0')
			continue;
		if (nf != ncols) {
			sb_addf(&problems, _("%s line %ld: %d fields, the header has %d\n"),
			    filename, line, nf, ncols);
			continue;
		}
		char *code = text_clean_new(fl[col[0]]);
		char *name = text_clean_new(fl[col[1]]);
		char *parent = text_clean_new(fl[col[2]]);
		if (!db_org_code_ok(code))
			sb_addf(&problems, _("%s line %ld, column code: \"%s\" is not an agency "
			    "code (A-Z, 0-9 and dots, at most 35)\n"), filename, line, code);
		else if (find_row(rows, nrows, code) >= 0)
			sb_addf(&problems, _("%s line %ld, column code: %s appears twice in the "
			    "file\n"), filename, line, code);
		if (*name == '\0')
			sb_addf(&problems, _("%s line %ld, column name: the name is empty\n"),
			    filename, line);
		if (nrows == caprows) {
			caprows = caprows ? caprows * 2 : 64;
			rows = xrealloc(rows, sizeof *rows * (size_t)caprows);
		}
		struct org_row *r = &rows[nrows++];
		r->line = line;
		r->code = code;
		r->name = name;
		r->parent = parent;
		r->kind = col[3] >= 0 ? text_clean_new(fl[col[3]]) : xstrdup("");
		r->level = col[4] >= 0 ? atoi(fl[col[4]]) : 0;
		r->headcount = col[5] >= 0 ? atoi(fl[col[5]]) : 0;
	}
	csv_free(c);
	*count = nrows;

	if (problems.len == 0 && db_begin(db, err) != DB_OK) {
		rc = DB_ERROR;
		goto out;
	}
	/* Insert or update every row first, then link parents: a parent may come later. */
	for (int i = 0; i < nrows && problems.len == 0; i++) {
		sqlite3_stmt *st = db_stmt(db, "INSERT INTO org (code, name, kind, level,"
		    " headcount, path) VALUES (?1, ?2, ?3, nullif(?4,0), nullif(?5,0), '/')"
		    " ON CONFLICT (code) DO UPDATE SET name = ?2, kind = ?3,"
		    " level = nullif(?4,0), headcount = nullif(?5,0), version = version + 1", err);
		if (st == NULL) {
			rc = DB_ERROR;
			goto rollback;
		}
		sqlite3_bind_text(st, 1, rows[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, rows[i].name, -1, SQLITE_STATIC);
		db_bind_text_or_null(st, 3, rows[i].kind);
		sqlite3_bind_int(st, 4, rows[i].level);
		sqlite3_bind_int(st, 5, rows[i].headcount);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_fail(db, err);
			goto rollback;
		}
	}
	for (int i = 0; i < nrows && problems.len == 0; i++) {
		int64_t parent_id = 0;
		if (rows[i].parent[0]) {
			struct org_info p;
			char *e = NULL;
			if (db_org_find(db, rows[i].parent, &p, &e) != DB_OK) {
				sb_addf(&problems, _("%s line %ld, column parent_code: no agency has "
				    "the code %s\n"), filename, rows[i].line, rows[i].parent);
				free(e);
				continue;
			}
			parent_id = p.id;
		}
		sqlite3_stmt *st = db_stmt(db, "UPDATE org SET parent_id = nullif(?, 0)"
		    " WHERE code = ?", err);
		if (st == NULL) {
			rc = DB_ERROR;
			goto rollback;
		}
		sqlite3_bind_int64(st, 1, parent_id);
		sqlite3_bind_text(st, 2, rows[i].code, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_fail(db, err);
			goto rollback;
		}
	}
	if (problems.len == 0) {
		rc = org_recompute_paths(db, &problems, err);
		if (rc == DB_OK && problems.len == 0)
			rc = db_stat_tree_sync(db, err);
		if (rc == DB_ERROR)
			goto rollback;
	}
	if (problems.len == 0) {
		char agencies[16];
		snprintf(agencies, sizeof agencies, "%d", nrows);
		char *detail = json_object_new("file", filename, "agencies", agencies, NULL);
		rc = db_audit(db, who, "import", "org", 0, NULL, detail, err);
		free(detail);
		if (rc != DB_OK)
			goto rollback;
		rc = db_commit(db, err);
		goto out;
	}
rollback:
	db_rollback(db);
out:
	if (problems.len > 0) {
		if (*err == NULL)
			*err = sb_detach(&problems);
		rc = DB_INVALID;
	}
	sb_free(&problems);
	for (int i = 0; i < nrows; i++) {
		free(rows[i].code);
		free(rows[i].name);
		free(rows[i].parent);
		free(rows[i].kind);
	}
	free(rows);
	return rc;
}

char *
db_org_label_new(struct db *db, const char *code)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT o.name, t.name FROM org o LEFT JOIN org t ON"
	    " t.id = CAST(substr(o.path, 2, instr(substr(o.path, 2), '/') - 1) AS INTEGER)"
	    " AND t.id <> o.id WHERE o.code = ?", NULL);
	if (st == NULL || code == NULL)
		return xstrdup("");
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	char *out;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *top = (const char *)sqlite3_column_text(st, 1);
		static const char *const committee[] = { "Ủy ban nhân dân ", "UBND " };
		for (int i = 0; top != NULL && i < 2; i++)
			if (strncmp(top, committee[i], strlen(committee[i])) == 0)
				top += strlen(committee[i]);
		out = top != NULL && strstr(name, top) == NULL ? xasprintf("%s (%s)", name, top) :
		    xstrdup(name);
	} else
		out = xstrdup("");
	sqlite3_reset(st);
	return out;
}
