/*
 * One session channel: its requests (pty, window change, shell, environment) and
 * the pump between the channel and the pty of the UI process.
 *
 * What a client may ask: a pty, a shell (which is always the UI), window changes,
 * and LANG/LC_* to choose the language. exec, subsystems (sftp), X11 and agent
 * forwarding are refused (no callback, or one returning an error, means libssh
 * answers "failure"); port forwarding never reaches a channel (auth.c's message
 * callback lets libssh refuse it).
 *
 * The pump is one poll loop over the SSH socket, the pty master and the signal
 * pipe; libssh only runs inside ssh_event_dopoll(event, 0) after poll said the
 * socket is ready, so every wait is visible here. Output never outruns the
 * client's channel window (data waits in c->out and the pty is not read), and
 * input never blocks on a busy UI (it waits in c->in).
 *
 * Endings: the UI exits (exit status to the client); the link drops or the client
 * closes the channel (the pty master is closed and the UI gets SIGHUP, which makes
 * it keep a draft of unsaved edits); idle time runs out or the server stops (the
 * UI is told, gets SIGHUP, and the client a line saying why). The UI gets
 * shutdown_grace seconds to finish, then SIGKILL.
 */
#include "ssh/serve_internal.h"
#include "core/clock.h"
#include "ssh/vouch.h"
#include "core/i18n.h"
#include "core/log.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Absurd sizes are bounded: a client may claim 0x0 or 65535x65535. */
#define SESSION_MAX_ROWS 500
#define SESSION_MAX_COLS 1000

static void
session_size(struct serve_conn *c, int cols, int rows, int px, int py)
{
	if (cols <= 0 || rows <= 0) {
		cols = 80;
		rows = 24;
	}
	c->ws.ws_col = (unsigned short)(cols > SESSION_MAX_COLS ? SESSION_MAX_COLS : cols);
	c->ws.ws_row = (unsigned short)(rows > SESSION_MAX_ROWS ? SESSION_MAX_ROWS : rows);
	c->ws.ws_xpixel = (unsigned short)(px > 0 && px < 65536 ? px : 0);
	c->ws.ws_ypixel = (unsigned short)(py > 0 && py < 65536 ? py : 0);
}

