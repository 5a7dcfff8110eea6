/*
 * A civil servant's own account sees its own record and nobody else's, whatever
 * the path: the data layer's reads (record, by ID number, sub-records, résumé,
 * search, reports) and the real hoso program's commands. Every refusal leaves an
 * audit row. Binding: one account per person, made one by one or for an agency.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/dbfix.h"
#include "common/shrun.h"
#include "common/term.h"
#include "common/tmpdir.h"
#include "db/account.h"
#include "db/account_self.h"
#include "db/assets.h"
#include "db/audit.h"
#include "db/org.h"
#include "db/person.h"
#include "db/proposal.h"
#include "db/search.h"
#include "db/stat.h"
#include "db/viewers.h"
#include "report/resume_2c.h"
#include "core/record.h"
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_A "001089001234"	/* the account's own person */
#define ID_B "001089005678"	/* a colleague of the same agency */

static int
count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
add_training(struct db *db, const struct actor *sys, int64_t person)
{
	struct record *t = record_new();
	record_set(t, "date_from", "2007-09-01");
	record_set(t, "date_to", "2011-06-30");
	record_set(t, "institution", "Học viện Hành chính");
	char *err = NULL;
	if (db_item_save(db, sys, person, "training", t, &err) != DB_OK)
		fail_msg("training: %s", err);
	record_free(t);
}

static void
test_data_layer_refuses_others(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("self");
	int64_t a = dbfix_person(e->db, &e->sys, ID_A, "Nguyễn Văn An", "1989-05-12", "M",
	    FIX_HN_NV);
	int64_t b = dbfix_person(e->db, &e->sys, ID_B, "Nguyễn Văn Bình", "1989-07-01", "M",
	    FIX_HN_NV);
	add_training(e->db, &e->sys, a);
	add_training(e->db, &e->sys, b);
	char *err = NULL;
	assert_int_equal(db_account_add_self(e->db, &e->sys, "an", ID_A, "mat-khau-123",
	    NULL, &err), DB_OK);
	/* One account per person. */
	assert_int_equal(db_account_add_self(e->db, &e->sys, "an2", ID_A, "mat-khau-123",
	    NULL, &err), DB_CONFLICT);
	free(err);
	err = NULL;
	struct actor me;
	assert_int_equal(db_account_actor(e->db, "an", "test", &me, &err), DB_OK);
	assert_int_equal(me.role, ROLE_SELF);
	assert_int_equal(me.person_id, a);

	/* Its own record, sub-records and résumé. */
	struct record *r = NULL;
	assert_int_equal(db_person_get(e->db, &me, a, "open", &r, &err), DB_OK);
	record_free(r);
	struct record **items;
	int n;
	assert_int_equal(db_item_list(e->db, &me, a, "training", &items, &n, &err), DB_OK);
	assert_int_equal(n, 1);
	db_records_free(items, n);
	char *res = resume_2c_new(e->db, &me, a, &err);
	assert_non_null(res);
	free(res);

	/* Nobody else's, by any read. */
	int before = count(e->db, "SELECT count(*) FROM audit WHERE action = 'refused view'"
	    " AND actor = 'an'");
	assert_int_equal(db_person_get(e->db, &me, b, "open", &r, &err), DB_NOTFOUND);
	free(err);
	assert_int_equal(db_person_get_by_idnum(e->db, &me, ID_B, "show", &r, &err),
	    DB_NOTFOUND);
	free(err);
	assert_int_equal(db_item_list(e->db, &me, b, "training", &items, &n, &err),
	    DB_NOTFOUND);
	free(err);
	err = NULL;
	assert_null(resume_2c_new(e->db, &me, b, &err));
	free(err);
	err = NULL;
	assert_int_equal(count(e->db, "SELECT count(*) FROM audit WHERE action ="
	    " 'refused view' AND actor = 'an'"), before + 4);

	/* Search finds the one person, whatever is typed. */
	struct search_query q = { .text = "Nguyễn Văn", .log = 1 };
	struct search_hit *hits;
	int more;
	assert_int_equal(db_search(e->db, &me, &q, &hits, &n, &more, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].id, a);
	free(hits);
	q.text = ID_B;
	assert_int_equal(db_search(e->db, &me, &q, &hits, &n, &more, &err), DB_OK);
	assert_int_equal(n, 0);
	free(hits);
	q.text = NULL;
	q.org_code = FIX_HN_NV;
	assert_int_equal(db_search(e->db, &me, &q, &hits, &n, &more, &err), DB_INVALID);
	free(err);
	err = NULL;

	/* Reports and agency lists: none. */
	struct org_info org;
	assert_int_equal(db_stat_scope(e->db, &me, FIX_HN_NV, &org, &err), DB_DENIED);
	free(err);
	err = NULL;
	struct org_info *orgs;
	assert_int_equal(db_org_list(e->db, &me, &orgs, &n, &err), DB_OK);
	assert_int_equal(n, 0);
	free(orgs);

	/* An account of the role that is bound to nobody sees nobody. */
	struct actor loose;
	dbfix_account(e->db, "loose", ROLE_SELF, FIX_HN_NV, &loose);
	assert_int_equal(db_person_get(e->db, &loose, a, "open", &r, &err), DB_NOTFOUND);
	free(err);
	q.text = "Nguyễn";
	q.org_code = NULL;
	assert_int_equal(db_search(e->db, &loose, &q, &hits, &n, &more, &err), DB_OK);
	assert_int_equal(n, 0);
	free(hits);
	dbfix_env_free(e);
}

