/*
 * src/core on its own: Vietnamese folding, JSON escaping, the CSV reader (quotes,
 * line breaks, BOM, CRLF, wide rows), dates as clerks type them, ID-number rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "core/clock.h"
#include "core/collate_vi.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/idnum.h"
#include "core/showtime.h"
#include "core/strbuf.h"
#include "core/text.h"
#include "core/verify_state.h"
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

static void
test_fold_and_ascii(void **state)
{
	(void)state;
	char *f = text_fold_new("  NGUYỄN   Văn Đức ");
	assert_string_equal(f, "nguyen van duc");
	free(f);
	/* Decomposed input (NFD) folds the same as composed. */
	f = text_fold_new("Nguye\xcc\x82\xcc\x83n");
	assert_string_equal(f, "nguyen");
	free(f);
	char *a = text_ascii_new("Đặng Thị Ánh");
	assert_string_equal(a, "Dang Thi Anh");
	free(a);
	assert_int_equal(text_width("Nguyễn"), 6);
	assert_false(text_is_utf8("\xff\xfe", 2));
}

/*
 * Text made only of precomposed Latin letters takes a fast path (no utf8proc); its
 * decomposed form (NFD) cannot, so the two paths must agree on every such letter,
 * alone and between others, for the stored search keys and NFC values to be the
 * same whichever way a name came in.
 */
static void
test_fast_paths_agree_with_utf8proc(void **state)
{
	(void)state;
	int checked = 0;
	for (utf8proc_int32_t cp = 0xA0; cp < 0x1F00; cp++) {
		if (cp == 0x300)
			cp = 0x1E00;
		unsigned char one[8];
		utf8proc_ssize_t n = utf8proc_encode_char(cp, one);
		one[n] = '\0';
		char nfc[64];
		snprintf(nfc, sizeof nfc, "Ab%s cd %sE", (char *)one, (char *)one);
		char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)nfc);
		char *slow = (char *)utf8proc_NFC((const utf8proc_uint8_t *)nfd);
		char *a = text_fold_new(nfc), *b = text_fold_new(nfd);
		char *c = text_clean_new(nfc), *d = text_clean_new(nfd);
		if (strcmp(a, b) != 0 || strcmp(c, slow) != 0 || strcmp(d, slow) != 0)
			fail_msg("U+%04X: fold %s / %s, clean %s / %s, NFC %s", (unsigned)cp, a, b,
			    c, d, slow);
		checked++;
		free(a);
		free(b);
		free(c);
		free(d);
		free(nfd);
		free(slow);
	}
	assert_true(checked > 500);
}

static void
test_json_escaping(void **state)
{
	(void)state;
	const char *nasty = "a\"b\\c\nd\te\x01 Đức";
	struct strbuf sb;
	sb_init(&sb);
	sb_add_json_str(&sb, nasty);
	cJSON *j = cJSON_Parse(sb.buf);
	assert_non_null(j);
	assert_string_equal(j->valuestring, nasty);
	cJSON_Delete(j);
	sb_free(&sb);
	char *o = json_object_new("file", "x\"y.csv", "n", "3", NULL);
	j = cJSON_Parse(o);
	assert_string_equal(cJSON_GetObjectItem(j, "file")->valuestring, "x\"y.csv");
	cJSON_Delete(j);
	free(o);
}

static void
test_csv_reader(void **state)
{
	(void)state;
	/* A BOM, CRLF, a quoted comma, quote and line break, then a 40-field row (the
	 * field array grows past its first size). */
	struct strbuf in;
	sb_init(&in);
	sb_adds(&in, "\xEF\xBB\xBF" "a,b,c\r\n" "1,\"x, \"\"y\"\"\nz\",3\r\n");
	for (int i = 0; i < 40; i++)
		sb_addf(&in, "%s%d", i ? "," : "", i);
	sb_adds(&in, "\n\"open");
	FILE *f = fmemopen(in.buf, in.len, "r");
	struct csv *c = csv_open(f);
	char **fl;
	int n;
	assert_int_equal(csv_read(c, &fl, &n), 1);
	assert_int_equal(n, 3);
	assert_string_equal(fl[0], "a");
	assert_int_equal(csv_read(c, &fl, &n), 1);
	assert_int_equal(n, 3);
	assert_string_equal(fl[1], "x, \"y\"\nz");
	assert_int_equal(csv_line(c), 2);
	assert_int_equal(csv_read(c, &fl, &n), 1);
	assert_int_equal(csv_line(c), 4);
	assert_int_equal(n, 40);
	for (int i = 0; i < 40; i++)
		assert_int_equal(atoi(fl[i]), i);
	/* An unterminated quote is an error, not a row. */
	assert_int_equal(csv_read(c, &fl, &n), -1);
	assert_non_null(csv_error(c));
	assert_int_equal(csv_read(c, &fl, &n), 0);
	csv_free(c);
	fclose(f);
	sb_free(&in);
}

