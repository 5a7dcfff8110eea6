/*
 * The population-database look-up of a person's form (see lookup.h).
 *
 * Each value of the registry is put through form_value_normalize for its field,
 * as if the clerk had typed it, so what is copied is exactly what typing would
 * store: ethnicity and religion arrive as names and become codes of our lists
 * (codes_match, accents and case aside), the date becomes ISO, sex a code. A
 * value that does not fit its field (a name that is in none of our lists, text
 * too long) is shown with the reason and not copied; the rest still are.
 *
 * Every row that differs starts marked: Enter takes them all at once. Up and Down
 * move a cursor over the rows and Space marks or unmarks the one under it, so the
 * clerk can take the register's values field by field and keep the rest.
 *
 * What shows is rebuilt from the values at every frame, so the comparison
 * follows a switch of language (F9) like every other screen. The registry's
 * values are the call's and are copied here, so the call is freed before the
 * comparison shows.
 */
#include "ui/lookup.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/formview.h"
#include "ui/status.h"
#include "ui/waitcall.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "gateway/gateway.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The registry's values, in the order shown, and the person field each fills. */
enum { LK_NAME, LK_DOB, LK_SEX, LK_ETHNICITY, LK_RELIGION, LK_NATIONALITY,
    LK_ORIGIN, LK_RESIDENCE, LK_N };
static const char *const lk_field[LK_N] = {
	"full_name", "date_of_birth", "sex", "ethnicity", "religion", "nationality",
	"place_of_origin", "place_of_residence"
};

struct lk_row {
	const struct form_field *f;
	char       *raw;	/* as the registry wrote it */
	char       *value;	/* the stored form of it; NULL: not copied */
	const char *why;	/* message id: why it is not copied, or NULL */
	bool        take;	/* marked to be copied */
};

struct lookup {
	struct screen       base;
	const struct form  *form;
	struct record      *rec;	/* borrowed: the caller's */
	char                id[16];
	bool                deceased;
	struct lk_row       rows[LK_N];
	int                 n;
	int                 scroll;	/* first table row shown */
	bool                more;	/* rows below the last one shown */
	int                 sel;	/* the row under the cursor */
	struct lk_row      *out;	/* the caller's copy of the rows, which
					 * outlives the screen: marks go there too */
};

static const struct screen_key lookup_keys[] = {
	{ ACT_HELP, NULL }, { ACT_OPEN, N_("Take marked") }, { ACT_LANG, NULL },
	{ ACT_BACK, N_("Keep the form") }, { ACT_NONE, NULL }
};

/* Does taking row r change the form? */
static bool
row_changes(const struct lookup *lk, const struct lk_row *r)
{
	if (r->value == NULL)
		return false;
	const char *mine = record_get(lk->rec, r->f->name);
	return strcmp(mine != NULL ? mine : "", r->value) != 0;
}

static const char *
lk_title(struct screen *s)
{
	(void)s;
	return _("Population database look-up");
}

/* The registry's value of row r as a person reads it, with the reason when it
 * is not copied. Caller frees. */
static char *
theirs_new(const struct lk_row *r)
{
	if (r->value != NULL)
		return form_value_display_new(r->f, r->value);
	if (r->raw[0] == '\0')
		return xstrdup(_("(empty)"));
	return xasprintf("%s (%s)", r->raw, _(r->why));
}

/* Lines one table row takes at column width cw. */
static int
row_height(const struct lookup *lk, const struct lk_row *r, int cw)
{
	char *theirs = theirs_new(r);
	char *mine = form_value_display_new(r->f, record_get(lk->rec, r->f->name));
	char **l;
	int a = draw_wrap(theirs, cw, &l);
	draw_lines_free(l, a);
	int b = draw_wrap(mine[0] ? mine : _("(empty)"), cw, &l);
	draw_lines_free(l, b);
	free(theirs);
	free(mine);
	int h = a > b ? a : b;
	return h > 0 ? h : 1;
}

