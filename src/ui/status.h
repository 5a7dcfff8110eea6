/*
 * The message line above the key bar. A message (information or error) stays until
 * the next key; under it lies a hint (the help line of the current field) that
 * shows whenever there is no message. Text is copied; callers keep nothing. A
 * text wider than the screen takes more lines (the screen above gives them up).
 * Opening or closing a screen clears both: nothing outlives the screen it was
 * about.
 */
#ifndef HOSO_UI_STATUS_H
#define HOSO_UI_STATUS_H

void status_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void status_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void status_hint(const char *text);	/* NULL clears */
/* The hint now shown (to put back when a screen over it closes). */
const char *status_hint_text(void);
/* A key arrived: the message has been seen. */
void status_key(void);
void status_clear(void);
/* Lines the message (or the hint) needs at this width, at most max: long texts
 * wrap at spaces instead of being cut. */
int  status_lines(int width, int max);
/* Draw it on nlines lines from y; a text longer still ends in an ellipsis. */
void status_draw(int y, int nlines, int width);
#endif
