/*
 * Finding people by name, ID number or date of birth (DD/MM/YYYY). The results
 * follow the typing: each change of the text asks the
 * data layer again, but only once a burst of keys has been handled (the idle
 * callback runs when no key is waiting), so a fast typist costs one query, not one
 * per letter. Matching is the data layer's: accent-insensitive names, ID digits.
 * Results come a page at a time, the page being as tall as the window.
 *
 * F3 (^F) narrows the results to one verification state, cycling through them
 * (all, verified, mismatch, ... queued); the filter shows under the search line.
 * With a filter, an empty search line lists everyone in that state.
 */
#include "ui/screens.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/listview.h"
#include "ui/orgpicker.h"
#include "ui/status.h"
#include "db/role.h"
#include "db/search.h"
#include "db/verify.h"
#include "form/form.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct search {
	struct screen      base;
	struct lineedit    text;
	char              *asked;	/* text of the results shown; NULL: none yet */
	bool               stale;	/* text or page changed since the last query */
	struct search_hit *hits;
	int                n;
	int                more;
	int                total;	/* matches, SEARCH_COUNT_CAP + 1 for more */
	int                offset;
	int                limit;	/* rows per page at the last draw */
	struct listview    lv;
	bool               select_last;	/* after paging back: select the last row */
	int                filter;	/* an enum verify_state, or -1: all */
	char               org[40];	/* agency whose subtree to search, or "" */
	char              *org_label;	/* its name, shown on the filter line */
};

static const struct screen_key search_keys[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, NULL }, { ACT_SEARCH, N_("Check filter") },
	{ ACT_RELOAD, N_("Agency") }, { ACT_NEW, N_("New record") }, { ACT_LANG, NULL },
	{ ACT_BACK, NULL }, { ACT_NONE, NULL }
};
static const struct screen_key search_keys_ro[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, NULL }, { ACT_SEARCH, N_("Check filter") },
	{ ACT_RELOAD, N_("Agency") }, { ACT_LANG, NULL }, { ACT_BACK, NULL },
	{ ACT_NONE, NULL }
};

static const char *
se_title(struct screen *s)
{
	(void)s;
	return _("Find a person");
}

static void
query(struct search *se)
{
	struct app *a = se->base.app;
	char *text = lineedit_text_new(&se->text);
	free(se->hits);
	se->hits = NULL;
	se->n = se->more = 0;
	free(se->asked);
	se->asked = text;
	se->stale = false;
	if (text[0] == '\0' && se->filter < 0 && se->org[0] == '\0') {
		listview_set_count(&se->lv, 0);
		return;
	}
	struct search_query q = { .text = text, .offset = se->offset,
	    .limit = se->limit > 0 ? se->limit : 10,
	    .verification = se->filter >= 0 ? verify_state_name(se->filter) : NULL,
	    .org_code = se->org[0] ? se->org : NULL,
	    .log = 1 };	/* every page shown names people: audited with who was listed */
	/* A date typed the way clerks write it finds people born that day. Eight
	 * digits alone stay the start of an ID number here: a clerk typing an ID
	 * passes through eight digits on the way. */
	char iso[11];
	if (strpbrk(text, "/.-") != NULL && date_parse(text, iso) == NULL) {
		q.text = NULL;
		q.dob = iso;
	}
	char *err = NULL;
	if (db_search_total(a->db, &a->actor, &q, &se->hits, &se->n, &se->more, &se->total,
	    &err) != DB_OK) {
		status_error("%s", err != NULL ? err : _("The search failed."));
		se->n = 0;
	}
	free(err);
	se->lv.top = 0;
	se->lv.sel = se->select_last && se->n > 0 ? se->n - 1 : 0;
	se->select_last = false;
	listview_set_count(&se->lv, se->n);
}

static void
se_idle(struct screen *s)
{
	struct search *se = (struct search *)s;
	if (se->stale)
		query(se);
}

