/*-------------------------------------------------------------------------
 *
 * rest_client.c
 *	  HTTPS calls to the manager's REST API with libcurl's multi interface.
 *
 * Every call, synchronous or not, goes through one multi handle: its
 * connection cache keeps the TLS connections alive between calls, a share
 * handle gives all transfers the same DNS and TLS session caches, and the
 * JSESSIONID of the persistent-auth session is sent with every call.  Calls
 * beyond max_connections wait in our own FIFO rather than in libcurl, so
 * that a call's timeout only runs while it is really on the wire.
 *
 * Retries are decided here, once, for every caller: idempotent methods
 * (GET, PUT, DELETE) are sent again after 502/503/504, timeouts and
 * dropped connections, with exponential backoff; a POST is never sent
 * twice by this layer because the manager may have acted on it (the
 * workflow re-reads the state and decides).  A 401 on a call that relied
 * on the session is not a failure but an expired session: the call is
 * sent once more with Basic credentials, whatever its method, because the
 * manager did not act on it.
 *
 *-------------------------------------------------------------------------
 */
#include "rest_client.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "clock.h"
#include "log.h"
#include "rest_conn.h"
#include "rest_sso.h"
#include "rest_xml.h"

/* Answers larger than this are refused (10,000 VMs is about 6 MB). */
#define RDR_REST_MAX_ANSWER (256L * 1024 * 1024)
/* Longest pause between two attempts of a call. */
#define RDR_REST_MAX_BACKOFF_MS 5000

/* What rest_client.c keeps per call. */
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

/* A growable array of calls used as a FIFO (head moves forward). */
typedef struct CallQueue
{
	RdrRestCall **items;
	int			head;
	int			len;
	int			cap;
} CallQueue;

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
	CallQueue	waiting;		/* ready to be sent */
	CallQueue	retrying;		/* waiting for their retry_at (unordered) */
	CallQueue	done;			/* finished, not yet returned */
	RdrRestStats stats;
};

const char *
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

/* queue_push: append a call to a queue (reclaiming the consumed front first) */
static bool
queue_push(CallQueue *q, RdrRestCall *call)
{
	if (q->head > 0 && q->head == q->len)
		q->head = q->len = 0;
	if (q->len == q->cap)
	{
		int			ncap;
		RdrRestCall **n;

		/* reclaim the consumed front before growing */
		if (q->head > 0)
		{
			memmove(q->items, q->items + q->head,
					sizeof(RdrRestCall *) * (q->len - q->head));
			q->len -= q->head;
			q->head = 0;
		}
		if (q->len == q->cap)
		{
			ncap = q->cap ? q->cap * 2 : 64;
			n = realloc(q->items, sizeof(RdrRestCall *) * ncap);
			if (n == NULL)
			{
				rdr_log_error("out of memory");
				return false;
			}
			q->items = n;
			q->cap = ncap;
		}
	}
	q->items[q->len++] = call;
	return true;
}

/* queue_pop: the oldest call of a queue, or NULL */
static RdrRestCall *
queue_pop(CallQueue *q)
{
	if (q->head >= q->len)
		return NULL;
	return q->items[q->head++];
}

/* queue_count: calls in a queue */
static int
queue_count(const CallQueue *q)
{
	return q->len - q->head;
}

/*
 * rdr_rest_open: copy the configuration, apply defaults, set up libcurl.
 */
