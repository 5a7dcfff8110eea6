/*
 * The form view (see formview.h).
 *
 * Pages: every section that has fields, in the form's order, then every grid. The
 * sections are drawn as one document (a heading, the section's fields, a blank
 * line; the next section below), scrolled so that the current field shows:
 * a page of sections is where the document starts when PgDn or PgUp lands on
 * it, never a separate screen that repeats what the one before showed.
 * Invariants: cur is a field of the current page whenever the page is a section;
 * le_field is -1 or cur, and while le_field == cur the line editor, not the record,
 * holds what the clerk sees in that field. Code and yes/no fields never use the
 * line editor: they change only through the pick list or a yes/no key, so they
 * can never hold a value outside their list.
 */
#include "ui/formview.h"
#include "ui/draw.h"
#include "ui/orgpicker.h"
#include "ui/picklist.h"
#include "ui/status.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "db/person.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
uses_editor(const struct form_field *f)
{
	return f->type != FT_CODE && f->type != FT_BOOL;
}

static int
page_section(const struct formview *fv, int page)
{
	return page >= 0 && page < fv->npages ? fv->page_section[page] : -1;
}

int
formview_grid_page(const struct formview *fv)
{
	int s = page_section(fv, fv->page);
	return s < 0 && fv->npages > 0 ? -1 - s : -1;
}

static bool
on_page(const struct formview *fv, int field, int page)
{
	int s = page_section(fv, page);
	return s >= 0 && fv->form->fields[field].section == s;
}

/* Shown, not typed: set by the system, or not the person's to declare. */
static bool
locked(const struct formview *fv, const struct form_field *f)
{
	return f->readonly || (fv->self_only && !f->self_declared);
}

static bool
editable(const struct formview *fv, int field)
{
	return !locked(fv, &fv->form->fields[field]);
}

/* First (dir > 0) or last (dir < 0) field of a page that the current mode may
 * stop on; -1 if none. */
static int
page_end_field(const struct formview *fv, int page, int dir)
{
	int n = fv->form->nfields;
	for (int k = 0; k < n; k++) {
		int i = dir > 0 ? k : n - 1 - k;
		if (on_page(fv, i, page) && (!fv->editing || editable(fv, i)))
			return i;
	}
	return -1;
}

static void
load_editor(struct formview *fv)
{
	if (!fv->editing || fv->cur < 0 || fv->le_field == fv->cur)
		return;
	const struct form_field *f = &fv->form->fields[fv->cur];
	fv->le_field = -1;
	if (!uses_editor(f) || locked(fv, f))
		return;
	lineedit_free(&fv->le);
	lineedit_init(&fv->le, f->maxlen > 0 ? f->maxlen : f->width * 4);
	const char *v = record_get(fv->rec, f->name);
	if (f->type == FT_DATE && v != NULL) {
		/* Shown and typed the way clerks write dates. */
		char d[11];
		date_display(v, d);
		lineedit_set(&fv->le, d);
	} else
		lineedit_set(&fv->le, v);
	fv->le_field = fv->cur;
}

static void
show_hint(struct formview *fv)
{
	if (fv->cur < 0 || formview_grid_page(fv) >= 0) {
		status_hint(NULL);
		return;
	}
	const struct form_field *f = &fv->form->fields[fv->cur];
	if (f->help != NULL)
		status_hint(_(f->help));
	else if (fv->editing && f->type == FT_CODE)
		status_hint(_("Type to choose from the list; Del clears."));
	else if (fv->editing && f->type == FT_DATE)
		status_hint(_("Date as DD/MM/YYYY, D.M.YYYY or DDMMYYYY."));
	else if (fv->editing && f->type == FT_BOOL)
		status_hint(_("C or Y: yes; K or N: no; Space switches."));
	else
		status_hint(NULL);
}

/* The document's row of section page p's heading; with field >= 0, of that
 * field instead. Rows: per section page, its heading, its fields, one blank. */
static int
doc_row(const struct formview *fv, int p, int field)
{
	int row = 0;
	for (int q = 0; q < fv->npages && page_section(fv, q) >= 0; q++) {
		if (q == p && field < 0)
			return row;
		row++;
		for (int i = 0; i < fv->form->nfields; i++)
			if (on_page(fv, i, q)) {
				if (i == field)
					return row;
				row++;
			}
		row++;
	}
	return row;	/* the document's length */
}

