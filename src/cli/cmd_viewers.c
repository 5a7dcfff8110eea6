/*
 * hoso viewers [ID_NUMBER] | hoso viewers --account NAME
 * Who read or listed a person's record and when, from the audit trail: a self
 * account asks about its own (no ID_NUMBER), an administrator about a person of
 * its agency; --account lists what one account looked at.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/showtime.h"
#include "db/db.h"
#include "db/person.h"
#include "db/role.h"
#include "db/viewers.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt viewers_opts[] = {
	{ "account", N_("NAME"), N_("what this account looked at (administrators)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct cli_spec viewers_spec = {
	"viewers", N_("[ID_NUMBER]"), 0, 1, viewers_opts, N_("Lists who read a person's "
	    "record or listed it in a search, and when: one's own record (a self account), "
	    "or a person of the administrator's agency; or with --account, what an account "
	    "looked at.")
};
static const struct cli_spec *const viewers_specs[] = { &viewers_spec, NULL };

static int
fail(char **err)
{
	fputs("hoso viewers: ", stderr);
	cli_put_escaped(stderr, *err != NULL ? *err : "?");
	fputc('\n', stderr);
	free(*err);
	*err = NULL;
	return 1;
}

static int
cmd_viewers_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&viewers_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:viewers", &db, &who) != 0)
		return 1;
	char *err = NULL;
	struct viewer_row *v = NULL;
	int n = 0, rc = 0;
	if (a.value[0] != NULL) {
		if (db_viewed_by(db, &who, a.value[0], &v, &n, &err) != DB_OK)
			rc = fail(&err);
	} else {
		int64_t id = db_actor_is_self(&who) ? who.person_id : 0;
		if (a.narg > 0) {
			struct record *r = NULL;
			if (db_person_get_by_idnum(db, &who, a.arg[0], "viewers", &r, &err) != DB_OK)
				rc = fail(&err);
			else
				id = r->id;
			record_free(r);
		} else if (id == 0) {
			fprintf(stderr, _("hoso viewers: name the person's ID number\n"));
			rc = 2;
		}
		if (rc == 0 && db_viewers_of(db, &who, id, &v, &n, &err) != DB_OK)
			rc = fail(&err);
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		char at[17];
		if (!showtime_format(v[i].at, at))
			snprintf(at, sizeof at, "%.16s", v[i].at);
		cli_printf("%-16s %-16s %-24s %-18s %s\n", at, v[i].actor, v[i].session,
		    v[i].action, v[i].detail);
	}
	if (rc == 0 && n == 0)
		printf(_("nobody\n"));
	free(v);
	db_close(db);
	return rc;
}

const struct cli_command cmd_viewers = {
	"viewers", viewers_specs, N_("who looked at a person's record, and when"),
	cmd_viewers_exec
};
