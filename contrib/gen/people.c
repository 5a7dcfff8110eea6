/*
 * One person: who they are (name, sex, birth, ID number), where they work and
 * since when, their rank and its salary steps, their schooling. Everything is
 * drawn so that it hangs together: the ID number agrees with sex and birth, the
 * career starts after school and before the reference date, the rank fits the
 * agency (teachers, doctors, civil servants), the salary steps follow the
 * three-year (two-year for the lower scales) rhythm of Decree 204/2004/NĐ-CP.
 *
 * ID numbers are unique by construction: the six random digits are a bijection
 * (multiplication by a unit modulo 10^6) of a counter kept per province, century,
 * sex and birth year, so no lookup table is needed at any scale.
 */
#include "gen.h"
#include <stdlib.h>
#include <string.h>

enum { SC_A31, SC_A21, SC_A22, SC_A1, SC_A0, SC_B, SC_C1 };

const struct salary_scale salary_scales[] = {
	[SC_A31] = {"A3.1", 6, 620, 36, 36}, [SC_A21] = {"A2.1", 8, 440, 34, 36},
	[SC_A22] = {"A2.2", 8, 400, 34, 36}, [SC_A1] = {"A1", 9, 234, 33, 36},
	[SC_A0] = {"A0", 10, 210, 31, 36}, [SC_B] = {"B", 12, 186, 20, 24},
	[SC_C1] = {"C1", 12, 165, 18, 24},
};

int
salary_coefficient(int scale, int step)
{
	const struct salary_scale *s = &salary_scales[scale];
	if (step > s->steps)
		step = s->steps;
	return s->first + (step - 1) * s->incr;
}

enum { DG_PHD, DG_MASTER, DG_BACHELOR, DG_COLLEGE, DG_VOCATIONAL, DG_ELEMENTARY };
const struct degree degrees[] = {
	[DG_PHD] = {"Tiến sĩ"}, [DG_MASTER] = {"Thạc sĩ"}, [DG_BACHELOR] = {"Đại học"},
	[DG_COLLEGE] = {"Cao đẳng"}, [DG_VOCATIONAL] = {"Trung cấp"}, [DG_ELEMENTARY] = {"Sơ cấp"},
};
const char *const theory_levels[] = {"Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân"};
const char *const statemgmt_levels[] = {
	"Cán sự", "Chuyên viên", "Chuyên viên chính", "Chuyên viên cao cấp",
};

