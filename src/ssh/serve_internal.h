/*
 * What the files of src/ssh/ share. Not for use outside src/ssh/.
 *
 * Processes: the listener (listener.c) accepts and forks one connection process
 * per client (conn.c), which does the SSH protocol: key exchange, sign-in (auth.c),
 * one session channel (session.c) and the pump between that channel and the pty
 * of the UI process it starts (spawn.c). The listener and each connection process
 * talk over a socketpair (ctl.c) so the listener can count sessions per account.
 */
#ifndef HOSO_SSH_INTERNAL_H
#define HOSO_SSH_INTERNAL_H
#include "ssh/serve.h"
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/types.h>

struct db;

/* hostkey.c. Load the key at path, creating an Ed25519 key there (mode 0600) when
 * the file does not exist (*created = 1). Refuses a key others can read. */
int   serve_hostkey_load(const char *path, ssh_key *out, int *created, char **err);
/* "SHA256:..." as OpenSSH prints it; caller frees. */
char *serve_hostkey_fingerprint(const ssh_key key);

/* sig.c. Signals become bytes on a non-blocking self-pipe, so handlers do nothing
 * but write(2) and set a flag (async-signal-safe), and loops poll the pipe.
 * serve_sig_init (again after fork: a fresh pipe) catches SIGTERM, SIGINT,
 * SIGCHLD and ignores SIGPIPE and SIGHUP; returns the fd to poll or -1. */
#define SERVE_SIG_TERM  0x1	/* SIGTERM or SIGINT */
#define SERVE_SIG_CHLD  0x2
#define SERVE_SIG_END   0x4	/* SIGUSR1: an administrator ends this session
				 * (hoso sessions --end) */
int  serve_sig_init(void);
/* Drain the pipe; return the SERVE_SIG_* bits seen since the last call. */
int  serve_sig_take(void);
/* Put every signal back to its default and unblock all: for a child about to exec. */
void serve_sig_reset(void);

/* ctl.c. The listener's verdict on a signed-in account. Lines on the socketpair:
 * child -> listener "auth NAME"; listener -> child "ok" | "full" | "full-account".
 * Child -> listener, no answer: "kex" (key exchange done: the client is not
 * silent), "fail" (a sign-in failed), which admit.c weighs when the server fills;
 * "nokex WHY" (the key exchange failed: the listener sums these up, refusals.c). */
enum serve_verdict {
	SERVE_VERDICT_OK = 0,
	SERVE_VERDICT_FULL,		/* max_sessions reached */
	SERVE_VERDICT_FULL_ACCOUNT,	/* max_sessions_per_account reached */
	SERVE_VERDICT_ERROR		/* no answer: treated as a refusal */
};
enum serve_verdict serve_ctl_ask(int fd, const char *account, int timeout_ms);
/* Child side: "kex", "fail" or "nokex WHY" (no answer comes). */
void serve_ctl_note(int fd, const char *what);
/* Listener side: read what is ready; SERVE_CTL_AUTH and the name when an "auth"
 * line came, SERVE_CTL_KEX, SERVE_CTL_FAIL or SERVE_CTL_NOKEX for those notes, 0 when nothing
 * complete yet, -1 on end of file or garbage (the child is gone or misbehaves:
 * the caller drops it). buf/len keep partial lines between calls. */
#define SERVE_CTL_AUTH 1
#define SERVE_CTL_KEX  2
#define SERVE_CTL_FAIL 3
#define SERVE_CTL_NOKEX 4	/* the reason in account */
#define SERVE_CTL_INPUT 5	/* the client typed (sent at most every
				 * SERVE_INPUT_NOTE_S), for the sessions' idle time */
#define SERVE_INPUT_NOTE_S 10
int  serve_ctl_read(int fd, char *buf, size_t *len, size_t cap, char *account,
    size_t account_size);

/* listener.c's record of one connection process. */
enum serve_child_state {
	CHILD_PREAUTH,		/* counted against max_unauth */
	CHILD_SESSION,		/* counted against max_sessions and its account */
	CHILD_REFUSED		/* over a limit, shed, or its ctl end closed: leaving */
};
struct serve_child {
	pid_t		 pid;
	int		 ctl;
	char		 buf[128];
	size_t		 len;
	enum serve_child_state state;
	char		 account[64];
	char		 peer[64];
	double		 started;
	int		 killed;
	int		 kex_done;	/* said "kex": not a silent connection */
	int		 failures;	/* "fail" notes */
	long long	 since;		/* signed in (Unix seconds), for the sessions file */
	long long	 last_input;	/* last "input" note (Unix seconds) */
};

