/*
 * The checking half of a sub-record import: a reader thread cuts the file into
 * chunks of rows, worker threads check them (the data column's JSON parsed, the
 * kind's form applied, the row's data written out as the table keeps it), and the
 * writer (import_items.c) takes the rows back in file order. Checking cost more than
 * writing (JSON, code lists, normalising): on its own thread the writer only writes.
 * As in the first load of people (import_load.c), from which the scheme is taken.
 *
 * A worker touches no database: owners are looked up by the writer, which holds the
 * connection. Forms are resolved once, before the threads start. Unlike the first
 * load's, these threads keep the writer's priority: on the shared machine (load
 * average 7 to 20) a niced checker starved behind other processes while the writer
 * waited for it, 1,000,000 rows in 19.7-29.2 s against 16.0 s.
 */
#define _GNU_SOURCE	/* pthread_setname_np */
#include "db/import_items_check.h"
#include "db/person_internal.h"
#include "form/form.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/record.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_ROWS  512
#define MAX_CHUNKS  32		/* chunks read ahead of the writer */
#define MAX_WORKERS 8
#define MAX_KINDS   32

struct chunk {
	int            n;
	long           line[CHUNK_ROWS];
	int            nf[CHUNK_ROWS];
	const char    *csv_error[CHUNK_ROWS];
	size_t         raw_at[CHUNK_ROWS];	/* the row's fields in raw, NUL-separated */
	struct strbuf  raw;
	/* Filled by a worker: the verdict (NULL: good), then for a good row its data,
	 * date_from and date_to, NUL-separated at out_at. */
	const char    *bad[CHUNK_ROWS];	/* a message id, or into out when made */
	size_t         out_at[CHUNK_ROWS];
	int            bad_in_out[CHUNK_ROWS];
	struct strbuf  out;
	int            checked;
	struct chunk  *next_spare;
};

struct item_pipe {
	struct csv        *csv;
	volatile sig_atomic_t *stop;
	pthread_mutex_t    mu;
	pthread_cond_t     work, done, room;
	struct chunk      *ring[MAX_CHUNKS];
	long long          next_read, next_check, next_write;
	int                eof, quit;
	long long          bytes;
	struct chunk      *spare;
	pthread_t          reader, workers[MAX_WORKERS];
	int                nworkers;
	/* The kinds of sub-record and their forms, resolved before the threads. */
	const char        *kind[MAX_KINDS];
	const struct form *form[MAX_KINDS];
	int                nkinds;
	/* The writer's place: its chunk and row, and the fields it was handed. */
	struct chunk      *cur;
	int                cur_row;
	char             **fields;
	int                capfields;
};

static struct chunk *
chunk_take(struct item_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	struct chunk *c = p->spare;
	if (c != NULL)
		p->spare = c->next_spare;
	pthread_mutex_unlock(&p->mu);
	if (c == NULL) {
		c = xcalloc(1, sizeof *c);
		sb_init(&c->raw);
		sb_init(&c->out);
	}
	c->n = 0;
	c->raw.len = 0;
	c->out.len = 0;
	c->checked = 0;
	c->next_spare = NULL;
	return c;
}

static void
chunk_free(struct chunk *c)
{
	if (c == NULL)
		return;
	sb_free(&c->raw);
	sb_free(&c->out);
	free(c);
}

/* Row r's first n fields as pointers into raw. */
static void
chunk_fields(const struct chunk *c, int r, char **fields, int n)
{
	const char *s = c->raw.buf + c->raw_at[r];
	for (int i = 0; i < n; i++) {
		fields[i] = (char *)s;
		s += strlen(s) + 1;
	}
}

