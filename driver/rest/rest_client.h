/*-------------------------------------------------------------------------
 *
 * rest_client.h
 *	  HTTPS client of the manager's REST API (libcurl easy + multi).
 *
 * One RdrRest holds one libcurl multi handle whose connection cache keeps
 * the connections to the manager alive between calls, so a sequence of
 * calls uses one TLS connection; independent calls may run concurrently
 * on up to max_connections connections (HTTP/2 streams where offered).
 *
 * TLS is verified against the manager's CA, fetched like the seed does
 * from http://HOST:CERT_PORT/CERT (or read from ca_file), and optionally
 * the server's public key is pinned by its SHA-256 hash, which protects
 * the unauthenticated CA download.  Authentication is Basic on the first
 * call with "Prefer: persistent-auth"; later calls reuse the JSESSIONID
 * cookie, and a 401 on an expired session is answered once by logging in
 * again.  Idempotent calls (GET, PUT) are retried with exponential backoff
 * on 502, 503, timeouts and dropped connections; POSTs never are.
 *
 * The password is never logged, nor any header that carries it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_CLIENT_H
#define RDR_REST_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "rest_pin.h"

/* Settings of the client; the seed's "API" section plus rdr's tunables. */
typedef struct RdrRestConfig
{
	const char *host;			/* manager host name or address */
	int			port;			/* HTTPS port of the API (seed: 8443) */
	const char *connect_addr;	/* contact host at this address instead
								 * (CONNECT_TO; TLS still checks host) */
	int			connect_port;	/* and this port (0: the configured one) */
	const char *base;			/* API base path: "api" (v3) or
								 * "ovirt-engine/api" (v4); NULL: "api" */
	int			cert_port;		/* HTTP port serving the CA (seed: 8080) */
	const char *cert_name;		/* CA file name on it (NULL: "ca.crt") */
	const char *ca_file;		/* use this local CA file instead */
	const char *pinned_pubkey;	/* "sha256//BASE64[;sha256//...]" or NULL */
	bool		insecure;		/* do not verify TLS at all (loud) */
	int			tls_min;		/* lowest TLS version: 10, 11, 12, 13 (0: 12);
								 * below 12 for a RHEV 3.0 manager only */
	const char *user;			/* "admin@internal" */
	const char *password;		/* never logged */

	int			connect_timeout_ms; /* per connection attempt (0: 10000) */
	int			request_timeout_ms; /* per call, whole transfer (0: 60000) */
	int			retries;		/* extra attempts for idempotent calls
								 * (-1: none, 0: default 4) */
	int			retry_backoff_ms;	/* first backoff, doubled (0: 200) */
	int			max_connections;	/* concurrent calls (0: 8) */
	bool		dry_run;		/* log POST/PUT/DELETE instead of sending */
} RdrRestConfig;

typedef enum RdrHttpMethod
{
	RDR_HTTP_GET,
	RDR_HTTP_POST,
	RDR_HTTP_PUT,
	RDR_HTTP_DELETE
} RdrHttpMethod;

/* rdr_rest_method_name: the method as HTTP writes it. */
static inline const char *
rdr_rest_method_name(RdrHttpMethod method)
{
	switch (method)
	{
		case RDR_HTTP_GET:
			return "GET";
		case RDR_HTTP_POST:
			return "POST";
		case RDR_HTTP_PUT:
			return "PUT";
		case RDR_HTTP_DELETE:
			return "DELETE";
	}
	return "?";
}


/*
 * One call and its answer.  Fill method, path (relative to the API base,
 * e.g. "hosts/ID/approve"; "" is the entry point) and body; the client
 * fills the rest.  ok is true for a 2xx answer (or a dry-run write);
 * otherwise error holds a one-line reason and status the HTTP status (0
 * when there was no answer).  fault holds the <fault> reason/detail text
 * of an error answer, if any.
 */
typedef struct RdrRestCall
{
	/* request */
	RdrHttpMethod method;
	char	   *path;			/* malloc'd by rdr_rest_call_init */
	char	   *body;			/* malloc'd XML or NULL; freed with the call */
	void	   *owner;			/* for the caller (async calls) */

	/* answer */
	bool		ok;
	bool		dry_run;		/* a write that was only logged */
	long		status;
	int			transport_error;	/* CURLcode of a failed transfer, or 0 */
	char	   *resp;			/* NUL-terminated answer body (may be NULL) */
	size_t		resp_len;
	int			attempts;
	double		seconds;		/* from first attempt to answer */
	char		error[512];
	char		fault[512];

	/* private to rest_client.c */
	void	   *priv;
} RdrRestCall;

typedef struct RdrRest RdrRest;

/* API versions as detected from the entry point. */
#define RDR_API_UNKNOWN 0
#define RDR_API_V3 3
#define RDR_API_V4 4

/*
 * rdr_rest_open: a client for cfg (copied).  Does not touch the network.
 * NULL after logging on an invalid configuration.
 */
extern RdrRest *rdr_rest_open(const RdrRestConfig *cfg);

extern void rdr_rest_close(RdrRest *rest);

/* rdr_rest_version: RDR_API_V3, RDR_API_V4 (after connect) or UNKNOWN. */
extern int	rdr_rest_version(const RdrRest *rest);
/* rdr_rest_product: product name and version from the entry point. */
extern const char *rdr_rest_product(const RdrRest *rest);
extern bool rdr_rest_dry_run(const RdrRest *rest);

/*
 * Calls.  rdr_rest_call_init fills a call (path is printf-formatted and
 * copied; body, if not NULL, is taken over).  rdr_rest_call_free frees
 * what a call holds (not the struct itself).
 */
extern void rdr_rest_call_init(RdrRestCall *call, RdrHttpMethod method,
							   char *body, const char *pathfmt,...)
			__attribute__((format(printf, 4, 5)));
extern void rdr_rest_call_free(RdrRestCall *call);

/*
 * rdr_rest_run: perform one call and wait for its answer (retries
 * included).  Returns call->ok.  Failures are described in call->error,
 * not logged: the caller knows what the call was for.
 */
extern bool rdr_rest_run(RdrRest *rest, RdrRestCall *call);

/*
 * Concurrent calls.  rdr_rest_submit queues a call; rdr_rest_poll makes
 * progress for up to timeout_ms and returns the finished calls (at most
 * max) in done[].  rdr_rest_pending counts calls not yet returned.
 */
extern bool rdr_rest_submit(RdrRest *rest, RdrRestCall *call);
extern int	rdr_rest_poll(RdrRest *rest, int timeout_ms, RdrRestCall **done,
						  int max);
extern int	rdr_rest_pending(const RdrRest *rest);

/* Counters for reports and benchmarks. */
typedef struct RdrRestStats
{
	long		calls;			/* calls answered (after retries) */
	long		attempts;		/* HTTP requests sent */
	long		retries;
	long		logins;			/* requests that carried Basic credentials */
	long		connections;	/* TLS connections opened */
} RdrRestStats;

extern RdrRestStats rdr_rest_stats(const RdrRest *rest);

/*
 * rdr_rest_conn: the connection state of rest (rest_conn.h), for the
 * connect step of rest_api.c; not for users of the library.
 */
struct RdrRestConn;
extern struct RdrRestConn *rdr_rest_conn(RdrRest *rest);

#endif							/* RDR_REST_CLIENT_H */
