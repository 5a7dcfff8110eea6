/*
 * The verification worker of `hoso serve`: identity checks queued in the database
 * (db/verify.h) go to the population gateway without anyone acting. The listener
 * forks one such process when gateway.url is set; it reloads the configuration,
 * opens its own gateway client and its own database connection after the fork (a
 * connection never crosses fork), then runs the verification worker's loop
 * (verify/worker.h): drain what is due, sleep serve.verify_interval seconds. Failed checks wait out the queue's own
 * backoff (next_at), since the drain takes only what is due.
 *
 * Invariants: the worker never outlives the listener (PR_SET_PDEATHSIG, and the
 * life pipe whose write end only the listener holds reads end of file once it is
 * gone); SIGTERM stops it between or during calls, handing back what it took
 * without counting a try. The listener's side (the record, restart with a growing
 * delay) is at the end of this file; it does nothing but fork, wait and kill.
 */
#define _GNU_SOURCE	/* ppoll */
#include "ssh/serve_internal.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/verify.h"
#include "verify/worker.h"
#include "gateway/gateway.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VERIFIER_PARALLEL	4	/* batch calls at once, as hoso verify */
#define VERIFIER_EXIT_CONFIG	3	/* the configuration was refused: no restart */
#define VERIFIER_EXIT_FAIL	1	/* could not start (database): restart later */
#define RESTART_FIRST		1.0	/* seconds before restarting a dead worker */
#define RESTART_MAX		300.0
#define RESTART_STABLE		60.0	/* ran this long: the next death starts over */

static volatile sig_atomic_t verifier_stop;

static void
verifier_on_signal(int signo)
{
	(void)signo;
	verifier_stop = 1;
}

/* Signals as this process wants them: none of the listener's self-pipe, TERM and
 * INT set the stop flag (no SA_RESTART: a wait returns at once). */
