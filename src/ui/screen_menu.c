/*
 * The main menu. It lists only what the account's role may do; the data layer
 * checks every action again, so the menu is about not offering doors that are
 * locked, not about locking them.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "ui/menu.h"
#include "ui/status.h"
#include "db/account.h"
#include "db/role.h"
#include "db/stat.h"
#include "report/alerts.h"
#include "core/clock.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>

/* Every entry has its own number, the same for every role (menu.h). */
enum {
	M_SEARCH = 1, M_NEW, M_TRANSFERS, M_PROPOSALS, M_REPORTS, M_MAINT, M_MYSELF,
	M_LANG, M_SIGNOUT, M_QUIT
};

/* The language the account opens in at every sign-in; switched now too. */
static void
account_language(struct app *a)
{
	const char *buttons[2] = { "Tiếng Việt", "English" };
	int r = dialog_choice(a, _("Language of my account"),
	    _("Which language should your account open in?"), buttons, 2);
	if (r < 0)
		return;
	const char *lang = r == 0 ? "vi" : "en";
	char *err = NULL;
	if (db_account_set_lang(a->db, &a->actor, a->actor.username, lang, &err) != DB_OK) {
		status_error("%s", err != NULL ? err : "");
		free(err);
		return;
	}
	snprintf(a->actor.lang, sizeof a->actor.lang, "%s", lang);
	i18n_init(lang);
	status_info("%s", _("Language: English"));
}

/* How long the menu's alert counts are reused. They move by the month, and on a
 * province of 100,000 people reading them costs about half a second (make bench
 * at 1,000,000), too much to pay at every return to the menu. */
#define ALERTS_FRESH_S 300.0

struct alerts_note {
	bool                have;
	double              at;	/* clock_mono_s() of the reading, < 0: never */
	struct alert_counts c;
};

/* "Due soon: ..." for the account's agency subtree, or NULL: counts read through
 * the alerts' indexes, so the line costs the people it counts. Not for the nation:
 * its counts are a Reports question (about a second at 200,000 people), not one to
 * ask at the menu. The line is written anew each time, in the language of now. */
static char *
alerts_note_new(struct app *a, struct alerts_note *kept)
{
	if (!db_actor_may_read_reports(&a->actor))
		return NULL;
	double now = clock_mono_s();
	if (kept->at < 0 || now - kept->at > ALERTS_FRESH_S) {
		struct org_info org;
		char *err = NULL;
		kept->at = now;
		kept->have = db_stat_scope(a->db, &a->actor, NULL, &org, &err) == DB_OK &&
		    org.id != 0 && alert_counts_get(a->db, &org, &kept->c, &err) == DB_OK;
		free(err);
	}
	return kept->have ? alert_counts_line_new(&kept->c) : NULL;
}

void
mainmenu_run(struct app *a)
{
	struct menu_item items[10];
	int n = 0, sel = 0;
	struct alerts_note kept = { .have = false, .at = -1 };
	if (db_actor_may_read_records(&a->actor))
		items[n++] = (struct menu_item){ M_SEARCH, '1', N_("Find a person's record") };
	if (db_actor_may_write(&a->actor))
		items[n++] = (struct menu_item){ M_NEW, '2', N_("New record") };
	if (db_actor_may_write(&a->actor))
		items[n++] = (struct menu_item){ M_TRANSFERS, '3', N_("Transfers") };
	if (db_actor_may_write(&a->actor))
		items[n++] = (struct menu_item){ M_PROPOSALS, '4', N_("Proposals to review") };
	else if (db_actor_is_self(&a->actor))
		items[n++] = (struct menu_item){ M_PROPOSALS, '4', N_("My proposals") };
	if (db_actor_may_read_reports(&a->actor))
		items[n++] = (struct menu_item){ M_REPORTS, '5', N_("Reports") };
	if (db_actor_may_maintain(&a->actor))
		items[n++] = (struct menu_item){ M_MAINT, '6', N_("Maintenance") };
	if (db_actor_is_self(&a->actor))
		items[n++] = (struct menu_item){ M_MYSELF, '7', N_("My dossier") };
	items[n++] = (struct menu_item){ M_LANG, '8', N_("Language of my account") };
	items[n++] = (struct menu_item){ M_SIGNOUT, '9', N_("Sign out") };
	items[n++] = (struct menu_item){ M_QUIT, '0', N_("Quit") };
	/* A civil servant's first screen is their own dossier. */
	if (db_actor_is_self(&a->actor))
		myself_run(a);
	while (a->quit == APP_RUNNING) {
		char *note = alerts_note_new(a, &kept);
		int id = menu_run_noted(a, N_("Main menu"), note, items, n, &sel);
		free(note);
		switch (id) {
		case M_SEARCH:
			search_run(a);
			break;
		case M_NEW:
			person_run(a, 0);
			break;
		case M_TRANSFERS:
			transfers_run(a);
			break;
		case M_REPORTS:
			reports_run(a);
			break;
		case M_MAINT:
			maint_run(a);
			break;
		case M_MYSELF:
			myself_run(a);
			break;
		case M_PROPOSALS:
			proposals_run(a);
			break;
		case M_LANG:
			account_language(a);
			break;
		case M_SIGNOUT:
			a->quit = APP_SIGNOUT;
			break;
		case M_QUIT:
			a->quit = APP_EXIT;
			break;
		default:
			if (a->quit != APP_RUNNING)
				return;
			if (dialog_yesno(a, _("Quit"), _("Leave the program?")) == 1)
				a->quit = APP_EXIT;
			break;
		}
	}
}
