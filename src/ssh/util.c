/* Small helpers the server's files share: log-safe copies of what clients send,
 * and a sleep that signals do not cut short. */
#include "ssh/serve_internal.h"
#include "core/text.h"
#include <errno.h>
#include <time.h>

void
serve_clean(char *dst, size_t size, const char *src)
{
	/* The same rule as the data layer's for names it stores (core/text.h). */
	text_printable_to(dst, size, src);
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
