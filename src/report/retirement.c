/*
 * The retirement alert (see retirement.h). The schedule turns the months asked
 * about into a range of birth months for each sex; the data layer reads those
 * births agency by agency through its (agency, sex, date of birth) index, so a
 * province's alert reads the people it lists, not the province.
 */
#include "report/retirement.h"
#include "report/write.h"
#include "report/xlsx.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/retire.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

static int
by_date(const void *a, const void *b)
{
	const struct retirement_entry *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c : strcmp(x->who.id_number, y->who.id_number);
}

int
retirement_new(struct db *db, const struct org_info *org, const char *date, int months,
    struct retirement **out, char **err)
{
	*out = NULL;
	struct retirement *r = xcalloc(1, sizeof *r);
	r->org = *org;
	r->months = months;
	if (date != NULL)
		snprintf(r->date, sizeof r->date, "%s", date);
	else
		date_today(r->date);
	int now = atoi(r->date) * 12 + atoi(r->date + 5) - 1;
	struct stat_person *people = NULL;
	int n = 0;
	for (int s = 0; s < 2; s++) {
		char sex = s ? 'F' : 'M';
		int lo, hi;
		retire_births(sex, now, now + months, &lo, &hi);
		if (lo > hi)
			continue;
		char from[40], to[11];
		snprintf(from, sizeof from, "%04d-%02d-01", lo / 12, lo % 12 + 1);
		date_month_last(hi, to);
		int rc = db_stat_people_born(db, org, sex, from, to, &people, &n, err);
		if (rc != 0) {
			free(people);
			free(r);
			return rc;
		}
	}
	r->list = xcalloc((size_t)n + 1, sizeof *r->list);
	r->n = n;
	for (int i = 0; i < n; i++) {
		r->list[i].who = people[i];
		const char *dob = people[i].date_of_birth;
		date_month_last(retire_month(people[i].sex, atoi(dob), atoi(dob + 5)), r->list[i].date);
	}
	free(people);
	qsort(r->list, (size_t)n, sizeof *r->list, by_date);
	*out = r;
	return 0;
}

void
retirement_free(struct retirement *r)
{
	if (r == NULL)
		return;
	free(r->list);
	free(r);
}

static void
write_text(const struct retirement *r, FILE *out)
{
	char *title = xasprintf(_("Reaching retirement age in the next %d months"),
	    r->months);
	report_page_header(out, title, &r->org, r->date);
	free(title);
	report_put_cols(out, _("ID number"), 14);
	report_put_cols(out, _("Name"), 30);
	report_put_cols(out, _("Agency"), 18);
	report_put_cols(out, _("Retires"), 12);
	fputc('\n', out);
	report_rule(out, '-');
	for (int i = 0; i < r->n; i++) {
		const struct retirement_entry *e = &r->list[i];
		char shown[11];
		date_display(e->date, shown);
		report_put_cols(out, e->who.id_number, 14);
		report_put_cols(out, e->who.full_name, 30);
		report_put_cols(out, e->who.org_code, 18);
		fprintf(out, "%s\n", shown);
	}
	report_rule(out, '-');
	fprintf(out, _("%d people\n"), r->n);
}

static void
write_csv(const struct retirement *r, FILE *out)
{
	fputs("id_number,full_name,org_code,sex,date_of_birth,retirement_date\n", out);
	for (int i = 0; i < r->n; i++) {
		const struct retirement_entry *e = &r->list[i];
		char sex[2] = { e->who.sex, '\0' };
		csv_write_field(out, e->who.id_number, ',');
		csv_write_field(out, e->who.full_name, ',');
		csv_write_field(out, e->who.org_code, ',');
		csv_write_field(out, sex, ',');
		csv_write_field(out, e->who.date_of_birth, ',');
		csv_write_field(out, e->date, '\n');
	}
}

static void
write_json(const struct retirement *r, FILE *out)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"org\": ");
	if (r->org.id == 0)
		sb_adds(&sb, "null");
	else
		sb_add_json_str(&sb, r->org.code);
	sb_adds(&sb, ", \"date\": ");
	sb_add_json_str(&sb, r->date);
	sb_addf(&sb, ", \"months\": %d, \"people\": [", r->months);
	for (int i = 0; i < r->n; i++) {
		const struct retirement_entry *e = &r->list[i];
		char sex[2] = { e->who.sex, '\0' };
		sb_adds(&sb, i ? ",\n  {\"id_number\": " : "\n  {\"id_number\": ");
		sb_add_json_str(&sb, e->who.id_number);
		sb_adds(&sb, ", \"full_name\": ");
		sb_add_json_str(&sb, e->who.full_name);
		sb_adds(&sb, ", \"org\": ");
		sb_add_json_str(&sb, e->who.org_code);
		sb_adds(&sb, ", \"sex\": ");
		sb_add_json_str(&sb, sex);
		sb_adds(&sb, ", \"date_of_birth\": ");
		sb_add_json_str(&sb, e->who.date_of_birth);
		sb_adds(&sb, ", \"retirement_date\": ");
		sb_add_json_str(&sb, e->date);
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "\n]}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}

static void
write_xlsx(const struct retirement *r, FILE *out)
{
	char *title = xasprintf(_("Reaching retirement age in the next %d months"),
	    r->months);
	struct xlsx *x = xlsx_new(_("Retirement"), title, &r->org, r->date);
	free(title);
	if (x == NULL)
		return;
	int row = xlsx_first_row(x);
	const char *heads[] = { _("ID number"), _("Name"), _("Agency"), _("Sex"),
		_("Born"), _("Retires") };
	for (int c = 0; c < 6; c++)
		xlsx_head(x, row, c, heads[c]);
	xlsx_width(x, 0, 14);
	xlsx_width(x, 1, 30);
	xlsx_width(x, 2, 16);
	for (int i = 0; i < r->n; i++) {
		const struct retirement_entry *e = &r->list[i];
		char sex[2] = { e->who.sex, '\0' };
		row++;
		xlsx_text(x, row, 0, e->who.id_number);
		xlsx_text(x, row, 1, e->who.full_name);
		xlsx_text(x, row, 2, e->who.org_code);
		xlsx_text(x, row, 3, sex);
		xlsx_text(x, row, 4, e->who.date_of_birth);
		xlsx_text(x, row, 5, e->date);
	}
	xlsx_finish(x, out);
}

void
retirement_write(const struct retirement *r, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_TEXT: write_text(r, out); break;
	case REPORT_CSV:  write_csv(r, out); break;
	case REPORT_JSON: write_json(r, out); break;
	case REPORT_XLSX: write_xlsx(r, out); break;
	}
}