RdrRest *
rdr_rest_open(const RdrRestConfig *cfg)
{
	RdrRest    *rest;
	RdrRestConfig *c;
	long		maxconn;

	if (cfg->host == NULL || cfg->host[0] == '\0')
	{
		rdr_log_error("the manager's host name is not set");
		rdr_log_hint("Set \"API host\" in the configuration file.");
		return NULL;
	}
	if (cfg->port <= 0 || cfg->port > 65535)
	{
		rdr_log_error("invalid API port %d", cfg->port);
		return NULL;
	}
	if (!cfg->insecure && cfg->ca_file == NULL &&
		(cfg->cert_port <= 0 || cfg->cert_port > 65535))
	{
		rdr_log_error("invalid certificate port %d", cfg->cert_port);
		rdr_log_hint("Set \"API cert_port\" (the seed uses 8080) or a CA file.");
		return NULL;
	}
	if (cfg->pinned_pubkey && !rdr_rest_pin_valid(cfg->pinned_pubkey))
	{
		rdr_log_error("invalid pinned public key \"%s\": expected sha256//BASE64 of 44 characters",
					  cfg->pinned_pubkey);
		return NULL;
	}
	if (cfg->user == NULL || cfg->password == NULL)
	{
		rdr_log_error("the API user or password is not set");
		return NULL;
	}
	if (cfg->tls_min != 0 && (cfg->tls_min < 10 || cfg->tls_min > 13))
	{
		rdr_log_error("invalid lowest TLS version %d", cfg->tls_min);
		return NULL;
	}

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
	{
		rdr_log_error("could not initialize libcurl");
		return NULL;
	}
	rest = calloc(1, sizeof(RdrRest));
	if (rest == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	c = &rest->cfg;
	*c = *cfg;
	c->host = strdup(cfg->host);
	c->connect_addr = cfg->connect_addr ? strdup(cfg->connect_addr) : NULL;
	c->base = cfg->base ? strdup(cfg->base) : NULL;
	c->cert_name = strdup(cfg->cert_name ? cfg->cert_name : "ca.crt");
	c->ca_file = cfg->ca_file ? strdup(cfg->ca_file) : NULL;
	c->pinned_pubkey = cfg->pinned_pubkey ? strdup(cfg->pinned_pubkey) : NULL;
	c->user = strdup(cfg->user);
	c->password = strdup(cfg->password);
	if (c->connect_timeout_ms <= 0)
		c->connect_timeout_ms = 10000;
	if (c->request_timeout_ms <= 0)
		c->request_timeout_ms = 60000;
	if (c->retries == 0)
		c->retries = 4;
	else if (c->retries < 0)
		c->retries = 0;
	if (c->retry_backoff_ms <= 0)
		c->retry_backoff_ms = 200;
	if (c->max_connections <= 0)
		c->max_connections = 8;
	if (c->tls_min == 0)
		c->tls_min = 12;

	rest->multi = curl_multi_init();
	rest->share = curl_share_init();
	/* at most max_connections handles are ever out at once */
	rest->pool = calloc((size_t) c->max_connections, sizeof(CURL *));
	rest->all = calloc((size_t) c->max_connections, sizeof(CURL *));
	if (rest->pool == NULL || rest->all == NULL || c->host == NULL || c->cert_name == NULL || c->user == NULL ||
		c->password == NULL || rest->multi == NULL || rest->share == NULL)
	{
		rdr_log_error("out of memory");
		rdr_rest_close(rest);
		return NULL;
	}
	curl_share_setopt(rest->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(rest->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	maxconn = c->max_connections;
	curl_multi_setopt(rest->multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxconn);
	curl_multi_setopt(rest->multi, CURLMOPT_MAXCONNECTS, maxconn);
	curl_multi_setopt(rest->multi, CURLMOPT_PIPELINING, (long) CURLPIPE_MULTIPLEX);

	if (c->insecure)
	{
		rdr_log_warning("TLS verification of the manager is DISABLED (insecure)");
		rdr_log_detail("Anyone between this host and %s can read the API "
					   "password and forge every answer.", c->host);
		rdr_log_hint("Remove the insecure setting and let rdr fetch the CA, "
					 "or give a CA file.");
	}
	if (c->tls_min < 12)
	{
		rdr_log_warning("TLS %s allowed with the manager (API tls_min %s)",
						c->tls_min == 10 ? "1.0 and 1.1 are" : "1.1 is",
						c->tls_min == 10 ? "1.0" : "1.1");
		rdr_log_detail("TLS 1.0 and 1.1 are deprecated (RFC 8996) and need "
					   "OpenSSL's security level 0, which also accepts weak "
					   "keys and SHA-1 signatures.");
		rdr_log_hint("Only for a RHEV 3.0 manager (JBoss on RHEL 6) that "
					 "offers nothing newer; remove the setting once it offers TLS 1.2.");
	}
	rdr_rest_conn_init(&rest->conn, c);
	return rest;
}

/* free a string the config owns (the public struct holds them as const) */
static void
free_owned(const char *s)
{
	free((void *) s);
}

/* rdr_rest_close: free the client; calls still queued belong to their owners */
void
rdr_rest_close(RdrRest *rest)
{
	if (rest == NULL)
		return;
	/*
	 * Calls still queued or in flight (a caller that gave up) belong to
	 * their owners: they are only detached.  Their transfers are taken out
	 * of the multi handle before anything is freed.
	 */
	while (queue_pop(&rest->waiting) != NULL)
		;
	for (int i = 0; i < rest->nall; i++)
	{
		if (rest->multi)
			curl_multi_remove_handle(rest->multi, rest->all[i]);
		curl_easy_cleanup(rest->all[i]);
	}
	free(rest->pool);
	free(rest->all);
	if (rest->multi)
		curl_multi_cleanup(rest->multi);
	if (rest->share)
		curl_share_cleanup(rest->share);
	free(rest->waiting.items);
	free(rest->retrying.items);
	free(rest->done.items);
	rdr_rest_conn_free(&rest->conn);
	free_owned(rest->cfg.host);
	free_owned(rest->cfg.connect_addr);
	free_owned(rest->cfg.base);
	free_owned(rest->cfg.cert_name);
	free_owned(rest->cfg.ca_file);
	free_owned(rest->cfg.pinned_pubkey);
	free_owned(rest->cfg.user);
	if (rest->cfg.password)
	{
		/* do not leave the password in freed memory */
		explicit_bzero((void *) rest->cfg.password, strlen(rest->cfg.password));
		free_owned(rest->cfg.password);
	}
	free(rest);
}

int
rdr_rest_version(const RdrRest *rest)
{
	return rest->conn.version;
}

const char *
rdr_rest_product(const RdrRest *rest)
{
	return rest->conn.product;
}

bool
rdr_rest_dry_run(const RdrRest *rest)
{
	return rest->cfg.dry_run;
}

RdrRestStats
rdr_rest_stats(const RdrRest *rest)
{
	return rest->stats;
}

int
rdr_rest_pending(const RdrRest *rest)
{
	return rest->active + queue_count(&rest->waiting) +
		queue_count(&rest->retrying) + queue_count(&rest->done);
}

/*
 * rdr_rest_call_init: fill a call; see rest_client.h.
 */
void
rdr_rest_call_init(RdrRestCall *call, RdrHttpMethod method, char *body,
				   const char *pathfmt,...)
{
	va_list		ap;

	memset(call, 0, sizeof(RdrRestCall));
	call->method = method;
	call->body = body;
	va_start(ap, pathfmt);
	if (vasprintf(&call->path, pathfmt, ap) < 0)
		call->path = NULL;
	va_end(ap);
}

/* rdr_rest_call_free: see rest_client.h */
void
rdr_rest_call_free(RdrRestCall *call)
{
	CallPriv   *priv = call->priv;

	free(call->path);
	free(call->body);
	free(call->resp);
	if (priv)
	{
		curl_slist_free_all(priv->headers);
		free(priv->url);
		free(priv);
	}
	call->path = call->body = call->resp = NULL;
	call->priv = NULL;
}

/* write callback: append to call->resp, NUL-terminated, capped */
static size_t
write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	RdrRestCall *call = userdata;
	CallPriv   *priv = call->priv;
	size_t		n = size * nmemb;

	if (call->resp_len + n + 1 > priv->cap)
	{
		size_t		ncap = priv->cap ? priv->cap : 4096;
		char	   *nb;

		while (ncap < call->resp_len + n + 1)
			ncap *= 2;
		if (ncap > RDR_REST_MAX_ANSWER)
		{
			priv->too_large = true;
			return 0;
		}
		nb = realloc(call->resp, ncap);
		if (nb == NULL)
			return 0;
		call->resp = nb;
		priv->cap = ncap;
	}
	memcpy(call->resp + call->resp_len, data, n);
	call->resp_len += n;
	call->resp[call->resp_len] = '\0';
	return n;
}

/*
 * header_cb: keep the session cookie the manager sets.  Only the
 * JSESSIONID matters, so rdr keeps it itself rather than running
 * libcurl's whole cookie engine; a value with anything but the
 * characters of a session id is ignored.
 */
static size_t
header_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	RdrRestCall *call = userdata;
	CallPriv   *priv = call->priv;
	size_t		n = size * nmemb;
	const char *p;
	size_t		len;

	if (n < 23 || strncasecmp(data, "Set-Cookie:", 11) != 0)
		return n;
	p = data + 11;
	while (p < data + n && *p == ' ')
		p++;
	if ((size_t) (data + n - p) < 12 || strncmp(p, "JSESSIONID=", 11) != 0)
		return n;
	len = strspn(p + 11, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
	if (len == 0 || 11 + len >= sizeof(priv->rest->session) ||
		p + 11 + len > data + n)
		return n;
	memcpy(priv->rest->session, p, 11 + len);
	priv->rest->session[11 + len] = '\0';
	return n;
}

/*
 * start_call: hand one call to libcurl on a pooled easy handle.
 */
static bool
start_call(RdrRest *rest, RdrRestCall *call)
{
	CallPriv   *priv = call->priv;
	CURL	   *easy;

	if (rest->npool > 0)
	{
		easy = rest->pool[--rest->npool];
		curl_easy_reset(easy);
	}
	else if (rest->nall < rest->cfg.max_connections &&
			 (easy = curl_easy_init()) != NULL)
		rest->all[rest->nall++] = easy;
	else
	{
		snprintf(call->error, sizeof(call->error), "out of memory");
		return false;
	}

	priv->easy = easy;
	priv->errbuf[0] = '\0';
	priv->too_large = false;
	call->resp_len = 0;
	if (call->resp)
		call->resp[0] = '\0';

	/*
	 * An SSO token (v4) goes with every call, in the headers; otherwise
	 * Basic credentials when there is no session to reuse, and always on
	 * the re-send after a 401: another call's login may have stored a
	 * session that expires again before this one is sent.
	 */
	priv->sent_bearer = rest->conn.bearer[0] != '\0' && !priv->basic_fallback;
	priv->sent_auth = priv->sent_bearer || priv->basic_fallback ||
		rest->session[0] == '\0' || priv->relogged;
	curl_slist_free_all(priv->headers);
	priv->headers = rdr_rest_conn_headers(&rest->conn, call->body != NULL);
	if (priv->sent_bearer)
	{
		char		auth[sizeof(rest->conn.bearer) + 32];

		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", rest->conn.bearer);
		priv->headers = curl_slist_append(priv->headers, auth);
		explicit_bzero(auth, sizeof(auth));
	}

	rdr_rest_conn_setopts(&rest->conn, easy);
	curl_easy_setopt(easy, CURLOPT_SHARE, rest->share);
	curl_easy_setopt(easy, CURLOPT_URL, priv->url);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, priv->headers);
	curl_easy_setopt(easy, CURLOPT_PRIVATE, call);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, call);
	curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(easy, CURLOPT_HEADERDATA, call);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, priv->errbuf);
	if (priv->sent_bearer)
	{
		/* a pooled handle may still hold a login: only the token goes */
		curl_easy_setopt(easy, CURLOPT_COOKIE, NULL);
		curl_easy_setopt(easy, CURLOPT_USERNAME, NULL);
		curl_easy_setopt(easy, CURLOPT_PASSWORD, NULL);
	}
	else if (!priv->sent_auth)
		curl_easy_setopt(easy, CURLOPT_COOKIE, rest->session);
	else
	{
		curl_easy_setopt(easy, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC);
		curl_easy_setopt(easy, CURLOPT_USERNAME, rest->cfg.user);
		curl_easy_setopt(easy, CURLOPT_PASSWORD, rest->cfg.password);
		rest->stats.logins++;
	}
	switch (call->method)
	{
		case RDR_HTTP_GET:
			curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
			break;
		case RDR_HTTP_POST:
		case RDR_HTTP_PUT:
		case RDR_HTTP_DELETE:
			if (call->method != RDR_HTTP_POST)
				curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST,
								 rdr_rest_method_name(call->method));
			curl_easy_setopt(easy, CURLOPT_POSTFIELDS,
							 call->body ? call->body : "");
			curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE,
							 (long) (call->body ? strlen(call->body) : 0));
			break;
	}

	if (curl_multi_add_handle(rest->multi, easy) != CURLM_OK)
	{
		snprintf(call->error, sizeof(call->error), "could not start the transfer");
		rest->pool[rest->npool++] = easy;
		priv->easy = NULL;
		return false;
	}
	rest->active++;
	return true;
}

