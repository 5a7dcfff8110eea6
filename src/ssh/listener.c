/*
 * The listener: bind, accept, fork one connection process per client, reap them.
 * It does no SSH itself (libssh runs only in the children), so no client input
 * ever reaches this process, and it keeps the counts that span connections:
 * connections not yet signed in (in all and per source address) and sessions
 * (in all and per account). A connection process says over its socketpair (ctl.c)
 * when its key exchange is done and when a sign-in fails, which admit.c weighs
 * when places run short; it reports its account and waits for the verdict; its
 * end closing, or SIGCHLD, ends its entry. Connections turned away are logged as
 * summaries (refusals.c).
 *
 * With a gateway configured it also forks the verification worker (verifier.c)
 * and starts it again if it dies; the listener itself never runs gateway or
 * SQLite code.
 *
 * SIGTERM or SIGINT: close the listening socket, pass SIGTERM to every
 * connection process (each tells its UI to keep a draft and leave) and to the
 * worker, wait up to shutdown_grace (plus a margin) for them, SIGKILL the rest, end.
 */
#define _GNU_SOURCE	/* accept4, pipe2 */
#include "ssh/serve_internal.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/logfile.h"
#include "core/sessfile.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Connections turned away are summed up in one log line this often. */
#define REFUSALS_INTERVAL_S 10

struct listener {
	const struct serve_opts *o;
	int		 lfd;
	int		 sigfd;
	ssh_bind	 bind;
	struct serve_child	*kids;
	int		 nkids, cap;
	struct pollfd	*pfd;		/* the loop's, kept here to be freed in children */
	int		 pcap;
	struct serve_verifier ver;	/* the verification worker */
	struct serve_refusals *refusals;	/* counted, logged as summaries */
	int		 sessions_changed;	/* the sessions file is to be written */
	struct serve_backups backups;	/* scheduled backups (backups.c) */
};

/* The signed-in sessions, published beside the database (core/sessfile.h) for
 * hoso sessions and hoso restore. */
static void
listener_publish(struct listener *l)
{
	l->sessions_changed = 0;
	struct sessfile_entry *e = xcalloc((size_t)l->nkids + 1, sizeof *e);
	int n = 0;
	for (int i = 0; i < l->nkids; i++) {
		const struct serve_child *k = &l->kids[i];
		if (k->state != CHILD_SESSION)
			continue;
		e[n].pid = k->pid;
		snprintf(e[n].account, sizeof e[n].account, "%s", k->account);
		snprintf(e[n].peer, sizeof e[n].peer, "%s", k->peer);
		e[n].since = (time_t)k->since;
		e[n].last_input = (time_t)k->last_input;
		n++;
	}
	if (sessfile_write(l->o->db_path, getpid(), e, n) != 0)
		log_warn("cannot write the sessions file of %s: %s", l->o->db_path,
		    strerror(errno));
	free(e);
}

static int
listener_open(const struct serve_opts *o, char *shown, size_t shown_size)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(o->listen_addr, o->listen_port, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, _("hoso serve: cannot use address %s: %s\n"), o->listen_addr,
		    gai_strerror(rc));
		return -1;
	}
	int fd = -1, err = 0;
	for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
			err = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0) {
		fprintf(stderr, _("hoso serve: cannot listen on %s:%s: %s\n"), o->listen_addr,
		    o->listen_port, strerror(err));
		return -1;
	}
	/* The port actually bound: port 0 asks the kernel for a free one (tests). */
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[NI_MAXHOST] = "?", port[NI_MAXSERV] = "?";
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, port, sizeof port,
		    NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(shown, shown_size, strchr(host, ':') ? "[%s]:%s" : "%s:%s", host, port);
	return fd;
}

static void
listener_peer(const struct sockaddr_storage *ss, socklen_t len, char *out, size_t size)
{
	char host[NI_MAXHOST];
	if (getnameinfo((const struct sockaddr *)ss, len, host, sizeof host, NULL, 0,
	    NI_NUMERICHOST) != 0)
		snprintf(host, sizeof host, "?");
	/* One source, one name: an IPv4 client on a dual-stack socket is counted
	 * under its IPv4 address. */
	const char *h = strncmp(host, "::ffff:", 7) == 0 && strchr(host + 7, '.') ? host + 7 : host;
	size_t n = strlen(h);
	if (n >= size)
		n = size - 1;
	memcpy(out, h, n);
	out[n] = '\0';
}