/* Draw lines of text in a column from y, at most maxh; returns lines drawn. */
static int
draw_cell(int y, int x, int w, int maxh, const char *text, enum draw_role role)
{
	char **l;
	int n = draw_wrap(text, w, &l);
	int i;
	for (i = 0; i < n && i < maxh; i++)
		draw_text(y + i, x, l[i], w, role);
	draw_lines_free(l, n);
	return i;
}

static void
lk_draw(struct screen *s, int top, int height, int width)
{
	struct lookup *lk = (struct lookup *)s;
	int y = top, bottom = top + height;
	char *head = xasprintf("%s %s", _("ID number"), lk->id);
	draw_text(y++, 0, head, width, DR_HEADING);
	free(head);
	if (lk->deceased)
		y += draw_cell(y, 0, width, 2, _("WARNING: the population database records "
		    "this person as deceased."), DR_ERROR);
	/* The legend takes the last lines; the table the rest. */
	const char *legend = _("[x] differs from the form and is marked to be copied; "
	    "Space marks or unmarks the row under the cursor (Up, Down). Enter copies the "
	    "marked values into the form (nothing is saved until F2); Esc keeps the form "
	    "as it is.");
	char **ll;
	int nleg = draw_wrap(legend, width, &ll);
	int lw = 0;
	for (int i = 0; i < lk->n; i++) {
		int w = draw_width(_(lk->rows[i].f->label));
		if (w > lw)
			lw = w;
	}
	lw = lw + 1 < width / 4 ? lw + 1 : width / 4;
	int cw = (width - 4 - lw - 2) / 2;
	int xt = 4 + lw + 1, xm = xt + cw + 1;
	y++;
	draw_text(y, xt, _("Population database"), cw, DR_HEADING);
	draw_text(y, xm, _("On the form"), cw, DR_HEADING);
	y++;
	int last = bottom - nleg - 1;
	if (lk->scroll > lk->n - 1)
		lk->scroll = lk->n > 0 ? lk->n - 1 : 0;
	if (lk->sel < lk->scroll)
		lk->scroll = lk->sel;
	lk->more = false;
	for (int i = lk->scroll; i < lk->n; i++) {
		const struct lk_row *r = &lk->rows[i];
		int h = row_height(lk, r, cw);
		if (y + h > last && i > lk->scroll) {
			lk->more = true;
			break;
		}
		bool diff = row_changes(lk, r);
		if (diff)
			draw_text(y, 0, r->take ? "[x]" : "[ ]", 3, i == lk->sel ?
			    DR_SELECTED : DR_ERROR);
		else if (i == lk->sel)
			draw_text(y, 0, "   ", 3, DR_SELECTED);
		if (i == lk->sel)
			s->cy = y, s->cx = 1;
		char *label = draw_fit_new(_(r->f->label), lw);
		draw_text(y, 4, label, lw, i == lk->sel ? DR_SELECTED : DR_LABEL);
		free(label);
		char *theirs = theirs_new(r);
		char *mine = form_value_display_new(r->f, record_get(lk->rec, r->f->name));
		int room = last - y > 0 ? last - y : 1;
		draw_cell(y, xt, cw, room, theirs, diff ? DR_HEADING : DR_NORMAL);
		draw_cell(y, xm, cw, room, mine[0] ? mine : _("(empty)"),
		    mine[0] ? DR_NORMAL : DR_DIM);
		free(theirs);
		free(mine);
		y += h;
	}
	if (lk->scroll > 0 || lk->more) {
		char mark[8];
		snprintf(mark, sizeof mark, "%s%s", lk->scroll > 0 ? "^" : " ",
		    lk->more ? "v" : " ");
		draw_text(top, width - 2, mark, 2, DR_DIM);
	}
	for (int i = 0; i < nleg && bottom - nleg + i > y; i++)
		draw_text(bottom - nleg + i, 0, ll[i], width, DR_DIM);
	draw_lines_free(ll, nleg);
}

