/*
 * The health report (health.h): the database's size and its growth since the last
 * backup, its quick check on demand, the gateway (as the caller found it) and the
 * check queue, who is signed in, the disk space left, the last backup (and, on
 * demand, whether it is sound), and the last lines of the server's log, escaped (a
 * log quotes what clients sent).
 */
#include "report/health.h"
#include "core/backupdir.h"
#include "core/i18n.h"
#include "core/sessfile.h"
#include "core/showtime.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "db/account_scope.h"
#include "db/backup.h"
#include "db/health.h"
#include "db/verify.h"
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#define LOG_LINES 10

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

static void
put_escaped(FILE *out, const char *s)
{
	char *e = text_escape_new(s);
	fputs(e, out);
	free(e);
}

static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
}

static int
health_database(const struct health_input *in, FILE *out, double *bytes, char **err)
{
	struct db_size s;
	if (db_size_get(in->db, &s, err) != DB_OK)
		return -1;
	*bytes = (double)s.pages * (double)s.page_size;
	char a[32], w[32];
	put_size(*bytes, a, sizeof a);
	put_size((double)s.wal_bytes, w, sizeof w);
	fprintf(out, _("database: %s, %s (%lld pages of %lld bytes, %lld free; WAL %s)\n"),
	    in->db_path, a, (long long)s.pages, (long long)s.page_size,
	    (long long)s.free_pages, w);
	if (!in->check) {
		fprintf(out, _("integrity: not checked now (hoso health --check)\n"));
		return 0;
	}
	char *problems = NULL;
	if (db_quick_check(in->db, &problems, err) != DB_OK)
		return -1;
	if (problems == NULL) {
		fprintf(out, _("integrity: ok (quick check)\n"));
		return 0;
	}
	fprintf(out, _("integrity: DAMAGED\n"));
	put_escaped(out, problems);
	free(problems);
	return 1;
}

static int
health_queue(const struct health_input *in, FILE *out, char **err)
{
	int64_t due = 0, waiting = 0;
	if (db_verify_counts(in->db, in->who, &due, &waiting, err) != DB_OK)
		return -1;
	fprintf(out, _("check queue: %lld due now, %lld waiting to be tried again\n"),
	    (long long)due, (long long)waiting);
	return 0;
}

static void
health_sessions(const struct health_input *in, FILE *out)
{
	pid_t listener;
	struct sessfile_entry *e;
	int n;
	if (sessfile_read(in->db_path, &listener, &e, &n) != 0) {
		fprintf(out, _("sessions: cannot read the sessions file: %s\n"), strerror(errno));
		return;
	}
	int shown = 0;
	for (int i = 0; i < n; i++) {
		bool covered = false;
		char *err = NULL;
		if (db_account_in_scope(in->db, in->who, e[i].account, &covered, &err) != DB_OK)
			free(err);
		shown += covered;
	}
	free(e);
	if (listener == 0)
		fprintf(out, _("sessions: hoso serve is not running on this database\n"));
	else
		fprintf(out, _("sessions: %d signed in (hoso serve, process %d)\n"), shown,
		    (int)listener);
}

static int
health_disk(const struct health_input *in, FILE *out)
{
	char *dir = folder_of(in->db_path);
	struct statvfs sv;
	int bad = 0;
	if (statvfs(dir, &sv) != 0)
		fprintf(out, _("disk: cannot tell (%s: %s)\n"), dir, strerror(errno));
	else {
		double total = (double)sv.f_blocks * (double)sv.f_frsize;
		double left = (double)sv.f_bavail * (double)sv.f_frsize;
		char a[32], b[32];
		put_size(left, a, sizeof a);
		put_size(total, b, sizeof b);
		int pct = total > 0 ? (int)(left * 100 / total) : 0;
		bad = total > 0 && pct < 5;
		fprintf(out, bad ? _("disk: ONLY %s left of %s (%d%%) in %s\n") :
		    _("disk: %s left of %s (%d%%) in %s\n"), a, b, pct, dir);
	}
	free(dir);
	return bad;
}

static int
health_backup(const struct health_input *in, FILE *out, double bytes)
{
	char name[256] = "";
	time_t when = 0;
	long long size = 0;
	if (backupdir_last(in->backup_dir, name, sizeof name, &when, &size) != 0) {
		fprintf(out, _("last backup: none in %s\n"), in->backup_dir);
		return 0;
	}
	char *path = xasprintf("%s/%s", in->backup_dir, name);
	char t[17], s[32], g[32];
	local_time(when, t);
	put_size((double)size, s, sizeof s);
	fprintf(out, _("last backup: %s, %s, %s\n"), t, path, s);
	double days = difftime(time(NULL), when) / 86400.0;
	double diff = bytes - (double)size;
	put_size(diff >= 0 ? diff : -diff, g, sizeof g);
	fprintf(out, _("growth: %s%s since that backup (%.1f days)\n"), diff >= 0 ? "+" : "-",
	    g, days);
	int bad = 0;
	if (in->check) {
		struct db_backup_verdict v;
		char *err = NULL;
		if (db_backup_verify(path, in->db_path, &v, &err) != DB_OK) {
			fprintf(out, _("last backup: cannot be checked: %s\n"), err);
			free(err);
			bad = 1;
		} else {
			bad = !db_backup_sound(&v);
			if (!bad)
				backupdir_mark_verified(path);
			if (bad)
				fprintf(out, _("last backup: NOT SOUND (hoso backup --verify %s says "
				    "why)\n"), path);
			else
				fprintf(out, _("last backup: verified now, sound\n"));
			db_backup_verdict_clear(&v);
		}
	} else {
		char at[32], shown[17];
		if (backupdir_verified_at(path, at) == 0 && showtime_format(at, shown))
			fprintf(out, _("last backup: verified %s\n"), shown);
		else
			fprintf(out, _("last backup: not verified (hoso health --check, or hoso "
			    "backup --verify)\n"));
	}
	free(path);
	return bad;
}

static void
health_log(const struct health_input *in, FILE *out)
{
	if (in->log_path == NULL || !*in->log_path) {
		fprintf(out, _("log: none configured (serve.log)\n"));
		return;
	}
	FILE *f = fopen(in->log_path, "re");
	if (f == NULL) {
		fprintf(out, _("log: cannot read %s: %s\n"), in->log_path, strerror(errno));
		return;
	}
	char buf[16384];
	long end = 0;
	if (fseek(f, 0, SEEK_END) == 0 && (end = ftell(f)) > (long)sizeof buf - 1)
		fseek(f, end - (long)sizeof buf + 1, SEEK_SET);
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
	fprintf(out, _("log (%s), the last lines:\n"), in->log_path);
	/* Line by line: the escaping keeps no line break. */
	while (*from) {
		size_t len = strcspn(from, "\n");
		char *line = xasprintf("%.*s", (int)len, from);
		fputs("  ", out);
		put_escaped(out, line);
		fputc('\n', out);
		free(line);
		from += len;
		if (*from == '\n')
			from++;
	}
}

int
health_write(const struct health_input *in, FILE *out, char **err)
{
	double bytes = 0;
	int bad = health_database(in, out, &bytes, err);
	if (bad < 0)
		return -1;
	fprintf(out, "%s\n", in->gateway);
	bad |= in->gateway_bad;
	if (health_queue(in, out, err) != 0)
		return -1;
	health_sessions(in, out);
	bad |= health_disk(in, out);
	bad |= health_backup(in, out, bytes);
	health_log(in, out);
	fprintf(out, bad ? _("health: NEEDS ATTENTION\n") : _("health: ok\n"));
	return bad;
}
