/*
 * A person's verification against the population database as the person screen
 * shows it, above the form: the state in words, the fields that differ for a
 * mismatch, and, once checked, when, on whose behalf and the gateway's request
 * id. The values are the record's derived fields (verification, verified_at,
 * verified_by, verification_request, verification_fields).
 */
#ifndef HOSO_UI_VERIFYVIEW_H
#define HOSO_UI_VERIFYVIEW_H
#include "form/form.h"
#include "core/record.h"

/* Lines the block takes at this width: the same whatever the state, so that a
 * change of state redraws those lines and moves nothing else. */
int  verifyview_rows(int width);
/* Draw rec's state in rows y .. y+rows-1 (f names the mismatched fields). */
void verifyview_draw(const struct record *rec, const struct form *f, int y, int rows,
    int width);
#endif
