/*
 * What serving over SSH costs, next to local use of the same UI:
 *   - time from starting the client (TCP connect, key exchange, key sign-in) to the
 *     first full screen, against a local `hoso ui` drawing its first screen;
 *   - memory per idle session (connection process + UI process, PSS and private),
 *     against one local UI signed in;
 *   - search latency as a clerk sees it (ID typed -> person listed) with 50
 *     sessions searching at once, against one local UI searching alone.
 * Everything real: hoso serve on 127.0.0.1, OpenSSH's ssh, the screens read
 * through libvterm. Targets: < 10 MB per session, < 300 ms to the first screen.
 *
 *   bench_ssh [PEOPLE [SESSIONS [IDLE]]]   (defaults 10000 50 20)
 */
#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void
report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("  %-44s median %7.1f ms  p90 %7.1f ms  max %7.1f ms  (n=%d)\n", what,
	    v[n / 2], v[(n * 9) / 10], v[n - 1], n);
}

struct mem {
	double rss, pss, priv;	/* kB */
};

static void
mem_of(pid_t pid, struct mem *m)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return;
	double v;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "Rss: %lf", &v) == 1)
			m->rss += v;
		else if (sscanf(line, "Pss: %lf", &v) == 1)
			m->pss += v;
		else if (sscanf(line, "Private_Clean: %lf", &v) == 1 ||
		    sscanf(line, "Private_Dirty: %lf", &v) == 1)
			m->priv += v;
	}
	fclose(f);
}

/* Children of parent, from /proc. Returns how many were put in out. */
static int
children_of(pid_t parent, pid_t *out, int cap)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;
	while (d != NULL && (e = readdir(d)) != NULL && n < cap) {
		int pid = atoi(e->d_name);
		if (pid <= 0)
			continue;
		char path[64], buf[512];
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		FILE *f = fopen(path, "r");
		if (f == NULL)
			continue;
		size_t len = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[len] = '\0';
		const char *rp = strrchr(buf, ')');
		int ppid;
		if (rp != NULL && sscanf(rp + 2, "%*c %d", &ppid) == 1 && ppid == parent)
			out[n++] = pid;
	}
	if (d != NULL)
		closedir(d);
	return n;
}

static struct term *
ssh_session(struct sshsrv *s, int i, int users)
{
	char user[16];
	snprintf(user, sizeof user, "u%d", i % users);
	char **argv = sshsrv_ssh_argv(s, user, true, NULL, sshui_ssh_opts, NULL);
	struct term *t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	return t;
}

static struct term *
local_ui(struct sshsrv *s)
{
	char *argv[] = { (char *)term_hoso_path(), "ui", "--db", s->db, "--lang", "en", NULL };
	return term_spawn(argv, NULL, 24, 80);
}

static void
local_sign_in(struct term *t)
{
	if (!term_wait_text(t, "Password:", 10000))
		exit(1);
	term_send(t, "alice");
	term_send_key(t, "Enter");
	term_send(t, SSHSRV_PASSWORD);
	term_send_key(t, "Enter");
	if (!sshui_menu(t, 15000))
		exit(1);
}

/* Clear the search field and type id, in one write, as a fast typist would. */
static void
type_query(struct term *t, const char *id)
{
	char buf[256] = "";
	for (int i = 0; i < 14; i++)
		strcat(buf, term_key_seq("BS"));
	strcat(buf, id);
	term_send(t, buf);
}

static void
random_id(struct sshsrv *s, int people, char out[16])
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT id_number FROM person WHERE id = %d",
	    1 + rand() % people);
	snprintf(out, 16, "%012lld", sshsrv_sql_int(s, sql));
}

