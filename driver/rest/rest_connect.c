/*-------------------------------------------------------------------------
 *
 * rest_connect.c
 *	  The connect step of the REST client: find the API's entry point,
 *	  detect its version, wait for an engine that is starting.
 *
 * It is the top of the REST library (rest_xml <- rest_conn <- rest_client
 * <- rest_api <- rest_connect): it sends a call through rest_client.c and
 * reads the answer with rest_api.c, and fills in the version that
 * rest_conn.c's headers depend on.  Keeping it out of rest_api.c leaves
 * the API document layer free of network code (its fuzz target links
 * only the XML modules).
 *
 *-------------------------------------------------------------------------
 */
#include "rest_connect.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "clock.h"
#include "interrupt.h"
#include "log.h"
#include "rest_api.h"
#include "rest_conn.h"
#include "rest_sso.h"
#include "rest_xml.h"

/* Reads of the entry point when its answer is not well-formed XML. */
#define RDR_REST_REREADS 4

/* is_tls_failure: transfer errors that waiting does not cure */
static bool
is_tls_failure(int code)
{
	return code == CURLE_PEER_FAILED_VERIFICATION ||
		code == CURLE_SSL_PINNEDPUBKEYNOTMATCH ||
		code == CURLE_SSL_CACERT_BADFILE ||
		code == CURLE_SSL_CERTPROBLEM;
}

/*
 * sso_first: log in by SSO before a v4 entry point, as the official SDK
 * does.  FATAL (logged) when the engine says the user or password is
 * wrong; otherwise OK and the entry point's GET decides, with Basic
 * credentials when there is no token (an engine without SSO, one still
 * starting, or an SSO failure that the GET will describe better).
 */
static RdrConnResult
sso_first(RdrRestConn *conn, RdrSsoResult *how)
{
	char		err[512];
	long		status;

	*how = rdr_rest_sso_login(conn, &status, err, sizeof(err));
	switch (*how)
	{
		case RDR_SSO_OK:
			rdr_log_verbose("logged in to %s by SSO as %s", conn->origin, conn->cfg->user);
			break;
		case RDR_SSO_DENIED:
			rdr_log_error("the manager %s refused the API user \"%s\" (wrong user or password)",
						  conn->cfg->host, conn->cfg->user);
			rdr_log_detail("%s", err);
			rdr_log_hint("Check \"API user\" (user@domain) and \"API pass\".");
			return RDR_CONN_FATAL;
		case RDR_SSO_UNAVAILABLE:
			rdr_log_debug("%s", err);
			break;
		case RDR_SSO_FAILED:
			rdr_log_verbose("SSO login to %s failed (%s); trying Basic authentication",
							conn->origin, err);
			break;
	}
	return RDR_CONN_OK;
}

/*
 * try_entry_point: GET the entry point under base; OK with the version
 * filled in, TRANSIENT (try again later, or try the next base when
 * not_found is set), or FATAL (logged).
 */
