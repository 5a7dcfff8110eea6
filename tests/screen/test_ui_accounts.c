/*
 * The Accounts screen, as an administrator uses it at 80x24: a national
 * administrator lists every account, narrows the list without diacritics, creates
 * one (role and agency chosen, the agency shown with its name), resets a password
 * and reads the temporary one off the screen once, after which that account's next
 * sign-in asks for a new password before anything else; keys are pasted and shown
 * by fingerprint, and removed. An agency administrator sees its own subtree's
 * accounts only. A clerk reaches no account screen by any key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/dbfix.h"
#include "common/term.h"
#include "common/uifix.h"

static const char *const EN[] = { "--lang", "en", NULL };

/* ssh-keygen -t ed25519 -C clerk@office, and its ssh-keygen -l fingerprint */
#define KEY_ED "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAK8c5ACcTvA7WZN5X0GHNgAp/Rc81f/pvmYR1h" \
	"lycR clerk@office"
#define FP_ED "SHA256:DzRq4XpvaZxtYf0BLNfOKcNXy/3l6lTdN1NmUCHB7RY"

/* From the main menu to the Accounts screen (the one place that knows its keys). */
static void
open_accounts(struct term *t)
{
	term_send(t, "6");
	uifix_expect(t, "1  Accounts");
	term_send(t, "1");
	uifix_expect(t, "Last sign-in");
}

