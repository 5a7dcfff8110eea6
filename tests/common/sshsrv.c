/*
 * The hoso serve fixture (see sshsrv.h). Everything runs as real processes: the
 * CLI builds the database, ssh-keygen makes the keys, the server prints the port
 * the kernel gave it, and known_hosts is written from the server's own host key so
 * the client checks it strictly.
 */
#define _GNU_SOURCE	/* asprintf, strndup */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/sshsrv.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "core/paths.h"

#include <errno.h>
#include <ftw.h>
#include <pwd.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double
sshsrv_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
sshsrv_die(const char *what, const char *detail)
{
	fprintf(stderr, "sshsrv: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(99);
}

static char *
sshsrv_strdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		abort();
	return p;
}

static char *
sshsrv_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return sshsrv_strdup("");
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		abort();
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static void
sshsrv_write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		sshsrv_die("cannot write", path);
	close(fd);
}

/* Run argv; stdin from input (or /dev/null), stdout+stderr collected. */
static int
sshsrv_run_full(char *const argv[], char *const env[], const char *input, char **output,
    int timeout_ms)
{
	int out[2], in[2];
	if (pipe(out) != 0 || pipe(in) != 0)
		sshsrv_die("pipe", strerror(errno));
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		sshsrv_die("fork", strerror(errno));
	if (pid == 0) {
		setsid();	/* no controlling terminal: ssh must use askpass */
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		for (int i = 0; env != NULL && env[i] != NULL; i++) {
			const char *eq = strchr(env[i], '=');
			if (eq == NULL)
				unsetenv(env[i]);
			else {
				char *name = strndup(env[i], (size_t)(eq - env[i]));
				setenv(name, eq + 1, 1);
				free(name);
			}
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (input != NULL) {
		ssize_t ignored = write(in[1], input, strlen(input));
		(void)ignored;
	}
	close(in[1]);
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		abort();
	double end = sshsrv_now_ms() + timeout_ms;
	int timed_out = 0;
	for (;;) {
		int left = (int)(end - sshsrv_now_ms());
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		struct pollfd p = { .fd = out[0], .events = POLLIN };
		if (poll(&p, 1, left) <= 0)
			continue;
		if (cap - len < 1024) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		ssize_t r = read(out[0], buf + len, cap - len - 1);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	close(out[0]);
	int st;
	if (timed_out) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	} else {
		/* Output closed: the program is ending; give it the rest of the time. */
		while (waitpid(pid, &st, WNOHANG) == 0) {
			if (sshsrv_now_ms() > end) {
				kill(pid, SIGKILL);
				waitpid(pid, &st, 0);
				timed_out = 1;
				break;
			}
			usleep(2000);
		}
	}
	if (output != NULL)
		*output = buf;
	else
		free(buf);
	if (timed_out)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int
sshsrv_run(char *const argv[], char *const env[], char **output, int timeout_ms)
{
	return sshsrv_run_full(argv, env, NULL, output, timeout_ms);
}

int
sshsrv_hoso(const struct sshsrv *s, const char *input, char **output, ...)
{
	char *argv[32];
	int n = 0;
	argv[n++] = (char *)term_hoso_path();
	va_list ap;
	va_start(ap, output);
	const char *a;
	while ((a = va_arg(ap, const char *)) != NULL && n < 28)
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n++] = "--db";
	argv[n++] = s->db;
	argv[n] = NULL;
	char *const env[] = { "HOSO_LANG=en", NULL };
	return sshsrv_run_full(argv, env, input, output, 120000);
}

/* Call as MUST(call, "what") so that out is read after the call filled it. */
#define MUST(call, what) do { int rc_ = (call); sshsrv_must(rc_, out, (what)); } while (0)

static void
sshsrv_must(int rc, char *out, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "sshsrv: %s failed (%d):\n%s\n", what, rc, out ? out : "");
		exit(99);
	}
	free(out);
}

