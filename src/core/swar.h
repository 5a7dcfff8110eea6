/*
 * Eight bytes at a time ("SIMD within a register"), for the scans that run over every
 * byte of a national file. Each function answers for a word w of eight bytes loaded
 * with memcpy; the answer is nonzero exactly when some byte qualifies (which byte is
 * not said: the caller then looks byte by byte).
 */
#ifndef HOSO_SWAR_H
#define HOSO_SWAR_H
#include <stdint.h>

#define SWAR_ONES 0x0101010101010101ULL
#define SWAR_HIGH 0x8080808080808080ULL

/* Some byte of w equals c. */
static inline uint64_t
swar_has_byte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (SWAR_ONES * c);
	return (x - SWAR_ONES) & ~x & SWAR_HIGH;
}

/* Some byte of w is below n (n at most 0x80). */
static inline uint64_t
swar_has_below(uint64_t w, unsigned char n)
{
	return (w - SWAR_ONES * n) & ~w & SWAR_HIGH;
}

/* Some byte of w is 0x80 or above (not ASCII). */
static inline uint64_t
swar_has_high(uint64_t w)
{
	return w & SWAR_HIGH;
}
#endif
