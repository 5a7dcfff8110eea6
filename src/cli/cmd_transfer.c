/*
 * hoso transfer ID_NUMBER --to CODE [--date D] [--decision TEXT]
 * hoso transfer accept ID_NUMBER
 * hoso transfer list [--arriving | --leaving]
 * Transfers of people between agencies (db/transfer.h): started by the sending
 * agency, taken over by the receiving one from the effective date on.
 */
#include "cli/cli.h"
#include "core/date.h"
#include "core/i18n.h"
#include "db/db.h"
#include "db/transfer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_START, T_ACCEPT, T_LIST };
enum { S_TO, S_DATE, S_DECISION };
static const struct cli_opt start_opts[] = {
	[S_TO] = { "to", N_("CODE"), N_("the receiving agency"), 0 },
	[S_DATE] = { "date", N_("D"), N_("the first day at the receiving agency (default: "
	    "today)"), 0 },
	[S_DECISION] = { "decision", N_("TEXT"), N_("the transfer decision (number, date)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { L_ARRIVING, L_LEAVING };
static const struct cli_opt list_opts[] = {
	[L_ARRIVING] = { "arriving", NULL, N_("only people coming to the account's agencies"),
	    0 },
	[L_LEAVING] = { "leaving", NULL, N_("only people leaving them"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec transfer_start = {
	"transfer", N_("ID_NUMBER"), 1, 1, start_opts,
	N_("Starts the transfer of a person of the account's agencies to another agency; the "
	    "record stays with this agency until the receiving one takes it over.")
}, transfer_accept = {
	"transfer accept", N_("ID_NUMBER"), 1, 1, NULL,
	N_("Takes over a person transferred to the account's agencies (from the transfer's "
	    "date on): the record, its history included, moves here.")
}, transfer_list = {
	"transfer list", NULL, 0, 0, list_opts,
	N_("Lists the transfers into and out of the account's agencies; one not taken over "
	    "within 10 working days is marked late.")
};
static const struct cli_spec *const transfer_specs[] = {
	[T_START] = &transfer_start, [T_ACCEPT] = &transfer_accept, [T_LIST] = &transfer_list,
	NULL
};

static int
list(struct db *db, const struct actor *who, const struct cli_args *a)
{
	struct transfer_info *v;
	int n;
	char *err = NULL;
	if (db_transfer_list(db, who, a->value[L_ARRIVING] != NULL,
	    a->value[L_LEAVING] != NULL, NULL, &v, &n, &err) != DB_OK) {
		fprintf(stderr, "hoso transfer: %s\n", err ? err : "?");
		free(err);
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char d[11];
		date_display(v[i].date, d);
		const char *state = v[i].accepted_at[0] ? _("taken over") : v[i].late ?
		    _("LATE") : _("waiting");
		cli_printf("%s %-8s %s  %s  %s -> %s  %s", v[i].arriving ? _("arriving") :
		    _("leaving"), state, d, v[i].id_number, v[i].from_code, v[i].to_code,
		    v[i].full_name);
		if (v[i].decision[0])
			cli_printf("  (%s)", v[i].decision);
		putchar('\n');
	}
	if (n == 0)
		printf(_("no transfers\n"));
	free(v);
	return 0;
}

static int
cmd_transfer_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int sub = T_START, parsed;
	/* "transfer ID_NUMBER ..." starts one; accept and list are sub-commands. */
	if (argc >= 2 && (strcmp(argv[1], "accept") == 0 || strcmp(argv[1], "list") == 0))
		parsed = cli_parse_sub(transfer_specs, argc, argv, &a, &sub);
	else if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		parsed = cli_parse_sub(transfer_specs, argc, argv, &a, &sub);
	else
		parsed = cli_parse(&transfer_start, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	if (sub == T_START && a.value[S_TO] == NULL) {
		fprintf(stderr, _("hoso transfer: --to CODE is needed\n"));
		cli_print_usage((const struct cli_spec *const[]){ &transfer_start, NULL }, stderr);
		return 2;
	}
	if (sub == T_LIST && a.value[L_ARRIVING] != NULL && a.value[L_LEAVING] != NULL) {
		fprintf(stderr, _("hoso transfer list: --arriving or --leaving, not both\n"));
		return 2;
	}
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:transfer", &db, &who) != 0)
		return 1;
	char *err = NULL;
	int rc = 0;
	if (sub == T_LIST)
		rc = list(db, &who, &a);
	else {
		int r = sub == T_START ? db_transfer_start(db, &who, a.arg[0], a.value[S_TO],
		    a.value[S_DATE], a.value[S_DECISION], &err) :
		    db_transfer_accept(db, &who, a.arg[0], NULL, &err);
		if (r != DB_OK) {
			fprintf(stderr, "hoso transfer: %s\n", err ? err : "?");
			rc = 1;
		} else if (sub == T_START)
			cli_printf(_("transfer of %s to %s started; it waits for the receiving "
			    "agency\n"), a.arg[0], a.value[S_TO]);
		else
			cli_printf(_("%s taken over\n"), a.arg[0]);
		free(err);
	}
	db_close(db);
	return rc;
}

const struct cli_command cmd_transfer = {
	"transfer", transfer_specs, N_("transfers of people between agencies"),
	cmd_transfer_exec
};
