/*
 * How the command line says what the audit trail's check found (hoso check, hoso
 * backup --verify, hoso audit --verify) and what a backup's verification found
 * (hoso backup --verify, hoso restore), in one wording; and a copy's progress.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "db/audit.h"
#include "db/backup.h"
#include <stdio.h>
#include <unistd.h>

int
cli_print_audit(const struct audit_verdict *v)
{
	switch (v->fault) {
	case AUDIT_OK:
		printf(_("audit trail: ok (%lld rows, chain intact)\n"), (long long)v->rows);
		if (v->keyed_from > 0)
			printf(_("audit key: rows from %lld on are keyed\n"),
			    (long long)v->keyed_from);
		else
			printf(_("audit key: none yet (the next write makes it)\n"));
		return 0;
	case AUDIT_BROKEN:
		printf(_("audit trail: TAMPERED at row %lld (checked %lld rows)\n"),
		    (long long)v->bad_seq, (long long)v->rows);
		break;
	case AUDIT_TRUNCATED:
		if (v->witnessed_at[0])
			printf(_("audit trail: TRUNCATED: rows from %lld on are gone (the trail "
			    "ends at row %lld; the witness saw row %lld at %s)\n"),
			    (long long)v->bad_seq, (long long)v->head_seq,
			    (long long)v->witnessed_seq, v->witnessed_at);
		else
			printf(_("audit trail: TRUNCATED: rows from %lld on are gone (the trail "
			    "ends at row %lld; its key starts at row %lld)\n"),
			    (long long)v->bad_seq, (long long)v->head_seq,
			    (long long)v->witnessed_seq + 1);
		break;
	case AUDIT_KEY_MISSING:
		printf(_("audit trail: CANNOT BE CHECKED: its key file (the database's name "
		    "followed by .auditkey) is missing; put it back from where the database "
		    "came from\n"));
		break;
	case AUDIT_REWRITTEN:
		printf(_("audit trail: REWRITTEN: row %lld is not what the witness saw at %s "
		    "(the chain was re-hashed)\n"), (long long)v->bad_seq, v->witnessed_at);
		break;
	}
	return 1;
}

void
cli_progress_pages(void *arg, int64_t done, int64_t total)
{
	/* A terminal sees a line redrawn in place; a log or a pipe gets only the end. */
	const char *what = arg;
	int pct = total > 0 ? (int)(done * 100 / total) : 100;
	if (isatty(STDERR_FILENO)) {
		fputc('\r', stderr);
		fprintf(stderr, _("%s: %3d%% (%lld of %lld pages)"), what, pct,
		    (long long)done, (long long)total);
	}
	if (done >= total && isatty(STDERR_FILENO))
		fputc('\n', stderr);
}

int
cli_print_backup_verdict(const char *path, const struct db_backup_verdict *v)
{
	printf(_("backup %s: %lld people, %lld bytes\n"), path, (long long)v->people,
	    (long long)(v->pages * v->page_size));
	if (v->problems != NULL)
		printf(_("database file: DAMAGED\n%s\n"), v->problems);
	else
		printf(_("database file: ok\n"));
	cli_print_audit(&v->audit);
	int sound = db_backup_sound(v);
	printf(sound ? _("backup: SOUND\n") : _("backup: NOT SOUND: do not restore it\n"));
	return sound ? 0 : 1;
}
