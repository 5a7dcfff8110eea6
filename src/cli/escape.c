/*
 * What the command line prints of stored or read data goes through here: every
 * character that could steer a terminal (C0 controls, DEL, C1, text-direction
 * overrides, bytes that are not UTF-8) is shown escaped by text_escape_new, so a
 * name holding ESC [ 2 J or a CSV file's crafted header cannot rewrite the screen of
 * the administrator who reads it. Line breaks are the output's own and stay.
 */
#define _GNU_SOURCE	/* fopencookie */
#include "cli/cli.h"
#include "core/text.h"
#include "core/xalloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* n bytes of s, escaped, to f. */
static void
put_line(FILE *f, const char *s, size_t n)
{
	char *line = xmalloc(n + 1);
	memcpy(line, s, n);
	line[n] = '\0';
	char *shown = text_escape_new(line);
	fputs(shown, f);
	free(shown);
	free(line);
}

void
cli_put_escaped(FILE *f, const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');
		put_line(f, s, nl ? (size_t)(nl - s) : strlen(s));
		if (nl == NULL)
			return;
		fputc('\n', f);
		s = nl + 1;
	}
}

void
cli_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char *buf = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	cli_put_escaped(stdout, buf);
	free(buf);
}

/* The stream's buffer holds whole lines (it is line-buffered and larger than any
 * report or exported line), so a character is not cut in two between writes. */
static ssize_t
escaping_write(void *cookie, const char *buf, size_t size)
{
	FILE *to = cookie;
	const char *end = buf + size;
	for (const char *p = buf; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		put_line(to, p, nl ? (size_t)(nl - p) : (size_t)(end - p));
		if (nl == NULL)
			break;
		fputc('\n', to);
		p = nl + 1;
	}
	fflush(to);
	return (ssize_t)size;
}

FILE *
cli_escaping_stream_new(FILE *to)
{
	cookie_io_functions_t io = {.write = escaping_write};
	FILE *f = fopencookie(to, "w", io);
	if (f == NULL)
		return to;
	setvbuf(f, NULL, _IOLBF, 65536);
	return f;
}

void
cli_escaping_stream_free(FILE *f, FILE *to)
{
	if (f != to)
		fclose(f);
}

FILE *
cli_terminal_stream_new(FILE *out)
{
	return isatty(fileno(out)) ? cli_escaping_stream_new(out) : out;
}
