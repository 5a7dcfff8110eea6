/*
 * The screen-test harness: run a real program on a pseudo-terminal, type keys into
 * it, and read what a person would see through libvterm (an xterm-like emulator).
 * Shared by the screen, SSH and bench tests.
 *
 * The emulator screen only changes inside term_pump and the term_wait_* calls, so a
 * test reads a stable picture between them. Every byte the program writes is
 * counted (term_bytes_read): that is how bandwidth is measured.
 *
 * Waits never sleep blindly: they pump output until the condition holds or the
 * time runs out, so tests are as fast as the program and still bounded.
 */
#ifndef HOSO_TEST_TERM_H
#define HOSO_TEST_TERM_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct term;

/*
 * Start argv (argv[0] found through PATH) on a new pty of rows x cols with
 * TERM=xterm-256color and LANG=C.UTF-8 (LC_ALL unset). env, if not NULL, is a
 * NULL-terminated list applied afterwards: "NAME=VALUE" sets, "NAME" alone unsets.
 * Never returns NULL: a failure to fork or open the pty fails the test process.
 */
struct term *term_spawn(char *const argv[], char *const env[], int rows, int cols);

/* Write bytes to the program as if typed. */
void term_send(struct term *t, const char *bytes);
void term_sendn(struct term *t, const char *bytes, size_t n);
/*
 * Send one named key as xterm sends it in keypad mode: "F1".."F12", "Up", "Down",
 * "Left", "Right", "Home", "End", "PgUp", "PgDn", "Ins", "Del", "Tab", "S-Tab",
 * "Enter", "Esc", "BS", "C-a".."C-z" (Ctrl letter), "M-a".."M-z" (Alt letter: Esc
 * then the letter). An unknown name fails the test process.
 */
void term_send_key(struct term *t, const char *name);
/* The byte sequence term_send_key would send, or NULL for an unknown name. */
const char *term_key_seq(const char *name);

/* Read what the program wrote for up to timeout_ms (0: only what is ready).
 * Returns the number of bytes read; -1 once the program closed the pty. */
long term_pump(struct term *t, int timeout_ms);
/* Pump until the screen shows text (anywhere, within one row), or time is up. */
bool term_wait_text(struct term *t, const char *text, int timeout_ms);
/* Pump until the screen no longer shows text, or time is up. */
bool term_wait_gone(struct term *t, const char *text, int timeout_ms);
/* Pump until no output arrives for quiet_ms. Returns the milliseconds from the
 * last term_send* to the last byte of output (0 if none came), or -1 if output
 * never went quiet within timeout_ms. */
double term_settle(struct term *t, int quiet_ms, int timeout_ms);

/* The same, but first wait (up to timeout_ms) for output to begin after the last
 * term_send*: for timing keys whose answer may take longer than quiet_ms to
 * start (a database write). Returns 0 if no output came at all. */
double term_settle_answer(struct term *t, int quiet_ms, int timeout_ms);

/* The screen as text: rows joined by '\n', trailing spaces cut. The returned
 * string belongs to t and changes at the next call to either function. */
const char *term_screen_text(struct term *t);
const char *term_row(struct term *t, int row);
/* True when the screen shows text now (no pumping). */
bool term_has_text(struct term *t, const char *text);
/* Row of the first line that contains text, or -1. */
int  term_find_row(struct term *t, const char *text);
/* Cursor position (0-based). */
void term_cursor(struct term *t, int *row, int *col);
/* Attributes of one cell. */
bool term_cell_reverse(struct term *t, int row, int col);
bool term_cell_bold(struct term *t, int row, int col);
/* Set apart from plain text: reverse video or a background colour (how a
 * program marks the selected row, with colour or without). */
bool term_cell_marked(struct term *t, int row, int col);
/* Drawn in a colour of its own, foreground or background. */
bool term_cell_coloured(struct term *t, int row, int col);
/* Character (code point) and width in columns of one cell; 0 if empty. */
unsigned term_cell_char(struct term *t, int row, int col, int *width);
void term_size(struct term *t, int *rows, int *cols);

/* Bytes written by the program since spawn or the last term_bytes_reset. */
size_t term_bytes_read(struct term *t);
void   term_bytes_reset(struct term *t);
/* Keep every byte the program writes from now on (raw, escapes included), for a
 * test of what reaches the terminal beyond the screen (printer passthrough). */
void        term_raw_reset(struct term *t);
/* The bytes kept (NUL-terminated too); owned by t. */
const char *term_raw(struct term *t, size_t *len);

/* Change the window size as a terminal would: TIOCSWINSZ (the program gets
 * SIGWINCH) and the emulator's size. */
void term_resize(struct term *t, int rows, int cols);
/* Drop the link: close the pty master, so the program gets SIGHUP. */
void term_hangup(struct term *t);
pid_t term_pid(struct term *t);

/*
 * Wait up to timeout_ms for the program to exit (pumping its output meanwhile),
 * then free everything. Returns the exit status, 128+N if a signal N ended it, or
 * -1 if it had to be killed because it did not exit in time.
 */
int  term_close(struct term *t, int timeout_ms);

/* Print the screen to stderr with a title: call before failing an assertion. */
void term_dump(struct term *t, const char *title);

/* Path of the program under test: $HOSO_BIN, else $BUILD/hoso, else build/hoso. */
const char *term_hoso_path(void);
#endif
