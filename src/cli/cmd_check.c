/*
 * hoso check: the database's own integrity (PRAGMA integrity_check and
 * foreign_key_check), the audit trail's keyed hash chain and its witness file, and
 * every person and sub-record row against its last audit row, and the kept
 * headcounts against a recount. Each finding names
 * the first bad row. When the trail is intact its head is witnessed. Exit 0 only
 * when all pass.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "db/audit.h"
#include "db/check.h"
#include "db/db.h"
#include "db/stat.h"
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
print_rows(int items, const struct row_findings *f)
{
	long long id = (long long)f->bad_id, seq = (long long)f->audit_seq;
	switch (f->fault) {
	case ROW_OK:
		printf(items ? _("sub-records: ok (%lld match their last audit row; %lld last "
		    "written by an earlier release cannot be compared)\n") :
		    _("people: ok (%lld match their last audit row; %lld last written by an "
		    "earlier release cannot be compared)\n"), (long long)f->checked,
		    (long long)f->unverifiable);
		return 0;
	case ROW_CHANGED:
		printf(items ? _("sub-records: sub-record %lld was changed outside hoso (it "
		    "does not match its last audit row, %lld)\n") : _("people: person %lld was "
		    "changed outside hoso (it does not match its last audit row, %lld)\n"),
		    id, seq);
		break;
	case ROW_UNAUDITED:
		printf(items ? _("sub-records: sub-record %lld was written outside hoso (no "
		    "audit row wrote it)\n") : _("people: person %lld was written outside "
		    "hoso (no audit row wrote it)\n"), id);
		break;
	case ROW_DELETED:
		printf(items ? _("sub-records: sub-record %lld was deleted outside hoso (its "
		    "last audit row, %lld, does not delete it)\n") : _("people: person %lld "
		    "was deleted outside hoso (its last audit row, %lld, does not delete "
		    "it)\n"), id, seq);
		break;
	}
	if (f->bad > 1)
		printf(_("  and %lld more rows like it\n"), (long long)f->bad - 1);
	return 1;
}

static const struct cli_spec check_spec = {
	"check", NULL, 0, 0, NULL,
	N_("Verifies the database file, the audit trail's keyed hash chain against its "
	    "witness file, every person and sub-record against its last audit row, and the "
	    "kept headcounts against a recount.")
};

static int
print_counts(const struct stat_findings *f)
{
	if (f->bad == 0) {
		printf(_("headcounts: ok (%lld counts match a recount)\n"), (long long)f->cells);
		return 0;
	}
	printf(_("headcounts: WRONG: agency %s (%lld), %s \"%s\": kept %lld, counted "
	    "%lld\n"), f->org_code[0] ? f->org_code : "?", (long long)f->org_id, f->breakdown,
	    f->value, (long long)f->kept, (long long)f->counted);
	if (f->bad > 1)
		printf(_("  and %lld more counts like it\n"), (long long)f->bad - 1);
	return 1;
}

static int
cmd_check_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&check_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:check", &db, &who) != 0)
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
	struct audit_verdict v;
	if (db_audit_check(db, &v, &err) != DB_OK)
		return check_failed(db, err);
	bad |= cli_print_audit(&v);
	if (v.fault == AUDIT_OK) {
		/* What was found intact is anchored outside the database. */
		int64_t seq;
		int written;
		if (db_audit_witness(db, &seq, &written, &err) != DB_OK)
			return check_failed(db, err);
		if (seq > 0)
			printf(written ? _("audit witness: row %lld recorded\n") :
			    _("audit witness: row %lld already recorded\n"), (long long)seq);
	}
	for (int items = 0; items <= 1; items++) {
		struct row_findings f;
		if (db_check_rows(db, items, &f, &err) != DB_OK)
			return check_failed(db, err);
		bad |= print_rows(items, &f);
	}
	struct stat_findings sf;
	if (db_stat_check(db, &sf, &err) != DB_OK)
		return check_failed(db, err);
	bad |= print_counts(&sf);
	db_close(db);
	return bad;
}

static const struct cli_spec *const check_specs[] = { &check_spec, NULL };

const struct cli_command cmd_check = {
	"check", check_specs, N_("verify the database and the audit trail"), cmd_check_exec
};
