/*
 * make bench: identity checks against the population gateway at scale (issue 5).
 * The figure is `hoso verify --all --parallel 8` (the real program, batch calls of
 * 100 side by side) checking PEOPLE records against the simulator on loopback,
 * which waits 50 ms before every answer and allows RATE citizen calls a second
 * (a token bucket; beyond it, 429). Baselines, measured in the same run against the
 * same simulator: the same command with --parallel 1 (one batch call at a time) on
 * a copy of the same database, and one POST /citizens/verify at a time through the
 * gateway client's blocking wrapper over an even sample of SAMPLE people (its time
 * for everyone is an estimate, scaled up, and printed as one).
 *
 * Every run's outcome is checked in the database, not merely timed: each person
 * ends verified, mismatch or not_found exactly as citizens-diff.txt of hoso-gen
 * implies (a "deceased" difference still verifies: the verify contract compares
 * name, date of birth and sex only), with the mismatched fields named; the queue
 * is empty; the audit trail holds one "verify" row per person; `hoso check` passes.
 * 429 answers are counted from the simulator's statistics (with no fault switch on,
 * its "faults" are the limiter's 429s) and reported, as is the busiest second.
 *
 * Exit status 1 only on a real failure (a program failed, an outcome is wrong); a
 * missed target is printed as MISSED. Temporary files and the simulator go at the
 * end, whatever happens (atexit; the simulator also dies with this process).
 *
 *   bench_gateway          HOSO_BENCH_GW_PEOPLE (100000), HOSO_BENCH_GW_SAMPLE
 *                          (1000), HOSO_BENCH_GW_RATE (100 calls/s); HOSO_BENCH_KEEP=1
 *                          keeps the work files (bench.log: every program's output)
 * About 2.5 minutes at the defaults on 2 cores, most of it in the two baselines.
 */
#include "common/simfix.h"
#include "common/tmpdir.h"
#include "core/config.h"
#include "core/log.h"
#include "core/logfile.h"
#include "gateway/gateway.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LATENCY_MS	"50"
#define PARALLEL	"8"
#define CLIENT_ID	"hoso-bench"
#define SECRET		"bench-secret-not-a-real-one"
#define TARGET		1000.0	/* verifications a second */
#define RUN_LIMIT_S	900	/* any one program; beyond it the bench fails */

static char *workdir;		/* removed at exit */
static int failed;

static void
cleanup(void)
{
	if (workdir != NULL && getenv("HOSO_BENCH_KEEP") == NULL)
		tmpdir_remove(workdir);
	else if (workdir != NULL)
		fprintf(stderr, "bench_gateway: work files kept in %s\n", workdir);
	workdir = NULL;
}

static void
failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
failure(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_gateway: FAILED: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
	failed = 1;
}

/* Stop now: the outcome cannot be measured any further. */
static void
fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_gateway: FAILED: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	exit(1);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 1234567 -> "1,234,567", into one of a few static slots. */
static const char *
num(double v)
{
	static char slots[8][32];
	static int next;
	char *out = slots[next++ & 7], tmp[32];
	long long n = (long long)(v + 0.5);
	snprintf(tmp, sizeof tmp, "%lld", n < 0 ? -n : n);
	size_t len = strlen(tmp), o = 0;
	if (n < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	out[o] = '\0';
	return out;
}

static int
env_int(const char *name, int def, int min)
{
	const char *v = getenv(name);
	int n = v != NULL && *v ? atoi(v) : def;
	return n < min ? min : n;
}

/* The build directory: this program is BUILD/bench/bench_gateway. */
static void
build_dir(char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		fatal("cannot find the program's own path");
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (slash == NULL)
			fatal("unexpected program path %s", exe);
		*slash = '\0';
	}
	snprintf(out, len, "%s", exe);
}

