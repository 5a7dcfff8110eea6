/*
 * The message line (see status.h). Errors ring the bell once, so that a clerk who
 * types without looking notices the refusal; the bell is one byte on the wire.
 */
#include "ui/status.h"
#include "ui/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

void
status_draw(int y, int width)
{
	if (message[0] != '\0')
		draw_text_pad(y, 0, message, width, is_error ? DR_ERROR : DR_NORMAL);
	else
		draw_text_pad(y, 0, hint, width, DR_DIM);
	if (ring) {
		beep();
		ring = 0;
	}
}
