/*
 * The Audit trail screen: the rows the administrator may read (db/audit_read.h),
 * newest first, one line each (row, local time, account, action, what); Enter opens
 * one with the fields it changed, before and after. F3 sets the filter (account,
 * ID number, agency, action, dates, one question each; empty: any); F5 verifies
 * the hash chain and, when it is broken, lists the trail from the first broken row
 * on with that row selected. Each reading is audited by the data layer.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/listview.h"
#include "ui/textview.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "db/audit.h"
#include "db/audit_read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_SCREEN_ROWS 200

struct audit_row {
	int64_t seq;
	char    when[17];
	char   *actor, *action, *what;	/* escaped for the screen */
	char   *before, *after;		/* as stored, for the entry's page */
};

struct audit_view {
	struct screen     base;
	struct app       *a;
	char              filter[6][64];	/* account, ID number, agency, action, from, to */
	char              from[11], to[11];
	struct audit_row *rows;
	int               n;
	int64_t           from_seq;	/* > 0: from this row on, oldest first */
	struct listview   lv;
};

static void
rows_free(struct audit_view *v)
{
	for (int i = 0; i < v->n; i++) {
		free(v->rows[i].actor);
		free(v->rows[i].action);
		free(v->rows[i].what);
		free(v->rows[i].before);
		free(v->rows[i].after);
	}
	free(v->rows);
	v->rows = NULL;
	v->n = 0;
}

static int
on_entry(void *arg, const struct audit_entry *e)
{
	struct audit_view *v = arg;
	v->rows = xrealloc(v->rows, sizeof *v->rows * (size_t)(v->n + 1));
	struct audit_row *r = &v->rows[v->n++];
	r->seq = e->seq;
	showtime_format(e->at, r->when);
	r->actor = text_escape_new(e->actor);
	r->action = text_escape_new(e->action);
	char *what = e->has_id ? xasprintf("%s %lld", e->entity, (long long)e->entity_id) :
	    xstrdup(e->entity);
	r->what = text_escape_new(what);
	free(what);
	r->before = e->before != NULL ? xstrdup(e->before) : NULL;
	r->after = e->after != NULL ? xstrdup(e->after) : NULL;
	return 0;
}

/* Read the rows of the filter again; false after a message said why. */
static bool
audit_load(struct audit_view *v)
{
	struct audit_filter f;
	memset(&f, 0, sizeof f);
	f.account = v->filter[0];
	f.id_number = v->filter[1];
	f.org_code = v->filter[2];
	f.action = v->filter[3];
	f.from = v->from;
	f.to = v->to;
	f.limit = AUDIT_SCREEN_ROWS;
	f.newest_first = v->from_seq == 0;
	f.after_seq = v->from_seq > 0 ? v->from_seq - 1 : 0;
	rows_free(v);
	int64_t rows;
	char *err = NULL;
	int rc = db_audit_read(v->a->db, &v->a->actor, &f, on_entry, v, &rows, &err);
	listview_init(&v->lv);
	listview_set_count(&v->lv, v->n);
	if (rc != DB_OK) {
		dialog_message(v->a, _("Audit trail"), err != NULL ? err : "?");
		free(err);
		return false;
	}
	return true;
}

static void
put_value(struct strbuf *sb, const char *val)
{
	char *e = text_escape_new(val != NULL ? val : _("(none)"));
	sb_adds(sb, e);
	free(e);
}

static void
on_field(void *arg, const char *field, const char *before, const char *after)
{
	struct strbuf *sb = arg;
	put_value(sb, field);
	sb_adds(sb, "\n    ");
	sb_adds(sb, _("before:"));
	sb_addc(sb, ' ');
	put_value(sb, before);
	sb_adds(sb, "\n    ");
	sb_adds(sb, _("after:"));
	sb_addc(sb, ' ');
	put_value(sb, after);
	sb_addc(sb, '\n');
}

