/* Screen-test fixtures; see uifix.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/uifix.h"
#include "common/dbfix.h"
#include "common/tmpdir.h"
#include "db/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Generous: a loaded test machine must not fail a correct program. */
#define WAIT_MS 8000

void
uifix_setup(struct uifix *u)
{
	memset(u, 0, sizeof *u);
	u->dir = tmpdir_new("screen");
	u->db_path = tmpdir_path(u->dir, "hoso.db");
	struct db *db = dbfix_open(u->dir);
	struct actor clerk, other;
	dbfix_account(db, "clerk", ROLE_CLERK, FIX_HN_NV, &clerk);
	dbfix_account(db, "clerk2", ROLE_CLERK, FIX_HN_NV, &other);
	dbfix_account(db, "viewer", ROLE_VIEWER, FIX_HN, &other);
	dbfix_account(db, "admin", ROLE_NATIONAL_ADMIN, FIX_HN, &other);
	u->an = dbfix_person(db, &clerk, "001085012345", "Nguyễn Văn An", "1985-05-15",
	    "M", FIX_HN_NV);
	u->binh = dbfix_person(db, &clerk, "001190012346", "Trần Thị Bình", "1990-02-03", "F",
	    FIX_HN_NV);
	u->cuong = dbfix_person(db, &clerk, "001078012347", "Lê Đức Cường", "1978-11-20", "M",
	    FIX_HN_NV);
	u->dung = dbfix_person(db, &clerk, "001192012348", "Phạm Thị Dung", "1992-07-09", "F",
	    FIX_HN_NV);
	for (int i = 0; i < UIFIX_MANY; i++) {
		char id[32], name[64];
		snprintf(id, sizeof id, "0010800%05d", 100 + i);
		snprintf(name, sizeof name, "Hoàng Văn Số %02d", i + 1);
		dbfix_person(db, &clerk, id, name, "1980-01-01", "M", FIX_HN_NV);
	}
	db_close(db);
}

void
uifix_teardown(struct uifix *u)
{
	free(u->db_path);
	tmpdir_remove(u->dir);
	u->dir = NULL;
}

struct term *
uifix_start(struct uifix *u, const char *const *args, char *const *env, int rows,
    int cols)
{
	const char *argv[24];
	int n = 0;
	argv[n++] = term_hoso_path();
	argv[n++] = "ui";
	argv[n++] = "--db";
	argv[n++] = u->db_path;
	for (int i = 0; args != NULL && args[i] != NULL && n < 22; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return term_spawn((char *const *)argv, env, rows, cols);
}

void
uifix_expect(struct term *t, const char *text)
{
	if (!term_wait_text(t, text, WAIT_MS)) {
		term_dump(t, text);
		fail_msg("the screen never showed \"%s\"", text);
	}
	/* The text may come early in a frame: read the rest of it too. */
	term_settle(t, 40, WAIT_MS);
}

void
uifix_expect_gone(struct term *t, const char *text)
{
	if (!term_wait_gone(t, text, WAIT_MS)) {
		term_dump(t, text);
		fail_msg("the screen kept showing \"%s\"", text);
	}
	term_settle(t, 40, WAIT_MS);
}

void
uifix_type(struct term *t, const char *text)
{
	term_send(t, text);
	term_settle(t, 60, WAIT_MS);
}

void
uifix_key(struct term *t, const char *key)
{
	term_send_key(t, key);
	term_settle(t, 60, WAIT_MS);
}

void
uifix_signin(struct term *t, const char *user, const char *lang)
{
	bool en = lang != NULL && strcmp(lang, "en") == 0;
	uifix_expect(t, en ? "Password:" : "Mật khẩu:");
	term_send(t, user);
	term_send_key(t, "Tab");
	term_send(t, UIFIX_PASSWORD);
	term_send_key(t, "Enter");
	uifix_expect(t, en ? "1  Find a person's record" : "1  Tìm hồ sơ");
}

void
uifix_hangup(struct term *t)
{
	term_hangup(t);
	int st = term_close(t, WAIT_MS);
	if (st != 1)
		fail_msg("after a hangup the program ended with %d, not 1", st);
}

int
uifix_cm_setup(void **state)
{
	static struct uifix u;
	uifix_setup(&u);
	*state = &u;
	return 0;
}

int
uifix_cm_teardown(void **state)
{
	uifix_teardown(*state);
	return 0;
}