/* finish: the call has its final answer; hand it to the done queue */
static void
finish(RdrRest *rest, RdrRestCall *call)
{
	CallPriv   *priv = call->priv;

	priv->finished = true;
	call->seconds = rdr_now() - priv->first_at;
	rest->stats.calls++;
	if (call->ok)
		rdr_log_debug("%s %s -> %ld (%.1f ms, %d attempt%s)",
					  rdr_rest_method_name(call->method), priv->url + rest->conn.origin_len,
					  call->status, call->seconds * 1000, call->attempts,
					  call->attempts == 1 ? "" : "s");
	else
		rdr_log_debug("%s", call->error);
	queue_push(&rest->done, call);
}

static void
fail(RdrRest *rest, RdrRestCall *call, const char *fmt,...)
	__attribute__((format(printf, 3, 4)));

/* fail: record why the call failed (method, path, reason) and finish it */
static void
fail(RdrRest *rest, RdrRestCall *call, const char *fmt,...)
{
	CallPriv   *priv = call->priv;
	va_list		ap;
	char		reason[400];

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	snprintf(call->error, sizeof(call->error), "%s %s: %s%s",
			 rdr_rest_method_name(call->method),
			 priv->url + rest->conn.origin_len, reason,
			 call->attempts > 1 ? " (after retries)" : "");
	call->ok = false;
	finish(rest, call);
}

