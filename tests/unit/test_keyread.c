/*
 * The escape-sequence table of ui/keyread.c without a terminal: every key of
 * every client in tests/common/clientkeys.c means its key, whatever TERM would
 * say; sequences no key sends are read to their final byte and dropped;
 * a byte that cannot continue a sequence ends it. (The timing, Esc alone and Esc
 * with a key, is the screen test's: tests/screen/test_ui_keys.c.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clientkeys.h"
#include "ui/keyread.h"
#include "ui/keys.h"

static int
key_named(const char *name)
{
	static const struct {
		const char *name;
		int         key;
	} names[] = {
		{ "Home", K(KEY_HOME) }, { "End", K(KEY_END) }, { "PgUp", K(KEY_PPAGE) },
		{ "PgDn", K(KEY_NPAGE) }, { "Ins", K(KEY_IC) }, { "Del", K(KEY_DC) },
	};
	if (name[0] == 'F')
		return K(KEY_F(atoi(name + 1)));
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].key;
	fail_msg("no key named %s", name);
	return 0;
}

static int
seq(const char *s)
{
	return keyread_seq((const unsigned char *)s, strlen(s));
}

static void
test_every_client_key_means_its_key(void **state)
{
	(void)state;
	int checked = 0;
	for (size_t i = 0; i < client_keys_n; i++) {
		const struct client_key *ck = &client_keys[i];
		if (ck->bytes[0] != '\033') {
			/* SCO's Delete is DEL, no sequence: Backspace (the screen test). */
			assert_string_equal(ck->means, "BS");
			continue;
		}
		int want = key_named(ck->means);
		const char *after = ck->bytes + 1;
		/* Every shorter part is a sequence so far, and no key yet. */
		for (size_t n = 1; n < strlen(after); n++)
			if (keyread_seq((const unsigned char *)after, n) != KEYREAD_MORE)
				fail_msg("%s %s: cut at %zu is not incomplete", ck->client,
				    ck->pressed, n);
		if (seq(after) != want)
			fail_msg("%s %s: read as %#x, not %s", ck->client, ck->pressed,
			    (unsigned)seq(after), ck->means);
		checked++;
	}
	assert_true(checked > 200);
}

static void
test_sequences_of_no_key_are_dropped_whole(void **state)
{
	(void)state;
	const char *drop[] = {
		"[99~", "[16~", "[200~", "[201~",	/* no such key; bracketed paste */
		"[?1;2c", "[>0;136;0c", "[12;40R",	/* answers to queries */
		"[<0;3;4M", "[1;5E", "[1 q", "[E",	/* mouse, keypad 5, an intermediate */
		"[[Z", "OE", "O~", "[123456789~",
	};
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		if (seq(drop[i]) != KEYREAD_DROP)
			fail_msg("ESC %s: %#x, not dropped", drop[i], (unsigned)seq(drop[i]));
	/* Until the final byte comes, it is a sequence so far. */
	assert_int_equal(seq("[1;5"), KEYREAD_MORE);
	assert_int_equal(seq("[?1"), KEYREAD_MORE);
	assert_int_equal(seq("[["), KEYREAD_MORE);
	assert_int_equal(seq("O"), KEYREAD_MORE);
}

static void
test_a_byte_that_cannot_follow_ends_it(void **state)
{
	(void)state;
	/* Not a sequence at all: Alt-x, left to the reader. */
	assert_int_equal(seq("x"), KEYREAD_NOSEQ);
	/* A control character or a space cannot continue one. */
	assert_int_equal(seq("[1\r"), KEYREAD_NOSEQ);
	assert_int_equal(seq("O "), KEYREAD_NOSEQ);
	assert_int_equal(seq("[[1"), KEYREAD_NOSEQ);
	/* A parameter after an intermediate byte breaks the grammar. */
	assert_int_equal(seq("[ 1"), KEYREAD_NOSEQ);
}

static void
test_shift_tab_arrows_and_keypad(void **state)
{
	(void)state;
	assert_int_equal(seq("[Z"), K(KEY_BTAB));
	assert_int_equal(seq("[~"), K(KEY_BTAB));	/* Win32 OpenSSH console */
	assert_int_equal(seq("[A"), K(KEY_UP));
	assert_int_equal(seq("OB"), K(KEY_DOWN));
	assert_int_equal(seq("[1;5C"), K(KEY_RIGHT));
	assert_int_equal(seq("O5P"), K(KEY_F(1)));	/* older xterm-likes */
	assert_int_equal(seq("[7~"), K(KEY_HOME));	/* rxvt */
	assert_int_equal(seq("[8^"), K(KEY_END));	/* rxvt, Ctrl-End */
	assert_int_equal(seq("OM"), K_ENTER);		/* keypad Enter */
	assert_int_equal(seq("Oq"), '1');		/* application keypad */
	assert_int_equal(seq("On"), '.');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_client_key_means_its_key),
		cmocka_unit_test(test_sequences_of_no_key_are_dropped_whole),
		cmocka_unit_test(test_a_byte_that_cannot_follow_ends_it),
		cmocka_unit_test(test_shift_tab_arrows_and_keypad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
