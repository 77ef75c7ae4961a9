/*-------------------------------------------------------------------------
 *
 * rest_conn.h
 *	  What the REST client knows about its manager: the CA certificate,
 *	  the URLs, the headers and TLS options of every request, and the API
 *	  version found at the entry point.  Private to the REST library:
 *	  rest_client.c sends calls with it, rest_api.c's connect step fills
 *	  in the version.  It calls nothing above it (rest_xml <- rest_conn <-
 *	  rest_client <- rest_api).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_CONN_H
#define RDR_REST_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "rest_client.h"

typedef enum RdrConnResult
{
	RDR_CONN_OK,
	RDR_CONN_TRANSIENT,			/* may work later (engine starting) */
	RDR_CONN_FATAL				/* will not work by waiting (logged) */
} RdrConnResult;

typedef struct RdrRestConn
{
	const RdrRestConfig *cfg;	/* the client's copy */
	char	   *ca_pem;			/* the manager's CA, PEM */
	size_t		ca_len;
	char		origin[300];	/* "https://host:port" */
	size_t		origin_len;
	char		base[256];		/* "/api" or "/ovirt-engine/api" */
	int			version;		/* RDR_API_V3/V4 once connected */
	bool		send_version;	/* send "Version: 4" */
	char		product[160];
	char		bearer[2048];	/* v4 SSO access token (rest_sso.c), or "" */
	bool		sso_unavailable;	/* the SSO endpoint answered 404 while
									 * Basic worked: Basic from then on */
	char		last_error[1024];
	struct curl_slist *connect_to;	/* CURLOPT_CONNECT_TO of CONNECT_TO */
} RdrRestConn;

extern void rdr_rest_conn_init(RdrRestConn *conn, const RdrRestConfig *cfg);
extern void rdr_rest_conn_free(RdrRestConn *conn);

/* rdr_rest_conn_url: malloc'd origin + base + "/" + path ("" = base). */
extern char *rdr_rest_conn_url(const RdrRestConn *conn, const char *path);

/* rdr_rest_conn_headers: the request headers (caller frees the list). */
extern struct curl_slist *rdr_rest_conn_headers(const RdrRestConn *conn,
												bool has_body);

/* rdr_rest_conn_setopts: TLS, timeouts, protocol options of a transfer. */
extern void rdr_rest_conn_setopts(const RdrRestConn *conn, CURL *easy);

/*
 * rdr_rest_conn_old_tls: after a failed TLS handshake, whether the
 * manager completes one with TLS 1.0 or 1.1 only; the version ("TLS
 * 1.0") into version.  Used to say so instead of "not running".
 */
extern bool rdr_rest_conn_old_tls(const RdrRestConn *conn, char *version,
								  size_t size);

/*
 * rdr_rest_conn_load_ca: the manager's CA, downloaded or read from
 * ca_file, unless insecure or already loaded.  Clears last_error.  Fatal
 * failures are logged; transient ones (an engine still starting) only
 * recorded in last_error.
 */
/*
 * rdr_rest_conn_plain_http: the API port answers plain HTTP (a failed TLS
 * handshake because the port is the certificate port, or no TLS at all).
 */
extern bool rdr_rest_conn_plain_http(const RdrRestConn *conn);

extern RdrConnResult rdr_rest_conn_load_ca(RdrRestConn *conn);

#endif							/* RDR_REST_CONN_H */
