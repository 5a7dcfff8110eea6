/*
 * Agencies side by side (see compare.h). Rows keep the summary's order: the
 * first agency's rows, then any value only a later agency has, each under its
 * breakdown.
 */
#include "report/compare.h"
#include "report/write.h"
#include "report/xlsx.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

static struct compare_row *
find_or_add(struct compare *c, const struct summary_group *g, const struct summary_row *r)
{
	for (int i = 0; i < c->nrows; i++)
		if (c->rows[i].group == g->name && strcmp(c->rows[i].key, r->key) == 0)
			return &c->rows[i];
	/* After the last row of the same breakdown, or at the end. */
	int pos = c->nrows;
	for (int i = 0; i < c->nrows; i++)
		if (c->rows[i].group == g->name)
			pos = i + 1;
	c->rows = xrealloc(c->rows, sizeof *c->rows * (size_t)(c->nrows + 1));
	memmove(&c->rows[pos + 1], &c->rows[pos], sizeof *c->rows * (size_t)(c->nrows - pos));
	c->nrows++;
	struct compare_row *row = &c->rows[pos];
	memset(row, 0, sizeof *row);
	row->group = g->name;
	row->title = g->title;
	snprintf(row->key, sizeof row->key, "%s", r->key);
	row->label = xstrdup(r->label);
	return row;
}

int
compare_new(struct db *db, const struct org_info *orgs, int n, struct compare **out,
    char **err)
{
	*out = NULL;
	struct compare *c = xcalloc(1, sizeof *c);
	for (int k = 0; k < n && k < COMPARE_MAX; k++) {
		int rc = summary_new(db, &orgs[k], NULL, &c->s[k], err);
		if (rc != 0) {
			compare_free(c);
			return rc;
		}
		c->norgs++;
		for (int g = 0; g < c->s[k]->ngroups; g++) {
			const struct summary_group *sg = &c->s[k]->groups[g];
			for (int i = 0; i < sg->nrows; i++) {
				find_or_add(c, sg, &sg->rows[i])->n[k] = sg->rows[i].n;
			}
		}
	}
	*out = c;
	return 0;
}

void
compare_free(struct compare *c)
{
	if (c == NULL)
		return;
	for (int k = 0; k < c->norgs; k++)
		summary_free(c->s[k]);
	for (int i = 0; i < c->nrows; i++)
		free(c->rows[i].label);
	free(c->rows);
	free(c);
}

static void
write_text(const struct compare *c, FILE *out)
{
	struct org_info none = { 0 };
	snprintf(none.name, sizeof none.name, "%s", _("several agencies"));
	report_page_header(out, _("Agencies side by side"), &none, c->s[0]->date);
	int w = c->norgs > 0 ? (REPORT_WIDTH - 30) / c->norgs : 10;
	if (w > 16)
		w = 16;
	for (int k = 0; k < c->norgs; k++)
		fprintf(out, "%d. %s (%s)\n", k + 1, c->s[k]->org.name,
		    c->s[k]->org.id ? c->s[k]->org.code : "-");
	fputc('\n', out);
	report_put_cols(out, _("People at work"), 30);
	for (int k = 0; k < c->norgs; k++)
		fprintf(out, "%*lld", w, (long long)c->s[k]->total);
	fputc('\n', out);
	const char *group = NULL;
	for (int i = 0; i < c->nrows; i++) {
		const struct compare_row *r = &c->rows[i];
		if (r->group != group) {
			group = r->group;
			fputc('\n', out);
			report_put_cols(out, _(r->title), 30);
			for (int k = 0; k < c->norgs; k++) {
				char num[16];
				snprintf(num, sizeof num, "%d.", k + 1);
				fprintf(out, "%*s", w, num);
			}
			fputc('\n', out);
		}
		fputs("  ", out);
		report_put_cols(out, r->label, 28);
		for (int k = 0; k < c->norgs; k++)
			fprintf(out, "%*lld", w, (long long)r->n[k]);
		fputc('\n', out);
	}
}

