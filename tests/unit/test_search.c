/*
 * Search as clerks type it: without diacritics, in any case, with a prefix of the
 * last word; by ID prefix, date of birth, agency subtree and rank; ranked and paged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "db/search.h"
#include "db/verify.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
setup(void **state)
{
	struct dbfix_env *f = dbfix_env_new("search");
	dbfix_person(f->db, &f->sys, "001089001234", "Nguyễn Văn Đức", "1989-05-12", "M", FIX_HN_NV);
	dbfix_person(f->db, &f->sys, "001089001235", "Nguyễn Văn Đức Anh", "1989-05-13", "M", FIX_HN_NV);
	dbfix_person(f->db, &f->sys, "001089001236", "Nguyễn Văn Dũng", "1989-05-14", "M", FIX_HN);
	dbfix_person(f->db, &f->sys, "079190001237", "Trần Thị Hoa", "1990-01-02", "F", FIX_HCM_YT);
	dbfix_person(f->db, &f->sys, "079190001238", "Trần Thị Hương", "1990-01-03", "F", FIX_HCM_YT);
	dbfix_person(f->db, &f->sys, "079190001239", "Trần Thị Thu", "1990-01-04", "F", FIX_HCM);
	dbfix_person(f->db, &f->sys, "079089001240", "Lê Đức", "1989-05-12", "M", FIX_HCM);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	dbfix_env_free(*state);
	return 0;
}

/* Names found, joined by '|', in rank order. */
static char *
find(struct dbfix_env *f, const struct search_query *q, int *more)
{
	struct search_hit *hits;
	int n, m;
	char *err = NULL;
	if (db_search(f->db, &f->sys, q, &hits, &n, &m, &err) != 0)
		fail_msg("search: %s", err);
	static char out[2048];
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		strcat(out, i ? "|" : "");
		strcat(out, hits[i].full_name);
	}
	free(hits);
	if (more)
		*more = m;
	return out;
}

static void
test_accent_insensitive(void **state)
{
	struct dbfix_env *f = *state;
	static const char *const typed[] = {"nguyen van duc", "Nguyen Van Duc", "nguyễn văn đức",
	    "NGUYỄN VĂN ĐỨC", "  nguyen   van duc ", NULL};
	for (int i = 0; typed[i]; i++) {
		struct search_query q = {.text = typed[i]};
		/* The exact name ranks first, then longer names that start with it. */
		assert_string_equal(find(f, &q, NULL), "Nguyễn Văn Đức|Nguyễn Văn Đức Anh");
	}
}

static void
test_prefix_of_last_word(void **state)
{
	struct dbfix_env *f = *state;
	struct search_query q = {.text = "tran thi h"};
	assert_string_equal(find(f, &q, NULL), "Trần Thị Hoa|Trần Thị Hương");
	q.text = "nguyen van d";
	/* In Vietnamese order: d before đ. */
	assert_string_equal(find(f, &q, NULL), "Nguyễn Văn Dũng|Nguyễn Văn Đức|Nguyễn Văn Đức Anh");
	/* A given name alone finds people after the family-name matches. */
	q.text = "duc";
	assert_string_equal(find(f, &q, NULL), "Lê Đức|Nguyễn Văn Đức");
}

static void
test_id_dob_org_rank(void **state)
{
	struct dbfix_env *f = *state;
	struct search_query q = {.text = "0791900012"};
	assert_string_equal(find(f, &q, NULL), "Trần Thị Hoa|Trần Thị Hương|Trần Thị Thu");
	struct search_query d = {.dob = "1989-05-12"};
	assert_string_equal(find(f, &d, NULL), "Lê Đức|Nguyễn Văn Đức");
	/* An agency includes its subtree. */
	struct search_query o = {.text = "tran", .org_code = FIX_HCM};
	assert_string_equal(find(f, &o, NULL), "Trần Thị Hoa|Trần Thị Hương|Trần Thị Thu");
	o.org_code = FIX_HCM_YT;
	assert_string_equal(find(f, &o, NULL), "Trần Thị Hoa|Trần Thị Hương");
	struct search_query none = {.text = "pham"};
	assert_string_equal(find(f, &none, NULL), "");
}

static void
test_paging(void **state)
{
	struct dbfix_env *f = *state;
	int more;
	struct search_query q = {.text = "nguyen", .limit = 2};
	assert_string_equal(find(f, &q, &more), "Nguyễn Văn Dũng|Nguyễn Văn Đức");
	assert_int_equal(more, 1);
	q.offset = 2;
	assert_string_equal(find(f, &q, &more), "Nguyễn Văn Đức Anh");
	assert_int_equal(more, 0);
	/* Pages run on across the two ranked parts. */
	struct search_query g = {.text = "duc", .limit = 1};
	assert_string_equal(find(f, &g, &more), "Lê Đức");
	assert_int_equal(more, 1);
	g.offset = 1;
	assert_string_equal(find(f, &g, &more), "Nguyễn Văn Đức");
	assert_int_equal(more, 0);
}

