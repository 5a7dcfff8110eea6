/*
 * The 2C résumé (see resume_2c.h). Built as text so that the same bytes go to the
 * screen, the printer and the file. Widths are measured in terminal columns
 * (text_width), so Vietnamese lines up in the tables; long values wrap under their
 * label.
 *
 * Items the record does not hold are printed with dots, as a blank paper form
 * would show them, so the numbering and layout never shift.
 */
#include "report/resume_2c.h"
#include "db/org.h"
#include "db/person.h"
#include "form/form.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define WIDTH 80
#define DOTS "......"

struct resume {
	struct db          *db;
	const struct actor *who;
	const struct form  *form;
	struct record      *p;
	struct strbuf       sb;
};

/* A value of the person as a reader reads it, or NULL when not recorded. */
static char *
pval(struct resume *r, const char *name)
{
	const char *v = record_get(r->p, name);
	const struct form_field *f = form_field(r->form, name);
	if (v == NULL || v[0] == '\0')
		return NULL;
	return f != NULL ? form_value_display_new(f, v) : xstrdup(v);
}

/* The same, or dots. */
static char *
pv(struct resume *r, const char *name)
{
	char *v = pval(r, name);
	return v != NULL ? v : xstrdup(DOTS);
}

/* Append text wrapped to WIDTH columns; continuation lines indented by indent. */
static void
wrapped(struct strbuf *sb, const char *text, int indent)
{
	int col = 0;
	const char *p = text;
	/* Leading spaces are the caller's indentation: keep them. */
	while (*p == ' ') {
		sb_addc(sb, ' ');
		col++;
		p++;
	}
	const char *first = p;
	while (*p) {
		size_t wl = strcspn(p, " ");
		char *word = xstrndup(p, wl);
		int ww = text_width(word);
		if (col > indent && col + 1 + ww > WIDTH) {
			sb_addc(sb, '\n');
			for (int i = 0; i < indent; i++)
				sb_addc(sb, ' ');
			col = indent;
		} else if (p != first) {
			sb_addc(sb, ' ');
			col++;
		}
		sb_adds(sb, word);
		col += ww;
		free(word);
		p += wl;
		while (*p == ' ')
			p++;
	}
	sb_addc(sb, '\n');
}

/* Capitals, Vietnamese letters included ("Nguyễn" -> "NGUYỄN"). */
static char *
upper_new(const char *s)
{
	struct strbuf sb;
	sb_init(&sb);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s), off = 0;
	while (off < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + off, n - off, &cp);
		if (k <= 0)
			break;
		utf8proc_uint8_t buf[8];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), buf);
		sb_addn(&sb, (const char *)buf, (size_t)m);
		off += k;
	}
	return sb_detach(&sb);
}

/* "N) Label: value" lines. */
static void
item(struct resume *r, const char *num, const char *label, char *value)
{
	char *line = xasprintf("%s %s: %s", num, label, value);
	wrapped(&r->sb, line, (int)strlen(num) + 1);
	free(line);
	free(value);
}

static void
heading(struct resume *r, const char *num, const char *text)
{
	sb_addc(&r->sb, '\n');
	char *line = xasprintf("%s %s", num, text);
	wrapped(&r->sb, line, (int)strlen(num) + 1);
	free(line);
}

/* "12/2010" from an ISO date; dots if none. */
static void
month_year(const char *iso, char out[16])
{
	if (iso == NULL || strlen(iso) < 7)
		snprintf(out, 16, "%s", "..../....");
	else
		snprintf(out, 16, "%.2s/%.4s", iso + 5, iso);
}

/* ---- tables ----
 * A table is as wide as the sum of its column widths plus three columns of rule
 * per column plus one: every table here is at most WIDTH (80) columns. */

static void
rule(struct strbuf *sb, const int *w, int n)
{
	sb_addc(sb, '+');
	for (int c = 0; c < n; c++) {
		for (int i = 0; i < w[c] + 2; i++)
			sb_addc(sb, '-');
		sb_addc(sb, '+');
	}
	sb_addc(sb, '\n');
}

