/*
 * Spreadsheets (see xlsx.h). The temporary file is made with mkstemp in $TMPDIR
 * (or /tmp), mode 0600, and removed as soon as it is copied: a report's people must
 * not stay behind in a shared directory.
 */
#include "report/xlsx.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct xlsx {
	char           path[4096];
	lxw_workbook  *wb;
	lxw_worksheet *ws;
	lxw_format    *bold, *title;
	int            first;
};

struct xlsx *
xlsx_new(const char *name, const char *title, const struct org_info *org,
    const char *date)
{
	struct xlsx *x = xcalloc(1, sizeof *x);
	const char *tmp = getenv("TMPDIR");
	snprintf(x->path, sizeof x->path, "%s/hoso-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(x->path);
	if (fd < 0) {
		free(x);
		return NULL;
	}
	close(fd);
	x->wb = workbook_new(x->path);
	if (x->wb == NULL) {
		unlink(x->path);
		free(x);
		return NULL;
	}
	x->ws = workbook_add_worksheet(x->wb, name);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	format_set_text_wrap(x->bold);
	format_set_align(x->bold, LXW_ALIGN_VERTICAL_TOP);
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	char shown[11];
	date_display(date, shown);
	worksheet_write_string(x->ws, 0, 0, title, x->title);
	char *agency = org->id == 0 ? xstrdup(org->name) :
	    xasprintf("%s (%s)", org->name, org->code);
	char *line = xasprintf(_("Agency: %s"), agency);
	worksheet_write_string(x->ws, 1, 0, line, NULL);
	free(line);
	free(agency);
	line = xasprintf(_("Date: %s"), shown);
	worksheet_write_string(x->ws, 2, 0, line, NULL);
	free(line);
	x->first = 4;
	return x;
}

int
xlsx_first_row(const struct xlsx *x)
{
	return x->first;
}

void
xlsx_head(struct xlsx *x, int row, int col, const char *text)
{
	worksheet_write_string(x->ws, (lxw_row_t)row, (lxw_col_t)col, text, x->bold);
}

void
xlsx_text(struct xlsx *x, int row, int col, const char *text)
{
	worksheet_write_string(x->ws, (lxw_row_t)row, (lxw_col_t)col, text, NULL);
}

void
xlsx_number(struct xlsx *x, int row, int col, double v)
{
	worksheet_write_number(x->ws, (lxw_row_t)row, (lxw_col_t)col, v, NULL);
}

void
xlsx_width(struct xlsx *x, int col, double chars)
{
	worksheet_set_column(x->ws, (lxw_col_t)col, (lxw_col_t)col, chars, NULL);
}

int
xlsx_finish(struct xlsx *x, FILE *out)
{
	int rc = 0;
	lxw_error e = workbook_close(x->wb);
	if (e != LXW_NO_ERROR) {
		fprintf(stderr, "xlsx: %s\n", lxw_strerror(e));
		rc = -1;
	}
	FILE *in = rc == 0 ? fopen(x->path, "rb") : NULL;
	if (rc == 0 && in == NULL)
		rc = -1;
	if (in != NULL) {
		char buf[65536];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, in)) > 0)
			if (fwrite(buf, 1, n, out) != n) {
				rc = -1;
				break;
			}
		if (ferror(in))
			rc = -1;
		fclose(in);
	}
	int saved = errno;
	unlink(x->path);
	free(x);
	errno = saved;
	return rc;
}
