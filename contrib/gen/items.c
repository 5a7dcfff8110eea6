/*
 * A person's sub-records, one CSV row each: id_number,kind,date_from,date_to,data
 * where data is a JSON object of the sub-record form's fields. They follow the
 * career person_make drew: the work history is its posts, the salary rows are its
 * step raises, training fits the degree, assessments cover the last years worked,
 * relatives have ages that fit the person's. About 30 rows a person by default;
 * --items-per-person scales the yearly and optional rows up or down.
 */
#include "gen.h"
#include <string.h>

struct ctx {
	struct rng          *r;
	const struct orgs   *os;
	const struct gen_opts *o;
	const struct person *p;
	struct out          *out;
	long                *count;
	double               keep;	/* items per person / 30: rows drawn are kept with this
					 * probability, or padded with short courses above 1 */
	int                  rows;	/* rows written for this person */
	struct line          row, json;
	bool                 first;
};

static void
item_begin(struct ctx *c)
{
	line_reset(&c->json);
	line_addc(&c->json, '{');
	c->first = true;
}

static void
item_field(struct ctx *c, const char *name, const char *value)
{
	if (value != NULL && value[0] != '\0')
		line_add_json(&c->json, &c->first, name, value);
}

static void
item_int(struct ctx *c, const char *name, long v)
{
	line_add_json_int(&c->json, &c->first, name, v);
}

static void
item_end(struct ctx *c, const char *kind, int from, int to)
{
	/* Fewer rows than the natural thirty: keep each with probability keep. */
	if (c->keep < 1 && !rng_chance(c->r, c->keep))
		return;
	c->rows++;
	line_addc(&c->json, '}');
	struct line *l = &c->row;
	line_reset(l);
	line_add(l, c->p->id);
	line_addc(l, ',');
	line_add(l, kind);
	line_addc(l, ',');
	if (from >= 0)
		line_add_iso(l, from);
	line_addc(l, ',');
	if (to >= 0)
		line_add_iso(l, to);
	line_addc(l, ',');
	line_add_csv(l, c->json.buf);
	out_line(c->out, l);
	(*c->count)++;
}

/* Decision numbers: "127/QĐ-UBND", "45/QĐ-BNV". */
static void
decision(struct ctx *c, int org, char *out, size_t n)
{
	const struct org *g = &c->os->v[org];
	snprintf(out, n, "%u/QĐ-%s", rng_range(c->r, 1, 3500),
	    g->province >= 0 ? "UBND" : "BNV");
}

static void
work_items(struct ctx *c)
{
	const struct person *p = c->p;
	for (int w = 0; w < p->nwork; w++) {
		const struct org *g = &c->os->v[p->work[w].org];
		int to = w + 1 < p->nwork ? p->work[w + 1].from - 1 : -1;
		/* The rank held when the post began. */
		const char *rank = p->rank[0].code;
		for (int i = 0; i < p->nrank; i++)
			if (p->rank[i].from <= p->work[w].from)
				rank = p->rank[i].code;
		item_begin(c);
		item_field(c, "agency", g->name);
		item_field(c, "position", p->work[w].job);
		item_field(c, "rank_code", rank);
		item_end(c, "work", p->work[w].from, to < p->work[w].from ? -1 : to);
	}
}

static void
salary_items(struct ctx *c)
{
	const struct person *p = c->p;
	char dec[32];
	for (int i = 0; i < p->nsalary; i++) {
		/* Old raises are the optional part: the latest ones always stay. */
		int ri = p->salary[i].rank;
		int scale = p->rank[ri].scale;
		int coef = salary_coefficient(scale, p->salary[i].step);
		struct line cl;
		line_reset(&cl);
		line_add_cents(&cl, coef);
		decision(c, p->org, dec, sizeof dec);
		item_begin(c);
		item_field(c, "rank_code", p->rank[ri].code);
		item_int(c, "salary_step", p->salary[i].step);
		item_field(c, "salary_coefficient", cl.buf);
		if (p->salary[i].over > 0)
			item_int(c, "over_frame_allowance_pct", p->salary[i].over);
		item_field(c, "decision_no", dec);
		/* Each row lasts until the next raise, so "as of date D" finds one. */
		item_end(c, "salary", p->salary[i].day,
		    i + 1 < p->nsalary ? p->salary[i + 1].day - 1 : -1);
	}
}

static void courses(struct ctx *c, int n);