static void
go_page(struct formview *fv, int page, int dir)
{
	if (page < 0 || page >= fv->npages)
		return;
	int from = fv->page;
	fv->page = page;
	/* Forward, or PgUp onto a section: it starts at the top of the window.
	 * Moving up field by field keeps the view where it is (the draw follows
	 * the cursor). */
	if (page_section(fv, page) < 0 || dir > 0 || page_section(fv, from) < 0)
		fv->scroll = page_section(fv, page) >= 0 ? doc_row(fv, page, -1) : 0;
	int g = formview_grid_page(fv);
	if (g >= 0) {
		fv->cur = -1;
		if (fv->grid_rows[g] == NULL && fv->grids.load != NULL) {
			fv->grids.load(fv->grids.ctx, g, &fv->grid_rows[g], &fv->grid_n[g]);
			if (fv->grid_rows[g] == NULL)
				fv->grid_rows[g] = xcalloc(1, sizeof **fv->grid_rows);
			listview_set_count(&fv->grid_lv[g], fv->grid_n[g]);
		}
	} else {
		fv->cur = page_end_field(fv, page, dir);
		load_editor(fv);
	}
	show_hint(fv);
}

void
formview_init(struct formview *fv, struct app *a, const struct form *f,
    struct record *rec, const struct formview_grids *grids)
{
	memset(fv, 0, sizeof *fv);
	fv->app = a;
	fv->form = f;
	fv->rec = rec;
	fv->le_field = -1;
	lineedit_init(&fv->le, 0);
	if (grids != NULL)
		fv->grids = *grids;
	int ngrids = grids != NULL && grids->load != NULL ? f->ngrids : 0;
	fv->page_section = xcalloc((size_t)(f->nsections + ngrids + 1), sizeof(int));
	for (int s = 0; s < f->nsections; s++)
		for (int i = 0; i < f->nfields; i++)
			if (f->fields[i].section == s) {
				fv->page_section[fv->npages++] = s;
				break;
			}
	for (int g = 0; g < ngrids; g++)
		fv->page_section[fv->npages++] = -1 - g;
	fv->grid_rows = xcalloc((size_t)f->ngrids + 1, sizeof *fv->grid_rows);
	fv->grid_n = xcalloc((size_t)f->ngrids + 1, sizeof *fv->grid_n);
	fv->grid_lv = xcalloc((size_t)f->ngrids + 1, sizeof *fv->grid_lv);
	for (int g = 0; g < f->ngrids; g++)
		listview_init(&fv->grid_lv[g]);
	go_page(fv, 0, 1);
}

void
formview_grid_reload(struct formview *fv, int g)
{
	if (g < 0 || g >= fv->form->ngrids || fv->grid_rows[g] == NULL)
		return;
	db_records_free(fv->grid_rows[g], fv->grid_n[g]);
	fv->grid_rows[g] = NULL;
	fv->grid_n[g] = 0;
	if (formview_grid_page(fv) == g)
		go_page(fv, fv->page, 1);
}

void
formview_free(struct formview *fv)
{
	for (int g = 0; g < fv->form->ngrids; g++)
		if (fv->grid_rows[g] != NULL)
			db_records_free(fv->grid_rows[g], fv->grid_n[g]);
	free(fv->grid_rows);
	free(fv->grid_n);
	free(fv->grid_lv);
	free(fv->page_section);
	lineedit_free(&fv->le);
}

void
formview_set_record(struct formview *fv, struct record *rec)
{
	fv->rec = rec;
	fv->le_field = -1;
	load_editor(fv);
}

void
formview_set_editing(struct formview *fv, bool on)
{
	fv->editing = on;
	fv->le_field = -1;
	fv->dirty = false;
	if (formview_grid_page(fv) < 0) {
		if (on && (fv->cur < 0 || !editable(fv, fv->cur)))
			fv->cur = page_end_field(fv, fv->page, 1);
		load_editor(fv);
	}
	show_hint(fv);
}