static void
session_write_input(struct serve_conn *c)
{
	while (c->in_len > 0 && c->master >= 0) {
		ssize_t w = write(c->master, c->in, c->in_len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;	/* EAGAIN: the pty is full; poll says when */
		c->in_len -= (size_t)w;
		memmove(c->in, c->in + w, c->in_len);
	}
}

static int
session_data(ssh_session s, ssh_channel ch, void *data, uint32_t len, int is_stderr,
    void *ud)
{
	(void)s;
	(void)ch;
	(void)is_stderr;
	struct serve_conn *c = ud;
	if (c->master < 0 || c->ui <= 0 || c->input_closed)
		return (int)len;	/* nobody to type to: drop it */
	c->last_input = clock_mono_s();
	if (c->last_input - c->input_noted >= SERVE_INPUT_NOTE_S) {
		/* For the idle time hoso sessions shows, not for every key. */
		c->input_noted = c->last_input;
		serve_ctl_note(c->ctl, "input");
	}
	if (c->warned) {
		c->warned = 0;
		serve_vouch_send(c->vouch, SERVE_NOTICE_ACTIVE, 0);
	}
	size_t take = sizeof c->in - c->in_len;
	if (take > len)
		take = len;
	memcpy(c->in + c->in_len, data, take);
	c->in_len += take;
	c->bytes_in += take;
	session_write_input(c);
	/* What does not fit stays in libssh's buffer and comes back with the next
	 * packet; the channel window keeps that bounded. */
	return (int)take;
}

static int
session_pty_request(ssh_session s, ssh_channel ch, const char *term, int cols,
    int rows, int px, int py, void *ud)
{
	(void)s;
	(void)ch;
	struct serve_conn *c = ud;
	if (c->have_pty || c->shell)
		return -1;
	serve_spawn_term(c->term, sizeof c->term, term);
	session_size(c, cols, rows, px, py);
	c->have_pty = 1;
	return 0;
}

static int
session_window_change(ssh_session s, ssh_channel ch, int cols, int rows, int px,
    int py, void *ud)
{
	(void)s;
	(void)ch;
	struct serve_conn *c = ud;
	if (!c->have_pty)
		return -1;
	session_size(c, cols, rows, px, py);
	/* The kernel sends SIGWINCH to the UI, which sees KEY_RESIZE. */
	if (c->master >= 0)
		ioctl(c->master, TIOCSWINSZ, &c->ws);
	return 0;
}

static int
session_shell(ssh_session s, ssh_channel ch, void *ud)
{
	(void)s;
	(void)ch;
	struct serve_conn *c = ud;
	if (c->shell)
		return -1;
	/* Accepted even when it will be refused (no pty, server full), so the client
	 * is there to read why; serve_session_run decides. */
	c->shell = 1;
	return 0;
}

static int
session_exec(ssh_session s, ssh_channel ch, const char *command, void *ud)
{
	(void)s;
	(void)ch;
	(void)command;	/* never logged: it may hold anything */
	struct serve_conn *c = ud;
	log_warn("refused: exec request from %s (account %s)", c->peer, c->account);
	return -1;
}

static int
session_subsystem(ssh_session s, ssh_channel ch, const char *name, void *ud)
{
	(void)s;
	(void)ch;
	struct serve_conn *c = ud;
	char clean[32];
	serve_clean(clean, sizeof clean, name);
	log_warn("refused: subsystem %s from %s (account %s)", clean, c->peer, c->account);
	return -1;
}

static int
session_env(ssh_session s, ssh_channel ch, const char *name, const char *value,
    void *ud)
{
	(void)s;
	(void)ch;
	struct serve_conn *c = ud;
	if (name == NULL || value == NULL || c->shell)
		return -1;
	const char *l = serve_spawn_reduce_lang(value);
	if (strcmp(name, "LANG") == 0)
		snprintf(c->lang_lang, sizeof c->lang_lang, "%s", l);
	else if (strcmp(name, "LC_ALL") == 0)
		snprintf(c->lang_all, sizeof c->lang_all, "%s", l);
	else if (strcmp(name, "LC_MESSAGES") == 0)
		snprintf(c->lang_messages, sizeof c->lang_messages, "%s", l);
	else if (strncmp(name, "LC_", 3) != 0)
		return -1;	/* only the locale variables are honoured */
	/* Other LC_* are accepted and have no effect: the UI always runs in UTF-8. */
	return 0;
}

static void
session_close(ssh_session s, ssh_channel ch, void *ud)
{
	(void)s;
	(void)ch;
	struct serve_conn *c = ud;
	c->closing = 1;
}

void
serve_session_channel_init(struct serve_conn *c)
{
	memset(&c->chan_cb, 0, sizeof c->chan_cb);
	c->chan_cb.userdata = c;
	c->chan_cb.channel_data_function = session_data;
	c->chan_cb.channel_pty_request_function = session_pty_request;
	c->chan_cb.channel_pty_window_change_function = session_window_change;
	c->chan_cb.channel_shell_request_function = session_shell;
	c->chan_cb.channel_exec_request_function = session_exec;
	c->chan_cb.channel_subsystem_request_function = session_subsystem;
	c->chan_cb.channel_env_request_function = session_env;
	c->chan_cb.channel_close_function = session_close;
	/* No x11 or auth-agent callback: libssh then answers "failure". */
	ssh_callbacks_init(&c->chan_cb);
	ssh_set_channel_callbacks(c->chan, &c->chan_cb);
}

static int
session_link_up(struct serve_conn *c)
{
	return !(ssh_get_status(c->ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)) &&
	    c->chan != NULL && !c->closing && ssh_channel_is_open(c->chan);
}

/* Give what waits in c->out to the channel, within its window. */
static void
session_flush_out(struct serve_conn *c)
{
	while (c->out_off < c->out_len && session_link_up(c)) {
		uint32_t win = ssh_channel_window_size(c->chan);
		if (win == 0)
			return;
		size_t n = c->out_len - c->out_off;
		if (n > win)
			n = win;
		int w = ssh_channel_write(c->chan, c->out + c->out_off, (uint32_t)n);
		if (w <= 0)
			return;
		c->out_off += (size_t)w;
		c->bytes_out += (unsigned long long)w;
	}
	if (c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
}

/* Read the UI's output. Returns -1 once the pty is finished (the UI closed it),
 * else 0. */
static int
session_read_pty(struct serve_conn *c)
{
	if (c->out_len != 0 || c->master < 0)
		return 0;
	ssize_t r = read(c->master, c->out, sizeof c->out);
	if (r > 0) {
		c->out_len = (size_t)r;
		session_flush_out(c);
		return 0;
	}
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return -1;	/* EIO: every slave descriptor is closed */
}

static void
session_message(struct serve_conn *c, const char *text)
{
	if (!session_link_up(c))
		return;
	ssh_channel_write(c->chan, "\r\n", 2);
	ssh_channel_write(c->chan, text, (uint32_t)strlen(text));
	ssh_channel_write(c->chan, "\r\n", 2);
}

/* End the channel politely: exit status, EOF, close, and let the bytes leave. */
static void
session_finish(struct serve_conn *c, int status)
{
	if (session_link_up(c)) {
		ssh_channel_request_send_exit_status(c->chan, status);
		ssh_channel_send_eof(c->chan);
		ssh_channel_close(c->chan);
	}
	ssh_blocking_flush(c->ssh, 2000);
	/* Let the client hang up first: it then ends quietly, with the exit status,
	 * rather than with "closed by remote host". */
	double end = clock_mono_s() + 2;
	while (!(ssh_get_status(c->ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)) &&
	    clock_mono_s() < end)
		if (ssh_event_dopoll(c->event, 100) == SSH_ERROR)
			break;
}

static int
session_refuse(struct serve_conn *c, const char *text)
{
	session_message(c, text);
	session_finish(c, 1);
	return 1;
}

static void
session_reap(struct serve_conn *c)
{
	int st;
	if (c->ui > 0 && !c->ui_reaped && waitpid(c->ui, &st, WNOHANG) == c->ui) {
		c->ui_reaped = 1;
		c->ui_status = st;
	}
}

/* Wait for the shell request, within the sign-in grace time. 0 when it came. */
static int
session_wait_shell(struct serve_conn *c)
{
	double deadline = c->started + c->o->grace_time;
	while (!c->shell) {
		if (serve_sig_take() & SERVE_SIG_TERM)
			return -1;
		if (clock_mono_s() > deadline) {
			log_warn("no session opened in time: account %s from %s", c->account,
			    c->peer);
			return -1;
		}
		if (ssh_event_dopoll(c->event, 200) == SSH_ERROR ||
		    (ssh_get_status(c->ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)) ||
		    (c->chan != NULL && c->closing))
			return -1;
	}
	return 0;
}

enum session_end { END_NONE, END_UI, END_LINK, END_IDLE, END_SHUTDOWN, END_ENDED };

static const char *
session_end_name(enum session_end e)
{
	switch (e) {
	case END_UI: return "the program ended";
	case END_LINK: return "the link dropped";
	case END_IDLE: return "idle timeout";
	case END_SHUTDOWN: return "server shutdown";
	case END_ENDED: return "ended by an administrator";
	default: return "?";
	}
}

/* Ask the UI to leave (it keeps a draft on SIGHUP) and stop forwarding input. */
static void
session_hangup(struct serve_conn *c, int close_master)
{
	if (close_master && c->master >= 0) {
		/* Closing the master hangs up the terminal: the kernel sends SIGHUP to
		 * the UI's session. The explicit kill covers a UI that changed its
		 * process group. */
		close(c->master);
		c->master = -1;
	}
	c->in_len = 0;
	c->input_closed = 1;
	if (c->ui > 0 && !c->ui_reaped)
		kill(c->ui, SIGHUP);
}

/* Start the UI, or refuse the session with a line saying why. 0 when the UI runs;
 * else *result is serve_session_run's. */
static int
session_begin(struct serve_conn *c, int *result)
{
	*result = 1;
	if (session_wait_shell(c) != 0)
		return -1;
	ssh_set_blocking(c->ssh, 0);
	if (!c->have_pty)
		*result = session_refuse(c, _("This service needs a terminal: connect with ssh -t."));
	else if (c->verdict == SERVE_VERDICT_FULL_ACCOUNT)
		*result = session_refuse(c, _("This account already has as many sessions open as "
		    "allowed. Close one and try again."));
	else if (c->verdict != SERVE_VERDICT_OK)
		*result = session_refuse(c, _("The server has too many sessions open. Try again "
		    "in a few minutes."));
	else {
		char *err = NULL;
		if (serve_spawn_ui(c, &err) == 0) {
			log_info("session: account %s from %s, TERM=%s, %dx%d, ui pid %d",
			    c->account, c->peer, c->term, c->ws.ws_col, c->ws.ws_row, (int)c->ui);
			return 0;
		}
		log_warn("cannot start the UI for %s from %s: %s", c->account, c->peer, err);
		free(err);
		*result = session_refuse(c, _("The program could not be started. Please tell "
		    "the administrator."));
	}
	return -1;
}

/* The pump's state from one turn of its loop to the next. */
struct pump {
	double		 start;
	double		 next_keepalive;
	double		 kill_at;	/* when the UI, asked to leave, gets SIGKILL */
	double		 reaped_at;
	double		 last_rx;	/* last time the client sent anything */
	uint64_t	 seen_in;	/* wire bytes in, as of last_rx */
	enum session_end why;
	int		 master_done;
	/* This turn's poll set: the client's socket, the pty, the signal pipe. */
	struct pollfd	 p[3];
	int		 np, ip_ssh, ip_pty, timeout;
};

/* The session ends for why: ask the UI to leave, and give it the grace time. */
static void
session_end(struct serve_conn *c, struct pump *pu, enum session_end why, int close_master,
    double now)
{
	pu->why = why;
	session_hangup(c, close_master);
	pu->kill_at = now + c->o->shutdown_grace;
}

/* The ways a session ends other than the UI leaving: the server stopping, the link
 * lost or silent, the idle time (with its warning first). */
static void
session_endings(struct serve_conn *c, struct pump *pu, double now)
{
	int sigs = serve_sig_take();
	if (sigs & SERVE_SIG_CHLD)
		session_reap(c);
	if ((sigs & SERVE_SIG_TERM) && pu->why == END_NONE) {
		serve_vouch_send(c->vouch, SERVE_NOTICE_SHUTDOWN, 0);
		session_end(c, pu, END_SHUTDOWN, 0, now);
	}
	if ((sigs & SERVE_SIG_END) && pu->why == END_NONE) {
		serve_vouch_send(c->vouch, SERVE_NOTICE_SHUTDOWN, 0);
		session_end(c, pu, END_ENDED, 0, now);
	}
	if (pu->why == END_NONE && !session_link_up(c))
		session_end(c, pu, END_LINK, 1, now);
	/* A client that answers none of keepalive_count keepalives is gone, even if
	 * its host still acknowledges TCP (a frozen laptop, a stopped process). */
	if (pu->why == END_NONE && c->o->keepalive > 0 &&
	    now - pu->last_rx > (double)c->o->keepalive * (c->o->keepalive_count + 1)) {
		log_warn("no answer from %s (account %s) for %.0f s: the link is dead",
		    c->peer, c->account, now - pu->last_rx);
		session_end(c, pu, END_LINK, 1, now);
	}
	if (pu->why == END_NONE && c->o->idle_timeout > 0) {
		double idle = now - c->last_input;
		if (idle >= c->o->idle_timeout)
			session_end(c, pu, END_IDLE, 0, now);
		else if (!c->warned && idle >= c->o->idle_timeout - c->o->idle_warning) {
			c->warned = 1;
			int left = (int)(c->o->idle_timeout - idle + 0.5);
			serve_vouch_send(c->vouch, SERVE_NOTICE_IDLE, left);
			/* A bell the client hears even if the UI shows nothing. */
			if (c->out_len == 0 && session_link_up(c))
				ssh_channel_write(c->chan, "\a", 1);
			log_info("idle warning: account %s from %s, %d s left", c->account,
			    c->peer, left);
		}
	}
}

/* True when the pump is done: the UI is gone and its last output has left, or
 * had two seconds to. */
static int
session_drained(struct serve_conn *c, struct pump *pu, double now)
{
	if (c->ui_reaped && pu->reaped_at == 0)
		pu->reaped_at = now;
	return c->ui_reaped && (pu->master_done || c->master < 0 || now - pu->reaped_at > 2);
}

/* What falls due on the clock: the UI's grace time, the next keepalive. */
static void
session_timers(struct serve_conn *c, struct pump *pu, double now)
{
	if (pu->kill_at > 0 && now >= pu->kill_at && !c->ui_reaped) {
		log_warn("ui pid %d did not leave in %d s: killed", (int)c->ui,
		    c->o->shutdown_grace);
		kill(c->ui, SIGKILL);
		pu->kill_at = 0;
	}
	if (c->o->keepalive > 0 && now >= pu->next_keepalive && session_link_up(c) &&
	    pu->why == END_NONE) {
		/* libssh keeps one keepalive outstanding: a call first collects the
		 * previous answer, so a second call is what sends the next one. The
		 * answers are what last_rx sees; unacknowledged data also trips the
		 * socket's TCP_USER_TIMEOUT (conn.c). */
		ssh_send_keepalive(c->ssh);
		ssh_send_keepalive(c->ssh);
		pu->next_keepalive = now + c->o->keepalive;
	}
}

/* What to wait for this turn: the client's socket unless the link is lost; the pty
 * for output only when the channel can take it (or there is nobody to send it
 * to) and for input only when some is pending; the signal pipe always. */
static void
session_poll_set(struct serve_conn *c, struct pump *pu)
{
	pu->np = 0;
	pu->ip_ssh = pu->ip_pty = -1;
	socket_t sfd = ssh_get_fd(c->ssh);
	if (sfd >= 0 && pu->why != END_LINK) {
		pu->ip_ssh = pu->np;
		pu->p[pu->np].fd = sfd;
		pu->p[pu->np].events = POLLIN;
		if (ssh_get_poll_flags(c->ssh) & SSH_WRITE_PENDING)
			pu->p[pu->np].events |= POLLOUT;
		pu->np++;
	}
	if (c->master >= 0 && !pu->master_done) {
		short ev = 0;
		if (c->out_len == 0 && (pu->why == END_LINK ||
		    (session_link_up(c) && ssh_channel_window_size(c->chan) > 0)))
			ev |= POLLIN;
		if (c->in_len > 0)
			ev |= POLLOUT;
		if (ev) {
			pu->ip_pty = pu->np;
			pu->p[pu->np].fd = c->master;
			pu->p[pu->np].events = ev;
			pu->np++;
		}
	}
	pu->p[pu->np].fd = c->sigfd;
	pu->p[pu->np].events = POLLIN;
	pu->np++;
	pu->timeout = c->ui_reaped ? 50 : 1000;	/* once reaped, only its last output */
}

/* Move what poll found ready: the client's packets in, the UI's output out to
 * the channel, the client's keys into the pty. */
static void
session_pump(struct serve_conn *c, struct pump *pu)
{
	struct pollfd *p = pu->p;
	if (pu->ip_ssh >= 0 && p[pu->ip_ssh].revents) {
		if (ssh_event_dopoll(c->event, 0) == SSH_ERROR && pu->why == END_NONE)
			session_end(c, pu, END_LINK, 1, clock_mono_s());
	}
	if (pu->ip_pty >= 0 && (p[pu->ip_pty].revents & (POLLIN | POLLHUP | POLLERR))) {
		if (session_read_pty(c) != 0)
			pu->master_done = 1;
	}
	if (pu->why == END_LINK)
		c->out_off = c->out_len = 0;	/* nobody to show it to */
	if (pu->ip_pty >= 0 && (p[pu->ip_pty].revents & POLLOUT))
		session_write_input(c);
	/* Counted by libssh wherever it read them (a keepalive answer may be read
	 * inside ssh_send_keepalive), so no answer is missed. */
	if (c->wire.in_bytes != pu->seen_in) {
		pu->seen_in = c->wire.in_bytes;
		pu->last_rx = clock_mono_s();
	}
	session_flush_out(c);
	if (c->ui_reaped && pu->ip_pty < 0 && c->out_len == 0)
		pu->master_done = 1;	/* the UI is gone and nothing is pending */
	if (c->ui_reaped && pu->timeout == 50 && pu->ip_pty >= 0 && p[pu->ip_pty].revents == 0)
		pu->master_done = 1;	/* a helper kept the pty open: do not wait */
}

/* The UI must be gone before this process is (its draft is written by then, and
 * the listener's count stays true): wait out its grace time, then kill it. */
static void
session_await_ui(struct serve_conn *c, struct pump *pu)
{
	while (!c->ui_reaped) {
		double now = clock_mono_s();
		if (pu->kill_at == 0)
			pu->kill_at = now + c->o->shutdown_grace;
		if (now >= pu->kill_at) {
			kill(c->ui, SIGKILL);
			waitpid(c->ui, &c->ui_status, 0);
			c->ui_reaped = 1;
			break;
		}
		struct pollfd p = { .fd = c->sigfd, .events = POLLIN };
		poll(&p, 1, 100);
		serve_sig_take();
		session_reap(c);
	}
}

/* After the UI: tell the listener, log the session, say why it ended, close the
 * channel with the UI's status. Returns serve_session_run's result. */
static int
session_teardown(struct serve_conn *c, struct pump *pu)
{
	enum session_end why = pu->why;
	/* The session no longer counts: tell the listener (by closing our end) before
	 * the log says it ended. */
	if (c->ctl >= 0) {
		close(c->ctl);
		c->ctl = -1;
	}
	int status = WIFEXITED(c->ui_status) ? WEXITSTATUS(c->ui_status) :
	    WIFSIGNALED(c->ui_status) ? 128 + WTERMSIG(c->ui_status) : 1;
	log_info("session ended: account %s from %s after %.0f s (%s), ui status %d, "
	    "%llu bytes out, %llu in (on the wire %llu out, %llu in)", c->account, c->peer,
	    clock_mono_s() - pu->start, session_end_name(why), status, c->bytes_out,
	    c->bytes_in, (unsigned long long)c->wire.out_bytes,
	    (unsigned long long)c->wire.in_bytes);
	if (why == END_IDLE)
		session_message(c, _("The session was closed after a long time without "
		    "input. Unsaved edits were kept as a draft."));
	else if (why == END_SHUTDOWN)
		session_message(c, _("The server is stopping. Unsaved edits were kept as a "
		    "draft."));
	else if (why == END_ENDED)
		session_message(c, _("An administrator ended this session. Unsaved edits were "
		    "kept as a draft."));
	if (why != END_LINK) {
		ssh_set_blocking(c->ssh, 1);
		session_flush_out(c);
		session_finish(c, status);
	}
	if (c->master >= 0) {
		close(c->master);
		c->master = -1;
	}
	if (c->vouch >= 0) {
		close(c->vouch);
		c->vouch = -1;
	}
	return why == END_UI ? (status == 0 ? 0 : 1) : 0;
}

int
serve_session_run(struct serve_conn *c)
{
	int result;
	if (session_begin(c, &result) != 0)
		return result;
	struct pump pu = { .why = END_NONE };
	pu.start = clock_mono_s();
	c->last_input = pu.start;
	pu.next_keepalive = pu.start + c->o->keepalive;
	pu.last_rx = pu.start;
	ssh_set_counters(c->ssh, &c->wire, NULL);
	pu.seen_in = c->wire.in_bytes;
	for (;;) {
		double now = clock_mono_s();
		session_endings(c, &pu, now);
		if (session_drained(c, &pu, now))
			break;
		session_timers(c, &pu, now);
		session_poll_set(c, &pu);
		if (poll(pu.p, (nfds_t)pu.np, pu.timeout) < 0 && errno != EINTR)
			break;
		session_pump(c, &pu);
	}
	if (pu.why == END_NONE)
		pu.why = END_UI;
	session_await_ui(c, &pu);
	return session_teardown(c, &pu);
}
