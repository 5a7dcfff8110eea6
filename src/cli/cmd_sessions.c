/*
 * hoso sessions: who is signed in to hoso serve (the sessions file its listener
 * publishes, core/sessfile.h): ID (the connection process), account, address,
 * since, idle; an agency administrator sees its subtree's accounts only. hoso
 * sessions --end ID ends one: SIGUSR1 to that connection process, which tells the
 * UI to keep a draft and leave and tells the client why. Both are audited.
 */
#include "cli/cli.h"
#include "core/i18n.h"
#include "core/sessfile.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "core/config.h"
#include "db/account_scope.h"
#include "db/audit.h"
#include "db/db.h"
#include "db/role.h"
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct cli_opt sessions_opts[] = {
	{ "end", N_("ID"), N_("end this session (its client is told why)"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { OPT_END };

static const struct cli_spec sessions_spec = {
	"sessions", NULL, 0, 0, sessions_opts,
	N_("Lists who is signed in to hoso serve on this database: session ID, account, "
	    "address, since, idle time. With --end ID, ends that session (unsaved edits "
	    "are kept as a draft).")
};
static const struct cli_spec *const sessions_specs[] = { &sessions_spec, NULL };

static void
show_time(time_t t, char out[17])
{
	struct tm tm;
	char iso[32];
	gmtime_r(&t, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	showtime_format(iso, out);
}

static int
sessions_end(struct db *db, const struct actor *who, pid_t listener,
    const struct sessfile_entry *e)
{
	char *err = NULL;
	char pid[24];
	snprintf(pid, sizeof pid, "%d", (int)e->pid);
	if (sessfile_end(listener, e->pid) != 0) {
		fprintf(stderr, _("hoso sessions: session %d could not be ended: %s\n"),
		    (int)e->pid, errno != 0 ? strerror(errno) : "?");
		return 1;
	}
	char *what = json_object_new("session", pid, "account", e->account, "address",
	    e->peer, NULL);
	int rc = db_audit_event(db, who, "end_session", "account", 0, what, &err);
	free(what);
	if (rc != DB_OK) {
		fprintf(stderr, "hoso sessions: %s\n", err);
		free(err);
	}
	/* Gone within its grace time; said when it is. */
	for (int i = 0; i < 100 && kill(e->pid, 0) == 0; i++)
		usleep(100000);
	printf(_("session %d of %s from %s ended\n"), (int)e->pid, e->account, e->peer);
	return rc == DB_OK ? 0 : 1;
}

static int
cmd_sessions_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&sessions_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	long end = 0;
	if ((parsed = cli_number(&sessions_spec, &a, OPT_END, 1, 0x7fffffff, &end)) != 0)
		return parsed;
	char *err = NULL;
	cli_use_timezone(&c);
	struct db *db;
	struct actor who;
	if (cli_open_existing(&c, "cli:sessions", &db, &who) != 0)
		return 1;
	if (!db_actor_may_read_audit(&who)) {
		fprintf(stderr, _("hoso sessions: this account may not see who is signed in\n"));
		db_close(db);
		return 1;
	}
	pid_t listener;
	struct sessfile_entry *e;
	int n;
	if (sessfile_read(c.db_path, &listener, &e, &n) != 0) {
		fprintf(stderr, _("hoso sessions: cannot read the sessions of hoso serve: %s\n"),
		    strerror(errno));
		db_close(db);
		return 1;
	}
	int rc = 0, shown = 0, found = 0;
	time_t now = time(NULL);
	for (int i = 0; i < n && rc == 0; i++) {
		bool in;
		if (db_account_in_scope(db, &who, e[i].account, &in, &err) != DB_OK) {
			fprintf(stderr, "hoso sessions: %s\n", err);
			free(err);
			rc = 1;
			break;
		}
		if (!in)
			continue;
		if (end != 0) {
			if (e[i].pid == (pid_t)end) {
				found = 1;
				rc = sessions_end(db, &who, listener, &e[i]);
			}
			continue;
		}
		if (shown++ == 0)
			printf("%-8s %-16s %-22s %-17s %s\n", _("ID"), _("ACCOUNT"),
			    _("ADDRESS"), _("SINCE"), _("IDLE"));
		char since[17];
		show_time(e[i].since, since);
		long idle = e[i].last_input > 0 ? (long)(now - e[i].last_input) : -1;
		printf("%-8d ", (int)e[i].pid);
		cli_put_escaped(stdout, e[i].account);
		printf("%*s ", (int)(strlen(e[i].account) < 16 ? 16 - strlen(e[i].account) : 0),
		    "");
		printf("%-22s %-17s ", e[i].peer, since);
		if (idle < 0)
			printf("?\n");
		else
			printf(_("%ld min\n"), idle / 60);
	}
	if (end != 0 && !found && rc == 0) {
		fprintf(stderr, _("hoso sessions: no session %ld among those this account may "
		    "see\n"), end);
		rc = 1;
	}
	if (end == 0 && rc == 0) {
		if (listener == 0)
			printf(_("hoso serve is not running on this database\n"));
		printf(_("%d signed in\n"), shown);
		char count[16];
		snprintf(count, sizeof count, "%d", shown);
		char *what = json_object_new("sessions", count, NULL);
		if (db_audit_event(db, &who, "view", "sessions", 0, what, &err) != DB_OK) {
			fprintf(stderr, "hoso sessions: %s\n", err);
			free(err);
			rc = 1;
		}
		free(what);
	}
	free(e);
	db_close(db);
	return rc;
}

const struct cli_command cmd_sessions = {
	"sessions", sessions_specs, N_("who is signed in to hoso serve; end a session"),
	cmd_sessions_exec
};
