/*
 * The form engine against the real forms/ of the tree: the person form holds every
 * column of the import contract and every field of the domain, each field type
 * normalises what clerks and files really contain and refuses what is wrong, whole
 * records report missing and unknown fields, and every code list loads clean.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "form/form.h"

static const struct form *
get_form(const char *name)
{
	char *err = NULL;
	const struct form *f = form_get(name, &err);
	if (f == NULL)
		fail_msg("form %s: %s", name, err);
	return f;
}

static const struct code_list *
get_codes(const char *name)
{
	char *err = NULL;
	const struct code_list *cl = codes_get(name, &err);
	if (cl == NULL)
		fail_msg("code list %s: %s", name, err);
	return cl;
}

/* The stored form of in for person field name; fails the test on refusal. */
static char *
norm_ok(const char *name, const char *in)
{
	const struct form_field *f = form_field(get_form("person"), name);
	assert_non_null(f);
	char *out = NULL;
	const char *msg = form_value_normalize(f, in, &out);
	if (msg != NULL)
		fail_msg("%s \"%s\" refused: %s", name, in, msg);
	return out;
}

static void
expect_norm(const char *name, const char *in, const char *want)
{
	char *out = norm_ok(name, in);
	if (strcmp(out, want) != 0)
		fail_msg("%s \"%s\" -> \"%s\", want \"%s\"", name, in, out, want);
	free(out);
}

static void
expect_bad(const char *name, const char *in)
{
	const struct form_field *f = form_field(get_form("person"), name);
	assert_non_null(f);
	char *out = NULL;
	const char *msg = form_value_normalize(f, in, &out);
	if (msg == NULL)
		fail_msg("%s \"%s\" accepted as \"%s\"", name, in, out);
	assert_null(out);
}

static void
test_person_form(void **state)
{
	(void)state;
	const struct form *f = get_form("person");
	static const char *const required[] = {"id_number", "full_name",
	    "date_of_birth", "sex", "staff_category", "org_code", NULL};
	int nreq = 0;
	for (int i = 0; i < f->nfields; i++)
		nreq += f->fields[i].required;
	for (int i = 0; required[i]; i++) {
		const struct form_field *fl = form_field(f, required[i]);
		assert_non_null(fl);
		assert_true(fl->required);
	}
	assert_int_equal(nreq, 6);
	assert_int_equal(form_field(f, "sex")->type, FT_CODE);
	assert_int_equal(form_field(f, "id_number")->type, FT_IDNUM);
	assert_int_equal(form_field(f, "date_of_birth")->type, FT_DATE);
	assert_int_equal(form_field(f, "org_code")->type, FT_TEXT);
	assert_true(form_field(f, "verification")->readonly);
	assert_true(form_field(f, "verified_at")->readonly);
	assert_null(form_field(f, "no_such_field"));
	assert_int_equal(form_field_index(f, "id_number"), 0);
	/* Every section holds fields, and the groups of the domain are all there. */
	static const char *const sections[] = {"identity", "contact", "numbers",
	    "employment", "rank_salary", "education", "party", "health",
	    "verification", NULL};
	for (int s = 0; sections[s]; s++) {
		int found = -1, count = 0;
		for (int i = 0; i < f->nsections; i++)
			if (strcmp(f->sections[i].name, sections[s]) == 0)
				found = i;
		assert_true(found >= 0);
		for (int i = 0; i < f->nfields; i++)
			count += f->fields[i].section == found;
		assert_true(count > 0);
	}
	static const char *const grids[] = {"work", "training", "salary", "reward",
	    "discipline", "family", "assessment", "history_note", NULL};
	for (int i = 0; grids[i]; i++)
		assert_non_null(form_grid(f, grids[i]));
	assert_null(form_grid(f, "assets"));
}

