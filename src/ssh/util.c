/* Small helpers the server's files share: log-safe copies of what clients send,
 * and a sleep that signals do not cut short. */
#include "ssh/serve_internal.h"
#include <errno.h>
#include <time.h>

void
serve_clean(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	if (size == 0)
		return;
	/* Client text goes into log lines read by people and scripts: no control
	 * characters, no bytes a terminal could act on. */
	for (; src != NULL && *src && n + 1 < size; src++)
		dst[n++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
	dst[n] = '\0';
}

void
serve_sleep_ms(int ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
