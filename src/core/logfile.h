/*
 * The log file: opened for appending, private like every file of hoso's
 * (core/filemode.h), and never a target of a file written on request
 * (core/outfile.h). Here rather than in log.c, which those two log through.
 */
#ifndef HOSO_CORE_LOGFILE_H
#define HOSO_CORE_LOGFILE_H

/* Log lines go to path from now on; if it cannot be opened, they stay where
 * they went. */
void logfile_open(const char *path);
#endif