static void
test_import_contract_columns(void **state)
{
	(void)state;
	/* contracts/import-csv.md: required, then optional columns. */
	static const char *const cols[] = {"id_number", "full_name", "date_of_birth",
	    "sex", "org_code", "ethnicity", "religion", "rank_code", "position", "phone",
	    "email", "place_of_origin", "place_of_residence", "start_date", NULL};
	const struct form *f = get_form("person");
	for (int i = 0; cols[i]; i++)
		if (form_field(f, cols[i]) == NULL)
			fail_msg("import column %s is not a person field", cols[i]);
	assert_int_equal(form_field(f, "rank_code")->type, FT_CODE);
	assert_string_equal(form_field(f, "rank_code")->codes, "rank");
}

static void
test_domain_fields(void **state)
{
	(void)state;
	/* domain.md, "The person record — field groups" 1 to 8 and 10. */
	static const char *const names[] = {"id_number", "full_name", "other_names",
	    "date_of_birth", "sex", "place_of_birth", "place_of_origin", "ethnicity",
	    "religion", "nationality", "id_issue_date", "id_issue_place", "phone",
	    "email", "place_of_residence", "current_address", "social_insurance_no",
	    "health_insurance_no", "tax_code", "staff_category", "org_code", "position",
	    "position_date", "concurrent_position", "job_position", "recruitment_date",
	    "recruiting_agency", "start_date", "occupation_before_recruitment",
	    "employment_status", "employment_status_date", "rank_code", "salary_step",
	    "salary_coefficient", "salary_date", "next_step_date", "position_allowance",
	    "over_frame_allowance_pct", "other_allowances", "general_education",
	    "highest_degree", "major", "academic_title", "political_theory",
	    "state_management", "foreign_language", "foreign_language_level",
	    "it_level", "ethnic_language", "party_join_date", "party_official_date",
	    "mass_org", "army_enlist_date", "army_discharge_date",
	    "highest_military_rank", "honorary_titles", "health_status", "height_cm",
	    "weight_kg", "blood_type", "policy_status", "verification", "verified_at",
	    NULL};
	const struct form *f = get_form("person");
	for (int i = 0; names[i]; i++)
		if (form_field(f, names[i]) == NULL)
			fail_msg("domain field %s is not a person field", names[i]);
}

static void
test_text(void **state)
{
	(void)state;
	expect_norm("full_name", "  Nguyễn   Văn\tAn ", "Nguyễn Văn An");
	/* Decomposed input (as some Mac and web forms send) is stored composed. */
	expect_norm("full_name", "Nguye\xcc\x82\xcc\x83n", "Nguyễn");
	expect_norm("full_name", "   ", "");
	expect_bad("full_name", "Nguy\xff\xfe");
	expect_bad("full_name", "An\x01");
	char longname[120];
	memset(longname, 'a', 101);
	longname[101] = '\0';
	expect_bad("full_name", longname);
	longname[100] = '\0';
	char *out = norm_ok("full_name", longname);
	assert_int_equal(strlen(out), 100);
	free(out);
	/* Agency codes: upper case, letters, digits and dots, at most 35. */
	expect_norm("org_code", " 000.00.00.h30 ", "000.00.00.H30");
	expect_norm("org_code", "G14", "G14");
	expect_bad("org_code", "000..00");
	expect_bad("org_code", "000.00 .H30");
	expect_bad("org_code", ".H30");
	expect_bad("org_code", "Sở Nội vụ");
	expect_norm("org_code", "000.00.00.H30.000.00.00.H30.000.000",
	    "000.00.00.H30.000.00.00.H30.000.000");
	expect_bad("org_code", "000.00.00.H30.000.00.00.H30.000.0000");
	expect_norm("social_insurance_no", "0123456789", "0123456789");
	expect_bad("social_insurance_no", "012345678");
	expect_norm("health_insurance_no", "dn4010123456789", "DN4010123456789");
}