static const char *const universities[] = {
	"Trường Đại học Kinh tế Quốc dân", "Trường Đại học Luật Hà Nội",
	"Trường Đại học Sư phạm Hà Nội", "Trường Đại học Y Hà Nội",
	"Trường Đại học Bách khoa Hà Nội", "Trường Đại học Vinh", "Trường Đại học Huế",
	"Trường Đại học Đà Nẵng", "Trường Đại học Cần Thơ",
	"Trường Đại học Sư phạm Thành phố Hồ Chí Minh", "Trường Đại học Y Dược Thành phố Hồ Chí Minh",
	"Học viện Hành chính Quốc gia", "Trường Đại học Thái Nguyên", "Trường Đại học Tây Nguyên",
};
#define NUNIV ((uint32_t)(sizeof universities / sizeof universities[0]))

static void
training_row(struct ctx *c, int from, int to, const char *inst, const char *subject,
    const char *mode, const char *qual)
{
	item_begin(c);
	item_field(c, "institution", inst);
	item_field(c, "subject", subject);
	item_field(c, "training_form", code_of("training_form", mode));
	item_field(c, "qualification", code_of("degree", qual));
	item_end(c, "training", from, to);
}

static void
training_items(struct ctx *c)
{
	const struct person *p = c->p;
	struct rng *r = c->r;
	int y = day_year(p->start);
	int dg = p->degree;
	/* The first diploma, finished the year of recruitment or just before. */
	int years = dg <= 2 ? 4 : dg == 3 ? 3 : 2;
	int end = day_from_ymd(y - (int)rng_below(r, 2), 6, 30);
	if (end < p->dob + 17 * 365)
		end = p->dob + 17 * 365 + 200;
	training_row(c, day_from_ymd(day_year(end) - years, 9, 5), end,
	    universities[rng_below(r, NUNIV)], p->major, "Chính quy",
	    degrees[dg <= 2 ? 2 : dg].label);
	/* Postgraduate degrees, part-time, after some years of work. */
	int after = p->start + 3 * 365;
	for (int level = 1; level >= 0 && level >= dg; level--) {
		if (after > c->o->today - 400)
			break;
		int f = after + rng_range(r, 0, 3 * 365);
		if (f > c->o->today - 400)
			f = c->o->today - 400;
		int t = f + (level == 1 ? 2 : 4) * 365;
		if (t > c->o->today - 1)
			t = c->o->today - 1;
		training_row(c, f, t, universities[rng_below(r, NUNIV)], p->major, "Vừa làm vừa học",
		    degrees[level].label);
		after = t + 365;
	}
	if (p->theory >= 0) {
		int f = p->start + rng_range(r, 365, 10 * 365);
		if (f > c->o->today - 200)
			f = c->o->today - 200;
		static const char *const school[] = {
			"Trung tâm Chính trị", "Trường Chính trị tỉnh",
			"Học viện Chính trị khu vực I", "Học viện Chính trị quốc gia Hồ Chí Minh",
		};
		static const char *const subject[] = {
			"Lý luận chính trị sơ cấp", "Lý luận chính trị trung cấp",
			"Lý luận chính trị cao cấp", "Cử nhân lý luận chính trị",
		};
		training_row(c, f, f + 120 + p->theory * 180, school[p->theory],
		    subject[p->theory], p->theory == 3 ? "Chính quy" : "Tại chức",
		    p->theory == 3 ? "Đại học" : "Chứng chỉ");
	}
	if (p->statemgmt >= 0) {
		int f = p->start + rng_range(r, 2 * 365, 12 * 365);
		if (f > c->o->today - 100)
			f = c->o->today - 100;
		static const char *const subject[] = {
			"Quản lý nhà nước ngạch cán sự", "Quản lý nhà nước ngạch chuyên viên",
			"Quản lý nhà nước ngạch chuyên viên chính",
			"Quản lý nhà nước ngạch chuyên viên cao cấp",
		};
		training_row(c, f, f + 60, "Học viện Hành chính Quốc gia",
		    subject[p->statemgmt], "Bồi dưỡng", "Chứng chỉ");
	}
	/* Short courses: one every eight years or so. */
	courses(c, (c->o->today - p->start) / 365 / 8);
}

static void
courses(struct ctx *c, int n)
{
	const struct person *p = c->p;
	struct rng *r = c->r;
	static const char *const course[] = {
		"Bồi dưỡng kiến thức quốc phòng và an ninh", "Bồi dưỡng kỹ năng lãnh đạo, quản lý",
		"Ứng dụng công nghệ thông tin cơ bản", "Tiếng Anh bậc 3",
		"Bồi dưỡng chuyên môn, nghiệp vụ",
	};
	for (int i = 0; i < n; i++) {
		int f = rng_range(r, p->start, c->o->today - 30);
		training_row(c, f, f + rng_range(r, 3, 30), "Trường Chính trị tỉnh",
		    course[rng_below(r, 5)], "Bồi dưỡng", "Chứng chỉ");
	}
}

