/*
 * hoso verify --watch, the background drainer of local use (make run): people saved
 * while it runs are verified without anyone acting, and SIGTERM stops it cleanly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/gwfix.h"
#include "common/tmpdir.h"
#include "core/xalloc.h"
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *
state_of(struct db *db, const char *id)
{
	sqlite3_stmt *st;
	static char out[32];
	out[0] = '\0';
	if (sqlite3_prepare_v2(db_sqlite(db), "SELECT verify_state FROM person WHERE"
	    " id_number = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(out, sizeof out, "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return out;
}

/* Wait up to seconds for the person's state to become want. */
static int
wait_state(struct db *db, const char *id, const char *want, int seconds)
{
	for (int i = 0; i < seconds * 20; i++) {
		if (strcmp(state_of(db, id), want) == 0)
			return 1;
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void
test_watch_verifies_without_anyone_acting(void **state)
{
	(void)state;
	struct gwfix *g = gwfix_start(NULL);
	char *dir = tmpdir_new("watch");
	struct db *db = dbfix_open(dir);
	struct actor sys;
	db_actor_system(&sys, "test");
	dbfix_person(db, &sys, "001089001234", "Nguyễn Văn An", "1989-05-12", "M", FIX_HN_NV);
	assert_string_equal(state_of(db, "001089001234"), "queued");

	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = '\0';
	*strrchr(exe, '/') = '\0';
	char *hoso = xasprintf("%s/../../hoso", exe);
	char *dbpath = tmpdir_path(dir, "hoso.db");
	char *conf = tmpdir_path(g->dir, "hoso.conf");
	char *log = tmpdir_path(dir, "verify.log");
	pid_t pid = fork();
	if (pid == 0) {
		execl(hoso, "hoso", "verify", "--watch", "1", "--db", dbpath, "--config", conf,
		    "--log", log, (char *)NULL);
		_exit(127);
	}
	assert_true(wait_state(db, "001089001234", "verified", 30));
	/* Saved while it watches: checked within a round or two. */
	dbfix_person(db, &sys, "048201001111", "Lê Hoàng Đức", "2001-09-30", "M", FIX_HCM_YT);
	assert_true(wait_state(db, "048201001111", "verified", 30));
	kill(pid, SIGTERM);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* Each change was sent once. */
	assert_int_equal(simfix_stat(g->sim, "items") + simfix_stat(g->sim, "verify"), 2);
	free(hoso);
	free(dbpath);
	free(conf);
	free(log);
	db_close(db);
	tmpdir_remove(dir);
	gwfix_stop(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_watch_verifies_without_anyone_acting, gwfix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
