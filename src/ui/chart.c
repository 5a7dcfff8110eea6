/*
 * Bar-chart bars (see chart.h). Widths are counted in eighths of a column so that
 * two close values look different even in a narrow chart.
 */
#include "ui/chart.h"
#include "core/strbuf.h"

char *
chart_bar_new(int64_t n, int64_t max, int width, bool ascii)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	struct strbuf sb;
	sb_init(&sb);
	if (n <= 0 || max <= 0 || width <= 0)
		return sb_detach(&sb);
	int64_t e = n >= max ? (int64_t)width * 8 : n * width * 8 / max;
	if (e == 0)
		e = 1;
	if (ascii) {
		int cols = (int)((e + 7) / 8);
		for (int i = 0; i < cols; i++)
			sb_addc(&sb, '#');
		return sb_detach(&sb);
	}
	for (int64_t i = 0; i < e / 8; i++)
		sb_adds(&sb, "█");
	sb_adds(&sb, eighths[e % 8]);
	return sb_detach(&sb);
}