static int
sql_int(struct uifix *u, const char *sql)
{
	sqlite3 *c;
	assert_int_equal(sqlite3_open(u->db_path, &c), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	return v;
}

/* The temporary password as the reset dialog shows it: the word on its own row. */
static void
read_temporary(struct term *t, char out[32])
{
	int r = term_find_row(t, "Temporary password of");
	assert_true(r >= 0);
	out[0] = '\0';
	for (int i = r + 1; i < r + 4 && !out[0]; i++)
		sscanf(term_row(t, i), "%*[^a-z0-9]%31[a-z0-9]", out);
	if (strlen(out) != 12) {
		term_dump(t, "temporary password");
		fail_msg("no temporary password on the screen (read \"%s\")", out);
	}
}

static void
test_national_admin(void **state)
{
	struct uifix *u = *state;
	/* A national administrator filed under no agency: the whole country. */
	struct db *db;
	char *err = NULL;
	assert_int_equal(db_open(u->db_path, &db, &err), DB_OK);
	struct actor who;
	dbfix_account(db, "tw", ROLE_NATIONAL_ADMIN, NULL, &who);
	db_close(db);
	struct term *t = uifix_start(u, EN, NULL, 24, 80);
	uifix_signin(t, "tw", "en");
	open_accounts(t);
	UI_ASSERT_TEXT(t, "clerk2");
	UI_ASSERT_TEXT(t, "viewer");
	UI_ASSERT_TEXT(t, "National administrator");

	/* A new clerk of Hồ Chí Minh's health department, typed by its code. */
	term_send_key(t, "F7");
	uifix_expect(t, "New account");
	term_send(t, "canbo.hcm\t");
	term_send(t, "Võ Thị Mai\t");
	term_send_key(t, "Enter");	/* the role list */
	uifix_expect(t, "Roles");
	term_send(t, "records");
	uifix_expect_gone(t, "Viewer");
	term_send_key(t, "Enter");
	uifix_expect_gone(t, "Roles");
	term_send(t, "\t" FIX_HCM_YT);
	uifix_expect(t, "Sở Y tế");
	term_send(t, "\t\t");
	term_send(t, "mat-khau-moi-1");
	term_send_key(t, "F2");
	uifix_expect(t, "Account created.");
	uifix_expect(t, "canbo.hcm");
	assert_int_equal(sql_int(u, "SELECT count(*) FROM account a JOIN org o ON o.id = a.org_id"
	    " WHERE a.username = 'canbo.hcm' AND a.role = 'clerk' AND o.code = '" FIX_HCM_YT
	    "' AND a.full_name = 'Võ Thị Mai'"), 1);

	/* Narrowed without diacritics, by the full name. */
	term_send(t, "vo thi");
	uifix_expect(t, "1 of 6 accounts");
	UI_ASSERT_NO_TEXT(t, "clerk2");

	/* Its key, pasted; shown by fingerprint. */
	term_send_key(t, "Enter");
	uifix_expect(t, "SSH keys");
	term_send(t, "4");
	uifix_expect(t, "Keys of the account canbo.hcm");
	term_send_key(t, "F7");
	uifix_expect(t, "Public key line");
	term_send(t, KEY_ED);
	term_send_key(t, "Enter");
	uifix_expect(t, FP_ED);
	UI_ASSERT_TEXT(t, "clerk@office");
	/* A damaged one is refused, saying why. */
	term_send_key(t, "F7");
	uifix_expect(t, "Public key line");
	term_send(t, "ssh-dss AAAAB3NzaC1kc3M= old");
	term_send_key(t, "Enter");
	uifix_expect(t, "not a key type the server accepts");
	term_send_key(t, "F8");
	uifix_expect(t, "Remove the key");
	term_send(t, "y");
	uifix_expect(t, "No SSH keys.");
	term_send_key(t, "Esc");

	/* Reset: the temporary password shows once; the account must change it. */
	uifix_expect(t, "Last sign-in");
	term_send_key(t, "Enter");
	uifix_expect(t, "Reset password");
	term_send(t, "3");
	uifix_expect(t, "new temporary password");
	term_send(t, "y");
	uifix_expect(t, "Temporary password of canbo.hcm");
	char tmp[32];
	read_temporary(t, tmp);
	term_send_key(t, "Enter");
	uifix_expect(t, "reset");
	assert_int_equal(sql_int(u, "SELECT must_change FROM account WHERE username = 'canbo.hcm'"),
	    1);

	/* Lock, then unlock, from the same menu. */
	term_send_key(t, "Enter");
	uifix_expect(t, "Lock");
	term_send(t, "2");
	uifix_expect(t, "It will no longer sign in");
	term_send(t, "y");
	uifix_expect(t, "Account canbo.hcm locked.");
	UI_ASSERT_TEXT(t, "locked");
	term_send_key(t, "Enter");
	term_send(t, "2");
	uifix_expect(t, "Unlock the account");
	term_send(t, "y");
	uifix_expect(t, "Account canbo.hcm unlocked.");

	/* Out, and in again as the reset account: a new password comes first. */
	term_send_key(t, "Esc");
	uifix_expect(t, "1  Accounts");
	term_send_key(t, "Esc");
	uifix_expect(t, "9  Sign out");
	term_send(t, "9");
	uifix_expect(t, "Password:");
	term_send(t, "canbo.hcm\t");
	term_send(t, tmp);
	term_send_key(t, "Enter");
	uifix_expect(t, "choose your own before going on");
	UI_ASSERT_NO_TEXT(t, "Find a person's record");
	/* The temporary one again, or two that differ: refused. */
	term_send(t, tmp);
	term_send_key(t, "Enter");
	term_send(t, tmp);
	term_send_key(t, "Enter");
	uifix_expect(t, "different from the current one");
	term_send(t, "mat-khau-rieng-2\tmat-khau-rieng-3\n");
	uifix_expect(t, "The two passwords differ");
	term_send(t, "mat-khau-rieng-2\tmat-khau-rieng-2\n");
	uifix_expect(t, "1  Find a person's record");
	assert_int_equal(sql_int(u, "SELECT must_change FROM account WHERE username = 'canbo.hcm'"),
	    0);
	assert_int_equal(sql_int(u, "SELECT count(*) FROM audit WHERE entity = 'account' AND"
	    " actor = 'tw' AND (after LIKE '%key_added%' OR after LIKE '%key_removed%'"
	    " OR after LIKE '%\"reset\"%' OR after LIKE '%locked%')"), 5);
	uifix_hangup(t);
}

static void
test_agency_admin_sees_its_subtree(void **state)
{
	struct uifix *u = *state;
	struct db *db;
	char *err = NULL;
	assert_int_equal(db_open(u->db_path, &db, &err), DB_OK);
	struct actor who;
	dbfix_account(db, "qt.hn", ROLE_AGENCY_ADMIN, FIX_HN, &who);
	dbfix_account(db, "canbo.yte", ROLE_CLERK, FIX_HCM_YT, &who);
	db_close(db);
	struct term *t = uifix_start(u, EN, NULL, 24, 80);
	uifix_signin(t, "qt.hn", "en");
	open_accounts(t);
	UI_ASSERT_TEXT(t, "clerk2");
	UI_ASSERT_TEXT(t, "qt.hn");
	UI_ASSERT_NO_TEXT(t, "canbo.yte");
	UI_ASSERT_NO_TEXT(t, "National administrator");
	/* Its new accounts start in its own agency; a national administrator is not
	 * among the roles offered. */
	term_send_key(t, "F7");
	uifix_expect(t, "New account");
	UI_ASSERT_TEXT(t, FIX_HN);
	term_send(t, "x.hn\t\t");
	term_send_key(t, "Enter");
	uifix_expect(t, "Roles");
	UI_ASSERT_TEXT(t, "Agency administrator");
	UI_ASSERT_NO_TEXT(t, "National administrator");
	term_send_key(t, "Esc");
	uifix_expect_gone(t, "Roles");
	/* Another province's agency, typed: refused by the data layer. */
	term_send(t, "\t");
	term_send_key(t, "C-u");
	term_send(t, FIX_HCM_YT "\t\tmat-khau-123");
	term_send_key(t, "F2");
	uifix_expect(t, "you may not create accounts");
	uifix_hangup(t);
	assert_int_equal(sql_int(u, "SELECT count(*) FROM account WHERE username = 'x.hn'"), 0);
}

/* In Vietnamese at 80 columns nothing is cut: the actions' title, the reset's
 * message and the new-password screen's heading show whole. */
static void
test_vietnamese_whole(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, NULL, NULL, 24, 80);
	uifix_signin(t, "admin", "vi");
	term_send(t, "6");
	uifix_expect(t, "1  Tài khoản");
	term_send(t, "1");
	uifix_expect(t, "Đăng nhập cuối");
	term_send(t, "clerk2");
	uifix_expect(t, "1 trên");
	term_send_key(t, "Enter");
	uifix_expect(t, "3  Cấp lại mật khẩu");
	/* Over the entries, not only in the title bar (row 0). */
	bool whole = false;
	for (int i = 1; i < 23; i++)
		whole = whole || strstr(term_row(t, i), "Làm gì với tài khoản này?") != NULL;
	if (!whole)
		term_dump(t, "the menu's title");
	assert_true(whole);
	term_send(t, "3");
	uifix_expect(t, "nhập tới.");
	term_send(t, "c");
	uifix_expect(t, "Mật khẩu tạm thời của clerk2:");
	int r = term_find_row(t, "Mật khẩu tạm thời của");
	char tmp[32] = "";
	for (int i = r + 1; i < r + 4 && !tmp[0]; i++)
		sscanf(term_row(t, i), "%*[^a-z0-9]%31[a-z0-9]", tmp);
	assert_int_equal(strlen(tmp), 12);
	term_send_key(t, "Enter");
	term_send_key(t, "Esc");
	uifix_expect(t, "1  Tài khoản");
	term_send_key(t, "Esc");
	uifix_expect(t, "9  Đăng xuất");
	term_send(t, "9");
	uifix_expect(t, "Mật khẩu:");
	term_send(t, "clerk2\t");
	term_send(t, tmp);
	term_send_key(t, "Enter");
	uifix_expect(t, "khi tiếp tục.");
	UI_ASSERT_TEXT(t, "Mật khẩu của bạn đã được cấp lại");
	uifix_hangup(t);
}

