/*
 * hoso serve sends queued identity checks by itself: the real server on a loopback
 * port with gateway.url in its configuration, the real simulator, a real database
 * written by the data layer while the server runs (as a UI process would). A person
 * saved becomes "verified" with no one acting; with the link down the person stays
 * "queued" and becomes "verified" once the simulator listens on that port; a queue
 * filled while the server was stopped is drained when it starts; no check is sent
 * twice, even with `hoso verify --drain` running beside the server; the worker
 * dies with the listener and comes back when it is killed alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/dbfix.h"
#include "common/gwfix.h"
#include "common/simfix.h"
#include "common/sshsrv.h"
#include "common/tmpdir.h"
#include "db/verify.h"

#define SECRET		"serve-verify-secret"
#define NPEOPLE		300	/* citizens the simulator knows: generated 0..299 */
#define WAIT_MS		45000	/* bound on any wait for the worker */

struct fix {
	struct sshsrv	*s;
	struct simfix	*sim;
	char		*citizens;
	struct db	*db;	/* the test's own connection, as a UI's */
	struct actor	 sys;
};

static struct fix *current;	/* for the teardown after a failed assert */

static void
write_text(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	fchmod(fd, mode);
	close(fd);
}

/* The server's configuration: serve.log (from sshsrv) and the gateway at port,
 * the queue looked at every second. */
static void
configure(struct fix *f, int port)
{
	char *secret = tmpdir_path(f->s->dir, "secret");
	write_text(secret, SECRET "\n", 0600);
	char text[2048];
	snprintf(text, sizeof text, "serve.log = %s\n"
	    "serve.verify_interval = 1\n"
	    "gateway.url = http://127.0.0.1:%d\n"
	    "gateway.client_id = " GWFIX_CLIENT_ID "\n"
	    "gateway.secret_file = %s\n"
	    "gateway.connect_timeout = 1\n"
	    "gateway.timeout = 5\n", f->s->log, port, secret);
	write_text(f->s->config, text, 0644);
	free(secret);
}

static void
start_sim(struct fix *f, int port)
{
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	const char *args[] = { "--client-id", GWFIX_CLIENT_ID, "--secret", SECRET,
	    "--listen", listen, NULL };
	f->sim = simfix_start(f->citizens, args);
}

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->s = sshsrv_new("serve-verify", 0, 0, NULL);
	f->citizens = tmpdir_path(f->s->dir, "citizens.csv");
	FILE *out = fopen(f->citizens, "w");
	assert_non_null(out);
	fputs("id_number,full_name,date_of_birth,sex,ethnicity,religion,nationality,"
	    "place_of_origin,place_of_residence,status\n", out);
	for (int i = 0; i < NPEOPLE; i++) {
		struct gw_person p;
		gwfix_generated(i, &p);
		fprintf(out, "%s,%s,%s,%c,Kinh,Không,Việt Nam,Hà Nội,Hà Nội,alive\n",
		    p.id_number, p.full_name, p.date_of_birth, p.sex);
	}
	fclose(out);
	/* The agency tree into the server's database, and a connection to write with. */
	f->db = dbfix_open(f->s->dir);
	db_actor_system(&f->sys, "test");
	current = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	struct fix *f = current;
	if (f == NULL)
		return 0;
	db_close(f->db);
	sshsrv_free(f->s);	/* stops the server; fails on a sanitizer report */
	if (f->sim != NULL)
		simfix_stop(f->sim);
	free(f->citizens);
	free(f);
	current = NULL;
	return 0;
}

/* Save generated citizen i as a new person: queues its check. */
static int64_t
save(struct fix *f, int i)
{
	struct gw_person p;
	gwfix_generated(i, &p);
	return dbfix_person(f->db, &f->sys, p.id_number, p.full_name, p.date_of_birth, "M",
	    FIX_HN);
}

static long long
sql(struct fix *f, const char *fmt, long long arg)
{
	char q[512];
	snprintf(q, sizeof q, fmt, arg);
	return sshsrv_sql_int(f->s, q);
}

