/*-------------------------------------------------------------------------
 *
 * rest_transfer.h
 *	  One attempt of a REST call on a libcurl easy handle, and what its
 *	  end decides: success, a new login, a retry after a backoff, or
 *	  failure with a one-line reason.
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
#ifndef RDR_REST_TRANSFER_H
#define RDR_REST_TRANSFER_H

#include <stdbool.h>

#include <curl/curl.h>

#include "rest_client_int.h"

/*
 * rdr_rest_transfer_start: hand call to libcurl on a pooled (or new) easy
 * handle, with the session, token or credentials it needs.  False with
 * call->error set when it cannot start.
 */
extern bool rdr_rest_transfer_start(RdrRest *rest, RdrRestCall *call);

/*
 * rdr_rest_transfer_done: the attempt on easy ended with res; the call
 * goes back to a line (re-login, retry) or is finished.
 */
extern void rdr_rest_transfer_done(RdrRest *rest, CURL *easy, CURLcode res);

/* rdr_rest_transfer_finish: call has its final answer: to the done line. */
extern void rdr_rest_transfer_finish(RdrRest *rest, RdrRestCall *call);

#endif							/* RDR_REST_TRANSFER_H */
