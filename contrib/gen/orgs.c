/*
 * The agency tree: central ministries with their departments and units, and the
 * 34 provinces, each with its People's Committee, office, departments (Sở), their
 * schools and hospitals, and communes with their schools and health stations.
 * Codes follow QCVN 102:2016 (LLL.LL.LL.XNN, the level-1 code last): a province
 * is 000.00.00.Hnn, its departments 000.00.NN.Hnn, a department's units
 * 000.MM.NN.Hnn, its communes 000.00.1NN.Hnn and a commune's units 000.MM.1NN.Hnn.
 *
 * Size: about one agency per 250 people. Every possible agency is listed with a
 * rank (how early it appears as a tree grows: the People's Committee first, then
 * the departments, then communes, schools and hospitals interleaved); each
 * province keeps the lowest-ranked ones up to its share, parents always before
 * their children, because a child's rank is never below its parent's.
 */
#include "gen.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* People per agency of each kind, relative. */
static const uint32_t kind_weight[OK_NKINDS] = {
	[OK_MINISTRY] = 40, [OK_MINISTRY_DEPT] = 50, [OK_CENTRAL_UNIT] = 600,
	[OK_PROVINCE] = 25, [OK_PROVINCE_OFFICE] = 60, [OK_DEPT] = 60,
	[OK_DEPT_EDU] = 50, [OK_DEPT_HEALTH] = 50, [OK_HIGH_SCHOOL] = 60,
	[OK_HOSPITAL] = 280, [OK_HEALTH_CENTRE] = 110, [OK_DEPT_UNIT] = 25,
	[OK_COMMUNE] = 24, [OK_PRESCHOOL] = 25, [OK_PRIMARY] = 35,
	[OK_LOWER_SECONDARY] = 35, [OK_COMMUNE_CLINIC] = 7,
};

const char *
org_kind_name(enum org_kind k)
{
	switch (k) {
	case OK_MINISTRY:		return "ministry";
	case OK_PROVINCE:		return "province";
	case OK_MINISTRY_DEPT:
	case OK_PROVINCE_OFFICE:
	case OK_DEPT:
	case OK_DEPT_EDU:
	case OK_DEPT_HEALTH:		return "department";
	case OK_COMMUNE:		return "commune";
	case OK_HIGH_SCHOOL:
	case OK_PRESCHOOL:
	case OK_PRIMARY:
	case OK_LOWER_SECONDARY:	return "school";
	case OK_HOSPITAL:
	case OK_HEALTH_CENTRE:
	case OK_COMMUNE_CLINIC:		return "hospital";
	case OK_CENTRAL_UNIT:
	case OK_DEPT_UNIT:
	case OK_NKINDS:			break;
	}
	return "public_unit";
}

struct ministry {
	const char *g;			/* level-1 code */
	const char *domain;
	const char *name;
	const char *depts[4];		/* beside the common ones */
	const char *units[6];		/* public service units directly under it */
};

