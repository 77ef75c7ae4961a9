/*-------------------------------------------------------------------------
 *
 * engine_service.c
 *	  Stopping and starting the RHEV-M / oVirt engine around step 4.
 *
 * The seed checked "service jbossas status | grep running" after a fixed
 * three-second sleep; a JBoss that is still closing its connection pool
 * passes that check while its sessions can still write.  Here the stop
 * is only done when pg_stat_activity shows no other client session on
 * the database, polled until CONFIG engine_timeout.  A signal (see
 * interrupt.h) stops the command or the poll: the caller restarts the
 * engine.
 *
 *-------------------------------------------------------------------------
 */
#include "engine_service.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db_sessions.h"
#include "dbfix.h"
#include "interrupt.h"
#include "log.h"
#include "runcmd.h"

/*
 * Poll interval of the session check.  The query is cheap; a coarse
 * interval only adds to the time the engine is down (it was 200 ms, a
 * whole poll after every stop: the backend of the pool's last session
 * needs a few milliseconds to go once its client is gone).
 */
#define ENGINE_POLL_MS 50

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* run_engine_command: one of the configured commands, logged. */
static bool
run_engine_command(const RdrConfig *cfg, const char *key, const char *command)
{
	RdrCmdResult res;
	char		line[512];

	rdr_log_verbose("running CONFIG %s: %s", key, command);
	if (!rdr_run_shell(command, cfg->engine_timeout, &res))
		return false;
	if (res.interrupted)
	{
		/* the key is also the name of the step (or of the restart) */
		rdr_log_error("interrupted by %s during %s: \"%s\" stopped",
					  rdr_signal_name(res.interrupted), key, command);
		rdr_log_detail("Its process group got SIGTERM%s.",
					   res.killed ? ", then SIGKILL" : "");
		rdr_cmd_result_free(&res);
		return false;
	}
	if (res.status != 0)
	{
		rdr_log_error("engine command \"%s\" %s %d", command,
					  res.timed_out ? "timed out after status" : "failed with status",
					  res.status);
		rdr_log_detail("%s", rdr_cmd_last_line(&res, line, sizeof(line)));
		rdr_log_hint("Check CONFIG %s in %s.", key, cfg->path);
		rdr_cmd_result_free(&res);
		return false;
	}
	rdr_cmd_result_free(&res);
	return true;
}

/*
 * explain_sessions: the n sessions still there after the stop, one by
 * one with the local process that holds each, and what to do about it;
 * raising engine_timeout is suggested only when nothing says which
 * process it is.
 */
static void
explain_sessions(const RdrConfig *cfg, PGconn *conn, int n)
{
	RdrDbSession s[RDR_DB_SESSIONS_MAX];
	int			listed;

	rdr_log_error("%d other session(s) still on database \"%s\" %d s after \"%s\"%s%s%s",
				  n, PQdb(conn), cfg->engine_timeout, cfg->engine_stop,
				  cfg->dwh_stop ? " and \"" : "", cfg->dwh_stop ? cfg->dwh_stop : "",
				  cfg->dwh_stop ? "\"" : "");
	listed = rdr_db_sessions(conn, s, RDR_DB_SESSIONS_MAX);
	if (listed > 0)
		rdr_db_sessions_explain(s, listed, cfg->dwh_stop);
	else
		rdr_log_hint("Stop whatever holds those sessions (pg_stat_activity shows them), or raise CONFIG engine_timeout.");
}

bool
rdr_engine_stop(const RdrConfig *cfg, PGconn *conn, const char **why)
{
	double		deadline;
	char		who[2048];
	int			n;
	bool		said = false;

	*why = "the engine_stop command failed";
	if (!run_engine_command(cfg, "engine_stop", cfg->engine_stop))
		return false;
	/* the Data Warehouse and such: the engine's stop leaves them running */
	*why = "the dwh_stop command failed";
	if (cfg->dwh_stop && !run_engine_command(cfg, "dwh_stop", cfg->dwh_stop))
		return false;
	*why = "the engine is still connected";
	deadline = now_s() + cfg->engine_timeout;
	for (;;)
	{
		n = rdr_db_other_sessions(conn, who, sizeof(who));
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		if (!said)
		{
			rdr_log_info("waiting up to %d s for %d engine session(s) on \"%s\" to end: %s",
						 cfg->engine_timeout, n, PQdb(conn), who);
			said = true;
		}
		if (rdr_interrupted())
		{
			rdr_log_error("interrupted by %s during engine_stop, while %d engine session(s) were still connected",
						  rdr_signal_name(rdr_interrupted()), n);
			return false;
		}
		if (now_s() >= deadline)
			break;
		/* a signal cuts the sleep short (EINTR) */
		usleep(ENGINE_POLL_MS * 1000);
	}
	explain_sessions(cfg, conn, n);
	return false;
}

bool
rdr_engine_start(const RdrConfig *cfg)
{
	if (!run_engine_command(cfg, "engine_start", cfg->engine_start))
		return false;
	/* the failover does not need the Data Warehouse: a warning only */
	if (cfg->dwh_start && !run_engine_command(cfg, "dwh_start", cfg->dwh_start))
		rdr_log_warning("CONFIG dwh_start failed: start the Data Warehouse by hand (\"%s\")",
						cfg->dwh_start);
	return true;
}
