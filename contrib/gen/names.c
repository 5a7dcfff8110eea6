/*
 * Vietnamese names: family name, middle name(s) by sex, given name, in NFC.
 * Family-name shares follow the usual figures for the whole population (Nguyễn
 * about 38 %, Trần 11 %, Lê 9.5 %, Phạm 7 %, Hoàng/Huỳnh 5 %, then Phan, Vũ/Võ,
 * Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý): the Kinh table aims a little higher because
 * some people of ethnic minorities carry their own family names (Lò, Giàng,
 * Thạch, Niê…). Hoàng/Huỳnh and Vũ/Võ are one name spelt differently in the north
 * and the south, so the spelling follows the birthplace. "Văn" and "Thị" grow
 * rarer among the young.
 */
#include "gen.h"
#include "core/text.h"
#include <stdlib.h>
#include <string.h>

struct wname {
	const char *s;
	uint32_t    w;
};

static const struct wname family_kinh[] = {
	{"Nguyễn", 410}, {"Trần", 115}, {"Lê", 98}, {"Phạm", 72}, {"Hoàng", 52},
	{"Phan", 45}, {"Vũ", 40}, {"Đặng", 21}, {"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13},
	{"Ngô", 13}, {"Dương", 10}, {"Lý", 5}, {"Đinh", 7}, {"Trịnh", 6}, {"Đoàn", 6},
	{"Lương", 5}, {"Mai", 5}, {"Cao", 4}, {"Lâm", 4}, {"Hà", 4}, {"Tô", 3},
	{"Chu", 3}, {"Lưu", 3}, {"Tạ", 2}, {"Thái", 2}, {"Kiều", 2}, {"Quách", 2},
	{"Triệu", 2}, {"Vương", 2}, {"La", 1}, {"Hứa", 1}, {"Từ", 1}, {"Châu", 2},
	{"Tăng", 1}, {"Nghiêm", 1}, {"Khúc", 1}, {"Phùng", 2}, {"Giang", 1}, {"Đàm", 1},
};

static const struct wname middle_m[] = {
	{"Văn", 30}, {"Hữu", 6}, {"Đức", 8}, {"Minh", 8}, {"Quang", 6}, {"Thanh", 5},
	{"Ngọc", 4}, {"Xuân", 4}, {"Công", 5}, {"Duy", 4}, {"Tiến", 3}, {"Trọng", 3},
	{"Đình", 5}, {"Mạnh", 3}, {"Hoàng", 3}, {"Anh", 3}, {"Quốc", 4}, {"Thế", 3},
	{"Bá", 2}, {"Việt", 3}, {"Tuấn", 2}, {"Hải", 2}, {"Trung", 2}, {"Kim", 1},
	{"Nhật", 2}, {"Gia", 2},
};

static const struct wname middle_f[] = {
	{"Thị", 45}, {"Ngọc", 6}, {"Thu", 6}, {"Thanh", 5}, {"Minh", 3}, {"Phương", 4},
	{"Hồng", 4}, {"Kim", 3}, {"Thùy", 4}, {"Mai", 2}, {"Bích", 3}, {"Khánh", 2},
	{"Hải", 2}, {"Hoài", 2}, {"Lan", 1}, {"Diệu", 2}, {"Tuyết", 1}, {"Quỳnh", 2},
	{"Như", 2}, {"Bảo", 2}, {"Thảo", 2}, {"Hà", 1}, {"Ánh", 1},
};

static const struct wname given_m[] = {
	{"Anh", 4}, {"Bảo", 2}, {"Bình", 3}, {"Cường", 3}, {"Dũng", 4}, {"Duy", 2},
	{"Đạt", 3}, {"Đức", 4}, {"Hải", 4}, {"Hiếu", 3}, {"Hoàng", 2}, {"Hùng", 4},
	{"Huy", 3}, {"Khánh", 2}, {"Khoa", 2}, {"Kiên", 2}, {"Long", 3}, {"Lâm", 2},
	{"Mạnh", 2}, {"Minh", 4}, {"Nam", 4}, {"Nghĩa", 2}, {"Phong", 2}, {"Phúc", 2},
	{"Quang", 3}, {"Quân", 2}, {"Sơn", 4}, {"Tài", 2}, {"Thành", 4}, {"Thắng", 3},
	{"Thịnh", 2}, {"Toàn", 2}, {"Trung", 3}, {"Tuấn", 4}, {"Tùng", 3}, {"Việt", 2},
	{"Vinh", 2}, {"Hưng", 3}, {"Hiển", 1}, {"Thanh", 2}, {"Tâm", 2}, {"Hậu", 1},
	{"Lợi", 1}, {"Tiến", 2}, {"Trí", 1}, {"Khải", 1}, {"Nhân", 1}, {"Hòa", 2},
	{"Phương", 1}, {"Công", 1}, {"Chiến", 2}, {"Định", 1}, {"Giang", 1}, {"Hào", 1},
	{"Lực", 1}, {"Tú", 2}, {"Thái", 1}, {"Trường", 2}, {"Vũ", 1}, {"Tuyến", 1},
};

static const struct wname given_f[] = {
	{"Anh", 3}, {"Chi", 2}, {"Dung", 2}, {"Giang", 2}, {"Hà", 3}, {"Hạnh", 2},
	{"Hằng", 3}, {"Hiền", 2}, {"Hoa", 3}, {"Hồng", 2}, {"Huệ", 2}, {"Hương", 4},
	{"Huyền", 2}, {"Lan", 3}, {"Liên", 2}, {"Linh", 3}, {"Loan", 2}, {"Mai", 2},
	{"My", 1}, {"Nga", 2}, {"Ngân", 1}, {"Ngọc", 2}, {"Nhung", 2}, {"Oanh", 1},
	{"Phương", 2}, {"Quỳnh", 2}, {"Tâm", 1}, {"Thảo", 3}, {"Thu", 2}, {"Thủy", 3},
	{"Trang", 4}, {"Trinh", 1}, {"Tuyết", 1}, {"Uyên", 1}, {"Vân", 2}, {"Yến", 2},
	{"Thúy", 2}, {"Lý", 1}, {"Diệp", 1}, {"Nhàn", 1}, {"Hoài", 1}, {"Thơm", 1},
	{"Xuân", 1}, {"Hậu", 1}, {"Duyên", 2}, {"Minh", 1}, {"Ánh", 1}, {"Lệ", 1},
	{"Nguyệt", 1}, {"Thắm", 1}, {"Hòa", 1}, {"Lụa", 1},
};

enum name_style {
	NS_KINH, NS_THAI, NS_TAY, NS_MUONG, NS_HMONG, NS_DAO, NS_KHMER, NS_EDE,
	NS_JRAI, NS_HOA, NS_NSTYLES
};

/* Family names some groups keep; NULL-terminated. */
static const char *const style_family[NS_NSTYLES][9] = {
	[NS_THAI] = {"Lò", "Lường", "Cầm", "Vi", "Quàng", "Hà", "Lê", NULL},
	[NS_TAY] = {"Nông", "Hoàng", "Lương", "Ma", "Hà", "Đàm", "Lục", "Bế", NULL},
	[NS_MUONG] = {"Bùi", "Đinh", "Quách", "Hà", "Xa", "Cao", NULL},
	[NS_HMONG] = {"Giàng", "Sùng", "Vàng", "Thào", "Lý", "Hầu", "Mùa", "Lầu", NULL},
	[NS_DAO] = {"Triệu", "Bàn", "Lý", "Đặng", "Phùng", "Chảo", NULL},
	[NS_KHMER] = {"Thạch", "Sơn", "Danh", "Kim", "Lâm", "Châu", "Trà", NULL},
	[NS_EDE] = {"Niê", "Mlô", "Byă", "Êban", "Adrơng", "Ksơr", "Êcăm", "Hđơk", NULL},
	[NS_JRAI] = {"Ksor", "Rơ Mah", "Siu", "Nay", "Rah Lan", "Kpă", "Rơ Chăm", NULL},
	[NS_HOA] = {"Lưu", "Trương", "Quách", "Tăng", "Mã", "Lý", "Hứa", NULL},
};
static const char *const highland_given_m[] = {
	"Bih", "Khoa", "Ngông", "Moan", "Jút", "Thông", "Blô", "Kông", "Phi", "Tơn",
};
static const char *const highland_given_f[] = {
	"Hen", "Nhi", "Yam", "Blăng", "Dung", "Hiền", "Ly", "Nga", "Bia", "Rin",
};
static const char *const hmong_given_m[] = {
	"A Dình", "A Chứ", "Seo Páo", "A Sính", "Mí Pó", "A Dế", "Seo Lử", "A Tủa",
};
static const char *const hmong_given_f[] = {
	"Thị Mỷ", "Thị Dở", "Thị Sua", "Thị Chía", "Thị Mai", "Thị Dua", "Thị Pà",
};

const struct ethnic ethnics[] = {
	{"Kinh", NS_KINH}, {"Tày", NS_TAY}, {"Thái", NS_THAI}, {"Mường", NS_MUONG},
	{"Khơ-me", NS_KHMER}, {"Hoa", NS_HOA}, {"Nùng", NS_TAY}, {"Mông", NS_HMONG},
	{"Dao", NS_DAO}, {"Gia-rai", NS_JRAI}, {"Ê-đê", NS_EDE}, {"Ba-na", NS_JRAI},
	{"Sán Chay", NS_TAY}, {"Chăm", NS_KINH}, {"Cơ-ho", NS_JRAI}, {"Xơ-đăng", NS_JRAI},
	{"Sán Dìu", NS_DAO}, {"Hrê", NS_JRAI}, {"Ra-glai", NS_JRAI}, {"Mnông", NS_EDE},
	{"Xtiêng", NS_JRAI}, {"Khơ-mú", NS_THAI}, {"Bru-Vân Kiều", NS_KINH},
	{"Cơ-tu", NS_KINH}, {"Giáy", NS_TAY}, {"Tà-ôi", NS_KINH}, {"Mạ", NS_JRAI},
	{"Giẻ-Triêng", NS_JRAI}, {"Chơ-ro", NS_JRAI}, {"Hà Nhì", NS_HMONG},
	{"Lô Lô", NS_HMONG}, {"La Chí", NS_TAY},
};
const int n_ethnics = sizeof ethnics / sizeof ethnics[0];

/* Per-mille shares of each group among public staff of a region. */
static const struct wname ethnic_mix[REG_NREGIONS][14] = {
	[REG_DELTA] = {{"Kinh", 985}, {"Tày", 3}, {"Mường", 4}, {"Hoa", 3}, {"Nùng", 2},
	    {"Thái", 1}, {"Dao", 2}},
	[REG_NORTH_HILLS] = {{"Kinh", 450}, {"Tày", 150}, {"Thái", 110}, {"Mường", 90},
	    {"Nùng", 70}, {"Mông", 60}, {"Dao", 50}, {"Sán Chay", 5}, {"Giáy", 5},
	    {"Hà Nhì", 3}, {"Khơ-mú", 3}, {"Lô Lô", 2}, {"La Chí", 2}, {"Sán Dìu", 3}},
	[REG_NORTH_CENTRAL] = {{"Kinh", 900}, {"Thái", 40}, {"Mường", 40}, {"Khơ-mú", 5},
	    {"Mông", 5}, {"Bru-Vân Kiều", 5}, {"Tà-ôi", 3}, {"Cơ-tu", 2}},
	[REG_CENTRAL_COAST] = {{"Kinh", 920}, {"Cơ-tu", 10}, {"Hrê", 15}, {"Ra-glai", 15},
	    {"Chăm", 15}, {"Xơ-đăng", 10}, {"Ba-na", 5}, {"Cơ-ho", 5}, {"Giẻ-Triêng", 5}},
	[REG_HIGHLANDS] = {{"Kinh", 740}, {"Gia-rai", 70}, {"Ê-đê", 70}, {"Ba-na", 30},
	    {"Cơ-ho", 30}, {"Mnông", 20}, {"Tày", 15}, {"Nùng", 15}, {"Mạ", 5},
	    {"Xơ-đăng", 5}, {"Thái", 3}, {"Mông", 3}, {"Dao", 3}},
	[REG_SOUTH_EAST] = {{"Kinh", 955}, {"Hoa", 30}, {"Khơ-me", 5}, {"Chơ-ro", 3},
	    {"Xtiêng", 3}, {"Chăm", 2}, {"Tày", 1}, {"Nùng", 1}},
	[REG_MEKONG] = {{"Kinh", 890}, {"Khơ-me", 95}, {"Hoa", 12}, {"Chăm", 3}},
};
static uint32_t w_ethnic[REG_NREGIONS][64];

static uint32_t w_family[64], w_mm[64], w_mf[64], w_gm[64], w_gf[64];
static char *fold_gm[64], *fold_gf[64];
#define N(a) ((int)(sizeof a / sizeof a[0]))

static void
weights(const struct wname *t, int n, uint32_t *w)
{
	for (int i = 0; i < n; i++)
		w[i] = t[i].w;
}

void
names_init(void)
{
	weights(family_kinh, N(family_kinh), w_family);
	weights(middle_m, N(middle_m), w_mm);
	weights(middle_f, N(middle_f), w_mf);
	weights(given_m, N(given_m), w_gm);
	weights(given_f, N(given_f), w_gf);
	for (int i = 0; i < N(given_m); i++)
		fold_gm[i] = text_fold_new(given_m[i].s);
	for (int i = 0; i < N(given_f); i++)
		fold_gf[i] = text_fold_new(given_f[i].s);
	for (int g = 0; g < REG_NREGIONS; g++)
		for (int k = 0; k < N(ethnic_mix[g]) && ethnic_mix[g][k].s != NULL; k++) {
			int e = 0;
			while (e < n_ethnics && strcmp(ethnics[e].label, ethnic_mix[g][k].s) != 0)
				e++;
			if (e == n_ethnics)
				abort();	/* a typo in the table */
			w_ethnic[g][e] = ethnic_mix[g][k].w;
		}
}

int
ethnic_draw(struct rng *r, int reg)
{
	return rng_weighted(r, w_ethnic[reg], n_ethnics);
}

/* The spelling of Hoàng and Vũ by where one was born. */
static const char *
family_spelling(struct rng *r, const char *f, bool south)
{
	double p = south ? 0.75 : 0.08;
	if (strcmp(f, "Hoàng") == 0 && rng_chance(r, p))
		return "Huỳnh";
	if (strcmp(f, "Vũ") == 0 && rng_chance(r, p))
		return "Võ";
	return f;
}

static const char *
kinh_family(struct rng *r, bool south)
{
	return family_spelling(r, family_kinh[rng_weighted(r, w_family, N(family_kinh))].s,
	    south);
}

/* First letter of a word, folded to ASCII lower case ("Đặng" -> 'd'). */
static char
initial(const char *w)
{
	unsigned char c = (unsigned char)w[0];
	if (c < 0x80)
		return (char)(c | 0x20);
	if (strncmp(w, "Đ", strlen("Đ")) == 0)
		return 'd';
	char *f = text_fold_new(w);	/* rare: only names starting with a marked letter */
	char i = f && f[0] ? f[0] : 'x';
	free(f);
	return i;
}

static int
middle_pick(struct rng *r, char sex, int birth_year)
{
	/* Văn/Thị (index 0) are the middle names of older generations. */
	double old = birth_year < 1975 ? 0.45 : birth_year < 1990 ? 0.3 : 0.12;
	if (rng_chance(r, old))
		return 0;
	return sex == 'M' ? rng_weighted(r, w_mm, N(middle_m))
	    : rng_weighted(r, w_mf, N(middle_f));
}

void
name_make(struct rng *r, char sex, int ethnic, int birth_year, bool south,
    struct person_name *n)
{
	struct line l;
	int style = ethnics[ethnic].name_style;
	const char *family = NULL;
	bool own = style != NS_KINH && rng_chance(r, 0.6);

	line_reset(&l);
	if (own && (style == NS_EDE)) {
		/* "Y Bih Niê", "H'Nhi Mlô": the family name comes last. */
		family = style_family[style][rng_below(r, 8)];
		const char *g = sex == 'M' ? highland_given_m[rng_below(r, 10)]
		    : highland_given_f[rng_below(r, 10)];
		line_add(&l, sex == 'M' ? "Y " : "H'");
		line_add(&l, g);
		line_addc(&l, ' ');
		line_add(&l, family);
		str_copy(n->full, sizeof n->full, l.buf);
		str_copy(n->family, sizeof n->family, family);
		str_copy(n->given, sizeof n->given, g);
		char *fg = text_fold_new(g);
		str_copy(n->ascii_given, sizeof n->ascii_given, fg ? fg : "x");
		free(fg);
		n->ascii_initials[0] = sex == 'M' ? 'y' : 'h';
		n->ascii_initials[1] = '\0';
		return;
	}
	if (own) {
		int k = 0;
		while (style_family[style][k] != NULL)
			k++;
		family = style_family[style][rng_below(r, (uint32_t)k)];
	} else
		family = kinh_family(r, south);
	line_add(&l, family);
	char ini[8];
	int ni = 0;
	ini[ni++] = initial(family);

	const char *given;
	int gi;
	if (own && style == NS_HMONG) {
		const char *mg = sex == 'M' ? hmong_given_m[rng_below(r, 8)]
		    : hmong_given_f[rng_below(r, 7)];
		line_addc(&l, ' ');
		line_add(&l, mg);
		given = strrchr(mg, ' ') + 1;
		ini[ni++] = initial(mg);
		char *fg = text_fold_new(given);
		str_copy(n->ascii_given, sizeof n->ascii_given, fg ? fg : "x");
		free(fg);
	} else {
		int mi = middle_pick(r, sex, birth_year);
		const char *mid = sex == 'M' ? middle_m[mi].s : middle_f[mi].s;
		line_addc(&l, ' ');
		line_add(&l, mid);
		ini[ni++] = initial(mid);
		/* "Nguyễn Thị Thu Hà": a second middle name after Thị, now and then. */
		if (sex == 'F' && mi == 0 && rng_chance(r, 0.15)) {
			int m2 = 1 + (int)rng_below(r, (uint32_t)N(middle_f) - 1);
			line_addc(&l, ' ');
			line_add(&l, middle_f[m2].s);
			ini[ni++] = initial(middle_f[m2].s);
		}
		if (sex == 'M') {
			gi = rng_weighted(r, w_gm, N(given_m));
			given = given_m[gi].s;
			str_copy(n->ascii_given, sizeof n->ascii_given, fold_gm[gi]);
		} else {
			gi = rng_weighted(r, w_gf, N(given_f));
			given = given_f[gi].s;
			str_copy(n->ascii_given, sizeof n->ascii_given, fold_gf[gi]);
		}
		/* Avoid "Văn Văn" or "Thu Thu" */
		if (strcmp(given, mid) == 0) {
			given = sex == 'M' ? "Tuấn" : "Hương";
			str_copy(n->ascii_given, sizeof n->ascii_given, sex == 'M' ? "tuan" : "huong");
		}
		line_addc(&l, ' ');
		line_add(&l, given);
	}
	ini[ni] = '\0';
	str_copy(n->full, sizeof n->full, l.buf);
	str_copy(n->family, sizeof n->family, family);
	str_copy(n->given, sizeof n->given, given);
	str_copy(n->ascii_initials, sizeof n->ascii_initials, ini);
}

void
name_relative(struct rng *r, char sex, const char *family, int birth_year, bool south,
    struct line *l)
{
	line_add(l, family != NULL ? family : kinh_family(r, south));
	int mi = middle_pick(r, sex, birth_year);
	line_addc(l, ' ');
	line_add(l, sex == 'M' ? middle_m[mi].s : middle_f[mi].s);
	line_addc(l, ' ');
	line_add(l, sex == 'M' ? given_m[rng_weighted(r, w_gm, N(given_m))].s
	    : given_f[rng_weighted(r, w_gf, N(given_f))].s);
}