static const char *
state_of(struct fix *f, int64_t id)
{
	static const char *const names[] = { "verified", "queued", "unchecked", "mismatch",
	    "not_found" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char q[256];
		snprintf(q, sizeof q, "SELECT count(*) FROM person WHERE id = %lld AND"
		    " verify_state = '%s'", (long long)id, names[i]);
		if (sshsrv_sql_int(f->s, q) == 1)
			return names[i];
	}
	return "?";
}

/* Wait until the SQL count reaches want; returns the milliseconds it took, or
 * fails the test after WAIT_MS. */
static double
wait_count(struct fix *f, const char *q, long long want)
{
	double t0 = sshsrv_now_ms();
	long long got;
	while ((got = sshsrv_sql_int(f->s, q)) != want) {
		if (sshsrv_now_ms() - t0 > WAIT_MS)
			fail_msg("after %d ms: %lld, not %lld, for %s", WAIT_MS, got, want, q);
		usleep(50000);
	}
	return sshsrv_now_ms() - t0;
}

static double
wait_verified(struct fix *f, int64_t id)
{
	char q[256];
	snprintf(q, sizeof q, "SELECT count(*) FROM person WHERE id = %lld AND"
	    " verify_state = 'verified'", (long long)id);
	return wait_count(f, q, 1);
}

/* Checks the simulator received: batch items and single calls. */
static long
sent(struct fix *f)
{
	return simfix_stat(f->sim, "items") + simfix_stat(f->sim, "verify");
}

static void
start_server(struct fix *f)
{
	int before = sshsrv_log_count(f->s, "verifier: started");
	assert_true(sshsrv_start(f->s));
	/* The worker reached its loop (its gateway client and database are open). */
	double end = sshsrv_now_ms() + WAIT_MS;
	while (sshsrv_log_count(f->s, "verifier: started") == before) {
		if (sshsrv_now_ms() > end)
			fail_msg("the verification worker did not start");
		usleep(20000);
	}
}

/* The pid of the worker named by the last "verifier: started" line. */
static pid_t
worker_pid(struct fix *f)
{
	FILE *in = fopen(f->s->log, "r");
	assert_non_null(in);
	char line[1024];
	pid_t pid = 0;
	while (fgets(line, sizeof line, in) != NULL) {
		const char *at = strstr(line, " hoso[");
		if (at != NULL && strstr(line, "verifier: started") != NULL)
			pid = (pid_t)atoi(at + 6);
	}
	fclose(in);
	assert_true(pid > 0);
	return pid;
}

/* Gone, or a zombie nobody reaps (a container's init may not). */
static bool
process_gone(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *in = fopen(path, "r");
	if (in == NULL)
		return true;
	size_t n = fread(buf, 1, sizeof buf - 1, in);
	fclose(in);
	buf[n] = '\0';
	const char *paren = strrchr(buf, ')');
	return paren == NULL || paren[1] == '\0' || paren[2] == 'Z' || paren[2] == 'X';
}

static void
test_backoff_schedule(void **state)
{
	(void)state;
	/* A link down for a minute: tries at 0, 5, 15, 35, 75 s. */
	assert_true(db_verify_backoff(1) == 5);
	assert_true(db_verify_backoff(2) == 10);
	assert_true(db_verify_backoff(4) == 40);
	assert_true(db_verify_backoff(7) == 300);
	assert_true(db_verify_backoff(1000) == 300);
}

