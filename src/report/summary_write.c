/*
 * The summary written out (see summary.h): text for paper (80 columns, each group a
 * block of label, count and share of the total), CSV (one line per count, the codes
 * beside the labels) and JSON (code-list codes as keys).
 */
#include "report/summary.h"
#include "report/xlsx.h"
#include "report/write.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include <string.h>

int
report_format_parse(const char *s)
{
	return strcmp(s, "text") == 0 ? REPORT_TEXT : strcmp(s, "csv") == 0 ? REPORT_CSV :
	    strcmp(s, "json") == 0 ? REPORT_JSON : strcmp(s, "xlsx") == 0 ? REPORT_XLSX : -1;
}

static void
write_text(const struct summary *s, FILE *out)
{
	report_page_header(out, _("Summary of the civil service"), &s->org, s->date);
	report_put_cols(out, _("People at work"), 60);
	fprintf(out, "%12lld\n", (long long)s->total);
	for (int k = 0; k < s->ngroups; k++) {
		const struct summary_group *g = &s->groups[k];
		fputc('\n', out);
		fprintf(out, "%s\n", _(g->title));
		report_rule(out, '-');
		for (int i = 0; i < g->nrows; i++) {
			const struct summary_row *r = &g->rows[i];
			fputs("  ", out);
			report_put_cols(out, r->label, 58);
			fprintf(out, "%12lld", (long long)r->n);
			if (s->total > 0)
				fprintf(out, " %5.1f%%", 100.0 * (double)r->n / (double)s->total);
			fputc('\n', out);
		}
	}
}

static void
write_csv(const struct summary *s, FILE *out)
{
	fputs("breakdown,code,label,count\n", out);
	char num[32];
	snprintf(num, sizeof num, "%lld", (long long)s->total);
	csv_write_field(out, "total", ',');
	csv_write_field(out, "", ',');
	csv_write_field(out, _("People at work"), ',');
	csv_write_field(out, num, '\n');
	for (int k = 0; k < s->ngroups; k++)
		for (int i = 0; i < s->groups[k].nrows; i++) {
			const struct summary_row *r = &s->groups[k].rows[i];
			snprintf(num, sizeof num, "%lld", (long long)r->n);
			csv_write_field(out, s->groups[k].name, ',');
			csv_write_field(out, r->key, ',');
			csv_write_field(out, r->label, ',');
			csv_write_field(out, num, '\n');
		}
}

static void
write_json(const struct summary *s, FILE *out)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"org\": ");
	if (s->org.id == 0)
		sb_adds(&sb, "null");
	else
		sb_add_json_str(&sb, s->org.code);
	sb_adds(&sb, ", \"date\": ");
	sb_add_json_str(&sb, s->date);
	sb_addf(&sb, ", \"total\": %lld, \"breakdowns\": {", (long long)s->total);
	for (int k = 0; k < s->ngroups; k++) {
		const struct summary_group *g = &s->groups[k];
		sb_adds(&sb, k ? ",\n  " : "\n  ");
		sb_add_json_str(&sb, g->name);
		sb_adds(&sb, ": {");
		for (int i = 0; i < g->nrows; i++) {
			sb_adds(&sb, i ? ", " : "");
			sb_add_json_str(&sb, g->rows[i].key);
			sb_addf(&sb, ": %lld", (long long)g->rows[i].n);
		}
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "\n}}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}

/* One row per value: the breakdown's title, the code, what it means, the count. */
static void
write_xlsx(const struct summary *s, FILE *out)
{
	struct xlsx *x = xlsx_new(_("Summary"), _("Summary of the civil service"), &s->org,
	    s->date);
	if (x == NULL)
		return;
	int r = xlsx_first_row(x);
	xlsx_text(x, r, 0, _("People at work"));
	xlsx_number(x, r++, 3, (double)s->total);
	r++;
	const char *heads[] = { _("Breakdown"), _("Code"), _("Value"), _("People") };
	for (int c = 0; c < 4; c++)
		xlsx_head(x, r, c, heads[c]);
	xlsx_width(x, 0, 24);
	xlsx_width(x, 2, 40);
	r++;
	for (int k = 0; k < s->ngroups; k++)
		for (int i = 0; i < s->groups[k].nrows; i++, r++) {
			const struct summary_row *row = &s->groups[k].rows[i];
			xlsx_text(x, r, 0, _(s->groups[k].title));
			xlsx_text(x, r, 1, row->key);
			xlsx_text(x, r, 2, row->label);
			xlsx_number(x, r, 3, (double)row->n);
		}
	xlsx_finish(x, out);
}

void
summary_write(const struct summary *s, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_TEXT: write_text(s, out); break;
	case REPORT_CSV:  write_csv(s, out); break;
	case REPORT_JSON: write_json(s, out); break;
	case REPORT_XLSX: write_xlsx(s, out); break;
	}
}
