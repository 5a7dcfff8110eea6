/*
 * Vietnamese alphabetical order, as dictionaries and staff lists use it: the
 * letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z in
 * their Latin places), a name compared syllable by syllable, each syllable by its
 * letters first and then by its tone: none, huyền, hỏi, ngã, sắc, nặng. So "Anh"
 * comes before "Ánh", "Dương" before "Đặng", "Anh Cường" before "Ánh Bình". Case
 * decides last. Byte order gets all of these wrong.
 */
#ifndef HOSO_CORE_COLLATE_VI_H
#define HOSO_CORE_COLLATE_VI_H
#include <stddef.h>

/* Write the sort key of the first len bytes of utf8 into out (at most cap bytes):
 * keys compared with memcmp, the shorter first on a tie, order as above. Returns
 * the key's length (at most cap; a longer one is cut, which only matters for
 * names that agree in their first cap/3 or so characters). */
size_t vi_sortkey(const char *utf8, size_t len, unsigned char *out, size_t cap);
/* <0, 0, >0 as a comes before, with or after b (lengths in bytes). */
int    vi_collate(const char *a, size_t la, const char *b, size_t lb);
#endif