static char *
need_program(const char *build, const char *name)
{
	char *p = tmpdir_path(build, name);
	if (access(p, X_OK) != 0)
		fatal("%s is missing (make BUILD=%s all)", p, build);
	return p;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    fchmod(fd, mode) != 0 || close(fd) != 0)
		fatal("cannot write %s: %s", path, strerror(errno));
}

/* --- running programs, watching the simulator's calls -------------------------- */

/* Calls counted by the simulator, sampled while a program runs: the busiest
 * second is the most calls between two samples at most 1 s apart. */
struct calls_seen {
	double	*t;
	long	*calls;
	int	 n, cap;
};

static void
calls_sample(struct calls_seen *cs, struct simfix *sim)
{
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 1024;
		cs->t = realloc(cs->t, (size_t)cs->cap * sizeof *cs->t);
		cs->calls = realloc(cs->calls, (size_t)cs->cap * sizeof *cs->calls);
		if (cs->t == NULL || cs->calls == NULL)
			abort();
	}
	cs->t[cs->n] = now_s();
	cs->calls[cs->n] = simfix_stat(sim, "calls");
	cs->n++;
}

static long
calls_peak(const struct calls_seen *cs)
{
	long best = 0;
	for (int j = 0, i = 0; j < cs->n; j++) {
		while (cs->t[j] - cs->t[i] > 1.0)
			i++;
		if (cs->calls[j] - cs->calls[i] > best)
			best = cs->calls[j] - cs->calls[i];
	}
	return best;
}

/* Run argv with its output appended to log; while it runs, sample the simulator's
 * calls every 100 ms (sim and cs may be NULL). Returns the exit status (-1 when
 * killed), *wall its time in seconds. */
static int
run(char *const argv[], const char *log, struct simfix *sim, struct calls_seen *cs,
    double *wall)
{
	FILE *lf = fopen(log, "a");
	if (lf != NULL) {
		fputs("$", lf);
		for (int i = 0; argv[i] != NULL; i++)
			fprintf(lf, " %s", argv[i]);
		fputc('\n', lf);
		fclose(lf);
	}
	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status = 0;
	double next_sample = t0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0)
			fatal("waitpid: %s", strerror(errno));
		double t = now_s();
		if (t - t0 > RUN_LIMIT_S) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			failure("%s ran more than %d s and was killed", argv[0], RUN_LIMIT_S);
			break;
		}
		if (sim != NULL && t >= next_sample) {
			calls_sample(cs, sim);
			next_sample = t + 0.1;
		}
		struct timespec ts = { 0, 5 * 1000000L };
		nanosleep(&ts, NULL);
	}
	*wall = now_s() - t0;
	if (sim != NULL)
		calls_sample(cs, sim);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The last lines of a log, for a failure's report. */
static void
show_tail(const char *log)
{
	FILE *f = fopen(log, "r");
	if (f == NULL)
		return;
	fseek(f, 0, SEEK_END);
	long end = ftell(f);
	fseek(f, end > 2000 ? end - 2000 : 0, SEEK_SET);
	char buf[2048];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	printf("  --- end of %s ---\n%s\n", log, buf);
}

/* --- what the database must say ------------------------------------------------ */

/* citizens-diff.txt: "ID\tkind" for each person the register differs on. */
struct diff {
	char	 id[13];
	char	 kind[16];	/* not_found, full_name, date_of_birth, deceased */
};

struct expect {
	struct diff	*d;
	int		 n;
	long		 not_found, mismatch;	/* people expected in those states */
};

static int
diff_cmp(const void *a, const void *b)
{
	return strcmp(((const struct diff *)a)->id, ((const struct diff *)b)->id);
}

