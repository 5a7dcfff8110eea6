/* The command table and the options every command shares. */
#include "cli/cli.h"
#include "core/filemode.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/showtime.h"
#include "core/workdays.h"
#include "core/config.h"
#include "core/log.h"
#include "core/logfile.h"
#include "db/account.h"
#include "db/audit.h"
#include "db/db.h"
#include "form/form.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const struct cli_command cmd_ui, cmd_serve, cmd_import, cmd_export,
    cmd_search, cmd_show, cmd_check, cmd_user, cmd_org, cmd_verify, cmd_report,
    cmd_codes, cmd_transfer, cmd_backup, cmd_restore, cmd_audit, cmd_sessions,
    cmd_health, cmd_proposal, cmd_declarations, cmd_viewers, cmd_assets;

static const struct cli_command *table[] = {
	&cmd_ui, &cmd_serve, &cmd_import, &cmd_export, &cmd_search, &cmd_show,
	&cmd_check, &cmd_user, &cmd_org, &cmd_verify, &cmd_report, &cmd_codes,
	&cmd_transfer, &cmd_backup, &cmd_restore, &cmd_audit, &cmd_sessions,
	&cmd_health, &cmd_proposal, &cmd_declarations, &cmd_viewers, &cmd_assets, NULL
};

const struct cli_command *
cli_find(const char *name)
{
	for (int i = 0; table[i] != NULL; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

void
cli_usage_all(void)
{
	printf(_("usage: hoso [COMMAND] [--db PATH] [--config FILE] [--lang vi|en] ...\n"));
	printf(_("Without a command hoso opens the clerk's terminal (hoso ui).\n\n"));
	printf(_("Commands:\n"));
	for (int i = 0; table[i] != NULL; i++)
		printf("  %-8s %s\n", table[i]->name, _(table[i]->summary));
	printf(_("\n'hoso COMMAND --help' describes one command.\n"));
}

int
cli_usage(const struct cli_command *cmd)
{
	cli_print_usage(cmd->specs, stderr);
	return 2;
}

int
cli_common_opts(int argc, char **argv, struct cli_common *c)
{
	memset(c, 0, sizeof *c);
	c->db_path = paths_default_db();
	c->config_path = getenv("HOSO_CONFIG");
	const char **slot[] = {
		[CLI_COMMON_DB] = &c->db_path, [CLI_COMMON_CONFIG] = &c->config_path,
		[CLI_COMMON_LANG] = &c->lang, [CLI_COMMON_USER] = &c->user
	};
	int out = 0;
	for (int i = 0; i < argc; i++) {
		int k = cli_common_option(argv[i]);
		if (k < 0) {
			argv[out++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, _("hoso: option %s needs a value\n"), argv[i]);
			return -1;
		}
		*slot[k] = argv[++i];
	}
	argv[out] = NULL;
	if (c->lang != NULL)
		i18n_init(c->lang);
	char *err = NULL;
	if (filemode_setup(c->config_path, &err) != 0) {
		fprintf(stderr, "hoso: %s\n", err);
		free(err);
		return -1;
	}
	return out;
}

int
cli_open(const struct cli_common *c, const char *session, struct db **db, struct actor *who)
{
	char *err = NULL;
	if (db_open(c->db_path, db, &err) != DB_OK) {
		fprintf(stderr, "hoso: %s\n", err);
		free(err);
		return 1;
	}
	/* Deadlines in working days count the holidays of the data (weekends only if
	 * it cannot be read). */
	workdays_use(form_workdays_new(NULL));
	char sess[64];
	snprintf(sess, sizeof sess, "%s:%d", session, (int)getpid());
	if (c->user == NULL) {
		db_actor_system(who, sess);
		return 0;
	}
	if (db_account_actor(*db, c->user, sess, who, &err) != DB_OK) {
		fprintf(stderr, "hoso: %s\n", err);
		free(err);
		db_close(*db);
		*db = NULL;
		return 1;
	}
	return 0;
}

void
cli_use_timezone(const struct cli_common *c)
{
	char *err = NULL;
	struct config *cf = config_load(c->config_path, &err);
	free(err);
	showtime_zone(cf != NULL ? config_get(cf, "ui.timezone", NULL) : NULL);
	config_free(cf);
}

int
cli_open_existing(const struct cli_common *c, const char *session, struct db **db,
    struct actor *who)
{
	/* Opening makes a missing file: a mistyped --db would give an empty register
	 * that answers "nobody found" and leaves a stray file behind. */
	struct stat st;
	if (stat(c->db_path, &st) != 0) {
		fprintf(stderr, _("hoso: there is no database at %s. Give the right one with "
		    "--db PATH (or HOSO_DB), or make a new one: hoso org import AGENCIES.csv "
		    "--db %s, then hoso import PEOPLE.csv --db %s\n"), c->db_path, c->db_path,
		    c->db_path);
		*db = NULL;
		return 1;
	}
	return cli_open(c, session, db, who);
}

void
cli_witness(const struct cli_common *c, struct db *db, const char *why)
{
	int64_t seq;
	int written;
	char *err = NULL;
	if (db_audit_witness(db, &seq, &written, &err) != DB_OK) {
		fprintf(stderr, "hoso: %s\n", err);
		free(err);
		return;
	}
	if (!written)
		return;
	/* The log line is a second copy where the logs go; a tool run by hand has
	 * none unless the configuration names the service's log. */
	struct config *cf = config_load(c->config_path, &err);
	const char *path = cf != NULL ? config_get(cf, "serve.log", NULL) : NULL;
	if (path != NULL && *path) {
		logfile_open(path);
		log_info("audit witness (%s): row %lld", why, (long long)seq);
	}
	config_free(cf);
	free(err);
}

int
cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}
