/*
 * <db>.sessions: the sessions signed in to hoso serve, published by its listener
 * (the one process that knows every connection) for the commands and screens that
 * show or end them, and for hoso restore, which must refuse while anyone works.
 *
 * A private text file beside the database (not a table: the listener holds no
 * database, and a table written on every sign-in would put the listener in the
 * writers' queue). It is rewritten whole and renamed into place on every change,
 * so a reader sees one state or the next, never half a file. Its first line names
 * the listener's pid; a file whose listener is gone (it crashed, or was killed)
 * holds no sessions. Lines: "hoso-sessions 1 LISTENER_PID", then one
 * "PID<TAB>ACCOUNT<TAB>PEER<TAB>SINCE<TAB>LAST_INPUT" per session (times: Unix
 * seconds; LAST_INPUT 0 when not known yet).
 */
#ifndef HOSO_SESSFILE_H
#define HOSO_SESSFILE_H
#include <sys/types.h>
#include <time.h>

struct sessfile_entry {
	pid_t  pid;		/* the connection process */
	char   account[64];
	char   peer[64];	/* numeric client address */
	time_t since;		/* signed in */
	time_t last_input;	/* 0: not known */
};

/* "<db_path>.sessions"; caller frees. */
char *sessfile_path_new(const char *db_path);
/* Write the list (atomically, private). 0, or -1 with errno. */
int   sessfile_write(const char *db_path, pid_t listener, const struct sessfile_entry *e,
    int n);
/* Remove it (the listener stops). */
void  sessfile_remove(const char *db_path);
/* Read the sessions of a running listener: *out (caller frees; NULL when none) and
 * *n; *listener its pid, 0 when no listener runs. 0, or -1 with errno when the
 * file exists but cannot be read. */
int   sessfile_read(const char *db_path, pid_t *listener, struct sessfile_entry **out,
    int *n);
/* End the session whose connection process is pid, a child of listener (not a
 * process that took a gone session's pid): SIGUSR1, on which it tells its UI to
 * keep a draft and leave and its client why. 0, or -1 with errno. */
int   sessfile_end(pid_t listener, pid_t pid);
#endif
