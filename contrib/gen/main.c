/*
 * hoso-gen: writes a synthetic national personnel data set into a directory:
 *   orgs.csv      the agency tree (hoso org import)
 *   people.csv    the people (hoso import), with --broken K deliberately bad rows
 *   items.csv     their sub-records: id_number,kind,date_from,date_to,data (JSON)
 *   citizens.csv  the population register as the gateway simulator serves it,
 *                 with a share of deliberate differences (citizens-diff.txt)
 *   broken.txt    line, column and kind of each bad row of people.csv
 * The same options and seed give the same bytes.
 */
#include "gen.h"
#include "core/xalloc.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum col {
	C_ID, C_NAME, C_DOB, C_SEX, C_ORG, C_ETH, C_REL, C_RANK, C_POS, C_PHONE, C_EMAIL,
	C_ORIGIN, C_RESIDENCE, C_START,
	/* Beyond the contract's list: person-form fields, written when the form has them. */
	C_STAFF, C_JOB, C_STATUS, C_NATION, C_BIRTHPLACE, C_RECRUIT, C_RANKDATE, C_SCALE,
	C_STEP, C_COEF, C_SALDATE, C_NEXTSTEP, C_OVER, C_GENEDU, C_DEGREE, C_MAJOR,
	C_THEORY, C_STATEMGMT, C_PARTY, C_PARTYOFF, C_BLOOD, C_HEIGHT, C_WEIGHT, NCOL
};
static const char *const col_name[NCOL] = {
	"id_number", "full_name", "date_of_birth", "sex", "org_code", "ethnicity",
	"religion", "rank_code", "position", "phone", "email", "place_of_origin",
	"place_of_residence", "start_date", "staff_category", "job_position",
	"employment_status", "nationality", "place_of_birth", "recruitment_date",
	"rank_date", "salary_scale", "salary_step", "salary_coefficient", "salary_date",
	"next_step_date", "over_frame_allowance_pct", "general_education",
	"highest_degree", "major", "political_theory", "state_management",
	"party_join_date", "party_official_date", "blood_type", "height_cm", "weight_kg",
};
static bool col_on[NCOL];

struct row {
	char f[NCOL][640];
};

enum broken_kind {
	B_ID_DIGITS, B_ID_YEAR, B_ID_SEX, B_PROVINCE, B_DATE, B_ORG, B_NAME, B_SEX, B_DUP,
	B_FIELDS, B_NKINDS
};
static const struct {
	enum col    col;
	const char *what;
} broken_info[B_NKINDS] = {
	[B_ID_DIGITS] = {C_ID, "id-digit-count"},
	[B_ID_YEAR] = {C_ID, "id-year-vs-date-of-birth"},
	[B_ID_SEX] = {C_ID, "id-sex-vs-sex"},
	[B_PROVINCE] = {C_ID, "id-unknown-province"},
	[B_DATE] = {C_DOB, "impossible-date"},
	[B_ORG] = {C_ORG, "unknown-org"},
	[B_NAME] = {C_NAME, "empty-name"},
	[B_SEX] = {C_SEX, "bad-sex"},
	[B_DUP] = {C_ID, "duplicate-id"},
	[B_FIELDS] = {NCOL, "field-count"},
};

static void
set(struct row *w, enum col c, const char *s)
{
	size_t n = strlen(s);
	if (n >= sizeof w->f[c])
		n = sizeof w->f[c] - 1;
	memcpy(w->f[c], s, n);
	w->f[c][n] = '\0';
}

static void
set_day(struct row *w, enum col c, int day)
{
	if (day < 0)
		w->f[c][0] = '\0';
	else
		day_iso(day, w->f[c]);
}