static void
verifier_signals(void)
{
	serve_sig_reset();
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = verifier_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The listener is gone when the life pipe reads end of file (or anything). */
static int
verifier_orphaned(int life)
{
	struct pollfd p = { .fd = life, .events = POLLIN };
	return poll(&p, 1, 0) > 0;
}

static struct gw *
verifier_gateway(const struct serve_opts *o)
{
	char *err = NULL;
	struct config *cf = config_load(o->config_path, &err);
	if (cf == NULL) {
		log_warn("verifier: %s", err);
		free(err);
		return NULL;
	}
	struct gw_config gc;
	if (gw_config_load(cf, &gc, &err) != 0) {
		log_warn("verifier: %s", err);
		free(err);
		config_free(cf);
		return NULL;
	}
	config_free(cf);
	if (gc.url == NULL) {
		log_warn("verifier: gateway.url is no longer set");
		gw_config_clear(&gc);
		return NULL;
	}
	log_info("verifier: started, gateway %s, queue looked at every %d s", gc.url,
	    o->verify_interval);
	struct gw *gw = gw_new(&gc);
	gw_config_clear(&gc);
	return gw;
}

/* One line when the gateway's answer changes (down, refusing, back), not one per
 * round: a link down for a day must not fill the log. */
static void
verifier_note(const struct verify_drain_stats *st, enum gw_outcome *last)
{
	enum gw_outcome now = st->stopped;
	if (now == GW_CANCELLED || now == *last)
		return;
	if (now == GW_OK)
		log_info("verifier: the gateway answers again");
	else if (now == GW_FORBIDDEN)
		log_warn("verifier: the gateway refuses hoso (%s): checks wait an hour",
		    st->message);
	else if (now == GW_RATE_LIMITED)
		log_info("verifier: the gateway asks to wait %d s", st->retry_after);
	else
		log_warn("verifier: gateway %s: checks stay queued and are tried again "
		    "with backoff", gw_outcome_name(now));
	*last = now;
}

struct verifier {
	int		 life;
	enum gw_outcome	 last;	/* the gateway's answer as last noted */
};

static void
verifier_round(const struct verify_drain_stats *st, int rc, const char *err, void *arg)
{
	struct verifier *v = arg;
	if (rc != DB_OK)
		/* A busy or failing database: the next round tries again. */
		log_warn("verifier: %s", err ? err : "database error");
	else
		verifier_note(st, &v->last);
}

/* TERM and INT are blocked from the last look at the flag into ppoll, which lets
 * them through, so a stop between the two is never slept through. */
static bool
verifier_wait(int seconds, bool rate_limited, void *arg)
{
	(void)rate_limited;
	struct verifier *v = arg;
	sigset_t block, orig;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &orig);
	bool go_on = true;
	if (!verifier_stop) {
		struct pollfd p = { .fd = v->life, .events = POLLIN };
		struct timespec ts = { seconds, 0 };
		int n = ppoll(&p, 1, &ts, &orig);
		if (n > 0) {
			log_info("verifier: the listener is gone");
			go_on = false;
		} else if (n < 0 && errno != EINTR) {
			log_warn("verifier: poll: %s", strerror(errno));
			go_on = false;
		}
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return go_on;
}

void
serve_verifier_run(const struct serve_opts *o, int life)
{
	/* The parent may have died before the prctl: the pipe tells. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	verifier_signals();
	if (verifier_orphaned(life))
		exit(0);
	struct gw *gw = verifier_gateway(o);
	if (gw == NULL)
		exit(VERIFIER_EXIT_CONFIG);
	struct db *db;
	char *err = NULL;
	if (db_open(o->db_path, &db, &err) != DB_OK) {
		log_warn("verifier: %s", err);
		free(err);
		gw_free(gw);
		exit(VERIFIER_EXIT_FAIL);
	}
	char sess[64];
	snprintf(sess, sizeof sess, "serve:verify:%d", (int)getpid());
	struct actor who;
	db_actor_system(&who, sess);

	/* A Retry-After is not waited out here: the drain put the checks back with
	 * that delay, and a round takes only what is due. */
	struct verifier v = { life, GW_OK };
	struct verify_worker w = {
		.gw = gw, .db = db, .who = &who, .parallel = VERIFIER_PARALLEL,
		.interval = o->verify_interval, .max_rate_wait = -1,
		.stop = &verifier_stop, .round = verifier_round, .wait = verifier_wait,
		.arg = &v,
	};
	verify_worker_run(&w, NULL);
	db_close(db);
	gw_free(gw);
	close(life);
	log_info("verifier: stopped");
	exit(0);
}

/* The listener's side. */

void
serve_verifier_init(struct serve_verifier *v, int enabled)
{
	memset(v, 0, sizeof *v);
	v->life = -1;
	v->delay = RESTART_FIRST;
	v->disabled = !enabled;
}

void
serve_verifier_started(struct serve_verifier *v, pid_t pid, int life)
{
	v->pid = pid;
	v->life = life;
	v->started = clock_mono_s();
	v->restart_at = 0;
}

int
serve_verifier_reaped(struct serve_verifier *v, pid_t pid, int st)
{
	if (v->pid <= 0 || pid != v->pid)
		return 0;
	v->pid = 0;
	if (v->life >= 0)
		close(v->life);
	v->life = -1;
	if (v->disabled)
		return 1;	/* asked to stop */
	if (WIFEXITED(st) && WEXITSTATUS(st) == VERIFIER_EXIT_CONFIG) {
		log_warn("verifier process %d: the gateway configuration is refused; "
		    "queued checks are not sent until hoso serve restarts", (int)pid);
		v->disabled = 1;
		return 1;
	}
	double now = clock_mono_s();
	if (now - v->started >= RESTART_STABLE)
		v->delay = RESTART_FIRST;
	if (WIFSIGNALED(st))
		log_warn("verifier process %d died of signal %d: restarting in %.0f s",
		    (int)pid, WTERMSIG(st), v->delay);
	else
		log_warn("verifier process %d ended (status %d): restarting in %.0f s",
		    (int)pid, WIFEXITED(st) ? WEXITSTATUS(st) : -1, v->delay);
	v->restart_at = now + v->delay;
	v->delay = v->delay * 2 < RESTART_MAX ? v->delay * 2 : RESTART_MAX;
	return 1;
}

int
serve_verifier_due(const struct serve_verifier *v)
{
	return v->pid == 0 && !v->disabled && clock_mono_s() >= v->restart_at;
}

void
serve_verifier_stop(struct serve_verifier *v)
{
	v->disabled = 1;
	if (v->pid > 0)
		kill(v->pid, SIGTERM);
}