char *
sshsrv_key_path(const struct sshsrv *s, const char *user)
{
	if (strcmp(user, "alice") == 0 || strcmp(user, "bob") == 0)
		return sshsrv_strdup(s->key);
	char name[64];
	snprintf(name, sizeof name, "id_%s", user);
	return tmpdir_path(s->dir, name);
}

static char *
sshsrv_gen_path(void)
{
	const char *hoso = term_hoso_path();
	const char *slash = strrchr(hoso, '/');
	size_t n = slash ? (size_t)(slash - hoso) : 0;
	char *p = malloc(n + 16);
	if (p == NULL)
		abort();
	snprintf(p, n + 16, "%.*s%shoso-gen", (int)n, hoso, n ? "/" : "");
	return p;
}

struct sshsrv *
sshsrv_new(const char *tag, int people, int users, const char *extra_config)
{
	struct sshsrv *s = calloc(1, sizeof *s);
	if (s == NULL)
		abort();
	s->dir = tmpdir_new(tag);
	s->db = tmpdir_path(s->dir, "hoso.db");
	s->config = tmpdir_path(s->dir, "hoso.conf");
	s->log = tmpdir_path(s->dir, "serve.log");
	s->out = tmpdir_path(s->dir, "serve.out");
	s->key = tmpdir_path(s->dir, "id_test");
	s->known_hosts = tmpdir_path(s->dir, "known_hosts");
	s->askpass = tmpdir_path(s->dir, "askpass");
	s->host_key = tmpdir_path(s->dir, "ssh_host_ed25519_key");

	char *conf;
	if (asprintf(&conf, "serve.log = %s\n%s", s->log, extra_config ? extra_config : "") < 0)
		abort();
	sshsrv_write_file(s->config, conf, 0644);
	free(conf);
	sshsrv_write_file(s->askpass, "#!/bin/sh\nprintf '%s\\n' \"$SSHSRV_PW\"\n", 0755);

	char *out = NULL;
	char *kg[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hoso-test",
	    "-f", s->key, NULL };
	MUST(sshsrv_run(kg, NULL, &out, 30000), "ssh-keygen");
	char *pubpath;
	if (asprintf(&pubpath, "%s.pub", s->key) < 0)
		abort();
	char *pub = sshsrv_read_file(pubpath);
	free(pubpath);
	pub[strcspn(pub, "\n")] = '\0';

	if (people > 0) {
		char *gen = sshsrv_gen_path();
		char *gdir = tmpdir_path(s->dir, "gen");
		char count[16];
		snprintf(count, sizeof count, "%d", people);
		char *ga[] = { gen, "--people", count, "--out", gdir, "--items-per-person", "0",
		    "--quiet", NULL };
		MUST(sshsrv_run(ga, NULL, &out, 120000), "hoso-gen");
		char *orgs = tmpdir_path(gdir, "orgs.csv");
		char *ppl = tmpdir_path(gdir, "people.csv");
		MUST(sshsrv_hoso(s, NULL, &out, "org", "import", orgs, NULL), "hoso org import");
		MUST(sshsrv_hoso(s, NULL, &out, "import", ppl, NULL), "hoso import");
		free(orgs);
		free(ppl);
		free(gdir);
		free(gen);
	}
	MUST(sshsrv_hoso(s, SSHSRV_PASSWORD "\n", &out, "user", "add", "alice", "--role",
	    "admin", "--name", "Alice Test", "--password-stdin", NULL), "hoso user add alice");
	MUST(sshsrv_hoso(s, NULL, &out, "user", "key", "add", "alice", pub, NULL),
	    "hoso user key add");
	MUST(sshsrv_hoso(s, SSHSRV_PASSWORD "\n", &out, "user", "add", "bob", "--role",
	    "admin", "--password-stdin", NULL), "hoso user add bob");
	MUST(sshsrv_hoso(s, NULL, &out, "user", "lock", "bob", NULL), "hoso user lock");
	/* A key belongs to one account: each uN has its own. */
	for (int i = 0; i < users; i++) {
		char name[16];
		snprintf(name, sizeof name, "u%d", i);
		char *kpath = sshsrv_key_path(s, name);
		char *ka[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name,
		    "-f", kpath, NULL };
		MUST(sshsrv_run(ka, NULL, &out, 30000), "ssh-keygen uN");
		char *kp;
		if (asprintf(&kp, "%s.pub", kpath) < 0)
			abort();
		char *upub = sshsrv_read_file(kp);
		upub[strcspn(upub, "\n")] = '\0';
		/* Key-only accounts: the key is given as the account is made. */
		MUST(sshsrv_hoso(s, NULL, &out, "user", "add", name, "--role", "admin", "--key",
		    upub, NULL), "hoso user add uN --key");
		free(upub);
		free(kp);
		free(kpath);
	}
	free(pub);
	return s;
}