static void
listener_count(const struct listener *l, const char *peer, const char *account,
    int *unauth, int *unauth_peer, int *sessions, int *sessions_account)
{
	*unauth = *unauth_peer = *sessions = *sessions_account = 0;
	for (int i = 0; i < l->nkids; i++) {
		const struct serve_child *k = &l->kids[i];
		if (k->state == CHILD_PREAUTH) {
			(*unauth)++;
			if (peer != NULL && strcmp(k->peer, peer) == 0)
				(*unauth_peer)++;
		} else if (k->state == CHILD_SESSION) {
			(*sessions)++;
			if (account != NULL && strcmp(k->account, account) == 0)
				(*sessions_account)++;
		}
	}
}

/* Take note of connection processes that already closed their end, so the counts
 * are true when a verdict is given: one that ended its session just before
 * (and said so in the log) must not hold a place. Pending "auth" lines are left
 * for the main loop. */
static void
listener_notice_ends(struct listener *l)
{
	for (int i = 0; i < l->nkids; i++) {
		struct serve_child *k = &l->kids[i];
		char b;
		if (k->ctl >= 0 && recv(k->ctl, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
			close(k->ctl);
			k->ctl = -1;
			k->state = CHILD_REFUSED;	/* counted nowhere */
		}
	}
}

/*
 * At most this many connections taken per turn of the loop: a flood keeps the
 * backlog full, and draining it whole (a fork for each admitted) would starve the
 * signed-in connections' questions on their ctl sockets ("may this account open a
 * session?"), which then time out and turn honest users away.
 */
#define ACCEPT_PER_TURN 16

static void
listener_accept(struct listener *l)
{
	const struct serve_opts *o = l->o;
	for (int turn = 0; turn < ACCEPT_PER_TURN; turn++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		int fd = accept4(l->lfd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("accept: %s", strerror(errno));
			return;
		}
		char peer[64];
		listener_peer(&ss, len, peer, sizeof peer);
		listener_notice_ends(l);
		double now = clock_mono_s();
		int shed;
		if (!serve_admit(o, l->kids, l->nkids, peer, now, &shed)) {
			int unauth, unauth_peer, sessions, per_account;
			listener_count(l, peer, NULL, &unauth, &unauth_peer, &sessions, &per_account);
			char why[96];
			snprintf(why, sizeof why, "%d not signed in (%d from there)", unauth,
			    unauth_peer);
			serve_refusals_note(l->refusals, SERVE_REFUSED, peer, why, now);
			close(fd);
			continue;
		}
		if (shed >= 0) {
			struct serve_child *v = &l->kids[shed];
			serve_refusals_note(l->refusals, SERVE_SHED, v->peer, v->kex_done ?
			    "shed to make room (failed to sign in)" :
			    "shed to make room (silent)", now);
			kill(v->pid, SIGKILL);
			v->killed = 1;
			v->state = CHILD_REFUSED;
		}
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
			log_warn("socketpair: %s", strerror(errno));
			close(fd);
			continue;
		}
		fflush(NULL);	/* nothing buffered may be written twice */
		pid_t pid = fork();
		if (pid < 0) {
			log_warn("fork: %s", strerror(errno));
			close(fd);
			close(sv[0]);
			close(sv[1]);
			continue;
		}
		if (pid == 0) {
			/* The connection process keeps only its client and its ctl end. */
			close(l->lfd);
			close(sv[0]);
			/* Only the listener holds the worker's life pipe. */
			if (l->ver.life >= 0)
				close(l->ver.life);
			for (int i = 0; i < l->nkids; i++)
				if (l->kids[i].ctl >= 0)
					close(l->kids[i].ctl);
			free(l->kids);
			free(l->pfd);
			serve_refusals_free(l->refusals);
			serve_conn_run(o, l->bind, fd, peer, sv[1]);
		}
		close(fd);
		close(sv[1]);
		if (l->nkids == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->kids = xrealloc(l->kids, sizeof *l->kids * (size_t)l->cap);
		}
		struct serve_child *k = &l->kids[l->nkids++];
		memset(k, 0, sizeof *k);
		k->pid = pid;
		k->ctl = sv[0];
		k->state = CHILD_PREAUTH;
		k->started = clock_mono_s();
		snprintf(k->peer, sizeof k->peer, "%s", peer);
	}
}

