/*
 * The agency tree on screen (Maintenance → 3): browsed, opened and closed, found
 * by a name typed without diacritics; the same tree as the picker of the person
 * form's agency field, which shows the agency's name beside its code; and a merge
 * from the screen, whose preview answers No when Enter is pressed and merges only
 * on Yes; search narrowed to an agency chosen in the tree. The database is read after each step.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/dbfix.h"
#include "common/term.h"
#include "common/uifix.h"

#define AN_ID "001085012345"	/* Nguyễn Văn An, Sở Nội vụ Hà Nội */
#define MERGED "000.00.09.H79"	/* made here, under FIX_HCM */

static long long
ask(struct uifix *u, const char *sql)
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(u->db_path, &c), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	return v;
}

/* A national administrator of the whole tree (the fixture's admin belongs to
 * Hà Nội). */
static void
add_root_admin(struct uifix *u)
{
	struct db *db;
	char *err = NULL;
	assert_int_equal(db_open(u->db_path, &db, &err), DB_OK);
	struct actor a;
	dbfix_account(db, "quantri", ROLE_NATIONAL_ADMIN, NULL, &a);
	db_close(db);
}

static struct term *
open_tree(struct uifix *u)
{
	add_root_admin(u);
	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "quantri", "en");
	term_send(t, "6");
	uifix_expect(t, "Agency tree");
	term_send(t, "3");
	uifix_expect(t, "Find:");
	return t;
}

static void
test_tree_browse_and_find(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_tree(u);
	/* Each top agency open at first: its departments show under it. */
	uifix_expect(t, "UBND TP Hà Nội");
	UI_ASSERT_TEXT(t, "Sở Nội vụ Hà Nội");
	UI_ASSERT_TEXT(t, "Sở Y tế TP Hồ Chí Minh");
	/* Left closes the selected (first) agency, Right opens it again. */
	uifix_key(t, "Left");
	uifix_expect_gone(t, "Sở Nội vụ Hà Nội");
	UI_ASSERT_TEXT(t, "Sở Y tế TP Hồ Chí Minh");
	uifix_key(t, "Right");
	uifix_expect(t, "Sở Nội vụ Hà Nội");
	uifix_type(t, "-");
	uifix_expect_gone(t, "Sở Nội vụ Hà Nội");
	/* Found by name without diacritics, closed or not: with its parent. */
	uifix_type(t, "noi vu");
	uifix_expect(t, "Sở Nội vụ Hà Nội");
	UI_ASSERT_TEXT(t, "UBND TP Hà Nội");
	UI_ASSERT_NO_TEXT(t, "Sở Y tế TP Hồ Chí Minh");
	/* Words are found where they begin: "hi" is not in "Chí". */
	uifix_key(t, "C-u");
	uifix_type(t, "hi minh");
	uifix_expect(t, "Nothing matches.");
	/* And by code. */
	uifix_key(t, "C-u");
	uifix_type(t, "02.h79");
	uifix_expect(t, "Sở Y tế TP Hồ Chí Minh");
	UI_ASSERT_NO_TEXT(t, "Sở Nội vụ Hà Nội");
	uifix_hangup(t);
}