/* schedule another attempt of an idempotent call after a backoff */
static bool
maybe_retry(RdrRest *rest, RdrRestCall *call, const char *why)
{
	CallPriv   *priv = call->priv;
	long		backoff;

	if (call->method == RDR_HTTP_POST || call->attempts > rest->cfg.retries)
		return false;
	backoff = (long) rest->cfg.retry_backoff_ms << (call->attempts - 1);
	if (backoff > RDR_REST_MAX_BACKOFF_MS || backoff <= 0)
		backoff = RDR_REST_MAX_BACKOFF_MS;
	priv->retry_at = rdr_now() + backoff / 1000.0;
	rest->stats.retries++;
	rdr_log_verbose("%s %s: %s; retrying in %ld ms (attempt %d of %d)",
					rdr_rest_method_name(call->method),
					priv->url + rest->conn.origin_len, why, backoff,
					call->attempts + 1, rest->cfg.retries + 1);
	return queue_push(&rest->retrying, call);
}

/* fault_text: "reason: detail" from a <fault> answer, if it is one */
static void
fault_text(RdrRestCall *call)
{
	RdrXmlDoc  *doc;
	char		reason[128];
	char		detail[360];

	call->fault[0] = '\0';
	if (call->resp == NULL || call->resp_len == 0 ||
		memmem(call->resp, call->resp_len, "<fault", 6) == NULL)
		return;
	/* parse quietly: a fault that is not XML is reported by its status */
	doc = rdr_xml_parse_quiet(call->resp, call->resp_len);
	if (doc == NULL)
		return;
	if (strcmp(rdr_xml_root_name(doc), "fault") == 0)
	{
		rdr_xml_string(doc, doc->root, "reason", reason, sizeof(reason));
		rdr_xml_string(doc, doc->root, "detail", detail, sizeof(detail));
		snprintf(call->fault, sizeof(call->fault), "%s%s%s", reason,
				 reason[0] && detail[0] ? ": " : "", detail);
	}
	rdr_xml_free(doc);
}
/*
 * sso_again: after a 401 to the SSO token, log in again (synchronously:
 * one short POST, as rare as an expired token).  False, with the token
 * cleared, when the manager no longer gives one; the call then fails
 * with the 401 and the reason is logged.
 */
