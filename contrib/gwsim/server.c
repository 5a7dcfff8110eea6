/*
 * Listener and connection threads. The main thread polls the listening socket and a
 * self-pipe that the SIGTERM/SIGINT handler writes to (the handler does nothing
 * else: only async-signal-safe work there). Each accepted connection gets a detached
 * thread that serves keep-alive requests until the peer leaves, goes idle, or the
 * server stops; on stop the listener closes at once and running answers get a short
 * grace period to finish.
 */
#include "gwsim.h"
#include "core/xalloc.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS	512

static volatile sig_atomic_t stopping;
static int stop_pipe[2] = { -1, -1 };
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t conns_gone = PTHREAD_COND_INITIALIZER;
static int nconns;

bool
sim_stopping(void)
{
	return stopping != 0;
}

static void
on_stop(int sig)
{
	(void)sig;
	int saved = errno;
	stopping = 1;
	if (write(stop_pipe[1], "x", 1) < 0) {
		/* Nothing to do: the flag alone stops the loop at its next wake-up. */
	}
	errno = saved;
}

static void *
conn_main(void *arg)
{
	struct sim_conn *c = arg;
	for (;;) {
		struct sim_request rq;
		if (sim_conn_read(c, &rq) <= 0) {
			sim_request_clear(&rq);
			break;
		}
		struct sim_response resp;
		sim_api_handle(&rq, &resp);
		bool keep = sim_conn_send(c, &resp, rq.keep_alive && !sim_stopping());
		free(resp.body);
		sim_request_clear(&rq);
		if (!keep)
			break;
	}
	sim_conn_free(c);
	pthread_mutex_lock(&conns_lock);
	if (--nconns == 0)
		pthread_cond_signal(&conns_gone);
	pthread_mutex_unlock(&conns_lock);
	return NULL;
}

/* "127.0.0.1:8080" into addr; only IPv4 loopback-style literals are accepted. */
static int
parse_listen(const char *spec, struct sockaddr_in *addr)
{
	const char *colon = strrchr(spec, ':');
	if (colon == NULL)
		return -1;
	char host[64];
	size_t hl = (size_t)(colon - spec);
	if (hl == 0 || hl >= sizeof host)
		return -1;
	memcpy(host, spec, hl);
	host[hl] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535)
		return -1;
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &addr->sin_addr) == 1 ? 0 : -1;
}

int
sim_serve(const struct sim_opts *o)
{
	struct sockaddr_in addr;
	if (parse_listen(o->listen, &addr) != 0) {
		fprintf(stderr, "hoso-gwsim: bad --listen %s (want ADDR:PORT)\n", o->listen);
		return 2;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	socklen_t alen = sizeof addr;
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
	    listen(fd, 128) != 0 || getsockname(fd, (struct sockaddr *)&addr, &alen) != 0) {
		fprintf(stderr, "hoso-gwsim: cannot listen on %s: %s\n", o->listen,
		    strerror(errno));
		return 1;
	}
	if (pipe(stop_pipe) != 0) {
		perror("hoso-gwsim: pipe");
		return 1;
	}
	fcntl(stop_pipe[1], F_SETFL, O_NONBLOCK);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	char ip[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof ip);
	printf("listening on %s:%d\n", ip, ntohs(addr.sin_port));
	fflush(stdout);

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	while (!stopping) {
		struct pollfd pf[2] = {
			{ .fd = fd, .events = POLLIN }, { .fd = stop_pipe[0], .events = POLLIN }
		};
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("hoso-gwsim: poll");
			break;
		}
		if (!(pf[0].revents & POLLIN))
			continue;
		int cfd = accept(fd, NULL, NULL);
		if (cfd < 0)
			continue;
		fcntl(cfd, F_SETFD, FD_CLOEXEC);
		setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		pthread_mutex_lock(&conns_lock);
		bool full = nconns >= MAX_CONNS;
		if (!full)
			nconns++;
		pthread_mutex_unlock(&conns_lock);
		pthread_t t;
		struct sim_conn *c = full ? NULL : sim_conn_new(cfd);
		if (full)
			close(cfd);
		else if (pthread_create(&t, &attr, conn_main, c) != 0) {
			sim_conn_free(c);
			pthread_mutex_lock(&conns_lock);
			nconns--;
			pthread_mutex_unlock(&conns_lock);
		}
	}
	pthread_attr_destroy(&attr);
	close(fd);

	/* Let answers under way finish (bounded), then report and leave. */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 3;
	pthread_mutex_lock(&conns_lock);
	while (nconns > 0 && pthread_cond_timedwait(&conns_gone, &conns_lock, &until) == 0)
		;
	pthread_mutex_unlock(&conns_lock);
	char *s = sim_api_stats_new();
	fprintf(stderr, "hoso-gwsim: stopped; %s\n", s);
	free(s);
	return 0;
}
