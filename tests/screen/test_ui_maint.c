/*
 * The maintenance screens of this branch, as a national administrator uses them
 * on a pty at 80x24: the Maintenance menu's entries at their numbers; Health with
 * its on-demand check; Backups: back up now (progress, then the file listed), and
 * verify it by name; the Audit trail, filtered to one person's record, and Verify
 * chain, which opens the trail at the first broken row; Signed-in sessions without
 * a server; Import and export: a small CSV of the account's own folder imported
 * with its bad row set aside into a reject file, and an export written there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/uifix.h"
#include "common/term.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
open_maint(struct term *t, const char *entry, const char *expect)
{
	term_send(t, "6");
	uifix_expect(t, "Maintenance");
	term_send(t, entry);
	uifix_expect(t, expect);
}

static void
back_to_menu(struct term *t)
{
	uifix_key(t, "Esc");
	uifix_expect(t, "Maintenance");
	uifix_key(t, "Esc");
	uifix_expect(t, "Find a person's record");
}

/* The one backup in the fixture's backup folder. */
static void
only_backup(struct uifix *u, char *name, size_t size)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/backups", u->dir);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	name[0] = '\0';
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "hoso-", 5) == 0 &&
		    strcmp(e->d_name + strlen(e->d_name) - 3, ".db") == 0)
			snprintf(name, size, "%s", e->d_name);
	closedir(d);
	assert_true(name[0] != '\0');
}

static void
test_maintenance_screens(void **state)
{
	struct uifix *u = *state;
	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "admin", "en");
	term_send(t, "6");
	uifix_expect(t, "2  Signed-in sessions");
	UI_ASSERT_TEXT(t, "5  Backups");
	UI_ASSERT_TEXT(t, "6  Audit trail");
	UI_ASSERT_TEXT(t, "7  Health");
	uifix_key(t, "Esc");
	uifix_expect(t, "Find a person's record");

	open_maint(t, "7", "database: ");
	UI_ASSERT_TEXT(t, "gateway: not configured");
	UI_ASSERT_TEXT(t, "integrity: not checked now");
	UI_ASSERT_TEXT(t, "last backup: none");
	uifix_key(t, "F5");
	uifix_expect(t, "integrity: ok (quick check)");
	back_to_menu(t);

	open_maint(t, "5", "No backups yet.");
	uifix_key(t, "F7");
	uifix_expect(t, "Backup written: hoso-");
	uifix_key(t, "Enter");
	uifix_expect(t, "not verified");
	char name[256];
	only_backup(u, name, sizeof name);
	UI_ASSERT_TEXT(t, name);
	uifix_key(t, "F5");
	uifix_expect(t, "File name");
	term_send(t, name);
	uifix_key(t, "Enter");
	uifix_expect(t, "Sound: 49 people");
	uifix_key(t, "Enter");
	uifix_expect(t, "verified ");
	UI_ASSERT_NO_TEXT(t, "not verified");
	back_to_menu(t);

	/* Newest first: the backup just taken, selected. */
	open_maint(t, "6", "The newest");
	uifix_key(t, "Enter");
	uifix_expect(t, "Audit row ");
	UI_ASSERT_TEXT(t, "admin backup database");
	uifix_key(t, "Esc");
	uifix_expect(t, "The newest");
	uifix_key(t, "F3");
	uifix_expect(t, "Account");
	uifix_key(t, "Enter");
	uifix_expect(t, "ID number");
	term_send(t, "001085012345");
	uifix_key(t, "Enter");
	for (int i = 0; i < 4; i++) {
		uifix_expect(t, "Filter the audit trail");
		uifix_key(t, "Enter");
	}
	uifix_expect(t, "ID number 001085012345");
	UI_ASSERT_TEXT(t, "insert");
	UI_ASSERT_NO_TEXT(t, "database");
	uifix_key(t, "Enter");
	uifix_expect(t, "full_name");
	UI_ASSERT_TEXT(t, "after: Nguyễn Văn An");
	UI_ASSERT_TEXT(t, "before: (none)");
	uifix_key(t, "Esc");
	uifix_key(t, "F5");
	uifix_expect(t, "The chain is intact");
	uifix_key(t, "Enter");
	back_to_menu(t);

	open_maint(t, "2", "0 signed in");
	UI_ASSERT_TEXT(t, "hoso serve is not running");
	back_to_menu(t);
	term_send(t, "0");
	term_close(t, 10000);
}

static void
test_verify_chain_opens_the_broken_row(void **state)
{
	struct uifix *u = *state;
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "sqlite3 %s \"DROP TRIGGER audit_no_update;"
	    " UPDATE audit SET actor = 'someone' WHERE seq = 5;\"", u->db_path);
	assert_int_equal(system(cmd), 0);
	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "admin", "en");
	open_maint(t, "6", "Audit trail");
	uifix_key(t, "F5");
	uifix_expect(t, "The chain is broken at row 5");
	uifix_key(t, "Enter");
	uifix_expect(t, "from row 5 on");
	UI_ASSERT_TEXT(t, "#5 ");
	UI_ASSERT_TEXT(t, "someone");
	uifix_key(t, "Enter");
	uifix_expect(t, "Row 5, ");
	uifix_key(t, "Esc");
	back_to_menu(t);
	term_send(t, "0");
	term_close(t, 10000);
}

static void
test_import_from_own_folder(void **state)
{
	struct uifix *u = *state;
	char path[4096];
	snprintf(path, sizeof path, "mkdir -p %s/output/admin && printf '"
	    "id_number,full_name,date_of_birth,sex,staff_category,org_code\\n"
	    "040089001234,Nguyễn Văn Đức,12/05/1989,Nam,cong_chuc,000.00.01.H01\\n"
	    "040089001235,Trần Văn Sai,31/02/1989,Nam,cong_chuc,000.00.01.H01\\n"
	    "' > %s/output/admin/moi.csv", u->dir, u->dir);
	assert_int_equal(system(path), 0);
	const char *args[] = { "--lang", "en", NULL };
	struct term *t = uifix_start(u, args, NULL, 24, 80);
	uifix_signin(t, "admin", "en");
	open_maint(t, "8", "moi.csv");
	uifix_key(t, "F7");
	uifix_expect(t, "File name");
	term_send(t, "moi.csv");
	uifix_key(t, "Enter");
	uifix_expect(t, "Skip bad rows");
	uifix_key(t, "Right");
	uifix_key(t, "Enter");
	uifix_expect(t, "2 rows read, 1 written, 0 updated, 1 rejected");
	UI_ASSERT_TEXT(t, "moi.csv.rejected.csv");
	UI_ASSERT_TEXT(t, "line 3");
	uifix_key(t, "Esc");
	uifix_expect(t, "moi.csv.rejected.csv");
	uifix_key(t, "F2");
	uifix_expect(t, "people written to export-");
	uifix_key(t, "Enter");
	uifix_expect(t, "export-");
	back_to_menu(t);
	term_send(t, "0");
	term_close(t, 10000);
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "test \"$(sqlite3 %s \"SELECT count(*) FROM person WHERE"
	    " id_number = '040089001234'\")\" = 1 && grep -q 'Trần Văn Sai' "
	    "%s/output/admin/moi.csv.rejected.csv", u->db_path, u->dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_maintenance_screens, uifix_cm_setup,
		    uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_verify_chain_opens_the_broken_row,
		    uifix_cm_setup, uifix_cm_teardown),
		cmocka_unit_test_setup_teardown(test_import_from_own_folder, uifix_cm_setup,
		    uifix_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