static void
test_date(void **state)
{
	(void)state;
	expect_norm("date_of_birth", "12/05/1989", "1989-05-12");
	expect_norm("date_of_birth", "1/2/1990", "1990-02-01");
	expect_norm("date_of_birth", "1989-05-12", "1989-05-12");
	expect_norm("date_of_birth", "29/02/2000", "2000-02-29");
	expect_bad("date_of_birth", "29/02/1900");
	expect_bad("date_of_birth", "31/04/1990");
	expect_bad("date_of_birth", "1989/05/12");
	/* As clerks type them too: dashes, dots, eight digits. */
	expect_norm("date_of_birth", "12-05-1989", "1989-05-12");
	expect_norm("date_of_birth", "12.5.1989", "1989-05-12");
	expect_norm("date_of_birth", "12051989", "1989-05-12");
	expect_bad("date_of_birth", "12-05/1989");
	expect_bad("date_of_birth", "12/05/89");
	expect_bad("date_of_birth", "hôm qua");
	/* Not in the future for a birth date; allowed for a step due later. */
	expect_bad("date_of_birth", "01/01/2999");
	expect_norm("next_step_date", "01/01/2999", "2999-01-01");
	char today[11];
	date_today(today);
	expect_norm("date_of_birth", today, today);
}

static void
test_code(void **state)
{
	(void)state;
	expect_norm("ethnicity", "kinh", "01");
	expect_norm("ethnicity", "KINH", "01");
	expect_norm("ethnicity", "Kinh", "01");
	expect_norm("ethnicity", "01", "01");
	expect_norm("ethnicity", "Ê-đê", "11");
	expect_norm("ethnicity", "e de", "11");
	expect_norm("ethnicity", "Ede", "11");
	expect_norm("ethnicity", "Mông", "08");
	expect_norm("ethnicity", "Mường", "04");
	expect_norm("ethnicity", "Bru - Vân Kiều", "24");
	expect_bad("ethnicity", "Kinhh");
	expect_bad("ethnicity", "1");
	expect_norm("religion", "Không", "99");
	expect_norm("religion", "phat giao", "01");
	expect_norm("rank_code", "01.003", "01.003");
	expect_norm("rank_code", "chuyên viên", "01.003");
	expect_norm("rank_code", "v.07.01.03", "V.07.01.03");
	expect_bad("rank_code", "01.999");
	expect_norm("staff_category", "Công chức", "cong_chuc");
	expect_norm("position", "trưởng phòng", "truong_phong");
	expect_norm("foreign_language_level", "B1", "3");
	/* The sex field keeps M or F whatever the file says. */
	static const char *const male[] = {"M", "m", "Nam", "nam", "NAM", "Male",
	    "male", NULL};
	static const char *const female[] = {"F", "f", "Nữ", "nữ", "NỮ", "Nu", "nu",
	    "Female", "FEMALE", "Nu\xcc\x9b\xcc\x83", NULL};
	for (int i = 0; male[i]; i++)
		expect_norm("sex", male[i], "M");
	for (int i = 0; female[i]; i++)
		expect_norm("sex", female[i], "F");
	expect_bad("sex", "X");
	expect_bad("sex", "Nữa");
	expect_bad("sex", "1");
}

static void
test_number_bool(void **state)
{
	(void)state;
	expect_norm("salary_coefficient", "4,98", "4.98");
	expect_norm("salary_coefficient", "4.98", "4.98");
	expect_norm("salary_coefficient", " 2.34 ", "2.34");
	expect_norm("salary_coefficient", "02.10", "2.10");
	expect_norm("salary_step", "3", "3");
	expect_norm("salary_step", "+3", "3");
	expect_norm("over_frame_allowance_pct", "0", "0");
	expect_norm("over_frame_allowance_pct", "-0", "0");
	expect_bad("salary_step", "17");
	expect_bad("salary_step", "0");
	expect_bad("salary_step", "ba");
	expect_bad("salary_coefficient", "1.234,5");
	expect_bad("salary_coefficient", "4.");
	expect_bad("salary_coefficient", ".5");
	expect_bad("salary_coefficient", "1e1");
	expect_bad("height_cm", "-170");
	const struct form_field *f = form_field(get_form("family"), "deceased");
	assert_non_null(f);
	static const char *const yes[] = {"1", "c", "C", "có", "Có", "y", "yes", "x", NULL};
	static const char *const no[] = {"0", "k", "không", "KHÔNG", "n", "no", NULL};
	for (int i = 0; yes[i]; i++) {
		char *out = NULL;
		assert_null(form_value_normalize(f, yes[i], &out));
		assert_string_equal(out, "1");
		free(out);
	}
	for (int i = 0; no[i]; i++) {
		char *out = NULL;
		assert_null(form_value_normalize(f, no[i], &out));
		assert_string_equal(out, "0");
		free(out);
	}
	char *out = NULL;
	assert_non_null(form_value_normalize(f, "có lẽ", &out));
	assert_null(out);
}

