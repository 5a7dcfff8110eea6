/*
 * hoso check: the database's own integrity (PRAGMA integrity_check and
 * foreign_key_check), the audit trail's hash chain, and the people unchanged since
 * their import against their import's audit rows. Exit 0 only when all pass.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "db/audit.h"
#include "db/check.h"
#include "db/db.h"
#include <stdio.h>
#include <stdlib.h>

/* A check that could not run (not one that found damage): said on stderr. */
static int
check_failed(struct db *db, char *err)
{
	fprintf(stderr, "hoso check: %s\n", err);
	free(err);
	db_close(db);
	return 1;
}

static int
cmd_check_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	if (cli_wants_help(argc, argv) || argc != 1) {
		fprintf(argc != 1 ? stderr : stdout, _("usage: hoso check [--db PATH]\nVerifies "
		    "the database file, the audit trail's hash chain and the people still as "
		    "they were imported.\n"));
		return argc != 1 ? 2 : 0;
	}
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:check", &db, &who) != 0)
		return 1;
	char *err = NULL, *problems = NULL;
	int bad = 0;
	if (db_check_integrity(db, &problems, &err) != DB_OK) {
		return check_failed(db, err);
	}
	if (problems != NULL) {
		printf(_("database file: DAMAGED\n%s\n"), problems);
		bad = 1;
		free(problems);
	} else
		printf(_("database file: ok\n"));
	int64_t bad_seq, rows;
	if (db_audit_verify(db, &bad_seq, &rows, &err) != DB_OK) {
		return check_failed(db, err);
	}
	if (bad_seq != 0) {
		printf(_("audit trail: TAMPERED at row %lld (checked %lld rows)\n"),
		    (long long)bad_seq, (long long)rows);
		bad = 1;
	} else
		printf(_("audit trail: ok (%lld rows, chain intact)\n"), (long long)rows);
	int64_t bad_id, checked;
	if (db_check_imported(db, &bad_id, &checked, &err) != DB_OK) {
		return check_failed(db, err);
	}
	if (bad_id != 0) {
		printf(_("imported records: person %lld was changed outside hoso since its "
		    "import (it no longer matches its audit row)\n"), (long long)bad_id);
		bad = 1;
	} else
		printf(_("imported records: ok (%lld unchanged since their import match their "
		    "audit rows)\n"), (long long)checked);
	db_close(db);
	return bad;
}

const struct cli_command cmd_check = {
	"check", "", N_("verify the database and the audit trail"), cmd_check_exec
};
