/*
 * hoso-gen: synthetic national-scale personnel data, deterministic for a seed.
 *
 * The generator runs in one pass: the agency tree first (kept in memory, a few
 * thousand rows), then each person in turn with their sub-records and their
 * population-register twin, straight into buffered output files. Nothing is
 * allocated per row: every row is built in fixed buffers, so 2.5 million people
 * and 75 million sub-records cost minutes, not hours.
 *
 * Every string in the tables is UTF-8 in NFC (the unit test checks it).
 */
#ifndef HOSO_GEN_H
#define HOSO_GEN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- random numbers (rng.c): xoshiro256** seeded through splitmix64 ---- */
struct rng {
	uint64_t s[4];
};
void     rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t rng_below(struct rng *r, uint32_t n);
/* Uniform in [lo, hi]. */
int      rng_range(struct rng *r, int lo, int hi);
/* True with probability p (0..1). */
bool     rng_chance(struct rng *r, double p);
/* Index into weights[0..n) chosen in proportion to the weights. */
int      rng_weighted(struct rng *r, const uint32_t *weights, int n);

/* ---- days since 1970-01-01 (days.c) ---- */
int  day_from_ymd(int y, int m, int d);
void day_to_ymd(int day, int *y, int *m, int *d);
int  day_year(int day);
/* "YYYY-MM-DD" into out[11]; returns 10. */
int  day_iso(int day, char *out);
/* "DD/MM/YYYY" into out[11]; returns 10. */
int  day_dmy(int day, char *out);
/* Parse YYYY-MM-DD; -1 if malformed. */
int  day_parse(const char *iso);

/* ---- building one field or row in a fixed buffer (out.c) ---- */
/* Copy src into dst[n], cut short if it does not fit; always terminated. */
void str_copy(char *dst, size_t n, const char *src);
struct line {
	char   buf[8192];
	size_t len;
};
void line_reset(struct line *l);
void line_add(struct line *l, const char *s);
void line_addn(struct line *l, const char *s, size_t n);
void line_addc(struct line *l, char c);
void line_addi(struct line *l, long v);
/* v with exactly `width` digits, zero-padded. */
void line_addz(struct line *l, unsigned long v, int width);
void line_add_iso(struct line *l, int day);
/* Coefficients and percentages: v/100 as "3.33". */
void line_add_cents(struct line *l, int v);
/* A CSV field, quoted when it holds a comma, quote or line break. */
void line_add_csv(struct line *l, const char *s);
/* A JSON member "name":"value" with a comma before it unless first. */
void line_add_json(struct line *l, bool *first, const char *name, const char *value);
void line_add_json_int(struct line *l, bool *first, const char *name, long v);

/* A buffered output file that counts the lines it has written. */
struct out {
	FILE  *f;
	char  *path;
	long   lines;	/* physical lines written (line breaks) */
	char  *buf;
	size_t len;
};
struct out *out_open(const char *dir, const char *name);
void        out_write(struct out *o, const char *s, size_t n);
void        out_line(struct out *o, const struct line *l);	/* adds '\n' */
void        out_puts(struct out *o, const char *s);
void        out_close(struct out *o);

/* ---- places (places.c) ---- */
struct old_province {		/* the 63 provinces of ID numbers and birthplaces */
	const char *code;	/* three digits, as in ID numbers */
	const char *name;	/* "Hà Nam" */
	bool        city;	/* "Thành phố" rather than "Tỉnh" */
	int         now;	/* index into new_provinces */
	uint32_t    births;	/* weight among people born in its new province */
};
struct new_province {		/* the 34 provinces since 1 July 2025 */
	const char *gso;	/* two digits (Decision 19/2025/QĐ-TTg) */
	const char *name;
	bool        city;
	const char *hcode;	/* level-1 agency code, "H26" */
	const char *domain;	/* e-mail domain, "hanoi.gov.vn" */
	uint32_t    pop;	/* population, tens of thousands */
	int         region;	/* enum region */
};
enum region {
	REG_DELTA, REG_NORTH_HILLS, REG_NORTH_CENTRAL, REG_CENTRAL_COAST,
	REG_HIGHLANDS, REG_SOUTH_EAST, REG_MEKONG, REG_NREGIONS
};
extern const struct old_province old_provinces[];
extern const int                 n_old_provinces;
extern const struct new_province new_provinces[];
extern const int                 n_new_provinces;
/* A place-name syllable pair, e.g. "Tân Hội", from a seed number (stable). */
void place_name(unsigned long k, struct line *l);
/* "Tỉnh Nghệ An" / "Thành phố Hà Nội" */
void old_province_title(int i, struct line *l);
void new_province_title(int i, struct line *l);