static void
person_row(const struct person *p, const struct orgs *os, struct rng *r, int today,
    struct row *w)
{
	const struct person *q = p;	/* short name for a long list */
	set(w, C_ID, q->id);
	set(w, C_NAME, q->name.full);
	/* Now and then the clerk's way of writing dates, which import accepts too. */
	if (rng_chance(r, 0.03))
		day_dmy(q->dob, w->f[C_DOB]);
	else
		day_iso(q->dob, w->f[C_DOB]);
	set(w, C_SEX, q->sex == 'M' ? "M" : "F");
	set(w, C_ORG, os->v[q->org].code);
	set(w, C_ETH, code_of("ethnicity", ethnics[q->ethnic].label));
	set(w, C_REL, code_of("religion", q->religion));
	const int cur = q->nrank - 1;
	set(w, C_RANK, q->rank[cur].code);
	set(w, C_POS, q->position != NULL ? code_of("position", q->position) : "");
	set(w, C_PHONE, q->phone);
	set(w, C_EMAIL, q->email);
	set(w, C_ORIGIN, q->origin.buf);
	set(w, C_RESIDENCE, q->residence.buf);
	set_day(w, C_START, q->work[q->nwork - 1].from);
	set(w, C_STAFF, code_of("staff_category", q->staff_category));
	set(w, C_JOB, q->position != NULL ? "Lãnh đạo, quản lý" : q->job);
	set(w, C_STATUS, code_of("employment_status", "Đang làm việc"));
	set(w, C_NATION, "Việt Nam");
	set(w, C_BIRTHPLACE, q->birthplace.buf);
	set_day(w, C_RECRUIT, q->start);
	set_day(w, C_RANKDATE, q->rank[cur].from);
	const int last = q->nsalary - 1;
	const struct salary_scale *sc = &salary_scales[q->rank[q->salary[last].rank].scale];
	set(w, C_SCALE, code_of("salary_scale", sc->name));
	snprintf(w->f[C_STEP], sizeof w->f[C_STEP], "%d", q->salary[last].step);
	struct line cl;
	line_reset(&cl);
	line_add_cents(&cl, salary_coefficient(q->rank[q->salary[last].rank].scale,
	    q->salary[last].step));
	set(w, C_COEF, cl.buf);
	set_day(w, C_SALDATE, q->salary[last].day);
	bool top = q->salary[last].step >= sc->steps;
	set_day(w, C_NEXTSTEP, q->salary[last].day + (top ? 12 : sc->months) * 3044 / 100);
	if (q->salary[last].over > 0)
		snprintf(w->f[C_OVER], sizeof w->f[C_OVER], "%d", q->salary[last].over);
	else
		set(w, C_OVER, "");
	set(w, C_GENEDU, code_of("general_education", q->general_education));
	set(w, C_DEGREE, code_of("degree", degrees[q->degree].label));
	set(w, C_MAJOR, q->major);
	set(w, C_THEORY, q->theory >= 0 ? code_of("political_theory",
	    theory_levels[q->theory]) : "");
	set(w, C_STATEMGMT, q->statemgmt >= 0 ? code_of("state_management",
	    statemgmt_levels[q->statemgmt]) : "");
	set_day(w, C_PARTY, q->party_date);
	/* Full membership a year after admission, once that year is over. */
	set_day(w, C_PARTYOFF, q->party_date >= 0 && q->party_date + 366 <= today ?
	    q->party_date + 366 : -1);
	set(w, C_BLOOD, q->blood != NULL ? q->blood : "");
	snprintf(w->f[C_HEIGHT], sizeof w->f[C_HEIGHT], "%d", q->height);
	snprintf(w->f[C_WEIGHT], sizeof w->f[C_WEIGHT], "%d", q->weight);
}

static void
row_write(const struct row *w, struct out *o, int ncols)
{
	static struct line l;
	line_reset(&l);
	bool first = true;
	for (int c = 0; c < ncols; c++) {
		if (!col_on[c])
			continue;
		if (!first)
			line_addc(&l, ',');
		first = false;
		line_add_csv(&l, w->f[c]);
	}
	out_line(o, &l);
}