/* Cut text into pieces of at most w columns, at spaces where possible. */
static int
cell_lines(const char *text, int w, char ***out)
{
	int n = 0, cap = 4;
	char **v = xmalloc(sizeof *v * (size_t)cap);
	const char *p = text != NULL ? text : "";
	do {
		struct strbuf line;
		sb_init(&line);
		int col = 0;
		while (*p) {
			size_t wl = strcspn(p, " ");
			char *word = xstrndup(p, wl);
			int ww = text_width(word);
			if (col > 0 && col + 1 + ww > w) {
				free(word);
				break;
			}
			if (ww > w && col == 0) {
				/* A word longer than the cell: cut it by characters. */
				size_t cut = 0;
				int cw = 0;
				while (word[cut]) {
					size_t k = 1;
					while ((word[cut + k] & 0xC0) == 0x80)
						k++;
					char *ch = xstrndup(word + cut, k);
					int chw = text_width(ch);
					free(ch);
					if (cw + chw > w)
						break;
					cw += chw;
					cut += k;
				}
				if (cut == 0)
					cut = 1;
				sb_addn(&line, word, cut);
				col = cw;
				p += cut;
				free(word);
				break;
			}
			if (col > 0) {
				sb_addc(&line, ' ');
				col++;
			}
			sb_adds(&line, word);
			col += ww;
			free(word);
			p += wl;
			while (*p == ' ')
				p++;
		}
		if (n == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof *v * (size_t)cap);
		}
		v[n++] = sb_detach(&line);
	} while (*p);
	*out = v;
	return n;
}

static void
table_row(struct strbuf *sb, const int *w, int n, char *const *cells)
{
	char **lines[8];
	int nl[8], rows = 1;
	for (int c = 0; c < n; c++) {
		nl[c] = cell_lines(cells[c], w[c], &lines[c]);
		if (nl[c] > rows)
			rows = nl[c];
	}
	for (int r = 0; r < rows; r++) {
		sb_addc(sb, '|');
		for (int c = 0; c < n; c++) {
			const char *t = r < nl[c] ? lines[c][r] : "";
			sb_addf(sb, " %s", t);
			for (int pad = w[c] - text_width(t) + 1; pad > 0; pad--)
				sb_addc(sb, ' ');
			sb_addc(sb, '|');
		}
		sb_addc(sb, '\n');
	}
	for (int c = 0; c < n; c++) {
		for (int i = 0; i < nl[c]; i++)
			free(lines[c][i]);
		free(lines[c]);
	}
}

/* A table of sub-records of kind; fill() makes the cells of one row. */
typedef void (*row_fn)(struct resume *r, const struct form *f, struct record *row,
    char **cells);

static char *
rval(const struct form *f, struct record *row, const char *name)
{
	const char *v = record_get(row, name);
	const struct form_field *ff = f != NULL ? form_field(f, name) : NULL;
	if (v == NULL || !*v)
		return xstrdup("");
	return ff != NULL ? form_value_display_new(ff, v) : xstrdup(v);
}

static char *
period(struct record *row)
{
	char a[16], b[16];
	month_year(record_get(row, "date_from"), a);
	const char *to = record_get(row, "date_to");
	if (to == NULL || !*to)
		return xasprintf("%s - %s", a, _("now"));
	month_year(to, b);
	return xasprintf("%s - %s", a, b);
}

static void
table(struct resume *r, const char *kind, int n, const int *w, const char *const *heads,
    row_fn fill, bool (*keep)(struct record *row, void *arg), void *arg)
{
	char *err = NULL;
	struct record **rows = NULL;
	int nrows = 0;
	if (db_item_list(r->db, r->who, r->p->id, kind, &rows, &nrows, &err) != DB_OK) {
		free(err);
		nrows = 0;
	}
	const struct form *pf = form_get("person", &err);
	const struct form_grid *g = pf != NULL ? form_grid(pf, kind) : NULL;
	const struct form *f = g != NULL ? form_get(g->form, &err) : NULL;
	free(err);
	char *cells[8];
	rule(&r->sb, w, n);
	for (int c = 0; c < n; c++)
		cells[c] = (char *)_(heads[c]);
	table_row(&r->sb, w, n, cells);
	rule(&r->sb, w, n);
	int shown = 0;
	for (int i = 0; i < nrows; i++) {
		if (keep != NULL && !keep(rows[i], arg))
			continue;
		fill(r, f, rows[i], cells);
		table_row(&r->sb, w, n, cells);
		for (int c = 0; c < n; c++)
			free(cells[c]);
		shown++;
	}
	if (shown == 0) {
		for (int c = 0; c < n; c++)
			cells[c] = "";
		table_row(&r->sb, w, n, cells);
	}
	rule(&r->sb, w, n);
	db_records_free(rows, nrows);
}

