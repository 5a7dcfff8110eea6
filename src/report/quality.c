/*
 * The data-quality report (see quality.h): one pass over the subtree's people for
 * the missing fields, the identity states and the code lists, and the data layer's
 * pairs for the duplicates.
 */
#include "report/quality.h"
#include "report/write.h"
#include "report/xlsx.h"
#include "db/quality.h"
#include "form/form.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* The fields the Ministry's statistics and the 2C résumé cannot do without:
 * BM01/BNV counts by ethnicity, religion, rank and degree; the résumé states the
 * salary and the recruitment. Fields a person may rightly lack (political theory,
 * a foreign language) are not among them. */
static const char *const needed[] = { "ethnicity", "religion", "rank_code",
	"salary_scale", "salary_step", "highest_degree", "recruitment_date", NULL };

static const char *const kind_names[] = { "missing", "identity", "duplicate", "code" };

const char *
quality_kind_title(enum quality_kind k)
{
	static const char *const titles[] = {
		N_("Missing fields the Ministry's forms need"),
		N_("Identity not verified, or not as the population database has it"),
		N_("Suspected duplicates (same name and date of birth)"),
		N_("Values outside the code lists"),
	};
	return _(titles[k]);
}

static struct quality_entry *
add(struct quality *q, enum quality_kind kind, const struct stat_person *who)
{
	if ((q->n & (q->n - 1)) == 0)	/* at 0, 1, 2, 4, ...: room doubles */
		q->list = xrealloc(q->list, sizeof *q->list * (size_t)(q->n ? q->n * 2 : 1));
	struct quality_entry *e = &q->list[q->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->who = *who;
	q->count[kind]++;
	return e;
}

static void
append(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);
	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", s);
}

struct scan {
	struct quality    *q;
	const struct form *form;
};

static int
judge(void *ctx, const struct stat_person *who, const char *org_path,
    const struct record *rec, const char *verify)
{
	(void)org_path;
	struct scan *sc = ctx;
	struct quality *q = sc->q;
	q->people++;
	char labels[256] = "", keys[128] = "";
	for (int i = 0; needed[i]; i++) {
		if (record_get(rec, needed[i]) != NULL)
			continue;
		const struct form_field *f = form_field(sc->form, needed[i]);
		append(labels, sizeof labels, f != NULL ? _(f->label) : needed[i]);
		append(keys, sizeof keys, needed[i]);
	}
	if (keys[0]) {
		struct quality_entry *e = add(q, Q_MISSING, who);
		snprintf(e->detail, sizeof e->detail, "%s", labels);
		snprintf(e->key, sizeof e->key, "%s", keys);
	}
	if (strcmp(verify, "verified") != 0) {
		struct quality_entry *e = add(q, Q_IDENTITY, who);
		const struct code_list *cl = codes_get("verification", NULL);
		const struct code_item *it = cl != NULL ? codes_find(cl, verify) : NULL;
		snprintf(e->detail, sizeof e->detail, "%s", it ? codes_label(it) : verify);
		snprintf(e->key, sizeof e->key, "%s", verify);
	}
	labels[0] = keys[0] = '\0';
	for (int i = 0; i < sc->form->nfields; i++) {
		const struct form_field *f = &sc->form->fields[i];
		if (f->type != FT_CODE || f->code_list == NULL || f->readonly)
			continue;
		const char *v = record_get(rec, f->name);
		if (v == NULL || codes_find(f->code_list, v) != NULL)
			continue;
		char one[160];
		snprintf(one, sizeof one, "%s \"%s\"", _(f->label), v);
		append(labels, sizeof labels, one);
		append(keys, sizeof keys, f->name);
	}
	if (keys[0]) {
		struct quality_entry *e = add(q, Q_CODE, who);
		snprintf(e->detail, sizeof e->detail, "%s", labels);
		snprintf(e->key, sizeof e->key, "%s", keys);
	}
	return 0;
}

