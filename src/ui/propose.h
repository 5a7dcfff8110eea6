/*
 * A civil servant's edit sent as a proposal (db/proposal.h) instead of a save: the
 * person and sub-record screens call it for a self account.
 */
#ifndef HOSO_UI_PROPOSE_H
#define HOSO_UI_PROPOSE_H
#include <stdint.h>
#include "ui/app.h"
#include "form/form.h"
#include "core/record.h"

/* Send the fields of f that differ between orig and rec as a proposal for kind
 * ("person" or a sub-record kind; item_id the row, 0 for a new one). Says the
 * outcome on the status line; 1 when sent. */
int propose_send(struct app *a, const char *kind, int64_t item_id, const struct form *f,
    const struct record *orig, const struct record *rec);
#endif