static void
fill_training(struct resume *r, const struct form *f, struct record *row, char **c)
{
	(void)r;
	c[0] = rval(f, row, "institution");
	c[1] = rval(f, row, "subject");
	c[2] = period(row);
	c[3] = rval(f, row, "training_form");
	c[4] = rval(f, row, "qualification");
}

static void
fill_work(struct resume *r, const struct form *f, struct record *row, char **c)
{
	(void)r;
	c[0] = period(row);
	char *pos = rval(f, row, "position"), *ag = rval(f, row, "agency");
	c[1] = xasprintf("%s%s%s", pos, *pos && *ag ? ", " : "", ag);
	free(pos);
	free(ag);
}

static void
fill_family(struct resume *r, const struct form *f, struct record *row, char **c)
{
	(void)r;
	c[0] = rval(f, row, "relation");
	c[1] = rval(f, row, "full_name");
	c[2] = rval(f, row, "birth_year");
	char *occ = rval(f, row, "occupation"), *res = rval(f, row, "residence");
	const char *dead = record_get(row, "deceased");
	c[3] = xasprintf("%s%s%s%s%s", occ, *occ && *res ? "; " : "", res,
	    dead != NULL && strcmp(dead, "1") == 0 ? "; " : "",
	    dead != NULL && strcmp(dead, "1") == 0 ? _("deceased") : "");
	free(occ);
	free(res);
}

static void
fill_salary(struct resume *r, const struct form *f, struct record *row, char **c)
{
	(void)r;
	char my[16];
	month_year(record_get(row, "date_from"), my);
	c[0] = xstrdup(my);
	const char *rank = record_get(row, "rank_code"), *step = record_get(row, "salary_step");
	c[1] = xasprintf("%s/%s", rank != NULL && *rank ? rank : "...",
	    step != NULL && *step ? step : "...");
	c[2] = rval(f, row, "salary_coefficient");
}

static bool
family_side(struct record *row, void *arg)
{
	const char *rel = record_get(row, "relation");
	bool spouse_side = rel != NULL && strncmp(rel, "spouse_", 7) == 0;
	return spouse_side == (arg != NULL);
}

static void
history_notes(struct resume *r, const char *topic, const char *label)
{
	char *err = NULL;
	struct record **rows = NULL;
	int n = 0;
	if (db_item_list(r->db, r->who, r->p->id, "history_note", &rows, &n, &err) != DB_OK) {
		free(err);
		n = 0;
	}
	struct strbuf line;
	sb_init(&line);
	sb_addf(&line, "- %s:", label);
	int found = 0;
	for (int i = 0; i < n; i++) {
		const char *t = record_get(rows[i], "topic");
		if (t == NULL || strcmp(t, topic) != 0)
			continue;
		const char *note = record_get(rows[i], "note");
		sb_addf(&line, "%s %s", found ? ";" : "", note != NULL ? note : "");
		found++;
	}
	if (!found)
		sb_addf(&line, " %s", _("none"));
	wrapped(&r->sb, line.buf, 2);
	sb_free(&line);
	db_records_free(rows, n);
}

/* Items 21 and 22 in full: every row of the kind, "MM/YYYY: form (detail),
 * decision", one to a line under the item, or "none". */
