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
#include "common/shrun.h"
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
	/* A detail of their own is proposed, not saved; the agency's are not typed:
	 * the cursor never stops on the full name, which comes from the ID card. */
	assert_true(sshui_edit_field(t, "Other names", "Be Tu", 10000));
	int name_row = term_find_row(t, "Full name"), r, c;
	term_send_key(t, "Up");
	term_send_key(t, "Up");
	term_settle(t, 200, 3000);
	term_cursor(t, &r, &c);
	assert_int_not_equal(r, name_row);
	term_send_key(t, "F2");
	if (!term_wait_text(t, "Sent to your agency for review", 10000))
		term_dump(t, "not proposed"), fail();
	assert_true(term_wait_text(t, "READ ONLY", 5000));
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM proposal WHERE person_id = 3"
	    " AND kind = 'person' AND after LIKE '%Be Tu%' AND state = 'pending'"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM person WHERE id = 3 AND"
	    " data LIKE '%Be Tu%'"), 0);
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

/* Is the page shown the one titled title ("Page 11/17: Training", not the
 * "PgDn: Training" that names the next)? */
static bool
on_page(struct term *t, const char *title)
{
	int row = term_find_row(t, "Page ");
	if (row < 0)
		return false;
	const char *line = term_row(t, row);
	const char *at = strstr(line, title), *next = strstr(line, "PgDn");
	return at != NULL && (next == NULL || at < next);
}

static void
to_page(struct term *t, const char *title)
{
	for (int i = 0; i < 20 && !on_page(t, title); i++) {
		term_send_key(t, "PgDn");
		term_settle(t, 150, 2000);
	}
	if (!on_page(t, title))
		term_dump(t, title), fail();
}

/* The grid page shows a row holding text. */
static void
to_row(struct term *t, const char *title, const char *text)
{
	to_page(t, title);
	if (!term_wait_text(t, text, 5000))
		term_dump(t, text), fail();
}

/* On the Training page of one's own record: propose a new row. */
static void
propose_training(struct term *t, const char *institution)
{
	to_page(t, ": Training");
	if (!term_wait_text(t, "Propose a row", 5000))
		term_dump(t, "no proposing key"), fail();
	term_send_key(t, "F7");
	if (!term_wait_text(t, "New row", 10000) || !term_wait_text(t, "EDITING", 5000))
		term_dump(t, "no new row"), fail();
	term_send(t, "01/09/2015");
	term_send_key(t, "Enter");
	term_send(t, "30/06/2017");
	term_send_key(t, "Enter");
	term_send(t, institution);
	term_send_key(t, "Enter");
	term_send_key(t, "F2");
	if (!term_wait_text(t, "Sent to your agency for review", 10000))
		term_dump(t, "not sent"), fail();
}

/* From the main menu, the entry labelled label, by its number. */
static void
menu_pick(struct term *t, const char *label)
{
	char line_text[160];
	/* The menu itself, not a dialog's title over it: wait for the label, let the
	 * screen settle, then find the numbered line. */
	if (!term_wait_text(t, label, 10000))
		term_dump(t, label), fail();
	term_settle(t, 200, 3000);
	int row = -1;
	for (int digit = 1; digit <= 9 && row < 0; digit++) {
		snprintf(line_text, sizeof line_text, "%d  %s", digit, label);
		row = term_find_row(t, line_text);
	}
	if (row < 0)
		term_dump(t, label), fail();
	const char *line = term_row(t, row);
	const char *d = line;
	while (*d == ' ')
		d++;
	char key[2] = { *d, 0 };
	term_send(t, key);
}

