/*-------------------------------------------------------------------------
 *
 * api_client.h
 *	  rdr-failover's REST client for section API: its settings, the
 *	  warnings about settings that weaken the trust in the manager, and
 *	  the preflight's check of the API user.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_API_CLIENT_H
#define RDR_API_CLIENT_H

#include <stdbool.h>

#include "config.h"
#include "report.h"
#include "rest_client.h"

/* rdr_api_rest_config: the REST client's settings from section API. */
extern void rdr_api_rest_config(const RdrConfig *cfg, bool dry_run, RdrRestConfig *rc);

/*
 * rdr_api_trust_report: a report warning for each setting that weakens
 * the trust in the manager (insecure, a CA fetched over plain HTTP, old
 * TLS).
 */
extern void rdr_api_trust_report(const RdrConfig *cfg, RdrReport *report);

/*
 * rdr_preflight_api: warn about a CA fetched over plain HTTP, then, if the
 * manager answers, log in once with the API user: a 401, a TLS failure,
 * plain HTTP on the API port or a wrong entry point is a problem found
 * before anything changes.  A manager that does not answer (the engine
 * may be stopped, -d starts it) is said, and checked after engine start.
 * Returns the number of problems.
 */
extern int	rdr_preflight_api(const RdrConfig *cfg);

#endif							/* RDR_API_CLIENT_H */