static void
listed(struct resume *r, const char *num, const char *label, const char *kind,
    const char *form_field_name, const char *detail, const char *decision)
{
	char *err = NULL;
	struct record **rows = NULL;
	int n = 0;
	if (db_item_list(r->db, r->who, r->p->id, kind, &rows, &n, &err) != DB_OK) {
		free(err);
		n = 0;
	}
	const struct form *f = form_get(kind, NULL);
	if (n == 0 || f == NULL) {
		item(r, num, label, xstrdup(_("none")));
		db_records_free(rows, n);
		return;
	}
	char *head = xasprintf("%s %s:", num, label);
	wrapped(&r->sb, head, (int)strlen(num) + 1);
	free(head);
	for (int i = 0; i < n; i++) {
		char my[16];
		month_year(record_get(rows[i], "date_from"), my);
		char *what = rval(f, rows[i], form_field_name);
		char *more = rval(f, rows[i], detail);
		char *dec = rval(f, rows[i], decision);
		char *line = xasprintf("    - %s: %s%s%s%s%s%s%s", my, *what ? what : DOTS,
		    *more ? " (" : "", more, *more ? ")" : "", *dec ? ", " : "",
		    *dec ? _("decision") : "", *dec ? " " : "");
		char *full = xasprintf("%s%s", line, dec);
		wrapped(&r->sb, full, 8);
		free(full);
		free(line);
		free(what);
		free(more);
		free(dec);
	}
	db_records_free(rows, n);
}

static void
header(struct resume *r)
{
	char *err = NULL;
	struct org_info org, parent;
	const char *code = record_get(r->p, "org_code");
	bool have = code != NULL && db_org_find(r->db, code, &org, &err) == DB_OK;
	free(err);
	err = NULL;
	bool have_parent = have && org.parent_code[0] &&
	    db_org_find(r->db, org.parent_code, &parent, &err) == DB_OK;
	free(err);
	char *form = xasprintf("%s", _("Form 2C-BNV/2008"));
	int fw = text_width(form);
	char *l1 = xasprintf("%s: %s", _("Managing authority"),
	    have_parent ? parent.name : have ? org.name : DOTS);
	int pad = WIDTH - text_width(l1) - fw;
	if (pad >= 1) {
		sb_adds(&r->sb, l1);
		for (int i = 0; i < pad; i++)
			sb_addc(&r->sb, ' ');
		sb_addf(&r->sb, "%s\n", form);
	} else {
		/* A long authority's name: the form's number on its own line, to the
		 * right, and the name wrapped, so no line passes 80 columns. */
		for (int i = 0; i < WIDTH - fw; i++)
			sb_addc(&r->sb, ' ');
		sb_addf(&r->sb, "%s\n", form);
		wrapped(&r->sb, l1, 4);
	}
	free(l1);
	free(form);
	/* The agency's name with its province, as on the screens. */
	char *label = have ? db_org_label_new(r->db, code) : xstrdup(DOTS);
	char *l2 = xasprintf("%s: %s", _("Employing agency"), label);
	free(label);
	wrapped(&r->sb, l2, 4);
	free(l2);
	char *sn = pv(r, "staff_number");
	char *l3 = xasprintf("%s: %s", _("Staff number"), sn);
	wrapped(&r->sb, l3, 4);
	free(l3);
	free(sn);
	sb_addc(&r->sb, '\n');
	const char *title = _("CURRICULUM VITAE OF A CADRE OR CIVIL SERVANT");
	int tw = text_width(title);
	for (int i = 0; i < (WIDTH - tw) / 2; i++)
		sb_addc(&r->sb, ' ');
	sb_addf(&r->sb, "%s\n\n", title);
}

/* The head's signature block: from column 38, or further left for a long title,
 * never past WIDTH. */
static void
signature_line(struct strbuf *sb, const char *text)
{
	int pad = WIDTH - text_width(text);
	pad = pad > 38 ? 38 : pad > 0 ? pad : 0;
	sb_addf(sb, "%*s%s\n", pad, "", text);
}