/* Back to the main menu from wherever a key led, without leaving the program. */
static void
back_to_menu(struct term *t)
{
	for (int i = 0; i < 6; i++) {
		term_settle(t, 60, 3000);
		if (term_has_text(t, "Leave the program?")) {
			term_send(t, "n");
			continue;
		}
		if (term_has_text(t, "1  Find a person's record") &&
		    term_has_text(t, "Main menu"))
			return;
		term_send_key(t, "Esc");
	}
	term_dump(t, "menu");
	fail_msg("could not return to the main menu");
}

static void
test_clerk_reaches_no_accounts(void **state)
{
	struct uifix *u = *state;
	struct term *t = uifix_start(u, EN, NULL, 24, 80);
	uifix_signin(t, "clerk", "en");
	UI_ASSERT_NO_TEXT(t, "Accounts");
	UI_ASSERT_NO_TEXT(t, "Maintenance");
	static const char *const keys[] = { "1", "2", "3", "4", "5", "6", "7", "8",
	    "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F11", "F12", "Enter", "C-a",
	    "C-e", "C-n", "M-a", "M-m", NULL };
	for (int i = 0; keys[i] != NULL; i++) {
		if (strlen(keys[i]) == 1)
			term_send(t, keys[i]);
		else
			term_send_key(t, keys[i]);
		term_settle(t, 80, 3000);
		if (term_has_text(t, "Last sign-in") || term_has_text(t, "Accounts") ||
		    term_has_text(t, "Maintenance")) {
			term_dump(t, keys[i]);
			fail_msg("the key %s reached an account screen", keys[i]);
		}
		back_to_menu(t);
	}
	uifix_hangup(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_national_admin, uifix_cm_setup,
		    uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_agency_admin_sees_its_subtree,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_clerk_reaches_no_accounts, uifix_cm_setup,
		    uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_vietnamese_whole, uifix_cm_setup,
		    uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
