/*-------------------------------------------------------------------------
 *
 * rest_client_int.h
 *	  The REST client's state, shared by the client (rest_client.c: the
 *	  calls' lines and the libcurl multi loop) and the transfers
 *	  (rest_transfer.c: one attempt of a call and what follows from its
 *	  answer).  Private to the REST library, like PostgreSQL's
 *	  libpq-int.h: users of the client see only rest_client.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_CLIENT_INT_H
#define RDR_REST_CLIENT_INT_H

#include <stdbool.h>

#include <curl/curl.h>

#include "rest_client.h"
#include "rest_conn.h"
#include "rest_queue.h"

/* Answers larger than this are refused (10,000 VMs is about 6 MB). */
#define RDR_REST_MAX_ANSWER (256L * 1024 * 1024)
/* Longest pause between two attempts of a call. */
#define RDR_REST_MAX_BACKOFF_MS 5000

/* What the client keeps per call (call->priv). */
typedef struct CallPriv
{
	RdrRest    *rest;
	CURL	   *easy;
	struct curl_slist *headers;
	char	   *url;
	size_t		cap;			/* allocated size of call->resp */
	bool		sent_auth;		/* this attempt carried Basic credentials */
	bool		sent_bearer;	/* this attempt carried the SSO token */
	bool		basic_fallback; /* the token was refused twice: Basic */
	bool		relogged;		/* already re-sent after a 401 */
	bool		finished;
	bool		too_large;
	double		first_at;
	double		retry_at;
	char		errbuf[CURL_ERROR_SIZE];
} CallPriv;

struct RdrRest
{
	RdrRestConfig cfg;			/* strings owned (strdup'd) */
	RdrRestConn conn;			/* CA, base URL, version: rest_conn.c */
	CURLM	   *multi;
	CURLSH	   *share;
	char		session[160];	/* "JSESSIONID=..." of the session, or "" */
	CURL	  **pool;			/* idle easy handles */
	int			npool;
	CURL	  **all;			/* every easy handle made (<= max_connections) */
	int			nall;
	int			active;			/* calls handed to libcurl */
	RdrCallQueue waiting;		/* ready to be sent */
	RdrCallQueue retrying;		/* waiting for their retry_at (unordered) */
	RdrCallQueue done;			/* finished, not yet returned */
	RdrRestStats stats;
};

#endif							/* RDR_REST_CLIENT_INT_H */
