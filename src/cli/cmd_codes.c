/*
 * hoso codes list [LIST] | show LIST CODE | add LIST CODE LABEL_VI [LABEL_EN]
 * The code lists of forms/codes: every list with its size, one list's values and
 * retired codes, one value with the records that use it, and a new value (national
 * administrators; the data layer checks and audits).
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "db/codes.h"
#include "db/db.h"
#include "form/form.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CODES_LIST, CODES_SHOW, CODES_ADD };
static const struct cli_spec codes_list = {
	"codes list", N_("[LIST]"), 0, 1, NULL, N_("Without LIST, names every code list and "
	    "its size; with it, lists its codes with their Vietnamese and English labels, and "
	    "its retired codes with the code that replaced each.")
}, codes_show = {
	"codes show", N_("LIST CODE"), 2, 2, NULL, N_("Shows one code: its labels, the "
	    "retired codes that map to it, and how many people's records in your scope use "
	    "it (a value in use is never removed). A retired code shows the code that "
	    "replaced it.")
}, codes_add = {
	"codes add", N_("LIST CODE LABEL_VI [LABEL_EN]"), 3, 4, NULL, N_("Adds a value to a "
	    "code list (national administrators). Sessions started afterwards offer it.")
};
static const struct cli_spec *const codes_specs[] = {
	[CODES_LIST] = &codes_list, [CODES_SHOW] = &codes_show, [CODES_ADD] = &codes_add, NULL
};

static const struct code_list *
get_list(const char *name)
{
	char *err = NULL;
	const struct code_list *cl = codes_get(name, &err);
	if (cl == NULL) {
		fprintf(stderr, "hoso codes: %s\n", err != NULL ? err : name);
		free(err);
	}
	return cl;
}

static int
list(const char *name)
{
	if (name == NULL) {
		const char **names = codes_list_names();
		for (int i = 0; names[i] != NULL; i++) {
			const struct code_list *cl = codes_get(names[i], NULL);
			if (cl != NULL)
				cli_printf("%-20s %5d  %s\n", cl->name, cl->nitems, _(cl->title));
		}
		free(names);
		return 0;
	}
	const struct code_list *cl = get_list(name);
	if (cl == NULL)
		return 1;
	for (int i = 0; i < cl->nitems; i++)
		cli_printf("%-12s %s%s%s\n", cl->items[i].code, cl->items[i].label,
		    cl->items[i].label_en ? " | " : "", cl->items[i].label_en ?
		    cl->items[i].label_en : "");
	for (int i = 0; i < cl->nretired; i++)
		cli_printf(_("%-12s retired, now %s%s%s\n"), cl->retired[i].code,
		    cl->retired[i].current, cl->retired[i].label ? ": " : "",
		    cl->retired[i].label ? cl->retired[i].label : "");
	return 0;
}

static int
show(struct db *db, const struct actor *who, const char *name, const char *code)
{
	const struct code_list *cl = get_list(name);
	if (cl == NULL)
		return 1;
	const struct code_retired *r = codes_retired(cl, code);
	const struct code_item *it = codes_find(cl, r != NULL ? r->current : code);
	if (it == NULL) {
		fprintf(stderr, _("hoso codes: the list %s has no code %s\n"), name, code);
		return 1;
	}
	if (r != NULL)
		cli_printf(_("%s is retired: it is now %s\n"), code, it->code);
	cli_printf("%s\n  %s\n", it->code, it->label);
	if (it->label_en != NULL)
		cli_printf("  %s\n", it->label_en);
	for (int i = 0; i < cl->nretired; i++)
		if (strcmp(cl->retired[i].current, it->code) == 0)
			cli_printf(_("  formerly %s%s%s\n"), cl->retired[i].code,
			    cl->retired[i].label ? ": " : "", cl->retired[i].label ?
			    cl->retired[i].label : "");
	long n = 0;
	char *err = NULL;
	if (db_code_usage(db, who, name, it->code, &n, &err) != DB_OK) {
		fprintf(stderr, "hoso codes: %s\n", err != NULL ? err : "?");
		free(err);
		return 1;
	}
	printf(_("used by %ld people's records in your scope\n"), n);
	return 0;
}

static int
cmd_codes_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int sub, parsed = cli_parse_sub(codes_specs, argc, argv, &a, &sub);
	if (parsed >= 0)
		return parsed;
	if (sub == CODES_LIST)
		return list(a.narg > 0 ? a.arg[0] : NULL);
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:codes", &db, &who) != 0)
		return 1;
	int rc;
	if (sub == CODES_SHOW)
		rc = show(db, &who, a.arg[0], a.arg[1]);
	else {
		char *err = NULL;
		rc = db_code_add(db, &who, a.arg[0], a.arg[1], a.arg[2], a.narg > 3 ? a.arg[3] :
		    NULL, &err) == DB_OK ? 0 : 1;
		if (rc == 0)
			printf(_("%s added to %s\n"), a.arg[1], a.arg[0]);
		else
			fprintf(stderr, "hoso codes: %s\n", err != NULL ? err : "?");
		free(err);
	}
	db_close(db);
	return rc;
}

const struct cli_command cmd_codes = {
	"codes", codes_specs, N_("the code lists: list, show, add"), cmd_codes_exec
};
