/*
 * A session through hoso serve as a clerk uses it: the screen arrives over ssh -tt
 * at the client's size, follows a resize, a record is found, edited and saved;
 * and a client killed in the middle of an edit leaves the committed record as it
 * was and a draft of what was typed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"

static int
setup(void **state)
{
	*state = sshsrv_new_started("ssh-session", 30, 0, NULL);
	return *state != NULL ? 0 : -1;
}

static struct term *
open_session(struct sshsrv *s, int rows, int cols)
{
	char **argv = sshsrv_ssh_argv(s, "alice", true, NULL, sshui_ssh_opts, NULL);
	struct term *t = term_spawn(argv, NULL, rows, cols);
	sshsrv_argv_free(argv);
	assert_true(sshui_menu(t, 15000));
	return t;
}

/* The ID number of person id, and the row's version. */
static void
person_id_number(struct sshsrv *s, int id, char out[16])
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id_number FROM person WHERE id = %d", id);
	long long v = sshsrv_sql_int(s, sql);
	assert_true(v > 0);
	snprintf(out, 16, "%012lld", v);
}

static long long
person_version(struct sshsrv *s, int id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT version FROM person WHERE id = %d", id);
	return sshsrv_sql_int(s, sql);
}

static void
test_screen_and_resize(void **state)
{
	struct sshsrv *s = *state;
	struct term *t = open_session(s, 24, 80);
	/* The key bar sits on the last row of the client's terminal. */
	assert_int_equal(term_find_row(t, "F10/Esc"), 23);
	/* Mid-session the window grows, then shrinks: the UI redraws at each size. */
	term_resize(t, 40, 120);
	/* Wait for the whole redraw: the key bar on the new last row and the title row
	 * spanning the new width (the account then ends past column 80). The bytes of
	 * one redraw can arrive in more than one read. */
	bool moved = false;
	for (int i = 0; i < 100 && !moved; i++) {
		term_pump(t, 50);
		moved = term_find_row(t, "F10/Esc") == 39 && strlen(term_row(t, 0)) > 100;
	}
	if (!moved)
		term_dump(t, "after resize to 40x120");
	assert_true(moved);
	term_resize(t, 24, 80);
	moved = false;
	for (int i = 0; i < 100 && !moved; i++) {
		term_pump(t, 50);
		moved = term_find_row(t, "F10/Esc") == 23;
	}
	assert_true(moved);
	assert_true(term_has_text(t, "Find a person's record"));
	term_hangup(t);
	term_close(t, 10000);
}

static void
test_search_edit_save(void **state)
{
	struct sshsrv *s = *state;
	char idn[16];
	person_id_number(s, 3, idn);
	struct term *t = open_session(s, 24, 80);
	assert_true(sshui_open_person(t, idn, 10000));
	assert_true(sshui_edit_field(t, "Other names", "Qua SSH", 10000));
	assert_true(sshui_save(t, 10000));
	assert_int_equal(person_version(s, 3), 2);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM person WHERE id = 3 AND"
	    " json_extract(data, '$.other_names') = 'Qua SSH'"), 1);
	/* The save is audited under the account the server signed in. */
	assert_true(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE actor = 'alice' AND"
	    " entity = 'person' AND entity_id = 3 AND session LIKE 'ssh:%'") >= 1);
	/* Every row of the session names the client's address and port: the save,
	 * the search that found the person, the view, and the sign-in. */
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE actor = 'alice'"
	    " AND session LIKE 'ssh:%' AND session NOT GLOB 'ssh:127.0.0.1:[1-9]*:[1-9]*'"), 0);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(DISTINCT action) FROM audit WHERE"
	    " actor = 'alice' AND action IN ('update', 'search', 'view', 'login') AND"
	    " session GLOB 'ssh:127.0.0.1:[1-9]*:[1-9]*'"), 4);
	/* The server witnesses the trail's head from its start on, in the log too. */
	assert_true(sshsrv_log_wait(s, "audit witness: row", 10000));
	term_hangup(t);
	term_close(t, 10000);
}

static void
test_client_killed_mid_edit(void **state)
{
	struct sshsrv *s = *state;
	char idn[16];
	person_id_number(s, 5, idn);
	struct term *t = open_session(s, 24, 80);
	assert_true(sshui_open_person(t, idn, 10000));
	assert_true(sshui_edit_field(t, "Other names", "Chưa lưu", 10000));
	/* The client dies: no goodbye, the TCP connection just ends. */
	assert_int_equal(kill(term_pid(t), SIGKILL), 0);
	term_close(t, 10000);
	assert_true(sshsrv_log_wait(s, "(the link dropped)", 20000));
	/* Committed data untouched ... */
	assert_int_equal(person_version(s, 5), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM person WHERE id = 5 AND"
	    " coalesce(json_extract(data, '$.other_names'), '') = ''"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM pragma_integrity_check"
	    " WHERE integrity_check = 'ok'"), 1);
	/* ... and what was typed is kept as alice's draft of that record. */
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM draft d JOIN account a ON"
	    " a.id = d.account_id WHERE a.username = 'alice' AND d.form = 'person' AND"
	    " d.record_id = 5 AND json_extract(d.data, '$.fields.other_names') = 'Chưa lưu'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_screen_and_resize, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_search_edit_save, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_client_killed_mid_edit, setup, sshsrv_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
