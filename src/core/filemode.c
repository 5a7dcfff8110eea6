/* Private files (see filemode.h). */
#include "core/filemode.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/xalloc.h"

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool  have_group;
static gid_t group;

void
filemode_private(void)
{
	umask(077);
}

int
filemode_setup(const char *config_path, char **err)
{
	if (config_path == NULL)
		return 0;
	char *cerr = NULL;
	struct config *cf = config_load(config_path, &cerr);
	free(cerr);
	if (cf == NULL)
		return 0;
	const char *name = config_get(cf, "files.group", NULL);
	int rc = 0;
	if (name != NULL && *name) {
		struct group *gr = getgrnam(name);
		if (gr == NULL) {
			*err = xasprintf(_("configuration: files.group: no group named '%s'"), name);
			rc = -1;
		} else {
			group = gr->gr_gid;
			have_group = true;
			umask(027);
		}
	}
	config_free(cf);
	return rc;
}

mode_t
filemode_file(void)
{
	return have_group ? 0640 : 0600;
}

mode_t
filemode_dir(void)
{
	return have_group ? 0750 : 0700;
}

bool
filemode_tighten(const char *path)
{
	struct stat st;
	/* lstat: a link's own mode means nothing, and chmod would follow it. */
	if (path == NULL || lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	bool changed = false;
	mode_t allowed = filemode_file() | 0100;	/* an owner's x bit is no leak */
	if ((st.st_mode & 0777 & ~allowed) != 0) {
		mode_t to = st.st_mode & allowed;
		if (chmod(path, to) != 0)
			log_warn("cannot narrow the mode of %s (%04o): %s", path,
			    (unsigned)(st.st_mode & 07777), strerror(errno));
		else {
			log_warn("%s was readable by others (%04o): now %04o", path,
			    (unsigned)(st.st_mode & 07777), (unsigned)to);
			changed = true;
		}
	}
	if (have_group && st.st_gid != group) {
		if (chown(path, (uid_t)-1, group) != 0)
			log_warn("cannot give %s to group %d (files.group): %s", path,
			    (int)group, strerror(errno));
		else
			changed = true;
	}
	return changed;
}
