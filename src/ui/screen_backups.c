/*
 * The Backups screen: the backups in the server's backup folder (backup.dir, else
 * backups/ beside the database; a remote user never types a path), newest first,
 * with their size and whether they were verified. F7 backs up now (the national
 * administrator only: a backup holds every agency) while others keep working,
 * with its progress on the screen; F5 verifies one, named from the list.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/textview.h"
#include "core/backupdir.h"
#include "core/i18n.h"
#include "core/outfile.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "db/audit.h"
#include "db/backup.h"
#include "db/role.h"
#include <curses.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static int
name_cmp_desc(const void *x, const void *y)
{
	return strcmp(*(char *const *)y, *(char *const *)x);
}

static char *
backups_text(struct app *a)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_addf(&sb, _("Backup folder: %s"), a->backup_dir);
	sb_adds(&sb, "\n\n");
	DIR *d = opendir(a->backup_dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL)
		if (backupdir_is_ours(e->d_name)) {
			names = realloc(names, sizeof *names * (n + 1));
			names[n++] = strdup(e->d_name);
		}
	if (d != NULL)
		closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, name_cmp_desc);
	for (size_t i = 0; i < n; i++) {
		char *p = NULL;
		struct strbuf pb;
		sb_init(&pb);
		sb_addf(&pb, "%s/%s", a->backup_dir, names[i]);
		p = sb_detach(&pb);
		struct stat st;
		char when[17] = "", at[32], shown[17];
		long long mib10 = 0;
		if (stat(p, &st) == 0) {
			struct tm tm;
			char iso[32];
			gmtime_r(&st.st_mtime, &tm);
			strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
			showtime_format(iso, when);
			mib10 = (long long)st.st_size * 10 / (1024 * 1024);
		}
		sb_addf(&sb, "%s %s %lld.%lld MiB ", names[i], when, mib10 / 10, mib10 % 10);
		if (backupdir_verified_at(p, at) == 0 && showtime_format(at, shown))
			sb_addf(&sb, _("verified %s"), shown);
		else
			sb_adds(&sb, _("not verified"));
		sb_addc(&sb, '\n');
		free(p);
		free(names[i]);
	}
	free(names);
	if (n == 0)
		sb_adds(&sb, _("No backups yet."));
	return sb_detach(&sb);
}

/* The copy's progress on the line above the key bar, drawn at once. */
static void
backup_progress(void *arg, int64_t done, int64_t total)
{
	(void)arg;
	int pct = total > 0 ? (int)(done * 100 / total) : 100;
	char line[128];
	snprintf(line, sizeof line, _("Backing up: %d%% (%lld of %lld pages)"), pct,
	    (long long)done, (long long)total);
	draw_text_pad(LINES - 2, 0, line, COLS, DR_NORMAL);
	refresh();
}

static void
backup_now(struct app *a)
{
	if (!db_actor_may_back_up(&a->actor)) {
		dialog_message(a, _("Backups"), _("Only a national administrator may back up "
		    "the database."));
		return;
	}
	if (backupdir_make(a->backup_dir) != 0) {
		dialog_message(a, _("Backups"), _("The backup folder cannot be made."));
		return;
	}
	char name[96];
	backupdir_name(name, sizeof name, NULL, time(NULL));
	struct strbuf pb;
	sb_init(&pb);
	sb_addf(&pb, "%s/%s", a->backup_dir, name);
	char *dest = sb_detach(&pb);
	int64_t head = 0;
	char *err = NULL;
	int rc = db_backup(a->db, dest, backup_progress, NULL, &head, &err);
	if (rc == DB_OK)
		rc = db_backup_audit(a->db, &a->actor, dest, &err);
	char msg[512];
	if (rc == DB_OK)
		snprintf(msg, sizeof msg, _("Backup written: %s (audit trail up to row %lld)."),
		    name, (long long)head);
	else
		snprintf(msg, sizeof msg, "%s", err != NULL ? err : "?");
	free(err);
	free(dest);
	dialog_message(a, _("Backups"), msg);
}

static void
backup_verify(struct app *a)
{
	char *name = dialog_input(a, _("Verify a backup"), _("File name (from the list)"),
	    "", 255);
	if (name == NULL || !*name) {
		free(name);
		return;
	}
	/* A name in the folder, never a path. */
	if (!outfile_name_ok(name) || !backupdir_is_ours(name)) {
		dialog_message(a, _("Verify a backup"), _("Not a backup of the list."));
		free(name);
		return;
	}
	struct strbuf pb;
	sb_init(&pb);
	sb_addf(&pb, "%s/%s", a->backup_dir, name);
	char *path = sb_detach(&pb);
	free(name);
	struct db_backup_verdict v;
	char *err = NULL;
	char msg[512];
	if (db_backup_verify(path, a->db_path, &v, &err) != DB_OK) {
		snprintf(msg, sizeof msg, "%s", err != NULL ? err : "?");
		free(err);
	} else {
		if (db_backup_sound(&v)) {
			backupdir_mark_verified(path);
			snprintf(msg, sizeof msg, _("Sound: %lld people; the audit trail is intact "
			    "(%lld rows)."), (long long)v.people, (long long)v.audit.rows);
		} else if (v.problems != NULL)
			snprintf(msg, sizeof msg, _("NOT SOUND: the file is damaged. Do not "
			    "restore it."));
		else
			snprintf(msg, sizeof msg, _("NOT SOUND: the audit trail is broken at row "
			    "%lld. Do not restore it."), (long long)v.audit.bad_seq);
		db_backup_verdict_clear(&v);
	}
	free(path);
	dialog_message(a, _("Verify a backup"), msg);
}

static int
backups_action(void *ctx, int act)
{
	(void)ctx;
	return act == ACT_NEW || act == ACT_RELOAD ? 2 : 0;
}

void
backups_run(struct app *a)
{
	static const struct screen_key keys[] = {
		{ ACT_HELP, NULL }, { ACT_NEW, N_("Back up now") },
		{ ACT_RELOAD, N_("Verify") }, { ACT_BACK, NULL }, { ACT_NONE, NULL }
	};
	while (a->quit == APP_RUNNING) {
		char *text = backups_text(a);
		struct textview_opts o = { keys, backups_action, NULL };
		int r = textview_run(a, _("Backups"), text, &o);
		free(text);
		if (r == ACT_NEW)
			backup_now(a);
		else if (r == ACT_RELOAD)
			backup_verify(a);
		else
			return;
	}
}
