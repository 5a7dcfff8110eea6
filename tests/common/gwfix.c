/* Gateway-client fixtures; see gwfix.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common/gwfix.h"
#include "common/tmpdir.h"
#include "core/config.h"
#include "core/log.h"
#include "core/logfile.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *log_dir, *log_path;
static struct gwfix *live[8];

static void
live_set(struct gwfix *f, bool on)
{
	for (int i = 0; i < 8; i++)
		if (on ? live[i] == NULL : live[i] == f) {
			live[i] = on ? f : NULL;
			return;
		}
}

int
gwfix_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		if (live[i] != NULL)
			gwfix_stop(live[i]);
	return 0;
}

static char *
write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *path = tmpdir_path(dir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

void
gwfix_generated(int i, struct gw_person *p)
{
	static char ids[256][13], names[256][64];
	int slot = i & 255;
	snprintf(ids[slot], sizeof ids[slot], "00109%07d", i);
	snprintf(names[slot], sizeof names[slot], "Phạm Văn Số %d", i);
	p->id_number = ids[slot];
	p->full_name = names[slot];
	p->date_of_birth = "1990-01-01";
	p->sex = 'M';
}

static void
write_citizens(struct gwfix *f)
{
	f->citizens = tmpdir_path(f->dir, "citizens.csv");
	FILE *out = fopen(f->citizens, "w");
	if (out == NULL)
		fail_msg("cannot write %s", f->citizens);
	fputs("id_number,full_name,date_of_birth,sex,ethnicity,religion,nationality,"
	    "place_of_origin,place_of_residence,status\n"
	    "001089001234,Nguyễn Văn An,1989-05-12,M,Kinh,Không,Việt Nam,"
	    "\"Xã Tân Hội, Huyện Đan Phượng, Hà Nội\",\"Số 1 Tràng Tiền, Hà Nội\",alive\n"
	    "079175000042,Trần Thị Bích,1975-02-03,F,Hoa,Phật giáo,Việt Nam,"
	    "\"Phường 1, Quận 3, TP Hồ Chí Minh\",\"Phường 1, Quận 3, TP Hồ Chí Minh\","
	    "deceased\n"
	    "048201001111,Lê Hoàng Đức,2001-09-30,M,Kinh,Không,Việt Nam,"
	    "\"Hải Châu, Đà Nẵng\",\"Hải Châu, Đà Nẵng\",alive\n", out);
	for (int i = 0; i < GWFIX_GENERATED; i++) {
		struct gw_person p;
		gwfix_generated(i, &p);
		fprintf(out, "%s,%s,%s,%c,Kinh,Không,Việt Nam,Hà Nội,Hà Nội,alive\n",
		    p.id_number, p.full_name, p.date_of_birth, p.sex);
	}
	fclose(out);
}

void
gwfix_client(struct gwfix *f, const char *url)
{
	if (f->gw != NULL)
		gw_free(f->gw);
	gw_config_clear(&f->cfg);
	char *secret = write_file(f->dir, "secret", GWFIX_SECRET "\n", 0600);
	char text[1024];
	snprintf(text, sizeof text, "# gateway test\n"
	    "gateway.url = %s\n"
	    "gateway.client_id = " GWFIX_CLIENT_ID "\n"
	    "gateway.secret_file = %s\n"
	    "gateway.connect_timeout = 1\n"
	    "gateway.timeout = 2\n", url ? url : simfix_url(f->sim), secret);
	char *conf = write_file(f->dir, "hoso.conf", text, 0644);
	char *err = NULL;
	struct config *cf = config_load(conf, &err);
	if (cf == NULL)
		fail_msg("config: %s", err);
	if (gw_config_load(cf, &f->cfg, &err) != 0)
		fail_msg("gateway config: %s", err);
	config_free(cf);
	free(conf);
	free(secret);
	/* Short waits: the error table is exercised, not the clock. */
	f->cfg.backoff_ms = 20;
	f->cfg.retries = 2;
	f->cfg.max_retry_after = 2;
	f->gw = gw_new(&f->cfg);
}

struct gwfix *
gwfix_start(const char *const sim_args[])
{
	struct gwfix *f = calloc(1, sizeof *f);
	if (f == NULL)
		abort();
	f->dir = tmpdir_new("gw");
	write_citizens(f);
	const char *args[48];
	int n = 0;
	args[n++] = "--client-id";
	args[n++] = GWFIX_CLIENT_ID;
	args[n++] = "--secret";
	args[n++] = GWFIX_SECRET;
	for (int i = 0; sim_args != NULL && sim_args[i] != NULL && n < 46; i++)
		args[n++] = sim_args[i];
	args[n] = NULL;
	f->sim = simfix_start(f->citizens, args);
	live_set(f, true);
	gwfix_client(f, NULL);
	return f;
}

void
gwfix_stop(struct gwfix *f)
{
	live_set(f, false);
	gw_free(f->gw);
	f->gw = NULL;
	gw_config_clear(&f->cfg);
	simfix_stop(f->sim);
	f->sim = NULL;
	free(f->citizens);
	tmpdir_remove(f->dir);
	free(f);
}

void
gwfix_log_init(void)
{
	log_dir = tmpdir_new("gwlog");
	log_path = tmpdir_path(log_dir, "hoso.log");
	logfile_open(log_path);
}

void
gwfix_log_done(void)
{
	free(log_path);
	tmpdir_remove(log_dir);
}

long
gwfix_log_size(void)
{
	struct stat st;
	return stat(log_path, &st) == 0 ? (long)st.st_size : 0;
}

char *
gwfix_log_since(long offset)
{
	FILE *f = fopen(log_path, "r");
	if (f == NULL)
		fail_msg("cannot read the log");
	fseek(f, 0, SEEK_END);
	long end = ftell(f);
	if (offset > end)
		offset = end;
	fseek(f, offset, SEEK_SET);
	char *buf = malloc((size_t)(end - offset) + 1);
	if (buf == NULL)
		abort();
	size_t n = fread(buf, 1, (size_t)(end - offset), f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}