static void
test_verification_state(void **state)
{
	struct dbfix_env *f = *state;
	/* As the gateway drain would record it. */
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "UPDATE person SET verify_state ="
	    " 'mismatch' WHERE id_number IN ('079190001237', '001089001236');"
	    " UPDATE verify_queue SET next_at = -1 WHERE person_id IN (SELECT id FROM person"
	    " WHERE verify_state = 'mismatch')", NULL, NULL, NULL), SQLITE_OK);
	struct search_query q = {.verification = "mismatch"};
	assert_string_equal(find(f, &q, NULL), "Nguyễn Văn Dũng|Trần Thị Hoa");
	q.text = "tran";
	assert_string_equal(find(f, &q, NULL), "Trần Thị Hoa");
	int64_t counts[VERIFY_NSTATES];
	char *err = NULL;
	assert_int_equal(db_verify_state_counts(f->db, &f->sys, NULL, counts, &err), DB_OK);
	assert_int_equal(counts[1], 2);		/* mismatch */
	assert_int_equal(counts[5], 5);		/* queued: saved through the data layer */
	assert_int_equal(db_verify_state_counts(f->db, &f->sys, FIX_HCM_YT, counts, &err), DB_OK);
	assert_int_equal(counts[1], 1);
	assert_int_equal(counts[5], 1);
}

/* A logged search names the people on the page shown, not just how many. */
static void
test_search_audit_lists_people(void **state)
{
	struct dbfix_env *f = *state;
	struct search_query q = {.text = "tran thi", .limit = 2, .log = 1};
	assert_string_equal(find(f, &q, NULL), "Trần Thị Hoa|Trần Thị Hương");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(f->db), "SELECT a.after,"
	    " (SELECT group_concat(id) FROM (SELECT id FROM person WHERE id_number IN"
	    " ('079190001237', '079190001238') ORDER BY id)) FROM audit a"
	    " WHERE a.action = 'search' ORDER BY a.seq DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char want[64];
	snprintf(want, sizeof want, "\"ids\":[%s]", (const char *)sqlite3_column_text(st, 1));
	const char *after = (const char *)sqlite3_column_text(st, 0);
	if (strstr(after, want) == NULL || strstr(after, "\"results\":2") == NULL)
		fail_msg("search audit row %s lacks %s", after, want);
	sqlite3_finalize(st);
}

/* A bulk selection (hoso verify --all) queues checks without touching the people:
 * --status must count them as queued, not unchecked. */
static void
test_bulk_queued_counts(void **state)
{
	struct dbfix_env *f = *state;
	/* As if everyone had been answered once and saved nothing since. */
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "DELETE FROM verify_queue;"
	    " UPDATE person SET verify_state = 'unchecked'", NULL, NULL, NULL), SQLITE_OK);
	int64_t counts[VERIFY_NSTATES], queued;
	char *err = NULL;
	assert_int_equal(db_verify_queue_select(f->db, &f->sys, NULL, -1, &queued, &err),
	    DB_OK);
	assert_int_equal(queued, 7);
	assert_int_equal(db_verify_state_counts(f->db, &f->sys, NULL, counts, &err), DB_OK);
	assert_int_equal(counts[4], 0);		/* unchecked */
	assert_int_equal(counts[5], 7);		/* queued */
	assert_int_equal(db_verify_state_counts(f->db, &f->sys, FIX_HCM_YT, counts, &err), DB_OK);
	assert_int_equal(counts[5], 2);
}

/* Names that byte order and the folded key put wrong come in Vietnamese order,
 * page after page, and the search says how many matched. */
static void
test_vietnamese_order_and_count(void **state)
{
	struct dbfix_env *f = *state;
	/* Inserted so that the folded key ("dang" < "dao" < "duong") and the ID
	 * order both disagree with the Vietnamese one. */
	dbfix_person(f->db, &f->sys, "001195001301", "Đặng Thị Lan", "1995-07-07", "F", FIX_HN_NV);
	dbfix_person(f->db, &f->sys, "001195001302", "Đào Thị Lan", "1995-07-07", "F", FIX_HN_NV);
	dbfix_person(f->db, &f->sys, "001195001303", "Dương Thị Lan", "1995-07-07", "F", FIX_HN_NV);
	dbfix_person(f->db, &f->sys, "001095001304", "Lê Ánh", "1995-07-06", "M", FIX_HN_NV);
	dbfix_person(f->db, &f->sys, "001095001305", "Lê Anh", "1995-07-07", "M", FIX_HN_NV);
	struct search_query d = {.dob = "1995-07-07"};
	assert_string_equal(find(f, &d, NULL), "Dương Thị Lan|Đào Thị Lan|Đặng Thị Lan|Lê Anh");
	/* From the given name on, too, and page by page. */
	struct search_query g = {.text = "lan", .limit = 2};
	int more;
	assert_string_equal(find(f, &g, &more), "Dương Thị Lan|Đào Thị Lan");
	assert_int_equal(more, 1);
	g.offset = 2;
	assert_string_equal(find(f, &g, &more), "Đặng Thị Lan");
	assert_int_equal(more, 0);
	struct search_query a = {.text = "le anh"};
	assert_string_equal(find(f, &a, NULL), "Lê Anh|Lê Ánh");
	/* The count covers both parts and every page. */
	struct search_hit *hits;
	int n, total;
	char *err = NULL;
	struct search_query c = {.text = "d", .limit = 1};
	assert_int_equal(db_search_total(f->db, &f->sys, &c, &hits, &n, &more, &total, &err), 0);
	free(hits);
	/* Three by family name (Dương, Đào, Đặng), three by given name (Lê Đức,
	 * Nguyễn Văn Dũng, Nguyễn Văn Đức; Nguyễn Văn Đức Anh's given name is Anh). */
	assert_int_equal(n, 1);
	assert_int_equal(total, 6);
	struct search_query id = {.text = "0011950013"};
	assert_int_equal(db_search_total(f->db, &f->sys, &id, &hits, &n, &more, &total, &err), 0);
	free(hits);
	assert_int_equal(total, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accent_insensitive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefix_of_last_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_dob_org_rank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vietnamese_order_and_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verification_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_queued_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_audit_lists_people, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
