/*
 * hoso restore SOURCE: put a backup in place of the database. In this order, each
 * step able to stop it with nothing changed: refused while anyone is signed in to
 * hoso serve (its sessions file, core/sessfile.h), the backup verified (integrity
 * and audit chain), a warning and a confirmation ("yes", or --yes), the current
 * database backed up into the backup folder, then the swap (db_restore: one
 * transaction of the live file) and its audit row.
 */
#include "cli/cli.h"
#include "core/backupdir.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/sessfile.h"
#include "core/xalloc.h"
#include "db/audit.h"
#include "db/backup.h"
#include "db/db.h"
#include "db/role.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct cli_opt restore_opts[] = {
	{ "yes", NULL, N_("do not ask for a confirmation"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { OPT_YES };

static const struct cli_spec restore_spec = {
	"restore", N_("FILE"), 1, 1, restore_opts,
	N_("Replaces the database with the backup FILE, after verifying it and backing "
	    "up the current database into the backup folder (backup.dir, else backups/ "
	    "beside the database). Refused while anyone is signed in to hoso serve.")
};
static const struct cli_spec *const restore_specs[] = { &restore_spec, NULL };

/* Nobody signed in to a server of this database? Said when someone is. */
static int
restore_nobody_in(const char *db_path)
{
	pid_t listener;
	struct sessfile_entry *e;
	int n;
	if (sessfile_read(db_path, &listener, &e, &n) != 0) {
		fprintf(stderr, _("hoso restore: cannot read the sessions of hoso serve; "
		    "restore refused\n"));
		return 0;
	}
	if (n == 0)
		return 1;
	fprintf(stderr, _("hoso restore: refused while people are signed in to hoso serve "
	    "(process %d; sessions: %d); end their sessions first (hoso sessions --end ID) "
	    "or stop the server\n"), (int)listener, n);
	for (int i = 0; i < n; i++) {
		fprintf(stderr, "  %d ", (int)e[i].pid);
		cli_put_escaped(stderr, e[i].account);
		fputc(' ', stderr);
		cli_put_escaped(stderr, e[i].peer);
		fputc('\n', stderr);
	}
	free(e);
	return 0;
}

static int
restore_confirmed(void)
{
	printf(_("Type yes to go on: "));
	fflush(stdout);
	char line[64];
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "yes") == 0 || strcmp(line, _("yes")) == 0;
}

static int
restore_fail(struct db *db, char *err)
{
	fprintf(stderr, "hoso restore: %s\n", err);
	free(err);
	if (db != NULL)
		db_close(db);
	return 1;
}

static int
cmd_restore_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&restore_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	const char *source = a.arg[0];
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:restore", &db, &who) != 0)
		return 1;
	if (!db_actor_may_back_up(&who)) {
		fprintf(stderr, _("hoso restore: only a national administrator may restore the "
		    "database\n"));
		db_close(db);
		return 1;
	}
	if (!restore_nobody_in(c.db_path)) {
		db_close(db);
		return 1;
	}
	char *err = NULL;
	struct db_backup_verdict v;
	if (db_backup_verify(source, c.db_path, &v, &err) != DB_OK)
		return restore_fail(db, err);
	int bad = cli_print_backup_verdict(source, &v);
	int64_t people = v.people;
	db_backup_verdict_clear(&v);
	if (bad) {
		fprintf(stderr, _("hoso restore: the backup is not sound; nothing was changed\n"));
		db_close(db);
		return 1;
	}
	struct config *cf = config_load(c.config_path, &err);
	free(err);
	err = NULL;
	char *dir = backupdir_new(cf, c.db_path);
	config_free(cf);
	char name[96];
	backupdir_name(name, sizeof name, "before-restore", time(NULL));
	char *keep = xasprintf("%s/%s", dir, name);
	printf(_("WARNING: every record in %s will be replaced by the %lld people of the "
	    "backup %s; what was written since that backup is lost. The current database "
	    "is first backed up to %s.\n"), c.db_path, (long long)people, source, keep);
	if (a.value[OPT_YES] == NULL && !restore_confirmed()) {
		printf(_("nothing was changed\n"));
		free(dir);
		free(keep);
		db_close(db);
		return 1;
	}
	int64_t head;
	if (backupdir_make(dir) != 0) {
		err = xasprintf(_("cannot make the backup folder %s: %s"), dir, strerror(errno));
		free(dir);
		free(keep);
		return restore_fail(db, err);
	}
	free(dir);
	if (db_backup(db, keep, cli_progress_pages, _("backing up"), &head, &err) != DB_OK) {
		free(keep);
		return restore_fail(db, err);
	}
	db_close(db);
	/* Looked at again: a session could have begun while the copy ran. */
	if (!restore_nobody_in(c.db_path)) {
		free(keep);
		return 1;
	}
	if (db_restore(c.db_path, source, &who, cli_progress_pages, _("restoring"), &err) !=
	    DB_OK) {
		fprintf(stderr, _("hoso restore: %s; the database before it is in %s\n"), err,
		    keep);
		free(err);
		free(keep);
		return 1;
	}
	printf(_("restored %s from %s; the database before it is kept in %s\n"), c.db_path,
	    source, keep);
	free(keep);
	return 0;
}

const struct cli_command cmd_restore = {
	"restore", restore_specs, N_("replace the database with a backup"), cmd_restore_exec
};
