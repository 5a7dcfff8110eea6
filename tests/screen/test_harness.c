/*
 * The harness itself, proved against tiny programs run through /bin/sh: what they
 * print is read back as a person would see it (Vietnamese included, at the right
 * columns), keys arrive as the bytes xterm sends, resize reaches the program, exit
 * status and hangup are reported, and a hung program is killed in bounded time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/term.h"
#include "common/tmpdir.h"

static struct term *
sh(const char *script, int rows, int cols)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	return term_spawn(argv, NULL, rows, cols);
}

static void
test_text_and_rows(void **state)
{
	(void)state;
	struct term *t = sh("printf 'hello\\r\\n  H\\303\\240 N\\341\\273\\231i\\r\\n'; "
	    "printf '\\033[5;10Hfifth'; sleep 5", 24, 80);
	assert_true(term_wait_text(t, "fifth", 3000));
	assert_string_equal(term_row(t, 0), "hello");
	assert_string_equal(term_row(t, 1), "  Hà Nội");
	assert_string_equal(term_row(t, 4), "         fifth");
	assert_int_equal(term_find_row(t, "Nội"), 1);
	int w;
	/* "à" is one cell of width one, at column 3 */
	assert_int_equal(term_cell_char(t, 1, 3, &w), 0x00e0);
	assert_int_equal(w, 1);
	assert_true(term_bytes_read(t) >= 30);
	/* sleep 5 is still running: it is killed, and says so */
	assert_int_equal(term_close(t, 100), -1);
}

static void
test_wide_characters(void **state)
{
	(void)state;
	/* U+4E2D (CJK) takes two columns: the next letter lands in column 2 */
	struct term *t = sh("printf '\\344\\270\\255x\\r\\n'; read x", 24, 80);
	assert_true(term_wait_text(t, "x", 3000));
	int w;
	assert_int_equal(term_cell_char(t, 0, 0, &w), 0x4e2d);
	assert_int_equal(w, 2);
	assert_int_equal(term_cell_char(t, 0, 2, &w), 'x');
	term_send_key(t, "Enter");
	assert_int_equal(term_close(t, 3000), 0);
}

static void
test_keys_arrive_as_xterm_sends_them(void **state)
{
	(void)state;
	struct term *t = sh("stty raw -echo; printf 'ready\\r\\n'; "
	    "dd bs=1 count=9 2>/dev/null | od -An -tx1; printf 'done\\r\\n'; "
	    "stty sane", 24, 80);
	assert_true(term_wait_text(t, "ready", 3000));
	term_send_key(t, "F2");		/* 1b 4f 51 */
	term_send_key(t, "Up");		/* 1b 4f 41 */
	term_send_key(t, "C-x");	/* 18 */
	term_send_key(t, "M-q");	/* 1b 71 */
	if (!term_wait_text(t, "done", 3000))
		term_dump(t, "keys");
	assert_true(term_has_text(t, "1b 4f 51 1b 4f 41 18 1b 71"));
	assert_int_equal(term_close(t, 3000), 0);
	assert_string_equal(term_key_seq("F5"), "\033[15~");
	assert_string_equal(term_key_seq("S-Tab"), "\033[Z");
	assert_null(term_key_seq("Hyper-Q"));
}

static void
test_resize_reaches_the_program(void **state)
{
	(void)state;
	struct term *t = sh("stty size; read x; stty size; read y", 24, 80);
	assert_true(term_wait_text(t, "24 80", 3000));
	term_resize(t, 30, 100);
	int rows, cols;
	term_size(t, &rows, &cols);
	assert_int_equal(rows, 30);
	assert_int_equal(cols, 100);
	term_send_key(t, "Enter");
	assert_true(term_wait_text(t, "30 100", 3000));
	term_send_key(t, "Enter");
	assert_int_equal(term_close(t, 3000), 0);
}

static void
test_exit_status_and_wait_gone(void **state)
{
	(void)state;
	struct term *t = sh("stty -echo; printf 'one'; read x; "
	    "printf '\\r\\033[2Ktwo'; read y; exit 3", 24, 80);
	assert_true(term_wait_text(t, "one", 3000));
	term_send(t, "\r");
	assert_true(term_wait_gone(t, "one", 3000));
	assert_true(term_has_text(t, "two"));
	assert_false(term_wait_text(t, "never shown", 50));
	term_send(t, "\r");
	assert_int_equal(term_close(t, 3000), 3);
}

static void
test_hangup_sends_sighup(void **state)
{
	(void)state;
	struct term *t = sh("trap 'exit 7' HUP; printf 'waiting'; "
	    "while :; do sleep 0.05; done", 24, 80);
	assert_true(term_wait_text(t, "waiting", 3000));
	term_hangup(t);
	assert_int_equal(term_close(t, 3000), 7);
}

static void
test_hangup_with_another_program_running(void **state)
{
	(void)state;
	/* b starts after a: it must not hold a's terminal open. */
	const char *script = "trap 'exit 7' HUP; printf 'waiting'; "
	    "while :; do sleep 0.05; done";
	struct term *a = sh(script, 24, 80);
	struct term *b = sh(script, 24, 80);
	assert_true(term_wait_text(a, "waiting", 3000));
	assert_true(term_wait_text(b, "waiting", 3000));
	term_hangup(a);
	assert_int_equal(term_close(a, 3000), 7);
	term_hangup(b);
	assert_int_equal(term_close(b, 3000), 7);
}

static void
test_settle_and_cursor(void **state)
{
	(void)state;
	struct term *t = sh("stty -echo; read x; printf '\\033[3;7Hx'; read y", 24, 80);
	assert_true(term_settle(t, 50, 3000) >= 0);
	term_bytes_reset(t);
	term_send_key(t, "Enter");
	double ms = term_settle(t, 50, 3000);
	assert_true(ms > 0 && ms < 1000);
	assert_true(term_bytes_read(t) > 0);
	int r, c;
	term_cursor(t, &r, &c);
	assert_int_equal(r, 2);
	assert_int_equal(c, 7);
	term_send_key(t, "Enter");
	assert_int_equal(term_close(t, 3000), 0);
}

static void
test_tmpdir(void **state)
{
	(void)state;
	char *dir = tmpdir_new("harness");
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	char *f = tmpdir_path(dir, "x.db");
	FILE *fp = fopen(f, "w");
	assert_non_null(fp);
	fputs("x", fp);
	fclose(fp);
	char *copy = strdup(dir);
	tmpdir_remove(dir);
	assert_int_not_equal(stat(copy, &st), 0);
	free(copy);
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_rows),
		cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_keys_arrive_as_xterm_sends_them),
		cmocka_unit_test(test_resize_reaches_the_program),
		cmocka_unit_test(test_exit_status_and_wait_gone),
		cmocka_unit_test(test_hangup_sends_sighup),
		cmocka_unit_test(test_hangup_with_another_program_running),
		cmocka_unit_test(test_settle_and_cursor),
		cmocka_unit_test(test_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
