/*-------------------------------------------------------------------------
 *
 * failover_engine.h
 *	  The engine steps of rdr-failover (-d): engine_stop and engine_start,
 *	  and the wait for the manager's API that -h and -s share.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_ENGINE_H
#define RDR_FAILOVER_ENGINE_H

#include <stdbool.h>

#include "failover_run.h"

/*
 * rdr_step_engine_stop: CONFIG engine_stop, then no engine session left
 * in pg_stat_activity.  A failure starts the engine again.
 */
extern int	rdr_step_engine_stop(RdrFailoverRun *run);

/* rdr_step_engine_start: CONFIG engine_start, then the API answers. */
extern int	rdr_step_engine_start(RdrFailoverRun *run);

/*
 * rdr_engine_restart: after a failed step, the engine put back as it was
 * before and its stop forgotten by the state file.
 */
extern void rdr_engine_restart(RdrFailoverRun *run);

/*
 * rdr_wait_api: open the REST client (once) and wait until the manager's
 * API answers (the engine is deploying).  On failure, *why says what to
 * report.
 */
extern bool rdr_wait_api(RdrFailoverRun *run, const char **why);

#endif							/* RDR_FAILOVER_ENGINE_H */