/* (a) and SIGTERM: saved while the server runs, verified with no one acting. */
static void
test_saved_person_verified(void **state)
{
	struct fix *f = *state;
	start_sim(f, 0);
	configure(f, simfix_port(f->sim));
	start_server(f);
	int64_t id = save(f, 1);
	double ms = wait_verified(f, id);
	print_message("saved to verified: %.0f ms\n", ms);
	assert_int_equal(sent(f), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM verify_queue WHERE person_id = %lld"
	    " AND next_at < 0", id), 1);
	/* The answer is recorded by the worker, in the audit trail. */
	assert_true(sql(f, "SELECT count(*) FROM audit WHERE session LIKE 'serve:verify:%%'"
	    " AND entity = 'person' AND entity_id = %lld", id) >= 1);

	/* A second person: only its check goes, the first is not sent again. */
	int64_t id2 = save(f, 2);
	wait_verified(f, id2);
	assert_int_equal(sent(f), 2);

	/* An idle queue is not logged every round. */
	assert_true(sshsrv_log_count(f->s, "gateway drain:") <= 3);

	/* SIGTERM: the worker stops with the listener, which exits 0. */
	assert_int_equal(sshsrv_stop(f->s, 30000), 0);
	assert_true(sshsrv_log_count(f->s, "verifier: stopped") == 1);
	assert_int_equal(sshsrv_log_count(f->s, "restarting"), 0);
}

/* (b) The link is down: the person stays queued; the simulator comes up on that
 * port and the person becomes verified by itself. HOSO_VERIFY_DOWN_S=60 keeps the
 * link down that long after the save (the "down for a minute and back";
 * not in make check: it takes over a minute). */
static void
test_link_down_then_back(void **state)
{
	struct fix *f = *state;
	const char *env = getenv("HOSO_VERIFY_DOWN_S");
	int down_s = env != NULL ? atoi(env) : 0;
	int port = simfix_dead_port();
	configure(f, port);
	start_server(f);
	double saved = sshsrv_now_ms();
	int64_t id = save(f, 3);
	/* The worker tried, failed and put the check back with a backoff. */
	wait_count(f, "SELECT count(*) FROM verify_queue WHERE attempts >= 1 AND"
	    " last_error = 'link_down' AND next_at > 0", 1);
	assert_string_equal(state_of(f, id), "queued");
	assert_true(sshsrv_log_wait(f->s, "verifier: gateway link_down", 5000));

	while (sshsrv_now_ms() - saved < down_s * 1000.0) {
		assert_string_equal(state_of(f, id), "queued");
		usleep(200000);
	}
	start_sim(f, port);
	double ms = wait_verified(f, id);
	print_message("link back %.0f ms after the save; verified %.0f ms later\n",
	    sshsrv_now_ms() - ms - saved, ms);
	/* At most the backoff step in force (5 s doubling) plus the interval: 10 s when
	 * the link comes back at once; after a minute (tries at 0, 5, 15, 35, 75 s)
	 * about 15 s, 40 s at worst. */
	assert_true(ms < (down_s > 0 ? 42000 : 12000));
	assert_int_equal(sent(f), 1);
	assert_true(sshsrv_log_wait(f->s, "verifier: the gateway answers again", 5000));
}

/* (c) Queued while the server was stopped (the link was down for the UI that
 * saved): drained when the server starts. */
static void
test_queue_survives_restart(void **state)
{
	struct fix *f = *state;
	start_sim(f, 0);
	configure(f, simfix_port(f->sim));
	int64_t id = save(f, 4);
	assert_string_equal(state_of(f, id), "queued");
	double t0 = sshsrv_now_ms();
	start_server(f);
	wait_verified(f, id);
	print_message("server start to verified: %.0f ms\n", sshsrv_now_ms() - t0);
	assert_int_equal(sent(f), 1);

	/* Started again: nothing is sent again. */
	assert_int_equal(sshsrv_stop(f->s, 30000), 0);
	start_server(f);
	int64_t id2 = save(f, 5);
	wait_verified(f, id2);
	assert_int_equal(sent(f), 2);
}

/* (d) Many checks, the server's worker and `hoso verify --drain` at the same
 * time: each check is sent exactly once. The simulator answers slowly so that the
 * two drains overlap: the command line leases 100 checks a round; once it holds
 * its first lease the server starts, and its worker takes the rest. */