int
quality_new(struct db *db, const struct org_info *org, struct quality **out, char **err)
{
	*out = NULL;
	const struct form *form = form_get("person", err);
	if (form == NULL)
		return DB_ERROR;
	struct quality *q = xcalloc(1, sizeof *q);
	q->org = *org;
	date_today(q->date);
	/* The fields judged: the needed ones and every coded one. */
	const char **fields = xcalloc((size_t)form->nfields + 8, sizeof *fields);
	int nf = 0;
	for (int i = 0; needed[i]; i++)
		fields[nf++] = needed[i];
	for (int i = 0; i < form->nfields; i++)
		if (form->fields[i].type == FT_CODE && !form->fields[i].readonly)
			fields[nf++] = form->fields[i].name;
	struct scan sc = { q, form };
	int rc = db_quality_scan(db, org, fields, false, judge, &sc, err);
	free(fields);
	struct quality_pair *pairs = NULL;
	int npairs = 0;
	if (rc == DB_OK)
		rc = db_quality_duplicates(db, org, &pairs, &npairs, err);
	for (int i = 0; rc == DB_OK && i < npairs; i++) {
		struct quality_entry *e = add(q, Q_DUPLICATE, &pairs[i].a);
		snprintf(e->detail, sizeof e->detail, _("also recorded as %s (%s)"),
		    pairs[i].b.id_number, pairs[i].b.org_code);
		snprintf(e->key, sizeof e->key, "%s", pairs[i].b.id_number);
		e = add(q, Q_DUPLICATE, &pairs[i].b);
		snprintf(e->detail, sizeof e->detail, _("also recorded as %s (%s)"),
		    pairs[i].a.id_number, pairs[i].a.org_code);
		snprintf(e->key, sizeof e->key, "%s", pairs[i].a.id_number);
	}
	free(pairs);
	if (rc != DB_OK) {
		quality_free(q);
		return rc;
	}
	/* By kind, each kind in the order found (by name): qsort is not stable. */
	struct quality_entry *sorted = xcalloc((size_t)q->n + 1, sizeof *sorted);
	int k = 0;
	for (int kind = 0; kind < Q_NKINDS; kind++)
		for (int i = 0; i < q->n; i++)
			if ((int)q->list[i].kind == kind)
				sorted[k++] = q->list[i];
	free(q->list);
	q->list = sorted;
	*out = q;
	return DB_OK;
}

void
quality_free(struct quality *q)
{
	if (q == NULL)
		return;
	free(q->list);
	free(q);
}

/* s in lines of at most 76 columns indented by 4, broken after ", ". */
static void
write_wrapped(FILE *out, const char *s)
{
	int col = 0;
	while (*s) {
		const char *comma = strstr(s, ", ");
		size_t len = comma != NULL ? (size_t)(comma - s) + 1 : strlen(s);
		char *piece = xstrndup(s, len);
		int w = text_width(piece);
		if (col > 0 && col + 1 + w > 76) {
			fputc('\n', out);
			col = 0;
		}
		fputs(col == 0 ? "    " : " ", out);
		report_put_cols(out, piece, w < 76 ? w : 76);
		col += w + 1;
		free(piece);
		s += len;
		while (*s == ' ')
			s++;
	}
	fputc('\n', out);
}

static void
write_text(const struct quality *q, FILE *out)
{
	report_page_header(out, _("Data quality"), &q->org, q->date);
	fprintf(out, _("%lld people at work read.\n"), (long long)q->people);
	int kind = -1;
	for (int i = 0; i < q->n; i++) {
		const struct quality_entry *e = &q->list[i];
		if ((int)e->kind != kind) {
			kind = (int)e->kind;
			fputc('\n', out);
			fprintf(out, "%s: %d\n", quality_kind_title(e->kind), q->count[kind]);
			report_rule(out, '-');
		}
		report_put_cols(out, e->who.id_number, 13);
		fputc(' ', out);
		report_put_cols(out, e->who.full_name, 26);
		fputc(' ', out);
		if (text_width(e->detail) <= 39) {
			fprintf(out, "%s\n", e->detail);
			continue;
		}
		/* A longer one goes under the name, broken after its commas. */
		fputc('\n', out);
		write_wrapped(out, e->detail);
	}
	if (q->n == 0)
		fprintf(out, "\n%s\n", _("Nothing found."));
}