/* A career ladder: junior, middle, senior rank, and a lower rank some start on. */
struct ladder {
	const char *rank[3];
	int         scale[3];
	const char *low;
	int         low_scale;
	double      low_share;
	const char *majors[4];
};
enum {
	JF_ADMIN, JF_ACCOUNT, JF_INSPECT, JF_TEACH_HS, JF_TEACH_LS, JF_TEACH_PR,
	JF_TEACH_PS, JF_DOCTOR, JF_NURSE, JF_LECTURER, JF_COUNT
};
static const struct ladder ladders[JF_COUNT] = {
	[JF_ADMIN] = {{"01.003", "01.002", "01.001"}, {SC_A1, SC_A21, SC_A31}, "01.004",
	    SC_B, 0.1, {"Luật", "Quản lý nhà nước", "Kinh tế", "Hành chính học"}},
	[JF_ACCOUNT] = {{"06.031", "06.030", "06.029"}, {SC_A1, SC_A21, SC_A31}, "06.032",
	    SC_B, 0.15, {"Kế toán", "Tài chính – Ngân hàng", "Kiểm toán", "Kinh tế"}},
	[JF_INSPECT] = {{"04.025", "04.024", "04.023"}, {SC_A1, SC_A21, SC_A31}, NULL, 0, 0,
	    {"Luật", "Kinh tế", "Quản lý nhà nước", "Xây dựng"}},
	[JF_TEACH_HS] = {{"V.07.05.15", "V.07.05.14", "V.07.05.13"}, {SC_A1, SC_A22, SC_A21},
	    NULL, 0, 0, {"Sư phạm Toán học", "Sư phạm Ngữ văn", "Sư phạm Tiếng Anh",
	    "Sư phạm Vật lý"}},
	[JF_TEACH_LS] = {{"V.07.04.32", "V.07.04.31", "V.07.04.30"}, {SC_A1, SC_A22, SC_A21},
	    NULL, 0, 0, {"Sư phạm Toán học", "Sư phạm Ngữ văn", "Sư phạm Lịch sử",
	    "Sư phạm Sinh học"}},
	[JF_TEACH_PR] = {{"V.07.03.29", "V.07.03.28", "V.07.03.27"}, {SC_A1, SC_A22, SC_A21},
	    NULL, 0, 0, {"Giáo dục Tiểu học", "Giáo dục Tiểu học", "Sư phạm Âm nhạc",
	    "Sư phạm Tiếng Anh"}},
	[JF_TEACH_PS] = {{"V.07.02.26", "V.07.02.25", "V.07.02.24"}, {SC_A0, SC_A1, SC_A22},
	    NULL, 0, 0, {"Giáo dục Mầm non", "Giáo dục Mầm non", "Giáo dục Mầm non",
	    "Giáo dục Mầm non"}},
	[JF_DOCTOR] = {{"V.08.01.03", "V.08.01.02", "V.08.01.01"}, {SC_A1, SC_A21, SC_A31},
	    NULL, 0, 0, {"Y đa khoa", "Y đa khoa", "Nhi khoa", "Y học cổ truyền"}},
	[JF_NURSE] = {{"V.08.05.12", "V.08.05.11", "V.08.05.11"}, {SC_A1, SC_A22, SC_A22},
	    "V.08.05.13", SC_B, 0.35, {"Điều dưỡng", "Điều dưỡng", "Hộ sinh",
	    "Kỹ thuật xét nghiệm y học"}},
	[JF_LECTURER] = {{"V.07.01.03", "V.07.01.02", "V.07.01.01"}, {SC_A1, SC_A21, SC_A31},
	    NULL, 0, 0, {"Kinh tế", "Công nghệ thông tin", "Luật", "Ngôn ngữ Anh"}},
};

/* The rank to write: the table's, unless forms/codes lacks it; then the general
 * rank of the same salary scale, which every rank list has. */
static const char *
rank_usable(const char *code, int scale)
{
	if (!code_unknown("rank", code))
		return code;
	switch (scale) {
	case SC_A31:	return "01.001";
	case SC_A21:
	case SC_A22:	return "01.002";
	case SC_A1:
	case SC_A0:	return "01.003";
	case SC_B:	return "01.004";
	default:	return "01.005";
	}
}

static int
job_family(struct rng *r, const struct org *g)
{
	switch (g->kind) {
	case OK_HIGH_SCHOOL:		return rng_chance(r, 0.06) ? JF_ACCOUNT : JF_TEACH_HS;
	case OK_LOWER_SECONDARY:	return rng_chance(r, 0.06) ? JF_ACCOUNT : JF_TEACH_LS;
	case OK_PRIMARY:		return rng_chance(r, 0.06) ? JF_ACCOUNT : JF_TEACH_PR;
	case OK_PRESCHOOL:		return rng_chance(r, 0.05) ? JF_ACCOUNT : JF_TEACH_PS;
	case OK_HOSPITAL:
	case OK_HEALTH_CENTRE:
	case OK_COMMUNE_CLINIC:
		if (rng_chance(r, 0.07))
			return JF_ACCOUNT;
		return rng_chance(r, 0.35) ? JF_DOCTOR : JF_NURSE;
	case OK_CENTRAL_UNIT:
		if (strncmp(g->name, "Bệnh viện", strlen("Bệnh viện")) == 0)
			return rng_chance(r, 0.4) ? JF_DOCTOR : JF_NURSE;
		return rng_chance(r, 0.1) ? JF_ACCOUNT : JF_LECTURER;
	default:
		if (strncmp(g->name, "Thanh tra", strlen("Thanh tra")) == 0 &&
		    rng_chance(r, 0.7))
			return JF_INSPECT;
		return rng_chance(r, 0.1) ? JF_ACCOUNT : JF_ADMIN;
	}
}