static int
lk_key(struct screen *s, int key)
{
	struct lookup *lk = (struct lookup *)s;
	if (key == K_ENTER) {
		s->result = 1;
		s->done = true;
		return 1;
	}
	if (key == ' ') {
		struct lk_row *r = &lk->rows[lk->sel];
		if (row_changes(lk, r)) {
			r->take = !r->take;
			if (lk->out != NULL)
				lk->out[lk->sel].take = r->take;
		} else
			status_info("%s", r->value == NULL && r->raw[0] != '\0' ? _(r->why) :
			    _("The form already holds this value."));
		return 1;
	}
	if (key == K(KEY_DOWN) && lk->sel + 1 < lk->n) {
		lk->sel++;
		if (lk->more && lk->sel > lk->scroll + 2)
			lk->scroll++;
		return 1;
	}
	if (key == K(KEY_UP) && lk->sel > 0) {
		lk->sel--;
		return 1;
	}
	if (key == K(KEY_NPAGE) && lk->more) {
		lk->scroll++;
		if (lk->sel < lk->scroll)
			lk->sel = lk->scroll;
		return 1;
	}
	if (key == K(KEY_PPAGE) && lk->scroll > 0) {
		lk->scroll--;
		return 1;
	}
	return 0;
}

static void
lk_free(struct screen *s)
{
	struct lookup *lk = (struct lookup *)s;
	for (int i = 0; i < lk->n; i++) {
		free(lk->rows[i].raw);
		free(lk->rows[i].value);
	}
	free(lk);
}

static const struct screen_ops lookup_ops = {
	.title = lk_title,
	.draw = lk_draw,
	.key = lk_key,
	.free = lk_free,
};

/* The registry's text for value k of c. */
static const char *
citizen_value(const struct gw_citizen *c, int k, char sex[2])
{
	switch (k) {
	case LK_NAME:
		return c->full_name;
	case LK_DOB:
		return c->date_of_birth;
	case LK_SEX:
		sex[0] = c->sex;
		sex[1] = '\0';
		return sex;
	case LK_ETHNICITY:
		return c->ethnicity;
	case LK_RELIGION:
		return c->religion;
	case LK_NATIONALITY:
		return c->nationality;
	case LK_ORIGIN:
		return c->place_of_origin;
	case LK_RESIDENCE:
		return c->place_of_residence;
	}
	return NULL;
}

static struct lookup *
lookup_new(struct app *a, const struct form *f, struct record *rec,
    const struct gw_citizen *c)
{
	struct lookup *lk = xcalloc(1, sizeof *lk);
	screen_init(&lk->base, &lookup_ops, a);
	lk->base.keys = lookup_keys;
	lk->form = f;
	lk->rec = rec;
	snprintf(lk->id, sizeof lk->id, "%s", c->id_number);
	lk->deceased = c->deceased;
	for (int k = 0; k < LK_N; k++) {
		const struct form_field *fl = form_field(f, lk_field[k]);
		if (fl == NULL)
			continue;	/* a form without the field: nothing to fill */
		char sex[2];
		const char *v = citizen_value(c, k, sex);
		struct lk_row *r = &lk->rows[lk->n++];
		r->f = fl;
		r->raw = xstrdup(v != NULL ? v : "");
		if (r->raw[0] != '\0' && (r->why = form_value_normalize(fl, r->raw,
		    &r->value)) != NULL)
			r->value = NULL;
		if (r->why != NULL && fl->type == FT_CODE)
			r->why = N_("not in our list");
		r->take = row_changes(lk, r);
	}
	return lk;
}