static void
write_csv(const struct quality *q, FILE *out)
{
	fputs("problem,id_number,full_name,org_code,fields_or_state,detail\n", out);
	for (int i = 0; i < q->n; i++) {
		const struct quality_entry *e = &q->list[i];
		csv_write_field(out, kind_names[e->kind], ',');
		csv_write_field(out, e->who.id_number, ',');
		csv_write_field(out, e->who.full_name, ',');
		csv_write_field(out, e->who.org_code, ',');
		csv_write_field(out, e->key, ',');
		csv_write_field(out, e->detail, '\n');
	}
}

static void
write_json(const struct quality *q, FILE *out)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"report\": \"quality\", \"org\": ");
	if (q->org.id == 0)
		sb_adds(&sb, "null");
	else
		sb_add_json_str(&sb, q->org.code);
	sb_adds(&sb, ", \"date\": ");
	sb_add_json_str(&sb, q->date);
	sb_addf(&sb, ", \"people\": %lld, \"counts\": {", (long long)q->people);
	for (int k = 0; k < Q_NKINDS; k++)
		sb_addf(&sb, "%s\"%s\": %d", k ? ", " : "", kind_names[k], q->count[k]);
	sb_adds(&sb, "}, \"findings\": [");
	for (int i = 0; i < q->n; i++) {
		const struct quality_entry *e = &q->list[i];
		sb_adds(&sb, i ? ",\n  {\"problem\": " : "\n  {\"problem\": ");
		sb_add_json_str(&sb, kind_names[e->kind]);
		sb_adds(&sb, ", \"id_number\": ");
		sb_add_json_str(&sb, e->who.id_number);
		sb_adds(&sb, ", \"full_name\": ");
		sb_add_json_str(&sb, e->who.full_name);
		sb_adds(&sb, ", \"org\": ");
		sb_add_json_str(&sb, e->who.org_code);
		sb_adds(&sb, ", \"what\": ");
		sb_add_json_str(&sb, e->key);
		sb_adds(&sb, "}");
	}
	sb_adds(&sb, "\n]}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}

static void
write_xlsx(const struct quality *q, FILE *out)
{
	struct xlsx *x = xlsx_new(_("Data quality"), _("Data quality"), &q->org, q->date);
	if (x == NULL)
		return;
	int row = xlsx_first_row(x);
	const char *heads[] = { _("Problem"), _("ID number"), _("Name"), _("Agency"),
		_("What") };
	for (int c = 0; c < 5; c++)
		xlsx_head(x, row, c, heads[c]);
	xlsx_width(x, 0, 30);
	xlsx_width(x, 1, 14);
	xlsx_width(x, 2, 30);
	xlsx_width(x, 4, 60);
	for (int i = 0; i < q->n; i++) {
		const struct quality_entry *e = &q->list[i];
		row++;
		xlsx_text(x, row, 0, quality_kind_title(e->kind));
		xlsx_text(x, row, 1, e->who.id_number);
		xlsx_text(x, row, 2, e->who.full_name);
		xlsx_text(x, row, 3, e->who.org_code);
		xlsx_text(x, row, 4, e->detail);
	}
	xlsx_finish(x, out);
}

void
quality_write(const struct quality *q, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_TEXT: write_text(q, out); break;
	case REPORT_CSV:  write_csv(q, out); break;
	case REPORT_JSON: write_json(q, out); break;
	case REPORT_XLSX: write_xlsx(q, out); break;
	}
}
