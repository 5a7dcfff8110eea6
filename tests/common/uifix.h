/*
 * Fixtures for screen tests: a database with the agency tree of dbfix, a few
 * accounts and people with Vietnamese names, and the real program started on a
 * pty against it. All accounts have the password "mat-khau-123".
 *
 *   clerk    ROLE_CLERK   Sở Nội vụ Hà Nội (FIX_HN_NV)
 *   clerk2   ROLE_CLERK   Sở Nội vụ Hà Nội
 *   viewer   ROLE_VIEWER  UBND TP Hà Nội (FIX_HN)
 *   admin    ROLE_NATIONAL_ADMIN
 *
 * People (all in FIX_HN_NV): Nguyễn Văn An 001085012345 (15/05/1985), Trần Thị
 * Bình 001190012346, Lê Đức Cường 001078012347, Phạm Thị Dung 001192012348, and
 * UIFIX_MANY more named "Hoàng Văn Số N" for paging.
 */
#ifndef HOSO_TEST_UIFIX_H
#define HOSO_TEST_UIFIX_H
#include <stdint.h>
#include "common/term.h"

#define UIFIX_MANY 45
#define UIFIX_PASSWORD "mat-khau-123"

struct uifix {
	char    *dir;
	char    *db_path;
	int64_t  an, binh, cuong, dung;	/* row ids of the four named people */
};

/* Make the directory and database; fails the test on any refusal. */
void uifix_setup(struct uifix *u);
void uifix_teardown(struct uifix *u);
/* The same as cmocka group or test set-up and teardown (*state is the fixture). */
int  uifix_cm_setup(void **state);
int  uifix_cm_teardown(void **state);
/* Start "hoso ui --db <db>" plus extra arguments (NULL-terminated, may be NULL)
 * at rows x cols, with extra environment entries as term_spawn takes them. */
struct term *uifix_start(struct uifix *u, const char *const *args,
    char *const *env, int rows, int cols);
/* Sign in as user from the sign-in screen and wait for the main menu (in the
 * language given: "vi" or "en"). Fails the test if the menu does not show. */
void uifix_signin(struct term *t, const char *user, const char *lang);
/* Wait for text or fail the test, dumping the screen. */
void uifix_expect(struct term *t, const char *text);
void uifix_expect_gone(struct term *t, const char *text);
/* Drop the link (SIGHUP) and check that the program ended as it should after
 * one: exit status 1, no crash, no sanitizer report. */
void uifix_hangup(struct term *t);

/* Assert on what shows now, dumping the screen when it is not so. */
#define UI_ASSERT_TEXT(t, s) do { \
	if (!term_has_text((t), (s))) { \
		term_dump((t), (s)); \
		fail_msg("the screen does not show \"%s\"", (s)); \
	} \
} while (0)
#define UI_ASSERT_NO_TEXT(t, s) do { \
	if (term_has_text((t), (s))) { \
		term_dump((t), (s)); \
		fail_msg("the screen shows \"%s\"", (s)); \
	} \
} while (0)

/* Type text, then wait until the output settles. */
void uifix_type(struct term *t, const char *text);
void uifix_key(struct term *t, const char *key);
#endif
