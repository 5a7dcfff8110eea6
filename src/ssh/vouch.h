/*
 * How the UI knows that the SSH server vouches for its account, and how the server
 * talks to the UI afterwards. Both sides live here so that they cannot drift.
 *
 * The session process of `hoso serve` starts the UI as
 *     hoso ui --db PATH --account NAME
 * with, in the environment, HOSO_SSH_AUTHENTICATED=1 and HOSO_SSH_FD=<n>, where fd n
 * is one end of an AF_UNIX stream socketpair the session process made. --account is
 * to be trusted only when serve_vouch_account() returns that same name, which holds
 * when all of these are true:
 *   - both variables are set as above;
 *   - fd n is an AF_UNIX socket whose peer (SO_PEERCRED) is this process's parent
 *     (getppid()) running under this process's uid;
 *   - the first line read from it is "account NAME".
 * An SSH client cannot produce any of this: the server passes no client environment
 * but LANG/LC_* (filtered, and only to choose the language), refuses exec and
 * subsystems, and makes the socket itself after the client signed in. A local user
 * who can run programs as the service account could forge it, but such a user can
 * read the database file anyway: file permissions are the boundary there.
 *
 * HOSO_SSH_PEER=<address>:<port> gives the client's numeric address and port
 * ("[ADDR]:PORT" for IPv6), for the session named in the audit trail
 * ("ssh:ADDR:PORT:PID"); it is set by the server, not the client, and means
 * something only when the account is vouched for.
 *
 * After the account line the server sends notices, one line each:
 *   "idle N"     no input for a while: the session closes in N seconds
 *                unless a key is pressed (show a warning)
 *   "active"     input came again: drop the warning
 *   "shutdown"   the server is stopping: save a draft of unsaved edits and leave
 * End of file means the session process is gone (the link dropped; SIGHUP also
 * comes through the terminal). The UI never writes to the socket.
 */
#ifndef HOSO_SSH_VOUCH_H
#define HOSO_SSH_VOUCH_H
#include <stddef.h>

/* The fd number the UI finds the socket on (HOSO_SSH_FD says it too). */
#define SERVE_VOUCH_FD 3

enum serve_notice {
	SERVE_NOTICE_NONE = 0,	/* nothing complete to read yet */
	SERVE_NOTICE_IDLE,	/* *seconds: time left before the session closes */
	SERVE_NOTICE_ACTIVE,
	SERVE_NOTICE_SHUTDOWN,
	SERVE_NOTICE_GONE	/* the server end closed (or the socket failed) */
};

/*
 * UI side. The account the SSH server vouches for (caller frees), or NULL when this
 * process was not started by hoso serve or the checks above fail (then *why, if not
 * NULL, is set to a static English reason for the log). *fd receives the socket to
 * poll for notices (non-blocking; -1 with NULL).
 */
char *serve_vouch_account(int *fd, const char **why);
/* UI side, for a vouched account only: the audit session "ssh:ADDR:PORT:PID" from
 * HOSO_SSH_PEER ("ssh:PID" when it is missing or not an address and port). */
void serve_vouch_session(char *out, size_t size, long pid);
/* UI side. Read what is ready on fd and return the next complete notice. Call again
 * until it returns SERVE_NOTICE_NONE: several may have arrived together. */
enum serve_notice serve_vouch_notice(int fd, int *seconds);

/* Server side. Make the pair: *server_end is close-on-exec, *ui_end is not (the UI
 * child moves it to SERVE_VOUCH_FD). Returns 0, or -1 with errno set. */
int  serve_vouch_pair(int *server_end, int *ui_end);
/* Server side. Send "account NAME" (first) or a notice. Never blocks for long: the
 * lines are tiny and the UI reads them. Returns 0 or -1. */
int  serve_vouch_send_account(int fd, const char *account);
int  serve_vouch_send(int fd, enum serve_notice what, int seconds);
#endif
