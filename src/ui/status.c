/*
 * The message line (see status.h). Errors ring the bell once, so that a clerk who
 * types without looking notices the refusal; the bell is one byte on the wire.
 * A text wider than the screen wraps onto more lines rather than being cut: a
 * refusal whose end is missing does not say what to do.
 */
#include "ui/status.h"
#include "ui/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static char message[512];
static int  is_error;
static int  ring;
static char hint[512];

static void
set(int error, const char *fmt, va_list ap)
{
	vsnprintf(message, sizeof message, fmt, ap);
	is_error = error;
	ring = error;
}

void
status_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(0, fmt, ap);
	va_end(ap);
}

void
status_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(1, fmt, ap);
	va_end(ap);
}

void
status_hint(const char *text)
{
	snprintf(hint, sizeof hint, "%s", text != NULL ? text : "");
}

const char *
status_hint_text(void)
{
	return hint;
}

void
status_key(void)
{
	message[0] = '\0';
	is_error = 0;
}

void
status_clear(void)
{
	message[0] = '\0';
	hint[0] = '\0';
	is_error = 0;
}

static const char *
shown(void)
{
	return message[0] != '\0' ? message : hint;
}

int
status_lines(int width, int max)
{
	if (width <= 0 || max < 1)
		return 1;
	if (draw_width(shown()) <= width)
		return 1;
	char **lines;
	int n = draw_wrap(shown(), width, &lines);
	draw_lines_free(lines, n);
	return n < 1 ? 1 : n > max ? max : n;
}

void
status_draw(int y, int nlines, int width)
{
	enum draw_role r = message[0] != '\0' ? (is_error ? DR_ERROR : DR_NORMAL) : DR_DIM;
	char **lines;
	int n = draw_wrap(shown(), width, &lines);
	for (int i = 0; i < nlines; i++) {
		/* Past the room given, the last line shows that more was cut. */
		if (i == nlines - 1 && n > nlines) {
			char *more = xasprintf("%s%s", lines[i], draw_ascii() ? "~" : "…");
			char *fit = draw_fit_new(more, width);
			draw_text_pad(y + i, 0, fit, width, r);
			free(fit);
			free(more);
		} else
			draw_text_pad(y + i, 0, i < n ? lines[i] : "", width, r);
	}
	draw_lines_free(lines, n);
	if (ring) {
		beep();
		ring = 0;
	}
}
