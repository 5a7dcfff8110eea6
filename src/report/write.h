/*
 * Pieces every report writer shares: the printed page's header and a label cut to
 * a number of terminal columns.
 */
#ifndef HOSO_REPORT_WRITE_H
#define HOSO_REPORT_WRITE_H
#include "db/org.h"
#include <stdio.h>

#define REPORT_WIDTH 80

/* The page header: the report's title, the agency (or the nation) and the date,
 * then a rule. */
void report_page_header(FILE *out, const char *title, const struct org_info *org,
    const char *date);
/* s padded or cut (at a character, never inside one) to exactly cols columns. */
void report_put_cols(FILE *out, const char *s, int cols);
/* A rule of REPORT_WIDTH columns. */
void report_rule(FILE *out, char c);
#endif
