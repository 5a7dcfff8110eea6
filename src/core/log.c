/* Timestamped log lines; see log.h. */
#include "core/log.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static FILE *log_file;

void
log_to(FILE *f)
{
	setvbuf(f, NULL, _IOLBF, 0);
	log_file = f;
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	FILE *out = log_file ? log_file : stderr;
	char ts[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(out, "%s hoso[%d] %s: ", ts, (int)getpid(), level);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("warn", fmt, ap);
	va_end(ap);
}
