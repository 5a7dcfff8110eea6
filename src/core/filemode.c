/* Private files (see filemode.h). */
#include "core/filemode.h"
#include "core/log.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

void
filemode_private(void)
{
	umask(077);
}

bool
filemode_tighten(const char *path)
{
	struct stat st;
	/* lstat: a link's own mode means nothing, and chmod would follow it. */
	if (path == NULL || lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 077) == 0)
		return false;
	mode_t to = st.st_mode & 0700;
	if (chmod(path, to) != 0) {
		log_warn("cannot narrow the mode of %s (%04o): %s", path,
		    (unsigned)(st.st_mode & 07777), strerror(errno));
		return false;
	}
	log_warn("%s was readable by others (%04o): now %04o", path,
	    (unsigned)(st.st_mode & 07777), (unsigned)to);
	return true;
}