/* Store v for field i if it differs; marks the form dirty. */
static void
store(struct formview *fv, int i, const char *v)
{
	const char *name = fv->form->fields[i].name;
	const char *old = record_get(fv->rec, name);
	if (old == NULL)
		old = "";
	if (strcmp(old, v != NULL ? v : "") == 0)
		return;
	record_set(fv->rec, name, v);
	fv->dirty = true;
}

int
formview_commit(struct formview *fv)
{
	if (!fv->editing || fv->le_field < 0 || fv->le_field != fv->cur)
		return 0;
	const struct form_field *f = &fv->form->fields[fv->cur];
	char *typed = lineedit_text_new(&fv->le);
	char *out = NULL;
	const char *msg = form_value_normalize(f, typed, &out);
	free(typed);
	if (msg != NULL) {
		status_error("%s: %s", _(f->label), _(msg));
		return -1;
	}
	store(fv, fv->cur, out);
	free(out);
	/* Show the stored form (e.g. 1/2/1980 becomes 01/02/1980). */
	fv->le_field = -1;
	load_editor(fv);
	return 0;
}

void
formview_take_typed(struct formview *fv)
{
	if (!fv->editing || fv->le_field < 0 || fv->le_field != fv->cur)
		return;
	char *typed = lineedit_text_new(&fv->le);
	if (fv->le.changed)
		store(fv, fv->cur, typed);
	free(typed);
}

void
formview_goto(struct formview *fv, const char *name)
{
	int i = form_field_index(fv->form, name);
	if (i < 0)
		return;
	for (int p = 0; p < fv->npages; p++)
		if (on_page(fv, i, p)) {
			if (p != fv->page)
				go_page(fv, p, 1);
			fv->cur = i;
			fv->le_field = -1;
			load_editor(fv);
			show_hint(fv);
			return;
		}
}

int
formview_check(struct formview *fv)
{
	/* Check only the form's own fields: a record read from the database also
	 * carries bookkeeping (who saved it, when) that no form declares. */
	struct record *r = record_new();
	for (int i = 0; i < fv->form->nfields; i++) {
		const char *v = record_get(fv->rec, fv->form->fields[i].name);
		if (v != NULL)
			record_set(r, fv->form->fields[i].name, v);
	}
	struct form_error *errs = NULL;
	int n = form_check_record(fv->form, r, &errs);
	if (n == 0) {
		/* Keep the normalised values. */
		for (int i = 0; i < r->n; i++)
			record_set(fv->rec, r->names[i], r->values[i]);
		record_free(r);
		form_errors_free(errs, n);
		return 0;
	}
	status_error("%s", errs[0].message);
	char *name = errs[0].field != NULL ? xstrdup(errs[0].field) : NULL;
	form_errors_free(errs, n);
	record_free(r);
	if (name != NULL && form_field_index(fv->form, name) >= 0)
		formview_goto(fv, name);
	free(name);
	return n;
}

/* Move to the next (dir 1) or previous (dir -1) field, across pages. */
static void
move_field(struct formview *fv, int dir)
{
	if (formview_commit(fv) < 0)
		return;
	int n = fv->form->nfields;
	for (int i = fv->cur + dir; i >= 0 && i < n; i += dir)
		if (on_page(fv, i, fv->page) && (!fv->editing || editable(fv, i))) {
			fv->cur = i;
			load_editor(fv);
			show_hint(fv);
			return;
		}
	/* Past the end of the page: on to the next section page (never into the
	 * grids while editing, whose rows are saved on their own). */
	int p = fv->page + dir;
	if (p >= 0 && p < fv->npages && (page_section(fv, p) >= 0 || !fv->editing)) {
		/* Field by field, the document does not jump: the draw keeps the
		 * new field in view from where the window is. */
		int keep = fv->scroll;
		go_page(fv, p, dir);
		if (page_section(fv, p) >= 0)
			fv->scroll = keep;
	}
}

static void
choose_code(struct formview *fv, const char *initial)
{
	const struct form_field *f = &fv->form->fields[fv->cur];
	const struct code_list *cl = f->code_list;
	char *err = NULL;
	if (cl == NULL && f->codes != NULL)
		cl = codes_get(f->codes, &err);
	if (cl == NULL) {
		status_error("%s", err != NULL ? err : _("The code list cannot be loaded."));
		free(err);
		return;
	}
	const struct code_item *it = picklist_run(fv->app, cl, initial,
	    record_get(fv->rec, f->name));
	show_hint(fv);
	if (it == NULL)
		return;
	store(fv, fv->cur, it->code);
	move_field(fv, 1);
}

