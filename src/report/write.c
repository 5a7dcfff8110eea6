/*
 * The printed page's shared pieces (see write.h). Widths are terminal columns
 * (text_width), not bytes: Vietnamese labels take one column per letter but two or
 * three bytes.
 */
#include "report/write.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

void
report_rule(FILE *out, char c)
{
	for (int i = 0; i < REPORT_WIDTH; i++)
		fputc(c, out);
	fputc('\n', out);
}

static void
put_cut(FILE *out, const char *s, int cols, int pad)
{
	char *cut = xstrdup(s);
	size_t len = strlen(cut);
	while (len > 0 && text_width(cut) > cols) {
		do	/* back to the start of the last character */
			len--;
		while (len > 0 && ((unsigned char)cut[len] & 0xC0) == 0x80);
		cut[len] = '\0';
	}
	int w = text_width(cut);
	fputs(cut, out);
	for (; pad && w < cols; w++)
		fputc(' ', out);
	free(cut);
}

void
report_put_cols(FILE *out, const char *s, int cols)
{
	put_cut(out, s, cols, 1);
}

void
report_page_header(FILE *out, const char *title, const struct org_info *org,
    const char *date)
{
	char shown[11];
	date_display(date, shown);
	char *agency = org->id == 0 ? xstrdup(org->name) :
	    xasprintf("%s (%s)", org->name, org->code);
	char *left = xasprintf("%s", title);
	char *right = xasprintf(_("Date: %s"), shown);
	int rw = text_width(right);
	report_put_cols(out, left, REPORT_WIDTH - rw - 1);
	fprintf(out, " %s\n", right);
	char *line = xasprintf(_("Agency: %s"), agency);
	put_cut(out, line, REPORT_WIDTH, 0);
	fputc('\n', out);
	report_rule(out, '=');
	free(line);
	free(right);
	free(left);
	free(agency);
}
