/*
 * Who may read hoso's files: only the account hoso runs as. The database holds
 * every civil servant's record and the password hashes; its -wal and -shm hold
 * recent pages of it; logs name accounts and addresses. So every command starts
 * with umask 077 (files 0600, folders 0700), and files found wider than that when
 * hoso opens them are narrowed, with a log line saying so.
 *
 * A site may name a group (configuration key files.group) whose members may read
 * too (a backup operator, say): the umask is then 027, files 0640 and folders
 * 0750, and the database, its companions and the logs are given to that group
 * when hoso opens them.
 */
#ifndef HOSO_FILEMODE_H
#define HOSO_FILEMODE_H
#include <stdbool.h>
#include <sys/types.h>

/* Set the umask (077). Called first thing by main. */
void filemode_private(void);
/* Read files.group from the configuration at config_path (NULL, or a file that
 * does not load: nothing changes; the command reports a bad file itself). 0, or
 * -1 with *err (caller frees) when the group does not exist. */
int  filemode_setup(const char *config_path, char **err);
/* Modes for a new file and a new folder: 0600/0700, or 0640/0750 with a group. */
mode_t filemode_file(void);
mode_t filemode_dir(void);
/* If path is a regular file wider than filemode_file() allows, narrow it; with a
 * group, give it to the group. Logged. True when something changed. A missing
 * file is not an error. */
bool filemode_tighten(const char *path);
#endif