static const char *
staff_category(struct rng *r, const struct org *g)
{
	if (rng_chance(r, 0.05))
		return "hop_dong";
	switch (g->kind) {
	case OK_COMMUNE:
		return "cbcc_cap_xa";
	case OK_MINISTRY:
	case OK_PROVINCE:
		return rng_chance(r, 0.1) ? "can_bo" : "cong_chuc";
	case OK_MINISTRY_DEPT:
	case OK_PROVINCE_OFFICE:
	case OK_DEPT:
	case OK_DEPT_EDU:
	case OK_DEPT_HEALTH:
		return "cong_chuc";
	default:
		return "vien_chuc";
	}
}

const char *
position_default(enum org_kind k, const char *rank)
{
	switch (k) {
	case OK_HIGH_SCHOOL:
	case OK_LOWER_SECONDARY:
	case OK_PRIMARY:
	case OK_PRESCHOOL:
		return rank != NULL && rank[0] == 'V' ? "Giáo viên" : "Kế toán";
	case OK_HOSPITAL:
	case OK_HEALTH_CENTRE:
	case OK_COMMUNE_CLINIC:
		if (rank != NULL && strncmp(rank, "V.08.01", 7) == 0)
			return "Bác sĩ";
		return rank != NULL && rank[0] == 'V' ? "Điều dưỡng" : "Kế toán";
	case OK_CENTRAL_UNIT:
		if (rank != NULL && strncmp(rank, "V.08", 4) == 0)
			return strncmp(rank, "V.08.01", 7) == 0 ? "Bác sĩ" : "Điều dưỡng";
		return rank != NULL && rank[0] == 'V' ? "Giảng viên" : "Kế toán";
	case OK_COMMUNE:
		return "Công chức Văn phòng – Thống kê";
	default:
		return rank != NULL && strncmp(rank, "04.", 3) == 0 ? "Thanh tra viên"
		    : "Chuyên viên";
	}
}

/* Leaders are few: one person in a few dozen. */
static const char *
position_draw(struct rng *r, const struct org *g, const char *rank, const char **cat)
{
	uint32_t x = rng_below(r, 1000);
	switch (g->kind) {
	case OK_HIGH_SCHOOL:
	case OK_LOWER_SECONDARY:
	case OK_PRIMARY:
	case OK_PRESCHOOL:
		if (x < 20)
			return "Hiệu trưởng";
		if (x < 60)
			return "Phó Hiệu trưởng";
		if (x < 140 && rank[0] == 'V')
			return "Tổ trưởng";
		break;
	case OK_HOSPITAL:
	case OK_HEALTH_CENTRE:
	case OK_CENTRAL_UNIT:
		if (x < 5)
			return "Giám đốc";
		if (x < 15)
			return "Phó Giám đốc";
		if (x < 55 && rank[0] == 'V')
			return "Trưởng khoa";
		if (x < 95 && rank[0] == 'V')
			return "Phó Trưởng khoa";
		break;
	case OK_COMMUNE:
		if (x < 30) {
			*cat = "can_bo";
			return "Chủ tịch Ủy ban nhân dân";
		}
		if (x < 80) {
			*cat = "can_bo";
			return "Phó Chủ tịch Ủy ban nhân dân";
		}
		if (x < 300)
			return "Công chức Tài chính – Kế toán";
		if (x < 500)
			return "Công chức Tư pháp – Hộ tịch";
		if (x < 650)
			return "Công chức Địa chính – Xây dựng";
		if (x < 800)
			return "Công chức Văn hóa – Xã hội";
		break;
	case OK_MINISTRY_DEPT:
		if (x < 10)
			return strncmp(g->name, "Cục", strlen("Cục")) == 0 ? "Cục trưởng"
			    : "Vụ trưởng";
		if (x < 40)
			return strncmp(g->name, "Cục", strlen("Cục")) == 0 ? "Phó Cục trưởng"
			    : "Phó Vụ trưởng";
		if (x < 120)
			return "Trưởng phòng";
		if (x < 200)
			return "Phó Trưởng phòng";
		break;
	case OK_DEPT:
	case OK_DEPT_EDU:
	case OK_DEPT_HEALTH:
	case OK_PROVINCE_OFFICE:
		if (x < 10)
			return g->kind == OK_PROVINCE_OFFICE ? "Chánh Văn phòng" : "Giám đốc Sở";
		if (x < 40)
			return g->kind == OK_PROVINCE_OFFICE ? "Phó Chánh Văn phòng"
			    : "Phó Giám đốc Sở";
		if (x < 120)
			return "Trưởng phòng";
		if (x < 220)
			return "Phó Trưởng phòng";
		break;
	case OK_DEPT_UNIT:
		if (x < 30)
			return "Giám đốc";
		if (x < 80)
			return "Phó Giám đốc";
		break;
	case OK_PROVINCE:
	case OK_MINISTRY:
		if (*cat == NULL || strcmp(*cat, "can_bo") != 0)
			break;
		if (g->kind == OK_PROVINCE)
			return x < 40 ? "Chủ tịch Ủy ban nhân dân" : x < 200 ?
			    "Phó Chủ tịch Ủy ban nhân dân" : "Ủy viên Ủy ban nhân dân";
		return x < 40 ? "Bộ trưởng" : x < 200 ? "Thứ trưởng" : "Trợ lý Bộ trưởng";
	case OK_COMMUNE_CLINIC:
		if (x < 150)
			return "Trạm trưởng";
		break;
	case OK_NKINDS:
		break;
	}
	return position_default(g->kind, rank);
}