static void
test_email_phone(void **state)
{
	(void)state;
	expect_norm("email", "an.nguyen@noivu.gov.vn", "an.nguyen@noivu.gov.vn");
	expect_norm("email", " An.Nguyen@NoiVu.GOV.VN ", "An.Nguyen@noivu.gov.vn");
	expect_norm("email", "a+b@x-y.vn", "a+b@x-y.vn");
	static const char *const bad[] = {"an", "an@", "@noivu.gov.vn", "an@noivu",
	    "an@@noivu.gov.vn", "an nguyen@noivu.gov.vn", "an..b@noivu.gov.vn",
	    ".an@noivu.gov.vn", "an@-noivu.gov.vn", "an@noivu..vn", "an@noivu.v",
	    "an@noivu.gov.vn.", "nguyễn@noivu.gov.vn", "an@noivu.gov.123", NULL};
	for (int i = 0; bad[i]; i++)
		expect_bad("email", bad[i]);
	expect_norm("phone", "0912 345 678", "0912345678");
	expect_norm("phone", "+84 912-345-678", "+84912345678");
	expect_norm("phone", "(024) 3824.1234", "02438241234");
	expect_bad("phone", "1234567");
	expect_bad("phone", "0912abc678");
	expect_bad("phone", "0912+345678");
	expect_bad("phone", "1234567890123456");
}

static void
test_idnum(void **state)
{
	(void)state;
	expect_norm("id_number", "001089001234", "001089001234");
	expect_norm("id_number", "001 089 001234", "001089001234");
	/* 035 Hà Nam no longer exists as a province, but its IDs stay valid. */
	expect_norm("id_number", "035195000001", "035195000001");
	expect_bad("id_number", "00108900123");		/* 11 digits */
	expect_bad("id_number", "0010890012345");	/* 13 digits */
	expect_bad("id_number", "00108900123A");
	expect_bad("id_number", "003089001234");	/* 003 is no province */
	expect_bad("id_number", "099089001234");
}

static struct record *
good_person(void)
{
	struct record *r = record_new();
	record_set(r, "id_number", "001189001234");
	record_set(r, "full_name", "Nguyễn Thị  Bình");
	record_set(r, "date_of_birth", "12/05/1989");
	record_set(r, "sex", "Nữ");
	record_set(r, "staff_category", "công chức");
	record_set(r, "org_code", "000.00.00.h30");
	record_set(r, "ethnicity", "kinh");
	record_set(r, "email", "binh@noivu.gov.vn");
	record_set(r, "rank_code", "01.003");
	record_set(r, "salary_coefficient", "3,00");
	record_set(r, "verification", "unchecked");
	return r;
}

static int
find_error(const struct form_error *e, int n, const char *field)
{
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].field, field) == 0)
			return i;
	return -1;
}

static void
test_record_good(void **state)
{
	(void)state;
	struct record *r = good_person();
	struct form_error *e = NULL;
	int n = form_check_record(get_form("person"), r, &e);
	for (int i = 0; i < n; i++)
		print_message("unexpected: %s\n", e[i].message);
	assert_int_equal(n, 0);
	form_errors_free(e, n);
	assert_string_equal(record_get(r, "full_name"), "Nguyễn Thị Bình");
	assert_string_equal(record_get(r, "date_of_birth"), "1989-05-12");
	assert_string_equal(record_get(r, "sex"), "F");
	assert_string_equal(record_get(r, "staff_category"), "cong_chuc");
	assert_string_equal(record_get(r, "org_code"), "000.00.00.H30");
	assert_string_equal(record_get(r, "ethnicity"), "01");
	assert_string_equal(record_get(r, "salary_coefficient"), "3.00");
	record_free(r);
}

