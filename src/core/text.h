/*
 * Unicode text rules for Vietnamese: NFC storage, the folded search key (lower case,
 * no tone or vowel marks, đ→d) and the ASCII rendering used on terminals that are not
 * UTF-8. utf8proc does the Unicode work; only đ/Đ, which Unicode does not decompose,
 * is handled here. Every char * returned is the caller's to free().
 */
#ifndef HOSO_TEXT_H
#define HOSO_TEXT_H
#include <stdbool.h>
#include <stddef.h>

bool  text_is_utf8(const char *s, size_t len);
/* Does s hold a control character (below U+0020, DEL, U+0080-U+009F) or a
 * bidirectional override (U+202A-U+202E, U+2066-U+2069)? */
bool  text_has_control(const char *s);
/* A copy of untrusted text (a name a client sent) fit for a log line or a stored
 * record: printable ASCII kept, every other byte '?', cut to size - 1. The log and
 * the database show the same name. */
void  text_printable_to(char *dst, size_t size, const char *src);
/* s as it may go to a terminal: control characters, C1, text-direction overrides
 * and bytes that are not UTF-8 written as \xHH or \uHHHH (text_has_control's
 * set), everything else as it is. Caller frees. */
char *text_escape_new(const char *s);
/* NFC of s; NULL if s is not valid UTF-8. */
char *text_nfc_new(const char *s);
/* NFC, surrounding spaces removed, inner runs of white space made one space. */
char *text_clean_new(const char *s);
/* The same appended to out (a struct strbuf); false if s is not valid UTF-8. */
struct strbuf;
bool  text_clean_to(const char *s, struct strbuf *out);
/* The search key: "Nguyễn Văn Đức" -> "nguyen van duc". */
char *text_fold_new(const char *s);
/* ASCII for non-UTF-8 terminals: "Nguyễn Văn Đức" -> "Nguyen Van Duc". */
char *text_ascii_new(const char *s);
/* Number of characters (code points) in valid UTF-8. */
size_t text_length(const char *s);
/* Columns s takes on a terminal (wcwidth of each character). */
int   text_width(const char *s);
#endif