/* An agency field: the code chosen from the tree, as if typed. */
static void
choose_agency(struct formview *fv)
{
	const struct form_field *f = &fv->form->fields[fv->cur];
	char *typed = lineedit_text_new(&fv->le);
	char code[40];
	int r = orgpicker_run(fv->app, _(f->label), typed, false, code);
	free(typed);
	show_hint(fv);
	if (r == 1) {
		lineedit_set(&fv->le, code);
		store(fv, fv->cur, code);
	}
}

static int
field_key(struct formview *fv, int key)
{
	const struct form_field *f = &fv->form->fields[fv->cur];
	if (locked(fv, f))
		return 0;
	if (f->agency && (key == K(KEY_F(3)) || key == K_CTRL('f') || key == K_ALT('f'))) {
		choose_agency(fv);
		return 1;
	}
	if (f->type == FT_CODE) {
		if (key == K(KEY_DC) || key == K(KEY_BACKSPACE)) {
			store(fv, fv->cur, "");
			return 1;
		}
		if (K_IS_CHAR(key)) {
			char buf[8] = "";
			if (key != ' ') {
				wchar_t w[2] = { (wchar_t)key, 0 };
				wcstombs(buf, w, sizeof buf);
			}
			choose_code(fv, buf);
			return 1;
		}
		return 0;
	}
	if (f->type == FT_BOOL) {
		const char *v = record_get(fv->rec, f->name);
		if (key == ' ')
			store(fv, fv->cur, v != NULL && strcmp(v, "1") == 0 ? "0" : "1");
		else if (strchr("cCyY1", key) != NULL && key < 128)
			store(fv, fv->cur, "1");
		else if (strchr("kKnN0", key) != NULL && key < 128)
			store(fv, fv->cur, "0");
		else if (key == K(KEY_DC) || key == K(KEY_BACKSPACE))
			store(fv, fv->cur, "");
		else if (K_IS_CHAR(key)) {
			status_error("%s: %s", _(f->label), _("must be yes or no"));
			return 1;
		} else
			return 0;
		return 1;
	}
	if (fv->le_field == fv->cur)
		return lineedit_key(&fv->le, key);
	return 0;
}

static int
grid_key(struct formview *fv, int g, int key)
{
	struct listview *lv = &fv->grid_lv[g];
	if (key == K_ENTER) {
		if (fv->grid_n[g] > 0 && fv->grids.open != NULL)
			fv->grids.open(fv->grids.ctx, g, lv->sel);
		return 1;
	}
	int r = listview_key(lv, key);
	return r != LV_IGNORED;
}

int
formview_key(struct formview *fv, int key)
{
	if (key == K(KEY_NPAGE) || (!fv->editing && key == K(KEY_RIGHT))) {
		if (formview_commit(fv) == 0 && fv->page + 1 < fv->npages &&
		    (!fv->editing || page_section(fv, fv->page + 1) >= 0))
			go_page(fv, fv->page + 1, 1);
		return 1;
	}
	if (key == K(KEY_PPAGE) || (!fv->editing && key == K(KEY_LEFT))) {
		if (formview_commit(fv) == 0 && fv->page > 0)
			go_page(fv, fv->page - 1, 1);
		return 1;
	}
	int g = formview_grid_page(fv);
	if (g >= 0)
		return grid_key(fv, g, key);
	if (fv->cur < 0)
		return 0;
	if (key == K_TAB || key == K_ENTER || key == K(KEY_DOWN)) {
		move_field(fv, 1);
		return 1;
	}
	if (key == K(KEY_BTAB) || key == K(KEY_UP)) {
		move_field(fv, -1);
		return 1;
	}
	if (!fv->editing)
		return 0;
	return field_key(fv, key);
}

/* ---- drawing ---- */