static void
test_record_required_unknown(void **state)
{
	(void)state;
	struct record *r = record_new();
	record_set(r, "full_name", "   ");
	record_set(r, "colour", "blue");
	record_set(r, "email", "not-an-address");
	struct form_error *e = NULL;
	int n = form_check_record(get_form("person"), r, &e);
	/* Six required fields, the bad e-mail, the unknown column. */
	assert_int_equal(n, 8);
	static const char *const req[] = {"id_number", "full_name", "date_of_birth",
	    "sex", "staff_category", "org_code", NULL};
	for (int i = 0; req[i]; i++) {
		int k = find_error(e, n, req[i]);
		assert_true(k >= 0);
		assert_non_null(strstr(e[k].message, "required"));
	}
	int k = find_error(e, n, "full_name");
	assert_string_equal(e[k].message, "Full name: is required");
	assert_string_equal(e[k].reason, "is required");
	k = find_error(e, n, "email");
	assert_true(k >= 0);
	assert_non_null(strstr(e[k].message, "E-mail"));
	k = find_error(e, n, "colour");
	assert_int_equal(k, n - 1);
	assert_non_null(strstr(e[k].message, "colour"));
	assert_string_equal(e[k].message, e[k].reason);
	form_errors_free(e, n);
	record_free(r);
}

static void
test_record_idnum_across(void **state)
{
	(void)state;
	struct {
		const char *field, *value;
	} cases[] = {
		{"date_of_birth", "12/05/1990"},	/* ID says 1989 */
		{"sex", "Nam"},				/* ID says female (1) */
		{"date_of_birth", "12/05/2089"},	/* another century */
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct record *r = good_person();
		record_set(r, cases[c].field, cases[c].value);
		record_set(r, "date_of_birth", strcmp(cases[c].field, "date_of_birth") == 0 ?
		    cases[c].value : "12/05/1989");
		const struct form *f = get_form("person");
		struct form_error *e = NULL;
		int n = form_check_record(f, r, &e);
		/* A future birth date is refused on its own, and not compared. */
		if (strcmp(cases[c].value, "12/05/2089") == 0) {
			assert_int_equal(n, 1);
			assert_string_equal(e[0].field, "date_of_birth");
		} else {
			assert_int_equal(n, 1);
			assert_string_equal(e[0].field, "id_number");
			assert_non_null(strstr(e[0].message, "Personal ID number: ID number"));
		}
		form_errors_free(e, n);
		record_free(r);
	}
	/* A male born in 2001: century-and-sex digit 2. */
	struct record *r = good_person();
	record_set(r, "id_number", "079201000123");
	record_set(r, "date_of_birth", "2001-01-31");
	record_set(r, "sex", "M");
	struct form_error *e = NULL;
	int n = form_check_record(get_form("person"), r, &e);
	assert_int_equal(n, 0);
	form_errors_free(e, n);
	record_free(r);
}

static void
test_record_period(void **state)
{
	(void)state;
	struct record *r = record_new();
	record_set(r, "date_from", "01/09/2010");
	record_set(r, "date_to", "31/08/2005");
	record_set(r, "agency", "Sở Nội vụ tỉnh Hà Giang");
	struct form_error *e = NULL;
	int n = form_check_record(get_form("work"), r, &e);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].field, "date_to");
	form_errors_free(e, n);
	record_set(r, "date_to", "");
	n = form_check_record(get_form("work"), r, &e);
	assert_int_equal(n, 0);
	form_errors_free(e, n);
	record_free(r);
}