static const char *
religion_draw(struct rng *r, const struct person *p, int region)
{
	uint32_t x = rng_below(r, 1000);
	if (x < 70)
		return "Phật giáo";
	if (x < 70 + (region == REG_DELTA || region == REG_SOUTH_EAST ? 80 : 40))
		return "Công giáo";
	if (x < 130 && region == REG_HIGHLANDS && p->ethnic != 0)
		return "Tin lành";
	if (x < 150 && region == REG_MEKONG)
		return "Phật giáo Hòa Hảo";
	if (x < 150 && region == REG_SOUTH_EAST)
		return "Cao đài";
	return "Không";
}

/* ID-number counters per (birth province, century-and-sex digit 0..3, year % 100). */
static uint32_t idcount[63 * 4 * 100];

static void
idnum_make(struct person *p, uint64_t seed)
{
	int year = day_year(p->dob);
	int g = (year / 100 - 19) * 2 + (p->sex == 'F');
	int bucket = (p->birth_old * 4 + g) * 100 + year % 100;
	uint64_t c = idcount[bucket]++;
	/* 738917 is prime to 10^6, so c -> (a c + b) mod 10^6 is a bijection. */
	uint64_t nn = (c * 738917 + (uint64_t)bucket * 7919 + seed % 1000000) % 1000000;
	struct line l;
	line_reset(&l);
	line_add(&l, old_provinces[p->birth_old].code);
	line_addz(&l, (unsigned long)g, 1);
	line_addz(&l, (unsigned long)(year % 100), 2);
	line_addz(&l, (unsigned long)nn, 6);
	memcpy(p->id, l.buf, 13);
}

static int
old_province_draw(struct rng *r, int now)
{
	uint32_t w[64];
	for (int i = 0; i < n_old_provinces; i++)
		w[i] = now < 0 || old_provinces[i].now == now ? old_provinces[i].births : 0;
	return rng_weighted(r, w, n_old_provinces);
}

