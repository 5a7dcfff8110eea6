/*
 * Shell command lines for the command-line tests: run one in a directory and take
 * what it printed, and write the small files the commands read.
 */
#ifndef HOSO_TEST_SHRUN_H
#define HOSO_TEST_SHRUN_H

/* Run the command line (printf-style) in dir, stderr with stdout; its output into
 * *out (caller frees; out may be NULL). Returns the exit status (128: killed). */
int  shrun(const char *dir, char **out, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* dir/name holding text. */
void shrun_write(const char *dir, const char *name, const char *text);
#endif