static void
test_code_lists(void **state)
{
	(void)state;
	const char **names = codes_list_names();
	int count = 0;
	for (int l = 0; names[l]; l++, count++) {
		const struct code_list *cl = get_codes(names[l]);
		assert_string_equal(cl->name, names[l]);
		assert_non_null(cl->title);
		assert_true(cl->nitems > 0);
		for (int i = 0; i < cl->nitems; i++) {
			const struct code_item *it = &cl->items[i];
			for (int j = 0; j < i; j++)
				if (strcmp(cl->items[j].code, it->code) == 0)
					fail_msg("%s: code %s twice", cl->name, it->code);
			/* Every label, code and English label finds its own item: no two
			 * items are confused once accents are folded. */
			if (codes_find(cl, it->code) != it || codes_match(cl, it->code) != it ||
			    codes_match(cl, it->label) != it ||
			    (it->label_en && codes_match(cl, it->label_en) != it))
				fail_msg("%s: item %s is ambiguous", cl->name, it->code);
		}
	}
	free(names);
	assert_true(count >= 30);
}

static void
expect_codes(const char *list, const char *const *codes, int exact)
{
	const struct code_list *cl = get_codes(list);
	int n = 0;
	for (; codes[n]; n++)
		if (codes_find(cl, codes[n]) == NULL)
			fail_msg("%s: no code %s", list, codes[n]);
	if (exact)
		assert_int_equal(cl->nitems, n);
}

static void
test_code_list_contents(void **state)
{
	(void)state;
	static const char *const sex[] = {"M", "F", NULL};
	static const char *const cat[] = {"can_bo", "cong_chuc", "vien_chuc",
	    "cbcc_cap_xa", "hop_dong", NULL};
	static const char *const ver[] = {"verified", "mismatch", "not_found",
	    "deceased", "unchecked", "queued", NULL};
	static const char *const emp[] = {"working", "on_leave", "retired", "resigned",
	    "dismissed", "deceased", NULL};
	static const char *const role[] = {"admin", "agency_admin", "clerk", "viewer",
	    "self", NULL};
	static const char *const lvl[] = {"1", "2", "3", "4", "5", "6", NULL};
	static const char *const rating[] = {"xuat_sac", "tot", "hoan_thanh",
	    "khong_hoan_thanh", NULL};
	static const char *const disc[] = {"khien_trach", "canh_cao", "ha_bac_luong",
	    "giang_chuc", "cach_chuc", "buoc_thoi_viec", NULL};
	expect_codes("sex", sex, 1);
	expect_codes("staff_category", cat, 1);
	expect_codes("verification", ver, 1);
	expect_codes("employment_status", emp, 1);
	expect_codes("role", role, 1);
	expect_codes("language_level", lvl, 0);
	expect_codes("rating", rating, 1);
	expect_codes("discipline_form", disc, 0);

	const struct code_list *cl = get_codes("id_province");
	assert_int_equal(cl->nitems, 63);
	for (int i = 0; i < cl->nitems; i++)
		assert_int_equal(strlen(cl->items[i].code), 3);
	assert_string_equal(codes_find(cl, "079")->label, "TP Hồ Chí Minh");
	assert_string_equal(codes_find(cl, "046")->label, "Thừa Thiên Huế");
	cl = get_codes("province_2025");
	assert_int_equal(cl->nitems, 34);
	for (int i = 0; i < cl->nitems; i++)
		assert_int_equal(strlen(cl->items[i].code), 2);
	assert_string_equal(codes_match(cl, "Lào Cai")->code, "15");
	cl = get_codes("ethnicity");
	assert_int_equal(cl->nitems, 55);
	assert_string_equal(codes_find(cl, "01")->label, "Kinh");
	assert_string_equal(codes_find(cl, "03")->label, "Thái");
	assert_string_equal(codes_find(cl, "55")->label, "Người nước ngoài");

	/* Rank codes: NN.NNN, NNa.NNN, V.NN.NN.NN (or VNN.NN.NN). */
	regex_t re;
	assert_int_equal(regcomp(&re, "^([0-9]{2}[a-z]?\\.[0-9]{3}|"
	    "V\\.?[0-9]{2}\\.[0-9]{2}\\.[0-9]{2})$", REG_EXTENDED | REG_NOSUB), 0);
	cl = get_codes("rank");
	assert_true(cl->nitems >= 80);
	int sawa = 0, sawv = 0;
	for (int i = 0; i < cl->nitems; i++) {
		if (regexec(&re, cl->items[i].code, 0, NULL, 0) != 0)
			fail_msg("rank code %s has a bad form", cl->items[i].code);
		sawa |= strchr(cl->items[i].code, 'a') != NULL;
		sawv |= cl->items[i].code[0] == 'V';
	}
	regfree(&re);
	assert_true(sawa && sawv);
	static const char *const ranks[] = {"01.001", "01.002", "01.003", "01.004",
	    "01.005", "06a.031", "V.07.01.01", "V.08.01.01", "V.05.01.01", NULL};
	expect_codes("rank", ranks, 0);
}

