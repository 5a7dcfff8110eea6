/*
 * The 2C résumé as printed, on a real database: items 21 and 22 list every
 * reward and every disciplinary measure in full (form, level or reason, decision,
 * month and year), not a pointer elsewhere; and no line passes 80 columns, the
 * header's too, even under an authority with a long name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "db/person.h"
#include "report/resume_2c.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
add_item(struct dbfix_env *f, int64_t id, const char *kind, const char *const *kv)
{
	struct record *r = record_new();
	for (int i = 0; kv[i] != NULL; i += 2)
		record_set(r, kv[i], kv[i + 1]);
	char *err = NULL;
	if (db_item_save(f->db, &f->sys, id, kind, r, &err) != DB_OK)
		fail_msg("%s: %s", kind, err);
	record_free(r);
}

static void
test_rewards_and_discipline_in_full_within_80(void **state)
{
	(void)state;
	i18n_init("vi");
	struct dbfix_env *f = dbfix_env_new("resume");
	int64_t id = dbfix_person(f->db, &f->sys, "001085012345", "Nguyễn Văn An",
	    "1985-05-15", "M", FIX_HN_NV);
	static const char *const r1[] = { "date_from", "2015-06-01", "reward_form",
	    "bang_khen_thu_tuong", "reward_level", "nha_nuoc", "decision_no",
	    "123/QĐ-TTg", NULL };
	static const char *const r2[] = { "date_from", "2019-12-20", "reward_form",
	    "chien_si_thi_dua_co_so", "decision_no", "45/QĐ-UBND", NULL };
	static const char *const d1[] = { "date_from", "2021-03-01", "discipline_form",
	    "khien_trach", "reason", "Chậm nộp báo cáo tổng kết năm", NULL };
	add_item(f, id, "reward", r1);
	add_item(f, id, "reward", r2);
	add_item(f, id, "discipline", d1);
	/* A managing authority whose name fills the header line and more. */
	assert_int_equal(sqlite3_exec(db_sqlite(f->db), "UPDATE org SET name = 'Ủy ban nhân "
	    "dân thành phố Hà Nội, cơ quan quản lý cán bộ, công chức của thủ đô' WHERE code = '"
	    FIX_HN "'", NULL, NULL, NULL), SQLITE_OK);
	char *err = NULL;
	char *text = resume_2c_new(f->db, &f->sys, id, &err);
	if (text == NULL)
		fail_msg("résumé: %s", err);
	print_message("%s", text != NULL ? text : "");
	/* Item 21 and 22: every row, in full. */
	const char *i21 = strstr(text, "21) ");
	const char *i22 = strstr(text, "22) ");
	const char *i23 = strstr(text, "23) ");
	assert_non_null(i21);
	assert_non_null(i22);
	assert_non_null(i23);
	char *part21 = xstrndup(i21, (size_t)(i22 - i21));
	char *part22 = xstrndup(i22, (size_t)(i23 - i22));
	if (strstr(part21, "06/2015") == NULL || strstr(part21, "123/QĐ-TTg") == NULL ||
	    strstr(part21, "12/2019") == NULL || strstr(part21, "45/QĐ-UBND") == NULL ||
	    strstr(part21, "Nhà nước") == NULL)
		fail_msg("item 21:\n%s", part21);
	if (strstr(part22, "03/2021") == NULL || strstr(part22, "Khiển trách") == NULL ||
	    strstr(part22, "Chậm nộp báo cáo") == NULL)
		fail_msg("item 22:\n%s", part22);
	free(part21);
	free(part22);
	/* Every line within 80 columns. */
	int lineno = 1;
	for (char *l = text, *nl; *l; l = nl + 1, lineno++) {
		nl = strchr(l, '\n');
		if (nl == NULL)
			nl = l + strlen(l);
		char *line = xstrndup(l, (size_t)(nl - l));
		if (text_width(line) > 80)
			fail_msg("line %d is %d columns: %s", lineno, text_width(line), line);
		free(line);
		if (*nl == '\0')
			break;
	}
	assert_non_null(strstr(text, "Mẫu 2C-BNV/2008"));
	free(text);
	dbfix_env_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewards_and_discipline_in_full_within_80),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
