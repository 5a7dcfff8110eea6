/*
 * The gateway.* keys of the configuration file. The client secret lives in its own
 * file, read here once; like ssh with a private key, hoso refuses the file when its
 * group or others have any access to it, so that a careless chmod is caught at start
 * rather than after the secret leaked. Plain HTTP is allowed to loopback only (the
 * simulator): anything else must be HTTPS.
 */
#include "gateway/gateway.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRET_MAX 1024

void
gw_config_defaults(struct gw_config *out)
{
	memset(out, 0, sizeof *out);
	out->connect_timeout_ms = 5000;
	out->timeout_ms = 15000;
	out->retries = 2;
	out->backoff_ms = 500;
	out->max_retry_after = 30;
	out->max_body = 1024 * 1024;
}

void
gw_config_clear(struct gw_config *c)
{
	if (c->secret != NULL) {
		explicit_bzero(c->secret, strlen(c->secret));
		free(c->secret);
	}
	free(c->url);
	free(c->client_id);
	free(c->ca_file);
	free(c->cert_file);
	free(c->key_file);
	gw_config_defaults(c);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/* http://127.x.x.x, http://localhost, http://[::1], with optional port and path. */
static bool
loopback_http(const char *url)
{
	const char *h = url + 7;
	if (strncmp(h, "127.", 4) == 0) {
		for (h += 4; *h && *h != ':' && *h != '/'; h++)
			if (!(*h >= '0' && *h <= '9') && *h != '.')
				return false;
		return true;
	}
	size_t n = strncasecmp(h, "localhost", 9) == 0 ? 9 :
	    strncmp(h, "[::1]", 5) == 0 ? 5 : 0;
	return n > 0 && (h[n] == '\0' || h[n] == ':' || h[n] == '/');
}

static char *
read_secret(const char *path, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		*err = xasprintf(_("cannot read the gateway secret file %s: %s"), path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		*err = xasprintf(_("the gateway secret file %s may be read by others: "
		    "refused (chmod 600 it)"), path);
		close(fd);
		return NULL;
	}
	char buf[SECRET_MAX + 1];
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	if (n < 0 || n > SECRET_MAX) {
		*err = xasprintf(_("cannot read the gateway secret file %s: %s"), path,
		    n < 0 ? strerror(errno) : _("too long"));
		explicit_bzero(buf, sizeof buf);
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	char *s = n > 0 ? xstrdup(buf) : NULL;
	explicit_bzero(buf, sizeof buf);
	if (s == NULL)
		*err = xasprintf(_("the gateway secret file %s is empty"), path);
	return s;
}

int
gw_config_load(const struct config *cf, struct gw_config *out, char **err)
{
	*err = NULL;
	gw_config_defaults(out);
	const char *url = config_get(cf, "gateway.url", NULL);
	if (url == NULL || *url == '\0')
		return 0;	/* not configured: checks stay queued */
	if (strncasecmp(url, "https://", 8) != 0 &&
	    !(strncasecmp(url, "http://", 7) == 0 && loopback_http(url))) {
		*err = xasprintf(_("gateway.url must be https:// (plain http only to "
		    "127.0.0.1): %s"), url);
		return -1;
	}
	out->url = xstrdup(url);
	size_t n = strlen(out->url);
	while (n > 0 && out->url[n - 1] == '/')
		out->url[--n] = '\0';
	out->client_id = dup_or_null(config_get(cf, "gateway.client_id", NULL));
	out->ca_file = dup_or_null(config_get(cf, "gateway.ca_file", NULL));
	out->cert_file = dup_or_null(config_get(cf, "gateway.cert_file", NULL));
	out->key_file = dup_or_null(config_get(cf, "gateway.key_file", NULL));
	int ct = config_get_int(cf, "gateway.connect_timeout", 5);
	int t = config_get_int(cf, "gateway.timeout", 15);
	if (ct < 1 || ct > 600 || t < 1 || t > 3600) {
		*err = xstrdup(_("gateway.connect_timeout and gateway.timeout must be "
		    "whole seconds (1 to 600 and 1 to 3600)"));
		gw_config_clear(out);
		return -1;
	}
	out->connect_timeout_ms = ct * 1000;
	out->timeout_ms = t * 1000;
	const char *sf = config_get(cf, "gateway.secret_file", NULL);
	if (out->client_id == NULL || sf == NULL || *sf == '\0') {
		*err = xstrdup(_("gateway.url is set but gateway.client_id or "
		    "gateway.secret_file is missing"));
		gw_config_clear(out);
		return -1;
	}
	if ((out->secret = read_secret(sf, err)) == NULL) {
		gw_config_clear(out);
		return -1;
	}
	if ((out->cert_file == NULL) != (out->key_file == NULL)) {
		*err = xstrdup(_("gateway.cert_file and gateway.key_file go together"));
		gw_config_clear(out);
		return -1;
	}
	return 0;
}