static void
body(struct resume *r)
{
	char *name = pv(r, "full_name");
	item(r, "1)", _("Full name at birth (in capitals)"), upper_new(name));
	free(name);
	item(r, "2)", _("Other names"), pv(r, "other_names"));
	const char *dob = record_get(r->p, "date_of_birth");
	char *sex = pv(r, "sex");
	char *born = dob != NULL && strlen(dob) == 10 ?
	    xasprintf(_("day %.2s month %.2s year %.4s"), dob + 8, dob + 5, dob) :
	    xstrdup(DOTS);
	char *b = xasprintf("%s, %s: %s", born, _("Sex"), sex);
	item(r, "3)", _("Date of birth"), b);
	free(born);
	free(sex);
	item(r, "4)", _("Place of birth"), pv(r, "place_of_birth"));
	item(r, "5)", _("Home town"), pv(r, "place_of_origin"));
	char *eth = pv(r, "ethnicity"), *rel = pv(r, "religion");
	item(r, "6)", _("Ethnic group"), xasprintf("%s;  7) %s: %s", eth, _("Religion"), rel));
	free(eth);
	free(rel);
	item(r, "8)", _("Permanent residence"), pv(r, "place_of_residence"));
	item(r, "9)", _("Current address"), pv(r, "current_address"));
	item(r, "10)", _("Occupation when recruited"), pv(r, "occupation_before_recruitment"));
	char *rd = pv(r, "recruitment_date"), *ra = pv(r, "recruiting_agency");
	item(r, "11)", _("Recruited on"), xasprintf("%s, %s: %s", rd, _("by"), ra));
	free(rd);
	free(ra);
	char *pos = pv(r, "position"), *con = pval(r, "concurrent_position");
	item(r, "12)", _("Current position (incl. concurrent)"),
	    xasprintf("%s%s%s", pos, con != NULL ? "; " : "", con != NULL ? con : ""));
	free(pos);
	free(con);
	item(r, "13)", _("Main duties"), pv(r, "main_duties"));
	const char *rc = record_get(r->p, "rank_code");
	char *rank = pv(r, "rank_code");
	item(r, "14)", _("Rank (professional title)"), xasprintf("%s, %s: %s", rank,
	    _("rank code"), rc != NULL && *rc ? rc : DOTS));
	free(rank);
	char *st = pv(r, "salary_step"), *co = pv(r, "salary_coefficient"),
	    *sd = pv(r, "salary_date");
	char *l = xasprintf("    %s: %s, %s: %s, %s: %s", _("Salary step"), st,
	    _("coefficient"), co, _("from"), sd);
	wrapped(&r->sb, l, 4);
	free(l);
	free(st);
	free(co);
	free(sd);
	char *pa = pv(r, "position_allowance"), *oa = pv(r, "other_allowances");
	l = xasprintf("    %s: %s, %s: %s", _("Position allowance"), pa,
	    _("other allowances"), oa);
	wrapped(&r->sb, l, 4);
	free(l);
	free(pa);
	free(oa);
	item(r, "15.1-", _("General education"), pv(r, "general_education"));
	char *deg = pv(r, "highest_degree"), *maj = pval(r, "major");
	item(r, "15.2-", _("Highest qualification"), xasprintf("%s%s%s", deg,
	    maj != NULL ? ", " : "", maj != NULL ? maj : ""));
	free(deg);
	free(maj);
	item(r, "15.3-", _("Political theory"), pv(r, "political_theory"));
	item(r, "15.4-", _("State management"), pv(r, "state_management"));
	char *fl = pv(r, "foreign_language"), *fll = pval(r, "foreign_language_level");
	item(r, "15.5-", _("Foreign language"), xasprintf("%s%s%s", fl,
	    fll != NULL ? ", " : "", fll != NULL ? fll : ""));
	free(fl);
	free(fll);
	item(r, "15.6-", _("IT skills"), pv(r, "it_level"));
	char *pj = pv(r, "party_join_date"), *po = pv(r, "party_official_date");
	item(r, "16)", _("Joined the Communist Party of Vietnam on"),
	    xasprintf("%s, %s: %s", pj, _("full member since"), po));
	free(pj);
	free(po);
	char *mo = pv(r, "mass_org"), *md = pv(r, "mass_org_date");
	item(r, "17)", _("Joined socio-political organisations on"),
	    xasprintf("%s (%s)", md, mo));
	free(mo);
	free(md);
	char *ae = pv(r, "army_enlist_date"), *ad = pv(r, "army_discharge_date"),
	    *ar = pv(r, "highest_military_rank");
	item(r, "18)", _("Enlisted on"), xasprintf("%s, %s: %s, %s: %s", ae,
	    _("discharged on"), ad, _("highest military rank"), ar));
	free(ae);
	free(ad);
	free(ar);
	item(r, "19)", _("Highest honorary title"), pv(r, "honorary_titles"));
	item(r, "20)", _("Work strengths"), pv(r, "work_strengths"));
	listed(r, "21)", _("Rewards (form, year)"), "reward", "reward_form",
	    "reward_level", "decision_no");
	listed(r, "22)", _("Discipline (form, year)"), "discipline", "discipline_form",
	    "reason", "decision_no");
	char *hs = pv(r, "health_status"), *hc = pv(r, "height_cm"), *wk = pv(r, "weight_kg"),
	    *bt = pv(r, "blood_type");
	item(r, "23)", _("Health"), xasprintf("%s, %s: %s cm, %s: %s kg, %s: %s", hs,
	    _("height"), hc, _("weight"), wk, _("blood type"), bt));
	free(hs);
	free(hc);
	free(wk);
	free(bt);
	char *wi = pv(r, "war_invalid_grade"), *ps = pv(r, "policy_status");
	item(r, "24)", _("War invalid grade"), xasprintf("%s; %s: %s", wi,
	    _("policy family"), ps));
	free(wi);
	free(ps);
	char *idn = pv(r, "id_number"), *idd = pv(r, "id_issue_date");
	item(r, "25)", _("Personal ID number"), xasprintf("%s, %s: %s", idn, _("issued on"), idd));
	free(idn);
	free(idd);
	item(r, "26)", _("Social insurance number"), pv(r, "social_insurance_no"));

	heading(r, "27)", _("TRAINING IN PROFESSION, POLITICAL THEORY, LANGUAGES, IT"));
	static const int wt[] = { 16, 14, 14, 10, 10 };
	static const char *const ht[] = { N_("School"), N_("Subject"), N_("From - to"),
	    N_("Form"), N_("Degree") };
	table(r, "training", 5, wt, ht, fill_training, NULL, NULL);

	heading(r, "28)", _("SUMMARY OF WORK HISTORY"));
	static const int ww[] = { 17, 56 };
	static const char *const hw[] = { N_("From - to"),
	    N_("Title, position, agency") };
	table(r, "work", 2, ww, hw, fill_work, NULL, NULL);

	heading(r, "29)", _("PERSONAL HISTORY"));
	history_notes(r, "arrest", _("Arrest or imprisonment"));
	history_notes(r, "former_regime", _("Work under the former regime"));
	history_notes(r, "foreign_org", _("Membership of or ties to foreign organisations"));
	history_notes(r, "relatives_abroad", _("Relatives abroad"));

	heading(r, "30)", _("FAMILY RELATIONS"));
	static const int wf[] = { 13, 20, 6, 28 };
	static const char *const hf[] = { N_("Relation"), N_("Full name"),
	    N_("Year of birth"),
	    N_("Home town, occupation, position, agency, residence") };
	sb_addf(&r->sb, "a) %s\n", _("Own side: father, mother, spouse, children, siblings"));
	table(r, "family", 4, wf, hf, fill_family, family_side, NULL);
	sb_addf(&r->sb, "b) %s\n", _("Spouse's side: father, mother, siblings"));
	table(r, "family", 4, wf, hf, fill_family, family_side, (void *)1);

	heading(r, "31)", _("SALARY PROGRESSION"));
	static const int ws[] = { 12, 24, 14 };
	static const char *const hs2[] = { N_("Month/year"), N_("Rank code/step"),
	    N_("Coefficient") };
	table(r, "salary", 3, ws, hs2, fill_salary, NULL, NULL);

	heading(r, "32)", _("ASSESSMENT BY THE MANAGING AND EMPLOYING AGENCY"));
	sb_adds(&r->sb, DOTS DOTS DOTS DOTS DOTS DOTS DOTS DOTS DOTS DOTS DOTS DOTS "\n\n");
	char *l1 = xasprintf("%-38s%s", _("Declarant"), _("..., date ... month ... year ..."));
	sb_addf(&r->sb, "%s\n", l1);
	free(l1);
	sb_addf(&r->sb, "%s\n%s\n", _("I declare that the above is true."),
	    _("(Signature and full name)"));
	signature_line(&r->sb, _("Head of the managing agency"));
	signature_line(&r->sb, _("(Signature and seal)"));
}

char *
resume_2c_new(struct db *db, const struct actor *who, int64_t id, char **err)
{
	struct resume r = { .db = db, .who = who };
	r.form = form_get("person", err);
	if (r.form == NULL)
		return NULL;
	if (db_person_get(db, who, id, "print", &r.p, err) != DB_OK)
		return NULL;
	sb_init(&r.sb);
	header(&r);
	body(&r);
	record_free(r.p);
	return sb_detach(&r.sb);
}