static void
test_propose_return_approve(void **state)
{
	struct sshsrv *s = *state;
	char *out = NULL;
	/* A clerk of the person's agency. */
	if (shrun(s->dir, &out, "sqlite3 -cmd '.timeout 10000' %s \"SELECT o.code"
	    " FROM person p JOIN org o ON o.id = p.org_id WHERE p.id = 3\"", s->db) != 0)
		fail_msg("agency: %s", out);
	out[strcspn(out, "\n")] = '\0';
	char *o2 = NULL;
	if (sshsrv_hoso(s, "mat-khau-can-bo\n", &o2, "user", "add", "canbo", "--role",
	    "clerk", "--org", out, "--password-stdin", NULL) != 0)
		fail_msg("clerk: %s", o2);
	free(o2);
	free(out);

	struct term *me = sign_in(s, "an", SELF_PW);
	if (!term_wait_text(me, own_id, 20000))
		term_dump(me, "no own record"), fail();
	propose_training(me, "Hoc vien Hanh chinh");
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM proposal WHERE"
	    " state = 'pending' AND kind = 'training' AND person_id = 3"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM person_item WHERE"
	    " person_id = 3 AND kind = 'training'"), 0);

	/* The clerk, in another session, returns it with a reason. */
	struct term *clerk = sign_in(s, "canbo", "mat-khau-can-bo");
	assert_true(sshui_menu(clerk, 20000));
	menu_pick(clerk, "Proposals to review");
	if (!term_wait_text(clerk, own_name, 10000))
		term_dump(clerk, "no queue"), fail();
	term_send_key(clerk, "Enter");
	if (!term_wait_text(clerk, "Hoc vien Hanh chinh", 10000) ||
	    !term_wait_text(clerk, "before:", 5000))
		term_dump(clerk, "no proposal"), fail();
	term_send_key(clerk, "F8");
	if (!term_wait_text(clerk, "Reason", 10000))
		term_dump(clerk, "no reason asked"), fail();
	term_send(clerk, "Thieu van bang");
	term_send_key(clerk, "Enter");
	/* The queue is empty now. */
	if (!term_wait_text(clerk, "No proposals are waiting", 10000))
		term_dump(clerk, "not returned"), fail();
	term_send_key(clerk, "Enter");
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM proposal WHERE"
	    " state = 'returned' AND reason = 'Thieu van bang' AND decided_by = 'canbo'"), 1);

	/* The person reads the outcome and the reason. */
	term_send_key(me, "Esc");
	menu_pick(me, "My proposals");
	if (!term_wait_text(me, "returned", 10000))
		term_dump(me, "no outcome"), fail();
	term_send_key(me, "Enter");
	if (!term_wait_text(me, "Thieu van bang", 10000))
		term_dump(me, "no reason"), fail();
	term_send_key(me, "Esc");
	term_send_key(me, "Esc");
	/* Proposed again, approved this time. */
	menu_pick(me, "My dossier");
	if (!term_wait_text(me, "READ ONLY", 10000))
		term_dump(me, "no dossier"), fail();
	propose_training(me, "Hoc vien Hanh chinh Quoc gia");
	if (sshsrv_sql_int(s, "SELECT count(*) FROM proposal WHERE state = 'pending'") != 1)
		term_dump(me, "second proposal not stored"), fail();
	menu_pick(clerk, "Proposals to review");
	if (!term_wait_text(clerk, own_name, 10000))
		term_dump(clerk, "no queue"), fail();
	term_send_key(clerk, "Enter");
	if (!term_wait_text(clerk, "Quoc gia", 10000))
		term_dump(clerk, "no second proposal"), fail();
	term_send_key(clerk, "F2");
	if (!term_wait_text(clerk, "No proposals are waiting", 10000))
		term_dump(clerk, "not approved"), fail();
	term_close(clerk, 5000);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM person_item WHERE"
	    " person_id = 3 AND kind = 'training' AND data LIKE '%Quoc gia%'"), 1);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE"
	    " action = 'approve' AND actor = 'canbo' AND after LIKE '%\"proposed_by\":\"an\"%'"),
	    1);
	/* The person sees it in the record. */
	term_send_key(me, "Esc");
	menu_pick(me, "My dossier");
	to_row(me, ": Training", "30/06/2017");
	/* Who looked at the record: the clerk who read the proposals. */
	term_send_key(me, "Esc");
	menu_pick(me, "My dossier");
	if (!term_wait_text(me, "Who looked", 10000))
		term_dump(me, "no key"), fail();
	term_send_key(me, "F3");
	if (!term_wait_text(me, "Who looked at my record", 10000) ||
	    !term_wait_text(me, "canbo", 5000))
		term_dump(me, "no viewers"), fail();
	term_close(me, 5000);
	/* The same from the command line, as the person. */
	char *list = NULL;
	assert_int_equal(sshsrv_hoso(s, NULL, &list, "viewers", "--user", "an", NULL), 0);
	assert_non_null(strstr(list, "canbo"));
	free(list);
}