static void
write_csv(const struct compare *c, FILE *out)
{
	fputs("breakdown,value,label", out);
	for (int k = 0; k < c->norgs; k++) {
		fputc(',', out);
		fputs(c->s[k]->org.id ? c->s[k]->org.code : "national", out);
	}
	fputc('\n', out);
	for (int i = 0; i < c->nrows; i++) {
		csv_write_field(out, c->rows[i].group, ',');
		csv_write_field(out, c->rows[i].key, ',');
		csv_write_field(out, c->rows[i].label, ',');
		for (int k = 0; k < c->norgs; k++)
			fprintf(out, "%lld%c", (long long)c->rows[i].n[k],
			    k == c->norgs - 1 ? '\n' : ',');
	}
}

static void
write_json(const struct compare *c, FILE *out)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"orgs\": [");
	for (int k = 0; k < c->norgs; k++) {
		sb_adds(&sb, k ? ", " : "");
		if (c->s[k]->org.id == 0)
			sb_adds(&sb, "null");
		else
			sb_add_json_str(&sb, c->s[k]->org.code);
	}
	sb_adds(&sb, "], \"date\": ");
	sb_add_json_str(&sb, c->norgs ? c->s[0]->date : "");
	sb_adds(&sb, ", \"total\": [");
	for (int k = 0; k < c->norgs; k++)
		sb_addf(&sb, "%s%lld", k ? ", " : "", (long long)c->s[k]->total);
	sb_adds(&sb, "], \"breakdowns\": {");
	const char *group = NULL;
	for (int i = 0; i < c->nrows; i++) {
		const struct compare_row *r = &c->rows[i];
		if (r->group != group) {
			sb_adds(&sb, group != NULL ? "}, " : "");
			group = r->group;
			sb_add_json_str(&sb, group);
			sb_adds(&sb, ": {");
		} else
			sb_adds(&sb, ", ");
		sb_add_json_str(&sb, r->key);
		sb_adds(&sb, ": [");
		for (int k = 0; k < c->norgs; k++)
			sb_addf(&sb, "%s%lld", k ? ", " : "", (long long)r->n[k]);
		sb_adds(&sb, "]");
	}
	sb_adds(&sb, group != NULL ? "}}}\n" : "}}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}

static void
write_xlsx(const struct compare *c, FILE *out)
{
	struct org_info none = { 0 };
	snprintf(none.name, sizeof none.name, "%s", _("several agencies"));
	struct xlsx *x = xlsx_new(_("Side by side"), _("Agencies side by side"), &none,
	    c->s[0]->date);
	if (x == NULL)
		return;
	int row = xlsx_first_row(x);
	xlsx_head(x, row, 0, _("Breakdown"));
	xlsx_head(x, row, 1, _("Value"));
	xlsx_width(x, 0, 24);
	xlsx_width(x, 1, 36);
	for (int k = 0; k < c->norgs; k++) {
		char *h = c->s[k]->org.id ? xasprintf("%s (%s)", c->s[k]->org.name,
		    c->s[k]->org.code) : xstrdup(c->s[k]->org.name);
		xlsx_head(x, row, k + 2, h);
		xlsx_width(x, k + 2, 18);
		free(h);
	}
	row++;
	xlsx_text(x, row, 0, _("People at work"));
	for (int k = 0; k < c->norgs; k++)
		xlsx_number(x, row, k + 2, (double)c->s[k]->total);
	for (int i = 0; i < c->nrows; i++) {
		row++;
		xlsx_text(x, row, 0, _(c->rows[i].title));
		xlsx_text(x, row, 1, c->rows[i].label);
		for (int k = 0; k < c->norgs; k++)
			xlsx_number(x, row, k + 2, (double)c->rows[i].n[k]);
	}
	xlsx_finish(x, out);
}

void
compare_write(const struct compare *c, enum report_format f, FILE *out)
{
	if (c->norgs == 0)
		return;
	switch (f) {
	case REPORT_TEXT: write_text(c, out); break;
	case REPORT_CSV:  write_csv(c, out); break;
	case REPORT_JSON: write_json(c, out); break;
	case REPORT_XLSX: write_xlsx(c, out); break;
	}
}
