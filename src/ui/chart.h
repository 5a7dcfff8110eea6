/*
 * Bars of a bar chart as text: a value's share of the largest drawn in block
 * characters, the last column in eighths (▏▎▍▌▋▊▉), or in '#' whole columns in
 * ASCII mode, where the eighths have no stand-in.
 */
#ifndef HOSO_UI_CHART_H
#define HOSO_UI_CHART_H
#include <stdbool.h>
#include <stdint.h>

/* n of max in at most width columns; a value above 0 shows at least a sliver.
 * Caller frees. */
char *chart_bar_new(int64_t n, int64_t max, int width, bool ascii);
#endif