static const struct ministry ministries[] = {
	{"G14", "moha.gov.vn", "Bộ Nội vụ", {"Vụ Công chức – Viên chức", "Vụ Tiền lương",
	    "Cục Văn thư và Lưu trữ nhà nước", NULL}, {NULL}},
	{"G01", "chinhphu.vn", "Văn phòng Chính phủ", {"Vụ Tổng hợp", "Cục Kiểm soát thủ tục hành chính",
	    NULL}, {NULL}},
	{"G02", "mofa.gov.vn", "Bộ Ngoại giao", {"Cục Lãnh sự", "Vụ Lễ tân Nhà nước", NULL},
	    {"Học viện Ngoại giao", NULL}},
	{"G03", "moj.gov.vn", "Bộ Tư pháp", {"Cục Hộ tịch, quốc tịch, chứng thực",
	    "Cục Quản lý thi hành án dân sự", NULL}, {"Trường Đại học Luật Hà Nội", NULL}},
	{"G06", "mof.gov.vn", "Bộ Tài chính", {"Cục Thuế", "Cục Hải quan", "Kho bạc Nhà nước", NULL},
	    {"Học viện Tài chính", NULL}},
	{"G07", "moit.gov.vn", "Bộ Công Thương", {"Cục Xuất nhập khẩu", "Cục Công nghiệp", NULL},
	    {"Trường Đại học Điện lực", NULL}},
	{"G08", "mae.gov.vn", "Bộ Nông nghiệp và Môi trường", {"Cục Trồng trọt và Bảo vệ thực vật",
	    "Cục Lâm nghiệp và Kiểm lâm", "Cục Quản lý đất đai", NULL},
	    {"Trường Đại học Thủy lợi", NULL}},
	{"G09", "moc.gov.vn", "Bộ Xây dựng", {"Cục Đường bộ Việt Nam", "Cục Hàng hải và Đường thủy Việt Nam",
	    NULL}, {"Trường Đại học Xây dựng Hà Nội", NULL}},
	{"G10", "moet.gov.vn", "Bộ Giáo dục và Đào tạo", {"Vụ Giáo dục Mầm non",
	    "Cục Nhà giáo và Cán bộ quản lý giáo dục", "Cục Quản lý chất lượng", NULL},
	    {"Trường Đại học Sư phạm Hà Nội", "Trường Đại học Kinh tế Quốc dân",
	    "Trường Đại học Bách khoa Hà Nội", "Trường Đại học Cần Thơ", "Trường Đại học Vinh",
	    NULL}},
	{"G11", "moh.gov.vn", "Bộ Y tế", {"Cục Quản lý Khám, chữa bệnh", "Cục Quản lý Dược",
	    "Cục Phòng bệnh", NULL},
	    {"Bệnh viện Bạch Mai", "Bệnh viện Chợ Rẫy", "Bệnh viện Trung ương Huế",
	    "Bệnh viện Hữu nghị Việt Đức", "Bệnh viện Nhi Trung ương", "Bệnh viện K"}},
	{"G12", "mst.gov.vn", "Bộ Khoa học và Công nghệ", {"Cục Sở hữu trí tuệ",
	    "Cục Chuyển đổi số quốc gia", NULL}, {"Học viện Công nghệ Bưu chính Viễn thông", NULL}},
	{"G13", "bvhttdl.gov.vn", "Bộ Văn hóa, Thể thao và Du lịch", {"Cục Di sản văn hóa",
	    "Cục Thể dục thể thao", NULL}, {"Thư viện Quốc gia Việt Nam", NULL}},
	{"G15", "mdtg.gov.vn", "Bộ Dân tộc và Tôn giáo", {"Ban Tôn giáo Chính phủ", "Vụ Chính sách dân tộc",
	    NULL}, {"Học viện Dân tộc", NULL}},
	{"G16", "sbv.gov.vn", "Ngân hàng Nhà nước Việt Nam", {"Vụ Chính sách tiền tệ",
	    "Cục Quản lý ngoại hối", NULL}, {"Học viện Ngân hàng", NULL}},
	{"G17", "thanhtra.gov.vn", "Thanh tra Chính phủ", {"Cục Giải quyết khiếu nại, tố cáo", NULL}, {NULL}},
};
#define NMINISTRIES ((int)(sizeof ministries / sizeof ministries[0]))

static const char *const common_depts[] = {
	"Văn phòng", "Vụ Tổ chức cán bộ", "Vụ Pháp chế", "Vụ Kế hoạch – Tài chính",
	"Thanh tra", "Vụ Hợp tác quốc tế",
};

/* Provincial departments after the 2025 reorganisation; the first is code 02. */
static const struct {
	const char   *name;
	enum org_kind kind;
} depts[] = {
	{"Sở Nội vụ", OK_DEPT}, {"Sở Giáo dục và Đào tạo", OK_DEPT_EDU},
	{"Sở Y tế", OK_DEPT_HEALTH}, {"Sở Tài chính", OK_DEPT}, {"Sở Tư pháp", OK_DEPT},
	{"Sở Nông nghiệp và Môi trường", OK_DEPT}, {"Sở Xây dựng", OK_DEPT},
	{"Sở Công Thương", OK_DEPT}, {"Sở Khoa học và Công nghệ", OK_DEPT},
	{"Sở Văn hóa, Thể thao và Du lịch", OK_DEPT}, {"Thanh tra", OK_DEPT},
	{"Sở Dân tộc và Tôn giáo", OK_DEPT},
};
#define NDEPTS ((int)(sizeof depts / sizeof depts[0]))
#define DEPT_EDU 1
#define DEPT_HEALTH 2

