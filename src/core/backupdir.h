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
#endif
