/*
 * The New/Edit account form. Role and language are chosen from their lists (Enter,
 * or the first letters typed, opens the list); the agency is typed as its code and
 * shown with its name as soon as the code is known, or chosen from the agencies in
 * scope. A new account gets a password or an SSH key line (pasted). F2 saves; the
 * data layer decides what this administrator may do and says why it refuses.
 */
#include "ui/screens.h"
#include "ui/account_ui.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/picklist.h"
#include "ui/status.h"
#include "db/account.h"
#include "db/org.h"
#include "db/role.h"
#include "form/form.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_USER, F_FULL, F_ROLE, F_ORG, F_LANG, F_PASS, F_KEY, F_COUNT };

struct accform {
	struct screen   base;
	bool            is_new;
	struct lineedit f[F_COUNT];	/* F_ROLE and F_LANG hold codes, shown by label */
	int             focus;
	char            org_shown[40];	/* the code whose name org_name holds */
	char            org_name[256];
	struct account_info orig;	/* on edit: as it was */
	char           *made;		/* on new: where the name goes */
};

static const struct screen_key form_keys[] = {
	{ ACT_HELP, NULL }, { ACT_SAVE, NULL }, { ACT_OPEN, N_("Choose") }, { ACT_LANG, NULL },
	{ ACT_BACK, N_("Cancel") }, { ACT_NONE, NULL }
};

static const char *const labels[F_COUNT] = {
	N_("Account name:"), N_("Full name:"), N_("Role:"), N_("Agency code:"),
	N_("Language:"), N_("Password:"), N_("or SSH key:")
};

static bool
shown(const struct accform *af, int i)
{
	return af->is_new || (i != F_PASS && i != F_KEY);
}

static bool
editable(const struct accform *af, int i)
{
	return shown(af, i) && (af->is_new || i != F_USER);
}

static const char *
af_title(struct screen *s)
{
	struct accform *af = (struct accform *)s;
	return af->is_new ? _("New account") : _("Edit account");
}

/* The label of the code a chooser field holds. */
static const char *
code_label(const char *list, const char *code)
{
	const struct code_list *cl = codes_get(list, NULL);
	const struct code_item *it = cl != NULL ? codes_find(cl, code) : NULL;
	return it != NULL ? codes_label(it) : code;
}

/* The typed agency code's name, asked again only when the code changed. */
static const char *
org_name(struct accform *af)
{
	char *code = lineedit_text_new(&af->f[F_ORG]);
	if (strcmp(code, af->org_shown) != 0) {
		snprintf(af->org_shown, sizeof af->org_shown, "%s", code);
		af->org_name[0] = '\0';
		struct org_info o;
		char *err = NULL;
		if (code[0] && db_org_find(af->base.app->db, code, &o, &err) == DB_OK)
			snprintf(af->org_name, sizeof af->org_name, "%s", o.name);
		else if (code[0])
			snprintf(af->org_name, sizeof af->org_name, "%s", _("(no such agency)"));
		free(err);
	}
	free(code);
	return af->org_name;
}

static void
af_draw(struct screen *s, int top, int height, int width)
{
	(void)height;
	struct accform *af = (struct accform *)s;
	int lw = 0;
	for (int i = 0; i < F_COUNT; i++)
		if (draw_width(_(labels[i])) > lw)
			lw = draw_width(_(labels[i]));
	lw += 2;
	int fw = width - lw - 1 < 44 ? width - lw - 1 : 44;
	int y = top + 1;
	for (int i = 0; i < F_COUNT; i++) {
		if (!shown(af, i))
			continue;
		bool focus = af->focus == i;
		draw_text(y, 1, _(labels[i]), lw, DR_LABEL);
		char *v = lineedit_text_new(&af->f[i]);
		if (i == F_ROLE || i == F_LANG) {
			const char *l = v[0] ? code_label(i == F_ROLE ? "role" : "lang", v) : "";
			draw_text_pad(y, lw + 1, l, fw, focus ? DR_INPUT : DR_FIELD);
			if (focus) {
				s->cy = y;
				s->cx = lw + 1;
			}
		} else if (!editable(af, i)) {
			draw_text_pad(y, lw + 1, v, fw, DR_FIELD);
		} else {
			int c = lineedit_draw(&af->f[i], y, lw + 1, i == F_ORG ? 20 : fw,
			    focus ? DR_INPUT : DR_FIELD);
			if (focus) {
				s->cy = y;
				s->cx = c;
			}
			if (i == F_ORG) {
				char *n = draw_fit_new(org_name(af), width - lw - 23);
				draw_text(y, lw + 22, n, width - lw - 23, DR_DIM);
				free(n);
			}
		}
		free(v);
		y += 2;
	}
	const char *hint = af->focus == F_ROLE || af->focus == F_LANG ?
	    _("Enter or a letter: choose from the list.") : af->focus == F_ORG ?
	    _("Type the agency's code, or part of its name and Enter to choose.") :
	    af->focus == F_KEY ? _("Paste the line of the person's .pub file; then no "
	    "password is needed.") : af->focus == F_PASS ? _("At least 8 characters.") : "";
	draw_text(y, 1, hint, width - 2, DR_DIM);
}