static void
draw_page_line(struct formview *fv, int y, int width)
{
	int s = page_section(fv, fv->page);
	const char *name = s >= 0 ? fv->form->sections[s].label :
	    fv->form->grids[-1 - s].label;
	char *left = xasprintf("%s %d/%d: %s", _("Page"), fv->page + 1, fv->npages,
	    _(name));
	int used = draw_text(y, 0, left, width, DR_HEADING);
	free(left);
	if (fv->page + 1 < fv->npages) {
		int ns = page_section(fv, fv->page + 1);
		const char *next = ns >= 0 ? fv->form->sections[ns].label :
		    fv->form->grids[-1 - ns].label;
		char *right = xasprintf("PgDn: %s", _(next));
		int rw = draw_width(right);
		if (used + 2 + rw <= width)
			draw_text(y, width - rw, right, rw, DR_DIM);
		else if (used + 6 <= width)
			draw_text(y, width - 4, "PgDn", 4, DR_DIM);
		free(right);
	}
}

struct grid_ctx {
	struct formview        *fv;
	int                     g;
	const struct form      *rowform;
	int                     ncol;
	int                    *colw;
};

static void
grid_row(void *ctx, int i, int y, int x, int w, bool selected)
{
	struct grid_ctx *gc = ctx;
	const struct form_grid *gr = &gc->fv->form->grids[gc->g];
	struct record *r = gc->fv->grid_rows[gc->g][i];
	enum draw_role role = selected ? DR_SELECTED : DR_NORMAL;
	draw_blank(y, x, w, role);
	int cx = x;
	for (int c = 0; c < gc->ncol && cx < x + w; c++) {
		const struct form_field *f = gc->rowform != NULL ?
		    form_field(gc->rowform, gr->columns[c]) : NULL;
		const char *v = record_get(r, gr->columns[c]);
		char *shown = f != NULL ? form_value_display_new(f, v) : xstrdup(v ? v : "");
		char *fit = draw_fit_new(shown, gc->colw[c]);
		draw_text(y, cx, fit, x + w - cx, role);
		free(fit);
		free(shown);
		cx += gc->colw[c] + 1;
	}
}

static void
draw_grid(struct formview *fv, int g, int top, int height, int width)
{
	const struct form_grid *gr = &fv->form->grids[g];
	char *err = NULL;
	const struct form *rowform = form_get(gr->form, &err);
	free(err);
	struct grid_ctx gc = { fv, g, rowform, gr->ncolumns, NULL };
	gc.colw = xcalloc((size_t)gr->ncolumns + 1, sizeof(int));
	/* Each column asks for its field's width (a date its ten characters); when
	 * the window is narrower, the widest columns give way first. */
	int want = 0;
	int *minw = xcalloc((size_t)gr->ncolumns + 1, sizeof(int));
	for (int c = 0; c < gr->ncolumns; c++) {
		const struct form_field *f = rowform ? form_field(rowform, gr->columns[c]) : NULL;
		int w = f != NULL ? f->width : 12;
		minw[c] = 4;
		if (f != NULL && f->type == FT_DATE)
			w = minw[c] = 10;
		if (w < 6)
			w = 6;
		if (w > 40)
			w = 40;
		gc.colw[c] = w;
		want += w + 1;
	}
	for (int room = width - 1; want > room;) {
		int widest = -1;
		for (int c = 0; c < gr->ncolumns; c++)
			if (gc.colw[c] > minw[c] && (widest < 0 || gc.colw[c] > gc.colw[widest]))
				widest = c;
		if (widest < 0)
			break;
		gc.colw[widest]--;
		want--;
	}
	free(minw);
	int x = 0;
	for (int c = 0; c < gr->ncolumns; c++) {
		const struct form_field *f = rowform ? form_field(rowform, gr->columns[c]) : NULL;
		char *h = draw_fit_new(f != NULL ? _(f->label) : gr->columns[c], gc.colw[c]);
		draw_text(top, x, h, width - x, DR_HEADING);
		free(h);
		x += gc.colw[c] + 1;
	}
	if (fv->grid_n[g] == 0)
		draw_text(top + 1, 0, _("No rows yet."), width, DR_DIM);
	listview_draw(&fv->grid_lv[g], top + 1, 0, height - 1, width, grid_row, &gc);
	free(gc.colw);
}

