/*
 * hoso assets declare --kind KIND --year YEAR [GROUP=VND ...] [GROUP.origin=TEXT ...]
 * hoso assets list [ID_NUMBER] | show ID | officer NAME on|off
 * Declarations of assets and income (db/assets.h). A person declares through their
 * own account (--user): groups not given keep the last declaration's amounts, and
 * the changes since it are printed; an increase from the rules' threshold needs its
 * origin. Reading is for the person, designated officers and national
 * administrators; every read is audited.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/showtime.h"
#include "db/assets.h"
#include "db/db.h"
#include "db/person.h"
#include "db/role.h"
#include "form/form.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { A_DECLARE, A_LIST, A_SHOW, A_OFFICER };
static const struct cli_opt declare_opts[] = {
	{ "kind", N_("KIND"), N_("first, yearly, supplementary or appointment"), 0 },
	{ "year", N_("YEAR"), N_("the year declared"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec a_declare = {
	"assets declare", N_("[GROUP=VND ...] [GROUP.origin=TEXT ...]"), 0, -1, declare_opts,
	N_("Submits one's own declaration; groups not given keep the last declaration's "
	    "amounts; a submitted declaration never changes (declaring the same kind and "
	    "year again makes a corrected version).")
}, a_list = {
	"assets list", N_("[ID_NUMBER]"), 0, 1, NULL, N_("Lists a person's declarations "
	    "(one's own without ID_NUMBER).")
}, a_show = {
	"assets show", N_("ID"), 1, 1, NULL, N_("Prints one declaration, group by group.")
}, a_officer = {
	"assets officer", N_("NAME on|off"), 2, 2, NULL, N_("Designates an account to read "
	    "the asset declarations of its agency, or no longer.")
};
static const struct cli_spec *const assets_specs[] = {
	[A_DECLARE] = &a_declare, [A_LIST] = &a_list, [A_SHOW] = &a_show,
	[A_OFFICER] = &a_officer, NULL
};

static int
fail(char **err)
{
	fputs("hoso assets: ", stderr);
	cli_put_escaped(stderr, *err != NULL ? *err : "?");
	fputc('\n', stderr);
	free(*err);
	*err = NULL;
	return 1;
}

static void
print_decl(const struct asset_rules *rules, const struct asset_decl *d)
{
	char at[17];
	if (!showtime_format(d->submitted_at, at))
		snprintf(at, sizeof at, "%.16s", d->submitted_at);
	const struct asset_item *k = asset_rules_find(rules->kinds, rules->nkinds, d->kind);
	cli_printf(_("Declaration %lld: %s %d, version %d, by %s at %s\n"), (long long)d->id,
	    k != NULL ? asset_item_label(k) : d->kind, d->year, d->version, d->submitted_by,
	    at);
	cli_printf("%s — %s\n", d->full_name, d->id_number);
	for (int i = 0; i < rules->ngroups; i++) {
		const char *v = record_get(d->amounts, rules->groups[i].code);
		cli_printf("  %-48s %16s VND\n", asset_item_label(&rules->groups[i]),
		    v != NULL ? v : "0");
		const char *o = record_get(d->origins, rules->groups[i].code);
		if (o != NULL && *o)
			cli_printf(_("    origin of the increase: %s\n"), o);
	}
}

static int
declare(struct db *db, const struct actor *who, const struct asset_rules *rules,
    const struct cli_args *a)
{
	if (a->value[0] == NULL || a->value[1] == NULL) {
		cli_print_usage((const struct cli_spec *const[]){ &a_declare, NULL }, stderr);
		return 2;
	}
	char *err = NULL;
	struct record *amounts = record_new(), *origins = record_new();
	struct asset_decl last;
	bool have_last = who->person_id != 0 &&
	    db_asset_last(db, who, who->person_id, &last, &err) == DB_OK;
	free(err);
	err = NULL;
	/* Pre-filled from the last declaration. */
	for (int i = 0; have_last && i < last.amounts->n; i++)
		record_set(amounts, last.amounts->names[i], last.amounts->values[i]);
	int rc = 0;
	for (int i = 0; i < a->narg; i++) {
		char *eq = strchr(a->arg[i], '=');
		if (eq == NULL) {
			fprintf(stderr, _("hoso assets: GROUP=VND or GROUP.origin=TEXT: %s\n"),
			    a->arg[i]);
			rc = 2;
			break;
		}
		*eq = '\0';
		char *dot = strstr(a->arg[i], ".origin");
		if (dot != NULL && dot[7] == '\0') {
			*dot = '\0';
			record_set(origins, a->arg[i], eq + 1);
		} else
			record_set(amounts, a->arg[i], eq + 1);
	}
	int64_t id = 0;
	if (rc == 0 && db_asset_submit(db, who, a->value[0], atoi(a->value[1]), amounts,
	    origins, &id, &err) != DB_OK)
		rc = fail(&err);
	if (rc == 0) {
		printf(_("declaration %lld submitted\n"), (long long)id);
		/* What changed since the last one. */
		for (int i = 0; have_last && i < rules->ngroups; i++) {
			const char *now = record_get(amounts, rules->groups[i].code);
			const char *was = record_get(last.amounts, rules->groups[i].code);
			long long d = (now ? atoll(now) : 0) - (was ? atoll(was) : 0);
			if (d != 0)
				cli_printf(_("  %s: %+lld VND since the last declaration\n"),
				    asset_item_label(&rules->groups[i]), d);
		}
	}
	if (have_last)
		db_asset_clear(&last);
	record_free(amounts);
	record_free(origins);
	return rc;
}