static void
test_codes_language(void **state)
{
	(void)state;
	const struct code_item *f = codes_find(get_codes("sex"), "F");
	i18n_init("en");
	assert_string_equal(codes_label(f), "Female");
	i18n_init("vi");
	assert_string_equal(codes_label(f), "Nữ");
	/* Every shipped list has English labels (issue 17); an item without one
	 * (a value added without it) shows the Vietnamese in both. */
	const struct code_item *k = codes_find(get_codes("ethnicity"), "01");
	assert_string_equal(codes_label(k), "Kinh");
	i18n_init("en");
	assert_string_equal(codes_label(k), "Kinh (Viet)");
	const struct code_item bare = { .code = "x", .label = "Trạm", .label_en = NULL };
	assert_string_equal(codes_label(&bare), "Trạm");
	char *key = codes_key_new("Bà Rịa – Vũng Tàu");
	assert_string_equal(key, "ba ria vung tau");
	free(key);
	key = codes_key_new("H\xe2\x80\x99M\xc3\xb4ng");
	assert_string_equal(key, "hmong");
	free(key);
}

/* Messages come back in the user's language: the Vietnamese catalogue of the build
 * is bound (make builds it before the tests). */
static void
test_messages_translated(void **state)
{
	(void)state;
	struct record *r = record_new();
	struct form_error *e = NULL;
	i18n_init("vi");
	int n = form_check_record(get_form("person"), r, &e);
	int k = find_error(e, n, "full_name");
	assert_true(k >= 0);
	assert_non_null(strstr(e[k].message, "Họ và tên"));
	assert_null(strstr(e[k].message, "required"));
	form_errors_free(e, n);
	i18n_init("en");
	n = form_check_record(get_form("person"), r, &e);
	k = find_error(e, n, "full_name");
	assert_string_equal(e[k].message, "Full name: is required");
	form_errors_free(e, n);
	record_free(r);
}

static void
test_all_forms(void **state)
{
	(void)state;
	static const char *const forms[] = {"person", "work", "training", "salary",
	    "reward", "discipline", "family", "assessment", "history_note", "org",
	    "account", NULL};
	for (int i = 0; forms[i]; i++) {
		const struct form *f = get_form(forms[i]);
		for (int j = 0; j < f->nfields; j++) {
			const struct form_field *fl = &f->fields[j];
			if (fl->type == FT_CODE) {
				assert_non_null(fl->code_list);
				assert_ptr_equal(fl->code_list, get_codes(fl->codes));
			}
			if (fl->def != NULL) {
				char *out = NULL;
				if (form_value_normalize(fl, fl->def, &out) != NULL)
					fail_msg("%s.%s: bad default", f->name, fl->name);
				free(out);
			}
			if (strcmp(fl->name, "date_from") == 0 || strcmp(fl->name, "date_to") == 0)
				assert_int_equal(fl->type, FT_DATE);
		}
		for (int g = 0; g < f->ngrids; g++) {
			const struct form_grid *gr = &f->grids[g];
			const struct form *row = get_form(gr->form);
			for (int c = 0; c < gr->ncolumns; c++)
				if (form_field(row, gr->columns[c]) == NULL)
					fail_msg("grid %s: no column %s", gr->name, gr->columns[c]);
		}
	}
	const struct form *org = get_form("org");
	static const char *const ocols[] = {"code", "name", "parent_code", "kind",
	    "level", "headcount", NULL};
	for (int i = 0; ocols[i]; i++)
		assert_non_null(form_field(org, ocols[i]));
	char *err = NULL;
	assert_null(form_get("../person", &err));
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_null(form_get("nonexistent", &err));
	assert_non_null(strstr(err, "nonexistent"));
	free(err);
	/* Callers without use for the reason pass NULL. */
	assert_null(form_get("nonexistent", NULL));
	assert_null(codes_get("nonexistent", NULL));
	assert_non_null(codes_get("sex", NULL));
}