/* admit.c. May a new connection from peer come in, given the connection
 * processes kids[0..n)? Returns 1 to admit it, with *shed the index of one to
 * end first (or -1); 0 to refuse it. */
int  serve_admit(const struct serve_opts *o, const struct serve_child *kids, int n,
    const char *peer, double now, int *shed);

/* refusals.c. Connections refused, shed or timed out before the key exchange are
 * logged as one summary line per interval, not one line each: an attacker
 * reconnecting as fast as it can must not flood the log. */
enum serve_refusal { SERVE_REFUSED, SERVE_SHED, SERVE_SILENT };
struct serve_refusals;
struct serve_refusals *serve_refusals_new(int interval_s);
void serve_refusals_free(struct serve_refusals *r);
/* Count one. The first of a quiet spell is logged at once (why says why). */
void serve_refusals_note(struct serve_refusals *r, enum serve_refusal kind,
    const char *peer, const char *why, double now);
/* Log the summary when the interval has passed (or at once with force). */
void serve_refusals_flush(struct serve_refusals *r, double now, int force);
int  serve_ctl_reply(int fd, enum serve_verdict v);

/* The state of one connection process. */
struct serve_conn {
	const struct serve_opts *o;
	ssh_session	 ssh;
	ssh_event	 event;
	char		 peer[64];	/* numeric client address */
	char		 where[80];	/* and port: "ADDR:PORT", "[ADDR]:PORT" for IPv6 */
	char		 tag[112];	/* audit session: "ssh:ADDR:PORT:PID" */
	int		 ctl;		/* to the listener */
	int		 sigfd;
	double		 started;	/* monotonic seconds */

	/* sign-in (auth.c) */
	struct ssh_server_callbacks_struct server_cb;
	struct db	*db;		/* open only while signing in */
	int		 failures;
	int		 probes;	/* public keys offered and refused */
	int		 authenticated;
	enum serve_verdict verdict;
	char		 account[64];
	char		 kbd_user[64];	/* keyboard-interactive: asked for this name */

	/* the session channel (session.c) */
	ssh_channel	 chan;
	struct ssh_channel_callbacks_struct chan_cb;
	int		 have_pty;
	char		 term[64];
	struct winsize	 ws;
	char		 lang_all[4], lang_messages[4], lang_lang[4];
	int		 shell;		/* shell requested (UI started or refused) */
	int		 closing;	/* the client closed the channel or sent EOF */

	/* the UI process (spawn.c) and the pump */
	pid_t		 ui;
	int		 ui_status;	/* wait status once reaped */
	int		 ui_reaped;
	int		 master;	/* pty master, -1 when closed */
	int		 vouch;		/* server end of the vouch socket, -1 if none */
	char		 out[16384];	/* read from the pty, not yet taken by the channel */
	size_t		 out_len, out_off;
	char		 in[8192];	/* typed by the client, not yet taken by the pty */
	size_t		 in_len;
	unsigned long long bytes_out, bytes_in;	/* channel data, as the UI sees it */
	struct ssh_counter_struct wire;		/* the socket's bytes (libssh counts) */
	double		 last_input;
	double		 input_noted;	/* last "input" note to the listener */
	int		 warned;
	int		 input_closed;	/* the UI was asked to leave: typing no longer reaches it */
};

/* Witness the audit trail's head when an hour has passed since the last time (the
 * first call: now). witness.c */
void serve_witness_tick(const struct serve_opts *o);
/* A copy of a client-supplied string safe for a log line: printable ASCII, cut. */
void   serve_clean(char *dst, size_t size, const char *src);
/* Sleep ms milliseconds, whatever signals arrive. */
void   serve_sleep_ms(int ms);

/* auth.c. Install the server callbacks (password, public key, keyboard-interactive
 * through the message callback, session channel open) and the advertised methods. */
void serve_auth_install(struct serve_conn *c);
/* Close the database the sign-in used. */
void serve_auth_done(struct serve_conn *c);

/* session.c. The channel callbacks, set on the channel when it opens. */
void serve_session_channel_init(struct serve_conn *c);
/* The pump, from the shell request until the session ends. Returns the process
 * exit status (0: the UI ended normally). */
