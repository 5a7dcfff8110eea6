/*
 * CSV reader: a small state machine over a buffered FILE. Fields are kept in one
 * growing arena per record, so reading a national file allocates only while the
 * widest record grows.
 */
#include "core/csv.h"
#include "core/i18n.h"
#include "core/swar.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CSV_BLOCK 65536

struct csv {
	FILE          *f;
	unsigned char *in;	/* bytes read from f and not yet parsed: in[pos..end) */
	size_t         pos, end;
	char          *buf;	/* field bytes, NUL-separated */
	size_t         len, cap;
	size_t        *starts;	/* offset of each field in buf */
	int            nfields, capfields;
	char         **fields;
	long           line;	/* current physical line */
	long           record_line;
	long long      offset;
	const char    *error;
	bool           first;
	void         (*on_block)(void *ctx, const void *bytes, size_t len);
	void          *on_block_ctx;
};

/* Bytes that end a run of field bytes, outside quotes and inside them. */
static const bool plain_stop[256] = {[','] = true, ['\n'] = true, ['\r'] = true,
	['"'] = true};
static const bool quoted_stop[256] = {['"'] = true, ['\n'] = true};

struct csv *
csv_open(FILE *f)
{
	struct csv *c = xcalloc(1, sizeof *c);
	c->f = f;
	c->in = xmalloc(CSV_BLOCK);
	c->line = 1;
	c->first = true;
	return c;
}

void
csv_on_block(struct csv *c, void (*fn)(void *ctx, const void *bytes, size_t len),
    void *ctx)
{
	c->on_block = fn;
	c->on_block_ctx = ctx;
}

void
csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	free(c->in);
	free(c->buf);
	free(c->starts);
	free(c->fields);
	free(c);
}

static void
reserve(struct csv *c, size_t n)
{
	if (c->len + n + 1 > c->cap) {
		while (c->len + n + 1 > c->cap)
			c->cap = c->cap ? c->cap * 2 : 1024;
		c->buf = xrealloc(c->buf, c->cap);
	}
}

static void
put(struct csv *c, char ch)
{
	reserve(c, 1);
	c->buf[c->len++] = ch;
}

static void
end_field(struct csv *c)
{
	put(c, '\0');
	/* starts[nfields + 1] is where the next field begins: keep room for it. */
	if (c->nfields + 1 >= c->capfields) {
		c->capfields = c->capfields ? c->capfields * 2 : 32;
		c->starts = xrealloc(c->starts, sizeof *c->starts * (size_t)c->capfields);
	}
	c->nfields++;
	c->starts[c->nfields] = c->len;
}

/* Refill the block when it is used up; false at the end of the file. */
static bool
more(struct csv *c)
{
	if (c->pos < c->end)
		return true;
	c->pos = 0;
	c->end = fread(c->in, 1, CSV_BLOCK, c->f);
	if (c->on_block != NULL && c->end > 0)
		c->on_block(c->on_block_ctx, c->in, c->end);
	return c->end > 0;
}

static int
getb(struct csv *c)
{
	if (!more(c))
		return EOF;
	c->offset++;
	return c->in[c->pos++];
}

/* The byte getb just returned, given back. */
static void
ungetb(struct csv *c)
{
	c->pos--;
	c->offset--;
}

/* Past the bytes of [p, e) that are none of , " CR LF, eight at a time. */
static const unsigned char *
skip_plain(const unsigned char *p, const unsigned char *e)
{
	while (e - p >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		if (swar_has_byte(w, ',') | swar_has_byte(w, '"') | swar_has_byte(w, '\n') |
		    swar_has_byte(w, '\r'))
			break;
		p += 8;
	}
	return p;
}

/* Copy the run of bytes up to the next one in stop straight into the field (the
 * bytes of a national file are almost all such runs). Returns how many bytes were
 * copied. */
static size_t
copy_run(struct csv *c, const bool *stop)
{
	size_t total = 0;
	while (more(c)) {
		const unsigned char *p = c->in + c->pos, *e = c->in + c->end;
		const unsigned char *q = p;
		if (stop == plain_stop)
			q = skip_plain(q, e);
		while (q < e && !stop[*q])
			q++;
		size_t n = (size_t)(q - p);
		reserve(c, n);
		memcpy(c->buf + c->len, p, n);
		c->len += n;
		c->pos += n;
		c->offset += (long long)n;
		total += n;
		if (q < e)
			break;
	}
	return total;
}

/* The quoted part of a field: bytes up to the next quote, line breaks counted. */
static void
copy_quoted(struct csv *c)
{
	for (;;) {
		copy_run(c, quoted_stop);
		if (!more(c) || c->in[c->pos] != '\n')
			return;
		c->line++;
		put(c, '\n');
		c->pos++;
		c->offset++;
	}
}