static void
phone_make(struct rng *r, char *out)
{
	static const char *const prefix[] = {
		"086", "096", "097", "098", "032", "033", "034", "035", "036", "037",
		"038", "039", "088", "091", "094", "081", "082", "083", "084", "085",
		"089", "090", "093", "070", "076", "077", "078", "079", "092", "056",
		"058", "099", "059",
	};
	const char *pf = prefix[rng_below(r, sizeof prefix / sizeof prefix[0])];
	memcpy(out, pf, 3);
	uint32_t v = rng_below(r, 10000000);
	for (int i = 9; i >= 3; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[10] = '\0';
}

static void
email_make(struct rng *r, struct person *p, const struct org *g)
{
	struct line l;
	line_reset(&l);
	line_add(&l, p->name.ascii_given);
	line_add(&l, p->name.ascii_initials);
	if (rng_chance(r, 0.6))
		line_addz(&l, (unsigned long)(day_year(p->dob) % 100), 2);
	if (rng_chance(r, 0.2))
		line_addi(&l, rng_range(r, 1, 9));
	line_addc(&l, '@');
	line_add(&l, g->domain);
	str_copy(p->email, sizeof p->email, l.buf);
}

static const char *const streets[] = {
	"Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
	"Quang Trung", "Nguyễn Trãi", "Phan Đình Phùng", "Hùng Vương", "Điện Biên Phủ",
	"Võ Thị Sáu", "Nguyễn Văn Cừ", "Lê Duẩn", "Trường Chinh", "Hoàng Diệu",
};

static void
places_make(struct rng *r, struct person *p, const struct orgs *os)
{
	const struct org *g = &os->v[p->org];
	struct line *o = &p->origin;
	int op = rng_chance(r, 0.85) ? p->birth_old : old_province_draw(r, -1);
	unsigned long k = rng_below(r, 3600);

	/* Birthplace and home town as they were written before 2025: three levels. */
	line_reset(o);
	line_add(o, "Xã ");
	place_name(k, o);
	line_add(o, ", Huyện ");
	place_name(k / 7 + 11 * (unsigned long)op, o);
	line_add(o, ", ");
	old_province_title(op, o);
	line_reset(&p->birthplace);
	if (rng_chance(r, 0.5))
		line_add(&p->birthplace, o->buf);
	else
		old_province_title(p->birth_old, &p->birthplace);

	/* Residence as written now: two levels. */
	int np = g->province >= 0 ? g->province : 0;
	struct line *res = &p->residence;
	line_reset(res);
	if (rng_chance(r, 0.5)) {
		line_add(res, "Số ");
		line_addi(res, rng_range(r, 1, 250));
		line_add(res, " đường ");
		line_add(res, streets[rng_below(r, sizeof streets / sizeof streets[0])]);
		line_add(res, ", phường ");
	} else {
		line_add(res, "Thôn ");
		place_name(rng_below(r, 3600), res);
		line_add(res, ", xã ");
	}
	place_name(rng_below(r, 3600), res);
	line_add(res, ", ");
	new_province_title(np, res);
}

static int
degree_for(struct rng *r, int scale, int jf)
{
	switch (scale) {
	case SC_A31:
		return rng_chance(r, 0.5) ? DG_PHD : DG_MASTER;
	case SC_A21:
	case SC_A22:
		return rng_chance(r, 0.15) ? DG_PHD : rng_chance(r, 0.5) ? DG_MASTER
		    : DG_BACHELOR;
	case SC_A1:
		if (jf == JF_LECTURER)
			return rng_chance(r, 0.7) ? DG_MASTER : DG_PHD;
		return rng_chance(r, 0.2) ? DG_MASTER : DG_BACHELOR;
	case SC_A0:
		return DG_COLLEGE;
	case SC_B:
		return rng_chance(r, 0.7) ? DG_VOCATIONAL : DG_COLLEGE;
	default:
		return rng_chance(r, 0.5) ? DG_ELEMENTARY : DG_VOCATIONAL;
	}
}

/* Step raises from `from` on the scale, every interval, until `until`. */
static void
steps_add(struct person *p, int ri, int step, int from, int until)
{
	const struct salary_scale *s = &salary_scales[p->rank[ri].scale];
	int day = from, over = 0;
	for (;;) {
		if (p->nsalary < (int)(sizeof p->salary / sizeof p->salary[0])) {
			p->salary[p->nsalary].day = day;
			p->salary[p->nsalary].rank = ri;
			p->salary[p->nsalary].step = step;
			p->salary[p->nsalary].over = over;
			p->nsalary++;
		} else {	/* keep the latest: shift out the oldest */
			memmove(p->salary, p->salary + 1,
			    (sizeof p->salary / sizeof p->salary[0] - 1) * sizeof p->salary[0]);
			int last = (int)(sizeof p->salary / sizeof p->salary[0]) - 1;
			p->salary[last].day = day;
			p->salary[last].rank = ri;
			p->salary[last].step = step;
			p->salary[last].over = over;
		}
		int next = day + (step < s->steps ? s->months : 12) * 3044 / 100;
		if (next >= until)
			return;
		day = next;
		if (step < s->steps)
			step++;
		else
			over = over == 0 ? 5 : over + 1;
	}
}

void
person_make(struct rng *r, const struct orgs *os, const struct gen_opts *o,
    struct person *p)
{
	p->org = orgs_draw(os, r);
	const struct org *g = &os->v[p->org];
	int region = g->province >= 0 ? new_provinces[g->province].region : REG_DELTA;

	p->sex = rng_chance(r, 0.52) ? 'F' : 'M';
	p->staff_category = staff_category(r, g);
	bool contract = strcmp(p->staff_category, "hop_dong") == 0;
	/* Ages 18-65: women retire earlier; contract staff start younger. */
	int min_age = contract ? 18 : 22;
	int max_age = p->sex == 'F' ? 57 : 62;
	if (rng_chance(r, 0.02))
		max_age = 65;
	int age_days = rng_range(r, min_age * 36525 / 100 + 1, (max_age + 1) * 36525 / 100 - 2);
	p->dob = o->today - age_days;

	p->birth_old = rng_chance(r, g->province >= 0 ? 0.8 : 0.35) ?
	    old_province_draw(r, g->province >= 0 ? g->province : 0) :
	    old_province_draw(r, -1);
	int breg = new_provinces[old_provinces[p->birth_old].now].region;
	p->south = breg >= REG_CENTRAL_COAST;
	p->ethnic = ethnic_draw(r, region);
	name_make(r, p->sex, p->ethnic, day_year(p->dob), p->south, &p->name);
	idnum_make(p, o->seed);
	p->religion = religion_draw(r, p, region);

	/* Career: recruited at 22-30 (18-25 on contract), never after the reference date. */
	int rec_age = contract ? rng_range(r, 18, 25) : rng_range(r, 22, 30);
	p->start = p->dob + rec_age * 36525 / 100 + rng_range(r, 0, 300);
	if (p->start > o->today - 30)
		p->start = o->today - rng_range(r, 30, 200);
	if (p->start < p->dob + min_age * 36525 / 100)
		p->start = p->dob + min_age * 36525 / 100 + 1;
	int years = (o->today - p->start) / 365;

	/* Ranks: start on the junior (or lower) rank, rise after 9 and 15 years. */
	int jf = job_family(r, g);
	const struct ladder *ld = &ladders[jf];
	p->nrank = 0;
	if (contract) {
		p->rank[0].code = rank_usable("01.005", SC_C1);
		p->rank[0].scale = SC_C1;
	} else if (ld->low != NULL && rng_chance(r, ld->low_share)) {
		p->rank[0].code = rank_usable(ld->low, ld->low_scale);
		p->rank[0].scale = ld->low_scale;
	} else {
		p->rank[0].code = rank_usable(ld->rank[0], ld->scale[0]);
		p->rank[0].scale = ld->scale[0];
	}
	p->rank[0].from = p->start;
	p->nrank = 1;
	if (!contract && years >= 9 && p->rank[0].scale != SC_B && rng_chance(r, 0.35)) {
		int at = p->start + rng_range(r, 9 * 365, years * 365);
		p->rank[1].code = rank_usable(ld->rank[1], ld->scale[1]);
		p->rank[1].scale = ld->scale[1];
		p->rank[1].from = at;
		p->nrank = 2;
		if (years >= 15 && at + 6 * 365 < o->today && rng_chance(r, 0.12) &&
		    strcmp(ld->rank[2], ld->rank[1]) != 0) {
			p->rank[2].code = rank_usable(ld->rank[2], ld->scale[2]);
			p->rank[2].scale = ld->scale[2];
			p->rank[2].from = rng_range(r, at + 5 * 365, o->today - 30);
			p->nrank = 3;
		}
	}
	p->nsalary = 0;
	int step = 1;
	for (int i = 0; i < p->nrank; i++) {
		int until = i + 1 < p->nrank ? p->rank[i + 1].from : o->today;
		steps_add(p, i, step, p->rank[i].from, until);
		if (i + 1 < p->nrank) {
			/* On promotion: the first step paid at least as much as before. */
			int coef = salary_coefficient(p->rank[i].scale, p->salary[p->nsalary - 1].step);
			const struct salary_scale *ns = &salary_scales[p->rank[i + 1].scale];
			step = 1;
			while (step < ns->steps && salary_coefficient(p->rank[i + 1].scale, step) < coef)
				step++;
		}
	}
	int cur_scale = p->rank[p->nrank - 1].scale;
	p->degree = degree_for(r, cur_scale, jf);
	p->major = ld->majors[rng_below(r, 4)];

	p->job = position_draw(r, g, p->rank[p->nrank - 1].code, &p->staff_category);
	/* Only leaders' posts are in the position list; the rest is a job title. */
	p->position = code_unknown("position", p->job) ? NULL : p->job;

	/* Work history: earlier posts in the same province (or anywhere, for central bodies). */
	int nwork = 1 + (int)rng_below(r, (uint32_t)(years / 7 + 1));
	if (nwork > MAX_WORK)
		nwork = MAX_WORK;
	p->nwork = nwork;
	int from = p->start;
	for (int w = 0; w < nwork; w++) {
		p->work[w].from = from;
		if (w == nwork - 1) {
			p->work[w].org = p->org;
			p->work[w].job = p->job;
		} else {
			int pr = g->province;
			int wo = pr >= 0 && os->prov_end[pr] > os->prov_first[pr] ?
			    os->prov_first[pr] + (int)rng_below(r,
			    (uint32_t)(os->prov_end[pr] - os->prov_first[pr])) :
			    (int)rng_below(r, (uint32_t)os->n);
			p->work[w].org = wo;
			p->work[w].job = position_default(os->v[wo].kind, p->rank[0].code);
		}
		int left = o->today - 30 - from;
		int span = left / (nwork - w);
		if (span < 60)
			span = 60;
		from += rng_range(r, span / 2, span);
		if (from > o->today - 1)
			from = o->today - 1;
	}

	/* Party membership, political theory and state management training. */
	double party = strcmp(p->staff_category, "can_bo") == 0 ? 0.98 :
	    strcmp(p->staff_category, "cong_chuc") == 0 ? 0.45 :
	    strcmp(p->staff_category, "cbcc_cap_xa") == 0 ? 0.5 : contract ? 0.03 : 0.25;
	p->party_date = -1;
	if (years >= 2 && rng_chance(r, party))
		p->party_date = p->start + rng_range(r, 365, (years > 12 ? 12 : years) * 365);
	p->theory = -1;
	p->statemgmt = -1;
	if (strcmp(p->staff_category, "can_bo") == 0)
		p->theory = rng_chance(r, 0.3) ? 3 : 2;
	else if (p->party_date >= 0)
		p->theory = years >= 10 && rng_chance(r, 0.2) ? 2 : rng_chance(r, 0.5) ? 1 : 0;
	if (strcmp(p->staff_category, "cong_chuc") == 0 ||
	    strcmp(p->staff_category, "can_bo") == 0 ||
	    strcmp(p->staff_category, "cbcc_cap_xa") == 0) {
		p->statemgmt = cur_scale == SC_A31 ? 3 : cur_scale == SC_A21 ? 2 :
		    cur_scale == SC_B || cur_scale == SC_C1 ? 0 : 1;
		if (rng_chance(r, 0.3))
			p->statemgmt = -1;
	}

	static const char *const blood[] = {"O", "O", "O", "A", "A", "B", "B", "AB"};
	p->blood = rng_chance(r, 0.6) ? blood[rng_below(r, 8)] : NULL;
	p->height = p->sex == 'M' ? rng_range(r, 155, 180) : rng_range(r, 148, 168);
	p->weight = p->height - 100 - rng_range(r, 0, 12) + rng_range(r, 0, 8);
	p->general_education = day_year(p->dob) < 1965 && rng_chance(r, 0.7) ? "10/10" :
	    rng_chance(r, 0.03) ? "12/12 bổ túc" : "12/12";
	places_make(r, p, os);
	phone_make(r, p->phone);
	email_make(r, p, g);
}
