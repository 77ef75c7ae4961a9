/*-------------------------------------------------------------------------
 *
 * engine_service.h
 *	  Steps 3 and 5 of "-d": stop the engine and prove it is gone from the
 *	  database; start it again.
 *
 * The commands are configurable (CONFIG engine_stop / engine_start): the
 * seed's "service jbossas stop" on RHEV 3.0, "systemctl stop ovirt-engine"
 * on oVirt.  "Stopped" is decided by the database, not by the init
 * script's word or by ps: no other client session may be connected to
 * the rhevm database, which is exactly what the extension's guard checks.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_ENGINE_H
#define RDR_ENGINE_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "config.h"

/*
 * rdr_engine_stop: run engine_stop, then wait up to engine_timeout
 * seconds until conn is the only client session of the database.  On a
 * timeout, the sessions still there are named.  On failure *why says
 * which part failed, for the report.
 */
extern bool rdr_engine_stop(const RdrConfig *cfg, PGconn *conn, const char **why);

/* rdr_engine_start: run engine_start (waiting for the API is the caller's). */
extern bool rdr_engine_start(const RdrConfig *cfg);

#endif							/* RDR_ENGINE_H */
