/*
 * hoso health: the health report (report/health.h) an administrator looks at
 * first; the population gateway is asked here (a token fetched now, within a few
 * seconds). --check adds the quick check (it reads every page) and verifies the
 * last backup. Exit 1 when something needs a person: a damaged file, a configured
 * gateway that does not answer, a backup found not sound, under 5 % of disk left.
 */
#include "cli/cli.h"
#include "core/backupdir.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "db/db.h"
#include "db/role.h"
#include "gateway/gateway.h"
#include "report/health.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GATEWAY_WAIT_MS 3000	/* connect and exchange, each at most */

static const struct cli_opt health_opts[] = {
	{ "check", NULL, N_("also check the database's pages and verify the last backup"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { OPT_CHECK };

static const struct cli_spec health_spec = {
	"health", NULL, 0, 0, health_opts,
	N_("Shows the database's size and growth, the population gateway and the check "
	    "queue, who is signed in, the disk space left, the last backup and the last "
	    "lines of the server's log. Exit 1 when something needs attention.")
};
static const struct cli_spec *const health_specs[] = { &health_spec, NULL };

/* The gateway line: a token fetched now, within GATEWAY_WAIT_MS. */
static int
health_gateway(const struct actor *who, const struct config *cf, char *line, size_t size)
{
	char *err = NULL;
	struct gw_config gc;
	if (gw_config_load(cf, &gc, &err) != 0) {
		snprintf(line, size, _("gateway: configuration refused: %s"), err);
		free(err);
		return 1;
	}
	int bad = 0;
	if (gc.url == NULL || !*gc.url)
		snprintf(line, size, _("gateway: not configured (gateway.url): checks stay "
		    "queued"));
	else {
		struct gw *gw = gw_new(&gc);
		enum gw_outcome o = gw_ping(gw, who->username, GATEWAY_WAIT_MS);
		gw_free(gw);
		bad = o != GW_OK;
		if (!bad)
			snprintf(line, size, _("gateway: reachable (%s)"), gc.url);
		else
			snprintf(line, size, _("gateway: NOT REACHABLE (%s): %s"), gc.url,
			    gw_outcome_text(o));
	}
	gw_config_clear(&gc);
	return bad;
}

static int
cmd_health_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&health_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	int check = a.value[OPT_CHECK] != NULL;
	char *err = NULL;
	struct config *cf = config_load(c.config_path, &err);
	if (cf == NULL && c.config_path != NULL) {
		fprintf(stderr, "hoso health: %s\n", err != NULL ? err : "?");
		free(err);
		return 1;
	}
	free(err);
	showtime_zone(cf != NULL ? config_get(cf, "ui.timezone", NULL) : NULL);
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:health", &db, &who) != 0) {
		config_free(cf);
		return 1;
	}
	if (!db_actor_may_maintain(&who)) {
		fprintf(stderr, _("hoso health: only administrators may see the system's "
		    "health\n"));
		db_close(db);
		config_free(cf);
		return 1;
	}
	char gateway[512];
	struct health_input in = { db, &who, c.db_path, NULL, NULL, check, gateway, 0 };
	in.gateway_bad = health_gateway(&who, cf, gateway, sizeof gateway);
	char *dir = backupdir_new(cf, c.db_path);
	in.backup_dir = dir;
	in.log_path = cf != NULL ? config_get(cf, "serve.log", NULL) : NULL;
	/* What it quotes from the log and the database is escaped by the report. */
	int bad = health_write(&in, stdout, &err);
	free(dir);
	if (bad < 0) {
		fprintf(stderr, "hoso health: %s\n", err != NULL ? err : "?");
		free(err);
		bad = 1;
	}
	db_close(db);
	config_free(cf);
	return bad;
}

const struct cli_command cmd_health = {
	"health", health_specs, N_("the database, the gateway, sessions, disk, backups, log"),
	cmd_health_exec
};
