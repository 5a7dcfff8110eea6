/*
 * hoso backup DEST: a copy of the database while people keep working (db/backup.h),
 * with its audit key and the witness of its trail's head beside it; hoso backup
 * --verify FILE: is a backup sound (the file's integrity and its audit chain)?
 * Both are the national administrator's (a backup holds every agency).
 */
#include "cli/cli.h"
#include "core/backupdir.h"
#include "core/i18n.h"
#include "db/audit.h"
#include "db/backup.h"
#include "db/db.h"
#include "db/role.h"
#include <stdio.h>
#include <stdlib.h>

static const struct cli_opt backup_opts[] = {
	{ "verify", N_("FILE"), N_("check a backup instead of taking one"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { OPT_VERIFY };

static const struct cli_spec backup_spec = {
	"backup", N_("DEST"), 0, 1, backup_opts,
	N_("Copies the database into the new file DEST while others keep working, with "
	    "its audit key (DEST.auditkey) and the witness of its audit trail "
	    "(DEST.witness) beside it. With --verify FILE, checks a backup: the file's "
	    "integrity and its audit hash chain.")
};
static const struct cli_spec *const backup_specs[] = { &backup_spec, NULL };
extern const struct cli_command cmd_backup;

static int
backup_verify(const char *path, const char *key_db)
{
	struct db_backup_verdict v;
	char *err = NULL;
	if (db_backup_verify(path, key_db, &v, &err) != DB_OK) {
		fprintf(stderr, "hoso backup: %s\n", err);
		free(err);
		return 1;
	}
	int rc = cli_print_backup_verdict(path, &v);
	db_backup_verdict_clear(&v);
	if (rc == 0)
		backupdir_mark_verified(path);	/* for hoso health and the Backups screen */
	return rc;
}

static int
cmd_backup_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&backup_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	if ((a.value[OPT_VERIFY] != NULL) == (a.narg == 1))
		return cli_usage(&cmd_backup);
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:backup", &db, &who) != 0)
		return 1;
	if (!db_actor_may_back_up(&who)) {
		fprintf(stderr, _("hoso backup: only a national administrator may back up or "
		    "verify the database\n"));
		db_close(db);
		return 1;
	}
	char *err = NULL;
	if (a.value[OPT_VERIFY] != NULL) {
		db_close(db);
		return backup_verify(a.value[OPT_VERIFY], c.db_path);
	}
	const char *dest = a.arg[0];
	/* Audited after the copy, not before: the audit row waits for a writer that
	 * holds the database (an import's batch), the copy does not. */
	int64_t head = 0;
	int rc = db_backup(db, dest, cli_progress_pages, _("backing up"), &head, &err);
	if (rc == DB_OK)
		rc = db_backup_audit(db, &who, dest, &err);
	db_close(db);
	if (rc != DB_OK) {
		fprintf(stderr, "hoso backup: %s\n", err);
		free(err);
		return 1;
	}
	printf(_("backup written to %s (audit trail up to row %lld; its key and witness "
	    "beside it); check it with: hoso backup --verify %s\n"), dest, (long long)head,
	    dest);
	return 0;
}

const struct cli_command cmd_backup = {
	"backup", backup_specs, N_("back up the database, or verify a backup"),
	cmd_backup_exec
};