/* known_hosts from the host key the server made: the client then checks it with
 * StrictHostKeyChecking=yes, which is also a check of the key file. */
static void
sshsrv_known_hosts(struct sshsrv *s)
{
	char *out = NULL;
	char *kg[] = { "ssh-keygen", "-y", "-f", s->host_key, NULL };
	if (sshsrv_run(kg, NULL, &out, 30000) != 0)
		sshsrv_die("ssh-keygen -y on the host key", out);
	out[strcspn(out, "\n")] = '\0';
	char *line;
	if (asprintf(&line, "[127.0.0.1]:%s %s\n", s->port, out) < 0)
		abort();
	sshsrv_write_file(s->known_hosts, line, 0644);
	free(line);
	free(out);
}

static uid_t chown_uid;
static gid_t chown_gid;

static int
chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (lchown(path, chown_uid, chown_gid) != 0)
		sshsrv_die("chown to the server's account", path);
	return 0;
}

/*
 * Started as root (CI runs as root), hoso serve refuses to run without
 * serve.user, as in production: the server then runs as SSHSRV_USER, like a
 * real installation under its service account, and everything of the test
 * (database, log, configuration, the sanitizer's reports) belongs to that
 * account, as the installation guide says. The test itself, as root, still
 * reads and writes it all. Done at each start: tests rewrite the configuration.
 */
static void
sshsrv_as_service_account(struct sshsrv *s)
{
	if (geteuid() != 0)
		return;
	struct passwd *pw = getpwnam(SSHSRV_USER);
	if (pw == NULL)
		sshsrv_die("no account " SSHSRV_USER, "the tests run the server as it");
	chown_uid = pw->pw_uid;
	chown_gid = pw->pw_gid;
	char *conf = sshsrv_read_file(s->config);
	if (strstr(conf, "serve.user") == NULL) {
		FILE *f = fopen(s->config, "a");
		if (f == NULL)
			sshsrv_die("append to", s->config);
		fprintf(f, "%sserve.user = " SSHSRV_USER "\n",
		    *conf && conf[strlen(conf) - 1] != '\n' ? "\n" : "");
		fclose(f);
	}
	free(conf);
	/* The service account may not reach the source tree (a clone in a private
	 * folder), as it would not reach a developer's home: like an installation,
	 * it gets the forms and catalogs in a place of its own. */
	char *forms, *locale;
	if (asprintf(&forms, "%s/forms", s->dir) < 0 || asprintf(&locale, "%s/locale", s->dir) < 0)
		abort();
	struct stat st;
	if (stat(forms, &st) != 0) {
		char *out = NULL;
		char *cp[] = { "cp", "-R", (char *)paths_forms_dir(), forms, NULL };
		if (sshsrv_run(cp, NULL, &out, 30000) != 0)
			sshsrv_die("copy the forms", out);
		free(out);
		out = NULL;
		char *cl[] = { "cp", "-R", (char *)paths_locale_dir(), locale, NULL };
		if (sshsrv_run(cl, NULL, &out, 30000) != 0)
			sshsrv_die("copy the catalogs", out);
		free(out);
	}
	free(forms);
	free(locale);
	/* The log exists before the server opens it (as root): so it is the account's. */
	int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd >= 0)
		close(fd);
	if (nftw(s->dir, chown_one, 16, FTW_PHYS) != 0)
		sshsrv_die("chown", s->dir);
}