static RdrConnResult
try_entry_point(RdrRestConn *conn, RdrRest *rest, const char *base,
				bool *not_found)
{
	RdrRestCall call;
	RdrXmlDoc  *doc;
	RdrConnResult r = RDR_CONN_TRANSIENT;
	char		what[300];
	char		old[16];
	RdrSsoResult sso = RDR_SSO_FAILED;

	*not_found = false;
	snprintf(conn->base, sizeof(conn->base), "/%s", base);
	/* a v4 engine is asked for v4 answers from the first call on */
	conn->send_version = strstr(base, "ovirt-engine") != NULL;
	/* and logged in to by SSO, unless it showed it has none */
	if (!conn->send_version)
		conn->bearer[0] = '\0';
	else if (!conn->bearer[0] && !conn->sso_unavailable &&
			 sso_first(conn, &sso) == RDR_CONN_FATAL)
		return RDR_CONN_FATAL;

	rdr_rest_call_init(&call, RDR_HTTP_GET, NULL, "%s", "");
	rdr_rest_run(rest, &call);
	/* an answer cut short on the way is read again (RDR_REST_REREADS in all) */
	for (int n = 1; call.ok && n < RDR_REST_REREADS; n++)
	{
		doc = rdr_xml_parse_quiet(call.resp, call.resp_len);
		if (doc != NULL)
		{
			rdr_xml_free(doc);
			break;
		}
		rdr_log_warning("the answer of GET %s%s is not well-formed XML; reading it again (%d of %d)",
						conn->origin, conn->base, n + 1, RDR_REST_REREADS);
		rdr_rest_call_free(&call);
		rdr_rest_call_init(&call, RDR_HTTP_GET, NULL, "%s", "");
		rdr_rest_run(rest, &call);
	}
	if (call.ok)
	{
		snprintf(what, sizeof(what), "answer of GET %s", conn->base);
		doc = rdr_xml_parse(call.resp, call.resp_len, what);
		if (doc == NULL ||
			!rdr_api_parse_entry_point(doc, &conn->version, conn->product,
									   sizeof(conn->product)))
		{
			if (doc)
			{
				rdr_log_error("%s%s is not an RHEV/oVirt API entry point",
							  conn->origin, conn->base);
				rdr_log_detail("Its root element is <%s>, without "
							   "product_info/version.", rdr_xml_root_name(doc));
			}
			rdr_log_hint("Check \"API host\", \"API port\" and \"API base\".");
			r = RDR_CONN_FATAL;
		}
		else
		{
			conn->send_version = conn->version >= RDR_API_V4;
			if (sso == RDR_SSO_UNAVAILABLE && conn->version >= RDR_API_V4)
			{
				conn->sso_unavailable = true;
				rdr_log_info("the manager %s has no SSO endpoint (HTTP 404); using Basic authentication",
							 conn->cfg->host);
			}
			r = RDR_CONN_OK;
		}
		rdr_xml_free(doc);
	}
	else if (call.status == 404)
	{
		*not_found = true;
		snprintf(conn->last_error, sizeof(conn->last_error), "%s", call.error);
	}
	else if (call.status == 401)
	{
		rdr_log_error("the manager %s refused the API user \"%s\" (wrong user or password)",
					  conn->cfg->host, conn->cfg->user);
		rdr_log_detail("%s", call.error);
		rdr_log_hint("Check \"API user\" (user@domain) and \"API pass\".");
		r = RDR_CONN_FATAL;
	}
	else if (call.transport_error == CURLE_SSL_CONNECT_ERROR &&
			 conn->cfg->tls_min >= 12 &&
			 rdr_rest_conn_old_tls(conn, old, sizeof(old)))
	{
		/* waiting does not cure it: a RHEV 3.0 JBoss offers nothing newer */
		rdr_log_error("the manager %s offers only %s, older than rdr accepts (TLS 1.%d)",
					  conn->origin, old, conn->cfg->tls_min - 10);
		rdr_log_detail("%s", call.error);
		rdr_log_hint("A RHEV 3.0 manager (JBoss on RHEL 6) offers TLS 1.0 only. "
					 "Set \"API tls_min %s\" to allow it (with a warning), or "
					 "enable TLS 1.2 on the manager.", old + 4);
		r = RDR_CONN_FATAL;
	}
	else if (call.transport_error == CURLE_SSL_CONNECT_ERROR &&
			 rdr_rest_conn_plain_http(conn))
	{
		/* waiting does not cure it: the port is not the HTTPS one */
		rdr_log_error("the manager's API port %d on %s speaks plain HTTP, not HTTPS",
					  conn->cfg->port, conn->cfg->host);
		rdr_log_detail("%s", call.error);
		rdr_log_hint("\"API port\" is the HTTPS port (8443 on RHEV 3.0, 443 on oVirt 4); "
					 "the plain HTTP one is \"API cert_port\", used only for the CA.");
		r = RDR_CONN_FATAL;
	}
	else if (is_tls_failure(call.transport_error))
	{
		rdr_log_error("TLS verification of %s failed", conn->origin);
		rdr_log_detail("%s", call.error);
		rdr_log_hint("The server is not the manager whose CA was fetched, or "
					 "the pinned public key does not match.");
		r = RDR_CONN_FATAL;
	}
	else
		snprintf(conn->last_error, sizeof(conn->last_error), "%s", call.error);
	rdr_rest_call_free(&call);
	return r;
}

/*
 * connect_once: fetch the CA if needed, call the entry point, detect the
 * version.  Fatal failures are logged; transient ones only recorded in
 * conn->last_error.  Without a configured base the v4 location is tried
 * first, then the v3 one (the order oVirt's own SDKs use: /api answers
 * 404 on a 4.x engine, and vice versa).
 */
