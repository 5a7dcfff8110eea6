/*
 * The sessions hoso serve publishes beside the database (<db>.sessions), with
 * real ssh sessions: hoso sessions lists them and --end disconnects one (its
 * client told why, the other left alone, both audited); hoso restore is refused
 * while one is signed in, and goes ahead once it has left. And the backups hoso serve takes by itself
 * (backup.every), of which it keeps backup.keep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"
#include "common/tmpdir.h"

static int
setup(void **state)
{
	*state = sshsrv_new_started("ssh-sessions", 10, 0, NULL);
	return *state != NULL ? 0 : -1;
}

static struct term *
open_session(struct sshsrv *s, const char *user)
{
	char **argv = sshsrv_ssh_argv(s, user, true, NULL, sshui_ssh_opts, NULL);
	struct term *t = term_spawn(argv, NULL, 24, 80);
	sshsrv_argv_free(argv);
	assert_true(sshui_menu(t, 20000));
	return t;
}

/* How many session lines the sessions file holds for account (-1: no file). */
static int
sessions_of(const struct sshsrv *s, const char *account)
{
	char path[4096];
	snprintf(path, sizeof path, "%s.sessions", s->db);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	char line[512];
	int n = 0;
	char want[80];
	snprintf(want, sizeof want, "\t%s\t", account);
	while (fgets(line, sizeof line, f) != NULL)
		if (strstr(line, want) != NULL)
			n++;
	fclose(f);
	return n;
}

static bool
wait_sessions(const struct sshsrv *s, const char *account, int want, int timeout_ms)
{
	double end = sshsrv_now_ms() + timeout_ms;
	while (sshsrv_now_ms() < end) {
		if (sessions_of(s, account) == want)
			return true;
		usleep(50000);
	}
	return false;
}

static void
test_restore_refused_while_signed_in(void **state)
{
	struct sshsrv *s = *state;
	char *b = tmpdir_path(s->dir, "b.db");
	char *out = NULL;
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "backup", b, NULL), 0);
	free(out);
	assert_true(wait_sessions(s, "alice", 0, 5000));
	struct term *t = open_session(s, "alice");
	assert_true(wait_sessions(s, "alice", 1, 10000));
	int rc = sshsrv_hoso(s, NULL, &out, "restore", b, "--yes", NULL);
	if (rc != 1)
		fail_msg("restore with a session open: %d\n%s", rc, out);
	assert_non_null(strstr(out, "refused while people are signed in"));
	assert_non_null(strstr(out, "alice"));
	free(out);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'restore'"), 0);
	term_hangup(t);
	term_close(t, 20000);
	assert_true(wait_sessions(s, "alice", 0, 20000));
	rc = sshsrv_hoso(s, NULL, &out, "restore", b, "--yes", NULL);
	if (rc != 0)
		fail_msg("restore with nobody signed in: %d\n%s", rc, out);
	free(out);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'restore'"), 1);
	free(b);
}

/* The session ID (connection process) of account's first session in the list. */
static int
listed_id(const char *list, const char *account)
{
	char want[80];
	snprintf(want, sizeof want, " %s ", account);
	for (const char *line = list; line != NULL && *line; ) {
		const char *nl = strchr(line, '\n');
		size_t len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		char buf[512];
		snprintf(buf, sizeof buf, "%.*s", (int)len, line);
		if (strstr(buf, want) != NULL && atoi(buf) > 0)
			return atoi(buf);
		line = nl != NULL ? nl + 1 : NULL;
	}
	return 0;
}

static void
test_list_and_end(void **state)
{
	struct sshsrv *s = *state;
	struct term *t1 = open_session(s, "alice");
	struct term *t2 = open_session(s, "alice");
	assert_true(wait_sessions(s, "alice", 2, 10000));
	char *out = NULL;
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "sessions", NULL), 0);
	assert_non_null(strstr(out, "127.0.0.1"));
	assert_non_null(strstr(out, "2 signed in"));
	int id = listed_id(out, "alice");
	assert_true(id > 0);
	free(out);
	char ids[16];
	snprintf(ids, sizeof ids, "%d", id);
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "sessions", "--end", ids, NULL), 0);
	assert_non_null(strstr(out, "ended"));
	free(out);
	/* One of the two clients was told and disconnected; the other still works. */
	struct term *ended = NULL, *kept = NULL;
	for (int i = 0; i < 100 && ended == NULL; i++) {
		term_pump(t1, 50);
		term_pump(t2, 50);
		if (term_has_text(t1, "An administrator ended this session"))
			ended = t1, kept = t2;
		else if (term_has_text(t2, "An administrator ended this session"))
			ended = t2, kept = t1;
	}
	assert_non_null(ended);
	assert_int_equal(term_close(ended, 20000) >= 0, 1);
	assert_true(wait_sessions(s, "alice", 1, 10000));
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'end_session'"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action = 'view'"
	    " AND entity = 'sessions'"), 1);
	/* An unknown ID is refused. */
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "sessions", "--end", "1", NULL), 1);
	free(out);
	assert_true(term_has_text(kept, "Find a person's record"));
	term_hangup(kept);
	term_close(kept, 20000);
}