/* The agencies this administrator may file accounts under, as a pick list. */
static void
choose_org(struct accform *af)
{
	struct app *a = af->base.app;
	struct org_info *orgs = NULL;
	int n = 0;
	char *err = NULL;
	if (db_org_list(a->db, &a->actor, &orgs, &n, &err) != DB_OK || n == 0) {
		status_error("%s", err != NULL ? err : _("No agency in your scope."));
		free(err);
		free(orgs);
		return;
	}
	struct code_list cl = { .name = "org", .title = N_("Agencies"), .nitems = n };
	cl.items = xcalloc((size_t)n, sizeof *cl.items);
	for (int i = 0; i < n; i++) {
		cl.items[i].code = orgs[i].code;
		cl.items[i].label = orgs[i].name;
	}
	char *typed = lineedit_text_new(&af->f[F_ORG]);
	const struct code_item *it = picklist_run(a, &cl, typed, typed);
	if (it != NULL)
		lineedit_set(&af->f[F_ORG], it->code);
	free(typed);
	free(cl.items);
	free(orgs);
}

/* Role or language from its list; roles above this administrator's are not offered. */
static void
choose_code(struct accform *af, int field, const char *initial)
{
	struct app *a = af->base.app;
	const struct code_list *full = codes_get(field == F_ROLE ? "role" : "lang", NULL);
	if (full == NULL)
		return;
	struct code_list cl = *full;
	cl.items = xcalloc((size_t)full->nitems, sizeof *cl.items);
	cl.nitems = 0;
	for (int i = 0; i < full->nitems; i++) {
		enum role r;
		if (field != F_ROLE || (db_role_parse(full->items[i].code, &r) == DB_OK &&
		    db_actor_may_grant_role(&a->actor, r)))
			cl.items[cl.nitems++] = full->items[i];
	}
	char *cur = lineedit_text_new(&af->f[field]);
	const struct code_item *it = picklist_run(a, &cl, initial, cur);
	if (it != NULL)
		lineedit_set(&af->f[field], it->code);
	free(cur);
	free(cl.items);
}

static void
focus_move(struct accform *af, int dir)
{
	int i = af->focus;
	do
		i = (i + dir + F_COUNT) % F_COUNT;
	while (!editable(af, i));
	af->focus = i;
}

static char *
text(struct accform *af, int i)
{
	return lineedit_text_new(&af->f[i]);
}

static int
save_new(struct accform *af, char **err)
{
	struct app *a = af->base.app;
	char *user = text(af, F_USER), *full = text(af, F_FULL), *role_s = text(af, F_ROLE);
	char *org = text(af, F_ORG), *lang = text(af, F_LANG), *pw = text(af, F_PASS);
	char *key = text(af, F_KEY);
	enum role role;
	if (db_role_parse(role_s, &role) != DB_OK)
		db_role_parse("clerk", &role);
	int rc = key[0] ? db_account_add_with_key(a->db, &a->actor, user, full, role, org,
	    key, err) : db_account_add(a->db, &a->actor, user, full, role, org,
	    pw[0] ? pw : NULL, err);
	if (rc == DB_OK && strcmp(lang, "vi") != 0) {
		struct account_edit e = { .lang = lang };
		rc = db_account_edit(a->db, &a->actor, user, &e, err);
	}
	if (rc == DB_OK && af->made != NULL)
		snprintf(af->made, 64, "%s", user);
	memset(pw, 0, strlen(pw));
	free(user), free(full), free(role_s), free(org), free(lang), free(pw), free(key);
	return rc;
}

static int
save_edit(struct accform *af, char **err)
{
	struct app *a = af->base.app;
	char *full = text(af, F_FULL), *role_s = text(af, F_ROLE), *org = text(af, F_ORG);
	char *lang = text(af, F_LANG);
	struct account_edit e = { 0 };
	/* Only what changed: an unchanged agency or role asks for no rights. */
	if (strcmp(full, af->orig.full_name) != 0)
		e.full_name = full;
	if (strcmp(org, af->orig.org_code) != 0)
		e.org_code = org;
	if (strcmp(lang, af->orig.lang) != 0)
		e.lang = lang;
	enum role role;
	if (strcmp(role_s, db_role_name(af->orig.role)) != 0 &&
	    db_role_parse(role_s, &role) == DB_OK) {
		e.role_set = true;
		e.role = role;
	}
	int rc = DB_OK;
	if (e.full_name || e.org_code || e.lang || e.role_set)
		rc = db_account_edit(a->db, &a->actor, af->orig.username, &e, err);
	free(full), free(role_s), free(org), free(lang);
	return rc;
}