static bool
sso_again(RdrRest *rest)
{
	char		err[512];
	long		status;

	rdr_log_verbose("SSO token expired; logging in again as %s", rest->cfg.user);
	rest->stats.logins++;
	if (rdr_rest_sso_login(&rest->conn, &status, err, sizeof(err)) == RDR_SSO_OK)
		return true;
	rdr_log_warning("logging in again to %s by SSO failed: %s", rest->conn.origin, err);
	return false;
}


/*
 * transfer_done: one attempt of a call ended; decide between success,
 * re-login, retry and failure.
 */
static void
transfer_done(RdrRest *rest, CURL *easy, CURLcode res)
{
	RdrRestCall *call = NULL;
	CallPriv   *priv;
	long		status = 0;
	long		nconn = 0;

	curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **) &call);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &nconn);
	curl_multi_remove_handle(rest->multi, easy);
	rest->active--;
	rest->stats.connections += nconn;
	rest->stats.attempts++;
	priv = call->priv;
	rest->pool[rest->npool++] = easy;
	priv->easy = NULL;
	call->attempts++;
	call->status = status;
	call->transport_error = (int) res;

	if (res != CURLE_OK)
	{
		const char *what = priv->errbuf[0] ? priv->errbuf : curl_easy_strerror(res);
		bool		transient;

		if (priv->too_large)
		{
			fail(rest, call, "answer larger than %ld bytes", RDR_REST_MAX_ANSWER);
			return;
		}
		transient = (res == CURLE_OPERATION_TIMEDOUT || res == CURLE_GOT_NOTHING ||
					 res == CURLE_SEND_ERROR || res == CURLE_RECV_ERROR ||
					 res == CURLE_COULDNT_CONNECT || res == CURLE_PARTIAL_FILE ||
					 res == CURLE_HTTP2 || res == CURLE_HTTP2_STREAM ||
					 (res == CURLE_SSL_CONNECT_ERROR && call->attempts == 1));
		if (transient && maybe_retry(rest, call, what))
			return;
		call->status = 0;
		fail(rest, call, "%s", what);
		return;
	}

	if (status == 401 && priv->sent_bearer)
	{
		/*
		 * The token expired; the manager did nothing.  A new token, once;
		 * if that one is refused too (or none comes), the call goes once
		 * more with Basic credentials, which a v4 engine accepts as well.
		 */
		if (priv->relogged || !sso_again(rest))
			priv->basic_fallback = true;
		priv->relogged = true;
		call->attempts--;
		queue_push(&rest->waiting, call);
		return;
	}
	if (status == 401 && !priv->sent_auth && !priv->relogged)
	{
		/* the session expired: log in again; the manager did nothing */
		rdr_log_verbose("session expired; logging in again as %s", rest->cfg.user);
		rest->session[0] = '\0';
		priv->relogged = true;
		call->attempts--;
		queue_push(&rest->waiting, call);
		return;
	}
	if (status >= 200 && status < 300)
	{
		call->ok = true;
		finish(rest, call);
		return;
	}
	if ((status == 502 || status == 503 || status == 504))
	{
		char		why[32];

		snprintf(why, sizeof(why), "HTTP %ld", status);
		if (maybe_retry(rest, call, why))
			return;
	}
	fault_text(call);
	if (status == 401)
		fail(rest, call, "HTTP 401: authentication as \"%s\" failed%s%s",
			 rest->cfg.user, call->fault[0] ? ": " : "", call->fault);
	else if (call->fault[0])
		fail(rest, call, "HTTP %ld: %s", status, call->fault);
	else
		fail(rest, call, "HTTP %ld without an API fault (the engine may be "
			 "starting, stopping or overloaded)", status);
}

