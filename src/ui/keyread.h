/*
 * Keys read from the terminal whole, whatever client sent them (see keyread.c):
 * every escape sequence is read to its last byte and either mapped to one key
 * or dropped, so no part of one is ever typed into a field.
 */
#ifndef HOSO_UI_KEYREAD_H
#define HOSO_UI_KEYREAD_H
#include <stddef.h>

/* What keyread_seq says of the bytes after an Esc besides a key. */
#define KEYREAD_MORE	(-1)	/* a sequence so far: read on */
#define KEYREAD_DROP	(-2)	/* a whole sequence no client means as a key */
#define KEYREAD_NOSEQ	(-3)	/* the last byte cannot be in this sequence */

/* The Esc delay from ESCDELAY (milliseconds), else 100. Call once, before use. */
void keyread_init(void);
/* The next key (keys.h) within wait_ms (negative: wait for one), or 0 when none
 * came. Dropped sequences do not end the wait. Needs curses started with keypad
 * off (the sequences are ours to read). */
int  keyread_get(int wait_ms);
/* Make key the next one keyread_get returns, before anything the terminal sent. */
void keyread_push(int key);
/* The meaning of the n bytes that followed an Esc: a key, or one of the
 * KEYREAD_ values above. Pure: no terminal, for tests too. */
int  keyread_seq(const unsigned char *seq, size_t n);
#endif