static void
test_dates_and_id_numbers(void **state)
{
	(void)state;
	char iso[11];
	assert_null(date_parse("5/9/1989", iso));
	assert_string_equal(iso, "1989-09-05");
	assert_null(date_parse("2000-02-29", iso));
	assert_non_null(date_parse("1900-02-29", iso));
	assert_non_null(date_parse("31/04/1990", iso));
	assert_non_null(date_parse("1990/04/01", iso));
	assert_null(idnum_check("001089001234", 'M', "1989-05-12", true));
	assert_null(idnum_check("001301001234", 'F', "2001-01-01", true));
	assert_non_null(idnum_check("001089001234", 'F', "1989-05-12", true));
	assert_non_null(idnum_check("001089001234", 'M', "1988-05-12", true));
	assert_non_null(idnum_check("00108900123", 'M', NULL, true));
	assert_non_null(idnum_check("001089001234", 'M', NULL, false));
}

/* Names in Vietnamese alphabetical order, each pair in order and so unlike
 * byte order or the folded key in several. */
static void
test_vietnamese_order(void **state)
{
	(void)state;
	static const char *const order[] = {
		"An", "Anh", "Ảnh", "Ánh", "Ăn", "Ân", "Bình", "Dương", "Đào",
		"Đặng", "Hà", "Hạ", "Lê Anh", "Lê Ánh", "Ngô", "Nguyễn Văn An",
		"Nguyễn Văn Anh", "Ô", "Ơn", "Phan", "Tú", "Uyên", "Ưng", "Yến", NULL
	};
	for (int i = 0; order[i + 1] != NULL; i++) {
		const char *a = order[i], *b = order[i + 1];
		if (vi_collate(a, strlen(a), b, strlen(b)) >= 0)
			fail_msg("\"%s\" should come before \"%s\"", a, b);
		if (vi_collate(b, strlen(b), a, strlen(a)) <= 0)
			fail_msg("\"%s\" should come after \"%s\"", b, a);
	}
	/* Syllable by syllable, as dictionaries do: the first syllable's tone
	 * decides before the second syllable's letters. */
	assert_true(vi_collate("Anh Cường", 11, "Ánh Bình", 10) < 0);
	/* Equal names, either case, the same in NFD. */
	assert_int_equal(vi_collate("Hà", 3, "Hà", 3), 0);
	assert_true(vi_collate("hà", 3, "Hà", 3) < 0);
	assert_int_equal(vi_collate("Ánh", strlen("Ánh"), "A\xcc\x81nh", 5), 0);
	/* Byte order gets these wrong; the point of it all. */
	assert_true(strcmp("Đặng", "Dương") > 0 && strcmp("Ánh", "Anh") > 0 &&
	    strcmp("Ăn", "Bình") > 0 && strcmp("Ân", "Ăn") < 0);
}

/* Stored UTC times shown as a clerk in Vietnam writes them, across midnight and
 * the year; another zone by name; an unknown zone keeps Vietnam's. */
static void
test_local_times(void **state)
{
	(void)state;
	char out[17];
	assert_true(showtime_zone(NULL));
	assert_true(showtime_format("2026-12-02T07:05:00.000Z", out));
	assert_string_equal(out, "14:05 02/12/2026");
	assert_true(showtime_format("2026-12-31T20:00:00Z", out));
	assert_string_equal(out, "03:00 01/01/2027");
	assert_false(showtime_zone("Nowhere/At_All"));
	assert_true(showtime_format("2026-06-30 17:59:59", out));
	assert_string_equal(out, "00:59 01/07/2026");
	assert_true(showtime_zone("UTC"));
	assert_true(showtime_format("2026-12-02T07:05:00Z", out));
	assert_string_equal(out, "07:05 02/12/2026");
	assert_false(showtime_format("yesterday", out));
	assert_string_equal(out, "yesterday");
	showtime_zone(NULL);
}

/* Dates as clerks type them: eight digits, and D/M/YYYY with '/', '-' or '.'. */
static void
test_dates_as_typed(void **state)
{
	(void)state;
	static const char *const june[] = {
		"01062002", "1/6/2002", "01/06/2002", "1-6-2002", "01.06.2002",
		" 1.6.2002 ", "2002-06-01", NULL
	};
	for (int i = 0; june[i] != NULL; i++) {
		char iso[11] = "";
		const char *e = date_parse(june[i], iso);
		if (e != NULL)
			fail_msg("\"%s\": %s", june[i], e);
		assert_string_equal(iso, "2002-06-01");
	}
	char iso[11];
	assert_string_equal(date_parse("31/02/2002", iso),
	    "no such date: that month has fewer days");
	assert_string_equal(date_parse("31022002", iso),
	    "no such date: that month has fewer days");
	assert_string_equal(date_parse("01132002", iso),
	    "no such date: the month must be 1 to 12");
	assert_null(date_parse("29022000", iso));
	assert_string_equal(iso, "2000-02-29");
	/* Mixed separators, too few or too many digits are not dates. */
	assert_non_null(date_parse("1/6-2002", iso));
	assert_non_null(date_parse("0106200", iso));
	assert_non_null(date_parse("010620021", iso));
	assert_non_null(date_parse("1.6.02", iso));
}