/*
 * rdr_rest_submit: queue a call (or, in a dry run, log a write instead).
 */
bool
rdr_rest_submit(RdrRest *rest, RdrRestCall *call)
{
	CallPriv   *priv;

	if (call->path == NULL)
	{
		snprintf(call->error, sizeof(call->error), "out of memory");
		return false;
	}
	priv = calloc(1, sizeof(CallPriv));
	if (priv == NULL)
	{
		snprintf(call->error, sizeof(call->error), "out of memory");
		return false;
	}
	call->priv = priv;
	priv->rest = rest;
	priv->first_at = rdr_now();
	priv->url = rdr_rest_conn_url(&rest->conn, call->path);
	if (priv->url == NULL)
	{
		snprintf(call->error, sizeof(call->error), "out of memory");
		return false;
	}
	call->ok = false;
	call->dry_run = false;
	call->attempts = 0;
	call->transport_error = 0;
	call->error[0] = call->fault[0] = '\0';

	if (rest->cfg.dry_run && call->method != RDR_HTTP_GET)
	{
		rdr_log_info("dry run: would %s %s %s", rdr_rest_method_name(call->method),
					 priv->url + rest->conn.origin_len,
					 call->body ? call->body : "");
		call->ok = true;
		call->dry_run = true;
		call->status = 0;
		finish(rest, call);
		return true;
	}
	return queue_push(&rest->waiting, call);
}

