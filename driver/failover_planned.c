/*-------------------------------------------------------------------------
 *
 * failover_planned.c
 *	  The steps of a planned migration (rdr-failover --planned): the site
 *	  being left is alive, so instead of only fencing it, rdr stops it
 *	  cleanly and lets the array finish its replication before the storage
 *	  rows are switched, so that no write is lost.
 *
 *	  -d  preflight, backup (as a failover)
 *		  source_stop		the main cluster's VMs shut down through the
 *							guest, its hosts to maintenance (API)
 *		  storage_switch	CONFIG storage_switch_command, or the
 *							operator's confirmation (--pause-for-storage)
 *		  engine_stop, storage, engine_start, -h, -s (as a failover)
 *
 * The storage switch comes before the engine stop: a switch that fails
 * leaves the engine running and the database untouched, so the run stops
 * with nothing changed but the source's VMs and hosts, which are left
 * down and in maintenance (the operator decides: start them again, or fix
 * the array and --resume).  The RPO the report gives is the time from the
 * last source VM seen down to the switch's end: what the array had to
 * replicate after the last write.  The last VM's time is kept in the run
 * state with the source_stop step, so a resumed run still reports it.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "failover_engine.h"
#include "failover_planned.h"
#include "failover_workflow.h"
#include "interrupt.h"
#include "log.h"
#include "runcmd.h"
#include "workflow_plan.h"
#include "xalloc.h"

/* wall_now: the wall clock in seconds, for a time kept across a resume */
static double
wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

int
rdr_planned_check(const RdrFailoverRun *run)
{
	const RdrConfig *cfg = &run->cfg;

	if (!run->planned)
		return EXIT_OK;
	if (run->resume)
		return EXIT_OK;			/* checked when the run began */
	if (!(run->steps & RDR_STEP_DB) && run->steps != 0)
	{
		rdr_log_error("--planned acts in step -d (the source's clean stop and the storage switch)");
		rdr_log_hint("Select -d too, or no step (all of them).");
		return EXIT_BAD_ARGS;
	}
	if (cfg->storage_switch_command == NULL && !run->pause_for_storage)
	{
		rdr_log_error("--planned needs the storage switch: CONFIG storage_switch_command is not set in %s",
					  cfg->path);
		rdr_log_detail("A planned migration swaps the array's replication roles once the source is stopped; rdr cannot know the array.");
		rdr_log_hint("Set CONFIG storage_switch_command to the array's script, or use --pause-for-storage to switch it by hand when rdr asks.");
		return EXIT_BAD_CONFIG;
	}
	if (cfg->datacenter == NULL || cfg->main_cluster == NULL || cfg->backup_cluster == NULL)
	{
		rdr_log_error("--planned needs SITE_INFO datacenter, main_site_cluster and bkup_site_cluster in %s",
					  cfg->path);
		rdr_log_detail("The source's VMs and hosts are those of the main-site cluster.");
		return EXIT_BAD_CONFIG;
	}
	return EXIT_OK;
}

int
rdr_planned_count_steps(const RdrFailoverRun *run)
{
	return run->planned && (run->steps & RDR_STEP_DB) ? 2 : 0;
}

int
rdr_step_source_stop(RdrFailoverRun *run)
{
	const char *name = "source_stop";
	double		t0 = rdr_now();
	RdrWorkflowPlan plan;
	RdrVirtNet *vn;
	RdrStartVm *sv;
	RdrWorkflowResult res;
	double		last_down;
	int			n_vm_failed = 0;
	int			rc = EXIT_OK;
	bool		ok;
	const char *why;
	char		note[64];

	if (!run->planned)
		return EXIT_OK;
	if (rdr_stop_here(run, name))
		return EXIT_VMS;
	if (!rdr_step_begin(run, name))
		return EXIT_OK;
	if (!rdr_wait_api(run, &why))
	{
		rdr_step_failed(run, name, t0, "%s", rdr_interrupted() ? "stopped by the interruption" : why);
		return EXIT_ENGINE;
	}
	vn = xcalloc((size_t) run->cfg.n_virt_net + 1, sizeof(RdrVirtNet));
	sv = xcalloc((size_t) run->cfg.n_start_vm + 1, sizeof(RdrStartVm));
	rdr_workflow_plan_of(&run->cfg, &plan, vn, sv);
	ok = rdr_workflow_planned_stop(run->rest, &plan, &res, &last_down);
	rdr_report_add_workflow(&run->report, &res);
	for (int i = 0; i < res.n_items; i++)
		n_vm_failed += !res.items[i].ok && res.items[i].kind == RDR_ITEM_VM_SHUTDOWN;
	if (!ok)
	{
		rdr_step_failed(run, name, t0, "%s%d of %d item(s) failed; the storage and the database are unchanged",
						rdr_interrupted() ? "stopped by the interruption; " : "",
						res.n_failed, res.n_items);
		rdr_log_detail("The source's VMs and hosts are left as the report lists them: "
					   "what is down stays down until --resume or until you start it again.");
		rc = n_vm_failed > 0 || res.n_failed == 0 ? EXIT_VMS : EXIT_HOSTS;
	}
	else
	{
		/* kept with the step: the RPO of a resumed run needs it */
		snprintf(note, sizeof(note), "last_down=%.3f", last_down > 0 ?
				 wall_now() - (rdr_now() - last_down) : wall_now());
		if (!rdr_step_done(run, name, t0, note, "%d item(s): source VMs down, hosts in maintenance",
						   res.n_items))
			rc = EXIT_RUN_STATE;
	}
	rdr_workflow_result_free(&res);
	free(vn);
	free(sv);
	return rc;
}

