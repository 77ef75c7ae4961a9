/*-------------------------------------------------------------------------
 *
 * sim_http.h
 *	  The simulator's two HTTP daemons: /ca.crt over plain HTTP and the
 *	  REST API over HTTPS, both on 127.0.0.1 only.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_HTTP_H
#define SIM_HTTP_H

#include <stdbool.h>

#include "sim_fault.h"
#include "sim_model.h"

#define SIM_MAX_SESSIONS 256

typedef struct SimSession
{
	char		token[33];		/* 32 hex digits, "" if the slot is free */
	double		last_used;
} SimSession;

typedef struct SimServer
{
	SimModel   *model;
	SimFaults  *faults;
	char	   *password;
	char	   *ca_pem;			/* served at /ca.crt */
	size_t		ca_len;
	char	   *cert_pem;
	char	   *key_pem;
	int			https_port;		/* 0: any free port; set after start */
	int			http_port;
	int			threads;
	const char *tls_priorities; /* GnuTLS priorities, NULL: the default */
	long		max_requests;	/* 0: no budget */
	int			request_log_fd; /* --request-log, or -1 */
	double		started;		/* sim_now() at start */

	unsigned long requests;		/* HTTPS requests so far (atomic) */
	pthread_mutex_t session_lock;
	SimSession	sessions[SIM_MAX_SESSIONS]; /* JSESSIONID cookies */
	SimSession	tokens[SIM_MAX_SESSIONS];	/* v4 SSO bearer tokens */
	SimSession	spare_tokens[SIM_MAX_SESSIONS]; /* issued without the API
												 * scope */

	struct MHD_Daemon *https;
	struct MHD_Daemon *http;
} SimServer;

extern bool sim_http_start(SimServer *s);
extern void sim_http_stop(SimServer *s);
extern bool sim_http_budget_spent(SimServer *s);

#endif							/* SIM_HTTP_H */