/* Column widths for a window width: name, birth date, ID number, agency. */
static void
columns(int width, int *wn, int *wd, int *wi, int *wa)
{
	*wd = 10;
	*wi = 12;
	int rest = width - *wd - *wi - 4;
	*wn = rest * 55 / 100;
	if (*wn < 16)
		*wn = 16;
	*wa = rest - *wn;
}

static void
hit_row(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct search *se = ctx;
	const struct search_hit *h = &se->hits[i];
	enum draw_role r = selected ? DR_SELECTED : DR_NORMAL;
	int wn, wd, wi, wa;
	columns(w, &wn, &wd, &wi, &wa);
	draw_blank(y, x, w, r);
	char *name = draw_fit_new(h->full_name, wn);
	draw_text(y, x, name, wn, r);
	free(name);
	char dob[11];
	date_display(h->date_of_birth, dob);
	draw_text(y, x + wn + 1, dob, wd, r);
	draw_text(y, x + wn + wd + 2, h->id_number, wi, r);
	if (wa > 2) {
		char *org = draw_fit_new(h->org_name[0] ? h->org_name : h->org_code, wa);
		draw_text(y, x + wn + wd + wi + 3, org, wa, r);
		free(org);
	}
}

/* The label of the filter in the language shown. */
static const char *
filter_label(const struct search *se)
{
	if (se->filter < 0)
		return _("all");
	const struct code_list *cl = codes_get("verification", NULL);
	const struct code_item *it = cl != NULL ? codes_find(cl,
	    verify_state_name(se->filter)) : NULL;
	return it != NULL ? codes_label(it) : verify_state_name(se->filter);
}

static bool
asked_anything(const struct search *se)
{
	return se->asked != NULL && (se->asked[0] != '\0' || se->filter >= 0 ||
	    se->org[0] != '\0');
}

static void
se_draw(struct screen *s, int top, int height, int width)
{
	struct search *se = (struct search *)s;
	const char *label = _("Name or ID number:");
	int lw = draw_width(label) + 1;
	draw_text(top, 0, label, lw, DR_LABEL);
	int fw = width - lw - 1 < 50 ? width - lw - 1 : 50;
	char *fl = xasprintf("%s: ", _("Population database check (F3)"));
	int x = draw_text(top + 1, 0, fl, width, DR_LABEL);
	free(fl);
	x += draw_text(top + 1, x, filter_label(se), width - x, se->filter >= 0 ?
	    DR_HEADING : DR_DIM) + 2;
	if (x < width) {
		char *al = xasprintf("%s: ", _("Agency (F5)"));
		x += draw_text(top + 1, x, al, width - x, DR_LABEL);
		free(al);
		if (x < width)
			draw_text(top + 1, x, se->org[0] ? se->org_label : _("all"), width - x,
			    se->org[0] ? DR_HEADING : DR_DIM);
	}
	s->cy = top;
	s->cx = lineedit_draw(&se->text, top, lw, fw, DR_INPUT);
	int wn, wd, wi, wa;
	columns(width, &wn, &wd, &wi, &wa);
	draw_text(top + 2, 0, _("Full name"), wn, DR_HEADING);
	draw_text(top + 2, wn + 1, _("Born"), wd, DR_HEADING);
	draw_text(top + 2, wn + wd + 2, _("ID number"), wi, DR_HEADING);
	if (wa > 2)
		draw_text(top + 2, wn + wd + wi + 3, _("Agency"), wa, DR_HEADING);
	int rows = height - 4;
	if (rows < 1)
		rows = 1;
	if (rows != se->limit) {
		/* The page follows the window: ask again for a page of the new size. */
		bool first = se->limit == 0;
		se->limit = rows;
		if (!first && asked_anything(se)) {
			se->offset = se->offset / rows * rows;
			query(se);
		}
	}
	listview_draw(&se->lv, top + 3, 0, rows, width, hit_row, se);
	char foot[256];
	if (!asked_anything(se))
		snprintf(foot, sizeof foot, "%s",
		    _("Type a name (accents optional), ID digits or a date of birth."));
	else if (se->n == 0)
		snprintf(foot, sizeof foot, "%s", _("Nobody found."));
	else {
		char count[64];
		if (se->total > SEARCH_COUNT_CAP)
			/* The cap is SEARCH_COUNT_CAP, written as a clerk reads it. */
			snprintf(count, sizeof count, "%s", _("more than 1,000 people"));
		else if (se->total == 1)
			snprintf(count, sizeof count, "%s", _("1 person"));
		else
			snprintf(count, sizeof count, _("%d people"), se->total);
		int l = snprintf(foot, sizeof foot, "%s. ", count);
		snprintf(foot + l, sizeof foot - (size_t)l, _("Page %d, people %d-%d%s"),
		    se->offset / (se->limit > 0 ? se->limit : 1) + 1, se->offset + 1,
		    se->offset + se->n, se->more ? _(", PgDn for more") : "");
	}
	draw_text(top + height - 1, 0, foot, width, DR_DIM);
}

