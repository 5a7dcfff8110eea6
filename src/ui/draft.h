/*
 * Drafts of unsaved edits (kept in the database's draft table, which also owns
 * their format, see db/draft.h). A screen keeps a draft when the link drops or the
 * server stops (draft.c) and forgets it once saved or dropped; draft_offer
 * (draft_offer.c) offers the account's drafts back at the next sign-in.
 */
#ifndef HOSO_UI_DRAFT_H
#define HOSO_UI_DRAFT_H
#include <stdint.h>
#include "ui/app.h"
#include "form/form.h"
#include "core/record.h"

/* Keep the fields of f where rec differs from orig. person_id is 0 for a person
 * draft. Nothing is shown (the terminal may be gone); failures go to the log. */
void draft_keep(struct app *a, const char *form, int64_t id, int64_t person_id,
    const struct form *f, const struct record *orig, const struct record *rec,
    const char *title);
void draft_forget(struct app *a, const char *form, int64_t id);
/* At sign-in: offer to restore each draft the account left (draft_offer.c). */
void draft_offer(struct app *a);
#endif