static void
expect_load(struct expect *e, const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fatal("cannot read %s", path);
	char line[128];
	int cap = 0;
	memset(e, 0, sizeof *e);
	while (fgets(line, sizeof line, f) != NULL) {
		struct diff d;
		if (sscanf(line, "%12s %15s", d.id, d.kind) != 2)
			continue;
		if (e->n == cap) {
			cap = cap ? cap * 2 : 1024;
			e->d = realloc(e->d, (size_t)cap * sizeof *e->d);
			if (e->d == NULL)
				abort();
		}
		e->d[e->n++] = d;
		if (strcmp(d.kind, "not_found") == 0)
			e->not_found++;
		else if (strcmp(d.kind, "full_name") == 0 || strcmp(d.kind, "date_of_birth") == 0)
			e->mismatch++;
	}
	fclose(f);
	qsort(e->d, (size_t)e->n, sizeof *e->d, diff_cmp);
}

/* The final state and mismatched fields the register implies for a person. */
static void
expect_of(const struct expect *e, const char *id, const char **state, const char **fields)
{
	struct diff key;
	snprintf(key.id, sizeof key.id, "%s", id);
	const struct diff *d = bsearch(&key, e->d, (size_t)e->n, sizeof *e->d, diff_cmp);
	*state = "verified";
	*fields = "";
	if (d == NULL || strcmp(d->kind, "deceased") == 0)
		return;
	if (strcmp(d->kind, "not_found") == 0)
		*state = "not_found";
	else {
		*state = "mismatch";
		*fields = d->kind;
	}
}