bool
sshsrv_start(struct sshsrv *s)
{
	sshsrv_as_service_account(s);
	/* Only this start's output counts. */
	sshsrv_write_file(s->out, "", 0644);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		sshsrv_die("fork", strerror(errno));
	if (pid == 0) {
		int fd = open(s->out, O_WRONLY | O_APPEND);
		int null = open("/dev/null", O_RDONLY);
		if (fd < 0 || null < 0)
			_exit(127);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
		close(null);
		setenv("HOSO_LANG", "en", 1);
		if (geteuid() == 0) {
			char where[1024];
			snprintf(where, sizeof where, "%s/forms", s->dir);
			setenv("HOSO_FORMS", where, 1);
			snprintf(where, sizeof where, "%s/locale", s->dir);
			setenv("HOSO_LOCALEDIR", where, 1);
		}
		/* Sanitizer reports of the server, its connection processes and the UIs
		 * they start land in files the fixture checks (sshsrv_free). */
		char san[1024];
		snprintf(san, sizeof san, "log_path=%s/sanitizer", s->dir);
		setenv("ASAN_OPTIONS", san, 1);
		snprintf(san, sizeof san, "log_path=%s/sanitizer:print_stacktrace=1", s->dir);
		setenv("UBSAN_OPTIONS", san, 1);
		execl(term_hoso_path(), "hoso", "serve", "--db", s->db, "--config", s->config,
		    "--host-key", s->host_key, "--listen", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	s->pid = pid;
	double end = sshsrv_now_ms() + 20000;
	while (sshsrv_now_ms() < end) {
		char *text = sshsrv_read_file(s->out);
		const char *at = strstr(text, "listening on 127.0.0.1:");
		if (at != NULL) {
			at += strlen("listening on 127.0.0.1:");
			size_t n = strspn(at, "0123456789");
			if (n > 0 && n < sizeof s->port && at[n] == '\n') {
				memcpy(s->port, at, n);
				s->port[n] = '\0';
				free(text);
				sshsrv_known_hosts(s);
				return true;
			}
		}
		free(text);
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			s->pid = 0;
			return false;
		}
		usleep(10000);
	}
	return false;
}

int
sshsrv_stop(struct sshsrv *s, int timeout_ms)
{
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	double end = sshsrv_now_ms() + timeout_ms;
	int st;
	while (waitpid(s->pid, &st, WNOHANG) == 0) {
		if (sshsrv_now_ms() > end) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &st, 0);
			s->pid = 0;
			return -1;
		}
		usleep(5000);
	}
	s->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Print the sanitizer reports any server-side process wrote; true if none. */
static bool
sshsrv_sanitizer_clean(const struct sshsrv *s)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "ls %s/sanitizer.* >/dev/null 2>&1", s->dir);
	if (system(cmd) != 0)
		return true;
	snprintf(cmd, sizeof cmd, "cat %s/sanitizer.* >&2", s->dir);
	int ignored = system(cmd);
	(void)ignored;
	return false;
}

void
sshsrv_free(struct sshsrv *s)
{
	if (s == NULL)
		return;
	if (s->pid > 0)
		sshsrv_stop(s, 30000);
	bool clean = sshsrv_sanitizer_clean(s);
	if (getenv("SSHSRV_KEEP") != NULL)
		fprintf(stderr, "sshsrv: kept %s\n", s->dir);
	else
		tmpdir_remove(s->dir);
	free(s->db);
	free(s->config);
	free(s->log);
	free(s->out);
	free(s->key);
	free(s->known_hosts);
	free(s->askpass);
	free(s->host_key);
	free(s);
	if (!clean) {
		fprintf(stderr, "sshsrv: a server-side process reported a sanitizer error\n");
		exit(1);
	}
}