static int
af_action(struct screen *s, int act)
{
	struct accform *af = (struct accform *)s;
	if (act == ACT_OPEN) {
		if (af->focus == F_ROLE || af->focus == F_LANG)
			choose_code(af, af->focus, NULL);
		else if (af->focus == F_ORG && org_name(af)[0] == '\0') {
			choose_org(af);
		} else if (af->focus == F_ORG) {
			char *code = text(af, F_ORG);
			struct org_info o;
			char *err = NULL;
			int known = db_org_find(s->app->db, code, &o, &err) == DB_OK;
			free(err);
			free(code);
			if (known)
				focus_move(af, 1);
			else
				choose_org(af);
		} else
			focus_move(af, 1);
		return 1;
	}
	if (act == ACT_SAVE) {
		char *err = NULL;
		int rc = af->is_new ? save_new(af, &err) : save_edit(af, &err);
		if (rc == DB_OK) {
			status_info("%s", af->is_new ? _("Account created.") : _("Account saved."));
			s->done = true;
			s->result = 1;
		} else
			status_error("%s", err != NULL ? err : _("The account was not saved."));
		free(err);
		return 1;
	}
	return 0;
}

static int
af_key(struct screen *s, int key)
{
	struct accform *af = (struct accform *)s;
	if (key == K_ENTER)
		return af_action(s, ACT_OPEN);
	if (key == K_TAB || key == K(KEY_DOWN)) {
		focus_move(af, 1);
		return 1;
	}
	if (key == K(KEY_BTAB) || key == K(KEY_UP)) {
		focus_move(af, -1);
		return 1;
	}
	if (af->focus == F_ROLE || af->focus == F_LANG) {
		if (K_IS_CHAR(key)) {
			char initial[8];
			wchar_t w[2] = { (wchar_t)key, 0 };
			if (wcstombs(initial, w, sizeof initial) == (size_t)-1)
				initial[0] = '\0';
			choose_code(af, af->focus, initial);
			return 1;
		}
		return 0;
	}
	return lineedit_key(&af->f[af->focus], key);
}

static void
af_free(struct screen *s)
{
	struct accform *af = (struct accform *)s;
	for (int i = 0; i < F_COUNT; i++) {
		if (af->f[i].buf != NULL && i == F_PASS)
			memset(af->f[i].buf, 0, (size_t)af->f[i].cap * sizeof *af->f[i].buf);
		lineedit_free(&af->f[i]);
	}
	free(af);
}

static const struct screen_ops form_ops = {
	.title = af_title,
	.draw = af_draw,
	.key = af_key,
	.action = af_action,
	.free = af_free,
};

static struct accform *
form_new(struct app *a, bool is_new)
{
	struct accform *af = xcalloc(1, sizeof *af);
	screen_init(&af->base, &form_ops, a);
	af->base.keys = form_keys;
	af->is_new = is_new;
	static const int maxlen[F_COUNT] = { 32, 120, 16, 35, 2, 256, 8000 };
	for (int i = 0; i < F_COUNT; i++)
		lineedit_init(&af->f[i], maxlen[i]);
	af->f[F_PASS].secret = true;
	return af;
}

int
account_form_run(struct app *a, const struct account_info *acc)
{
	struct accform *af = form_new(a, false);
	af->orig = *acc;
	lineedit_set(&af->f[F_USER], acc->username);
	lineedit_set(&af->f[F_FULL], acc->full_name);
	lineedit_set(&af->f[F_ROLE], db_role_name(acc->role));
	lineedit_set(&af->f[F_ORG], acc->org_code);
	lineedit_set(&af->f[F_LANG], acc->lang);
	af->focus = F_FULL;
	return app_run(a, &af->base) == 1;
}

int
account_form_new(struct app *a, char made[64])
{
	struct accform *af = form_new(a, true);
	af->made = made;
	lineedit_set(&af->f[F_ROLE], "clerk");
	lineedit_set(&af->f[F_LANG], "vi");
	/* An agency administrator's accounts are most often of its own agency. */
	if (a->actor.org_id != 0) {
		struct org_info o;
		char *err = NULL;
		if (db_org_by_id(a->db, a->actor.org_id, &o, &err) == DB_OK)
			lineedit_set(&af->f[F_ORG], o.code);
		free(err);
	}
	return app_run(a, &af->base) == 1;
}
