/*-------------------------------------------------------------------------
 *
 * api_client.c
 *	  rdr-failover's REST client for section API (see api_client.h).
 *
 * The seed fetched the manager's CA over plain HTTP and trusted it: an
 * attacker on the path hands out his own CA and then reads the API
 * password.  rdr keeps that way (it is the seed's and needs no setup) but
 * says so loudly, in the preflight, the log and the report, with the way
 * to pin the CA instead.
 *
 *-------------------------------------------------------------------------
 */
#include "api_client.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rest_connect.h"

/* ca_over_http: the CA will be fetched over plain HTTP and trusted */
static bool
ca_over_http(const RdrConfig *cfg)
{
	return !cfg->api_insecure && cfg->api_ca_file == NULL &&
		cfg->api_pinned_pubkey == NULL;
}

/*
 * rdr_api_rest_config: see api_client.h.
 */
void
rdr_api_rest_config(const RdrConfig *cfg, bool dry_run, RdrRestConfig *rc)
{
	memset(rc, 0, sizeof(*rc));
	rc->host = cfg->api_host;
	rc->port = cfg->api_port;

	/*
	 * CONNECT_TO applies to the manager too: contact it there, verify its
	 * name
	 */
	if (strcmp(rdr_config_connect_to(cfg, cfg->api_host, &rc->connect_port), cfg->api_host) != 0)
		rc->connect_addr = rdr_config_connect_to(cfg, cfg->api_host, NULL);
	rc->base = cfg->api_base;
	rc->cert_port = cfg->api_cert_port;
	rc->cert_name = cfg->api_cert;
	rc->ca_file = cfg->api_ca_file;
	rc->pinned_pubkey = cfg->api_pinned_pubkey;
	rc->insecure = cfg->api_insecure;
	/* "1.0" .. "1.3", checked when the configuration was read */
	rc->tls_min = cfg->api_tls_min ? 10 + (int) strtol(cfg->api_tls_min + 2, NULL, 10) : 12;
	rc->user = cfg->api_user;
	rc->password = cfg->api_password;
	rc->connect_timeout_ms = cfg->api_connect_timeout * 1000;
	rc->request_timeout_ms = cfg->api_request_timeout * 1000;
	rc->dry_run = dry_run;
}

/*
 * rdr_api_trust_report: see api_client.h.
 */
void
rdr_api_trust_report(const RdrConfig *cfg, RdrReport *report)
{
	if (cfg->api_insecure)
		rdr_report_warning(report, "API insecure: TLS verification of the manager was disabled");
	else if (ca_over_http(cfg))
		rdr_report_warning(report, "API ca_file unset: the manager's CA was fetched over plain "
						   "HTTP (port %d) and trusted unauthenticated", cfg->api_cert_port);
	if (cfg->api_tls_min && strcmp(cfg->api_tls_min, "1.2") < 0)
		rdr_report_warning(report, "API tls_min %s: TLS versions older than 1.2 "
						   "are allowed with the manager (legacy RHEV 3.0)", cfg->api_tls_min);
}

/*
 * wrong_base: with "API base" set and nothing there (404), whether the
 * manager answers at a base it detects by itself; then the setting is
 * wrong, said with its file:line, and this is a problem now rather than
 * a wait for an engine that "is still starting".  A manager that answers
 * 404 everywhere may well be starting (a 4.x servlet container): not
 * said here.
 */
static bool
wrong_base(const RdrConfig *cfg)
{
	RdrRestConfig rc;
	RdrRest    *rest;
	const char *why = "";
	const char *found = NULL;

	rdr_api_rest_config(cfg, true, &rc);
	rc.retries = -1;
	rc.base = NULL;
	rest = rdr_rest_open(&rc);
	if (rest == NULL)
		return false;
	if (rdr_rest_try_connect(rest, &why) == RDR_CONN_OK)
		found = rdr_rest_version(rest) == RDR_API_V4 ? "ovirt-engine/api" : "api";
	if (found)
	{
		rdr_log_error("preflight: API base \"%s\" (%s:%d) is wrong: the manager %s has no API there (HTTP 404), "
					  "it answers at /%s (%s)", cfg->api_base, cfg->path,
					  rdr_config_line(cfg, "API", "base"), cfg->api_host, found, rdr_rest_product(rest));
		rdr_log_hint("Set \"API base %s\", or leave it unset to detect it.", found);
	}
	rdr_rest_close(rest);
	return found != NULL;
}

/*
 * rdr_preflight_api: see api_client.h.
 */
int
rdr_preflight_api(const RdrConfig *cfg)
{
	RdrRestConfig rc;
	RdrRest    *rest;
	const char *why = "";
	int			problems = 0;

	if (ca_over_http(cfg))
	{
		rdr_log_warning("preflight: the manager's CA will be fetched over plain HTTP "
						"(http://%s:%d/%s) and trusted unauthenticated",
						cfg->api_host, cfg->api_cert_port, cfg->api_cert);
		rdr_log_detail("Anyone between this host and %s can hand rdr another CA, "
					   "then read the API password and forge every answer.", cfg->api_host);
		rdr_log_hint("Pin it: copy the CA from the manager once (%s) and set "
					 "\"API ca_file\", or set \"API pinned_pubkey\"; see configuration.md.",
					 "/etc/pki/ovirt-engine/ca.pem");
	}
	rdr_api_rest_config(cfg, true, &rc);
	rc.retries = -1;
	rest = rdr_rest_open(&rc);
	if (rest == NULL)
		return 1;
	switch (rdr_rest_try_connect(rest, &why))
	{
		case RDR_CONN_OK:
			rdr_log_info("preflight: the manager's API accepts user \"%s\" (%s, API version %d)",
						 cfg->api_user, rdr_rest_product(rest), rdr_rest_version(rest));
			break;
		case RDR_CONN_FATAL:
			problems++;			/* said: 401, TLS, plain HTTP, entry point */
			break;
		case RDR_CONN_TRANSIENT:
			if (cfg->api_base && strstr(why, "(HTTP 404)") && wrong_base(cfg))
			{
				problems++;
				break;
			}
			rdr_log_info("preflight: the manager's API does not answer now (%s)", why);
			rdr_log_detail("The engine may be stopped: the API user \"%s\" is checked as soon "
						   "as the API answers, before any host is touched.", cfg->api_user);
			break;
	}
	rdr_rest_close(rest);
	return problems;
}
