/*
 * Spreadsheets through libxlsxwriter (Debian's libxlsxwriter-dev), the form the
 * Ministry's staff work in: one sheet per report, the printed form's header
 * (title, agency, date) above a bold row of column heads, numbers stored as
 * numbers. libxlsxwriter writes only to a named file, so the workbook is made in
 * a temporary file and copied to the stream the report is written to.
 */
#ifndef HOSO_REPORT_XLSX_H
#define HOSO_REPORT_XLSX_H
#include "db/org.h"
#include <stdio.h>

struct xlsx;

/* A workbook of one sheet named name (at most 31 characters of the file's rules)
 * whose first rows are title, the agency and the date. NULL on failure. */
struct xlsx *xlsx_new(const char *name, const char *title, const struct org_info *org,
    const char *date);
/* The row after the header: where the column heads go. */
int  xlsx_first_row(const struct xlsx *x);
void xlsx_head(struct xlsx *x, int row, int col, const char *text);
void xlsx_text(struct xlsx *x, int row, int col, const char *text);
void xlsx_number(struct xlsx *x, int row, int col, double v);
void xlsx_width(struct xlsx *x, int col, double chars);
/* Finish the workbook, copy it to out and free x. Returns 0, or -1 (errno set or
 * the library's failure written to stderr). */
int  xlsx_finish(struct xlsx *x, FILE *out);
#endif