static void
draw_field(struct formview *fv, int i, int y, int lw, int vx, int vw, int *cy, int *cx)
{
	const struct form_field *f = &fv->form->fields[i];
	bool current = i == fv->cur;
	char *label = xasprintf("%s%s", _(f->label),
	    fv->editing && f->required ? " *" : "");
	char *fit = draw_fit_new(label, lw - 1);
	draw_text(y, 0, fit, lw - 1, current && !fv->editing ? DR_SELECTED : DR_LABEL);
	free(fit);
	free(label);
	int fw = f->width + 1 < vw ? f->width + 1 : vw;
	if (fw < 4)
		fw = vw;
	if (current && fv->editing && fv->le_field == i) {
		*cx = lineedit_draw(&fv->le, y, vx, fw, DR_INPUT);
		*cy = y;
		return;
	}
	char *shown = form_value_display_new(f, record_get(fv->rec, f->name));
	if (current && fv->editing) {
		/* Code and yes/no fields: the value as a box, the cursor on it. */
		int w = draw_width(shown) + 1;
		if (w < fw)
			w = fw;
		if (w > vw)
			w = vw;
		draw_text_pad(y, vx, shown, w, DR_INPUT);
		*cy = y;
		*cx = vx;
	} else {
		char *vfit = draw_fit_new(shown, vw);
		int used = draw_text(y, vx, vfit, vw, fv->editing ? DR_NORMAL : DR_FIELD);
		free(vfit);
		if (f->agency && *shown && used + 2 < vw) {
			/* The agency's name (and province) beside its code. */
			char *name = orgpicker_label_new(fv->app, shown);
			char *nfit = draw_fit_new(name, vw - used - 2);
			draw_text(y, vx + used + 2, nfit, vw - used - 2, DR_DIM);
			free(nfit);
			free(name);
		}
	}
	free(shown);
}

void
formview_draw(struct formview *fv, int top, int height, int width, int *cy, int *cx)
{
	*cy = *cx = -1;
	if (height < 2 || fv->npages == 0)
		return;
	draw_page_line(fv, top, width);
	int g = formview_grid_page(fv);
	if (g >= 0) {
		draw_grid(fv, g, top + 1, height - 1, width);
		return;
	}
	/* The label column takes what the longest label of the form needs, within
	 * reason, the same on every page so that values do not jump about; the
	 * values get the rest. */
	int lw = 0;
	for (int i = 0; i < fv->form->nfields; i++) {
		int w = draw_width(_(fv->form->fields[i].label)) + 2;
		if (w > lw)
			lw = w;
	}
	int maxlw = width * 45 / 100;
	if (lw > maxlw)
		lw = maxlw;
	int vx = lw + 1, vw = width - vx - 1;
	int rows = height - 1;
	/* Keep the current field's row in view (with its section's heading when it
	 * is the section's first field), and never past the document's end. */
	int total = doc_row(fv, fv->npages, -1) - 1;
	int row_of_cur = fv->cur >= 0 ? doc_row(fv, fv->page, fv->cur) : 0;
	int first = page_end_field(fv, fv->page, 1) == fv->cur;
	if (row_of_cur - first < fv->scroll)
		fv->scroll = row_of_cur - first;
	if (row_of_cur >= fv->scroll + rows)
		fv->scroll = row_of_cur - rows + 1;
	if (fv->scroll > total - rows)
		fv->scroll = total - rows > 0 ? total - rows : 0;
	if (fv->scroll < 0)
		fv->scroll = 0;
	int row = 0;
	for (int p = 0; p < fv->npages && page_section(fv, p) >= 0; p++) {
		int y = top + 1 + row - fv->scroll;
		if (y > top && y < top + height) {
			char *h = xasprintf("%s", _(fv->form->sections[page_section(fv, p)].label));
			draw_text(y, 0, h, width, DR_HEADING);
			free(h);
		}
		row++;
		for (int i = 0; i < fv->form->nfields; i++) {
			if (!on_page(fv, i, p))
				continue;
			y = top + 1 + row - fv->scroll;
			row++;
			if (y > top && y < top + height)
				draw_field(fv, i, y, lw, vx, vw, cy, cx);
		}
		row++;
	}
	int nrows = total;
	if (nrows > rows) {
		char more[32];
		snprintf(more, sizeof more, "%s%s", fv->scroll > 0 ? "^" : " ",
		    fv->scroll + rows < nrows ? "v" : " ");
		draw_text(top + 1, width - 2, more, 2, DR_DIM);
	}
}
