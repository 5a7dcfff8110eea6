/*
 * hoso audit: the audit trail within the account's scope (db/audit_read.h), by
 * person, account, agency, action and dates, each change with its fields before
 * and after; as text (local times), CSV or JSON (stored UTC times). The reading is
 * itself audited. hoso audit --verify checks the hash chain and shows the first
 * broken row.
 */
#include "cli/cli.h"
#include "core/config.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "db/audit.h"
#include "db/audit_read.h"
#include "db/db.h"
#include "db/role.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt audit_opts[] = {
	{ "person", N_("ID_NUMBER"), N_("one person's whole history"), 0 },
	{ "account", N_("NAME"), N_("rows written by this account"), 0 },
	{ "org", N_("CODE"), N_("rows about this agency's subtree"), 0 },
	{ "from", N_("DATE"), N_("from this day (UTC)"), 0 },
	{ "to", N_("DATE"), N_("to this day, included (UTC)"), 0 },
	{ "action", N_("ACTION"), N_("only this action (update, view, login ...)"), 0 },
	{ "format", N_("text|csv|json"), N_("how to write it (default text)"), 0 },
	{ "verify", NULL, N_("check the hash chain and show its first broken row"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { OPT_PERSON, OPT_ACCOUNT, OPT_ORG, OPT_FROM, OPT_TO, OPT_ACTION, OPT_FORMAT,
    OPT_VERIFY };

static const struct cli_spec audit_spec = {
	"audit", NULL, 0, 0, audit_opts,
	N_("Lists the audit trail within the account's scope, each change with its fields "
	    "before and after, oldest first; the listing is audited too. With --verify, "
	    "checks the trail's hash chain and shows its first broken row.")
};
static const struct cli_spec *const audit_specs[] = { &audit_spec, NULL };

enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

struct out {
	struct db *db;
	enum fmt   fmt;
	FILE      *f;		/* escaping for a terminal where values are printed */
	const struct audit_entry *e;
	int        nrow;
	int        nfield;
	char      *err;
};

static void
text_field(void *arg, const char *field, const char *before, const char *after)
{
	struct out *o = arg;
	fputs("    ", o->f);
	cli_put_escaped(o->f, field);
	fputs(": ", o->f);
	cli_put_escaped(o->f, before != NULL ? before : _("(none)"));
	fputs(" -> ", o->f);
	cli_put_escaped(o->f, after != NULL ? after : _("(none)"));
	fputc('\n', o->f);
}

static void
csv_row(struct out *o, const char *field, const char *before, const char *after)
{
	const struct audit_entry *e = o->e;
	char seq[24], id[24];
	snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
	snprintf(id, sizeof id, "%lld", (long long)e->entity_id);
	const char *v[] = { seq, e->at, e->actor, e->session, e->action, e->entity,
	    e->has_id ? id : "", field, before, after };
	for (int i = 0; i < 10; i++)
		csv_write_field(o->f, v[i] != NULL ? v[i] : "", i == 9 ? '\n' : ',');
}

static void
csv_field(void *arg, const char *field, const char *before, const char *after)
{
	csv_row(arg, field, before, after);
}

static void
json_str(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	struct strbuf sb;
	sb_init(&sb);
	sb_add_json_str(&sb, s);
	fputs(sb.buf, f);
	sb_free(&sb);
}

static void
json_field(void *arg, const char *field, const char *before, const char *after)
{
	struct out *o = arg;
	fputs(o->nfield++ ? ",{\"field\":" : "{\"field\":", o->f);
	json_str(o->f, field);
	fputs(",\"before\":", o->f);
	json_str(o->f, before);
	fputs(",\"after\":", o->f);
	json_str(o->f, after);
	fputc('}', o->f);
}

static void
text_head(struct out *o, const struct audit_entry *e)
{
	char when[17];
	showtime_format(e->at, when);
	fprintf(o->f, "#%lld %s ", (long long)e->seq, when);
	cli_put_escaped(o->f, e->actor);
	fputc(' ', o->f);
	cli_put_escaped(o->f, e->action);
	fputc(' ', o->f);
	cli_put_escaped(o->f, e->entity);
	if (e->has_id)
		fprintf(o->f, " %lld", (long long)e->entity_id);
	fputs(" (", o->f);
	cli_put_escaped(o->f, e->session);
	fputs(")\n", o->f);
}

static int
on_entry(void *arg, const struct audit_entry *e)
{
	struct out *o = arg;
	o->e = e;
	int n = 0;
	db_audit_field_fn fn = o->fmt == FMT_TEXT ? text_field : o->fmt == FMT_CSV ?
	    csv_field : json_field;
	if (o->fmt == FMT_TEXT)
		text_head(o, e);
	else if (o->fmt == FMT_JSON) {
		fprintf(o->f, "%s{\"seq\":%lld,\"at\":", o->nrow ? ",\n" : "",
		    (long long)e->seq);
		json_str(o->f, e->at);
		fputs(",\"account\":", o->f);
		json_str(o->f, e->actor);
		fputs(",\"session\":", o->f);
		json_str(o->f, e->session);
		fputs(",\"action\":", o->f);
		json_str(o->f, e->action);
		fputs(",\"entity\":", o->f);
		json_str(o->f, e->entity);
		if (e->has_id)
			fprintf(o->f, ",\"entity_id\":%lld", (long long)e->entity_id);
		else
			fputs(",\"entity_id\":null", o->f);
		fputs(",\"changes\":[", o->f);
		o->nfield = 0;
	}
	o->nrow++;
	if (db_audit_fields(o->db, e->before, e->after, fn, o, &n, &o->err) != DB_OK)
		return 1;
	/* Not a JSON object (a release's older detail): shown as it is. */
	if (n == 0 && (e->before != NULL || e->after != NULL))
		fn(o, "", e->before, e->after);
	if (o->fmt == FMT_JSON)
		fputs("]}", o->f);
	return 0;
}

static int
audit_verify(struct db *db, const struct actor *who)
{
	struct audit_verdict v;
	char *err = NULL;
	if (db_audit_check(db, &v, &err) != DB_OK) {
		fprintf(stderr, "hoso audit: %s\n", err);
		free(err);
		return 1;
	}
	int bad = cli_print_audit(&v);
	if (bad && v.bad_seq > 0) {
		/* The first broken row as stored now, when the scope shows it. */
		struct audit_filter f;
		memset(&f, 0, sizeof f);
		f.after_seq = v.bad_seq - 1;
		f.limit = 1;
		struct out o = { db, FMT_TEXT, stdout, NULL, 0, 0, NULL };
		int64_t rows;
		if (db_audit_read(db, who, &f, on_entry, &o, &rows, &o.err) != DB_OK) {
			fprintf(stderr, "hoso audit: %s\n", o.err);
			free(o.err);
		}
	}
	return bad;
}

static int
date_opt(const char *v, char iso[11])
{
	if (v == NULL)
		return 0;
	const char *why = date_parse(v, iso);
	if (why != NULL) {
		fprintf(stderr, "hoso audit: %s: %s\n", v, _(why));
		return 2;
	}
	return 0;
}

static int
cmd_audit_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&audit_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	enum fmt fmt = FMT_TEXT;
	const char *fv = a.value[OPT_FORMAT];
	if (fv != NULL && strcmp(fv, "csv") == 0)
		fmt = FMT_CSV;
	else if (fv != NULL && strcmp(fv, "json") == 0)
		fmt = FMT_JSON;
	else if (fv != NULL && strcmp(fv, "text") != 0) {
		fprintf(stderr, _("hoso audit: unknown format '%s'\n"), fv);
		return 2;
	}
	char from[11] = "", to[11] = "";
	int rc = date_opt(a.value[OPT_FROM], from);
	if (rc == 0)
		rc = date_opt(a.value[OPT_TO], to);
	if (rc != 0)
		return rc;
	char *err = NULL;
	cli_use_timezone(&c);
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:audit", &db, &who) != 0)
		return 1;
	if (!db_actor_may_read_audit(&who)) {
		fprintf(stderr, _("hoso audit: this account may not read the audit trail\n"));
		db_close(db);
		return 1;
	}
	if (a.value[OPT_VERIFY] != NULL) {
		rc = audit_verify(db, &who);
		db_close(db);
		return rc;
	}
	struct audit_filter f;
	memset(&f, 0, sizeof f);
	f.id_number = a.value[OPT_PERSON];
	f.account = a.value[OPT_ACCOUNT];
	f.org_code = a.value[OPT_ORG];
	f.from = from;
	f.to = to;
	f.action = a.value[OPT_ACTION];
	/* CSV and JSON go to a file or a pipe byte for byte. */
	FILE *w = fmt == FMT_TEXT ? cli_escaping_stream_new(stdout) :
	    cli_terminal_stream_new(stdout);
	struct out o = { db, fmt, w, NULL, 0, 0, NULL };
	if (fmt == FMT_CSV)
		fputs("seq,at,account,session,action,entity,entity_id,field,before,after\n", w);
	else if (fmt == FMT_JSON)
		fputs("[\n", w);
	int64_t rows;
	rc = db_audit_read(db, &who, &f, on_entry, &o, &rows, &err);
	if (fmt == FMT_JSON)
		fputs("\n]\n", w);
	cli_escaping_stream_free(w, stdout);
	db_close(db);
	if (o.err != NULL && err == NULL) {
		err = o.err;
		o.err = NULL;
	}
	free(o.err);
	if (rc != DB_OK || err != NULL) {
		fprintf(stderr, "hoso audit: %s\n", err != NULL ? err : "?");
		free(err);
		return 1;
	}
	if (fmt == FMT_TEXT)
		printf(_("%lld audit rows\n"), (long long)rows);
	return 0;
}

const struct cli_command cmd_audit = {
	"audit", audit_specs, N_("read or verify the audit trail"), cmd_audit_exec
};
