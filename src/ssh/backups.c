/*
 * Scheduled backups by hoso serve (backup.every, backup.keep, backup.dir): the
 * listener forks one process per backup, which opens its own database connection
 * (never one across a fork), takes the backup with db/backup.h while sessions go
 * on writing, and removes the oldest scheduled backups past backup.keep. The
 * listener only starts it and reaps it, so sign-ins never wait for a backup.
 */
#include "ssh/serve_internal.h"
#include "core/backupdir.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "db/audit.h"
#include "db/backup.h"
#include "db/db.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The names of scheduled backups carry no kind: "hoso-YYYYMMDD-HHMMSS.db". */
#define SCHEDULED_NAME_LEN (5 + 18)

void
serve_backups_init(struct serve_backups *b, const struct serve_opts *o)
{
	b->pid = 0;
	b->next = o->backup_every > 0 ? clock_mono_s() + o->backup_every : 0;
}

int
serve_backups_due(const struct serve_backups *b, const struct serve_opts *o)
{
	return o->backup_every > 0 && b->pid == 0 && clock_mono_s() >= b->next;
}

void
serve_backups_started(struct serve_backups *b, const struct serve_opts *o, pid_t pid)
{
	b->pid = pid > 0 ? pid : 0;
	/* The interval runs from the start: a slow backup does not push the next. */
	b->next = clock_mono_s() + o->backup_every;
}

int
serve_backups_reaped(struct serve_backups *b, pid_t pid, int st)
{
	if (b->pid == 0 || pid != b->pid)
		return 0;
	b->pid = 0;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		log_warn("backup process %d failed", (int)pid);
	return 1;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remove the oldest scheduled backups (and their companions) past keep. Backups
 * taken by hand or before a restore are never removed here. */
static void
backups_prune(const char *dir, int keep)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strlen(e->d_name) != SCHEDULED_NAME_LEN || !backupdir_is_ours(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, sizeof *names * cap);
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	/* The names hold the time: sorted, the oldest come first. */
	if (n > 1)
		qsort(names, n, sizeof *names, name_cmp);
	static const char *const sides[] = { "", ".auditkey", ".witness", ".verified", "-wal",
	    "-shm" };
	for (size_t i = 0; i + (size_t)keep < n; i++) {
		for (size_t k = 0; k < sizeof sides / sizeof sides[0]; k++) {
			char *p = xasprintf("%s/%s%s", dir, names[i], sides[k]);
			unlink(p);
			free(p);
		}
		log_info("backup: %s/%s removed (backup.keep = %d)", dir, names[i], keep);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void
serve_backups_run(const struct serve_opts *o)
{
	serve_sig_reset();
	double t0 = clock_mono_s();
	if (backupdir_make(o->backup_dir) != 0) {
		log_warn("backup: cannot make the folder %s", o->backup_dir);
		_exit(1);
	}
	char name[96];
	backupdir_name(name, sizeof name, NULL, time(NULL));
	char *dest = xasprintf("%s/%s", o->backup_dir, name);
	struct db *db = NULL;
	char *err = NULL;
	char session[64];
	snprintf(session, sizeof session, "serve:backup:%d", (int)getpid());
	struct actor sys;
	db_actor_system(&sys, session);
	int64_t head = 0;
	int rc = db_open(o->db_path, &db, &err);
	if (rc == DB_OK)
		rc = db_backup(db, dest, NULL, NULL, &head, &err);
	if (rc == DB_OK)
		rc = db_backup_audit(db, &sys, dest, &err);
	db_close(db);
	if (rc != DB_OK) {
		log_warn("backup: %s", err != NULL ? err : "?");
		free(err);
		free(dest);
		_exit(1);
	}
	log_info("backup: %s written (audit trail up to row %lld) in %.1f s", dest,
	    (long long)head, clock_mono_s() - t0);
	free(dest);
	backups_prune(o->backup_dir, o->backup_keep);
	_exit(0);
}