/* One row's page: who, when, what, and each field before and after. */
static void
audit_open(struct audit_view *v)
{
	if (v->n == 0)
		return;
	const struct audit_row *r = &v->rows[v->lv.sel];
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, _("Row %lld, %s"), (long long)r->seq, r->when);
	sb_addc(&sb, '\n');
	sb_addf(&sb, "%s %s %s\n\n", r->actor, r->action, r->what);
	int n = 0;
	char *err = NULL;
	if (db_audit_fields(v->a->db, r->before, r->after, on_field, &sb, &n, &err) != DB_OK) {
		sb_addf(&sb, "%s\n", err != NULL ? err : "?");
		free(err);
	} else if (n == 0 && (r->before != NULL || r->after != NULL))
		on_field(&sb, "", r->before, r->after);
	char title[64];
	snprintf(title, sizeof title, _("Audit row %lld"), (long long)r->seq);
	textview_run(v->a, title, sb.buf, NULL);
	sb_free(&sb);
}

static void
audit_ask_filter(struct audit_view *v)
{
	static const char *const labels[] = { N_("Account"), N_("ID number"),
	    N_("Agency code"), N_("Action (update, view, login ...)"),
	    N_("From (DD/MM/YYYY)"), N_("To (DD/MM/YYYY)") };
	for (int i = 0; i < 6; i++) {
		char *s = dialog_input(v->a, _("Filter the audit trail"), _(labels[i]),
		    v->filter[i], 63);
		if (s == NULL)
			return;
		snprintf(v->filter[i], sizeof v->filter[i], "%s", s);
		free(s);
	}
	char *dates[2] = { v->from, v->to };
	for (int i = 0; i < 2; i++) {
		dates[i][0] = '\0';
		const char *in = v->filter[4 + i];
		if (*in && date_parse(in, dates[i]) != NULL) {
			dialog_message(v->a, _("Filter the audit trail"), _(date_parse(in, dates[i])));
			dates[i][0] = '\0';
			v->filter[4 + i][0] = '\0';
		}
	}
}

/* Verify the chain; 0 when intact, else the first broken row (said). */
static int64_t
audit_verify(struct app *a)
{
	struct audit_verdict verdict;
	char *err = NULL;
	if (db_audit_check(a->db, &verdict, &err) != DB_OK) {
		dialog_message(a, _("Verify chain"), err != NULL ? err : "?");
		free(err);
		return 0;
	}
	char msg[256];
	if (verdict.fault == AUDIT_OK) {
		snprintf(msg, sizeof msg, _("The chain is intact: %lld rows checked."),
		    (long long)verdict.rows);
		dialog_message(a, _("Verify chain"), msg);
		return 0;
	}
	if (verdict.fault == AUDIT_KEY_MISSING) {
		dialog_message(a, _("Verify chain"), _("The audit trail's key file is missing: "
		    "nothing can be checked."));
		return 0;
	}
	snprintf(msg, sizeof msg, _("The chain is broken at row %lld. The trail opens there."),
	    (long long)verdict.bad_seq);
	dialog_message(a, _("Verify chain"), msg);
	return verdict.bad_seq;
}

static const char *
au_title(struct screen *s)
{
	(void)s;
	return _("Audit trail");
}

/* Columns: row, time, account, action, what. */
static void
au_columns(int w, int *ws, int *wt, int *wa, int *wc)
{
	*ws = 8;
	*wt = 16;
	*wa = w >= 80 ? 16 : 10;
	*wc = w >= 80 ? 14 : 10;
}

static void
au_row(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct audit_view *v = ctx;
	const struct audit_row *r = &v->rows[i];
	enum draw_role role = selected ? DR_SELECTED : DR_NORMAL;
	int ws, wt, wa, wc;
	au_columns(w, &ws, &wt, &wa, &wc);
	draw_blank(y, x, w, role);
	char seq[24];
	snprintf(seq, sizeof seq, "#%lld", (long long)r->seq);
	draw_text(y, x, seq, ws, role);
	draw_text(y, x + ws + 1, r->when, wt, role);
	draw_text(y, x + ws + wt + 2, r->actor, wa, role);
	draw_text(y, x + ws + wt + wa + 3, r->action, wc, role);
	int left = w - (ws + wt + wa + wc + 4);
	if (left > 0)
		draw_text(y, x + ws + wt + wa + wc + 4, r->what, left, role);
}

