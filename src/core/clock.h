/*
 * The monotonic clock, for time spans and deadlines: it never jumps when the
 * wall clock is set, so a wait or a rate never goes negative or stalls.
 */
#ifndef HOSO_CORE_CLOCK_H
#define HOSO_CORE_CLOCK_H

double clock_mono_s(void);	/* seconds since an unspecified start */
double clock_mono_ms(void);	/* the same in milliseconds */
#endif
