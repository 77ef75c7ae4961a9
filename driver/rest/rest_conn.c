/*-------------------------------------------------------------------------
 *
 * rest_conn.c
 *	  The manager connection of the REST client: CA download, TLS and
 *	  timeout options, headers, URLs, and the connect step that finds the
 *	  API version at the entry point.
 *
 * The CA comes, as in the seed, from http://HOST:CERT_PORT/ca.crt over
 * plain HTTP: that download is not authenticated, which is why the
 * server's public key can be pinned (CURLOPT_PINNEDPUBLICKEY, libcurl
 * checks it on every new connection).  Only this CA is trusted for the
 * API: the system's CA store is not used.
 *
 *-------------------------------------------------------------------------
 */
#include "rest_conn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

/* A CA bundle larger than this is not a CA certificate. */
#define RDR_CA_MAX (1024 * 1024)

/* rdr_rest_conn_init: origin and default base from the configuration */
void
rdr_rest_conn_init(RdrRestConn *conn, const RdrRestConfig *cfg)
{
	memset(conn, 0, sizeof(RdrRestConn));
	conn->cfg = cfg;
	conn->origin_len = (size_t) snprintf(conn->origin, sizeof(conn->origin),
										 "https://%s:%d", cfg->host, cfg->port);
	if (conn->origin_len >= sizeof(conn->origin))
		conn->origin_len = sizeof(conn->origin) - 1;
	snprintf(conn->base, sizeof(conn->base), "/%s", cfg->base ? cfg->base : "api");
	if (cfg->connect_addr)
	{
		/* both the API and the CA's HTTP port: "HOST:PORT:ADDR:PORT" */
		int			ports[2] = {cfg->port, cfg->cert_port};

		for (int i = 0; i < 2; i++)
		{
			char		entry[600];
			bool		v6 = strchr(cfg->connect_addr, ':') != NULL;

			if (ports[i] <= 0)
				continue;
			snprintf(entry, sizeof(entry), "%s:%d:%s%s%s:%d", cfg->host, ports[i],
					 v6 ? "[" : "", cfg->connect_addr, v6 ? "]" : "",
					 cfg->connect_port > 0 && i == 0 ? cfg->connect_port : ports[i]);
			conn->connect_to = curl_slist_append(conn->connect_to, entry);
		}
	}
}

void
rdr_rest_conn_free(RdrRestConn *conn)
{
	free(conn->ca_pem);
	conn->ca_pem = NULL;
	curl_slist_free_all(conn->connect_to);
	conn->connect_to = NULL;
}

/* rdr_rest_conn_url: see rest_conn.h */
char *
rdr_rest_conn_url(const RdrRestConn *conn, const char *path)
{
	char	   *url;

	if (asprintf(&url, "%s%s%s%s", conn->origin, conn->base,
				 path[0] ? "/" : "", path) < 0)
		return NULL;
	return url;
}

/*
 * rdr_rest_conn_headers: Accept and Content-Type XML; no "Expect:
 * 100-continue" round trip for bodies; the session preference; and the
 * v4 version header (a v4 engine would otherwise answer in its default
 * version, which a future engine may change).
 */
struct curl_slist *
rdr_rest_conn_headers(const RdrRestConn *conn, bool has_body)
{
	struct curl_slist *h = NULL;

	h = curl_slist_append(h, "Accept: application/xml");
	if (has_body)
		h = curl_slist_append(h, "Content-Type: application/xml");
	h = curl_slist_append(h, "Expect:");
	h = curl_slist_append(h, "Prefer: persistent-auth");
	if (conn->send_version)
		h = curl_slist_append(h, "Version: 4");
	return h;
}

/*
 * set_tls_floor: the lowest TLS version (10 .. 13).  OpenSSL 3 refuses
 * TLS 1.0 and 1.1 above security level 0: their handshake signs with
 * SHA-1 (or MD5+SHA-1), "legacy sigalg disallowed", so allowing them
 * needs "@SECLEVEL=0" in the cipher list as well.
 */
