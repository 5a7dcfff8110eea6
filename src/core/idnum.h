/*
 * The 12-digit personal identification number: PPP G YY NNNNNN, where G encodes
 * century and sex and YY the birth year. A disagreement between G/YY and the
 * recorded sex and date of birth is the commonest typing error, so it is checked.
 */
#ifndef HOSO_IDNUM_H
#define HOSO_IDNUM_H
#include <stdbool.h>

/* Shape only: exactly 12 ASCII digits. */
bool        idnum_shape_ok(const char *id);
/* Full check. sex is 'M' or 'F'; dob is YYYY-MM-DD (NULL or sex 0: not compared).
 * province_known says whether the first three digits are a province code of the
 * code list (the caller looks it up). NULL if valid, else a message id. */
const char *idnum_check(const char *id, char sex, const char *dob, bool province_known);
/* The birth year and sex an ID number encodes. false if the shape is wrong. */
bool        idnum_decode(const char *id, int *year, char *sex);
#endif