static void
test_picker_in_person_form(void **state)
{
	struct uifix *u = *state;
	add_root_admin(u);
	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "quantri", "en");
	term_send(t, "1");
	uifix_expect(t, "Name or ID number:");
	term_send(t, AN_ID);
	uifix_expect(t, "Nguyễn Văn An");
	term_send_key(t, "Enter");
	uifix_expect(t, "READ ONLY");
	term_send_key(t, "C-e");
	uifix_expect(t, "EDITING");
	for (int i = 0; i < 3; i++)
		term_send_key(t, "PgDn");
	uifix_expect(t, "Agency code");
	term_send_key(t, "Down");
	term_send_key(t, "F3");
	uifix_expect(t, "Find:");
	UI_ASSERT_TEXT(t, "Sở Y tế TP Hồ Chí Minh");
	uifix_type(t, "y te ho chi");
	uifix_key(t, "Down");	/* from the city to its department */
	uifix_key(t, "Enter");
	uifix_expect_gone(t, "Find:");
	uifix_expect(t, FIX_HCM_YT);
	term_send_key(t, "C-s");
	uifix_expect(t, "READ ONLY");
	/* Saved under the agency chosen, its name (and city) beside the code. */
	assert_int_equal(ask(u, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE p.id_number = '" AN_ID "' AND o.code = '" FIX_HCM_YT "'"), 1);
	uifix_expect(t, FIX_HCM_YT "  Sở Y tế TP Hồ Chí Minh");
	UI_ASSERT_NO_TEXT(t, "(UBND");
	uifix_hangup(t);
}

static void
test_merge_from_the_screen(void **state)
{
	struct uifix *u = *state;
	struct term *t = open_tree(u);
	/* Sở Nội vụ Hà Nội into a new agency would need a name: into Hồ Chí Minh's
	 * health department instead, found in the picker. */
	uifix_type(t, "noi vu");
	uifix_key(t, "Down");
	uifix_key(t, "F8");
	uifix_expect(t, "Merge into which agency?");
	uifix_type(t, "y te");
	uifix_key(t, "Down");
	uifix_key(t, "Enter");
	uifix_expect(t, "From (DD/MM/YYYY):");
	uifix_key(t, "C-u");
	uifix_type(t, "01/07/2025");
	uifix_key(t, "Enter");
	uifix_expect(t, "Carry it out?");
	UI_ASSERT_TEXT(t, FIX_HN_NV " -> " FIX_HCM_YT);
	UI_ASSERT_TEXT(t, "people, 0 agencies");
	/* Enter takes the default answer, No: nothing changes. */
	uifix_key(t, "Enter");
	uifix_expect_gone(t, "Carry it out?");
	assert_int_equal(ask(u, "SELECT count(*) FROM org WHERE valid_to IS NOT NULL"), 0);
	assert_int_equal(ask(u, "SELECT count(*) FROM audit WHERE action = 'merge'"), 0);
	/* Again, and Yes. */
	uifix_key(t, "F8");
	uifix_expect(t, "Merge into which agency?");
	uifix_type(t, "y te");
	uifix_key(t, "Down");
	uifix_key(t, "Enter");
	uifix_expect(t, "From (DD/MM/YYYY):");
	uifix_key(t, "C-u");
	uifix_type(t, "01/07/2025");
	uifix_key(t, "Enter");
	uifix_expect(t, "Carry it out?");
	uifix_key(t, "Right");
	uifix_key(t, "Enter");
	uifix_expect(t, "Merged into " FIX_HCM_YT);
	assert_int_equal(ask(u, "SELECT count(*) FROM org o JOIN org m ON m.id = o.merged_into"
	    " WHERE o.code = '" FIX_HN_NV "' AND o.valid_to = '2025-06-30' AND m.code = '"
	    FIX_HCM_YT "'"), 1);
	assert_int_equal(ask(u, "SELECT count(*) FROM person p JOIN org o ON o.id = p.org_id"
	    " WHERE o.code = '" FIX_HN_NV "'"), 0);
	assert_int_equal(ask(u, "SELECT count(*) FROM audit WHERE action = 'merge'"), 1);
	/* The tree shows the old agency as history. */
	uifix_key(t, "C-u");
	uifix_type(t, "noi vu");
	uifix_expect(t, "merged into " FIX_HCM_YT);
	uifix_hangup(t);
}

static void
test_search_by_agency(void **state)
{
	struct uifix *u = *state;
	add_root_admin(u);
	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "quantri", "en");
	term_send(t, "1");
	uifix_expect(t, "Name or ID number:");
	term_send(t, "nguyen van an");
	uifix_expect(t, "Nguyễn Văn An");
	/* Hồ Chí Minh's health department holds nobody of that name. */
	term_send_key(t, "F5");
	uifix_expect(t, "Search in which agency?");
	uifix_type(t, "y te");
	uifix_key(t, "Down");
	uifix_key(t, "Enter");
	uifix_expect(t, "Agency (F5): Sở Y tế TP Hồ Chí Minh");
	uifix_expect_gone(t, "Nguyễn Văn An");
	/* Hà Nội's, found by its name, does. */
	term_send_key(t, "F5");
	uifix_expect(t, "Search in which agency?");
	uifix_type(t, "noi vu");
	uifix_key(t, "Down");
	uifix_key(t, "Enter");
	uifix_expect(t, "Agency (F5): Sở Nội vụ Hà Nội (TP Hà Nội)");
	uifix_expect(t, "Nguyễn Văn An");
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_browse_and_find, uifix_cm_setup,
		    uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_picker_in_person_form, uifix_cm_setup,
		    uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_merge_from_the_screen, uifix_cm_setup,
		    uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_search_by_agency, uifix_cm_setup,
		    uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
