/*
 * Proposals from the screens (propose.h): only the fields that changed travel, so
 * that the clerk reviews the person's change and nothing else.
 */
#include "ui/propose.h"
#include "ui/status.h"
#include "db/proposal.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

int
propose_send(struct app *a, const char *kind, int64_t item_id, const struct form *f,
    const struct record *orig, const struct record *rec)
{
	struct record *typed = record_new();
	for (int i = 0; i < f->nfields; i++) {
		const char *n = f->fields[i].name;
		const char *was = record_get(orig, n), *now = record_get(rec, n);
		if (strcmp(was != NULL ? was : "", now != NULL ? now : "") != 0)
			record_set(typed, n, now != NULL ? now : "");
	}
	char *err = NULL;
	int64_t id;
	int rc = db_proposal_submit(a->db, &a->actor, kind, item_id, typed, &id, &err);
	record_free(typed);
	if (rc != DB_OK) {
		char *msg = err != NULL ? err : xstrdup(_("The proposal was not sent."));
		msg[strcspn(msg, "\n")] = '\0';
		status_error("%s", msg);
		free(msg);
		return 0;
	}
	free(err);
	status_info("%s", _("Sent to your agency for review; the record changes once it "
	    "is approved."));
	return 1;
}
