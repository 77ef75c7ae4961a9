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
 * One attempt of a call, and whether it is retried, is rest_transfer.c's;
 * this file keeps the client, its lines of calls and the multi loop.
 *
 *-------------------------------------------------------------------------
 */
#include "rest_client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "clock.h"
#include "log.h"
#include "rest_client_int.h"
#include "rest_transfer.h"

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
	while (rdr_call_queue_pop(&rest->waiting) != NULL)
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
	rdr_call_queue_free(&rest->waiting);
	rdr_call_queue_free(&rest->retrying);
	rdr_call_queue_free(&rest->done);
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
	return rest->active + rdr_call_queue_count(&rest->waiting) +
		rdr_call_queue_count(&rest->retrying) + rdr_call_queue_count(&rest->done);
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
		rdr_rest_transfer_finish(rest, call);
		return true;
	}
	return rdr_call_queue_push(&rest->waiting, call);
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
				rdr_call_queue_push(&rest->waiting, c);
				rest->retrying.items[i] = rest->retrying.items[--rest->retrying.len];
				i--;
			}
			else if (next_retry == 0 || p->retry_at < next_retry)
				next_retry = p->retry_at;
		}
		while (rest->active < rest->cfg.max_connections)
		{
			RdrRestCall *c = rdr_call_queue_pop(&rest->waiting);

			if (c == NULL)
				break;
			if (!rdr_rest_transfer_start(rest, c))
			{
				snprintf(c->error, sizeof(c->error), "%s %s: could not start the call",
						 rdr_rest_method_name(c->method), c->path);
				rdr_rest_transfer_finish(rest, c);
			}
		}

		curl_multi_perform(rest->multi, &running);
		while ((msg = curl_multi_info_read(rest->multi, &nmsg)) != NULL)
		{
			if (msg->msg == CURLMSG_DONE)
				rdr_rest_transfer_done(rest, msg->easy_handle, msg->data.result);
		}
		if (rdr_call_queue_count(&rest->done) > 0)
			return;
		/* a re-login or a due retry may be startable right away */
		if (rdr_call_queue_count(&rest->waiting) > 0 && rest->active < rest->cfg.max_connections)
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

	if (rdr_call_queue_count(&rest->done) == 0)
		rest_progress(rest, timeout_ms);
	while (n < max && (call = rdr_call_queue_pop(&rest->done)) != NULL)
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
	RdrCallQueue  *q = &rest->done;

	if (!rdr_rest_submit(rest, call))
		return false;
	priv = call->priv;
	while (!priv->finished)
		rest_progress(rest, 1000);
	/* take our call out of the done queue, keeping the others' order */
	rdr_call_queue_remove(q, call);
	return call->ok;
}

/* rdr_rest_conn: see rest_client.h */
RdrRestConn *
rdr_rest_conn(RdrRest *rest)
{
	return &rest->conn;
}