static void
set_tls_floor(CURL *easy, int tls_min)
{
	long		v;

	switch (tls_min)
	{
		case 10:
			v = CURL_SSLVERSION_TLSv1_0;
			break;
		case 11:
			v = CURL_SSLVERSION_TLSv1_1;
			break;
		case 13:
			v = CURL_SSLVERSION_TLSv1_3;
			break;
		default:
			v = CURL_SSLVERSION_TLSv1_2;
			break;
	}
	curl_easy_setopt(easy, CURLOPT_SSLVERSION, v);
	if (tls_min < 12)
		curl_easy_setopt(easy, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
}

/*
 * rdr_rest_conn_setopts: options every API transfer shares.  Connections
 * are only reused by libcurl between transfers with the same TLS options,
 * so these must be identical for every call.
 */
void
rdr_rest_conn_setopts(const RdrRestConn *conn, CURL *easy)
{
	const RdrRestConfig *cfg = conn->cfg;

	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "https");
	/* the manager is reached directly: no proxy from the environment */
	curl_easy_setopt(easy, CURLOPT_PROXY, "");
	curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, (long) cfg->connect_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long) cfg->request_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(easy, CURLOPT_CONNECT_TO, conn->connect_to);
	if (cfg->insecure)
	{
		curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	else
	{
		struct curl_blob blob;

		blob.data = conn->ca_pem;
		blob.len = conn->ca_len;
		blob.flags = CURL_BLOB_NOCOPY;
		curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
		curl_easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
		curl_easy_setopt(easy, CURLOPT_CAPATH, NULL);
	}
	if (cfg->pinned_pubkey)
		curl_easy_setopt(easy, CURLOPT_PINNEDPUBLICKEY, cfg->pinned_pubkey);
	set_tls_floor(easy, cfg->tls_min);
}

/*
 * rdr_rest_conn_old_tls: see rest_conn.h.  One handshake (CONNECT_ONLY,
 * same CA and pinning) per old version, newest last: a server that
 * completes one of them but failed the normal handshake speaks only that.
 */
bool
rdr_rest_conn_old_tls(const RdrRestConn *conn, char *version, size_t size)
{
	static const struct
	{
		long		max;
		const char *name;
	}			olds[] = {
		{CURL_SSLVERSION_MAX_TLSv1_0, "TLS 1.0"},
		{CURL_SSLVERSION_MAX_TLSv1_1, "TLS 1.1"},
	};
	char	   *url = rdr_rest_conn_url(conn, "");
	bool		found = false;

	if (url == NULL)
		return false;
	for (size_t i = 0; i < sizeof(olds) / sizeof(olds[0]) && !found; i++)
	{
		CURL	   *easy = curl_easy_init();

		if (easy == NULL)
			break;
		rdr_rest_conn_setopts(conn, easy);
		set_tls_floor(easy, 10);
		curl_easy_setopt(easy, CURLOPT_SSLVERSION,
						 (long) CURL_SSLVERSION_TLSv1_0 | olds[i].max);
		curl_easy_setopt(easy, CURLOPT_URL, url);
		curl_easy_setopt(easy, CURLOPT_CONNECT_ONLY, 1L);
		if (curl_easy_perform(easy) == CURLE_OK)
		{
			snprintf(version, size, "%s", olds[i].name);
			found = true;
		}
		curl_easy_cleanup(easy);
	}
	free(url);
	return found;
}

/* discard_cb: the body of a probe is not wanted */
static size_t
discard_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	(void) data;
	(void) userdata;
	return size * nmemb;
}

/*
 * rdr_rest_conn_plain_http: see rest_conn.h.  A HEAD without credentials
 * (nothing secret goes out in clear), bounded by the connect timeout.
 */
bool
rdr_rest_conn_plain_http(const RdrRestConn *conn)
{
	const RdrRestConfig *cfg = conn->cfg;
	CURL	   *easy = curl_easy_init();
	char		url[400];
	long		status = 0;
	CURLcode	res;

	if (easy == NULL)
		return false;
	snprintf(url, sizeof(url), "http://%s:%d/", cfg->host, cfg->port);
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(easy, CURLOPT_PROXY, "");
	curl_easy_setopt(easy, CURLOPT_CONNECT_TO, conn->connect_to);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, (long) cfg->connect_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long) cfg->connect_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard_cb);
	res = curl_easy_perform(easy);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(easy);
	return res == CURLE_OK && status >= 100;
}

/* looks_like_pem: a PEM certificate, at least by its armour */
static bool
looks_like_pem(const char *buf, size_t len)
{
	return memmem(buf, len, "-----BEGIN CERTIFICATE-----", 27) != NULL &&
		memmem(buf, len, "-----END CERTIFICATE-----", 25) != NULL;
}