static const char *
rating_draw(struct rng *r)
{
	uint32_t x = rng_below(r, 100);
	return x < 15 ? "Hoàn thành xuất sắc nhiệm vụ" : x < 85 ? "Hoàn thành tốt nhiệm vụ" :
	    x < 98 ? "Hoàn thành nhiệm vụ" : "Không hoàn thành nhiệm vụ";
}

static void
assessment_items(struct ctx *c)
{
	const struct person *p = c->p;
	int last = day_year(c->o->today) - 1;
	int first = day_year(p->start) + 1;
	if (last - 9 > first)	/* the last ten years */
		first = last - 9;
	for (int y = first; y <= last; y++) {
		const char *rating = rating_draw(c->r);
		item_begin(c);
		item_int(c, "year", y);
		item_field(c, "rating", code_of("rating", rating));
		item_end(c, "assessment", -1, -1);
	}
}

static void
reward_items(struct ctx *c)
{
	const struct person *p = c->p;
	struct rng *r = c->r;
	char dec[32];
	int last = day_year(c->o->today) - 1;
	int first = day_year(p->start) + 1;
	for (int y = first; y <= last; y++) {
		uint32_t x = rng_below(r, 1000);
		const char *form, *level;
		if (x < 60) {
			form = "Lao động tiên tiến";
			level = "Cơ sở";
		} else if (x < 120) {
			form = "Giấy khen";
			level = "Cơ sở";
		} else if (x < 145) {
			form = "Chiến sĩ thi đua cơ sở";
			level = "Cơ sở";
		} else if (x < 160) {
			form = "Bằng khen cấp bộ, ngành, tỉnh";
			level = "Bộ, ngành, tỉnh";
		} else if (x < 162) {
			form = "Bằng khen của Thủ tướng Chính phủ";
			level = "Chính phủ, Thủ tướng Chính phủ";
		} else
			continue;
		int day = day_from_ymd(y + 1, rng_range(r, 1, 4), rng_range(r, 1, 28));
		if (day > c->o->today)
			day = c->o->today;
		decision(c, p->org, dec, sizeof dec);
		char reason[96];
		snprintf(reason, sizeof reason, "Đã có thành tích xuất sắc trong công tác năm %d", y);
		item_begin(c);
		item_field(c, "reward_form", code_of("reward_form", form));
		item_field(c, "reward_level", code_of("reward_level", level));
		item_field(c, "reason", reason);
		item_field(c, "decision_no", dec);
		item_end(c, "reward", day, -1);
	}
}

static void
discipline_items(struct ctx *c)
{
	struct rng *r = c->r;
	const struct person *p = c->p;
	if (!rng_chance(r, 0.02) || c->o->today - p->start < 400)
		return;
	static const char *const forms[] = {
		"Khiển trách", "Khiển trách", "Khiển trách", "Cảnh cáo", "Cảnh cáo",
		"Hạ bậc lương", "Giáng chức",
	};
	static const char *const reasons[] = {
		"Vi phạm quy định về thời giờ làm việc",
		"Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao",
		"Vi phạm quy định về quản lý tài chính, tài sản",
		"Vi phạm quy định về văn hóa công sở",
	};
	const char *form = forms[rng_below(r, 7)];
	int day = rng_range(r, p->start + 365, c->o->today - 1);
	char dec[32];
	decision(c, p->org, dec, sizeof dec);
	item_begin(c);
	item_field(c, "discipline_form", code_of("discipline_form", form));
	item_field(c, "issued_by", c->os->v[p->org].name);
	item_field(c, "reason", reasons[rng_below(r, 4)]);
	item_field(c, "decision_no", dec);
	item_end(c, "discipline", day, day + (form[0] == 'K' ? 182 : 365));
}

static const char *const occupations_old[] = {
	"Nông dân", "Hưu trí", "Cán bộ hưu trí", "Buôn bán", "Công nhân", "Nội trợ",
	"Giáo viên nghỉ hưu",
};
static const char *const occupations_adult[] = {
	"Giáo viên", "Công chức", "Kỹ sư", "Bác sĩ", "Kinh doanh", "Công nhân",
	"Nông dân", "Lao động tự do", "Nhân viên văn phòng", "Điều dưỡng",
};