int
main(int argc, char **argv)
{
	int people = argc > 1 ? atoi(argv[1]) : 10000;
	int nsearch = argc > 2 ? atoi(argv[2]) : 50;
	int nidle = argc > 3 ? atoi(argv[3]) : 20;
	int most = nsearch > nidle ? nsearch : nidle;
	int users = (most + 3) / 4;
	srand(42);
	char config[256];
	snprintf(config, sizeof config, "serve.max_unauth = %d\nserve.max_unauth_per_source = %d\n",
	    most + 10, most + 10);
	printf("hoso serve over SSH (loopback), %d people\n", people);
	fflush(stdout);
	struct sshsrv *s = sshsrv_new("bench-ssh", people, users, config);
	if (!sshsrv_start(s)) {
		fprintf(stderr, "bench_ssh: the server did not start\n");
		return 1;
	}

	/* 1. Time to the first full screen. */
	enum { RUNS = 10 };
	double v[RUNS * 50 > 500 ? RUNS * 50 : 500];
	for (int i = 0; i < RUNS; i++) {
		double t0 = sshsrv_now_ms();
		struct term *t = ssh_session(s, 0, users);
		if (!sshui_menu(t, 15000))
			return 1;
		v[i] = sshsrv_now_ms() - t0;
		term_hangup(t);
		term_close(t, 10000);
	}
	report("ssh: start to first full screen (menu)", v, RUNS);
	printf("    target < 300 ms: %s\n", v[RUNS / 2] < 300 ? "met" : "MISSED");
	for (int i = 0; i < RUNS; i++) {
		double t0 = sshsrv_now_ms();
		struct term *t = local_ui(s);
		if (!term_wait_text(t, "Password:", 10000) || !term_wait_text(t, "F10/Esc", 10000))
			return 1;
		v[i] = sshsrv_now_ms() - t0;
		term_close(t, 100);
	}
	report("local: start to first full screen (sign-in)", v, RUNS);

	/* 2. Memory per idle session. */
	struct term **t = calloc((size_t)most, sizeof *t);
	for (int i = 0; i < nidle; i++)
		t[i] = ssh_session(s, i, users);
	for (int i = 0; i < nidle; i++)
		if (!sshui_menu(t[i], 30000))
			return 1;
	for (int i = 0; i < nidle; i++)
		term_settle(t[i], 100, 5000);
	pid_t conns[512], uis[4];
	int nconn = children_of(s->pid, conns, 512);
	struct mem mc = { 0, 0, 0 }, mu = { 0, 0, 0 }, ml = { 0, 0, 0 };
	int nui = 0;
	for (int i = 0; i < nconn; i++) {
		mem_of(conns[i], &mc);
		int k = children_of(conns[i], uis, 4);
		for (int j = 0; j < k; j++)
			mem_of(uis[j], &mu);
		nui += k;
	}
	printf("  idle sessions: %d connection processes, %d UI processes\n", nconn, nui);
	if (nconn > 0 && nui > 0) {
		printf("  per idle ssh session: PSS %.1f MB (connection %.1f + UI %.1f), "
		    "private %.1f MB, RSS %.1f MB\n", (mc.pss + mu.pss) / nconn / 1024,
		    mc.pss / nconn / 1024, mu.pss / nui / 1024, (mc.priv + mu.priv) / nconn / 1024,
		    (mc.rss + mu.rss) / nconn / 1024);
		printf("    target < 10 MB per session: %s\n",
		    (mc.pss + mu.pss) / nconn / 1024 < 10 ? "met" : "MISSED");
	}
	struct term *lt = local_ui(s);
	local_sign_in(lt);
	term_settle(lt, 100, 5000);
	mem_of(term_pid(lt), &ml);
	printf("  local UI signed in: PSS %.1f MB, private %.1f MB, RSS %.1f MB\n",
	    ml.pss / 1024, ml.priv / 1024, ml.rss / 1024);
	fflush(stdout);

	/* 3. Search latency: the local UI alone, then nsearch SSH sessions at once. */
	lt = (term_send(lt, "1"), lt);
	if (!term_wait_text(lt, "Name or ID number", 10000))
		return 1;
	int nl = 0;
	for (int q = 0; q < 50; q++) {
		char id[16];
		random_id(s, people, id);
		term_settle(lt, 30, 2000);
		double t0 = sshsrv_now_ms();
		type_query(lt, id);
		while (!sshui_person_listed(lt, id) && sshsrv_now_ms() - t0 < 10000)
			term_pump(lt, 5);
		v[nl++] = sshsrv_now_ms() - t0;
	}
	report("local: ID typed to person listed", v, nl);
	term_close(lt, 100);

	/* One SSH session alone: the cost of the link itself. */
	if (!term_wait_text(t[0], "Find a person's record", 1000))
		return 1;
	term_send(t[0], "1");
	if (!term_wait_text(t[0], "Name or ID number", 10000))
		return 1;
	nl = 0;
	for (int q = 0; q < 50; q++) {
		char id[16];
		random_id(s, people, id);
		term_settle(t[0], 30, 2000);
		double t0 = sshsrv_now_ms();
		type_query(t[0], id);
		while (!sshui_person_listed(t[0], id) && sshsrv_now_ms() - t0 < 10000)
			term_pump(t[0], 1);
		v[nl++] = sshsrv_now_ms() - t0;
	}
	report("ssh: ID typed to person listed, one session", v, nl);
	term_send_key(t[0], "Esc");
	if (!term_wait_text(t[0], "Find a person's record", 10000))
		return 1;

	for (int i = nidle; i < nsearch; i++)
		t[i] = ssh_session(s, i, users);
	for (int i = 0; i < nsearch; i++) {
		if (!sshui_menu(t[i], 30000))
			return 1;
		term_send(t[i], "1");
	}
	for (int i = 0; i < nsearch; i++)
		if (!term_wait_text(t[i], "Name or ID number", 10000))
			return 1;
	enum { ROUNDS = 5 };
	char (*ids)[16] = calloc((size_t)nsearch, sizeof *ids);
	double *sent = calloc((size_t)nsearch, sizeof *sent);
	bool *got = calloc((size_t)nsearch, sizeof *got);
	int nv = 0;
	double *sv = calloc((size_t)(nsearch * ROUNDS), sizeof *sv);
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < nsearch; i++)
			term_settle(t[i], 20, 2000);
		for (int i = 0; i < nsearch; i++) {
			random_id(s, people, ids[i]);
			got[i] = false;
		}
		/* All at once: each query goes out, then every screen is watched. */
		for (int i = 0; i < nsearch; i++) {
			sent[i] = sshsrv_now_ms();
			type_query(t[i], ids[i]);
		}
		int left = nsearch;
		double t0 = sshsrv_now_ms();
		while (left > 0 && sshsrv_now_ms() - t0 < 30000) {
			for (int i = 0; i < nsearch; i++) {
				if (got[i])
					continue;
				term_pump(t[i], 0);
				if (sshui_person_listed(t[i], ids[i])) {
					got[i] = true;
					sv[nv++] = sshsrv_now_ms() - sent[i];
					left--;
				}
			}
			usleep(1000);
		}
		if (left > 0)
			fprintf(stderr, "bench_ssh: %d searches never showed their result\n", left);
	}
	char what[64];
	snprintf(what, sizeof what, "ssh: ID typed to person listed, %d at once", nsearch);
	report(what, sv, nv);
	for (int i = 0; i < nsearch; i++) {
		term_hangup(t[i]);
		term_close(t[i], 10000);
	}
	free(sv);
	free(got);
	free(sent);
	free(ids);
	free(t);
	sshsrv_stop(s, 30000);
	sshsrv_free(s);
	return 0;
}