static void
test_no_check_sent_twice(void **state)
{
	struct fix *f = *state;
	const char *args[] = { "--client-id", GWFIX_CLIENT_ID, "--secret", SECRET,
	    "--latency-ms", "1000", NULL };
	f->sim = simfix_start(f->citizens, args);
	configure(f, simfix_port(f->sim));
	for (int i = 0; i < NPEOPLE; i++)
		save(f, i);
	fflush(NULL);
	pid_t cli = fork();
	assert_true(cli >= 0);
	if (cli == 0) {
		char *out = NULL;
		int rc = sshsrv_hoso(f->s, NULL, &out, "verify", "--drain", "--parallel", "1",
		    "--config", f->s->config, NULL);
		if (rc != 0)
			fprintf(stderr, "hoso verify --drain: %d\n%s", rc, out ? out : "");
		_exit(rc == 0 ? 0 : 1);
	}
	double t0 = sshsrv_now_ms();
	while (sshsrv_sql_int(f->s, "SELECT count(*) FROM verify_queue WHERE next_at >"
	    " strftime('%s','now') + 60") == 0) {
		if (sshsrv_now_ms() - t0 > WAIT_MS)
			fail_msg("hoso verify --drain took nothing");
		usleep(10000);
	}
	start_server(f);
	int st;
	assert_int_equal(waitpid(cli, &st, 0), cli);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	wait_count(f, "SELECT count(*) FROM person WHERE verify_state = 'verified'",
	    NPEOPLE);
	print_message("%d queued: all verified in %.0f ms by two drains\n", NPEOPLE,
	    sshsrv_now_ms() - t0);
	assert_int_equal(sent(f), NPEOPLE);
	/* Both drains took part: each asked for its own token. */
	assert_int_equal(simfix_stat(f->sim, "tokens"), 2);
	assert_int_equal(sshsrv_sql_int(f->s, "SELECT count(*) FROM verify_queue WHERE"
	    " next_at >= 0"), 0);
}

/* The worker killed alone comes back; the listener killed takes the worker along. */
static void
test_worker_restarts_and_dies_with_listener(void **state)
{
	struct fix *f = *state;
	start_sim(f, 0);
	configure(f, simfix_port(f->sim));
	start_server(f);
	pid_t w = worker_pid(f);
	assert_int_equal(kill(w, SIGKILL), 0);
	assert_true(sshsrv_log_wait(f->s, "died of signal 9: restarting", 5000));
	double end = sshsrv_now_ms() + 10000;
	while (sshsrv_log_count(f->s, "verifier: started") < 2 && sshsrv_now_ms() < end)
		usleep(20000);
	assert_int_equal(sshsrv_log_count(f->s, "verifier: started"), 2);
	pid_t w2 = worker_pid(f);
	assert_true(w2 != w);
	int64_t id = save(f, 6);
	wait_verified(f, id);

	/* The listener dies without a word: the worker follows. */
	assert_int_equal(kill(f->s->pid, SIGKILL), 0);
	int st;
	assert_int_equal(waitpid(f->s->pid, &st, 0), f->s->pid);
	f->s->pid = 0;
	end = sshsrv_now_ms() + 5000;
	while (!process_gone(w2) && sshsrv_now_ms() < end)
		usleep(20000);
	assert_true(process_gone(w2));
}

/* A secret file others can read stops the start, with the reason on the terminal. */
static void
test_bad_gateway_config_refused(void **state)
{
	struct fix *f = *state;
	configure(f, simfix_dead_port());
	char *secret = tmpdir_path(f->s->dir, "secret");
	assert_int_equal(chmod(secret, 0644), 0);
	free(secret);
	assert_false(sshsrv_start(f->s));
	FILE *in = fopen(f->s->out, "r");
	assert_non_null(in);
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, in);
	buf[n] = '\0';
	fclose(in);
	if (strstr(buf, "secret") == NULL)
		fail_msg("no word of the secret file in:\n%s", buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_schedule),
		cmocka_unit_test_setup_teardown(test_saved_person_verified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_down_then_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_survives_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_check_sent_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worker_restarts_and_dies_with_listener,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_gateway_config_refused, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
