/*
 * The bottom line: the keys of the current screen, "F2 Lưu  F4 Sửa  Esc Thoát".
 * With room it also shows the Ctrl fallbacks ("F2/^S Lưu"); when short of room it
 * drops them first, then keeps fewer whole words of each label, then leaves out
 * the last entries (F1 lists every key); a word is never cut.
 */
#ifndef HOSO_UI_KEYBAR_H
#define HOSO_UI_KEYBAR_H
#include "ui/keys.h"

void keybar_draw(int y, int width, const struct screen_key *keys);
/* One line per action for the help dialog: "F2  Ctrl-S  Alt-S   Save". Caller
 * frees. */
char *keybar_help_new(const struct screen_key *keys);
#endif