static void
open_selected(struct search *se)
{
	if (se->stale)
		query(se);
	if (se->n == 0)
		return;
	int64_t id = se->hits[se->lv.sel].id;
	person_run(se->base.app, id);
	/* The record may have changed (name, agency): show the list as it is now. */
	se->stale = true;
}

static int
se_key(struct screen *s, int key)
{
	struct search *se = (struct search *)s;
	if (key == K_ENTER) {
		open_selected(se);
		return 1;
	}
	int r = listview_key(&se->lv, key);
	if (r == LV_NEXT_PAGE && se->more) {
		se->offset += se->limit;
		se->stale = true;
		return 1;
	}
	if (r == LV_PREV_PAGE && se->offset > 0) {
		se->offset = se->offset > se->limit ? se->offset - se->limit : 0;
		se->select_last = key == K(KEY_UP);
		se->stale = true;
		return 1;
	}
	if (r != LV_IGNORED)
		return 1;
	if (key == K(KEY_HOME) || key == K(KEY_END))
		return 0;
	if (lineedit_key(&se->text, key)) {
		char *now = lineedit_text_new(&se->text);
		if (se->asked == NULL || strcmp(now, se->asked) != 0) {
			se->offset = 0;
			se->stale = true;
		}
		free(now);
		return 1;
	}
	return 0;
}

static int
se_action(struct screen *s, int act)
{
	struct search *se = (struct search *)s;
	if (act == ACT_SEARCH) {
		se->filter = se->filter + 1 < VERIFY_NSTATES ? se->filter + 1 : -1;
		se->offset = 0;
		se->stale = true;
		return 1;
	}
	if (act == ACT_RELOAD) {
		/* The agency filter from the tree; Esc there leaves it, choosing the
		 * agency already chosen takes the filter off. */
		char code[40];
		if (orgpicker_run(s->app, _("Search in which agency?"), se->org, false, code) == 1) {
			if (strcmp(code, se->org) == 0)
				se->org[0] = '\0';
			else
				snprintf(se->org, sizeof se->org, "%s", code);
			free(se->org_label);
			se->org_label = se->org[0] ? orgpicker_label_new(s->app, se->org) : NULL;
			se->offset = 0;
			se->stale = true;
		}
		return 1;
	}
	if (act == ACT_NEW) {
		person_run(s->app, 0);
		return 1;
	}
	return 0;
}

static void
se_free(struct screen *s)
{
	struct search *se = (struct search *)s;
	lineedit_free(&se->text);
	free(se->asked);
	free(se->hits);
	free(se->org_label);
	free(se);
}

static const struct screen_ops search_ops = {
	.title = se_title,
	.draw = se_draw,
	.key = se_key,
	.action = se_action,
	.idle = se_idle,
	.free = se_free,
};

void
search_run(struct app *a)
{
	struct search *se = xcalloc(1, sizeof *se);
	screen_init(&se->base, &search_ops, a);
	se->base.keys = db_actor_may_write(&a->actor) ? search_keys : search_keys_ro;
	lineedit_init(&se->text, 80);
	listview_init(&se->lv);
	se->filter = -1;
	status_hint(NULL);
	app_run(a, &se->base);
}
