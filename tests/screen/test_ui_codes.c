/*
 * The Code lists screen at 80x24: a national administrator chooses the rank list
 * by typing part of its name, finds a title without diacritics, and sees its
 * labels, the retired code that now means it and how many records use it; then
 * adds a value to the positions (into a copy of forms/), which the list shows at
 * once. An agency administrator may look but is not offered to add.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/dbfix.h"
#include "common/shrun.h"
#include "common/term.h"
#include "common/uifix.h"
#include "core/paths.h"
#include "core/xalloc.h"

static const char *const EN[] = { "--lang", "en", NULL };

static void
open_codes(struct term *t)
{
	term_send(t, "6");
	uifix_expect(t, "4  Code lists");
	term_send(t, "4");
	uifix_expect(t, "Ethnic groups");
}

static void
test_browse_and_add(void **state)
{
	struct uifix *u = *state;
	char forms[PATH_MAX];
	assert_non_null(realpath(paths_forms_dir(), forms));
	assert_int_equal(shrun(u->dir, NULL, "cp -r '%s' forms", forms), 0);
	char *env_forms = xasprintf("HOSO_FORMS=%s/forms", u->dir);
	char *const env[] = { env_forms, NULL };
	struct db *db;
	char *err = NULL;
	assert_int_equal(db_open(u->db_path, &db, &err), DB_OK);
	struct actor who;
	dbfix_account(db, "tw", ROLE_NATIONAL_ADMIN, NULL, &who);
	dbfix_account(db, "qt.hn", ROLE_AGENCY_ADMIN, FIX_HN, &who);
	db_close(db);

	struct term *t = uifix_start(u, EN, env, 24, 80);
	uifix_signin(t, "tw", "en");
	open_codes(t);
	term_send(t, "ranks");
	uifix_expect_gone(t, "Ethnic groups");
	term_send_key(t, "Enter");
	uifix_expect(t, "1  Find and view a value");
	UI_ASSERT_TEXT(t, "2  Add a value");
	term_send(t, "1");
	uifix_expect(t, "Senior principal officer");
	term_send(t, "bac si chinh");
	uifix_expect_gone(t, "Senior principal officer");
	term_send_key(t, "Enter");
	uifix_expect(t, "Formerly 16.118");
	UI_ASSERT_TEXT(t, "V.08.01.02");
	UI_ASSERT_TEXT(t, "Used by 0 people's records");
	term_send_key(t, "Enter");
	term_send_key(t, "Esc");	/* out of the values */
	uifix_expect(t, "2  Add a value");
	term_send_key(t, "Esc");	/* back to the lists */
	uifix_expect(t, "Ethnic groups");
	term_send(t, "positions");
	uifix_expect_gone(t, "Ethnic groups");
	term_send_key(t, "Enter");
	uifix_expect(t, "2  Add a value");
	term_send(t, "2");
	uifix_expect(t, "Code:");
	term_send(t, "pho_truong_tram\r");
	uifix_expect(t, "Vietnamese label:");
	term_send(t, "Phó Trưởng trạm\r");
	uifix_expect(t, "English label");
	term_send(t, "Deputy head of station\r");
	uifix_expect(t, "pho_truong_tram added");
	term_send_key(t, "Enter");
	uifix_expect_gone(t, "pho_truong_tram added");
	term_send(t, "1");
	term_send(t, "tram");
	uifix_expect(t, "Deputy head of station");
	uifix_hangup(t);

	/* An agency administrator looks, but adds nothing. */
	t = uifix_start(u, EN, env, 24, 80);
	uifix_signin(t, "qt.hn", "en");
	open_codes(t);
	term_send(t, "ranks");
	uifix_expect_gone(t, "Ethnic groups");
	term_send_key(t, "Enter");
	uifix_expect(t, "1  Find and view a value");
	UI_ASSERT_NO_TEXT(t, "Add a value");
	uifix_hangup(t);
	free(env_forms);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_browse_and_add, uifix_cm_setup,
		    uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
