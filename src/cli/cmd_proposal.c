/*
 * hoso proposal list [--state pending|approved|returned]
 * hoso proposal show ID | approve ID [FIELD=VALUE ...] | return ID REASON
 * People's proposed changes to their own records (db/proposal.h): a clerk lists
 * those of the agency, reads one field by field, approves it (correcting fields
 * first with FIELD=VALUE) or returns it with a reason; a self account (--user)
 * lists and reads its own.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "db/db.h"
#include "db/proposal.h"
#include "form/form.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_LIST, P_SHOW, P_APPROVE, P_RETURN };
static const struct cli_opt list_opts[] = {
	{ "state", N_("STATE"), N_("pending, approved or returned (default: all)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec p_list = {
	"proposal list", NULL, 0, 0, list_opts, N_("Lists the proposals this account may "
	    "see: its own, or those of its agency's people, newest first.")
}, p_show = {
	"proposal show", N_("ID"), 1, 1, NULL, N_("Prints one proposal: who, when, and each "
	    "field before and after.")
}, p_approve = {
	"proposal approve", N_("ID [FIELD=VALUE ...]"), 1, -1, NULL, N_("Writes a pending "
	    "proposal to the record, with the given fields corrected first.")
}, p_return = {
	"proposal return", N_("ID REASON"), 2, 2, NULL, N_("Sends a pending proposal back to "
	    "the person with the reason.")
};
static const struct cli_spec *const proposal_specs[] = {
	[P_LIST] = &p_list, [P_SHOW] = &p_show, [P_APPROVE] = &p_approve,
	[P_RETURN] = &p_return, NULL
};

static const char *
state_label(const char *state)
{
	if (strcmp(state, "pending") == 0)
		return _("waiting for review");
	if (strcmp(state, "approved") == 0)
		return _("approved");
	return _("returned");
}

/* The label of kind's field name, or the name. */
static const char *
field_label(const char *kind, const char *name)
{
	const struct form *pf = form_get("person", NULL);
	const struct form *f = pf;
	if (pf != NULL && strcmp(kind, "person") != 0) {
		const struct form_grid *g = form_grid(pf, kind);
		f = g != NULL ? form_get(g->form, NULL) : NULL;
	}
	const struct form_field *fl = f != NULL ? form_field(f, name) : NULL;
	return fl != NULL ? _(fl->label) : name;
}

static const char *
kind_label(const char *kind)
{
	const struct form *pf = form_get("person", NULL);
	const struct form_grid *g = pf != NULL ? form_grid(pf, kind) : NULL;
	return g != NULL ? _(g->label) : _("Personnel record");
}

static void
print_line(const struct proposal *p)
{
	char at[17];
	if (!showtime_format(p->proposed_at, at))
		snprintf(at, sizeof at, "%.16s", p->proposed_at);
	cli_printf("%-6lld %-16s %-12s %-14s %-20s %s — %s\n", (long long)p->id, at,
	    p->id_number, p->proposed_by, state_label(p->state), kind_label(p->kind),
	    p->full_name);
}

static void
print_one(const struct proposal *p)
{
	print_line(p);
	for (int i = 0; i < p->after->n; i++) {
		const char *name = p->after->names[i];
		const char *was = record_get(p->before, name);
		cli_printf("  %s: \"%s\" -> \"%s\"", field_label(p->kind, name),
		    was != NULL ? was : "", p->after->values[i]);
		const char *w = p->written != NULL ? record_get(p->written, name) : NULL;
		if (w != NULL && strcmp(w, p->after->values[i]) != 0)
			cli_printf(_(" (corrected to \"%s\")"), w);
		putchar('\n');
	}
	if (p->written != NULL)
		for (int i = 0; i < p->written->n; i++)
			if (record_get(p->after, p->written->names[i]) == NULL)
				cli_printf(_("  %s: corrected to \"%s\"\n"),
				    field_label(p->kind, p->written->names[i]),
				    p->written->values[i]);
	if (p->decided_by[0]) {
		char at[17];
		if (!showtime_format(p->decided_at, at))
			snprintf(at, sizeof at, "%.16s", p->decided_at);
		cli_printf(_("%s by %s at %s\n"), state_label(p->state), p->decided_by, at);
	}
	if (p->reason[0])
		cli_printf(_("Reason: %s\n"), p->reason);
}

static int
fail(char **err)
{
	fputs("hoso proposal: ", stderr);
	cli_put_escaped(stderr, *err != NULL ? *err : "?");
	fputc('\n', stderr);
	free(*err);
	*err = NULL;
	return 1;
}

static int
cmd_proposal_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int sub, parsed = cli_parse_sub(proposal_specs, argc, argv, &a, &sub);
	if (parsed >= 0)
		return parsed;
	long long id = 0;
	if (sub != P_LIST && (sscanf(a.arg[0], "%lld", &id) != 1 || id <= 0)) {
		fprintf(stderr, _("hoso proposal: not a proposal number: %s\n"), a.arg[0]);
		return 2;
	}
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:proposal", &db, &who) != 0)
		return 1;
	char *err = NULL;
	int rc = 0;
	if (sub == P_LIST) {
		struct proposal *v;
		int n;
		if (db_proposal_list(db, &who, a.value[0], &v, &n, &err) != DB_OK)
			rc = fail(&err);
		else {
			for (int i = 0; i < n; i++)
				print_line(&v[i]);
			if (n == 0)
				printf(_("no proposals\n"));
			db_proposals_free(v, n);
		}
	} else if (sub == P_SHOW) {
		struct proposal p;
		if (db_proposal_get(db, &who, id, &p, &err) != DB_OK)
			rc = fail(&err);
		else {
			print_one(&p);
			db_proposal_clear(&p);
		}
	} else if (sub == P_APPROVE) {
		struct record *corr = a.narg > 1 ? record_new() : NULL;
		for (int i = 1; i < a.narg && rc == 0; i++) {
			char *eq = strchr(a.arg[i], '=');
			if (eq == NULL) {
				fprintf(stderr, _("hoso proposal: a correction is FIELD=VALUE: %s\n"),
				    a.arg[i]);
				rc = 2;
				break;
			}
			*eq = '\0';
			record_set(corr, a.arg[i], eq + 1);
		}
		if (rc == 0 && db_proposal_approve(db, &who, id, corr, &err) != DB_OK)
			rc = fail(&err);
		else if (rc == 0)
			printf(_("proposal %lld approved and written to the record\n"), id);
		record_free(corr);
	} else {
		if (db_proposal_return(db, &who, id, a.arg[1], &err) != DB_OK)
			rc = fail(&err);
		else
			printf(_("proposal %lld returned\n"), id);
	}
	db_close(db);
	return rc;
}

const struct cli_command cmd_proposal = {
	"proposal", proposal_specs, N_("people's proposed changes to their own records"),
	cmd_proposal_exec
};