static RdrConnResult
connect_once(RdrRest *rest)
{
	RdrRestConn *conn = rdr_rest_conn(rest);
	static const char *const bases[] = {"ovirt-engine/api", "api"};
	const RdrRestConfig *cfg = conn->cfg;
	RdrConnResult r;
	bool		not_found = false;

	r = rdr_rest_conn_load_ca(conn);
	if (r != RDR_CONN_OK)
		return r;

	/* connected before (a later step): the base is known, just check it */
	if (conn->version != RDR_API_UNKNOWN && !cfg->base)
	{
		char		base[sizeof(conn->base)];

		snprintf(base, sizeof(base), "%s", conn->base + 1);
		return try_entry_point(conn, rest, base, &not_found);
	}

	/*
	 * A 404 is not final: a 4.x engine's servlet container answers 404 (HTML)
	 * until the API is deployed, so the caller waiting for the engine to
	 * start tries again; its timeout message names the bases.
	 */
	if (cfg->base)
	{
		r = try_entry_point(conn, rest, cfg->base, &not_found);
		if (not_found)
			snprintf(conn->last_error, sizeof(conn->last_error),
					 "no API at %s%s yet (HTTP 404); \"API base\" is \"api\" "
					 "for RHEV 3.x and \"ovirt-engine/api\" for oVirt 4.x, "
					 "or leave it unset to detect it",
					 conn->origin, conn->base);
		return r;
	}
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
	{
		r = try_entry_point(conn, rest, bases[i], &not_found);
		if (!not_found)
			return r;
	}
	snprintf(conn->last_error, sizeof(conn->last_error),
			 "no RHEV/oVirt API on %s yet: both /ovirt-engine/api and /api "
			 "answered 404", conn->origin);
	return RDR_CONN_TRANSIENT;
}

/*
 * rdr_rest_try_connect: see rest_connect.h.
 */
RdrConnResult
rdr_rest_try_connect(RdrRest *rest, const char **last_error)
{
	RdrConnResult r = connect_once(rest);

	*last_error = rdr_rest_conn(rest)->last_error;
	return r;
}

/*
 * rdr_rest_connect: see rest_connect.h.
 */
bool
rdr_rest_connect(RdrRest *rest)
{
	RdrRestConn *conn = rdr_rest_conn(rest);
	RdrConnResult r = connect_once(rest);

	if (r == RDR_CONN_TRANSIENT)
	{
		rdr_log_error("could not reach the API of %s", conn->cfg->host);
		rdr_log_detail("%s.", conn->last_error);
	}
	return r == RDR_CONN_OK;
}

/*
 * rdr_rest_wait_api: see rest_connect.h.
 */
bool
rdr_rest_wait_api(RdrRest *rest, int timeout_s, int poll_ms)
{
	const RdrRestConn *conn = rdr_rest_conn(rest);
	double		deadline = rdr_now() + timeout_s;
	int			tries = 0;

	if (poll_ms <= 0)
		poll_ms = 1000;
	rdr_log_info("waiting up to %d s for the API of %s", timeout_s, conn->cfg->host);
	for (;;)
	{
		RdrConnResult r;
		struct timespec ts;

		/* Ctrl-C or SIGTERM (interrupt.h): the caller ends the run */
		if (rdr_interrupted())
		{
			rdr_log_error("interrupted by %s while waiting for the API of %s",
						  rdr_signal_name(rdr_interrupted()), conn->cfg->host);
			return false;
		}
		tries++;
		r = connect_once(rest);
		if (r == RDR_CONN_OK)
		{
			rdr_log_info("API of %s answers: %s, API version %d",
						 conn->cfg->host, conn->product, conn->version);
			return true;
		}
		if (r == RDR_CONN_FATAL)
			return false;
		if (rdr_now() + poll_ms / 1000.0 > deadline)
		{
			rdr_log_error("the API of %s did not answer within %d s",
						  conn->cfg->host, timeout_s);
			rdr_log_detail("Last error after %d attempts: %s.", tries,
						   conn->last_error);
			rdr_log_hint("Check that the engine service runs on the manager "
						 "and that host, port and cert_port in section API are right.");
			return false;
		}
		ts.tv_sec = poll_ms / 1000;
		ts.tv_nsec = (poll_ms % 1000) * 1000000L;
		nanosleep(&ts, NULL);
	}
}