int  serve_session_run(struct serve_conn *c);

/* spawn.c. Start `hoso ui` on a new pty of c->ws with TERM c->term and the
 * language chosen by the client's LANG/LC_*: sets c->ui, c->master, c->vouch.
 * Returns 0, or -1 with *err (caller frees). */
int  serve_spawn_ui(struct serve_conn *c, char **err);
/* sandbox.c. The path the UI is started from: spawn.c must exec this very string
 * (the filter compares its address). */
extern const char serve_ui_program[];
/* sandbox.c. Install the connection process's seccomp filter (see sandbox.c).
 * 0, or -1 (logged): the connection is then closed. */
int  serve_sandbox_enter(void);

/* privdrop.c. Before anything: root without serve.user is refused (-1, the
 * reason on stderr). */
int  serve_privdrop_check(const struct serve_opts *o);
/* privdrop.c. As root, become serve.user for good and check that the database,
 * its folder and the log are usable by it. 0 (also when not root), or -1 with
 * the reason on stderr and in the log. */
int  serve_privdrop(const struct serve_opts *o);
/* The language named by the client's environment ("vi", "en"), or NULL. */
const char *serve_spawn_lang(const struct serve_conn *c);
/* "vi" or "en" for a LANG/LC_* value naming one of them, else "". */
const char *serve_spawn_reduce_lang(const char *value);
/* TERM from the pty request if it is a sane terminal name, else "xterm". */
void serve_spawn_term(char *dst, size_t size, const char *term);

/* verifier.c. The verification worker: one long-lived process, forked by the
 * listener when the configuration names a gateway, that sends the queued identity
 * checks (db/verify.h) through the worker loop of verify/worker.h. The listener keeps this record and
 * restarts the worker, rate-limited, when it dies; no gateway or SQLite code runs
 * in the listener. */
struct serve_verifier {
	pid_t	 pid;		/* 0: not running */
	int	 life;		/* listener's end of the life pipe (never written), -1 */
	double	 started;	/* clock_mono_s() at the last start */
	double	 restart_at;	/* when to start again; 0: not waiting to */
	double	 delay;		/* the wait before the next restart */
	int	 disabled;	/* not restarted (configuration refused) */
};
/* enabled: the configuration has gateway.url (else the worker is never started). */
void serve_verifier_init(struct serve_verifier *v, int enabled);
/* The listener forked the worker as pid, keeping life (the pipe's write end). */
void serve_verifier_started(struct serve_verifier *v, pid_t pid, int life);
/* True (and the restart is scheduled) when pid, reaped with wait status st, was
 * the worker. */
int  serve_verifier_reaped(struct serve_verifier *v, pid_t pid, int st);
/* True when a worker should be started now (first start or a due restart). */
int  serve_verifier_due(const struct serve_verifier *v);
/* Ask a running worker to stop (SIGTERM); no restart follows. */
void serve_verifier_stop(struct serve_verifier *v);
/* The worker itself, in the forked process: life is the pipe's read end, at end of
 * file once the listener is gone. Never returns. */
void serve_verifier_run(const struct serve_opts *o, int life) __attribute__((noreturn));

/* backups.c. Scheduled backups (backup.every): the listener forks one process per
 * backup and reaps it; the next is due backup_every seconds after the last began. */
struct serve_backups {
	pid_t	 pid;		/* the backup running, 0: none */
	double	 next;		/* clock_mono_s() when the next is due; 0: never */
};
void serve_backups_init(struct serve_backups *b, const struct serve_opts *o);
int  serve_backups_due(const struct serve_backups *b, const struct serve_opts *o);
/* The listener forked it as pid (<= 0: the fork failed; tried again next time). */
void serve_backups_started(struct serve_backups *b, const struct serve_opts *o, pid_t pid);
/* True when pid (reaped with status st) was the backup. */
int  serve_backups_reaped(struct serve_backups *b, pid_t pid, int st);
/* The backup itself, in the forked process. Never returns. */
void serve_backups_run(const struct serve_opts *o) __attribute__((noreturn));

/* conn.c. Serve one accepted socket in this (forked) process; exits, never returns. */
void serve_conn_run(const struct serve_opts *o, ssh_bind bind, int fd, const char *peer,
    int ctl) __attribute__((noreturn));
#endif
