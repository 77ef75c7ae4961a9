/*-------------------------------------------------------------------------
 *
 * rest_connect.h
 *	  Connecting to the manager's REST API: the entry point and the API
 *	  version, once or waiting for an engine that is starting.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_CONNECT_H
#define RDR_REST_CONNECT_H

#include <stdbool.h>

#include "rest_client.h"
#include "rest_conn.h"

/*
 * rdr_rest_connect: fetch the CA (unless ca_file or insecure), call the
 * entry point and detect the API version.  One attempt; logs and returns
 * false on failure.
 */
extern bool rdr_rest_connect(RdrRest *rest);

/*
 * rdr_rest_wait_api: rdr_rest_connect until it succeeds or timeout_s
 * passes (the engine takes a while to deploy the API after a start).
 * Polls every poll_ms.  Authentication and TLS verification failures stop
 * the wait at once: waiting does not fix them.
 */
/*
 * rdr_rest_try_connect: one connect attempt, without waiting: OK, FATAL
 * (logged: 401, TLS, plain HTTP, not an entry point), or TRANSIENT (not
 * logged; *last_error says why: the engine may be down or starting).
 */
extern RdrConnResult rdr_rest_try_connect(RdrRest *rest, const char **last_error);

extern bool rdr_rest_wait_api(RdrRest *rest, int timeout_s, int poll_ms);

#endif							/* RDR_REST_CONNECT_H */
