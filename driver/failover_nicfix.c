/*-------------------------------------------------------------------------
 *
 * failover_nicfix.c
 *	  The nicfix step of rdr-failover: rdr-nicfix, run with the map of the
 *	  RHEVM_NIC lines.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "failover_nicfix.h"
#include "interrupt.h"
#include "log.h"
#include "runcmd.h"
#include "xalloc.h"

/* nicfix_argv: rdr-nicfix's command line; maps[] holds its MAC=IF strings */
static const char **
nicfix_argv(const RdrFailoverRun *run, char **maps)
{
	const RdrConfig *cfg = &run->cfg;
	const char **argv = xcalloc((size_t) (2 * cfg->n_nics + 8), sizeof(char *));
	int			n = 0;

	argv[n++] = cfg->nicfix_command;
	for (int i = 0; i < cfg->n_nics; i++)
	{
		maps[i] = xasprintf("%s=%s", cfg->nics[i].mac, cfg->nics[i].ifname);
		argv[n++] = "--map";
		argv[n++] = maps[i];
	}
	if (cfg->nicfix_root)
	{
		argv[n++] = "--root";
		argv[n++] = cfg->nicfix_root;
	}
	if (run->dry_run)
		argv[n++] = "--dry-run";
	argv[n] = NULL;
	return argv;
}

/* nicfix_outcome: the step's record of rdr-nicfix's result */
static int
nicfix_outcome(RdrFailoverRun *run, const RdrCmdResult *res, double t0)
{
	const RdrConfig *cfg = &run->cfg;
	char		line[512];

	if (res->interrupted)
	{
		rdr_log_error("interrupted by %s during step nicfix: %s stopped",
					  rdr_signal_name(res->interrupted), cfg->nicfix_command);
		rdr_log_hint("Files it already changed keep a FILE.rdr.bak backup: --resume runs the step again, rdr-nicfix --undo restores them.");
		rdr_step_failed(run, "nicfix", t0, "stopped by the interruption");
		return EXIT_NICFIX;
	}
	if (res->status != 0)
	{
		rdr_log_error("%s failed with exit code %d", cfg->nicfix_command, res->status);
		rdr_log_detail("%s", rdr_cmd_last_line(res, line, sizeof(line)));
		rdr_step_failed(run, "nicfix", t0, "exit code %d: %s", res->status, line);
		return EXIT_NICFIX;
	}
	if (run->dry_run && res->output[0])
		printf("%s", res->output);
	if (!rdr_step_done(run, "nicfix", t0, NULL, "%d NIC name(s) %s%s", cfg->n_nics,
					   run->dry_run ? "planned" : "fixed",
					   run->dry_run ? "" : "; reboot the manager before -d"))
		return EXIT_RUN_STATE;
	return EXIT_OK;
}

int
rdr_step_nicfix(RdrFailoverRun *run)
{
	const RdrConfig *cfg = &run->cfg;
	const char **argv;
	char	  **maps;
	double		t0 = rdr_now();
	RdrCmdResult res;
	int			rc;

	if (!rdr_step_begin(run, "nicfix"))
		return EXIT_OK;
	maps = xcalloc((size_t) cfg->n_nics + 1, sizeof(char *));
	argv = nicfix_argv(run, maps);
	if (!rdr_run_argv(argv, NULL, 300, &res))
		rc = EXIT_NICFIX;
	else
	{
		rc = nicfix_outcome(run, &res, t0);
		rdr_cmd_result_free(&res);
	}
	for (int i = 0; i < cfg->n_nics; i++)
		free(maps[i]);
	free(maps);
	free(argv);
	return rc;
}
