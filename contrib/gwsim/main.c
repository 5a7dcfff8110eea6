/*
 * hoso-gwsim command line: read the switches, load the citizens file, serve until
 * SIGTERM. See contrib/gwsim/README.md for the switches and what tests use them for.
 */
#include "gwsim.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
usage(void)
{
	fprintf(stderr,
	    "usage: hoso-gwsim [--listen 127.0.0.1:PORT] [--citizens FILE.csv|FILE.json]\n"
	    "    [--latency-ms N] [--fail-rate CODE:SHARE]... [--fail-first CODE:N]...\n"
	    "    [--garbage SHARE] [--truncate SHARE] [--drop SHARE] [--reset SHARE]\n"
	    "    [--huge SHARE]\n"
	    "    [--rate-limit N/s] [--retry-after SECONDS] [--client-id ID]\n"
	    "    [--secret SECRET | --secret-file FILE] [--token-ttl SECONDS] [--seed N]\n"
	    "PORT 0 picks a free port; the chosen address is printed as\n"
	    "\"listening on 127.0.0.1:PORT\" once the server is ready.\n");
}

static bool
parse_share(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (*end == '%') {
		v /= 100;
		end++;
	}
	if (end == s || *end != '\0' || v < 0 || v > 1)
		return false;
	*out = v;
	return true;
}

static bool
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool
known_code(int code)
{
	static const int codes[] = { 400, 401, 403, 429, 500, 502, 503, 504 };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i] == code)
			return true;
	return false;
}

/* "503:0.2" (share) or, with first, "503:3" (count). */
static bool
parse_fault(const char *s, bool first, struct sim_opts *o)
{
	const char *colon = strchr(s, ':');
	if (colon == NULL || o->nfaults == SIM_MAX_FAULTS)
		return false;
	char code[8];
	size_t n = (size_t)(colon - s);
	if (n >= sizeof code)
		return false;
	memcpy(code, s, n);
	code[n] = '\0';
	struct sim_fault *f = &o->faults[o->nfaults];
	memset(f, 0, sizeof *f);
	if (!parse_int(code, 100, 599, &f->code) || !known_code(f->code))
		return false;
	if (first ? !parse_int(colon + 1, 0, 1000000, &f->first) :
	    !parse_share(colon + 1, &f->share))
		return false;
	o->nfaults++;
	return true;
}

static char *
read_secret_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	char buf[512];
	char *s = fgets(buf, sizeof buf, f) ? xstrdup(buf) : NULL;
	fclose(f);
	if (s != NULL)
		s[strcspn(s, "\r\n")] = '\0';
	return s;
}

int
main(int argc, char **argv)
{
	struct sim_opts o = {
		.listen = "127.0.0.1:8480",
		.retry_after = 1,
		.token_ttl = 3600,
	};
	char *secret_owned = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool ok = v != NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage();
			return 0;
		} else if (strcmp(a, "--listen") == 0)
			o.listen = v;
		else if (strcmp(a, "--citizens") == 0)
			o.citizens = v;
		else if (strcmp(a, "--latency-ms") == 0)
			ok = ok && parse_int(v, 0, 600000, &o.latency_ms);
		else if (strcmp(a, "--fail-rate") == 0)
			ok = ok && parse_fault(v, false, &o);
		else if (strcmp(a, "--fail-first") == 0)
			ok = ok && parse_fault(v, true, &o);
		else if (strcmp(a, "--garbage") == 0)
			ok = ok && parse_share(v, &o.garbage);
		else if (strcmp(a, "--truncate") == 0)
			ok = ok && parse_share(v, &o.truncate);
		else if (strcmp(a, "--drop") == 0)
			ok = ok && parse_share(v, &o.drop);
		else if (strcmp(a, "--reset") == 0)
			ok = ok && parse_share(v, &o.reset);
		else if (strcmp(a, "--huge") == 0)
			ok = ok && parse_share(v, &o.huge);
		else if (strcmp(a, "--rate-limit") == 0) {
			char buf[32];
			snprintf(buf, sizeof buf, "%s", v ? v : "");
			char *slash = strstr(buf, "/s");
			if (slash != NULL && slash[2] == '\0')
				*slash = '\0';
			ok = ok && parse_int(buf, 0, 1000000, &o.rate_limit);
		} else if (strcmp(a, "--retry-after") == 0)
			ok = ok && parse_int(v, 0, 86400, &o.retry_after);
		else if (strcmp(a, "--client-id") == 0)
			o.client_id = v;
		else if (strcmp(a, "--secret") == 0)
			o.secret = v;
		else if (strcmp(a, "--secret-file") == 0) {
			free(secret_owned);
			o.secret = secret_owned = v ? read_secret_file(v) : NULL;
			ok = ok && o.secret != NULL;
		} else if (strcmp(a, "--token-ttl") == 0)
			ok = ok && parse_int(v, 1, 86400 * 365, &o.token_ttl);
		else if (strcmp(a, "--seed") == 0) {
			int seed = 0;
			ok = ok && parse_int(v, 0, 2147483647, &seed);
			o.seed = (unsigned)seed;
		} else {
			fprintf(stderr, "hoso-gwsim: unknown option %s\n", a);
			usage();
			return 2;
		}
		if (!ok) {
			fprintf(stderr, "hoso-gwsim: bad or missing value for %s\n", a);
			return 2;
		}
		i++;
	}
	char *err;
	if (citizens_load(o.citizens, &err) != 0) {
		fprintf(stderr, "hoso-gwsim: %s\n", err);
		free(err);
		return 1;
	}
	fprintf(stderr, "hoso-gwsim: %zu citizens\n", citizens_count());
	sim_api_init(&o);
	int rc = sim_serve(&o);
	free(secret_owned);
	return rc;
}