/* A dialog asking label: clear what it offers, type value, Enter. The keys queue
 * in order, so the next dialog gets the next answer. */
static void
answer(struct term *t, const char *label, const char *value)
{
	if (!term_wait_text(t, label, 10000))
		term_dump(t, label), fail();
	term_send(t, "\x15");
	term_send(t, value);
	term_send_key(t, "Enter");
}

static const char *const groups[] = {
	"Land use rights", "Houses and other constructions", "Precious metals and gems",
	"Money (cash, deposits, loans)", "Shares, bonds, capital", "Other assets of 50",
	"Assets and accounts abroad", "Total income between two"
};

static void
test_asset_declaration(void **state)
{
	struct sshsrv *s = *state;
	struct term *me = sign_in(s, "an", SELF_PW);
	if (!term_wait_text(me, own_id, 20000))
		term_dump(me, "no own record"), fail();
	/* First: land and money. */
	term_send_key(me, "F7");
	menu_pick(me, "New declaration");
	menu_pick(me, "First-time declaration");
	answer(me, "Year", "2026");
	const char *first[] = { "1500000000", "0", "0", "100000000", "0", "0", "0",
	    "180000000" };
	for (int i = 0; i < 8; i++)
		answer(me, groups[i], first[i]);
	/* Submitted: listed, and the list is where the person is back to. */
	if (!term_wait_text(me, "First-time declaration 2026 (v1)", 10000))
		term_dump(me, "first not submitted"), fail();
	/* Yearly: money up 400 million, so its origin is asked. */
	menu_pick(me, "New declaration");
	menu_pick(me, "Yearly declaration");
	answer(me, "Year", "2026");
	for (int i = 0; i < 8; i++) {
		if (i == 3) {
			answer(me, groups[i], "500000000");
			answer(me, "where did it come from", "Ban xe o to");
		} else {
			if (!term_wait_text(me, groups[i], 10000))
				term_dump(me, groups[i]), fail();
			term_send_key(me, "Enter");	/* as last time */
		}
	}
	if (!term_wait_text(me, "Yearly declaration 2026 (v1)", 10000))
		term_dump(me, "yearly not submitted"), fail();
	term_close(me, 5000);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM asset_decl WHERE"
	    " person_id = 3 AND kind = 'yearly' AND origins LIKE '%Ban xe o to%'"
	    " AND amounts LIKE '%\"land\":\"1500000000\"%'"), 1);

	/* A viewer of the agency cannot read it, and the refusal is audited. */
	char *out = NULL;
	if (shrun(s->dir, &out, "sqlite3 -cmd '.timeout 10000' %s \"SELECT o.code"
	    " FROM person p JOIN org o ON o.id = p.org_id WHERE p.id = 3\"", s->db) != 0)
		fail_msg("agency: %s", out);
	out[strcspn(out, "\n")] = '\0';
	char *o2 = NULL;
	if (sshsrv_hoso(s, "mat-khau-nguoi-xem\n", &o2, "user", "add", "xem", "--role",
	    "viewer", "--org", out, "--password-stdin", NULL) != 0)
		fail_msg("viewer: %s", o2);
	free(o2);
	free(out);
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "assets", "list", own_id, "--user", "xem",
	    NULL), 1);
	assert_null(strstr(out, "2026"));
	free(out);
	assert_int_equal(sshsrv_sql_int(s, "SELECT count(*) FROM audit WHERE actor = 'xem'"
	    " AND action = 'refused view' AND entity = 'asset_decl'"), 1);
	/* The person reads their own. */
	assert_int_equal(sshsrv_hoso(s, NULL, &out, "assets", "list", "--user", "an", NULL), 0);
	assert_non_null(strstr(out, "2026 v1"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_own_dossier_first, setup, sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_propose_return_approve, setup,
		    sshsrv_cm_teardown),
		cmocka_unit_test_setup_teardown(test_asset_declaration, setup,
		    sshsrv_cm_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