enum csv_state { START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

/* The next byte to look at one by one, after copying what needs no look. */
static int
next_byte(struct csv *c, enum csv_state *state)
{
	if (*state == QUOTED)
		copy_quoted(c);
	else if (*state == START || *state == UNQUOTED) {
		if (copy_run(c, plain_stop) > 0)
			*state = UNQUOTED;
	}
	return getb(c);
}

/*
 * A NUL byte inside a field would end its C string there ("Nguyen\0Van C" stored as
 * "Nguyen"): it becomes DEL, another control character, so that the field's check
 * refuses the value and names the field, instead of a shorter value slipping in.
 */
static void
nul_to_del(char *field, size_t len)
{
	char *p;
	while ((p = memchr(field, '\0', len)) != NULL) {
		*p = 0x7F;
		len -= (size_t)(p - field) + 1;
		field = p + 1;
	}
}

int
csv_read(struct csv *c, char ***fields, int *n)
{
	c->len = 0;
	c->nfields = 0;
	c->error = NULL;
	if (c->capfields == 0) {
		c->capfields = 32;
		c->starts = xrealloc(c->starts, sizeof *c->starts * (size_t)c->capfields);
	}
	c->starts[0] = 0;
	c->record_line = c->line;

	int ch = getb(c);
	if (c->first) {
		c->first = false;
		if (ch == 0xEF) {
			int b2 = getb(c), b3 = getb(c);
			if (b2 != 0xBB || b3 != 0xBF) {
				c->error = N_("the file starts with bytes that are not UTF-8");
				return -1;
			}
			ch = getb(c);
		}
	}
	if (ch == EOF)
		return 0;
	enum csv_state state = START;
	for (;; ch = next_byte(c, &state)) {
		if (state == QUOTED) {
			if (ch == EOF) {
				c->error = N_("a quoted field is not closed before the end of the file");
				goto bad;
			}
			if (ch == '"')
				state = QUOTE_IN_QUOTED;
			else {
				if (ch == '\n')
					c->line++;
				put(c, (char)ch);
			}
			continue;
		}
		if (ch == EOF || ch == '\n' || (ch == '\r')) {
			if (ch == '\r') {
				int nx = getb(c);
				if (nx != '\n' && nx != EOF)
					ungetb(c);
			}
			if (ch != EOF)
				c->line++;
			end_field(c);
			break;
		}
		if (ch == ',') {
			end_field(c);
			state = START;
			continue;
		}
		if (ch == '"') {
			if (state == START) {
				state = QUOTED;
				continue;
			}
			if (state == QUOTE_IN_QUOTED) {
				put(c, '"');
				state = QUOTED;
				continue;
			}
			c->error = N_("a quote inside a field that does not start with a quote");
			goto bad;
		}
		if (state == QUOTE_IN_QUOTED) {
			c->error = N_("text after the closing quote of a field");
			goto bad;
		}
		state = UNQUOTED;
		put(c, (char)ch);
	}
	/* The fields are NUL-separated in one block: checked in one go. */
	if (!text_is_utf8(c->buf, c->len)) {
		c->error = N_("the row holds bytes that are not UTF-8");
		return -1;
	}
	c->fields = xrealloc(c->fields, sizeof(char *) * (size_t)(c->nfields + 1));
	for (int i = 0; i < c->nfields; i++) {
		c->fields[i] = c->buf + c->starts[i];
		nul_to_del(c->fields[i], c->starts[i + 1] - c->starts[i] - 1);
	}
	c->fields[c->nfields] = NULL;
	*fields = c->fields;
	*n = c->nfields;
	return 1;
bad:
	/* Skip to the end of the physical line so that reading can go on. */
	while (ch != EOF && ch != '\n')
		ch = getb(c);
	if (ch == '\n')
		c->line++;
	return -1;
}

const char *
csv_record_bytes(const struct csv *c, size_t *len)
{
	*len = c->len;
	return c->buf;
}

long
csv_line(const struct csv *c)
{
	return c->record_line;
}

const char *
csv_error(const struct csv *c)
{
	return c->error;
}

long long
csv_offset(const struct csv *c)
{
	return c->offset;
}

void
csv_write_field(FILE *f, const char *s, char sep)
{
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") != NULL || (*s == ' ') ||
	    (*s && s[strlen(s) - 1] == ' ')) {
		putc('"', f);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				putc('"', f);
			putc(*p, f);
		}
		putc('"', f);
	} else
		fputs(s, f);
	if (sep)
		putc(sep, f);
}
