/*
 * A civil servant's own account over SSH, as they would use it: signed in with the
 * first password, the first screen is their own record, read-only, with its
 * sub-records and the 2C résumé a key away; the main menu offers no search; and
 * what they opened is in the audit as views of their record and no other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/sshsrv.h"
#include "common/sshui.h"
#include "common/term.h"

#define SELF_PW "mat-khau-cua-an"

static char own_id[16], own_name[128];

static int
setup(void **state)
{
	struct sshsrv *s = sshsrv_new_started("ssh-self", 12, 0, NULL);
	if (s == NULL)
		return -1;
	long long v = sshsrv_sql_int(s, "SELECT id_number FROM person WHERE id = 3");
	snprintf(own_id, sizeof own_id, "%012lld", v);
	char *out = NULL;
	if (sshsrv_hoso(s, SELF_PW "\n", &out, "user", "add", "an", "--role", "self",
	    "--person", own_id, "--password-stdin", NULL) != 0)
		fail_msg("user add an: %s", out);
	free(out);
	if (sshsrv_hoso(s, NULL, &out, "show", own_id, NULL) != 0)
		fail_msg("show: %s", out);
	/* The first line: "NAME — ID". */
	snprintf(own_name, sizeof own_name, "%.*s", (int)(strstr(out, " \xe2\x80\x94") - out),
	    out);
	free(out);
	*state = s;
	return 0;
}

static struct term *
sign_in(struct sshsrv *s, const char *user, const char *pw)
{
	char **argv = sshsrv_ssh_argv(s, user, false, "password", sshui_ssh_opts, NULL);
	struct term *t = term_spawn(argv, sshsrv_askpass_env(s, pw), 24, 80);
	sshsrv_argv_free(argv);
	return t;
}

static void
test_own_dossier_first(void **state)
{
	struct sshsrv *s = *state;
	struct term *t = sign_in(s, "an", SELF_PW);
	/* No menu first: the record, read-only. */
	if (!term_wait_text(t, own_id, 20000) || !term_wait_text(t, "READ ONLY", 5000))
		term_dump(t, "no own record"), fail();
	assert_true(term_has_text(t, own_name));
	assert_false(term_has_text(t, "Main menu"));
	assert_false(term_has_text(t, "Edit"));
	/* The résumé of form 2C. */
	term_send_key(t, "F6");
	if (!term_wait_text(t, "Resume 2C", 10000) || !term_wait_text(t, own_name, 5000))
		term_dump(t, "no résumé"), fail();
	term_send_key(t, "Esc");
	assert_true(term_wait_text(t, "READ ONLY", 10000));
	/* Back: the menu has the dossier and no search. */
	term_send_key(t, "Esc");
	if (!term_wait_text(t, "My dossier", 10000))
		term_dump(t, "no menu"), fail();
	assert_false(term_has_text(t, "Find a person's record"));
	term_close(t, 5000);
	/* Views of its own record only, and a refusal of none. */
	assert_true(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE actor = 'an' AND"
	    " action = 'view' AND entity_id = 3") >= 2);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE actor = 'an' AND"
	    " action IN ('view', 'refused view') AND entity_id <> 3"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_own_dossier_first, setup, sshsrv_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
