/*-------------------------------------------------------------------------
 *
 * rest_transfer.c
 *	  One attempt of a REST call and the decision at its end (see
 *	  rest_transfer.h for the retry rules).
 *
 * The session cookie is kept by header_cb rather than libcurl's cookie
 * engine, and an answer is capped at RDR_REST_MAX_ANSWER.  The password
 * is never logged, nor any header that carries it.
 *
 *-------------------------------------------------------------------------
 */
#include "rest_transfer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "log.h"
#include "rest_sso.h"
#include "rest_xml.h"

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
 * rdr_rest_transfer_start: hand one call to libcurl on a pooled easy
 * handle (see rest_transfer.h).
 */
bool
rdr_rest_transfer_start(RdrRest *rest, RdrRestCall *call)
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

/* rdr_rest_transfer_finish: the call has its final answer; to the done line */
void
rdr_rest_transfer_finish(RdrRest *rest, RdrRestCall *call)
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
	rdr_call_queue_push(&rest->done, call);
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
	rdr_rest_transfer_finish(rest, call);
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
	return rdr_call_queue_push(&rest->retrying, call);
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
 * rdr_rest_transfer_done: one attempt of a call ended; decide between success,
 * re-login, retry and failure.
 */
void
rdr_rest_transfer_done(RdrRest *rest, CURL *easy, CURLcode res)
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
		rdr_call_queue_push(&rest->waiting, call);
		return;
	}
	if (status == 401 && !priv->sent_auth && !priv->relogged)
	{
		/* the session expired: log in again; the manager did nothing */
		rdr_log_verbose("session expired; logging in again as %s", rest->cfg.user);
		rest->session[0] = '\0';
		priv->relogged = true;
		call->attempts--;
		rdr_call_queue_push(&rest->waiting, call);
		return;
	}
	if (status >= 200 && status < 300)
	{
		call->ok = true;
		rdr_rest_transfer_finish(rest, call);
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
