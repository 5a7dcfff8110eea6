/*
 * Operational log lines (not the audit trail, which lives in the database). Lines go
 * to stderr or to the file set with logfile_open (core/logfile.h), each with time,
 * pid and level. Never pass a password or secret to these functions.
 */
#ifndef HOSO_LOG_H
#define HOSO_LOG_H
#include <stdio.h>

/* Lines go to f from now on (line-buffered); the log keeps it open. */
void log_to(FILE *f);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