/*
 * rest_progress: start what may start, run libcurl for up to timeout_ms,
 * and move finished calls to the done queue.  Returns as soon as
 * something finished.
 */
static void
rest_progress(RdrRest *rest, int timeout_ms)
{
	double		deadline = rdr_now() + timeout_ms / 1000.0;

	for (;;)
	{
		double		now = rdr_now();
		double		next_retry = 0;
		int			running;
		CURLMsg    *msg;
		int			nmsg;
		int			wait_ms;

		/* retries whose time has come go back to the front of the line */
		for (int i = rest->retrying.head; i < rest->retrying.len; i++)
		{
			RdrRestCall *c = rest->retrying.items[i];
			CallPriv   *p = c->priv;

			if (p->retry_at <= now)
			{
				queue_push(&rest->waiting, c);
				rest->retrying.items[i] = rest->retrying.items[--rest->retrying.len];
				i--;
			}
			else if (next_retry == 0 || p->retry_at < next_retry)
				next_retry = p->retry_at;
		}
		while (rest->active < rest->cfg.max_connections)
		{
			RdrRestCall *c = queue_pop(&rest->waiting);

			if (c == NULL)
				break;
			if (!start_call(rest, c))
			{
				snprintf(c->error, sizeof(c->error), "%s %s: could not start the call",
						 rdr_rest_method_name(c->method), c->path);
				finish(rest, c);
			}
		}

		curl_multi_perform(rest->multi, &running);
		while ((msg = curl_multi_info_read(rest->multi, &nmsg)) != NULL)
		{
			if (msg->msg == CURLMSG_DONE)
				transfer_done(rest, msg->easy_handle, msg->data.result);
		}
		if (queue_count(&rest->done) > 0)
			return;
		/* a re-login or a due retry may be startable right away */
		if (queue_count(&rest->waiting) > 0 && rest->active < rest->cfg.max_connections)
			continue;

		now = rdr_now();
		if (now >= deadline)
			return;
		wait_ms = (int) ((deadline - now) * 1000) + 1;
		if (next_retry > 0 && (next_retry - now) * 1000 < wait_ms)
			wait_ms = (int) ((next_retry - now) * 1000) + 1;
		curl_multi_poll(rest->multi, NULL, 0, wait_ms, NULL);
	}
}

/*
 * rdr_rest_poll: see rest_client.h.
 */
int
rdr_rest_poll(RdrRest *rest, int timeout_ms, RdrRestCall **done, int max)
{
	int			n = 0;
	RdrRestCall *call;

	if (queue_count(&rest->done) == 0)
		rest_progress(rest, timeout_ms);
	while (n < max && (call = queue_pop(&rest->done)) != NULL)
		done[n++] = call;
	return n;
}

/*
 * rdr_rest_run: one call, synchronously.  Other calls that finish while
 * we wait stay in the done queue for rdr_rest_poll.
 */
bool
rdr_rest_run(RdrRest *rest, RdrRestCall *call)
{
	CallPriv   *priv;
	CallQueue  *q = &rest->done;

	if (!rdr_rest_submit(rest, call))
		return false;
	priv = call->priv;
	while (!priv->finished)
		rest_progress(rest, 1000);
	/* take our call out of the done queue, keeping the others' order */
	for (int i = q->head; i < q->len; i++)
	{
		if (q->items[i] == call)
		{
			memmove(q->items + i, q->items + i + 1,
					sizeof(RdrRestCall *) * (q->len - i - 1));
			q->len--;
			break;
		}
	}
	return call->ok;
}

/* rdr_rest_conn: see rest_client.h */
RdrRestConn *
rdr_rest_conn(RdrRest *rest)
{
	return &rest->conn;
}
