/*
 * hoso-gwsim: a stand-in for the population-database gateway, serving the contract of
 * the population gateway's published interface on loopback from a citizens file, with
 * switches that make it misbehave the ways the real one does. Tests and `make run`
 * use it; nothing in hoso knows it is talking to it.
 *
 * One thread per connection (keep-alive), so that concurrent batch calls with added
 * latency overlap as they would against a real server. Shared state (tokens, fault
 * counters, statistics) sits behind one mutex.
 */
#ifndef HOSO_GWSIM_H
#define HOSO_GWSIM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* HTTP statuses the fault switches may inject. */
#define SIM_MAX_FAULTS 16

struct sim_fault {
	int	code;		/* 400, 401, 403, 429, 500, 502, 503, 504 */
	double	share;		/* --fail-rate CODE:SHARE, 0..1 */
	int	first;		/* --fail-first CODE:N: the first N calls, then never */
};

struct sim_opts {
	const char	*listen;	/* "127.0.0.1:PORT" */
	const char	*citizens;	/* CSV or JSON file */
	int		 latency_ms;
	struct sim_fault faults[SIM_MAX_FAULTS];
	int		 nfaults;
	double		 garbage;	/* share of 200 answers replaced by a broken body */
	double		 truncate;	/* share of 200 answers cut short, then closed */
	double		 drop;		/* share of calls closed mid-answer (in the headers) */
	double		 reset;		/* share of calls reset (RST) without an answer */
	double		 huge;		/* share of 200 answers far larger than any client cap */
	int		 rate_limit;	/* calls per second, 0: none */
	int		 retry_after;	/* seconds in Retry-After of an injected 429 */
	const char	*client_id;
	const char	*secret;
	int		 token_ttl;	/* seconds */
	unsigned	 seed;
};

/* One row of the citizens file; every string NFC and owned by the table. */
struct citizen {
	char	*id_number;
	char	*full_name;
	char	*date_of_birth;
	char	*sex;
	char	*ethnicity;
	char	*religion;
	char	*nationality;
	char	*place_of_origin;
	char	*place_of_residence;
	char	*status;
};

/* citizens.c: load once at start; look-ups are read-only and thread-safe. */
int  citizens_load(const char *path, char **err);
const struct citizen *citizens_find(const char *id_number);
size_t citizens_count(void);

/* A parsed request; strings point into the connection's buffer or are owned here. */
struct sim_request {
	char	 method[8];
	char	 path[512];
	char	*authorization;
	char	*request_id;
	char	*officer_id;
	char	*user_agent;
	char	*content_type;
	char	*body;
	size_t	 body_len;
	bool	 keep_alive;
};

struct sim_response {
	int	 status;
	char	*body;		/* owned; NULL for none */
	size_t	 body_len;
	int	 retry_after;	/* >0: send Retry-After */
	/* Misbehaviour decided by the fault switches. */
	enum { SIM_SEND_ALL, SIM_SEND_TRUNCATED, SIM_SEND_DROPPED, SIM_SEND_HUGE,
		SIM_SEND_RESET } how;
};

/* http.c: one request off a connection; 1 read, 0 closed cleanly, -1 broken (an
 * error answer may have been sent). */
struct sim_conn;
struct sim_conn *sim_conn_new(int fd);
void sim_conn_free(struct sim_conn *c);
int  sim_conn_read(struct sim_conn *c, struct sim_request *rq);
void sim_request_clear(struct sim_request *rq);
/* Send resp (honouring resp->how); false when the connection must be closed. */
bool sim_conn_send(struct sim_conn *c, const struct sim_response *resp, bool keep_alive);
int  sim_conn_fd(const struct sim_conn *c);

/* api.c: the contract's routes and the fault switches. */
void sim_api_init(const struct sim_opts *o);
void sim_api_handle(const struct sim_request *rq, struct sim_response *resp);
/* A line of statistics for the log at exit; caller frees. */
char *sim_api_stats_new(void);

/* server.c */
int  sim_serve(const struct sim_opts *o);
/* True once SIGTERM or SIGINT arrived; connection threads finish what they do. */
bool sim_stopping(void);
#endif
