/*
 * The Signed-in sessions screen: who is signed in to hoso serve (the sessions file
 * of core/sessfile.h) among the accounts the administrator may see, with End (F8):
 * the session's ID, a confirmation whose answer is No unless changed, then the
 * connection is told to end (its UI keeps a draft). Viewing and ending are audited.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/textview.h"
#include "core/i18n.h"
#include "core/sessfile.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "db/account_scope.h"
#include "db/audit.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sess_view {
	pid_t listener;
	struct sessfile_entry *e;	/* those in scope */
	int n;
};

static void
sessions_load(struct app *a, struct sess_view *v)
{
	struct sessfile_entry *all = NULL;
	int n = 0;
	v->n = 0;
	free(v->e);
	v->e = NULL;
	if (sessfile_read(a->db_path, &v->listener, &all, &n) != 0)
		return;
	v->e = calloc((size_t)n + 1, sizeof *v->e);
	for (int i = 0; i < n && v->e != NULL; i++) {
		bool in = false;
		char *err = NULL;
		if (db_account_in_scope(a->db, &a->actor, all[i].account, &in, &err) != DB_OK)
			free(err);
		if (in)
			v->e[v->n++] = all[i];
	}
	free(all);
}

static char *
sessions_text(const struct sess_view *v)
{
	struct strbuf sb;
	sb_init(&sb);
	if (v->listener == 0)
		sb_addf(&sb, "%s\n", _("hoso serve is not running on this database."));
	sb_addf(&sb, "%-8s %-16s %-22s %-17s %s\n", _("ID"), _("ACCOUNT"), _("ADDRESS"),
	    _("SINCE"), _("IDLE"));
	time_t now = time(NULL);
	for (int i = 0; i < v->n; i++) {
		const struct sessfile_entry *e = &v->e[i];
		struct tm tm;
		char iso[32], since[17];
		gmtime_r(&e->since, &tm);
		strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
		showtime_format(iso, since);
		char *acc = text_escape_new(e->account);
		sb_addf(&sb, "%-8d %-16s %-22s %-17s ", (int)e->pid, acc, e->peer, since);
		free(acc);
		if (e->last_input > 0)
			sb_addf(&sb, _("%ld min"), (long)(now - e->last_input) / 60);
		else
			sb_adds(&sb, "?");
		sb_addc(&sb, '\n');
	}
	sb_addf(&sb, _("%d signed in"), v->n);
	sb_addc(&sb, '\n');
	return sb_detach(&sb);
}

static int
sessions_action(void *ctx, int act)
{
	(void)ctx;
	return act == ACT_DELETE || act == ACT_RELOAD ? 2 : 0;
}

static void
sessions_end(struct app *a, struct sess_view *v)
{
	char *id = dialog_input(a, _("End a session"), _("Session ID"), "", 10);
	if (id == NULL)
		return;
	int pid = atoi(id);
	free(id);
	const struct sessfile_entry *e = NULL;
	for (int i = 0; i < v->n; i++)
		if (v->e[i].pid == pid)
			e = &v->e[i];
	if (e == NULL) {
		dialog_message(a, _("End a session"), _("No such session among those listed."));
		return;
	}
	char *acc = text_escape_new(e->account);
	struct strbuf q;
	sb_init(&q);
	sb_addf(&q, _("End the session of %s from %s? Unsaved edits are kept as a draft."),
	    acc, e->peer);
	free(acc);
	const char *buttons[] = { _("No"), _("Yes") };
	int answer = dialog_choice(a, _("End a session"), q.buf, buttons, 2);
	sb_free(&q);
	if (answer != 1)
		return;
	if (sessfile_end(v->listener, e->pid) != 0) {
		dialog_message(a, _("End a session"), strerror(errno));
		return;
	}
	char pids[24];
	snprintf(pids, sizeof pids, "%d", (int)e->pid);
	char *what = json_object_new("session", pids, "account", e->account, "address",
	    e->peer, NULL);
	char *err = NULL;
	if (db_audit_event(a->db, &a->actor, "end_session", "account", 0, what, &err) != DB_OK) {
		dialog_message(a, _("End a session"), err);
		free(err);
	}
	free(what);
}

void
sessions_run(struct app *a)
{
	static const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_RELOAD, NULL }, { ACT_DELETE, N_("End") },
		{ ACT_BACK, NULL }, { ACT_NONE, NULL }
	};
	struct sess_view v = { 0, NULL, 0 };
	sessions_load(a, &v);
	char count[16];
	snprintf(count, sizeof count, "%d", v.n);
	char *what = json_object_new("sessions", count, NULL);
	char *err = NULL;
	if (db_audit_event(a->db, &a->actor, "view", "sessions", 0, what, &err) != DB_OK)
		free(err);
	free(what);
	while (a->quit == APP_RUNNING) {
		char *text = sessions_text(&v);
		struct textview_opts o = { keys, sessions_action, NULL };
		int r = textview_run(a, _("Signed-in sessions"), text, &o);
		free(text);
		if (r == ACT_DELETE)
			sessions_end(a, &v);
		else if (r != ACT_RELOAD)
			break;
		sessions_load(a, &v);
	}
	free(v.e);
}
