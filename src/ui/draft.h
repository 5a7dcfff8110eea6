/*
 * Drafts of unsaved edits (kept in the database's draft table, see db/draft.h).
 * A draft holds only what the clerk changed: the fields whose value differs from
 * the record as read (an emptied field is kept as empty), the version they were
 * typed over, and a title to name it by. Saved when the link drops or the server
 * stops, offered back at the next sign-in, forgotten once saved or dropped.
 *
 * Draft JSON: {"version": N, "title": "...", "person": P, "fields": {"name": "v"}}
 * ("person" only for sub-records, whose form is "item:<kind>").
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
/* At sign-in: offer to restore each draft the account left. */
void draft_offer(struct app *a);
#endif
