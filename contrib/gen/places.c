/*
 * Provinces: the 63 of ID numbers and birthplaces (Circular 07/2016/TT-BCA, with
 * their 2019 population as a birth weight, in tens of thousands) and the 34 since
 * 1 July 2025 (Resolution 202/2025/QH15, Decision 19/2025/QĐ-TTg), each old
 * province pointing at the province it is part of now. The level-1 agency codes
 * H01..H63 follow the alphabetical order of the 63 provinces, as the codes seen in
 * practice do; a merged province keeps the code of the province whose name it kept.
 *
 * Commune and district names are made from pairs of the syllables that Vietnamese
 * place names are built of ("Tân Hội", "Phú Xuân"), so they read as real ones.
 */
#include "gen.h"

const struct old_province old_provinces[] = {
	{"001", "Hà Nội", true, 0, 805},
	{"002", "Hà Giang", false, 2, 85},
	{"004", "Cao Bằng", false, 1, 53},
	{"006", "Bắc Kạn", false, 7, 31},
	{"008", "Tuyên Quang", false, 2, 78},
	{"010", "Lào Cai", false, 6, 73},
	{"011", "Điện Biên", false, 3, 60},
	{"012", "Lai Châu", false, 4, 46},
	{"014", "Sơn La", false, 5, 125},
	{"015", "Yên Bái", false, 6, 82},
	{"017", "Hòa Bình", false, 10, 85},
	{"019", "Thái Nguyên", false, 7, 129},
	{"020", "Lạng Sơn", false, 8, 78},
	{"022", "Quảng Ninh", false, 9, 132},
	{"024", "Bắc Giang", false, 11, 180},
	{"025", "Phú Thọ", false, 10, 146},
	{"026", "Vĩnh Phúc", false, 10, 115},
	{"027", "Bắc Ninh", false, 11, 137},
	{"030", "Hải Dương", false, 12, 189},
	{"031", "Hải Phòng", true, 12, 203},
	{"033", "Hưng Yên", false, 13, 125},
	{"034", "Thái Bình", false, 13, 186},
	{"035", "Hà Nam", false, 14, 85},
	{"036", "Nam Định", false, 14, 178},
	{"037", "Ninh Bình", false, 14, 98},
	{"038", "Thanh Hóa", false, 15, 364},
	{"040", "Nghệ An", false, 16, 333},
	{"042", "Hà Tĩnh", false, 17, 129},
	{"044", "Quảng Bình", false, 18, 90},
	{"045", "Quảng Trị", false, 18, 63},
	{"046", "Thừa Thiên Huế", false, 19, 113},
	{"048", "Đà Nẵng", true, 20, 113},
	{"049", "Quảng Nam", false, 20, 150},
	{"051", "Quảng Ngãi", false, 21, 123},
	{"052", "Bình Định", false, 23, 149},
	{"054", "Phú Yên", false, 24, 96},
	{"056", "Khánh Hòa", false, 22, 123},
	{"058", "Ninh Thuận", false, 22, 59},
	{"060", "Bình Thuận", false, 25, 123},
	{"062", "Kon Tum", false, 21, 54},
	{"064", "Gia Lai", false, 23, 151},
	{"066", "Đắk Lắk", false, 24, 187},
	{"067", "Đắk Nông", false, 25, 62},
	{"068", "Lâm Đồng", false, 25, 130},
	{"070", "Bình Phước", false, 27, 99},
	{"072", "Tây Ninh", false, 26, 117},
	{"074", "Bình Dương", false, 28, 243},
	{"075", "Đồng Nai", false, 27, 310},
	{"077", "Bà Rịa – Vũng Tàu", false, 28, 115},
	{"079", "Hồ Chí Minh", true, 28, 899},
	{"080", "Long An", false, 26, 169},
	{"082", "Tiền Giang", false, 30, 176},
	{"083", "Bến Tre", false, 29, 129},
	{"084", "Trà Vinh", false, 29, 101},
	{"086", "Vĩnh Long", false, 29, 102},
	{"087", "Đồng Tháp", false, 30, 160},
	{"089", "An Giang", false, 31, 191},
	{"091", "Kiên Giang", false, 31, 172},
	{"092", "Cần Thơ", true, 32, 124},
	{"093", "Hậu Giang", false, 32, 73},
	{"094", "Sóc Trăng", false, 32, 120},
	{"095", "Bạc Liêu", false, 33, 91},
	{"096", "Cà Mau", false, 33, 119},
};
const int n_old_provinces = sizeof old_provinces / sizeof old_provinces[0];

