/*
 * hoso health: what an administrator looks at first. The database's size and its
 * growth since the last backup, its quick check (with --check, as it reads every
 * page), the population gateway (a token fetched now, with a short timeout) and
 * the check queue, who is signed in, the disk space left, the last backup (and, with
 * --check, whether it is sound), and the last lines of the server's log, escaped.
 * Exit 1 when something needs a person: a damaged file, a configured gateway that
 * does not answer, a backup found not sound, less than 5 % of the disk left.
 */
#include "cli/cli.h"
#include "core/backupdir.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/sessfile.h"
#include "core/showtime.h"
#include "core/xalloc.h"
#include "db/account_scope.h"
#include "db/backup.h"
#include "db/db.h"
#include "db/health.h"
#include "db/role.h"
#include "db/verify.h"
#include "gateway/gateway.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINES 10
#define GATEWAY_WAIT_MS 3000	/* connect and exchange, each at most */

static const struct cli_opt health_opts[] = {
	{ "check", NULL, N_("also check the database's pages and verify the last backup"), 0 },
	{ NULL, NULL, NULL, 0 }
};
enum { OPT_CHECK };

static const struct cli_spec health_spec = {
	"health", NULL, 0, 0, health_opts,
	N_("Shows the database's size and growth, the population gateway and the check "
	    "queue, who is signed in, the disk space left, the last backup and the last "
	    "lines of the server's log. Exit 1 when something needs attention.")
};
static const struct cli_spec *const health_specs[] = { &health_spec, NULL };

static void
put_size(double bytes, char *out, size_t size)
{
	const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;
	while (bytes >= 1024 && u < 4) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, size, u == 0 ? "%.0f %s" : "%.1f %s", bytes, unit[u]);
}

static void
local_time(time_t t, char out[17])
{
	struct tm tm;
	char iso[32];
	gmtime_r(&t, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	showtime_format(iso, out);
}

static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
}

static int
health_database(struct db *db, const char *db_path, int check, double *bytes)
{
	struct db_size s;
	char *err = NULL;
	if (db_size_get(db, &s, &err) != DB_OK) {
		fprintf(stderr, "hoso health: %s\n", err);
		free(err);
		return 1;
	}
	*bytes = (double)s.pages * (double)s.page_size;
	char a[32], w[32];
	put_size(*bytes, a, sizeof a);
	put_size((double)s.wal_bytes, w, sizeof w);
	printf(_("database: %s, %s (%lld pages of %lld bytes, %lld free; WAL %s)\n"), db_path,
	    a, (long long)s.pages, (long long)s.page_size, (long long)s.free_pages, w);
	if (!check) {
		printf(_("integrity: not checked now (hoso health --check)\n"));
		return 0;
	}
	char *problems = NULL;
	if (db_quick_check(db, &problems, &err) != DB_OK) {
		fprintf(stderr, "hoso health: %s\n", err);
		free(err);
		return 1;
	}
	if (problems == NULL) {
		printf(_("integrity: ok (quick check)\n"));
		return 0;
	}
	printf(_("integrity: DAMAGED\n"));
	cli_put_escaped(stdout, problems);
	free(problems);
	return 1;
}

static int
health_gateway(struct db *db, const struct actor *who, const struct config *cf)
{
	char *err = NULL;
	int bad = 0;
	struct gw_config gc;
	if (gw_config_load(cf, &gc, &err) != 0) {
		printf(_("gateway: configuration refused: %s\n"), err);
		free(err);
		return 1;
	}
	if (gc.url == NULL || !*gc.url)
		printf(_("gateway: not configured (gateway.url): checks stay queued\n"));
	else {
		if (gc.connect_timeout_ms > GATEWAY_WAIT_MS)
			gc.connect_timeout_ms = GATEWAY_WAIT_MS;
		if (gc.timeout_ms > GATEWAY_WAIT_MS)
			gc.timeout_ms = GATEWAY_WAIT_MS;
		struct gw *gw = gw_new(&gc);
		enum gw_outcome o = gw_ping(gw, who->username);
		gw_free(gw);
		if (o == GW_OK)
			printf(_("gateway: reachable (%s)\n"), gc.url);
		else {
			printf(_("gateway: NOT REACHABLE (%s): %s\n"), gc.url,
			    gw_outcome_text(o));
			bad = 1;
		}
	}
	gw_config_clear(&gc);
	int64_t due = 0, waiting = 0;
	if (db_verify_counts(db, who, &due, &waiting, &err) != DB_OK) {
		fprintf(stderr, "hoso health: %s\n", err);
		free(err);
		return 1;
	}
	printf(_("check queue: %lld due now, %lld waiting to be tried again\n"),
	    (long long)due, (long long)waiting);
	return bad;
}

static int
health_sessions(struct db *db, const struct actor *who, const char *db_path)
{
	pid_t listener;
	struct sessfile_entry *e;
	int n;
	if (sessfile_read(db_path, &listener, &e, &n) != 0) {
		printf(_("sessions: cannot read the sessions file: %s\n"), strerror(errno));
		return 0;
	}
	int shown = 0;
	for (int i = 0; i < n; i++) {
		bool in = false;
		char *err = NULL;
		if (db_account_in_scope(db, who, e[i].account, &in, &err) != DB_OK)
			free(err);
		shown += in;
	}
	free(e);
	if (listener == 0)
		printf(_("sessions: hoso serve is not running on this database\n"));
	else
		printf(_("sessions: %d signed in (hoso serve, process %d)\n"), shown, (int)listener);
	return 0;
}