/* read_ca_file: the CA from a local file */
static RdrConnResult
read_ca_file(RdrRestConn *conn)
{
	const char *path = conn->cfg->ca_file;
	FILE	   *f;
	char	   *buf;
	size_t		len;

	f = fopen(path, "r");
	if (f == NULL)
	{
		rdr_log_error("could not open CA file \"%s\": %s", path, strerror(errno));
		return RDR_CONN_FATAL;
	}
	buf = malloc(RDR_CA_MAX + 1);
	if (buf == NULL)
	{
		fclose(f);
		rdr_log_error("out of memory");
		return RDR_CONN_FATAL;
	}
	len = fread(buf, 1, RDR_CA_MAX + 1, f);
	fclose(f);
	if (len == 0 || len > RDR_CA_MAX || !looks_like_pem(buf, len))
	{
		free(buf);
		rdr_log_error("CA file \"%s\" does not hold a PEM certificate", path);
		return RDR_CONN_FATAL;
	}
	buf[len] = '\0';
	conn->ca_pem = buf;
	conn->ca_len = len;
	return RDR_CONN_OK;
}

/* ca_write_cb: collect the CA download, capped */
static size_t
ca_write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	RdrRestConn *conn = userdata;
	size_t		n = size * nmemb;

	if (conn->ca_len + n > RDR_CA_MAX)
		return 0;
	memcpy(conn->ca_pem + conn->ca_len, data, n);
	conn->ca_len += n;
	conn->ca_pem[conn->ca_len] = '\0';
	return n;
}

/*
 * fetch_ca: GET http://HOST:CERT_PORT/CERT like the seed's REST_get_cert,
 * but checked: a connection failure may be an engine still starting
 * (transient); anything else than a PEM certificate is fatal.
 */
static RdrConnResult
fetch_ca(RdrRestConn *conn)
{
	const RdrRestConfig *cfg = conn->cfg;
	CURL	   *easy;
	CURLcode	res;
	long		status = 0;
	char		url[400];
	char		errbuf[CURL_ERROR_SIZE] = "";
	RdrConnResult r = RDR_CONN_OK;

	snprintf(url, sizeof(url), "http://%s:%d/%s", cfg->host, cfg->cert_port,
			 cfg->cert_name);
	conn->ca_pem = malloc(RDR_CA_MAX + 1);
	easy = curl_easy_init();
	if (conn->ca_pem == NULL || easy == NULL)
	{
		rdr_log_error("out of memory");
		curl_easy_cleanup(easy);
		return RDR_CONN_FATAL;
	}
	conn->ca_len = 0;
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(easy, CURLOPT_PROXY, "");
	curl_easy_setopt(easy, CURLOPT_CONNECT_TO, conn->connect_to);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, (long) cfg->connect_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long) cfg->request_timeout_ms);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, ca_write_cb);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, conn);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
	res = curl_easy_perform(easy);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(easy);

	if (res != CURLE_OK)
	{
		snprintf(conn->last_error, sizeof(conn->last_error),
				 "could not fetch the CA certificate from %s: %s", url,
				 errbuf[0] ? errbuf : curl_easy_strerror(res));
		r = RDR_CONN_TRANSIENT;
	}
	else if (status >= 500)
	{
		snprintf(conn->last_error, sizeof(conn->last_error),
				 "could not fetch the CA certificate from %s: HTTP %ld", url, status);
		r = RDR_CONN_TRANSIENT;
	}
	else if (status != 200 || !looks_like_pem(conn->ca_pem, conn->ca_len))
	{
		rdr_log_error("%s did not return a CA certificate", url);
		rdr_log_detail("HTTP %ld, %zu bytes without a PEM certificate.",
					   status, conn->ca_len);
		rdr_log_hint("Check \"API cert\" and \"API cert_port\" in the configuration.");
		r = RDR_CONN_FATAL;
	}
	if (r != RDR_CONN_OK)
	{
		free(conn->ca_pem);
		conn->ca_pem = NULL;
		conn->ca_len = 0;
		return r;
	}
	rdr_log_verbose("fetched the CA certificate of %s from %s (%zu bytes)",
					cfg->host, url, conn->ca_len);
	return RDR_CONN_OK;
}

/*
 * rdr_rest_conn_load_ca: see rest_conn.h.  Insecure mode needs no CA, and
 * a CA loaded by an earlier connect is kept.
 */
RdrConnResult
rdr_rest_conn_load_ca(RdrRestConn *conn)
{
	const RdrRestConfig *cfg = conn->cfg;

	conn->last_error[0] = '\0';
	if (cfg->insecure || conn->ca_pem != NULL)
		return RDR_CONN_OK;
	return cfg->ca_file ? read_ca_file(conn) : fetch_ca(conn);
}