const struct new_province new_provinces[] = {
	{"01", "Hà Nội", true, "H24", "hanoi.gov.vn", 805, REG_DELTA},
	{"04", "Cao Bằng", false, "H14", "caobang.gov.vn", 53, REG_NORTH_HILLS},
	{"08", "Tuyên Quang", false, "H60", "tuyenquang.gov.vn", 163, REG_NORTH_HILLS},
	{"11", "Điện Biên", false, "H18", "dienbien.gov.vn", 60, REG_NORTH_HILLS},
	{"12", "Lai Châu", false, "H35", "laichau.gov.vn", 46, REG_NORTH_HILLS},
	{"14", "Sơn La", false, "H52", "sonla.gov.vn", 125, REG_NORTH_HILLS},
	{"15", "Lào Cai", false, "H38", "laocai.gov.vn", 155, REG_NORTH_HILLS},
	{"19", "Thái Nguyên", false, "H55", "thainguyen.gov.vn", 160, REG_NORTH_HILLS},
	{"20", "Lạng Sơn", false, "H37", "langson.gov.vn", 78, REG_NORTH_HILLS},
	{"22", "Quảng Ninh", false, "H49", "quangninh.gov.vn", 132, REG_DELTA},
	{"25", "Phú Thọ", false, "H44", "phutho.gov.vn", 346, REG_NORTH_HILLS},
	{"27", "Bắc Ninh", false, "H06", "bacninh.gov.vn", 317, REG_DELTA},
	{"31", "Hải Phòng", true, "H27", "haiphong.gov.vn", 392, REG_DELTA},
	{"33", "Hưng Yên", false, "H31", "hungyen.gov.vn", 311, REG_DELTA},
	{"37", "Ninh Bình", false, "H42", "ninhbinh.gov.vn", 361, REG_DELTA},
	{"38", "Thanh Hóa", false, "H56", "thanhhoa.gov.vn", 364, REG_NORTH_CENTRAL},
	{"40", "Nghệ An", false, "H41", "nghean.gov.vn", 333, REG_NORTH_CENTRAL},
	{"42", "Hà Tĩnh", false, "H25", "hatinh.gov.vn", 129, REG_NORTH_CENTRAL},
	{"45", "Quảng Trị", false, "H50", "quangtri.gov.vn", 153, REG_NORTH_CENTRAL},
	{"46", "Huế", true, "H57", "hue.gov.vn", 113, REG_NORTH_CENTRAL},
	{"48", "Đà Nẵng", true, "H15", "danang.gov.vn", 263, REG_CENTRAL_COAST},
	{"51", "Quảng Ngãi", false, "H48", "quangngai.gov.vn", 177, REG_CENTRAL_COAST},
	{"56", "Khánh Hòa", false, "H32", "khanhhoa.gov.vn", 182, REG_CENTRAL_COAST},
	{"64", "Gia Lai", false, "H21", "gialai.gov.vn", 300, REG_HIGHLANDS},
	{"66", "Đắk Lắk", false, "H16", "daklak.gov.vn", 283, REG_HIGHLANDS},
	{"68", "Lâm Đồng", false, "H36", "lamdong.gov.vn", 315, REG_HIGHLANDS},
	{"72", "Tây Ninh", false, "H53", "tayninh.gov.vn", 286, REG_SOUTH_EAST},
	{"75", "Đồng Nai", false, "H19", "dongnai.gov.vn", 409, REG_SOUTH_EAST},
	{"79", "Hồ Chí Minh", true, "H29", "hochiminhcity.gov.vn", 1257, REG_SOUTH_EAST},
	{"86", "Vĩnh Long", false, "H61", "vinhlong.gov.vn", 332, REG_MEKONG},
	{"87", "Đồng Tháp", false, "H20", "dongthap.gov.vn", 336, REG_MEKONG},
	{"89", "An Giang", false, "H01", "angiang.gov.vn", 363, REG_MEKONG},
	{"92", "Cần Thơ", true, "H13", "cantho.gov.vn", 317, REG_MEKONG},
	{"96", "Cà Mau", false, "H12", "camau.gov.vn", 210, REG_MEKONG},
};
const int n_new_provinces = sizeof new_provinces / sizeof new_provinces[0];

static const char *const syllables[] = {
	"An", "Bình", "Tân", "Phú", "Hòa", "Thạnh", "Long", "Mỹ", "Hưng", "Thuận",
	"Đông", "Tây", "Nam", "Bắc", "Trung", "Quảng", "Xuân", "Hồng", "Thanh", "Vĩnh",
	"Phước", "Lộc", "Thịnh", "Hiệp", "Hội", "Sơn", "Hà", "Yên", "Cẩm", "Kim",
	"Ngọc", "Đức", "Minh", "Hải", "Lạc", "Phong", "Định", "Khánh", "Lâm", "Tiến",
	"Thắng", "Lợi", "Hợp", "Thái", "Quang", "Vân", "Cát", "Trường", "Mai", "Liên",
	"Tường", "Châu", "Điền", "Thủy", "Nghĩa", "Thọ", "Hậu", "Giang", "Lĩnh", "Đồng",
};
#define NSYL ((unsigned long)(sizeof syllables / sizeof syllables[0]))

void
place_name(unsigned long k, struct line *l)
{
	unsigned long a = k % NSYL, b = (k / NSYL + 7 * a + 3) % NSYL;
	if (b == a)
		b = (b + 1) % NSYL;
	line_add(l, syllables[a]);
	line_addc(l, ' ');
	line_add(l, syllables[b]);
}

void
old_province_title(int i, struct line *l)
{
	line_add(l, old_provinces[i].city ? "Thành phố " : "Tỉnh ");
	line_add(l, old_provinces[i].name);
}

void
new_province_title(int i, struct line *l)
{
	line_add(l, new_provinces[i].city ? "Thành phố " : "Tỉnh ");
	line_add(l, new_provinces[i].name);
}