static const char *const school_patrons[] = {
	"Nguyễn Du", "Lê Quý Đôn", "Trần Phú", "Phan Bội Châu", "Nguyễn Trãi",
	"Lê Hồng Phong", "Chu Văn An", "Hùng Vương", "Quang Trung", "Nguyễn Huệ",
	"Trần Hưng Đạo", "Lý Thường Kiệt", "Nguyễn Bỉnh Khiêm", "Phan Đình Phùng",
	"Lê Lợi", "Ngô Quyền", "Nguyễn Thị Minh Khai", "Võ Thị Sáu", "Huỳnh Thúc Kháng",
	"Phan Chu Trinh",
};
#define NPATRONS ((int)(sizeof school_patrons / sizeof school_patrons[0]))

static const char *const dept_units[][3] = {	/* by index into depts */
	{"Trung tâm Lưu trữ lịch sử", NULL, NULL},
	{NULL, NULL, NULL}, {NULL, NULL, NULL}, {NULL, NULL, NULL},
	{"Trung tâm Trợ giúp pháp lý nhà nước", NULL, NULL},
	{"Trung tâm Khuyến nông", "Ban Quản lý rừng phòng hộ", NULL},
	{"Trung tâm Kiểm định chất lượng công trình xây dựng", NULL, NULL},
	{"Trung tâm Khuyến công và Xúc tiến thương mại", NULL, NULL},
	{"Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", NULL, NULL},
	{"Thư viện", "Bảo tàng", "Trung tâm Văn hóa"},
	{NULL, NULL, NULL}, {NULL, NULL, NULL},
};

struct cand {
	struct org o;
	int        rank;
	int        order;	/* position as listed: parents before children */
	int        parent;	/* index into the candidate array, -1: none */
	uint32_t   weight;
};

struct cands {
	struct cand *v;
	int          n, cap;
};

static int
cand_add(struct cands *cs, int parent, int rank, enum org_kind kind, int level,
    int province, const char *code, const char *name)
{
	const char *domain = parent >= 0 ? cs->v[parent].o.domain : NULL;
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 256;
		cs->v = xrealloc(cs->v, (size_t)cs->cap * sizeof *cs->v);
	}
	struct cand *c = &cs->v[cs->n];
	memset(c, 0, sizeof *c);
	snprintf(c->o.code, sizeof c->o.code, "%s", code);
	snprintf(c->o.name, sizeof c->o.name, "%s", name);
	c->o.kind = kind;
	c->o.level = level;
	c->o.province = province;
	c->o.domain = domain != NULL ? domain : province >= 0 ?
	    new_provinces[province].domain : "chinhphu.vn";
	c->parent = parent;
	c->rank = parent >= 0 && cs->v[parent].rank > rank ? cs->v[parent].rank : rank;
	c->order = cs->n;
	c->weight = kind_weight[kind];
	return cs->n++;
}

