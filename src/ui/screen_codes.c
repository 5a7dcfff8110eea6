/*
 * The Code lists screen of the Maintenance menu: choose a list, then find a value
 * in it as one types, without diacritics (the pick list), and see it whole: its
 * labels, the retired codes that now mean it, and how many people's records use it
 * (a value in use is never removed). National administrators also add values; the
 * list is read afresh from its file each time, so a value just added shows at once.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/menu.h"
#include "ui/picklist.h"
#include "ui/status.h"
#include "db/codes.h"
#include "db/role.h"
#include "form/form.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
show_value(struct app *a, const struct code_list *cl, const struct code_item *it)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%s: %s\n", _("Code"), it->code);
	sb_addf(&sb, "%s: %s\n", _("Vietnamese"), it->label);
	sb_addf(&sb, "%s: %s\n", _("English"), it->label_en != NULL ? it->label_en : "-");
	for (int i = 0; i < cl->nretired; i++)
		if (strcmp(cl->retired[i].current, it->code) == 0)
			sb_addf(&sb, _("Formerly %s%s%s\n"), cl->retired[i].code,
			    cl->retired[i].label ? ": " : "", cl->retired[i].label ?
			    cl->retired[i].label : "");
	long n = 0;
	char *err = NULL;
	if (db_code_usage(a->db, &a->actor, cl->name, it->code, &n, &err) == DB_OK)
		sb_addf(&sb, _("Used by %ld people's records in your scope."), n);
	else
		sb_addf(&sb, "%s", err != NULL ? err : "");
	free(err);
	dialog_message(a, _(cl->title), sb.buf);
	sb_free(&sb);
}

static void
browse(struct app *a, const char *name)
{
	char *err = NULL;
	struct code_list *cl = codes_load(name, &err);
	if (cl == NULL) {
		status_error("%s", err != NULL ? err : name);
		free(err);
		return;
	}
	const struct code_item *it;
	while (a->quit == APP_RUNNING && (it = picklist_run(a, cl, NULL, NULL)) != NULL)
		show_value(a, cl, it);
	codes_list_free(cl);
}

static void
add_value(struct app *a, const char *name)
{
	char *code = dialog_input(a, _("Add a value"), _("Code:"), NULL, 40);
	if (code == NULL || !*code) {
		free(code);
		return;
	}
	char *vi = dialog_input(a, _("Add a value"), _("Vietnamese label:"), NULL, 200);
	char *en = vi != NULL && *vi ? dialog_input(a, _("Add a value"),
	    _("English label (may stay empty):"), NULL, 200) : NULL;
	if (vi != NULL && *vi) {
		char *err = NULL;
		/* Said in a box: the menu this returns to has no status line. */
		if (db_code_add(a->db, &a->actor, name, code, vi, en, &err) == DB_OK) {
			char *msg = xasprintf(_("%s added; sessions started from now on offer it."),
			    code);
			dialog_message(a, _("Add a value"), msg);
			free(msg);
		} else
			dialog_message(a, _("Add a value"), err != NULL ? err : "");
		free(err);
	}
	free(code);
	free(vi);
	free(en);
}

enum { CL_BROWSE = 1, CL_ADD };

void
codes_run(struct app *a)
{
	const char **names = codes_list_names();
	int n = 0;
	while (names[n] != NULL)
		n++;
	/* The lists themselves, chosen as values are: by name, without diacritics. */
	struct code_list lists = { .name = "lists", .title = N_("Code lists") };
	lists.items = xcalloc((size_t)n + 1, sizeof *lists.items);
	for (int i = 0; i < n; i++) {
		const struct code_list *cl = codes_get(names[i], NULL);
		if (cl == NULL)
			continue;
		struct code_item *li = &lists.items[lists.nitems++];
		li->code = (char *)cl->name;
		li->label = (char *)_(cl->title);
	}
	const struct code_item *chosen;
	while (a->quit == APP_RUNNING &&
	    (chosen = picklist_run(a, &lists, NULL, NULL)) != NULL) {
		struct menu_item items[2];
		int m = 0, sel = 0;
		items[m++] = (struct menu_item){ CL_BROWSE, '1', N_("Find and view a value") };
		if (db_actor_may_edit_codes(&a->actor))
			items[m++] = (struct menu_item){ CL_ADD, '2', N_("Add a value") };
		int id;
		while ((id = menu_run(a, chosen->label, items, m, &sel)) > 0) {
			if (id == CL_BROWSE)
				browse(a, chosen->code);
			else
				add_value(a, chosen->code);
		}
	}
	free(lists.items);
	free(names);
}