static void *
read_rows(void *arg)
{
	struct item_pipe *p = arg;
	pthread_setname_np(pthread_self(), "hoso-read");
	char **fl;
	int nf, r;
	struct chunk *ch = NULL;
	for (;;) {
		r = csv_read(p->csv, &fl, &nf);
		int stop = r == 0 || (p->stop != NULL && *p->stop);
		if (!stop) {
			if (ch == NULL)
				ch = chunk_take(p);
			int k = ch->n++;
			ch->line[k] = csv_line(p->csv);
			ch->nf[k] = r < 0 ? 0 : nf;
			ch->csv_error[k] = r < 0 ? csv_error(p->csv) : NULL;
			ch->raw_at[k] = ch->raw.len;
			if (r > 0) {
				size_t len;
				const char *block = csv_record_bytes(p->csv, &len);
				sb_addn(&ch->raw, block, len);
			}
		}
		if (ch != NULL && (stop || ch->n == CHUNK_ROWS)) {
			pthread_mutex_lock(&p->mu);
			while (!p->quit && p->next_read - p->next_write >= MAX_CHUNKS)
				pthread_cond_wait(&p->room, &p->mu);
			if (p->quit) {
				pthread_mutex_unlock(&p->mu);
				chunk_free(ch);
				break;
			}
			p->ring[p->next_read % MAX_CHUNKS] = ch;
			p->next_read++;
			p->bytes = csv_offset(p->csv);
			pthread_cond_broadcast(&p->work);
			pthread_mutex_unlock(&p->mu);
			ch = NULL;
		}
		if (stop)
			break;
	}
	pthread_mutex_lock(&p->mu);
	p->eof = 1;
	pthread_cond_broadcast(&p->work);
	pthread_cond_broadcast(&p->done);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static const struct form *
kind_form(const struct item_pipe *p, const char *kind)
{
	for (int i = 0; i < p->nkinds; i++)
		if (strcmp(p->kind[i], kind) == 0)
			return p->form[i];
	return NULL;
}

static void
check_one(const struct item_pipe *p, struct chunk *ch, int r)
{
	char *fl[5];
	ch->bad[r] = NULL;
	ch->bad_in_out[r] = 0;
	ch->out_at[r] = ch->out.len;
	if (ch->csv_error[r] != NULL) {
		ch->bad[r] = ch->csv_error[r];
		return;
	}
	if (ch->nf[r] != 5) {
		ch->bad[r] = N_("the row needs 5 fields");
		return;
	}
	chunk_fields(ch, r, fl, 5);
	struct record *rec = record_from_json(fl[4][0] ? fl[4] : "{}");
	if (rec == NULL) {
		ch->bad[r] = N_("the data column is not a JSON object");
		return;
	}
	if (fl[2][0])
		record_set(rec, "date_from", fl[2]);
	if (fl[3][0])
		record_set(rec, "date_to", fl[3]);
	const struct form *f = kind_form(p, fl[1]);
	struct form_error *errs = NULL;
	int nerr = f != NULL ? form_check_record(f, rec, &errs) : 0;
	if (f == NULL) {
		char *e = xasprintf(_("there is no kind of sub-record called %s"), fl[1]);
		sb_adds(&ch->out, e);
		free(e);
		ch->bad_in_out[r] = 1;
	} else if (nerr > 0) {
		sb_adds(&ch->out, errs[0].message);
		form_errors_free(errs, nerr);
		ch->bad_in_out[r] = 1;
	} else {
		char *data = item_data_json_new(rec);
		const char *from = record_get(rec, "date_from"), *to = record_get(rec, "date_to");
		sb_adds(&ch->out, data);
		sb_addc(&ch->out, '\0');
		sb_adds(&ch->out, from != NULL ? from : "");
		sb_addc(&ch->out, '\0');
		sb_adds(&ch->out, to != NULL ? to : "");
		free(data);
	}
	sb_addc(&ch->out, '\0');
	record_free(rec);
}

static void *
check_rows(void *arg)
{
	struct item_pipe *p = arg;
	pthread_setname_np(pthread_self(), "hoso-check");
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (!p->quit && !p->eof && p->next_check == p->next_read)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->quit || p->next_check == p->next_read) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		struct chunk *ch = p->ring[p->next_check % MAX_CHUNKS];
		p->next_check++;
		pthread_mutex_unlock(&p->mu);
		for (int r = 0; r < ch->n; r++)
			check_one(p, ch, r);
		pthread_mutex_lock(&p->mu);
		ch->checked = 1;
		pthread_cond_broadcast(&p->done);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

struct item_pipe *
item_pipe_start(struct csv *csv, volatile sig_atomic_t *stop, char **err)
{
	const struct form *pf = form_get("person", err);
	if (pf == NULL)
		return NULL;
	struct item_pipe *p = xcalloc(1, sizeof *p);
	for (int i = 0; i < pf->ngrids && p->nkinds < MAX_KINDS; i++) {
		const struct form *f = form_get(pf->grids[i].form, err);
		if (f == NULL) {
			free(p);
			return NULL;
		}
		p->kind[p->nkinds] = pf->grids[i].name;
		p->form[p->nkinds++] = f;
	}
	p->csv = csv;
	p->stop = stop;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_cond_init(&p->room, NULL);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	p->nworkers = n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
	pthread_create(&p->reader, NULL, read_rows, p);
	for (int i = 0; i < p->nworkers; i++)
		pthread_create(&p->workers[i], NULL, check_rows, p);
	return p;
}

/* The writer is done with its chunk: back to the spares, room for the reader. */
static void
release_current(struct item_pipe *p)
{
	if (p->cur == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->cur->next_spare = p->spare;
	p->spare = p->cur;
	p->next_write++;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
	p->cur = NULL;
}

int
item_pipe_next(struct item_pipe *p, struct item_row *row)
{
	if (p->cur != NULL && p->cur_row == p->cur->n)
		release_current(p);
	if (p->cur == NULL) {
		pthread_mutex_lock(&p->mu);
		for (;;) {
			if (p->next_write < p->next_read) {
				struct chunk *c = p->ring[p->next_write % MAX_CHUNKS];
				if (c->checked) {
					p->cur = c;
					break;
				}
			} else if (p->eof)
				break;
			pthread_cond_wait(&p->done, &p->mu);
		}
		row->bytes = p->bytes;
		pthread_mutex_unlock(&p->mu);
		if (p->cur == NULL)
			return 0;
		p->cur_row = 0;
	}
	struct chunk *c = p->cur;
	int r = p->cur_row++;
	row->line = c->line[r];
	if (c->nf[r] > p->capfields) {
		p->capfields = c->nf[r];
		p->fields = xrealloc(p->fields, sizeof(char *) * (size_t)p->capfields);
	}
	chunk_fields(c, r, p->fields, c->nf[r]);
	row->nf = c->nf[r];
	row->fields = p->fields;
	const char *out = c->out.buf + c->out_at[r];
	row->bad = c->bad[r] != NULL ? _(c->bad[r]) : c->bad_in_out[r] ? out : NULL;
	row->data = row->from = row->to = NULL;
	if (row->bad == NULL) {
		row->data = out;
		row->from = row->data + strlen(row->data) + 1;
		row->to = row->from + strlen(row->from) + 1;
	}
	return 1;
}

void
item_pipe_stop(struct item_pipe *p)
{
	if (p == NULL)
		return;
	release_current(p);
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->room);
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->reader, NULL);
	for (int i = 0; i < p->nworkers; i++)
		pthread_join(p->workers[i], NULL);
	for (long long s = p->next_write; s < p->next_read; s++)
		chunk_free(p->ring[s % MAX_CHUNKS]);
	while (p->spare != NULL) {
		struct chunk *c = p->spare;
		p->spare = c->next_spare;
		chunk_free(c);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->room);
	free(p->fields);
	free(p);
}
