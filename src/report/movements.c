/*
 * Movements over a period (see movements.h).
 */
#include "report/movements.h"
#include "report/write.h"
#include "report/xlsx.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key, *label, *source;
} moves[STAT_MOVES] = {
	[STAT_MOVE_RECRUITED] = { "recruited", N_("Recruited"),
	    N_("recruitment date in the period") },
	[STAT_MOVE_IN] = { "transferred_in", N_("Transferred in"),
	    N_("started at the agency in the period, recruited before or elsewhere") },
	[STAT_MOVE_OUT] = { "transferred_out", N_("Transferred out"),
	    N_("record moved to an agency outside, per the audit trail") },
	[STAT_MOVE_RETIRED] = { "retired", N_("Retired"),
	    N_("status retired, dated in the period") },
	[STAT_MOVE_RESIGNED] = { "resigned", N_("Resigned"),
	    N_("status resigned, dated in the period") },
	[STAT_MOVE_DISMISSED] = { "dismissed", N_("Dismissed"),
	    N_("status dismissed, dated in the period") },
	[STAT_MOVE_DECEASED] = { "deceased", N_("Deceased"),
	    N_("status deceased, dated in the period") },
	[STAT_MOVE_DISCIPLINED] = { "disciplined", N_("Disciplined"),
	    N_("discipline records dated in the period") },
	[STAT_MOVE_RANK] = { "promoted_rank", N_("Appointed to a rank"),
	    N_("rank date in the period (the latest only)") },
	[STAT_MOVE_POSITION] = { "appointed_position", N_("Appointed to a position"),
	    N_("position date in the period (the latest only)") },
};

const char *
movements_key(int i)
{
	return moves[i].key;
}

const char *
movements_label(int i)
{
	return _(moves[i].label);
}

const char *
movements_source(int i)
{
	return _(moves[i].source);
}

int
movements_new(struct db *db, const struct org_info *org, const char *from,
    const char *to, struct movements **out, char **err)
{
	*out = NULL;
	struct movements *m = xcalloc(1, sizeof *m);
	m->org = *org;
	if (to != NULL)
		snprintf(m->to, sizeof m->to, "%s", to);
	else
		date_today(m->to);
	if (from != NULL)
		snprintf(m->from, sizeof m->from, "%s", from);
	else
		snprintf(m->from, sizeof m->from, "%.4s-01-01", m->to);
	if (strcmp(m->from, m->to) > 0) {
		*err = xstrdup(_("the period ends before it starts"));
		free(m);
		return DB_INVALID;
	}
	int rc = db_stat_movements(db, org, m->from, m->to, m->n, err);
	if (rc != DB_OK) {
		free(m);
		return rc;
	}
	*out = m;
	return DB_OK;
}

void
movements_free(struct movements *m)
{
	free(m);
}

static void
write_text(const struct movements *m, FILE *out)
{
	char a[11], b[11];
	date_display(m->from, a);
	date_display(m->to, b);
	char *title = xasprintf(_("Movements from %s to %s"), a, b);
	report_page_header(out, title, &m->org, m->to);
	free(title);
	for (int i = 0; i < STAT_MOVES; i++) {
		report_put_cols(out, movements_label(i), 30);
		fprintf(out, "%10lld\n", (long long)m->n[i]);
	}
	fputc('\n', out);
	fprintf(out, "%s\n", _("Where the numbers come from:"));
	for (int i = 0; i < STAT_MOVES; i++) {
		char *line = xasprintf("  %s: %s", movements_label(i), movements_source(i));
		report_put_cols(out, line, REPORT_WIDTH);
		fputc('\n', out);
		free(line);
	}
}

static void
write_json(const struct movements *m, FILE *out)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "{\"report\": \"movements\", \"org\": ");
	if (m->org.id == 0)
		sb_adds(&sb, "null");
	else
		sb_add_json_str(&sb, m->org.code);
	sb_adds(&sb, ", \"from\": ");
	sb_add_json_str(&sb, m->from);
	sb_adds(&sb, ", \"to\": ");
	sb_add_json_str(&sb, m->to);
	sb_adds(&sb, ", \"movements\": {");
	for (int i = 0; i < STAT_MOVES; i++)
		sb_addf(&sb, "%s\"%s\": %lld", i ? ", " : "", moves[i].key, (long long)m->n[i]);
	sb_adds(&sb, "}}\n");
	fputs(sb.buf, out);
	sb_free(&sb);
}

static void
write_xlsx(const struct movements *m, FILE *out)
{
	char a[11], b[11];
	date_display(m->from, a);
	date_display(m->to, b);
	char *title = xasprintf(_("Movements from %s to %s"), a, b);
	struct xlsx *x = xlsx_new(_("Movements"), title, &m->org, m->to);
	free(title);
	if (x == NULL)
		return;
	int row = xlsx_first_row(x);
	xlsx_head(x, row, 0, _("Movement"));
	xlsx_head(x, row, 1, _("People"));
	xlsx_head(x, row, 2, _("From"));
	xlsx_width(x, 0, 28);
	xlsx_width(x, 2, 70);
	for (int i = 0; i < STAT_MOVES; i++) {
		row++;
		xlsx_text(x, row, 0, movements_label(i));
		xlsx_number(x, row, 1, (double)m->n[i]);
		xlsx_text(x, row, 2, movements_source(i));
	}
	xlsx_finish(x, out);
}

void
movements_write(const struct movements *m, enum report_format f, FILE *out)
{
	switch (f) {
	case REPORT_TEXT: write_text(m, out); break;
	case REPORT_CSV:
		fputs("movement,people\n", out);
		for (int i = 0; i < STAT_MOVES; i++)
			fprintf(out, "%s,%lld\n", moves[i].key, (long long)m->n[i]);
		break;
	case REPORT_JSON: write_json(m, out); break;
	case REPORT_XLSX: write_xlsx(m, out); break;
	}
}