static sqlite3 *
db_ro(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fatal("cannot open %s: %s", path, sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static long
sql_long(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fatal("%s: %s", sql, sqlite3_errmsg(db));
	long v = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* A copy of a database as it stands, write-ahead log included (SQLite's backup). */
static void
db_copy(const char *from, const char *to)
{
	sqlite3 *src = db_ro(from), *dst;
	if (sqlite3_open(to, &dst) != SQLITE_OK)
		fatal("cannot create %s: %s", to, sqlite3_errmsg(dst));
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL || sqlite3_backup_step(b, -1) != SQLITE_DONE)
		fatal("cannot copy %s: %s", from, sqlite3_errmsg(dst));
	sqlite3_backup_finish(b);
	if (sqlite3_errcode(dst) != SQLITE_OK)
		fatal("cannot copy %s: %s", from, sqlite3_errmsg(dst));
	sqlite3_close(dst);
	sqlite3_close(src);
	/* The audit trail's key goes with the database (db/audit_files.h). */
	char kf[PATH_MAX], kt[PATH_MAX];
	snprintf(kf, sizeof kf, "%s.auditkey", from);
	snprintf(kt, sizeof kt, "%s.auditkey", to);
	FILE *in = fopen(kf, "rb");
	if (in == NULL)
		return;
	int fd = open(kt, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (out == NULL)
		fatal("cannot create %s: %s", kt, strerror(errno));
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	if (fclose(out) != 0)
		fatal("cannot write %s: %s", kt, strerror(errno));
}

struct outcome {
	long	verified, mismatch, not_found, other;
	long	wrong;		/* state or fields not what the register implies */
	long	audit_rows, audit_people, open_checks;
};

/* Check a database after a whole run; failures are reported, counts returned. */
static bool
check_outcome(const char *what, const char *path, const struct expect *e, long people,
    struct outcome *o)
{
	memset(o, 0, sizeof *o);
	sqlite3 *db = db_ro(path);
	sqlite3_stmt *st;
	const char *sql = "SELECT id_number, verify_state, coalesce(verify_fields, ''),"
	    " verify_request_id IS NOT NULL AND verify_at IS NOT NULL FROM person";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fatal("%s: %s", sql, sqlite3_errmsg(db));
	char first_wrong[256] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *state = (const char *)sqlite3_column_text(st, 1);
		const char *fields = (const char *)sqlite3_column_text(st, 2);
		bool stamped = sqlite3_column_int(st, 3) != 0;
		if (strcmp(state, "verified") == 0)
			o->verified++;
		else if (strcmp(state, "mismatch") == 0)
			o->mismatch++;
		else if (strcmp(state, "not_found") == 0)
			o->not_found++;
		else
			o->other++;
		const char *want, *want_fields;
		expect_of(e, id, &want, &want_fields);
		if (strcmp(state, want) != 0 || strcmp(fields, want_fields) != 0 || !stamped) {
			if (o->wrong++ == 0)
				snprintf(first_wrong, sizeof first_wrong, "%s is %s (%s)%s, expected "
				    "%s (%s)", id, state, fields, stamped ? "" : " without request id",
				    want, want_fields);
		}
	}
	sqlite3_finalize(st);
	o->audit_rows = sql_long(db, "SELECT count(*) FROM audit WHERE action = 'verify'"
	    " AND entity = 'person'");
	o->audit_people = sql_long(db, "SELECT count(DISTINCT entity_id) FROM audit"
	    " WHERE action = 'verify' AND entity = 'person'");
	o->open_checks = sql_long(db, "SELECT count(*) FROM verify_queue WHERE next_at >= 0");
	sqlite3_close(db);

	bool ok = true;
	long checked = o->verified + o->mismatch + o->not_found;
	if (checked != people || o->other != 0) {
		failure("%s: %ld of %ld people have a final state (%ld in another)", what,
		    checked, people, o->other);
		ok = false;
	}
	if (o->mismatch != e->mismatch || o->not_found != e->not_found) {
		failure("%s: %ld mismatch, %ld not found; citizens-diff.txt implies %ld and %ld",
		    what, o->mismatch, o->not_found, e->mismatch, e->not_found);
		ok = false;
	}
	if (o->wrong != 0) {
		failure("%s: %ld people not in the state the register implies; first: %s",
		    what, o->wrong, first_wrong);
		ok = false;
	}
	if (o->audit_rows != checked || o->audit_people != checked) {
		failure("%s: %ld audit rows for %ld people, %ld checks recorded", what,
		    o->audit_rows, o->audit_people, checked);
		ok = false;
	}
	if (o->open_checks != 0) {
		failure("%s: %ld checks still queued", what, o->open_checks);
		ok = false;
	}
	return ok;
}

/* --- one verify call at a time ------------------------------------------------- */

struct single {
	int	 n;
	double	 wall;
	long	 wrong, failed;
};

/* Verify an even sample of people one POST /citizens/verify at a time, through the
 * client's blocking wrapper, and compare each answer with the register. */
static void
single_calls(const char *db_path, const char *conf, const char *log, const struct expect *e,
    long people, int sample, struct single *out)
{
	memset(out, 0, sizeof *out);
	char *err = NULL;
	struct config *cf = config_load(conf, &err);
	struct gw *gw = cf != NULL ? gw_new_from_config(cf, &err) : NULL;
	if (gw == NULL)
		fatal("gateway client: %s", err);
	config_free(cf);
	logfile_open(log);

	sqlite3 *db = db_ro(db_path);
	sqlite3_stmt *st;
	long step = people / sample > 0 ? people / sample : 1;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT id_number, full_name, date_of_birth, sex FROM person"
	    " WHERE id %% %ld = 0 ORDER BY id LIMIT %d", step, sample);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fatal("%s: %s", sql, sqlite3_errmsg(db));
	/* Read the sample first, so that only the calls are timed. */
	struct row {
		char	 id[16], dob[11], sex;
		char	*name;
	} *rows = calloc((size_t)sample, sizeof *rows);
	int n = 0;
	while (n < sample && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(rows[n].id, sizeof rows[n].id, "%s", sqlite3_column_text(st, 0));
		rows[n].name = strdup((const char *)sqlite3_column_text(st, 1));
		snprintf(rows[n].dob, sizeof rows[n].dob, "%s", sqlite3_column_text(st, 2));
		rows[n].sex = (char)sqlite3_column_text(st, 3)[0];
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);

	double t0 = now_s();
	for (int i = 0; i < n; i++) {
		struct gw_person p = { rows[i].id, rows[i].name, rows[i].dob, rows[i].sex };
		struct gw_verify v;
		char *msg = NULL;
		enum gw_outcome o = gw_verify(gw, "bench", &p, &v, &msg);
		free(msg);
		if (o != GW_OK) {
			if (out->failed++ == 0)
				failure("one call at a time: %s got %s", rows[i].id,
				    gw_outcome_name(o));
			continue;
		}
		const char *want, *want_fields;
		expect_of(e, rows[i].id, &want, &want_fields);
		char fields[64];
		gw_fields_text(v.mismatched, fields, sizeof fields);
		const char *got = v.status == GW_MATCH ? "verified" :
		    v.status == GW_MISMATCH ? "mismatch" : "not_found";
		if (strcmp(got, want) != 0 || strcmp(fields, want_fields) != 0) {
			if (out->wrong++ == 0)
				failure("one call at a time: %s answered %s (%s), expected %s (%s)",
				    rows[i].id, got, fields, want, want_fields);
		}
	}
	out->wall = now_s() - t0;
	out->n = n;
	for (int i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
	gw_free(gw);
}

/* --- the bench ----------------------------------------------------------------- */

struct verify_run {
	const char	*parallel;
	double		 wall;
	long		 calls, r429, peak;
	struct outcome	 o;
	bool		 ok;
};

static void
verify_all(const char *hoso, const char *db, const char *conf, const char *log,
    struct simfix *sim, const struct expect *e, long people, struct verify_run *v)
{
	char *vlog = tmpdir_path(workdir, "verify-gateway.log");
	char *argv[] = { (char *)hoso, "verify", "--all", "--parallel", (char *)v->parallel,
	    "--db", (char *)db, "--config", (char *)conf, "--log", vlog, "--lang", "en", NULL };
	struct calls_seen cs = { 0 };
	long calls0 = simfix_stat(sim, "calls"), faults0 = simfix_stat(sim, "faults");
	int rc = run(argv, log, sim, &cs, &v->wall);
	v->calls = simfix_stat(sim, "calls") - calls0;
	v->r429 = simfix_stat(sim, "faults") - faults0;
	v->peak = calls_peak(&cs);
	free(cs.t);
	free(cs.calls);
	free(vlog);
	char what[64];
	snprintf(what, sizeof what, "verify --parallel %s", v->parallel);
	if (rc != 0) {
		failure("hoso %s exited with status %d", what, rc);
		show_tail(log);
	}
	v->ok = check_outcome(what, db, e, people, &v->o) && rc == 0;
}

static void
row(const char *what, const char *hoso, const char *base)
{
	printf("  %-30s %-34s %s\n", what, hoso, base);
}

int
main(void)
{
	int people = env_int("HOSO_BENCH_GW_PEOPLE", 100000, 100);
	int sample = env_int("HOSO_BENCH_GW_SAMPLE", 1000, 10);
	int rate = env_int("HOSO_BENCH_GW_RATE", 100, 1);
	if (sample > people)
		sample = people;
	char build[PATH_MAX];
	build_dir(build, sizeof build);
	char *hoso = need_program(build, "hoso");
	char *gen = need_program(build, "hoso-gen");
	char *gwsim = need_program(build, "hoso-gwsim");
	if (getenv("HOSO_GWSIM") == NULL)
		setenv("HOSO_GWSIM", gwsim, 1);
	workdir = tmpdir_new("gwbench");
	atexit(cleanup);
	char *log = tmpdir_path(workdir, "bench.log");
	char *db = tmpdir_path(workdir, "hoso.db");
	char *db1 = tmpdir_path(workdir, "hoso-parallel1.db");
	char *conf = tmpdir_path(workdir, "hoso.conf");
	char *secret = tmpdir_path(workdir, "secret");
	char *glog = tmpdir_path(workdir, "client.log");
	char path[PATH_MAX + 32];

	printf("population gateway: %s people, simulator on loopback answering after %s ms,"
	    " rate limit %d calls/s\n", num(people), LATENCY_MS, rate);
	fflush(stdout);

	/* 1. Data, loaded with the real command line. */
	char npeople[16];
	snprintf(npeople, sizeof npeople, "%d", people);
	char *gen_argv[] = { gen, "--people", npeople, "--items-per-person", "0",
	    "--seed", "1", "--out", workdir, NULL };
	double gen_s, org_s, imp_s;
	if (run(gen_argv, log, NULL, NULL, &gen_s) != 0) {
		show_tail(log);
		fatal("hoso-gen failed");
	}
	snprintf(path, sizeof path, "%s/orgs.csv", workdir);
	char *org_argv[] = { hoso, "org", "import", path, "--db", db, "--lang", "en", NULL };
	if (run(org_argv, log, NULL, NULL, &org_s) != 0) {
		show_tail(log);
		fatal("hoso org import failed");
	}
	snprintf(path, sizeof path, "%s/people.csv", workdir);
	char *imp_argv[] = { hoso, "import", path, "--db", db, "--lang", "en", NULL };
	if (run(imp_argv, log, NULL, NULL, &imp_s) != 0) {
		show_tail(log);
		fatal("hoso import failed");
	}
	sqlite3 *sdb = db_ro(db);
	long loaded = sql_long(sdb, "SELECT count(*) FROM person");
	long unchecked = sql_long(sdb, "SELECT count(*) FROM person"
	    " WHERE verify_state IN ('unchecked', 'queued')");
	sqlite3_close(sdb);
	if (loaded != people || unchecked != people)
		fatal("the import loaded %ld people (%ld unchecked) of %d", loaded, unchecked,
		    people);
	db_copy(db, db1);	/* the --parallel 1 baseline's own */
	struct expect e;
	snprintf(path, sizeof path, "%s/citizens-diff.txt", workdir);
	expect_load(&e, path);
	printf("  data: generated in %.1f s; hoso org import + hoso import in %.1f s"
	    " (%s rows/s, not the figure)\n", gen_s, org_s + imp_s,
	    num(people / (org_s + imp_s)));
	printf("  register (citizens-diff.txt): %s differ in name or date of birth, %s absent,"
	    " so %s verified expected\n", num(e.mismatch), num(e.not_found),
	    num(people - e.mismatch - e.not_found));
	fflush(stdout);

	/* 2. The simulator and hoso's configuration for it. */
	write_file(secret, SECRET "\n", 0600);
	char rate_arg[32];
	snprintf(rate_arg, sizeof rate_arg, "%d/s", rate);
	snprintf(path, sizeof path, "%s/citizens.csv", workdir);
	const char *sim_args[] = { "--client-id", CLIENT_ID, "--secret-file", secret,
	    "--latency-ms", LATENCY_MS, "--rate-limit", rate_arg, NULL };
	/* Its own lines (citizens loaded, counters at the end) go to the log. */
	fflush(stderr);
	int saved_err = dup(2), log_fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (saved_err < 0 || log_fd < 0)
		fatal("cannot open %s: %s", log, strerror(errno));
	dup2(log_fd, 2);
	close(log_fd);
	struct simfix *sim = simfix_start(path, sim_args);
	dup2(saved_err, 2);
	close(saved_err);
	char text[PATH_MAX + 256];
	snprintf(text, sizeof text, "# bench_gateway\ngateway.url = %s\n"
	    "gateway.client_id = " CLIENT_ID "\ngateway.secret_file = %s\n",
	    simfix_url(sim), secret);
	write_file(conf, text, 0644);

	/* 3. The figure, then 4. the baselines, against the same simulator. */
	printf("  hoso verify --all --parallel " PARALLEL " ...\n");
	fflush(stdout);
	struct verify_run par = { .parallel = PARALLEL }, one = { .parallel = "1" };
	verify_all(hoso, db, conf, log, sim, &e, people, &par);
	printf("  hoso verify --all --parallel 1 (baseline) ...\n");
	fflush(stdout);
	verify_all(hoso, db1, conf, log, sim, &e, people, &one);
	printf("  one POST /citizens/verify at a time over %s people (baseline) ...\n",
	    num(sample));
	fflush(stdout);
	long faults0 = simfix_stat(sim, "faults"), verify0 = simfix_stat(sim, "verify");
	struct single s;
	single_calls(db1, conf, glog, &e, people, sample, &s);
	long s429 = simfix_stat(sim, "faults") - faults0;
	long scalls = simfix_stat(sim, "verify") - verify0;
	simfix_stop(sim);

	/* The audit trail's hash chain, by the program's own check. */
	double check_s;
	char *check_argv[] = { hoso, "check", "--db", db, "--lang", "en", NULL };
	bool check_ok = run(check_argv, log, NULL, NULL, &check_s) == 0;
	if (!check_ok) {
		failure("hoso check failed on the verified database");
		show_tail(log);
	}

	/* 5. The table. */
	double par_rate = people / par.wall, one_rate = people / one.wall;
	double s_rate = s.wall > 0 ? s.n / s.wall : 0;
	char a[96], b[160];
	printf("\n");
	row("", "hoso (--parallel " PARALLEL ")", "baseline");
	snprintf(a, sizeof a, "%s/s  (%.1f s)", num(par_rate), par.wall);
	snprintf(b, sizeof b, "%s/s  (%.1f s; --parallel 1, one batch call at a time)",
	    num(one_rate), one.wall);
	row("verifications per second", a, b);
	snprintf(b, sizeof b, "%.1f/s  (%s in %.1f s; one POST /citizens/verify at a time)",
	    s_rate, num(s.n), s.wall);
	row("", "", b);
	snprintf(a, sizeof a, "%.1f s", par.wall);
	snprintf(b, sizeof b, "ESTIMATE %.0f min, one call at a time (scaled up from %s)",
	    s_rate > 0 ? people / s_rate / 60 : 0, num(s.n));
	row("time for all", a, b);
	snprintf(a, sizeof a, "%s  (%.0f/s, busiest second %ld)", num(par.calls),
	    par.calls / par.wall, par.peak);
	snprintf(b, sizeof b, "%s  (%.0f/s, busiest second %ld); %s single calls (%.0f/s)",
	    num(one.calls), one.calls / one.wall, one.peak, num(scalls),
	    s.wall > 0 ? scalls / s.wall : 0);
	row("gateway calls", a, b);
	snprintf(a, sizeof a, "%ld  (limit %d calls/s)", par.r429, rate);
	snprintf(b, sizeof b, "%ld; %ld", one.r429, s429);
	row("429 answers (rate limited)", a, b);
	snprintf(a, sizeof a, "%s", par.ok ? "as the register implies" : "WRONG (see above)");
	snprintf(b, sizeof b, "%s; %s", one.ok ? "as the register implies" : "WRONG",
	    s.wrong || s.failed ? "WRONG" : "every answer as the register implies");
	row("outcome", a, b);
	printf("    hoso: %s verified, %s mismatch, %s not found; %s audit rows; "
	    "hoso check %s\n", num(par.o.verified), num(par.o.mismatch), num(par.o.not_found),
	    num(par.o.audit_rows), check_ok ? "passed (audit chain intact)" : "FAILED");
	bool met = par_rate >= TARGET && par.r429 == 0 && par.ok;
	printf("    target >= %s/s within the rate limit (no 429): %s\n", num(TARGET),
	    met ? "met" : "MISSED");
	fflush(stdout);

	free(e.d);
	free(hoso);
	free(gen);
	free(gwsim);
	free(log);
	free(db);
	free(db1);
	free(conf);
	free(secret);
	free(glog);
	return failed;
}