static void
test_cache(void **state)
{
	(void)state;
	const struct form *a = get_form("person");
	assert_ptr_equal(a, get_form("person"));
	form_cache_clear();
	const struct form *b = get_form("person");
	assert_non_null(b);
	assert_non_null(form_field(b, "id_number"));
}

/* Tests run from the repository root (make check) or anywhere else: find forms/. */
static void
find_forms(const char *argv0)
{
	if (getenv("HOSO_FORMS") != NULL)
		return;
	char path[PATH_MAX];
	if (access("forms/person.json", R_OK) == 0 && realpath("forms", path) != NULL) {
		setenv("HOSO_FORMS", path, 1);
		return;
	}
	/* build/tests/unit/test_form: the tree is three levels up. */
	char *slash = strrchr(argv0, '/');
	if (slash != NULL) {
		snprintf(path, sizeof path, "%.*s/../../../forms", (int)(slash - argv0),
		    argv0);
		setenv("HOSO_FORMS", path, 1);
	}
}

/* Names and places: no control characters of any kind, and nothing a spreadsheet
 * would run as a formula; other text, and signs further in, stay as typed. */
static void
test_names_and_places_refuse_formulas(void **state)
{
	(void)state;
	static const char *const fields[] = {"full_name", "other_names", "place_of_birth",
		"place_of_origin", "place_of_residence", "current_address"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		assert_true(form_field(get_form("person"), fields[i])->no_formula);
		expect_bad(fields[i], "=1+1");
		expect_bad(fields[i], " +84 Vinh");
		expect_bad(fields[i], "-Vinh");
		expect_bad(fields[i], "@SUM(A1)");
		expect_bad(fields[i], "Vinh\xc2\x85");
		expect_bad(fields[i], "Vinh \xe2\x80\xae" "C");
		expect_norm(fields[i], "Nghi Phú - Vinh + 1 = @", "Nghi Phú - Vinh + 1 = @");
	}
	assert_true(form_field(get_form("family"), "full_name")->no_formula);
	/* Not a name or a place: a leading sign is fine. */
	assert_false(form_field(get_form("person"), "main_duties")->no_formula);
	expect_norm("main_duties", "- lập kế hoạch", "- lập kế hoạch");
}

int
main(int argc, char **argv)
{
	(void)argc;
	find_forms(argv[0]);
	i18n_init("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_places_refuse_formulas),
		cmocka_unit_test(test_person_form),
		cmocka_unit_test(test_import_contract_columns),
		cmocka_unit_test(test_domain_fields),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_number_bool),
		cmocka_unit_test(test_email_phone),
		cmocka_unit_test(test_idnum),
		cmocka_unit_test(test_record_good),
		cmocka_unit_test(test_record_required_unknown),
		cmocka_unit_test(test_record_idnum_across),
		cmocka_unit_test(test_record_period),
		cmocka_unit_test(test_code_lists),
		cmocka_unit_test(test_code_list_contents),
		cmocka_unit_test(test_codes_language),
		cmocka_unit_test(test_messages_translated),
		cmocka_unit_test(test_all_forms),
		cmocka_unit_test(test_cache),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	form_cache_clear();
	return rc;
}
