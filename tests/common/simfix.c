/*
 * Running the gateway simulator for tests (see simfix.h). The simulator prints its
 * address on stdout once it listens, so the fixture waits for that line rather
 * than sleeping; its counters are read over HTTP with a plain libcurl request.
 */
#include "common/simfix.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct simfix {
	pid_t	pid;
	int	port;
	char	url[64];
};

const char *
simfix_binary(void)
{
	static char path[PATH_MAX + 16];
	const char *env = getenv("HOSO_GWSIM");
	if (env != NULL && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return "hoso-gwsim";
	exe[n] = '\0';
	/* BUILD/tests/gateway/test_x -> BUILD/hoso-gwsim */
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');
		if (slash == NULL)
			return "hoso-gwsim";
		*slash = '\0';
	}
	snprintf(path, sizeof path, "%.*s/hoso-gwsim", PATH_MAX - 1, exe);
	return path;
}

struct simfix *
simfix_start(const char *citizens, const char *const args[])
{
	const char *argv[64];
	int n = 0;
	argv[n++] = simfix_binary();
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	if (citizens != NULL) {
		argv[n++] = "--citizens";
		argv[n++] = citizens;
	}
	for (int i = 0; args != NULL && args[i] != NULL && n < 62; i++)
		argv[n++] = args[i];
	argv[n] = NULL;

	int out[2];
	if (pipe(out) != 0)
		fail_msg("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		/* A test killed by its time limit must not leave simulators behind. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	char line[256];
	size_t len = 0;
	int port = -1;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (port < 0) {
		struct pollfd pf = { .fd = out[0], .events = POLLIN };
		if (poll(&pf, 1, 200) > 0) {
			ssize_t r = read(out[0], line + len, sizeof line - 1 - len);
			if (r <= 0)
				break;
			len += (size_t)r;
			line[len] = '\0';
			const char *p = strstr(line, "listening on 127.0.0.1:");
			if (p != NULL && strchr(p, '\n') != NULL)
				port = atoi(p + strlen("listening on 127.0.0.1:"));
		}
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 10)
			break;
	}
	close(out[0]);
	if (port <= 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("the simulator %s did not start", argv[0]);
	}
	struct simfix *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	s->pid = pid;
	s->port = port;
	snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", port);
	return s;
}

const char *
simfix_url(const struct simfix *s)
{
	return s->url;
}

int
simfix_port(const struct simfix *s)
{
	return s->port;
}

static size_t
collect(char *data, size_t size, size_t nmemb, void *arg)
{
	char **buf = arg;
	size_t old = *buf ? strlen(*buf) : 0, n = size * nmemb;
	char *p = realloc(*buf, old + n + 1);
	if (p == NULL)
		abort();
	memcpy(p + old, data, n);
	p[old + n] = '\0';
	*buf = p;
	return n;
}

static cJSON *
stats(struct simfix *s)
{
	char url[96];
	snprintf(url, sizeof url, "%s/_sim/stats", s->url);
	char *body = NULL;
	CURL *e = curl_easy_init();
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 5000L);
	CURLcode rc = curl_easy_perform(e);
	curl_easy_cleanup(e);
	cJSON *o = rc == CURLE_OK && body ? cJSON_Parse(body) : NULL;
	free(body);
	if (o == NULL)
		fail_msg("cannot read the simulator's statistics");
	return o;
}

long
simfix_stat(struct simfix *s, const char *key)
{
	cJSON *o = stats(s);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	long n = cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
	cJSON_Delete(o);
	return n;
}

char *
simfix_stat_str(struct simfix *s, const char *key)
{
	cJSON *o = stats(s);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char *r = strdup(cJSON_IsString(v) ? v->valuestring : "");
	cJSON_Delete(o);
	if (r == NULL)
		abort();
	return r;
}

void
simfix_stop(struct simfix *s)
{
	if (s == NULL)
		return;
	kill(s->pid, SIGTERM);
	int status = 0;
	pid_t r = 0;
	for (int i = 0; i < 500 && (r = waitpid(s->pid, &status, WNOHANG)) == 0; i++) {
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	if (r == 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		free(s);
		fail_msg("the simulator did not stop on SIGTERM");
	}
	free(s);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("the simulator exited with status %d", status);
}

int
simfix_dead_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		fail_msg("cannot find a free port");
	close(fd);
	return ntohs(a.sin_port);
}
