/*
 * Who may read hoso's files: only the account hoso runs as. The database holds
 * every civil servant's record and the password hashes; its -wal and -shm hold
 * recent pages of it; logs name accounts and addresses. So every command starts
 * with umask 077 (files 0600, folders 0700), and files found wider than that when
 * hoso opens them are narrowed, with a log line saying so.
 */
#ifndef HOSO_FILEMODE_H
#define HOSO_FILEMODE_H
#include <stdbool.h>

/* Set the umask (077). Called first thing by main. */
void filemode_private(void);
/* If path exists and group or others have any permission on it, take those away
 * and log it. True when the mode changed. A missing file is not an error. */
bool filemode_tighten(const char *path);
#endif