/* Spoil one field of a good row; the rest stays valid. */
static void
row_break(struct row *w, enum broken_kind k, const struct person *p, const char *dup_id)
{
	int y, m, d;
	day_to_ymd(p->dob, &y, &m, &d);
	switch (k) {
	case B_ID_DIGITS:
		w->f[C_ID][11] = '\0';
		break;
	case B_ID_YEAR:	/* the date of birth a year later than the ID says */
		if (m == 2 && d == 29)
			d = 28;
		snprintf(w->f[C_DOB], sizeof w->f[C_DOB], "%04d-%02d-%02d", y + 1, m, d);
		break;
	case B_ID_SEX:
		set(w, C_SEX, p->sex == 'M' ? "F" : "M");
		break;
	case B_PROVINCE:
		memcpy(w->f[C_ID], "003", 3);	/* between Hà Giang 002 and Cao Bằng 004 */
		break;
	case B_DATE:
		snprintf(w->f[C_DOB], sizeof w->f[C_DOB], "%04d-02-30", y);
		break;
	case B_ORG:
		set(w, C_ORG, "000.00.99.X99");
		break;
	case B_NAME:
		set(w, C_NAME, "");
		break;
	case B_SEX:
		set(w, C_SEX, "X");
		break;
	case B_DUP:
		set(w, C_ID, dup_id);
		/* The duplicate must be consistent in itself: copy what the ID encodes. */
		{
			int iy = 0;
			char isex = 'M';
			int g = dup_id[3] - '0';
			iy = (19 + g / 2) * 100 + (dup_id[4] - '0') * 10 + (dup_id[5] - '0');
			isex = g % 2 ? 'F' : 'M';
			if (m == 2 && d == 29)
				d = 28;
			snprintf(w->f[C_DOB], sizeof w->f[C_DOB], "%04d-%02d-%02d", iy, m, d);
			set(w, C_SEX, isex == 'M' ? "M" : "F");
		}
		break;
	case B_FIELDS:
	case B_NKINDS:
		break;
	}
}

