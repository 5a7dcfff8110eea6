/*
 * The message line above the key bar. A message (information or error) stays until
 * the next key; under it lies a hint (the help line of the current field) that
 * shows whenever there is no message. Text is copied; callers keep nothing.
 */
#ifndef HOSO_UI_STATUS_H
#define HOSO_UI_STATUS_H

void status_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void status_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void status_hint(const char *text);	/* NULL clears */
/* A key arrived: the message has been seen. */
void status_key(void);
void status_clear(void);
void status_draw(int y, int width);
#endif
