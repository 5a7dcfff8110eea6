/*
 * A record shown through its form: one page per section of the form, then one page
 * per grid of sub-records. Read-only until formview_set_editing; while editing, the
 * current field has a line editor (or a pick list for code fields), and leaving a
 * field checks it with form_value_normalize: bad input is refused there, with the
 * reason on the status line, and the cursor stays.
 *
 * The form view is a part of a screen, not a screen: the person screen and the
 * sub-record screen each hold one and pass it their keys and their drawing area.
 * It edits the record it was given (the caller's) in place, storing normalised
 * values.
 */
#ifndef HOSO_UI_FORMVIEW_H
#define HOSO_UI_FORMVIEW_H
#include <stdbool.h>
#include "form/form.h"
#include "core/record.h"
#include "ui/app.h"
#include "ui/lineedit.h"
#include "ui/listview.h"

/* Sub-record rows for the grid pages, supplied by the screen. */
struct formview_grids {
	/* Load the rows of grid g (called when its page is first shown and after
	 * formview_grid_reload). *rows belongs to the form view afterwards. */
	void (*load)(void *ctx, int g, struct record ***rows, int *n);
	/* Enter on row i of grid g, or i == -1 for a new row (F7). */
	void (*open)(void *ctx, int g, int i);
	/* F8 on row i. */
	void (*remove)(void *ctx, int g, int i);
	void  *ctx;
};

struct formview {
	struct app           *app;
	const struct form    *form;
	struct record        *rec;		/* borrowed: the caller's record */
	bool                  editing;
	bool                  dirty;		/* a value changed since set_editing */
	bool                  self_only;	/* editing stops only on the fields the
						 * person declares (a proposal) */
	int                   page;
	int                   npages;
	int                  *page_section;	/* page -> section index, or -1 - grid */
	int                   cur;		/* current field (index in form->fields) */
	int                   scroll;		/* first field row shown on the page */
	struct lineedit       le;
	int                   le_field;		/* field le holds, or -1 */
	struct formview_grids grids;
	struct record      ***grid_rows;	/* per grid, NULL until loaded */
	int                  *grid_n;
	struct listview      *grid_lv;
};

void formview_init(struct formview *fv, struct app *a, const struct form *f,
    struct record *rec, const struct formview_grids *grids);
void formview_free(struct formview *fv);
/* Show another record (after a reload): pages and position stay. */
void formview_set_record(struct formview *fv, struct record *rec);
/* Start or stop editing; starting puts the cursor on the first editable field of
 * the page. */
void formview_set_editing(struct formview *fv, bool on);
void formview_draw(struct formview *fv, int top, int height, int width,
    int *cy, int *cx);
/* Navigation and typing; returns 1 if the key was used. */
int  formview_key(struct formview *fv, int key);
/* Check and store the field being typed. 0 if stored (or nothing was being
 * typed), -1 if refused (the message is on the status line). */
int  formview_commit(struct formview *fv);
/* Keep whatever is typed in the current field, checked or not (for a draft). */
void formview_take_typed(struct formview *fv);
/* Check the whole record (required fields, cross-field rules) with
 * form_check_record; on errors show the first on the status line, go to its
 * field, and return the number of errors. */
int  formview_check(struct formview *fv);
/* Go to the field named (its page too). */
void formview_goto(struct formview *fv, const char *name);
/* Is the current page a grid? Its index, else -1. */
int  formview_grid_page(const struct formview *fv);
/* Forget grid g's rows so that they load again when shown. */
void formview_grid_reload(struct formview *fv, int g);
#endif