static int
cmd_assets_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int sub, parsed = cli_parse_sub(assets_specs, argc, argv, &a, &sub);
	if (parsed >= 0)
		return parsed;
	char *err = NULL;
	struct asset_rules *rules = asset_rules_new(&err);
	if (rules == NULL)
		return fail(&err);
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:assets", &db, &who) != 0) {
		asset_rules_free(rules);
		return 1;
	}
	int rc = 0;
	if (sub == A_DECLARE)
		rc = declare(db, &who, rules, &a);
	else if (sub == A_LIST) {
		int64_t pid = db_actor_is_self(&who) ? who.person_id : 0;
		if (a.narg > 0) {
			struct record *r = NULL;
			/* Finding the person is no read of their record. */
			if (db_person_get_by_idnum(db, &who, a.arg[0], NULL, &r, &err) != DB_OK)
				rc = fail(&err);
			else
				pid = r->id;
			record_free(r);
		}
		struct asset_decl *v;
		int n;
		if (rc == 0 && db_asset_list(db, &who, pid, &v, &n, &err) != DB_OK)
			rc = fail(&err);
		else if (rc == 0) {
			for (int i = 0; i < n; i++) {
				const struct asset_item *k = asset_rules_find(rules->kinds,
				    rules->nkinds, v[i].kind);
				char at[17];
				if (!showtime_format(v[i].submitted_at, at))
					snprintf(at, sizeof at, "%.16s", v[i].submitted_at);
				cli_printf("%-6lld %-16s %d v%d  %s\n", (long long)v[i].id, at,
				    v[i].year, v[i].version, k ? asset_item_label(k) : v[i].kind);
			}
			if (n == 0)
				printf(_("no declarations\n"));
			db_assets_free(v, n);
		}
	} else if (sub == A_SHOW) {
		struct asset_decl d;
		if (db_asset_get(db, &who, atoll(a.arg[0]), &d, &err) != DB_OK)
			rc = fail(&err);
		else {
			print_decl(rules, &d);
			db_asset_clear(&d);
		}
	} else {
		bool on = strcmp(a.arg[1], "on") == 0;
		if (!on && strcmp(a.arg[1], "off") != 0) {
			cli_print_usage((const struct cli_spec *const[]){ &a_officer, NULL },
			    stderr);
			rc = 2;
		} else if (db_account_set_asset_officer(db, &who, a.arg[0], on, &err) != DB_OK)
			rc = fail(&err);
		else
			printf(on ? _("%s reads the agency's asset declarations\n") :
			    _("%s no longer reads asset declarations\n"), a.arg[0]);
	}
	asset_rules_free(rules);
	db_close(db);
	return rc;
}

const struct cli_command cmd_assets = {
	"assets", assets_specs, N_("declarations of assets and income"), cmd_assets_exec
};