/* One relative; relation is a label or alias of the relation list ("Cha vợ"). */
static void
relative(struct ctx *c, const char *relation, char sex, const char *family, int year,
    struct line *name_out)
{
	struct rng *r = c->r;
	int today_y = day_year(c->o->today);
	int age = today_y - year;
	const char *occ;
	bool dead = age > 88 || (age > 70 && rng_chance(r, 0.3));
	if (age >= 58)
		occ = occupations_old[rng_below(r, 7)];
	else if (age >= 22)
		occ = occupations_adult[rng_below(r, 10)];
	else if (age >= 18)
		occ = "Sinh viên";
	else if (age >= 6)
		occ = "Học sinh";
	else
		occ = "";
	struct line name;
	line_reset(&name);
	name_relative(r, sex, family, year, c->p->south, &name);
	if (name_out != NULL) {
		line_reset(name_out);
		line_add(name_out, name.buf);
	}
	item_begin(c);
	item_field(c, "relation", code_of("relation", relation));
	item_field(c, "full_name", name.buf);
	item_int(c, "birth_year", year);
	item_field(c, "occupation", occ);
	if (!dead)
		item_field(c, "residence", c->p->residence.buf);
	else
		item_field(c, "deceased", "1");
	item_end(c, "family", -1, -1);
}

static void
family_items(struct ctx *c)
{
	const struct person *p = c->p;
	struct rng *r = c->r;
	int by = day_year(p->dob);
	int age = day_year(c->o->today) - by;
	const char *fam = p->name.family;
	relative(c, "Cha", 'M', fam, by - rng_range(r, 22, 38), NULL);
	relative(c, "Mẹ", 'F', NULL, by - rng_range(r, 19, 35), NULL);
	int siblings = (int)rng_below(r, 5);
	for (int i = 0; i < siblings; i++) {
		int y = by + rng_range(r, -10, 10);
		if (y == by)
			y++;
		char sx = rng_chance(r, 0.5) ? 'M' : 'F';
		const char *rel = y < by ? (sx == 'M' ? "Anh ruột" : "Chị ruột") : "Em ruột";
		relative(c, rel, sx, fam, y, NULL);
	}
	if (age < 24 || !rng_chance(r, 0.85))
		return;
	char ssx = p->sex == 'M' ? 'F' : 'M';
	int sy = by + (p->sex == 'M' ? rng_range(r, 0, 6) : rng_range(r, -6, 0));
	static struct line spouse;
	relative(c, p->sex == 'M' ? "Vợ" : "Chồng", ssx, NULL, sy, &spouse);
	/* The spouse's family name: the first word of the spouse's name. */
	char sfam[32];
	const char *sp = strchr(spouse.buf, ' ');
	size_t fl = sp != NULL ? (size_t)(sp - spouse.buf) : 0;
	if (fl >= sizeof sfam)
		fl = 0;
	memcpy(sfam, spouse.buf, fl);
	sfam[fl] = '\0';
	int married = by + rng_range(r, 23, age < 32 ? age : 32);
	int children = (int)rng_below(r, 4);
	for (int i = 0; i < children; i++) {
		int y = married + 1 + i * rng_range(r, 2, 5);
		if (y > day_year(c->o->today))
			break;
		char cs = rng_chance(r, 0.5) ? 'M' : 'F';
		relative(c, "Con", cs, p->sex == 'M' ? fam : (fl ? sfam : NULL), y, NULL);
	}
	relative(c, p->sex == 'M' ? "Cha vợ" : "Cha chồng", 'M', fl ? sfam : NULL,
	    sy - rng_range(r, 22, 38), NULL);
	relative(c, p->sex == 'M' ? "Mẹ vợ" : "Mẹ chồng", 'F', NULL,
	    sy - rng_range(r, 19, 35), NULL);
}

void
items_write(struct rng *r, const struct orgs *os, const struct gen_opts *o,
    const struct person *p, struct out *items, long *count)
{
	static struct ctx c;	/* two 8 KiB lines: not on the stack */
	c.r = r;
	c.os = os;
	c.o = o;
	c.p = p;
	c.out = items;
	c.count = count;
	c.keep = o->items_per_person / 30.0;
	if (c.keep <= 0)
		return;
	c.rows = 0;
	family_items(&c);
	work_items(&c);
	training_items(&c);
	salary_items(&c);
	assessment_items(&c);
	reward_items(&c);
	discipline_items(&c);
	/* More than the natural thirty: the same life, with more short courses. */
	if (c.keep > 1)
		courses(&c, (int)(c.rows * (c.keep - 1) + 0.5));
}