/* A person proposes, clerks of the agency decide: returned with a reason, approved
 * (written, audited naming both), corrected then approved; a field changed
 * meanwhile is a conflict; what is not theirs to declare is refused. */
static void
test_proposals(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("propose");
	int64_t a = dbfix_person(e->db, &e->sys, ID_A, "Nguyễn Văn An", "1989-05-12", "M",
	    FIX_HN_NV);
	char *err = NULL;
	assert_int_equal(db_account_add_self(e->db, &e->sys, "an", ID_A, "mat-khau-123",
	    NULL, &err), DB_OK);
	struct actor me, clerk, far;
	assert_int_equal(db_account_actor(e->db, "an", "test", &me, &err), DB_OK);
	dbfix_account(e->db, "canbo", ROLE_CLERK, FIX_HN, &clerk);
	dbfix_account(e->db, "canbo.hcm", ROLE_CLERK, FIX_HCM, &far);

	/* Not theirs: the agency, a work-history row. */
	struct record *r = record_new();
	record_set(r, "org_code", FIX_HCM_YT);
	int64_t pid;
	assert_int_equal(db_proposal_submit(e->db, &me, "person", 0, r, &pid, &err),
	    DB_INVALID);
	free(err);
	record_free(r);
	r = record_new();
	record_set(r, "date_from", "2012-01-01");
	record_set(r, "agency", "Sở Nội vụ");
	assert_int_equal(db_proposal_submit(e->db, &me, "work", 0, r, &pid, &err),
	    DB_INVALID);
	free(err);
	record_free(r);
	/* A clerk proposes nothing: it writes. */
	r = record_new();
	record_set(r, "phone", "0912345678");
	assert_int_equal(db_proposal_submit(e->db, &clerk, "person", 0, r, &pid, &err),
	    DB_DENIED);
	free(err);

	/* A phone number, returned with a reason. */
	int64_t p_phone;
	assert_int_equal(db_proposal_submit(e->db, &me, "person", 0, r, &p_phone, &err),
	    DB_OK);
	record_free(r);
	assert_int_equal(db_proposal_return(e->db, &clerk, p_phone, "", &err), DB_INVALID);
	free(err);
	assert_int_equal(db_proposal_return(e->db, &far, p_phone, "sai", &err), DB_NOTFOUND);
	free(err);
	assert_int_equal(db_proposal_return(e->db, &me, p_phone, "tự duyệt", &err),
	    DB_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(db_proposal_return(e->db, &clerk, p_phone, "Số máy không đúng",
	    &err), DB_OK);
	struct proposal p;
	assert_int_equal(db_proposal_get(e->db, &me, p_phone, &p, &err), DB_OK);
	assert_string_equal(p.state, "returned");
	assert_string_equal(p.reason, "Số máy không đúng");
	assert_string_equal(record_get(p.after, "phone"), "0912345678");
	assert_string_equal(record_get(p.before, "phone"), "");
	db_proposal_clear(&p);

	/* A training row, approved: in the record, both people in the audit. */
	r = record_new();
	record_set(r, "date_from", "01/09/2015");
	record_set(r, "date_to", "30/06/2017");
	record_set(r, "institution", "Học viện Hành chính Quốc gia");
	int64_t p_train;
	assert_int_equal(db_proposal_submit(e->db, &me, "training", 0, r, &p_train, &err),
	    DB_OK);
	record_free(r);
	struct record **items;
	int n;
	assert_int_equal(db_item_list(e->db, &e->sys, a, "training", &items, &n, &err),
	    DB_OK);
	assert_int_equal(n, 0);	/* not written by proposing */
	db_records_free(items, n);
	struct proposal *v;
	assert_int_equal(db_proposal_list(e->db, &clerk, "pending", &v, &n, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, p_train);
	db_proposals_free(v, n);
	assert_int_equal(db_proposal_list(e->db, &far, NULL, &v, &n, &err), DB_OK);
	assert_int_equal(n, 0);
	db_proposals_free(v, n);
	assert_int_equal(db_proposal_approve(e->db, &clerk, p_train, NULL, &err), DB_OK);
	assert_int_equal(db_item_list(e->db, &e->sys, a, "training", &items, &n, &err),
	    DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(record_get(items[0], "date_from"), "2015-09-01");
	int64_t row = items[0]->id;
	db_records_free(items, n);
	assert_int_equal(count(e->db, "SELECT count(*) FROM audit WHERE action = 'approve'"
	    " AND actor = 'canbo' AND after LIKE '%\"proposed_by\":\"an\"%'"), 1);
	assert_int_equal(db_proposal_approve(e->db, &clerk, p_train, NULL, &err),
	    DB_CONFLICT);
	free(err);
	err = NULL;

	/* A change to that row, corrected by the clerk before approval. */
	r = record_new();
	record_set(r, "subject", "Quản lý công");
	int64_t p_fix;
	assert_int_equal(db_proposal_submit(e->db, &me, "training", row, r, &p_fix, &err),
	    DB_OK);
	record_free(r);
	r = record_new();
	record_set(r, "subject", "Quản lý công (thạc sĩ)");
	assert_int_equal(db_proposal_approve(e->db, &clerk, p_fix, r, &err), DB_OK);
	record_free(r);
	assert_int_equal(db_item_list(e->db, &me, a, "training", &items, &n, &err), DB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(record_get(items[0], "subject"), "Quản lý công (thạc sĩ)");
	db_records_free(items, n);

	/* Changed by the agency since it was proposed: a conflict, nothing written. */
	r = record_new();
	record_set(r, "email", "an@example.vn");
	int64_t p_mail;
	assert_int_equal(db_proposal_submit(e->db, &me, "person", 0, r, &p_mail, &err),
	    DB_OK);
	record_free(r);
	assert_int_equal(db_person_get(e->db, &clerk, a, NULL, &r, &err), DB_OK);
	record_set(r, "email", "an.nguyen@example.vn");
	assert_int_equal(db_person_update(e->db, &clerk, r, &err), DB_OK);
	record_free(r);
	assert_int_equal(db_proposal_approve(e->db, &clerk, p_mail, NULL, &err), DB_CONFLICT);
	assert_non_null(strstr(err, "an.nguyen@example.vn"));
	free(err);
	err = NULL;
	/* A field of the record itself, approved: written through the usual save. */
	r = record_new();
	record_set(r, "place_of_residence", "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội");
	int64_t p_home;
	assert_int_equal(db_proposal_submit(e->db, &me, "person", 0, r, &p_home, &err),
	    DB_OK);
	record_free(r);
	assert_int_equal(db_proposal_approve(e->db, &clerk, p_home, NULL, &err), DB_OK);
	assert_int_equal(db_person_get(e->db, &me, a, NULL, &r, &err), DB_OK);
	assert_string_equal(record_get(r, "place_of_residence"),
	    "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội");
	assert_string_equal(record_get(r, "email"), "an.nguyen@example.vn");
	record_free(r);
	assert_int_equal(db_proposal_list(e->db, &me, NULL, &v, &n, &err), DB_OK);
	assert_int_equal(n, 5);
	assert_string_equal(v[0].state, "approved");
	assert_string_equal(v[1].state, "pending");
	db_proposals_free(v, n);
	dbfix_env_free(e);
}

/* Who looked: a clerk's view and search of the person show to them, a colleague's
 * record does not, their own reads are left out; an administrator sees what the
 * clerk looked at; neither list is open to the wrong account. */
static void
test_viewers(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("viewers");
	int64_t a = dbfix_person(e->db, &e->sys, ID_A, "Nguyễn Văn An", "1989-05-12", "M",
	    FIX_HN_NV);
	int64_t b = dbfix_person(e->db, &e->sys, ID_B, "Trần Văn Bình", "1989-07-01", "M",
	    FIX_HN_NV);
	char *err = NULL;
	assert_int_equal(db_account_add_self(e->db, &e->sys, "an", ID_A, "mat-khau-123",
	    NULL, &err), DB_OK);
	struct actor me, clerk, admin, far;
	assert_int_equal(db_account_actor(e->db, "an", "test", &me, &err), DB_OK);
	dbfix_account(e->db, "canbo", ROLE_CLERK, FIX_HN, &clerk);
	dbfix_account(e->db, "quantri", ROLE_AGENCY_ADMIN, FIX_HN, &admin);
	dbfix_account(e->db, "quantri.hcm", ROLE_AGENCY_ADMIN, FIX_HCM, &far);

	struct record *r;
	assert_int_equal(db_person_get(e->db, &me, a, "open", &r, &err), DB_OK);
	record_free(r);
	assert_int_equal(db_person_get(e->db, &clerk, a, "open", &r, &err), DB_OK);
	record_free(r);
	assert_int_equal(db_person_get(e->db, &clerk, b, "open", &r, &err), DB_OK);
	record_free(r);
	struct search_query q = { .text = "Nguyễn", .log = 1 };
	struct search_hit *hits;
	int n, more;
	assert_int_equal(db_search(e->db, &clerk, &q, &hits, &n, &more, &err), DB_OK);
	assert_int_equal(n, 1);
	free(hits);
	q.text = "Trần";
	assert_int_equal(db_search(e->db, &clerk, &q, &hits, &n, &more, &err), DB_OK);
	free(hits);

	struct viewer_row *v;
	assert_int_equal(db_viewers_of(e->db, &me, a, &v, &n, &err), DB_OK);
	/* The clerk's search and view, and the look-up that made the account. */
	assert_int_equal(n, 3);
	assert_string_equal(v[0].actor, "canbo");
	assert_string_equal(v[0].action, "search");
	assert_string_equal(v[1].action, "view");
	assert_string_equal(v[2].detail, "bind account");
	free(v);
	/* Not someone else's; an administrator of the agency, yes; of another, no. */
	assert_int_equal(db_viewers_of(e->db, &me, b, &v, &n, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_viewers_of(e->db, &clerk, a, &v, &n, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_viewers_of(e->db, &far, a, &v, &n, &err), DB_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(db_viewers_of(e->db, &admin, a, &v, &n, &err), DB_OK);
	assert_int_equal(n, 4);	/* the person's own view too */
	free(v);
	/* What the clerk looked at: two views, two searches. */
	assert_int_equal(db_viewed_by(e->db, &admin, "canbo", &v, &n, &err), DB_OK);
	assert_int_equal(n, 4);
	free(v);
	assert_int_equal(db_viewed_by(e->db, &me, "canbo", &v, &n, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_viewed_by(e->db, &far, "canbo", &v, &n, &err), DB_DENIED);
	free(err);
	dbfix_env_free(e);
}

/* Asset declarations: an increase above the threshold asks for its origin; a
 * submitted declaration never changes, a correction is a new version; a viewer and
 * a clerk cannot read it (refusals audited), a designated officer and a national
 * administrator can (reads audited). */
static void
test_assets(void **state)
{
	(void)state;
	struct dbfix_env *e = dbfix_env_new("assets");
	int64_t a = dbfix_person(e->db, &e->sys, ID_A, "Nguyễn Văn An", "1989-05-12", "M",
	    FIX_HN_NV);
	dbfix_person(e->db, &e->sys, ID_B, "Trần Văn Bình", "1989-07-01", "M", FIX_HN_NV);
	char *err = NULL;
	assert_int_equal(db_account_add_self(e->db, &e->sys, "an", ID_A, "mat-khau-123",
	    NULL, &err), DB_OK);
	assert_int_equal(db_account_add_self(e->db, &e->sys, "binh", ID_B, "mat-khau-123",
	    NULL, &err), DB_OK);
	struct actor me, other, viewer, clerk;
	assert_int_equal(db_account_actor(e->db, "an", "test", &me, &err), DB_OK);
	assert_int_equal(db_account_actor(e->db, "binh", "test", &other, &err), DB_OK);
	dbfix_account(e->db, "xem", ROLE_VIEWER, FIX_HN, &viewer);
	dbfix_account(e->db, "canbo", ROLE_CLERK, FIX_HN, &clerk);

	struct record *amt = record_new(), *orig = record_new();
	record_set(amt, "land", "1500000000");
	record_set(amt, "money", "100000000");
	int64_t first, yearly, fixed;
	assert_int_equal(db_asset_submit(e->db, &me, "first", 2026, amt, orig, &first, &err),
	    DB_OK);
	/* Money up 400 million: where from? */
	record_set(amt, "money", "500000000");
	assert_int_equal(db_asset_submit(e->db, &me, "yearly", 2026, amt, orig, &yearly,
	    &err), DB_INVALID);
	assert_non_null(strstr(err, "400000000"));
	free(err);
	record_set(amt, "gold", "1");
	record_set(amt, "land", "1,5 tỷ");
	assert_int_equal(db_asset_submit(e->db, &me, "yearly", 2026, amt, orig, &yearly,
	    &err), DB_INVALID);
	free(err);
	record_free(amt);
	amt = record_new();
	record_set(amt, "land", "1500000000");
	record_set(amt, "money", "500000000");
	record_set(orig, "money", "Bán xe ô tô");
	assert_int_equal(db_asset_submit(e->db, &me, "yearly", 2026, amt, orig, &yearly,
	    &err), DB_OK);
	/* A correction: a new version naming the one it corrects. */
	record_set(amt, "income", "240000000");
	assert_int_equal(db_asset_submit(e->db, &me, "yearly", 2026, amt, orig, &fixed,
	    &err), DB_OK);
	struct asset_decl d;
	assert_int_equal(db_asset_get(e->db, &me, fixed, &d, &err), DB_OK);
	assert_int_equal(d.version, 2);
	assert_int_equal(d.supersedes, yearly);
	assert_string_equal(record_get(d.origins, "money"), "Bán xe ô tô");
	db_asset_clear(&d);
	/* Submitted means immutable, even to SQL. */
	assert_int_not_equal(sqlite3_exec(db_sqlite(e->db), "UPDATE asset_decl SET"
	    " amounts = '{}'", NULL, NULL, NULL), SQLITE_OK);
	/* A clerk proposes nothing here: the person declares. */
	int64_t none;
	assert_int_equal(db_asset_submit(e->db, &clerk, "first", 2026, amt, orig, &none,
	    &err), DB_DENIED);
	free(err);
	record_free(amt);
	record_free(orig);

	/* Who may read. */
	struct asset_decl *v;
	int n;
	assert_int_equal(db_asset_list(e->db, &viewer, a, &v, &n, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_asset_get(e->db, &viewer, fixed, &d, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_asset_get(e->db, &clerk, fixed, &d, &err), DB_DENIED);
	free(err);
	assert_int_equal(db_asset_get(e->db, &other, fixed, &d, &err), DB_DENIED);
	free(err);
	assert_int_equal(count(e->db, "SELECT count(*) FROM audit WHERE entity = 'asset_decl'"
	    " AND action = 'refused view'"), 4);
	assert_int_equal(db_account_set_asset_officer(e->db, &clerk, "canbo", true, &err),
	    DB_DENIED);
	free(err);
	err = NULL;
	assert_int_equal(db_account_set_asset_officer(e->db, &e->sys, "canbo", true, &err),
	    DB_OK);
	assert_int_equal(db_account_actor(e->db, "canbo", "test", &clerk, &err), DB_OK);
	assert_int_equal(db_asset_list(e->db, &clerk, a, &v, &n, &err), DB_OK);
	assert_int_equal(n, 3);
	db_assets_free(v, n);
	assert_int_equal(db_asset_get(e->db, &e->sys, first, &d, &err), DB_OK);
	db_asset_clear(&d);
	assert_int_equal(count(e->db, "SELECT count(*) FROM audit WHERE entity = 'asset_decl'"
	    " AND action = 'view' AND actor IN ('canbo', 'system')"), 2);
	/* The amounts stay out of the audit trail. */
	assert_int_equal(count(e->db, "SELECT count(*) FROM audit WHERE"
	    " after LIKE '%500000000%'"), 0);
	dbfix_env_free(e);
}

/* The same through the real program: --user names the self account. */
static void
test_commands_refuse_others(void **state)
{
	(void)state;
	char hoso[PATH_MAX + 16];
	if (realpath(term_hoso_path(), hoso) == NULL)
		fail_msg("no hoso program at %s", term_hoso_path());
	char *dir = tmpdir_new("selfcli");
	shrun_write(dir, "orgs.csv", "code,name,parent_code\n"
	    "000.00.00.H01,UBND thành phố Hà Nội,\n000.00.01.H01,Sở Nội vụ Hà Nội,000.00.00.H01\n");
	shrun_write(dir, "people.csv", "id_number,full_name,date_of_birth,sex,staff_category,org_code\n"
	    ID_A ",Nguyễn Văn An,1989-05-12,Nam,cong_chuc,000.00.01.H01\n"
	    ID_B ",Nguyễn Văn Bình,1989-07-01,Nam,cong_chuc,000.00.01.H01\n"
	    "001189000011,Lê Thị Cúc,1989-01-01,Nữ,cong_chuc,000.00.01.H01\n");
	char *out = NULL;
	if (shrun(dir, &out, "%s org import orgs.csv --db t.db && %s import people.csv --db t.db"
	    " && echo mat-khau-123 | %s user add tu.an --role self --person " ID_A
	    " --password-stdin --db t.db", hoso, hoso, hoso) != 0)
		fail_msg("set-up: %s", out);
	free(out);
	/* A self account without its person is refused: it would see nobody. */
	assert_int_equal(shrun(dir, &out, "echo mat-khau-123 | %s user add lac --role self"
	    " --org 000.00.01.H01 --password-stdin --db t.db", hoso), 2);
	free(out);

	assert_int_equal(shrun(dir, &out, "%s show " ID_A " --user tu.an --db t.db", hoso), 0);
	assert_non_null(strstr(out, "Nguyễn Văn An"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s show " ID_B " --user tu.an --db t.db", hoso), 1);
	assert_null(strstr(out, "Bình"));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s search Nguyễn --user tu.an --db t.db", hoso), 0);
	assert_non_null(strstr(out, ID_A));
	assert_null(strstr(out, ID_B));
	free(out);
	assert_int_equal(shrun(dir, &out, "%s report summary --org 000.00.01.H01 --user tu.an"
	    " --db t.db", hoso), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s export x.csv --user tu.an --db t.db", hoso), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT count(*) FROM audit WHERE"
	    " action = 'refused view' AND actor = 'tu.an'\""), 0);
	assert_int_equal(atoi(out), 1);
	free(out);

	/* The agency's everyone else: one line each, first password once. */
	assert_int_equal(shrun(dir, &out, "%s user add-self --org 000.00.00.H01 --db t.db"
	    " 2>/dev/null", hoso), 0);
	assert_null(strstr(out, ID_A));
	char pw[16];
	const char *line = strstr(out, ID_B "\t");
	assert_non_null(line);
	assert_int_equal(sscanf(line + 13, "%15s", pw), 1);
	assert_int_equal(strlen(pw), 12);
	assert_non_null(strstr(out, "001189000011\t"));
	free(out);
	/* The password printed is the one that signs in, and only that person. */
	assert_int_equal(shrun(dir, &out, "%s show " ID_B " --user " ID_B " --db t.db", hoso), 0);
	free(out);
	assert_int_equal(shrun(dir, &out, "%s show " ID_A " --user " ID_B " --db t.db", hoso), 1);
	free(out);
	assert_int_equal(shrun(dir, &out, "sqlite3 t.db \"SELECT count(*) FROM account WHERE"
	    " role = 'self' AND person_id IS NOT NULL\""), 0);
	assert_int_equal(atoi(out), 3);
	free(out);
	/* Again: nobody is left without one. */
	assert_int_equal(shrun(dir, &out, "%s user add-self --org 000.00.00.H01 --db t.db"
	    " 2>/dev/null", hoso), 0);
	assert_string_equal(out, "");
	free(out);
	tmpdir_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_layer_refuses_others),
		cmocka_unit_test(test_commands_refuse_others),
		cmocka_unit_test(test_proposals),
		cmocka_unit_test(test_viewers),
		cmocka_unit_test(test_assets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
