/*
 * hoso declarations [--org CODE] [--as-of DATE] [--late]: the first declaration's
 * deadline for everyone of an agency (3 working days after the dossier was made,
 * holidays as data): who declared, who is late, who has never signed in.
 */
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/workdays.h"
#include "db/db.h"
#include "db/declare.h"
#include "form/form.h"
#include "report/deadlines.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_ORG, O_AS_OF, O_LATE };
static const struct cli_opt decl_opts[] = {
	[O_ORG] = { "org", N_("CODE"), N_("the agency and those under it (default: the "
	    "account's scope)"), 0 },
	[O_AS_OF] = { "as-of", N_("DATE"), N_("judge lateness on this day (default: "
	    "today)"), 0 },
	[O_LATE] = { "late", NULL, N_("only those late or never signed in"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec decl_spec = {
	"declarations", NULL, 0, 0, decl_opts, N_("Lists each person's first declaration: "
	    "due 3 working days after the dossier was made (weekends and the public "
	    "holidays of forms/codes/holiday.json skipped), declared when, late or not, "
	    "and whether the person has ever signed in.")
};
static const struct cli_spec *const decl_specs[] = { &decl_spec, NULL };

static int
cmd_declarations_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&decl_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	char today[11];
	if (a.value[O_AS_OF] != NULL) {
		if (date_parse(a.value[O_AS_OF], today) != NULL) {
			fprintf(stderr, _("hoso declarations: not a date: %s\n"), a.value[O_AS_OF]);
			return 2;
		}
	} else
		date_today(today);
	char *err = NULL;
	struct workdays *w = form_workdays_new(&err);
	if (w == NULL) {
		fprintf(stderr, "hoso declarations: %s\n", err != NULL ? err : "?");
		free(err);
		return 1;
	}
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:declarations", &db, &who) != 0) {
		workdays_free(w);
		return 1;
	}
	struct declare_status *v;
	int n, rc = 0;
	if (db_declare_status_list(db, &who, a.value[O_ORG], &v, &n, &err) != DB_OK) {
		fputs("hoso declarations: ", stderr);
		cli_put_escaped(stderr, err != NULL ? err : "?");
		fputc('\n', stderr);
		free(err);
		rc = 1;
	} else {
		struct deadline_row *r;
		deadlines_compute(w, today, v, n, &r);
		int shown = 0;
		for (int i = 0; i < n; i++) {
			if (a.value[O_LATE] != NULL && r[i].state != DECLARE_LATE &&
			    r[i].state != DECLARE_DONE_LATE && !r[i].never_signed_in)
				continue;
			if (shown++ == 0)
				printf("%-12s %-10s %-10s %-10s %-14s %-18s %s\n", _("ID NUMBER"),
				    _("MADE"), _("DUE"), _("DECLARED"), _("STATE"),
				    _("SIGNED IN"), _("NAME"));
			cli_printf("%-12s %-10s %-10s %-10s %-14s %-18s %s\n",
			    r[i].who->id_number, r[i].created, r[i].due,
			    r[i].declared[0] ? r[i].declared : "-",
			    deadlines_state_label(r[i].state),
			    r[i].never_signed_in ? (r[i].who->account[0] ? _("never") :
			    _("no account")) : _("yes"), r[i].who->full_name);
		}
		if (shown == 0)
			printf(_("nobody to list\n"));
		free(r);
		free(v);
	}
	workdays_free(w);
	db_close(db);
	return rc;
}

const struct cli_command cmd_declarations = {
	"declarations", decl_specs, N_("who declared their own record, who is late"),
	cmd_declarations_exec
};
