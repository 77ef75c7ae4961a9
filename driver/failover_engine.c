/*-------------------------------------------------------------------------
 *
 * failover_engine.c
 *	  The engine steps of rdr-failover: the RHEV engine service stopped
 *	  before the storage fix and started after it, until its API answers.
 *
 *-------------------------------------------------------------------------
 */
#include "api_client.h"
#include "clock.h"
#include "engine_service.h"
#include "failover_engine.h"
#include "interrupt.h"
#include "log.h"
#include "rest_connect.h"

/* rest_open: the REST client for the API section. */
static bool
rest_open(RdrFailoverRun *run)
{
	RdrRestConfig rc;

	if (run->rest)
		return true;
	rdr_api_rest_config(&run->cfg, run->dry_run, &rc);
	rdr_api_trust_report(&run->cfg, &run->report);
	run->rest = rdr_rest_open(&rc);
	return run->rest != NULL;
}

bool
rdr_wait_api(RdrFailoverRun *run, const char **why)
{
	double		t0 = rdr_now();

	*why = "API did not answer";
	if (!rest_open(run))
		return false;
	if (!rdr_rest_wait_api(run->rest, run->cfg.api_wait_timeout, run->cfg.poll_ms))
	{
		if (rdr_interrupted())
			return false;		/* said by rdr_rest_wait_api */
		/* an answer waiting cannot cure (401, old TLS): said, not a timeout */
		*why = "API answered, unusable (401, TLS or address: see above)";
		if (rdr_now() - t0 < run->cfg.api_wait_timeout - 1)
			return false;
		*why = "API did not answer";
		rdr_log_error("the manager's API at %s:%d did not answer within %d s",
					  run->cfg.api_host, run->cfg.api_port, run->cfg.api_wait_timeout);
		rdr_log_hint("Check that the engine runs (CONFIG engine_start) and API host/port; raise API wait_timeout if it is just slow.");
		return false;
	}
	return true;
}

void
rdr_engine_restart(RdrFailoverRun *run)
{
	rdr_log_info("restarting the engine, as it was before the failed step");
	if (rdr_engine_start(&run->cfg))
		run->engine_stopped = false;
	if (run->have_state)
		(void) rdr_runstate_forget(&run->state, "engine_stop");
}

int
rdr_step_engine_stop(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	const char *why = "";

	if (!rdr_step_begin(run, "engine_stop"))
		return EXIT_OK;
	if (run->dry_run)
	{
		rdr_report_step(&run->report, "engine_stop", "skipped", 0, "dry run: would run \"%s\"",
						run->cfg.engine_stop);
		return EXIT_OK;
	}
	run->engine_stopped = true;
	if (!rdr_engine_stop(&run->cfg, run->conn, &why))
	{
		rdr_step_failed(run, "engine_stop", t0, "%s", rdr_interrupted() ? "interrupted; the engine is started again"
						: why);
		rdr_engine_restart(run);
		return EXIT_ENGINE;
	}
	if (!rdr_step_done(run, "engine_stop", t0, NULL, "no engine session left on %s",
					   PQdb(run->conn)))
		return EXIT_RUN_STATE;
	return EXIT_OK;
}

int
rdr_step_engine_start(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	const char *why;

	if (!rdr_step_begin(run, "engine_start"))
		return EXIT_OK;
	if (run->dry_run)
	{
		rdr_report_step(&run->report, "engine_start", "skipped", 0, "dry run: would run \"%s\"",
						run->cfg.engine_start);
		return EXIT_OK;
	}
	if (!rdr_engine_start(&run->cfg))
	{
		rdr_step_failed(run, "engine_start", t0, "\"%s\" %s", run->cfg.engine_start,
						rdr_interrupted() ? "stopped by the interruption" : "failed");
		return EXIT_ENGINE;
	}
	run->engine_stopped = false;
	if (!rdr_wait_api(run, &why))
	{
		rdr_step_failed(run, "engine_start", t0, "%s", rdr_interrupted() ?
						"stopped by the interruption while waiting for the API" : why);
		return EXIT_ENGINE;
	}
	return rdr_step_done(run, "engine_start", t0, NULL, "engine started, API answers (%s)",
						 rdr_rest_product(run->rest) ? rdr_rest_product(run->rest) : "?")
		? EXIT_OK : EXIT_RUN_STATE;
}
