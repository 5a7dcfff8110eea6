/*
 * Where backups go when nobody typed a path: the configuration's backup.dir, else
 * "backups" beside the database. Scheduled backups, the Backups screen (which
 * never lets a remote user type a path) and hoso restore's copy of the file it
 * replaces all write there, under names made by backupdir_name.
 */
#ifndef HOSO_BACKUPDIR_H
#define HOSO_BACKUPDIR_H
#include <stddef.h>
#include <time.h>

struct config;

/* The folder (caller frees). cf may be NULL. */
char *backupdir_new(const struct config *cf, const char *db_path);
/* Make it (0700, or 0750 with files.group) when missing. 0, or -1 with errno. */
int   backupdir_make(const char *dir);
/* "hoso-YYYYMMDD-HHMMSS.db" (UTC) for t, with kind between ("hoso-before-restore-
 * ..."), or kind NULL. */
void  backupdir_name(char *out, size_t size, const char *kind, time_t t);
/* Is name one of ours (hoso-[kind-]YYYYMMDD-HHMMSS.db, any kind)? */
int   backupdir_is_ours(const char *name);
/* The newest of our backups in dir (by modification time): its name into
 * name[size], its time and size. 0, or -1 when there is none. */
int   backupdir_last(const char *dir, char *name, size_t size, time_t *when,
    long long *bytes);
/* A backup found sound by hoso backup --verify: "<path>.verified" holds the time
 * (UTC, "YYYY-MM-DDTHH:MM:SSZ"); _at reads it into at[32], 0 or -1 when not
 * verified. */
void  backupdir_mark_verified(const char *path);
int   backupdir_verified_at(const char *path, char at[32]);
#endif