static void
citizen_write(const struct person *p, struct rng *r, double share, struct out *cit,
    struct out *diff)
{
	static struct line l, name;
	char dob[11];
	const char *status = "alive", *what = NULL;
	line_reset(&name);
	line_add(&name, p->name.full);
	day_iso(p->dob, dob);
	double u = (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
	if (u < share / 4) {
		what = "not_found";
	} else if (u < share / 2) {
		what = "full_name";
		/* Another spelling: the southern or northern form, else another given name. */
		const char *fam = p->name.family;
		const char *alt = strcmp(fam, "Hoàng") == 0 ? "Huỳnh" :
		    strcmp(fam, "Huỳnh") == 0 ? "Hoàng" : strcmp(fam, "Vũ") == 0 ? "Võ" :
		    strcmp(fam, "Võ") == 0 ? "Vũ" : NULL;
		size_t fl = strlen(fam);
		line_reset(&name);
		if (alt != NULL && strncmp(p->name.full, fam, fl) == 0) {
			line_add(&name, alt);
			line_add(&name, p->name.full + fl);
		} else {
			const char *last = strrchr(p->name.full, ' ');
			line_addn(&name, p->name.full, last ? (size_t)(last - p->name.full) : 0);
			line_add(&name, strcmp(p->name.given, "Hường") == 0 ? " Hương" : " Hường");
		}
	} else if (u < share * 3 / 4) {
		what = "date_of_birth";
		day_iso(p->dob + 1, dob);
	} else if (u < share) {
		what = "deceased";
		status = "deceased";
	}
	if (what != NULL) {
		line_reset(&l);
		line_add(&l, p->id);
		line_addc(&l, '\t');
		line_add(&l, what);
		out_line(diff, &l);
		if (strcmp(what, "not_found") == 0)
			return;
	}
	line_reset(&l);
	line_add(&l, p->id);
	line_addc(&l, ',');
	line_add_csv(&l, name.buf);
	line_addc(&l, ',');
	line_add(&l, dob);
	line_addc(&l, ',');
	line_addc(&l, p->sex);
	line_addc(&l, ',');
	line_add_csv(&l, ethnics[p->ethnic].label);
	line_addc(&l, ',');
	line_add_csv(&l, p->religion);
	line_add(&l, ",Việt Nam,");
	line_add_csv(&l, p->origin.buf);
	line_addc(&l, ',');
	line_add_csv(&l, p->residence.buf);
	line_addc(&l, ',');
	line_add(&l, status);
	out_line(cit, &l);
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
gen_run(const struct gen_opts *o)
{
	struct rng r;
	struct orgs os;
	double t0 = now_s();

	codes_setup(o->forms_dir);
	names_init();
	rng_seed(&r, o->seed);
	orgs_build(&os, o->people, o->agencies, &r);
	struct out *f = out_open(o->outdir, "orgs.csv");
	orgs_write(&os, f);
	out_close(f);

	struct out *people = out_open(o->outdir, "people.csv");
	struct out *items = out_open(o->outdir, "items.csv");
	struct out *cit = out_open(o->outdir, "citizens.csv");
	struct out *diff = out_open(o->outdir, "citizens-diff.txt");
	struct out *brk = out_open(o->outdir, "broken.txt");

	int ncols = 0;
	for (int c = 0; c < NCOL; c++) {
		col_on[c] = c < C_STAFF || !person_field_absent(col_name[c]);
		if (col_on[c]) {
			out_puts(people, ncols ? "," : "");
			out_puts(people, col_name[c]);
			ncols++;
		}
	}
	out_puts(people, "\n");
	out_puts(items, "id_number,kind,date_from,date_to,data\n");
	out_puts(cit, "id_number,full_name,date_of_birth,sex,ethnicity,religion,nationality,"
	    "place_of_origin,place_of_residence,status\n");
	out_puts(brk, "# people.csv rows that import must reject: line\tcolumn\tkind\n");

	/* Broken rows spread evenly; the multi-line (but valid) row in the middle. */
	long k = o->broken, next_broken = -1, nb = 0;
	if (k > o->people / 2)
		k = o->people / 2;
	if (k > 0)
		next_broken = o->people / k / 2;
	long multiline = k > 0 ? o->people / 2 + 1 : -1;
	if (multiline >= 0 && multiline == next_broken)
		multiline++;

	static struct person p;
	static struct row w;
	char last_good[13] = "";
	long nitems = 0, written = 0;
	for (long i = 0; i < o->people; i++) {
		person_make(&r, &os, o, &p);
		person_row(&p, &os, &r, o->today, &w);
		long line = people->lines + 1;
		if (i == next_broken && last_good[0] != '\0') {
			enum broken_kind bk = (enum broken_kind)(nb % B_NKINDS);
			row_break(&w, bk, &p, last_good);
			int nc = NCOL;
			if (bk == B_FIELDS) {	/* drop the last column written */
				nc = NCOL;
				while (nc > 0 && !col_on[nc - 1])
					nc--;
				nc--;
			}
			row_write(&w, people, nc);
			static struct line bl;
			line_reset(&bl);
			line_addi(&bl, line);
			line_addc(&bl, '\t');
			line_add(&bl, broken_info[bk].col < NCOL ? col_name[broken_info[bk].col] : "-");
			line_addc(&bl, '\t');
			line_add(&bl, broken_info[bk].what);
			out_line(brk, &bl);
			nb++;
			next_broken = nb < k ? (nb * 2 + 1) * o->people / k / 2 : -1;
			continue;
		}
		if (i == next_broken)	/* no good row yet to duplicate: try the next one */
			next_broken++;
		if (i == multiline) {
			/* A quoted field holding a line break: valid, and it shifts line numbers. */
			char *comma = strchr(w.f[C_RESIDENCE], ',');
			if (comma != NULL && comma[1] == ' ')
				comma[1] = '\n';
			static struct line bl;
			line_reset(&bl);
			line_add(&bl, "# valid row spanning two lines at line ");
			line_addi(&bl, line);
			out_line(brk, &bl);
		}
		row_write(&w, people, NCOL);
		memcpy(last_good, p.id, 13);
		citizen_write(&p, &r, o->citizens_mismatch, cit, diff);
		items_write(&r, &os, o, &p, items, &nitems);
		written++;
		if (!o->quiet && (i + 1) % 250000 == 0)
			fprintf(stderr, "hoso-gen: %ld people, %ld items, %.0f s\n", i + 1, nitems,
			    now_s() - t0);
	}
	out_close(people);
	out_close(items);
	out_close(cit);
	out_close(diff);
	out_close(brk);
	if (!o->quiet)
		printf("hoso-gen: %d agencies, %ld people (%ld broken), %ld items in %s "
		    "(%.1f s)\n", os.n, o->people, nb, nitems, o->outdir, now_s() - t0);
	orgs_free(&os);
	return 0;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: hoso-gen --people N --out DIR [--seed S] [--broken K] [--agencies N]\n"
	    "                [--items-per-person X] [--citizens-mismatch SHARE]\n"
	    "                [--today YYYY-MM-DD] [--forms DIR] [--quiet]\n"
	    "Writes orgs.csv, people.csv, items.csv, citizens.csv, citizens-diff.txt and\n"
	    "broken.txt into DIR; the same options give the same files.\n"
	    "  --broken K              K deliberately bad rows in people.csv (broken.txt)\n"
	    "  --agencies N            about N agencies (default: one per 250 people, >= 80)\n"
	    "  --items-per-person X    sub-records per person on average (default 30)\n"
	    "  --citizens-mismatch S   share of people the register differs on or lacks\n"
	    "                          (default 0.02)\n"
	    "  --today D               reference date of ages and careers (default 2026-07-01)\n"
	    "  --forms DIR             forms/ to take code values from (default: as hoso does)\n");
}

static void
mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0777);
		*s = '/';
	}
	if (mkdir(p, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "hoso-gen: %s: %s\n", p, strerror(errno));
		exit(1);
	}
	free(p);
}

