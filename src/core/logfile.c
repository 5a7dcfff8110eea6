/* The log file (see logfile.h). */
#include "core/logfile.h"
#include "core/filemode.h"
#include "core/log.h"
#include "core/outfile.h"
#include <stdio.h>

void
logfile_open(const char *path)
{
	/* Created 0600 under the umask; an older, wider log is narrowed first. */
	filemode_tighten(path);
	outfile_protect(path);
	FILE *f = fopen(path, "a");
	filemode_tighten(path);	/* a new log: to files.group, if one is set */
	if (f != NULL)
		log_to(f);
}