/* The same from the screen, over SSH: an administrator's Signed-in sessions lists
 * the other session, End asks (No unless changed), and Yes disconnects it. */
static void
test_end_from_the_screen(void **state)
{
	struct sshsrv *s = *state;
	struct term *other = open_session(s, "alice");
	assert_true(wait_sessions(s, "alice", 1, 10000));
	char *out = NULL;
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "sessions", NULL), 0);
	int id = listed_id(out, "alice");
	free(out);
	assert_true(id > 0);
	struct term *t = open_session(s, "alice");
	assert_true(wait_sessions(s, "alice", 2, 10000));
	term_send(t, "6");
	assert_true(term_wait_text(t, "Signed-in sessions", 10000));
	term_send(t, "2");
	assert_true(term_wait_text(t, "2 signed in", 10000));
	char ids[16];
	snprintf(ids, sizeof ids, "%d", id);
	assert_true(term_has_text(t, ids));
	term_send_key(t, "F8");
	assert_true(term_wait_text(t, "Session ID", 10000));
	term_send(t, ids);
	term_send_key(t, "Enter");
	assert_true(term_wait_text(t, "End the session of alice", 10000));
	/* Enter on the first answer, No: nothing happens. */
	term_send_key(t, "Enter");
	assert_true(term_wait_gone(t, "End the session of", 10000));
	assert_false(term_wait_text(other, "An administrator ended this session", 500));
	term_send_key(t, "F8");
	assert_true(term_wait_text(t, "Session ID", 10000));
	term_send(t, ids);
	term_send_key(t, "Enter");
	assert_true(term_wait_text(t, "End the session of alice", 10000));
	term_send_key(t, "Right");
	term_send_key(t, "Enter");
	assert_true(term_wait_text(other, "An administrator ended this session", 20000));
	term_close(other, 20000);
	assert_true(wait_sessions(s, "alice", 1, 10000));
	/* The screen writes its audit row once the signal went: wait for it. */
	for (int i = 0; i < 100 && sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE"
	    " action = 'end_session' AND session LIKE 'ssh:%'") != 1; i++)
		usleep(50000);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action ="
	    " 'end_session' AND session LIKE 'ssh:%'"), 1);
	term_hangup(t);
	term_close(t, 20000);
}

/* The backups folder's scheduled backups (hoso-YYYYMMDD-HHMMSS.db). */
static int
scheduled_backups(const struct sshsrv *s, char *one, size_t size)
{
	char *out = NULL;
	char *bdir = tmpdir_path(s->dir, "backups");
	char *argv[] = { "sh", "-c", "ls \"$0\" | grep -E '^hoso-[0-9]{8}-[0-9]{6}\\.db$'",
	    bdir, NULL };
	sshsrv_run(argv, NULL, &out, 10000);
	int n = 0;
	for (char *line = out; line != NULL && *line; n++) {
		char *nl = strchr(line, '\n');
		if (nl == NULL)
			break;
		if (one != NULL)
			snprintf(one, size, "%s/%.*s", bdir, (int)(nl - line), line);
		line = nl + 1;
	}
	free(out);
	free(bdir);
	return n;
}

static void
test_scheduled_backups(void **state)
{
	(void)state;
	struct sshsrv *s = sshsrv_new_started("ssh-backups", 5, 0,
	    "backup.every = 1s\nbackup.keep = 2\n");
	assert_non_null(s);
	/* A session goes on meanwhile: sign-ins do not wait for backups. */
	struct term *t = open_session(s, "alice");
	assert_true(sshsrv_log_wait(s, "removed (backup.keep = 2)", 30000));
	assert_true(sshsrv_log_count(s, "written (audit trail up to row") >= 3);
	term_hangup(t);
	term_close(t, 20000);
	char one[4096] = "";
	int n = scheduled_backups(s, one, sizeof one);
	/* backup.keep, and perhaps one being written now. */
	assert_true(n >= 2 && n <= 3);
	assert_int_equal(sshsrv_stop(s, 30000), 0);
	char *out = NULL;
	int rc = sshsrv_hoso(s, NULL, &out, "backup", "--verify", one, NULL);
	if (rc != 0)
		fail_msg("verify %s: %s", one, out);
	free(out);
	assert_true(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE action = 'backup'"
	    " AND session LIKE 'serve:backup:%'") >= 3);
	sshsrv_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_and_end, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_end_from_the_screen, setup,
		    sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_restore_refused_while_signed_in, setup,
		    sshsrv_cm_teardown),
		cmocka_unit_test(test_scheduled_backups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
