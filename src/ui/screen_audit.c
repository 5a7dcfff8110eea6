/*
 * The Audit trail screen: the rows the administrator may read (db/audit_read.h),
 * newest first, each with the fields it changed before and after, times in local
 * time. F3 sets the filter (account, ID number, agency, action, dates, one
 * question each; empty: any); F5 verifies the hash chain and, when it is broken,
 * opens the trail at the first broken row. The reading is audited by the data
 * layer.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/textview.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "db/audit.h"
#include "db/audit_read.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_SCREEN_ROWS 200

struct audit_view {
	struct app   *a;
	struct strbuf sb;
	char          filter[6][64];	/* account, ID number, agency, action, from, to */
	char          from[11], to[11];
	int           rows;
};

static void
put_value(struct strbuf *sb, const char *v)
{
	char *e = text_escape_new(v != NULL ? v : _("(none)"));
	sb_adds(sb, e);
	free(e);
}

static void
on_field(void *arg, const char *field, const char *before, const char *after)
{
	struct audit_view *v = arg;
	sb_adds(&v->sb, "    ");
	put_value(&v->sb, field);
	sb_adds(&v->sb, ": ");
	put_value(&v->sb, before);
	sb_adds(&v->sb, " -> ");
	put_value(&v->sb, after);
	sb_addc(&v->sb, '\n');
}

static int
on_entry(void *arg, const struct audit_entry *e)
{
	struct audit_view *v = arg;
	char when[17];
	showtime_format(e->at, when);
	sb_addf(&v->sb, "#%lld %s ", (long long)e->seq, when);
	put_value(&v->sb, e->actor);
	sb_addc(&v->sb, ' ');
	put_value(&v->sb, e->action);
	sb_addc(&v->sb, ' ');
	put_value(&v->sb, e->entity);
	if (e->has_id)
		sb_addf(&v->sb, " %lld", (long long)e->entity_id);
	sb_addc(&v->sb, '\n');
	int n = 0;
	char *err = NULL;
	if (db_audit_fields(v->a->db, e->before, e->after, on_field, v, &n, &err) != DB_OK)
		free(err);
	else if (n == 0 && (e->before != NULL || e->after != NULL))
		on_field(v, "", e->before, e->after);
	v->rows++;
	return 0;
}

/* The text of the rows of the filter (from_seq > 0: from that row on, oldest
 * first); NULL after a message said why. */
static char *
audit_text(struct audit_view *v, int64_t from_seq)
{
	struct audit_filter f;
	memset(&f, 0, sizeof f);
	f.account = v->filter[0];
	f.id_number = v->filter[1];
	f.org_code = v->filter[2];
	f.action = v->filter[3];
	f.from = v->from;
	f.to = v->to;
	f.limit = AUDIT_SCREEN_ROWS;
	f.newest_first = from_seq == 0;
	f.after_seq = from_seq > 0 ? from_seq - 1 : 0;
	sb_init(&v->sb);
	v->rows = 0;
	int64_t rows;
	char *err = NULL;
	if (db_audit_read(v->a->db, &v->a->actor, &f, on_entry, v, &rows, &err) != DB_OK) {
		dialog_message(v->a, _("Audit trail"), err != NULL ? err : "?");
		free(err);
		sb_free(&v->sb);
		return NULL;
	}
	if (v->rows == 0)
		sb_adds(&v->sb, _("No audit rows match."));
	return sb_detach(&v->sb);
}

static void
audit_ask_filter(struct audit_view *v)
{
	static const char *const labels[] = { N_("Account"), N_("ID number"),
	    N_("Agency code"), N_("Action (update, view, login ...)"),
	    N_("From (DD/MM/YYYY)"), N_("To (DD/MM/YYYY)") };
	for (int i = 0; i < 6; i++) {
		char *s = dialog_input(v->a, _("Filter the audit trail"), _(labels[i]),
		    v->filter[i], 63);
		if (s == NULL)
			return;
		snprintf(v->filter[i], sizeof v->filter[i], "%s", s);
		free(s);
	}
	char *dates[2] = { v->from, v->to };
	for (int i = 0; i < 2; i++) {
		dates[i][0] = '\0';
		const char *in = v->filter[4 + i];
		if (*in && date_parse(in, dates[i]) != NULL) {
			dialog_message(v->a, _("Filter the audit trail"), _(date_parse(in, dates[i])));
			dates[i][0] = '\0';
			v->filter[4 + i][0] = '\0';
		}
	}
}

/* Verify the chain; 0 when intact, else the first broken row (said). */
static int64_t
audit_verify(struct app *a)
{
	struct audit_verdict verdict;
	char *err = NULL;
	if (db_audit_check(a->db, &verdict, &err) != DB_OK) {
		dialog_message(a, _("Verify chain"), err != NULL ? err : "?");
		free(err);
		return 0;
	}
	char msg[256];
	if (verdict.fault == AUDIT_OK) {
		snprintf(msg, sizeof msg, _("The chain is intact: %lld rows checked."),
		    (long long)verdict.rows);
		dialog_message(a, _("Verify chain"), msg);
		return 0;
	}
	if (verdict.fault == AUDIT_KEY_MISSING) {
		dialog_message(a, _("Verify chain"), _("The audit trail's key file is missing: "
		    "nothing can be checked."));
		return 0;
	}
	snprintf(msg, sizeof msg, _("The chain is broken at row %lld. The trail opens there."),
	    (long long)verdict.bad_seq);
	dialog_message(a, _("Verify chain"), msg);
	return verdict.bad_seq;
}

static int
audit_action(void *ctx, int act)
{
	(void)ctx;
	return act == ACT_SEARCH || act == ACT_RELOAD ? 2 : 0;
}

void
audit_run(struct app *a)
{
	static const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_SEARCH, N_("Filter") },
		{ ACT_RELOAD, N_("Verify chain") }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
	};
	struct audit_view v;
	memset(&v, 0, sizeof v);
	v.a = a;
	int64_t from_seq = 0;
	while (a->quit == APP_RUNNING) {
		char *text = audit_text(&v, from_seq);
		if (text == NULL) {
			memset(v.filter, 0, sizeof v.filter);
			v.from[0] = v.to[0] = '\0';
			from_seq = 0;
			text = audit_text(&v, 0);
			if (text == NULL)
				return;
		}
		struct textview_opts o = { keys, audit_action, NULL };
		int r = textview_run(a, _("Audit trail"), text, &o);
		free(text);
		if (r == ACT_SEARCH) {
			audit_ask_filter(&v);
			from_seq = 0;
		} else if (r == ACT_RELOAD)
			from_seq = audit_verify(a);
		else
			return;
	}
}
