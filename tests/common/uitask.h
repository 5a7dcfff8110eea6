/*
 * The scripted clerk task that measures the terminal's cost: sign in, search a
 * name, open the record, change three fields (a code from its pick list, a phone
 * number, an e-mail address), save, sign out, leave. Driven one key at a time
 * through the real program on a pty; after each key the harness waits until the
 * screen settles (no output for UITASK_QUIET_MS) and records the time from the key
 * to the last byte. The sign-in key is timed apart: it waits for Argon2id on
 * purpose. Screens are left with F10, not Esc, whose meaning is only known after
 * the Esc delay. Used by the screen test (budgets with room for a loaded machine)
 * and by make bench (figures, targets as stated).
 */
#ifndef HOSO_TEST_UITASK_H
#define HOSO_TEST_UITASK_H
#include <stddef.h>
#include "common/uifix.h"

#define UITASK_QUIET_MS 25

struct uitask {
	size_t bytes;		/* written to the terminal for the whole task */
	int    keys;		/* keys sent, the sign-in key included */
	double median_ms, p99_ms, max_ms;	/* key to settled screen */
	double signin_ms;	/* the sign-in key alone */
	size_t repaint_bytes;	/* one full repaint (^L) of the search results */
};

/* Run the task on u->db_path as user/pass, searching for name (the first person
 * found is edited), with extra program arguments (NULL-terminated, or NULL).
 * Fails the running cmocka test on anything unexpected. */
void uitask_run(struct uifix *u, const char *user, const char *pass,
    const char *name, const char *const *args, struct uitask *out);
#endif