/* Fork the verification worker; it keeps nothing of the listener's but the read
 * end of its life pipe (and the log). */
/* In a forked worker: let go of what only the listener uses. */
static void
listener_forget(struct listener *l)
{
	close(l->lfd);
	for (int i = 0; i < l->nkids; i++)
		if (l->kids[i].ctl >= 0)
			close(l->kids[i].ctl);
	free(l->kids);
	free(l->pfd);
	serve_refusals_free(l->refusals);
}

static void
listener_start_verifier(struct listener *l)
{
	int life[2];
	if (pipe2(life, O_CLOEXEC) != 0) {
		log_warn("verifier: pipe: %s", strerror(errno));
		serve_verifier_started(&l->ver, 0, -1);
		l->ver.restart_at = clock_mono_s() + 5;
		return;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		log_warn("verifier: fork: %s", strerror(errno));
		close(life[0]);
		close(life[1]);
		serve_verifier_started(&l->ver, 0, -1);
		l->ver.restart_at = clock_mono_s() + 5;
		return;
	}
	if (pid == 0) {
		close(life[1]);
		listener_forget(l);
		serve_verifier_run(l->o, life[0]);
	}
	close(life[0]);
	serve_verifier_started(&l->ver, pid, life[1]);
}

/* A scheduled backup in a process of its own (backups.c): a backup of a national
 * database takes minutes, and the listener must go on accepting. */
static void
listener_start_backup(struct listener *l)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		log_warn("backup: fork: %s", strerror(errno));
	if (pid == 0) {
		listener_forget(l);
		serve_backups_run(l->o);
	}
	serve_backups_started(&l->backups, l->o, pid);
}

static void
listener_verdict(struct listener *l, struct serve_child *k, const char *account)
{
	listener_notice_ends(l);
	int unauth, unauth_peer, sessions, per_account;
	listener_count(l, NULL, account, &unauth, &unauth_peer, &sessions, &per_account);
	enum serve_verdict v = SERVE_VERDICT_OK;
	if (k->state != CHILD_PREAUTH)
		v = SERVE_VERDICT_FULL;	/* one sign-in per connection */
	else if (sessions >= l->o->max_sessions)
		v = SERVE_VERDICT_FULL;
	else if (per_account >= l->o->max_sessions_per_account)
		v = SERVE_VERDICT_FULL_ACCOUNT;
	snprintf(k->account, sizeof k->account, "%s", account);
	k->state = v == SERVE_VERDICT_OK ? CHILD_SESSION : CHILD_REFUSED;
	if (v == SERVE_VERDICT_OK) {
		k->since = k->last_input = (long long)time(NULL);
		l->sessions_changed = 1;
	}
	serve_ctl_reply(k->ctl, v);
}

static void
listener_read_ctl(struct listener *l, struct serve_child *k)
{
	char account[64];
	int r;
	while ((r = serve_ctl_read(k->ctl, k->buf, &k->len, sizeof k->buf, account,
	    sizeof account)) > 0) {
		if (r == SERVE_CTL_AUTH)
			listener_verdict(l, k, account);
		else if (r == SERVE_CTL_KEX)
			k->kex_done = 1;
		else if (r == SERVE_CTL_FAIL)
			k->failures++;
		else if (r == SERVE_CTL_INPUT && k->state == CHILD_SESSION) {
			k->last_input = (long long)time(NULL);
			l->sessions_changed = 1;
		}
		else if (r == SERVE_CTL_NOKEX) {
			char why[96];
			snprintf(why, sizeof why, "key exchange failed: %s", account);
			serve_refusals_note(l->refusals, SERVE_SILENT, k->peer, why, clock_mono_s());
			k->state = CHILD_REFUSED;	/* leaving: counted once, nowhere else */
		}
	}
	if (r < 0) {
		close(k->ctl);
		k->ctl = -1;
		/* Its session (or its wait to sign in) is over: it counts nowhere. */
		if (k->state == CHILD_SESSION)
			l->sessions_changed = 1;
		k->state = CHILD_REFUSED;
	}
}

