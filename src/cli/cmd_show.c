/* hoso show ID_NUMBER: one person's record, every section, with sub-records. */
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "db/person.h"
#include "form/form.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value as a person reads it: a code's label, a date as DD/MM/YYYY. */
static void
print_value(const struct form_field *f, const char *v)
{
	char *shown = form_value_display_new(f, v);
	cli_put_escaped(stdout, shown);
	free(shown);
}

static void
print_record(const struct form *f, const struct record *r)
{
	int section = -1;
	for (int i = 0; i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];
		const char *v = record_get(r, fld->name);
		/* Read-only fields (the verification state) get their own block below. */
		if (v == NULL || *v == '\0' || fld->readonly)
			continue;
		if (fld->section != section && f->nsections > 0) {
			section = fld->section;
			printf("\n[%s]\n", _(f->sections[section].label));
		}
		const char *label = _(fld->label);
		int pad = 30 - text_width(label);
		cli_printf("  %s%*s ", label, pad > 0 ? pad : 0, "");
		print_value(fld, v);
		putchar('\n');
	}
}

static const struct cli_spec show_spec = {
	"show", N_("ID_NUMBER"), 1, 1, NULL,
	N_("Prints one person's record: every section, the check against the population "
	    "database, and the sub-records.")
};
static const struct cli_spec *const show_specs[] = { &show_spec, NULL };

static int
cmd_show_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&show_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	if (!idnum_shape_ok(a.arg[0])) {
		/* Before the database: "123" is a slip of the hand, not a missing person. */
		char *msg = xasprintf(_("an ID number has 12 digits; '%s' is not one"), a.arg[0]);
		fputs("hoso show: ", stderr);
		cli_put_escaped(stderr, msg);	/* as typed, escaped */
		fputc('\n', stderr);
		free(msg);
		return 2;
	}
	char *err = NULL;
	const struct form *f = form_get("person", &err);
	if (f == NULL) {
		fprintf(stderr, "hoso show: %s\n", err);
		free(err);
		return 1;
	}
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:show", &db, &who) != 0)
		return 1;
	struct record *r = NULL;
	int rc = db_person_get_by_idnum(db, &who, argv[1], "show", &r, &err);
	if (rc != DB_OK) {
		fputs("hoso show: ", stderr);
		cli_put_escaped(stderr, err);	/* it may repeat the ID number given */
		fputc('\n', stderr);
		free(err);
		db_close(db);
		return 1;
	}
	cli_printf("%s — %s\n", record_get(r, "full_name"), record_get(r, "id_number"));
	print_record(f, r);
	const char *vs = record_get(r, "verification");
	const struct code_list *vl = codes_get("verification", NULL);
	const struct code_item *vi = vl && vs ? codes_find(vl, vs) : NULL;
	/* The code itself too: scripts read it (verified, mismatch, not_found, ...). */
	printf("\n[%s]\n  %s: %s (%s)", _("Population database"), _("Verification"),
	    vi ? codes_label(vi) : (vs ? vs : ""), vs ? vs : "");
	const char *va = record_get(r, "verified_at"), *vb = record_get(r, "verified_by");
	const char *vr = record_get(r, "verification_request"), *vf = record_get(r, "verification_fields");
	if (va && *va)
		cli_printf(_("  at %s"), va);
	if (vb && *vb)
		cli_printf(_("  by %s"), vb);
	if (vr && *vr)
		cli_printf(_("  request %s"), vr);
	if (vf && *vf)
		cli_printf(_("  fields that differ: %s"), vf);
	printf("\n");
	for (int g = 0; g < f->ngrids; g++) {
		struct record **items;
		int n;
		if (db_item_list(db, &who, r->id, f->grids[g].name, &items, &n, &err) != DB_OK) {
			fprintf(stderr, "hoso show: %s\n", err);
			free(err);
			err = NULL;
			continue;
		}
		if (n > 0) {
			const struct form *gf = form_get(f->grids[g].form, NULL);
			printf("\n[%s] (%d)\n", _(f->grids[g].label), n);
			for (int i = 0; i < n; i++) {
				printf("  -");
				for (int k = 0; gf && k < gf->nfields; k++) {
					const char *v = record_get(items[i], gf->fields[k].name);
					if (v && *v) {
						printf(" ");
						print_value(&gf->fields[k], v);
						printf(";");
					}
				}
				printf("\n");
			}
		}
		db_records_free(items, n);
	}
	cli_printf(_("\nRecord version %lld, last saved by %s at %s\n"),
	    (long long)r->version, record_get(r, "updated_by"),
	    record_get(r, "updated_at"));
	record_free(r);
	db_close(db);
	return 0;
}

const struct cli_command cmd_show = {
	"show", show_specs, N_("print one person's record"), cmd_show_exec
};
