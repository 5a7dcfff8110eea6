/*
 * My dossier: a civil servant's own record, read-only, sub-records and the 2C
 * résumé included (the person screen, which offers no edit keys to an account
 * that may not write). A self account lands here right after sign-in: it is the
 * one record it may read.
 */
#include "ui/screens.h"
#include "ui/dialog.h"
#include "db/role.h"
#include "core/i18n.h"

void
myself_run(struct app *a)
{
	if (a->actor.person_id == 0) {
		dialog_message(a, _("My dossier"), _("This account is not bound to a record "
		    "yet: ask your agency's account administrator."));
		return;
	}
	person_run(a, a->actor.person_id);
}
