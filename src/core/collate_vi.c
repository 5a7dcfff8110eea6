/*
 * Vietnamese alphabetical order (see collate_vi.h). A key holds, per syllable, one
 * byte per letter (its place in the alphabet), an end-of-syllable byte lower than
 * every letter (so "an" < "anh"), and the syllable's tone; after all syllables, a
 * 0 byte and one case byte per letter. Characters are taken apart with utf8proc
 * (NFD): a base letter, then the marks that make ă â ê ô ơ ư, then the tone mark.
 */
#include "core/collate_vi.h"

#include <string.h>
#include <utf8proc.h>

enum { K_END = 0x02, K_OTHER = 0x03, K_DIGIT = 0x10, K_LETTER = 0x20 };

/* Letter modifiers: which of a letter's marks make a letter of its own. */
enum { M_NONE, M_BREVE, M_CIRC, M_HORN };

static const struct { char base; char mod; } alphabet[] = {
	{'a', M_NONE}, {'a', M_BREVE}, {'a', M_CIRC}, {'b', 0}, {'c', 0}, {'d', 0},
	{'\1', 0},	/* đ */
	{'e', M_NONE}, {'e', M_CIRC}, {'f', 0}, {'g', 0}, {'h', 0}, {'i', 0}, {'j', 0},
	{'k', 0}, {'l', 0}, {'m', 0}, {'n', 0}, {'o', M_NONE}, {'o', M_CIRC},
	{'o', M_HORN}, {'p', 0}, {'q', 0}, {'r', 0}, {'s', 0}, {'t', 0},
	{'u', M_NONE}, {'u', M_HORN}, {'v', 0}, {'w', 0}, {'x', 0}, {'y', 0}, {'z', 0},
};

/* Tone of a combining mark, 1 (none) to 6 (nặng); 0 for a mark that is no tone. */
static int
tone_of(utf8proc_int32_t m)
{
	switch (m) {
	case 0x0300: return 2;	/* huyền */
	case 0x0309: return 3;	/* hỏi */
	case 0x0303: return 4;	/* ngã */
	case 0x0301: return 5;	/* sắc */
	case 0x0323: return 6;	/* nặng */
	default:     return 0;
	}
}

/* Place in the alphabet of a lower-case base letter with its modifier; -1 for
 * no letter. A modifier that makes no letter of its own (a circumflex on a c, in
 * a foreign name) is ignored. */
static int
letter_rank(utf8proc_int32_t base, int mod)
{
	if (base != 0x0111 && (base < 'a' || base > 'z'))
		return -1;
	char b = base == 0x0111 ? '\1' : (char)base;
	int plain = -1;
	for (size_t i = 0; i < sizeof alphabet / sizeof alphabet[0]; i++)
		if (alphabet[i].base == b) {
			if (alphabet[i].mod == mod)
				return (int)i;
			if (plain < 0)
				plain = (int)i;
		}
	return plain;
}

size_t
vi_sortkey(const char *utf8, size_t len, unsigned char *out, size_t cap)
{
	unsigned char cases[256];
	size_t n = 0, nc = 0;
	int tone = 1, in_word = 0, last_letter = -1;
	utf8proc_int32_t last_base = 0;
#define PUT(b) do { if (n < cap) out[n++] = (unsigned char)(b); } while (0)
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8;
	size_t left = len;
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
		if (k <= 0) {
			cp = '?';
			k = 1;
		}
		p += k;
		left -= (size_t)k;
		utf8proc_int32_t parts[8];
		int last = 0;
		utf8proc_ssize_t np = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE,
		    &last);
		if (np < 1 || np > 8) {
			parts[0] = cp;
			np = 1;
		}
		utf8proc_int32_t base = utf8proc_tolower(parts[0]);
		int mod = M_NONE;
		for (utf8proc_ssize_t i = 1; i < np; i++) {
			if (parts[i] == 0x0306)
				mod = M_BREVE;
			else if (parts[i] == 0x0302)
				mod = M_CIRC;
			else if (parts[i] == 0x031B)
				mod = M_HORN;
			else if (tone_of(parts[i]) > 0)
				tone = tone_of(parts[i]);
		}
		if (np == 1 && utf8proc_category(base) == UTF8PROC_CATEGORY_MN) {
			/* A mark on its own (text not in NFC): it belongs to the
			 * letter before it. */
			int m = base == 0x0306 ? M_BREVE : base == 0x0302 ? M_CIRC :
			    base == 0x031B ? M_HORN : M_NONE;
			if (tone_of(base) > 0)
				tone = tone_of(base);
			else if (m != M_NONE && last_letter >= 0 && (size_t)last_letter < n) {
				int r2 = letter_rank(last_base, m);
				if (r2 >= 0)
					out[last_letter] = (unsigned char)(K_LETTER + r2);
			}
			continue;
		}
		int r = letter_rank(base, mod);
		last_letter = r >= 0 ? (int)n : -1;
		last_base = base;
		int digit = base >= '0' && base <= '9';
		if (r < 0 && !digit && (utf8proc_category(base) == UTF8PROC_CATEGORY_ZS ||
		    utf8proc_category(base) >= UTF8PROC_CATEGORY_PC || base < 0x80)) {
			/* A space or a punctuation mark ends a syllable. */
			if (in_word) {
				PUT(K_END);
				PUT(tone);
			}
			in_word = 0;
			tone = 1;
			continue;
		}
		in_word = 1;
		if (r >= 0)
			PUT(K_LETTER + r);
		else if (digit)
			PUT(K_DIGIT + (base - '0'));
		else {
			PUT(K_OTHER);
			PUT((base >> 16) & 0xff);
			PUT((base >> 8) & 0xff);
			PUT(base & 0xff);
		}
		if (nc < sizeof cases)
			cases[nc++] = parts[0] != base ? 2 : 1;
	}
	if (in_word) {
		PUT(K_END);
		PUT(tone);
	}
	PUT(0);
	for (size_t i = 0; i < nc; i++)
		PUT(cases[i]);
#undef PUT
	return n;
}

int
vi_collate(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned char ka[1024], kb[1024];
	size_t na = vi_sortkey(a, la, ka, sizeof ka);
	size_t nb = vi_sortkey(b, lb, kb, sizeof kb);
	int c = memcmp(ka, kb, na < nb ? na : nb);
	if (c != 0)
		return c;
	return na < nb ? -1 : na > nb;
}
