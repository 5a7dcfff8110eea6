/*
 * A growable byte string. The buffer is always NUL-terminated; sb_free releases it,
 * sb_detach hands it to the caller (who then frees it) and leaves the strbuf released
 * (sb_init it again before reuse).
 */
#ifndef HOSO_STRBUF_H
#define HOSO_STRBUF_H
#include <stddef.h>

struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

void  sb_init(struct strbuf *sb);
void  sb_free(struct strbuf *sb);
char *sb_detach(struct strbuf *sb);
void  sb_reset(struct strbuf *sb);
void  sb_addn(struct strbuf *sb, const char *s, size_t n);
void  sb_adds(struct strbuf *sb, const char *s);
/* Room for extra more bytes and the NUL. */
void  sb_grow(struct strbuf *sb, size_t extra);

/* Inline: JSON and CSV are written a character at a time. */
static inline void
sb_addc(struct strbuf *sb, char c)
{
	if (sb->buf == NULL || sb->len + 2 > sb->cap)
		sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}
void  sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal, quotes included. */
void  sb_add_json_str(struct strbuf *sb, const char *s);
/* {"k1":"v1","k2":"v2",...} from NULL-terminated key/value pairs, every value a
 * JSON string, escaped; caller frees. */
char *json_object_new(const char *key, ...);
/* v in decimal, what "%llu" prints (without printf: hashed input is built with
 * it for every imported row). */
void  sb_add_ull(struct strbuf *sb, unsigned long long v);
/* FNV-1a of a string: the hash of the small in-memory name tables. */
unsigned str_hash(const char *s);
#endif
