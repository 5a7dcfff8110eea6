/*
 * CSV reader: a small state machine over a buffered FILE. Fields are kept in one
 * growing arena per record, so reading a national file allocates only while the
 * widest record grows.
 */
#include "core/csv.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

struct csv {
	FILE       *f;
	char       *buf;	/* field bytes, NUL-separated */
	size_t      len, cap;
	size_t     *starts;	/* offset of each field in buf */
	int         nfields, capfields;
	char      **fields;
	long        line;	/* current physical line */
	long        record_line;
	long long   offset;
	const char *error;
	bool        first;
};

struct csv *
csv_open(FILE *f)
{
	struct csv *c = xcalloc(1, sizeof *c);
	c->f = f;
	c->line = 1;
	c->first = true;
	return c;
}

void
csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	free(c->buf);
	free(c->starts);
	free(c->fields);
	free(c);
}

static void
put(struct csv *c, char ch)
{
	if (c->len + 1 >= c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->buf = xrealloc(c->buf, c->cap);
	}
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

static int
getb(struct csv *c)
{
	int ch = getc_unlocked(c->f);
	if (ch != EOF)
		c->offset++;
	return ch;
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
	enum { START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } state = START;
	for (;; ch = getb(c)) {
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
				if (nx != '\n' && nx != EOF) {
					ungetc(nx, c->f);
					c->offset--;
				}
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
	c->fields = xrealloc(c->fields, sizeof(char *) * (size_t)(c->nfields + 1));
	for (int i = 0; i < c->nfields; i++) {
		c->fields[i] = c->buf + c->starts[i];
		if (!text_is_utf8(c->fields[i], strlen(c->fields[i]))) {
			c->error = N_("the row holds bytes that are not UTF-8");
			return -1;
		}
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