static int
health_disk(const char *db_path)
{
	char *dir = folder_of(db_path);
	struct statvfs sv;
	int bad = 0;
	if (statvfs(dir, &sv) != 0)
		printf(_("disk: cannot tell (%s: %s)\n"), dir, strerror(errno));
	else {
		double total = (double)sv.f_blocks * (double)sv.f_frsize;
		double left = (double)sv.f_bavail * (double)sv.f_frsize;
		char a[32], b[32];
		put_size(left, a, sizeof a);
		put_size(total, b, sizeof b);
		int pct = total > 0 ? (int)(left * 100 / total) : 0;
		bad = total > 0 && pct < 5;
		printf(bad ? _("disk: ONLY %s left of %s (%d%%) in %s\n") :
		    _("disk: %s left of %s (%d%%) in %s\n"), a, b, pct, dir);
	}
	free(dir);
	return bad;
}

static int
health_backup(const struct config *cf, const char *db_path, double bytes, int check)
{
	char *dir = backupdir_new(cf, db_path);
	char name[256] = "";
	time_t when = 0;
	long long size = 0;
	int bad = 0;
	if (backupdir_last(dir, name, sizeof name, &when, &size) != 0) {
		printf(_("last backup: none in %s\n"), dir);
		free(dir);
		return 0;
	}
	char *path = xasprintf("%s/%s", dir, name);
	char t[17], s[32], g[32];
	local_time(when, t);
	put_size((double)size, s, sizeof s);
	printf(_("last backup: %s, %s, %s\n"), t, path, s);
	double days = difftime(time(NULL), when) / 86400.0;
	put_size(bytes - (double)size >= 0 ? bytes - (double)size : (double)size - bytes, g,
	    sizeof g);
	printf(_("growth: %s%s since that backup (%.1f days)\n"),
	    bytes >= (double)size ? "+" : "-", g, days);
	if (check) {
		struct db_backup_verdict v;
		char *err = NULL;
		if (db_backup_verify(path, db_path, &v, &err) != DB_OK) {
			printf(_("last backup: cannot be checked: %s\n"), err);
			free(err);
			bad = 1;
		} else {
			bad = !db_backup_sound(&v);
			if (!bad)
				backupdir_mark_verified(path);
			printf(bad ? _("last backup: NOT SOUND (hoso backup --verify %s says "
			    "why)\n") : _("last backup: verified now, sound\n"), path);
			db_backup_verdict_clear(&v);
		}
	} else {
		char at[32];
		char shown[17];
		if (backupdir_verified_at(path, at) == 0 && showtime_format(at, shown))
			printf(_("last backup: verified %s\n"), shown);
		else
			printf(_("last backup: not verified (hoso health --check, or hoso backup "
			    "--verify)\n"));
	}
	free(path);
	free(dir);
	return bad;
}

/* The last lines of the server's log, escaped (a log quotes what clients sent). */
static void
health_log(const struct config *cf)
{
	const char *path = cf != NULL ? config_get(cf, "serve.log", NULL) : NULL;
	if (path == NULL || !*path) {
		printf(_("log: none configured (serve.log)\n"));
		return;
	}
	FILE *f = fopen(path, "re");
	if (f == NULL) {
		printf(_("log: cannot read %s: %s\n"), path, strerror(errno));
		return;
	}
	char buf[16384];
	long at = 0;
	if (fseek(f, 0, SEEK_END) == 0 && (at = ftell(f)) > (long)sizeof buf - 1)
		fseek(f, at - (long)sizeof buf + 1, SEEK_SET);
	else
		fseek(f, 0, SEEK_SET);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	const char *from = buf;
	int lines = 0;
	for (size_t i = n; i > 0; i--)
		if (buf[i - 1] == '\n' && ++lines == LOG_LINES) {
			from = buf + i;
			break;
		}
	printf(_("log (%s), the last lines:\n"), path);
	if (*from) {
		FILE *w = cli_escaping_stream_new(stdout);
		fprintf(w, "%s\n", from);
		cli_escaping_stream_free(w, stdout);
	}
}

static int
cmd_health_exec(int argc, char **argv)
{
	struct cli_common c;
	if ((argc = cli_common_opts(argc, argv, &c)) < 0)
		return 2;
	struct cli_args a;
	int parsed = cli_parse(&health_spec, argc, argv, &a);
	if (parsed >= 0)
		return parsed;
	int check = a.value[OPT_CHECK] != NULL;
	char *err = NULL;
	struct config *cf = config_load(c.config_path, &err);
	if (cf == NULL && c.config_path != NULL) {
		fprintf(stderr, "hoso health: %s\n", err != NULL ? err : "?");
		free(err);
		return 1;
	}
	free(err);
	showtime_zone(cf != NULL ? config_get(cf, "ui.timezone", NULL) : NULL);
	struct db *db;
	struct actor who;
	if (cli_open(&c, "cli:health", &db, &who) != 0) {
		config_free(cf);
		return 1;
	}
	if (!db_actor_may_maintain(&who)) {
		fprintf(stderr, _("hoso health: only administrators may see the system's "
		    "health\n"));
		db_close(db);
		config_free(cf);
		return 1;
	}
	double bytes = 0;
	int bad = health_database(db, c.db_path, check, &bytes);
	bad |= health_gateway(db, &who, cf);
	bad |= health_sessions(db, &who, c.db_path);
	bad |= health_disk(c.db_path);
	bad |= health_backup(cf, c.db_path, bytes, check);
	health_log(cf);
	printf(bad ? _("health: NEEDS ATTENTION\n") : _("health: ok\n"));
	db_close(db);
	config_free(cf);
	return bad;
}

const struct cli_command cmd_health = {
	"health", health_specs, N_("the database, the gateway, sessions, disk, backups, log"),
	cmd_health_exec
};