char **
sshsrv_ssh_argv(const struct sshsrv *s, const char *user, bool key, const char *method,
    const char *const *opts, const char *command)
{
	char **v = calloc(64, sizeof *v);
	if (v == NULL)
		abort();
	int n = 0;
#define ADD(x) (v[n++] = sshsrv_strdup(x))
	char buf[512];
	ADD("ssh");
	/* The caller's options first: for ssh the first value given wins. */
	for (int i = 0; opts != NULL && opts[i] != NULL && n < 40; i++)
		ADD(opts[i]);
	ADD("-F");
	ADD("/dev/null");
	snprintf(buf, sizeof buf, "UserKnownHostsFile=%s", s->known_hosts);
	ADD("-o");
	ADD(buf);
	ADD("-o");
	ADD("GlobalKnownHostsFile=/dev/null");
	ADD("-o");
	ADD("StrictHostKeyChecking=yes");
	ADD("-o");
	ADD("ConnectTimeout=20");
	ADD("-p");
	ADD(s->port);
	if (key) {
		char *kp = sshsrv_key_path(s, user);
		ADD("-i");
		ADD(kp);
		free(kp);
		ADD("-o");
		ADD("IdentitiesOnly=yes");
		ADD("-o");
		ADD("BatchMode=yes");
		ADD("-o");
		ADD("PreferredAuthentications=publickey");
	} else {
		snprintf(buf, sizeof buf, "PreferredAuthentications=%s",
		    method ? method : "password");
		ADD("-o");
		ADD(buf);
		ADD("-o");
		ADD("PubkeyAuthentication=no");
		ADD("-o");
		ADD("NumberOfPasswordPrompts=1");
	}
	snprintf(buf, sizeof buf, "%s@127.0.0.1", user);
	ADD(buf);
	if (command != NULL)
		ADD(command);
#undef ADD
	return v;
}

void
sshsrv_argv_free(char **argv)
{
	for (int i = 0; argv != NULL && argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

char *const *
sshsrv_askpass_env(const struct sshsrv *s, const char *password)
{
	static char askpass[600], pw[300];
	static char *env[5];
	snprintf(askpass, sizeof askpass, "SSH_ASKPASS=%s", s->askpass);
	snprintf(pw, sizeof pw, "SSHSRV_PW=%s", password);
	env[0] = askpass;
	env[1] = "SSH_ASKPASS_REQUIRE=force";
	env[2] = pw;
	env[3] = "DISPLAY";	/* unset: force needs no display */
	env[4] = NULL;
	return env;
}

int
sshsrv_log_count(const struct sshsrv *s, const char *text)
{
	char *log = sshsrv_read_file(s->log);
	int n = 0;
	for (const char *p = log; (p = strstr(p, text)) != NULL; p += strlen(text))
		n++;
	free(log);
	return n;
}

bool
sshsrv_log_wait(const struct sshsrv *s, const char *text, int timeout_ms)
{
	double end = sshsrv_now_ms() + timeout_ms;
	do {
		if (sshsrv_log_count(s, text) > 0)
			return true;
		usleep(10000);
	} while (sshsrv_now_ms() < end);
	return false;
}

long long
sshsrv_sql_int(const struct sshsrv *s, const char *sql)
{
	sqlite3 *db;
	if (sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		sshsrv_die("sqlite3_open", s->db);
	sqlite3_busy_timeout(db, 10000);
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		sshsrv_die(sqlite3_errmsg(db), sql);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

struct sshsrv *
sshsrv_new_started(const char *tag, int people, int users, const char *extra_config)
{
	struct sshsrv *s = sshsrv_new(tag, people, users, extra_config);
	if (!sshsrv_start(s)) {
		sshsrv_free(s);
		return NULL;
	}
	return s;
}

int
sshsrv_cm_teardown(void **state)
{
	struct sshsrv *s = *state;
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	sshsrv_free(s);
	return 0;
}