static int
cand_by_rank(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
cand_by_order(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Keep the `budget` lowest-ranked candidates and append them to os in listing order. */
static void
cands_take(struct cands *cs, int budget, struct orgs *os)
{
	if (budget > cs->n)
		budget = cs->n;
	qsort(cs->v, (size_t)cs->n, sizeof *cs->v, cand_by_rank);
	qsort(cs->v, (size_t)budget, sizeof *cs->v, cand_by_order);
	/* Map candidate order -> index in os. Orders are unique and < n. */
	int *map = xmalloc((size_t)(cs->n > 0 ? cs->n : 1) * sizeof *map);
	for (int i = 0; i < cs->n; i++)
		map[i] = -1;
	for (int i = 0; i < budget; i++) {
		if (os->n == os->cap) {
			os->cap = os->cap ? os->cap * 2 : 256;
			os->v = xrealloc(os->v, (size_t)os->cap * sizeof *os->v);
			os->cdf = xrealloc(os->cdf, (size_t)os->cap * sizeof *os->cdf);
		}
		struct cand *c = &cs->v[i];
		/* c->parent is the parent's order (set by the caller before sorting). */
		c->o.parent = c->parent >= 0 ? map[c->parent] : -1;
		map[c->order] = os->n;
		os->cdf[os->n] = (os->n > 0 ? os->cdf[os->n - 1] : 0) + c->weight;
		os->v[os->n++] = c->o;
	}
	free(map);
	cs->n = 0;
}

/* A place name in a buffer small enough for the names built around it. */
static void
place(unsigned long k, char out[48])
{
	struct line l;
	line_reset(&l);
	place_name(k, &l);
	size_t n = l.len < 47 ? l.len : 47;
	memcpy(out, l.buf, n);
	out[n] = '\0';
}

static void
ministry_cands(struct cands *cs)
{
	char code[36], name[160];
	for (int m = 0; m < NMINISTRIES; m++) {
		const struct ministry *mi = &ministries[m];
		snprintf(code, sizeof code, "000.00.00.%s", mi->g);
		int root = cand_add(cs, -1, m / 4, OK_MINISTRY, 1, -1, code, mi->name);
		cs->v[root].o.domain = mi->domain;
		int nn = 1;
		for (int d = 0; d < 6; d++) {
			snprintf(code, sizeof code, "000.00.%02d.%s", nn++, mi->g);
			if (d == 0 || d == 4)	/* "Văn phòng Bộ Y tế", "Thanh tra Bộ Y tế" */
				snprintf(name, sizeof name, "%s %s", common_depts[d], mi->name);
			else
				snprintf(name, sizeof name, "%s, %s", common_depts[d], mi->name);
			cand_add(cs, root, 4 + d * 3 + m % 3, OK_MINISTRY_DEPT, 2, -1, code, name);
		}
		for (int d = 0; d < 4 && mi->depts[d] != NULL; d++) {
			snprintf(code, sizeof code, "000.00.%02d.%s", nn++, mi->g);
			cand_add(cs, root, 2 + d * 3, OK_MINISTRY_DEPT, 2, -1, code, mi->depts[d]);
		}
		for (int u = 0; u < 6 && mi->units[u] != NULL; u++) {
			snprintf(code, sizeof code, "000.00.%02d.%s", 50 + u, mi->g);
			cand_add(cs, root, 3 + u * 3, OK_CENTRAL_UNIT, 2, -1, code, mi->units[u]);
		}
	}
}

static void
province_cands(struct cands *cs, int p, struct rng *r)
{
	const struct new_province *np = &new_provinces[p];
	const char *h = np->hcode;
	char code[36], name[160], where[64], pn[48];

	snprintf(where, sizeof where, "%s %s", np->city ? "thành phố" : "tỉnh", np->name);
	snprintf(code, sizeof code, "000.00.00.%s", h);
	snprintf(name, sizeof name, "Ủy ban nhân dân %s", where);
	int root = cand_add(cs, -1, 0, OK_PROVINCE, 1, p, code, name);
	snprintf(code, sizeof code, "000.00.01.%s", h);
	snprintf(name, sizeof name, "Văn phòng Ủy ban nhân dân %s", where);
	cand_add(cs, root, 3, OK_PROVINCE_OFFICE, 2, p, code, name);
	int dept[NDEPTS];
	for (int d = 0; d < NDEPTS; d++) {
		snprintf(code, sizeof code, "000.00.%02d.%s", d + 2, h);
		snprintf(name, sizeof name, "%s %s", depts[d].name, where);
		/* Home affairs first, then education and health, the big employers. */
		int rank = d == 0 ? 1 : d <= 2 ? 2 : 4 + (d - 3) * 4;
		dept[d] = cand_add(cs, root, rank, depts[d].kind, 2, p, code, name);
	}
	/* Units of the departments: schools and hospitals interleave with communes. */
	int communes = 40 + (int)np->pop / 8;	/* about the real count, 60..170 */
	for (int j = 0; j < 99; j++) {
		snprintf(code, sizeof code, "000.%02d.%02d.%s", j + 1, DEPT_EDU + 2, h);
		if (j == 0)
			snprintf(name, sizeof name, "Trường Trung học phổ thông chuyên %s",
			    np->name);
		else if (j <= NPATRONS)
			snprintf(name, sizeof name, "Trường Trung học phổ thông %s",
			    school_patrons[(j - 1 + p) % NPATRONS]);
		else {
			place((unsigned long)(p * 211 + j * 13), pn);
			snprintf(name, sizeof name, "Trường Trung học phổ thông %s", pn);
		}
		cand_add(cs, dept[DEPT_EDU], 7 + j * 12, OK_HIGH_SCHOOL, 3, p, code, name);
	}
	static const char *const hospitals[] = {
		"Bệnh viện Đa khoa", "Bệnh viện Sản – Nhi", "Trung tâm Kiểm soát bệnh tật",
		"Bệnh viện Y học cổ truyền", "Bệnh viện Phổi", "Bệnh viện Mắt",
	};
	for (int j = 0; j < 40; j++) {
		snprintf(code, sizeof code, "000.%02d.%02d.%s", j + 1, DEPT_HEALTH + 2, h);
		enum org_kind k = OK_HOSPITAL;
		if (j < 6)
			snprintf(name, sizeof name, "%s %s", hospitals[j], where);
		else {
			place((unsigned long)(p * 307 + j * 17), pn);
			k = j % 3 == 0 ? OK_HOSPITAL : OK_HEALTH_CENTRE;
			snprintf(name, sizeof name, "%s %s", k == OK_HOSPITAL ?
			    "Bệnh viện Đa khoa khu vực" : "Trung tâm Y tế khu vực", pn);
		}
		cand_add(cs, dept[DEPT_HEALTH], 8 + j * 24, k, 3, p, code, name);
	}
	for (int d = 0; d < NDEPTS; d++)
		for (int u = 0; u < 3 && dept_units[d][u] != NULL; u++) {
			snprintf(code, sizeof code, "000.%02d.%02d.%s", u + 1, d + 2, h);
			snprintf(name, sizeof name, "%s %s", dept_units[d][u], where);
			cand_add(cs, dept[d], 30 + (d + u * NDEPTS) * 20, OK_DEPT_UNIT, 3, p,
			    code, name);
		}
	for (int i = 0; i < communes && i < 899; i++) {
		place((unsigned long)(p * 1013 + i), pn);
		bool ward = rng_chance(r, np->city ? 0.55 : 0.2);
		snprintf(code, sizeof code, "000.00.%03d.%s", 101 + i, h);
		snprintf(name, sizeof name, "Ủy ban nhân dân %s %s", ward ? "phường" : "xã",
		    pn);
		int rank = 6 + i * 6;
		int c = cand_add(cs, root, rank, OK_COMMUNE, 2, p, code, name);
		static const struct {
			const char   *name;
			enum org_kind kind;
		} cu[] = {
			{"Trường Tiểu học", OK_PRIMARY}, {"Trường Trung học cơ sở", OK_LOWER_SECONDARY},
			{"Trường Mầm non", OK_PRESCHOOL}, {"Trạm Y tế", OK_COMMUNE_CLINIC},
		};
		for (int u = 0; u < 4; u++) {
			snprintf(code, sizeof code, "000.%02d.%03d.%s", u + 1, 101 + i, h);
			if (cu[u].kind == OK_COMMUNE_CLINIC)
				snprintf(name, sizeof name, "%s %s %s", cu[u].name,
				    ward ? "phường" : "xã", pn);
			else
				snprintf(name, sizeof name, "%s %s", cu[u].name, pn);
			cand_add(cs, c, rank + 1 + u * 2, cu[u].kind, 3, p, code, name);
		}
	}
}

void
orgs_build(struct orgs *os, long people, long target, struct rng *r)
{
	memset(os, 0, sizeof *os);
	if (target <= 0)
		target = people / 250 < 80 ? 80 : people / 250;
	struct cands cs = {0};
	ministry_cands(&cs);
	int mbudget = (int)(target / 25);
	if (mbudget < 3)
		mbudget = 3;
	cands_take(&cs, mbudget, os);

	uint64_t total = 0;
	for (int p = 0; p < n_new_provinces; p++)
		total += new_provinces[p].pop;
	long left = target - os->n;
	for (int p = 0; p < n_new_provinces; p++) {
		province_cands(&cs, p, r);
		int budget = (int)((uint64_t)left * new_provinces[p].pop / total);
		if (budget < 3)
			budget = 3;
		os->prov_first[p] = os->n;
		cands_take(&cs, budget, os);
		os->prov_end[p] = os->n;
	}
	free(cs.v);
}

void
orgs_write(const struct orgs *os, struct out *o)
{
	struct line l;
	out_puts(o, "code,name,parent_code,kind,level\n");
	for (int i = 0; i < os->n; i++) {
		const struct org *g = &os->v[i];
		line_reset(&l);
		line_add(&l, g->code);
		line_addc(&l, ',');
		line_add_csv(&l, g->name);
		line_addc(&l, ',');
		if (g->parent >= 0)
			line_add(&l, os->v[g->parent].code);
		line_addc(&l, ',');
		line_add(&l, code_of("org_kind", org_kind_name(g->kind)));
		line_addc(&l, ',');
		line_addi(&l, g->level);
		out_line(o, &l);
	}
}

int
orgs_draw(const struct orgs *os, struct rng *r)
{
	uint64_t x = rng_next(r) % os->cdf[os->n - 1];
	int lo = 0, hi = os->n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (os->cdf[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void
orgs_free(struct orgs *os)
{
	free(os->v);
	free(os->cdf);
	memset(os, 0, sizeof *os);
}