/*
 * read_confirmation: wait for a line on standard input; true if it is
 * "yes".  Polled, so that Ctrl-C stops the wait (the handlers restart
 * reads).
 */
static bool
read_confirmation(char *answer, size_t size)
{
	size_t		len = 0;

	answer[0] = '\0';
	for (;;)
	{
		struct pollfd pfd = {.fd = STDIN_FILENO,.events = POLLIN};
		char		c;
		ssize_t		n;
		int			pr;

		if (rdr_interrupted())
			return false;
		pr = poll(&pfd, 1, 250);
		if (pr < 0 && errno != EINTR)
			return false;
		if (pr <= 0)
			continue;
		n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n')
			break;
		if (len + 1 < size)
		{
			answer[len++] = c;
			answer[len] = '\0';
		}
	}
	while (len > 0 && (answer[len - 1] == '\r' || answer[len - 1] == ' '))
		answer[--len] = '\0';
	return strcmp(answer, "yes") == 0;
}

/* switch_by_command: CONFIG storage_switch_command; false after logging */
static bool
switch_by_command(RdrFailoverRun *run, char *why, size_t size)
{
	const char *command = run->cfg.storage_switch_command;
	RdrCmdResult res;
	char		line[512];

	rdr_log_info("running CONFIG storage_switch_command: %s", command);
	if (!rdr_run_shell(command, run->cfg.storage_switch_timeout, &res))
	{
		snprintf(why, size, "storage_switch_command could not be started");
		return false;
	}
	if (res.interrupted)
	{
		rdr_log_error("interrupted by %s during storage_switch: \"%s\" stopped",
					  rdr_signal_name(res.interrupted), command);
		rdr_log_detail("Its process group got SIGTERM%s; the array may be half switched.",
					   res.killed ? ", then SIGKILL" : "");
		snprintf(why, size, "stopped by the interruption");
		rdr_cmd_result_free(&res);
		return false;
	}
	if (res.status != 0)
	{
		rdr_log_error("storage_switch_command \"%s\" %s %d", command,
					  res.timed_out ? "timed out after storage_switch_timeout, status" :
					  "failed with status", res.status);
		rdr_log_detail("%s", rdr_cmd_last_line(&res, line, sizeof(line)));
		rdr_log_hint("The database is unchanged and the engine still runs; the source stays stopped. Check the array (its replication must be complete).");
		snprintf(why, size, "storage_switch_command %s %d; the database is unchanged",
				 res.timed_out ? "timed out, status" : "exited with status", res.status);
		rdr_cmd_result_free(&res);
		return false;
	}
	rdr_cmd_result_free(&res);
	return true;
}

int
rdr_step_storage_switch(RdrFailoverRun *run)
{
	const char *name = "storage_switch";
	double		t0 = rdr_now();
	const RdrStepState *st = NULL;
	double		last_down = 0;
	char		why[300];
	char		answer[64];

	if (!run->planned)
		return EXIT_OK;
	if (rdr_stop_here(run, name))
		return EXIT_STORAGE;
	if (!rdr_step_begin(run, name))
		return EXIT_OK;
	if (run->dry_run)
	{
		rdr_report_step(&run->report, name, "skipped", 0, "dry run: would %s",
						run->pause_for_storage ? "wait for the operator's confirmation" :
						"run CONFIG storage_switch_command");
		return EXIT_OK;
	}
	if (run->pause_for_storage)
	{
		fprintf(stderr, "\nrdr-failover: the source site is stopped (its VMs down, its hosts in maintenance).\n"
				"Switch the storage now: let the array finish its replication and make\n"
				"site B's copies writable.  Then type yes and Enter to go on; anything\n"
				"else stops the run here, with the database unchanged.\n> ");
		fflush(stderr);
		if (!read_confirmation(answer, sizeof(answer)))
		{
			fputc('\n', stderr);
			if (rdr_interrupted())
				rdr_log_error("interrupted by %s while waiting for the storage switch's confirmation",
							  rdr_signal_name(rdr_interrupted()));
			else
			{
				rdr_log_error("the storage switch was not confirmed (%s%s%s)", answer[0] ? "answer \"" : "no answer",
							  answer, answer[0] ? "\"" : "");
				rdr_log_hint("Switch the storage, then run rdr-failover --resume and answer yes.");
			}
			rdr_step_failed(run, name, t0, "%s; the database is unchanged", rdr_interrupted() ?
							"stopped by the interruption" : "not confirmed");
			return EXIT_STORAGE;
		}
		rdr_log_info("storage switch confirmed by the operator");
	}
	else if (!switch_by_command(run, why, sizeof(why)))
	{
		rdr_step_failed(run, name, t0, "%s", why);
		return EXIT_STORAGE;
	}
	if (run->have_state && rdr_runstate_is_done(&run->state, "source_stop", &st) && st != NULL)
		(void) sscanf(st->note, "last_down=%lf", &last_down);
	if (last_down > 0)
		run->report.rpo = wall_now() - last_down;
	return rdr_step_done(run, name, t0, NULL, "%s", run->pause_for_storage ?
						 "confirmed by the operator" : "storage_switch_command succeeded")
		? EXIT_OK : EXIT_RUN_STATE;
}