/* The status-line sentence for a look-up that did not come back with an answer. */
static void
say_failure(struct app *a, struct gw_call *c)
{
	enum gw_outcome o = gw_call_outcome(c);
	const char *msg = gw_call_message(c);
	switch (o) {
	case GW_CANCELLED:
		status_info("%s", _("Look-up cancelled; the form is as it was."));
		break;
	case GW_LINK_DOWN:
		status_error("%s", _("The population database cannot be reached. Go on "
		    "typing: saving queues the check."));
		break;
	case GW_NOT_CONFIGURED:
		status_error("%s", _("No population gateway is set up. Go on typing: "
		    "saving queues the check."));
		break;
	case GW_UNAVAILABLE:
		status_error("%s", _("The population gateway has trouble; try again "
		    "later or go on typing."));
		break;
	case GW_RATE_LIMITED:
		status_error(_("The population gateway is busy; try again in %d s."),
		    gw_call_retry_after(c) > 0 ? gw_call_retry_after(c) : 1);
		break;
	case GW_BAD_ANSWER:
		status_error("%s", _("The population gateway's answer cannot be read; "
		    "nothing was filled in."));
		break;
	case GW_REJECTED:
	case GW_FORBIDDEN: {
		char *text = xasprintf("%s%s%s", o == GW_REJECTED ?
		    _("The population gateway rejected the look-up.") :
		    _("The population gateway refuses look-ups from this agency."),
		    msg != NULL ? "\n\n" : "", msg != NULL ? msg : "");
		dialog_message(a, _("Population database look-up"), text);
		free(text);
		break;
	}
	case GW_OK:
		break;
	}
}

int
lookup_run(struct app *a, const struct form *f, struct record *rec,
    const char *id_number)
{
	if (a->gw == NULL) {
		char *text = xasprintf("%s\n\n%s", _("The population gateway settings are "
		    "refused, so nothing can be looked up:"), a->gw_problem != NULL ?
		    a->gw_problem : "");
		dialog_message(a, _("Population database look-up"), text);
		free(text);
		return a->quit != APP_RUNNING ? -1 : 0;
	}
	struct gw_call *c = gw_lookup_start(a->gw, a->actor.username, id_number);
	int r = waitcall_run(a, c, N_("Looking up the population database…"));
	if (a->quit != APP_RUNNING) {
		gw_call_free(c);
		return -1;
	}
	const struct gw_citizen *cz = r == 0 ? gw_call_citizen(c) : NULL;
	if (cz == NULL) {
		say_failure(a, c);
		gw_call_free(c);
		return 0;
	}
	if (!cz->found) {
		status_error(_("%s is not in the population database. Check the number, or "
		    "go on typing."), id_number);
		gw_call_free(c);
		return 0;
	}
	struct lookup *lk = lookup_new(a, f, rec, cz);
	gw_call_free(c);
	/* The rows outlive the screen's run: copy what is needed first. */
	struct lk_row rows[LK_N];
	int n = lk->n;
	for (int i = 0; i < n; i++) {
		rows[i] = lk->rows[i];
		rows[i].raw = NULL;
		rows[i].value = lk->rows[i].value != NULL ? xstrdup(lk->rows[i].value) : NULL;
	}
	lk->out = rows;
	r = app_run(a, &lk->base);
	int changed = 0;
	for (int i = 0; i < n; i++) {
		if (r == 1 && rows[i].value != NULL && rows[i].take) {
			const char *mine = record_get(rec, rows[i].f->name);
			if (strcmp(mine != NULL ? mine : "", rows[i].value) != 0) {
				record_set(rec, rows[i].f->name, rows[i].value);
				changed++;
			}
		}
		free(rows[i].value);
	}
	if (r < 0 && a->quit != APP_RUNNING)
		return -1;
	if (r == 1 && changed > 0)
		status_info(_("Fields filled from the population database: %d. Check them; "
		    "F2 saves."), changed);
	else if (r == 1)
		status_info("%s", _("The form already holds the population database's "
		    "values."));
	else
		status_info("%s", _("The form is as it was."));
	return changed;
}