static void
au_draw(struct screen *s, int top, int height, int width)
{
	struct audit_view *v = (struct audit_view *)s;
	struct strbuf sb;
	sb_init(&sb);
	static const char *const names[] = { N_("account"), N_("ID number"), N_("agency"),
	    N_("action"), N_("from date"), N_("to date") };
	for (int i = 0; i < 6; i++)
		if (v->filter[i][0])
			sb_addf(&sb, "%s%s %s", sb.len ? ", " : "", _(names[i]), v->filter[i]);
	char *f = text_escape_new(sb.len ? sb.buf : _("none (F3 to filter)"));
	sb_free(&sb);
	char *line = xasprintf("%s %s", _("Filter:"), f);
	free(f);
	draw_text(top, 0, line, width, DR_LABEL);
	free(line);
	int ws, wt, wa, wc;
	au_columns(width, &ws, &wt, &wa, &wc);
	draw_text(top + 1, 0, _("Row"), ws, DR_HEADING);
	draw_text(top + 1, ws + 1, _("Time"), wt, DR_HEADING);
	draw_text(top + 1, ws + wt + 2, _("Account"), wa, DR_HEADING);
	draw_text(top + 1, ws + wt + wa + 3, _("Action"), wc, DR_HEADING);
	draw_text(top + 1, ws + wt + wa + wc + 4, _("About"), width - (ws + wt + wa + wc + 4),
	    DR_HEADING);
	int rows = height - 3 > 1 ? height - 3 : 1;
	listview_draw(&v->lv, top + 2, 0, rows, width, au_row, v);
	char foot[160];
	if (v->n == 0)
		snprintf(foot, sizeof foot, "%s", _("No audit rows match."));
	else if (v->from_seq > 0)
		snprintf(foot, sizeof foot, _("%d rows from row %lld on; Enter opens one"), v->n,
		    (long long)v->from_seq);
	else
		snprintf(foot, sizeof foot, _("The newest %d rows; Enter opens one"), v->n);
	draw_text(top + height - 1, 0, foot, width, DR_DIM);
}

static int
au_key(struct screen *s, int key)
{
	struct audit_view *v = (struct audit_view *)s;
	if (key == K_ENTER) {
		audit_open(v);
		return 1;
	}
	return listview_key(&v->lv, key) != LV_IGNORED;
}

static int
au_action(struct screen *s, int act)
{
	struct audit_view *v = (struct audit_view *)s;
	if (act == ACT_OPEN) {
		audit_open(v);
		return 1;
	}
	if (act == ACT_SEARCH) {
		audit_ask_filter(v);
		v->from_seq = 0;
		if (!audit_load(v)) {
			memset(v->filter, 0, sizeof v->filter);
			v->from[0] = v->to[0] = '\0';
			audit_load(v);
		}
		return 1;
	}
	if (act == ACT_RELOAD) {
		int64_t bad = audit_verify(v->a);
		if (bad > 0) {
			/* The whole trail from the broken row on, whatever the filter. */
			memset(v->filter, 0, sizeof v->filter);
			v->from[0] = v->to[0] = '\0';
			v->from_seq = bad;
			audit_load(v);
		}
		return 1;
	}
	return 0;
}

static void
au_free(struct screen *s)
{
	struct audit_view *v = (struct audit_view *)s;
	rows_free(v);
	free(v);
}

static const struct screen_ops audit_ops = {
	.title = au_title,
	.draw = au_draw,
	.key = au_key,
	.action = au_action,
	.free = au_free,
};

void
audit_run(struct app *a)
{
	static const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_OPEN, NULL }, { ACT_SEARCH, N_("Filter") },
		{ ACT_RELOAD, N_("Verify chain") }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
	};
	struct audit_view *v = xcalloc(1, sizeof *v);
	screen_init(&v->base, &audit_ops, a);
	v->base.keys = keys;
	v->a = a;
	listview_init(&v->lv);
	if (!audit_load(v)) {
		au_free(&v->base);
		return;
	}
	app_run(a, &v->base);
}