/* The one table of verification states: every state has its stored name and back,
 * and only the four the gateway gives count as answered. */
static void
test_verify_state_names(void **state)
{
	(void)state;
	static const char *const stored[] = {"verified", "mismatch", "not_found",
	    "deceased", "unchecked", "queued"};
	assert_int_equal(VERIFY_NSTATES, 6);
	for (int i = 0; i < VERIFY_NSTATES; i++) {
		assert_string_equal(verify_state_name(i), stored[i]);
		assert_int_equal(verify_state_parse(stored[i]), i);
		assert_int_equal(verify_state_answered(i), i <= VERIFY_DECEASED);
	}
	assert_null(verify_state_name(VERIFY_NSTATES));
	assert_int_equal(verify_state_parse("Verified"), -1);
	assert_int_equal(verify_state_parse(""), -1);
	assert_int_equal(verify_state_parse(NULL), -1);
}

/* The one monotonic clock: both units read the same clock, and a 50 ms sleep
 * shows as at least 50 ms. */
static void
test_monotonic_clock(void **state)
{
	(void)state;
	double s0 = clock_mono_s(), ms0 = clock_mono_ms();
	assert_true(ms0 / 1000.0 - s0 >= 0 && ms0 / 1000.0 - s0 < 0.5);
	struct timespec ts = { 0, 50 * 1000000L };
	nanosleep(&ts, NULL);
	double s1 = clock_mono_s(), ms1 = clock_mono_ms();
	assert_true(s1 - s0 >= 0.050 && s1 - s0 < 5);
	assert_true(ms1 - ms0 >= 50 && ms1 - ms0 < 5000);
}

/* Every character the control check must find, at every offset of a long text (so
 * that the eight-bytes-at-a-time scan meets it in each byte of a word, and across
 * words), and the Vietnamese and punctuation that share its lead bytes, which it must
 * let through. */
static void
test_control_characters(void **state)
{
	(void)state;
	static const char *const bad[] = {"\x01", "\x1b", "\x7f", "\xc2\x80", "\xc2\x85",
		"\xc2\x9f", "\xe2\x80\xaa", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa9"};
	static const char *const good[] = {"\xc2\xa0", "\xc2\xb7", "\xe2\x80\x93",
		"\xe2\x80\x9c", "\xe2\x80\xaf", "\xe2\x81\xa5", "\xe2\x81\xaa",
		"\xe1\xbb\x85", "\xc3\xa0"};
	char text[64];
	for (int at = 0; at < 20; at++) {
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			snprintf(text, sizeof text, "%.*s%s%s", at, "Nguyen Van Duc Nguyen",
			    bad[i], " Van C tail text");
			if (!text_has_control(text))
				fail_msg("missed %zu at %d", i, at);
		}
		for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
			snprintf(text, sizeof text, "%.*s%s%s", at, "Nguyen Van Duc Nguyen",
			    good[i], " Van C tail text");
			if (text_has_control(text))
				fail_msg("refused %zu at %d", i, at);
		}
	}
	/* Shown escaped, the rest as it was; a stray byte too. */
	char *e = text_escape_new("Nguy\xe1\xbb\x85n\x1b[2J\xc2\x85\xe2\x80\xae\xff.");
	assert_string_equal(e, "Nguy\xe1\xbb\x85n\\x1b[2J\\u0085\\u202e\\xff.");
	free(e);
	e = text_escape_new("Trần Thị Hoa");
	assert_string_equal(e, "Trần Thị Hoa");
	free(e);
}

/* A NUL inside a CSV field does not cut the value short: it stays a control
 * character, which the field's check refuses. */
static void
test_csv_nul(void **state)
{
	(void)state;
	static const char in[] = "a,b\nNguyen\0Van C,\"x\0\"\n";
	FILE *f = fmemopen((void *)in, sizeof in - 1, "r");
	struct csv *c = csv_open(f);
	char **fl;
	int n;
	assert_int_equal(csv_read(c, &fl, &n), 1);
	assert_int_equal(csv_read(c, &fl, &n), 1);
	assert_int_equal(n, 2);
	assert_string_equal(fl[0], "Nguyen\x7fVan C");
	assert_string_equal(fl[1], "x\x7f");
	assert_true(text_has_control(fl[0]));
	csv_free(c);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_and_ascii),
		cmocka_unit_test(test_verify_state_names),
		cmocka_unit_test(test_monotonic_clock),
		cmocka_unit_test(test_fast_paths_agree_with_utf8proc),
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_csv_reader),
		cmocka_unit_test(test_dates_and_id_numbers),
		cmocka_unit_test(test_dates_as_typed),
		cmocka_unit_test(test_vietnamese_order),
		cmocka_unit_test(test_local_times),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_csv_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