/* ---- the agency tree (orgs.c) ---- */
enum org_kind {
	OK_MINISTRY, OK_MINISTRY_DEPT, OK_CENTRAL_UNIT, OK_PROVINCE, OK_PROVINCE_OFFICE,
	OK_DEPT, OK_DEPT_EDU, OK_DEPT_HEALTH, OK_HIGH_SCHOOL, OK_HOSPITAL,
	OK_HEALTH_CENTRE, OK_DEPT_UNIT, OK_COMMUNE, OK_PRESCHOOL, OK_PRIMARY,
	OK_LOWER_SECONDARY, OK_COMMUNE_CLINIC, OK_NKINDS
};
struct org {
	char          code[36];
	char          name[160];
	int           parent;	/* index, -1 for a top-level agency */
	enum org_kind kind;
	int           level;	/* 1 for a ministry or province */
	int           province;	/* index into new_provinces, -1 for a central body */
	const char   *domain;	/* e-mail domain of its staff */
};
struct orgs {
	struct org *v;
	int         n, cap;
	int         prov_first[40], prov_end[40];	/* each province's agencies */
	uint64_t   *cdf;	/* cumulative people weight, for drawing an agency */
};
/* target: number of agencies wanted; 0 for one per 250 people (at least 80). */
void        orgs_build(struct orgs *os, long people, long target, struct rng *r);
void        orgs_write(const struct orgs *os, struct out *o);
int         orgs_draw(const struct orgs *os, struct rng *r);
void        orgs_free(struct orgs *os);
const char *org_kind_name(enum org_kind k);

/* ---- code lists: forms/codes values when present, labels otherwise (codes.c) ---- */
void        codes_setup(const char *forms_dir);
/* The value to write for a label of list `list`: its code when forms/codes has the
 * list and the label, else the label itself. Cached; the pointer stays valid. */
const char *code_of(const char *list, const char *label);
/* True when the code list exists and lacks this code (so it must not be written). */
bool        code_unknown(const char *list, const char *code);
/* True when forms/person.json exists and has no field of this name. */
bool        person_field_absent(const char *name);

/* ---- names (names.c) ---- */
struct person_name {
	char full[128];		/* NFC */
	char family[32];
	char given[32];
	char ascii_given[32];	/* for e-mail: "duc" */
	char ascii_initials[8];	/* family and middle initials: "nv" */
};
/* ethnic: index into ethnic groups (0 = Kinh); year of birth steers middle names. */
void name_make(struct rng *r, char sex, int ethnic, int birth_year, bool south,
    struct person_name *n);
/* A name for a relative: same family name for father and siblings. */
void name_relative(struct rng *r, char sex, const char *family, int birth_year,
    bool south, struct line *l);
struct ethnic {
	const char *label;
	int         name_style;	/* enum name_style in names.c */
};
extern const struct ethnic ethnics[];
extern const int           n_ethnics;
/* Ethnic group for someone working in region reg. */
int  ethnic_draw(struct rng *r, int reg);
void names_init(void);

/* ---- people and their records (people.c, items.c) ---- */
struct gen_opts {
	long        people;
	long        agencies;	/* 0: one per 250 people */
	const char *outdir;
	uint64_t    seed;
	long        broken;
	double      items_per_person;
	double      citizens_mismatch;
	int         today;		/* reference date, days */
	const char *forms_dir;
	bool        quiet;
};
enum { MAX_RANKS = 3, MAX_WORK = 8 };
struct person {
	char               id[13];
	struct person_name name;
	char               sex;		/* 'M' or 'F' */
	bool               south;	/* born in the south: Huỳnh, Võ */
	int                dob;
	int                birth_old;	/* index into old_provinces */
	int                org;		/* index into orgs */
	int                ethnic;
	const char        *religion;
	const char        *blood;
	int                height, weight;
	const char        *general_education;
	int                degree;	/* index into degrees (people.c) */
	const char        *major;
	const char        *staff_category;
	const char        *position;	/* a leader's post of the position list, or NULL */
	const char        *job;		/* job title: the post, or "Chuyên viên", "Giáo viên"… */
	int                start;	/* recruitment */
	struct {
		const char *code;
		int         scale;
		int         from;
	}                  rank[MAX_RANKS];	/* the ranks held, oldest first */
	int                nrank;
	int                party_date;	/* -1: not a party member */
	int                theory;	/* political theory: -1 none, else index */
	int                statemgmt;	/* state management: -1 none, else index */
	struct {
		int         org;
		int         from;
		const char *job;
	}                  work[MAX_WORK];	/* last one is the current agency */
	int                nwork;
	struct {
		int day;
		int rank;	/* index into rank[] */
		int step;
		int over;	/* over-frame allowance, percent */
	}                  salary[32];
	int                nsalary;
	struct line        origin;	/* quê quán */
	struct line        birthplace;
	struct line        residence;
	char               phone[11];
	char               email[64];
};
struct salary_scale {
	const char *name;
	int         steps;
	int         first;	/* coefficient × 100 of step 1 */
	int         incr;	/* × 100 */
	int         months;	/* regular step interval */
};
extern const struct salary_scale salary_scales[];
int  salary_coefficient(int scale, int step);
struct degree {
	const char *label;	/* as the degree list writes it */
};
extern const struct degree degrees[];
extern const char *const theory_levels[];
extern const char *const statemgmt_levels[];
/* The default position at an agency of this kind ("Chuyên viên", "Giáo viên"). */
const char *position_default(enum org_kind k, const char *rank);

void person_make(struct rng *r, const struct orgs *os, const struct gen_opts *o,
    struct person *p);
void items_write(struct rng *r, const struct orgs *os, const struct gen_opts *o,
    const struct person *p, struct out *items, long *count);
int  gen_run(const struct gen_opts *o);
#endif