static void
listener_reap(struct listener *l)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (serve_verifier_reaped(&l->ver, pid, st) ||
		    serve_backups_reaped(&l->backups, pid, st))
			continue;
		for (int i = 0; i < l->nkids; i++) {
			struct serve_child *k = &l->kids[i];
			if (k->pid != pid)
				continue;
			if (WIFSIGNALED(st) && !k->killed)
				log_warn("connection process %d (%s%s%s) died of signal %d",
				    (int)pid, k->peer, k->account[0] ? ", account " : "",
				    k->account, WTERMSIG(st));
			if (k->ctl >= 0)
				close(k->ctl);
			if (k->state == CHILD_SESSION)
				l->sessions_changed = 1;
			l->kids[i] = l->kids[--l->nkids];
			break;
		}
	}
}

/* A connection silent past kex_grace goes (counted in the summary, not a line
 * each: that is what an attacker holding places looks like). And the backstop for
 * the children's own sign-in deadline: one hung before it could check the clock
 * (in a blocking libssh call) still goes. */
static void
listener_enforce_grace(struct listener *l)
{
	double now = clock_mono_s();
	for (int i = 0; i < l->nkids; i++) {
		struct serve_child *k = &l->kids[i];
		if (k->state == CHILD_PREAUTH && !k->killed && !k->kex_done &&
		    now - k->started > l->o->kex_grace) {
			char why[64];
			snprintf(why, sizeof why, "no key exchange within %d s", l->o->kex_grace);
			serve_refusals_note(l->refusals, SERVE_SILENT, k->peer, why, now);
			kill(k->pid, SIGKILL);
			k->killed = 1;
			k->state = CHILD_REFUSED;
			continue;
		}
		if (k->state == CHILD_PREAUTH && !k->killed &&
		    now - k->started > l->o->grace_time + 10) {
			log_warn("connection from %s not signed in after %d s: killed", k->peer,
			    l->o->grace_time);
			kill(k->pid, SIGKILL);
			k->killed = 1;
		}
	}
}

static void
listener_shutdown(struct listener *l)
{
	log_info("stopping: %d connection(s) to end", l->nkids);
	for (int i = 0; i < l->nkids; i++)
		kill(l->kids[i].pid, SIGTERM);
	serve_verifier_stop(&l->ver);
	double deadline = clock_mono_s() + l->o->shutdown_grace + 5;
	while ((l->nkids > 0 || l->ver.pid > 0) && clock_mono_s() < deadline) {
		struct pollfd p = { .fd = l->sigfd, .events = POLLIN };
		poll(&p, 1, 200);
		serve_sig_take();
		listener_reap(l);
	}
	for (int i = 0; i < l->nkids; i++) {
		log_warn("connection process %d did not end in time: killed",
		    (int)l->kids[i].pid);
		l->kids[i].killed = 1;
		kill(l->kids[i].pid, SIGKILL);
	}
	if (l->ver.pid > 0) {
		log_warn("verifier process %d did not end in time: killed", (int)l->ver.pid);
		kill(l->ver.pid, SIGKILL);
	}
	while (l->nkids > 0 || l->ver.pid > 0) {
		int st;
		pid_t pid = waitpid(-1, &st, 0);
		if (pid < 0 && errno != EINTR)
			break;
		if (pid > 0 && !serve_verifier_reaped(&l->ver, pid, st)) {
			for (int i = 0; i < l->nkids; i++)
				if (l->kids[i].pid == pid) {
					if (l->kids[i].ctl >= 0)
						close(l->kids[i].ctl);
					l->kids[i] = l->kids[--l->nkids];
					break;
				}
		}
	}
	log_info("stopped");
}

