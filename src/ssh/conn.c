/*
 * One connection, in its own process (forked by the listener after accept): key
 * exchange, sign-in within the grace time and the failure limit, then the session.
 * A crash or hang here touches no other connection.
 *
 * The database is opened here, after the fork, only for signing in, and closed
 * before the UI starts (the UI opens its own).
 */
#include "ssh/serve_internal.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Interactive typing wants no Nagle delay; dead links must be noticed even when
 * nobody types: TCP keepalives while idle, and TCP_USER_TIMEOUT when data (our
 * SSH keepalives included) stays unacknowledged. */
static void
conn_socket_options(int fd, const struct serve_opts *o)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (o->keepalive <= 0)
		return;
	int idle = o->keepalive, cnt = o->keepalive_count;
	unsigned int user_timeout = (unsigned int)(o->keepalive * (o->keepalive_count + 1)) * 1000u;
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
	setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout, sizeof user_timeout);
}

/* Sign-in phase. 0 once signed in; -1 when the connection is to end. */
static int
conn_sign_in(struct serve_conn *c)
{
	double deadline = c->started + c->o->grace_time;
	while (!c->authenticated) {
		if (c->failures >= c->o->max_auth_tries) {
			log_warn("disconnecting %s: %d failed sign-ins", c->peer, c->failures);
			return -1;
		}
		if (clock_mono_s() > deadline) {
			log_warn("disconnecting %s: not signed in within %d s", c->peer,
			    c->o->grace_time);
			return -1;
		}
		if (serve_sig_take() & SERVE_SIG_TERM)
			return -1;
		if (ssh_event_dopoll(c->event, 200) == SSH_ERROR ||
		    (ssh_get_status(c->ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)))
			return -1;
	}
	return 0;
}

/* The client's address and port, for the audit trail: behind one NAT address many
 * offices differ only by port. */
static void
conn_where(int fd, const char *peer, char *out, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char port[NI_MAXSERV] = "?";
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
		getnameinfo((struct sockaddr *)&ss, len, NULL, 0, port, sizeof port,
		    NI_NUMERICSERV);
	snprintf(out, size, strchr(peer, ':') ? "[%s]:%s" : "%s:%s", peer, port);
}

void
serve_conn_run(const struct serve_opts *o, ssh_bind bind, int fd, const char *peer,
    int ctl)
{
	struct serve_conn *c = xcalloc(1, sizeof *c);
	c->o = o;
	c->ctl = ctl;
	c->master = -1;
	c->vouch = -1;
	c->started = clock_mono_s();
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	conn_where(fd, peer, c->where, sizeof c->where);
	snprintf(c->tag, sizeof c->tag, "ssh:%s:%d", c->where, (int)getpid());
	/* Our own session: a Ctrl-C at the listener's terminal is the listener's to
	 * handle (it forwards SIGTERM), not every connection's. */
	setsid();
	c->sigfd = serve_sig_init();
	conn_socket_options(fd, o);

	int status = 1;
	if (serve_sandbox_enter() != 0)
		goto out;
	c->ssh = ssh_new();
	if (c->ssh == NULL || ssh_bind_accept_fd(bind, c->ssh, fd) != SSH_OK) {
		log_warn("cannot take the connection from %s: %s", peer,
		    ssh_get_error(bind));
		goto out;
	}
	/* Compression matters on slow links; only the delayed kind, which starts
	 * after sign-in, so no compressor sees unauthenticated input. */
	ssh_options_set(c->ssh, SSH_OPTIONS_COMPRESSION_C_S, "zlib@openssh.com,none");
	ssh_options_set(c->ssh, SSH_OPTIONS_COMPRESSION_S_C, "zlib@openssh.com,none");
	long timeout = o->grace_time;
	ssh_options_set(c->ssh, SSH_OPTIONS_TIMEOUT, &timeout);
	serve_auth_install(c);
	if (ssh_handle_key_exchange(c->ssh) != SSH_OK) {
		/* Told to the listener, which sums these up: a client that connects and
		 * hangs up as fast as it can must not write a log line each time. */
		char why[100], note[112];
		serve_clean(why, sizeof why, ssh_get_error(c->ssh));
		snprintf(note, sizeof note, "nokex %s", why);
		serve_ctl_note(c->ctl, note);
		goto out;
	}
	/* No longer silent: the listener will not shed this one to make room. */
	serve_ctl_note(c->ctl, "kex");
	c->event = ssh_event_new();
	if (c->event == NULL || ssh_event_add_session(c->event, c->ssh) != SSH_OK)
		goto out;
	int signed_in = conn_sign_in(c) == 0;
	serve_auth_done(c);
	if (signed_in)
		status = serve_session_run(c);
out:
	serve_auth_done(c);
	if (c->event != NULL) {
		ssh_event_remove_session(c->event, c->ssh);
		ssh_event_free(c->event);
	}
	if (c->ssh != NULL) {
		ssh_disconnect(c->ssh);
		ssh_free(c->ssh);
	}
	if (c->ctl >= 0)
		close(c->ctl);
	free(c);
	exit(status);
}