static double
number(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < 0) {
		fprintf(stderr, "hoso-gen: %s: not a number: %s\n", opt, s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"people", required_argument, NULL, 'n'},
		{"out", required_argument, NULL, 'o'},
		{"agencies", required_argument, NULL, 'a'},
		{"seed", required_argument, NULL, 's'},
		{"broken", required_argument, NULL, 'b'},
		{"items-per-person", required_argument, NULL, 'i'},
		{"citizens-mismatch", required_argument, NULL, 'c'},
		{"today", required_argument, NULL, 't'},
		{"forms", required_argument, NULL, 'f'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct gen_opts o = {
		.people = -1, .seed = 1, .items_per_person = 30, .citizens_mismatch = 0.02,
		.today = day_from_ymd(2026, 7, 1),
	};
	int c;
	while ((c = getopt_long(argc, argv, "n:o:a:s:b:i:c:t:f:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': o.people = (long)number("--people", optarg); break;
		case 'o': o.outdir = optarg; break;
		case 'a': o.agencies = (long)number("--agencies", optarg); break;
		case 's': o.seed = strtoull(optarg, NULL, 0); break;
		case 'b': o.broken = (long)number("--broken", optarg); break;
		case 'i': o.items_per_person = number("--items-per-person", optarg); break;
		case 'c': o.citizens_mismatch = number("--citizens-mismatch", optarg); break;
		case 't':
			o.today = day_parse(optarg);
			if (o.today < 0) {
				fprintf(stderr, "hoso-gen: --today: not a date: %s\n", optarg);
				return 2;
			}
			break;
		case 'f': o.forms_dir = optarg; break;
		case 'q': o.quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (o.people < 1 || o.outdir == NULL || optind != argc) {
		usage(stderr);
		return 2;
	}
	mkdir_p(o.outdir);
	return gen_run(&o);
}