static void
listener_loop(struct listener *l)
{
	for (;;) {
		int sigs = serve_sig_take();
		if (sigs & SERVE_SIG_CHLD)
			listener_reap(l);
		if (sigs & SERVE_SIG_TERM)
			break;
		listener_enforce_grace(l);
		serve_refusals_flush(l->refusals, clock_mono_s(), 0);
		if (serve_verifier_due(&l->ver))
			listener_start_verifier(l);
		serve_witness_tick(l->o);
		if (l->sessions_changed)
			listener_publish(l);
		if (serve_backups_due(&l->backups, l->o))
			listener_start_backup(l);
		if (l->pcap < l->nkids + 2) {
			l->pcap = l->nkids + 16;
			l->pfd = xrealloc(l->pfd, sizeof *l->pfd * (size_t)l->pcap);
		}
		struct pollfd *p = l->pfd;
		int np = 0;
		p[np].fd = l->sigfd;
		p[np++].events = POLLIN;
		p[np].fd = l->lfd;
		p[np++].events = POLLIN;
		for (int i = 0; i < l->nkids; i++) {
			p[np].fd = l->kids[i].ctl;	/* -1 is ignored by poll */
			p[np++].events = POLLIN;
		}
		int n = poll(p, (nfds_t)np, 1000);
		if (n < 0 && errno != EINTR) {
			log_warn("poll: %s", strerror(errno));
			break;
		}
		if (n <= 0)
			continue;
		/* Children first: their index matches p[] only before accept adds more. */
		for (int i = 0; i < l->nkids && 2 + i < np; i++)
			if (p[2 + i].fd >= 0 && p[2 + i].fd == l->kids[i].ctl && p[2 + i].revents)
				listener_read_ctl(l, &l->kids[i]);
		if (p[1].revents & POLLIN)
			listener_accept(l);
	}
	free(l->pfd);
	l->pfd = NULL;
}

int
serve_run(const struct serve_opts *o)
{
	if (serve_privdrop_check(o) != 0)
		return 1;
	if (o->log_path != NULL)
		logfile_open(o->log_path);
	ssh_init();
	ssh_key key = NULL;
	int created = 0;
	char *err = NULL;
	if (serve_hostkey_load(o->host_key, &key, &created, &err) != 0) {
		fprintf(stderr, "hoso serve: %s\n", err);
		free(err);
		ssh_finalize();
		return 1;
	}
	char *fp = serve_hostkey_fingerprint(key);
	struct listener l;
	memset(&l, 0, sizeof l);
	l.o = o;
	serve_verifier_init(&l.ver, o->verify);
	l.bind = ssh_bind_new();
	bool no = false;
	int verbosity = SSH_LOG_NOLOG;
	if (l.bind == NULL ||
	    ssh_bind_options_set(l.bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no) != SSH_OK ||
	    ssh_bind_options_set(l.bind, SSH_BIND_OPTIONS_LOG_VERBOSITY, &verbosity) != SSH_OK ||
	    ssh_bind_options_set(l.bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) != SSH_OK) {
		/* IMPORT_KEY took the key only on success. */
		fprintf(stderr, _("hoso serve: cannot use host key %s\n"), o->host_key);
		ssh_key_free(key);
		ssh_bind_free(l.bind);
		free(fp);
		ssh_finalize();
		return 1;
	}
	char shown[128];
	l.lfd = listener_open(o, shown, sizeof shown);
	if (l.lfd < 0 || serve_privdrop(o) != 0) {
		ssh_bind_free(l.bind);
		free(fp);
		ssh_finalize();
		return 1;
	}
	l.sigfd = serve_sig_init();
	if (created)
		printf(_("hoso serve: created host key %s\n"), o->host_key);
	printf(_("hoso serve: host key fingerprint %s\n"), fp);
	printf(_("hoso serve: listening on %s\n"), shown);
	if (o->verify)
		printf(_("hoso serve: queued identity checks go to the population gateway "
		    "(queue looked at every %d s)\n"), o->verify_interval);
	fflush(stdout);
	log_info("listening on %s, host key %s %s, database %s", shown, o->host_key, fp,
	    o->db_path);
	free(fp);

	l.refusals = serve_refusals_new(REFUSALS_INTERVAL_S);
	serve_backups_init(&l.backups, o);
	listener_publish(&l);
	listener_loop(&l);

	close(l.lfd);
	serve_refusals_flush(l.refusals, clock_mono_s(), 1);
	listener_shutdown(&l);
	sessfile_remove(o->db_path);
	free(l.kids);
	serve_refusals_free(l.refusals);
	ssh_bind_free(l.bind);
	ssh_finalize();
	return 0;
}
