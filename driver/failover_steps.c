/*-------------------------------------------------------------------------
 *
 * failover_steps.c
 *	  The order of rdr-failover's steps, as a table, and the few lines of
 *	  the steps too small for a module of their own (preflight, database
 *	  connection, backup).
 *
 *	  -n  nicfix		rdr-nicfix --map MAC=IF ... for the RHEVM_NIC lines
 *	  -d  (checks)		preflight: names, database, extension, portals, hosts
 *		  backup		pg_dump -Fc, verified with pg_restore --list
 *		  engine_stop	engine_stop, then no engine session in pg_stat_activity
 *		  storage		probe, then rdr_fix_* of every domain in one transaction
 *		  engine_start	engine_start, then wait until the API answers
 *	  -h  hosts			approve/attach/activate/fence, SPM, move VMs
 *	  -s  vms			start the START_VM list in order
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>

#include "backup.h"
#include "clock.h"
#include "dbfix.h"
#include "dbprivs.h"
#include "failover_changes.h"
#include "failover_engine.h"
#include "failover_failback.h"
#include "failover_nicfix.h"
#include "failover_planned.h"
#include "failover_steps.h"
#include "failover_workflow.h"
#include "interrupt.h"
#include "log.h"
#include "preflight.h"

/* One step of the table. */
typedef struct FailoverStep
{
	const char *name;
	unsigned	selected_by;	/* RDR_STEP_* bits, any of which selects it */
	int			interrupted_exit;	/* before it; 0: the step checks itself */
	int			(*run) (RdrFailoverRun *run);
} FailoverStep;

/* preflight: checks are not changes, so they run again on --resume */
static int
step_preflight(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	int			problems;

	run->step_no++;
	rdr_progress_step(&run->progress, run->step_no, "preflight");
	if (!rdr_preflight(&run->cfg, run->steps, &problems))
	{
		if (rdr_interrupted())
			rdr_step_failed(run, "preflight", t0, "stopped by the interruption; nothing changed");
		else
			rdr_step_failed(run, "preflight", t0, "%d problem(s); nothing changed", problems);
		return EXIT_PREFLIGHT;
	}
	rdr_report_step(&run->report, "preflight", "done", rdr_now() - t0, "no problem found");
	return EXIT_OK;
}

/* database: the connection every step of -d after the preflight uses */
static int
step_database(RdrFailoverRun *run)
{
	run->conn = rdr_db_connect(&run->cfg);
	if (run->conn == NULL)
		return EXIT_STORAGE;
	if (!rdr_db_check_extension(run->conn))
		return EXIT_STORAGE;
	/* as in the preflight: a grant may have been revoked since (--resume) */
	if (!rdr_db_check_privileges(run->conn))
		return EXIT_PREFLIGHT;
	return EXIT_OK;
}

static int
step_backup(RdrFailoverRun *run)
{
	double		t0;
	char		path[4096];

	if (!rdr_step_begin(run, "backup"))
		return EXIT_OK;
	t0 = rdr_now();
	if (run->dry_run)
	{
		rdr_report_step(&run->report, "backup", "skipped", 0, "dry run: no backup taken");
		return EXIT_OK;
	}
	if (!rdr_backup_take(&run->cfg, run->conn, run->wd_fd, path, sizeof(path)))
	{
		rdr_step_failed(run, "backup", t0, rdr_interrupted() ? "interrupted; partial backup removed, nothing changed"
						: "pg_dump or its verification failed; nothing changed");
		return EXIT_BACKUP;
	}
	snprintf(run->report.backup, sizeof(run->report.backup), "%s", path);
	if (!rdr_step_done(run, "backup", t0, path, "verified %s", path))
		return EXIT_RUN_STATE;
	return EXIT_OK;
}

/*
 * storage: interrupted after the engine stop, as if the storage step had
 * failed, the engine is put back.  During the step, a signal shuts the
 * database socket down (interrupt.c): an open storage transaction cannot
 * commit any more, and the server rolls it back.  The connection is closed
 * once the step is done: the engine needs none of ours.
 */
static int
step_storage_guarded(RdrFailoverRun *run)
{
	int			rc;

	if (rdr_stop_here(run, "storage"))
		rc = EXIT_STORAGE;
	else
	{
		rdr_interrupt_set_socket(PQsocket(run->conn));
		rc = rdr_step_storage(run);
		rdr_interrupt_set_socket(-1);
		if (rdr_interrupted())
			rdr_log_error("interrupted by %s during step storage: %s", rdr_signal_name(rdr_interrupted()),
						  rc == EXIT_OK ? "the storage transaction had committed" :
						  rc == EXIT_STORAGE_UNKNOWN ? "the connection was cut during COMMIT, outcome unknown" :
						  "the storage transaction was rolled back");
	}
	if (rc != EXIT_OK && rc != EXIT_RUN_STATE)
	{
		if (!run->dry_run)
			rdr_engine_restart(run);
		return rc;
	}
	if (rc != EXIT_OK)
		return rc;
	PQfinish(run->conn);
	run->conn = NULL;
	return EXIT_OK;
}

#define ANY_BUT_NIC (RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS)

/* The steps, in their order. */
static const FailoverStep failover_steps[] = {
	{"nicfix", RDR_STEP_NIC, EXIT_NICFIX, rdr_step_nicfix},
	{"preflight", ANY_BUT_NIC, EXIT_PREFLIGHT, step_preflight},
	{"database", RDR_STEP_DB, 0, step_database},
	/* --failback only (failover_failback.c): a no-op otherwise */
	{"failback_plan", RDR_STEP_DB, 0, rdr_step_failback_plan},
	{"backup", RDR_STEP_DB, EXIT_BACKUP, step_backup},
	/* --planned only (failover_planned.c): a no-op otherwise */
	{"source_stop", RDR_STEP_DB, 0, rdr_step_source_stop},
	{"storage_switch", RDR_STEP_DB, 0, rdr_step_storage_switch},
	{"engine_stop", RDR_STEP_DB, EXIT_ENGINE, rdr_step_engine_stop},
	{"storage", RDR_STEP_DB, 0, step_storage_guarded},
	{"engine_start", RDR_STEP_DB, EXIT_ENGINE, rdr_step_engine_start},
	{"hosts", RDR_STEP_HOSTS, EXIT_HOSTS, rdr_step_hosts},
	{"vms", RDR_STEP_VMS, EXIT_VMS, rdr_step_vms},
};

int
rdr_failover_count_steps(unsigned steps)
{
	return ((steps & RDR_STEP_NIC) ? 1 : 0) + ((steps & RDR_STEP_DB) ? 5 : 0) +
		((steps & RDR_STEP_HOSTS) ? 1 : 0) + ((steps & RDR_STEP_VMS) ? 1 : 0);
}

int
rdr_failover_run_steps(RdrFailoverRun *run)
{
	int			n = (int) (sizeof(failover_steps) / sizeof(failover_steps[0]));

	run->report.planned = run->planned;
	rdr_failback_swap_sites(run);
	for (int i = 0; i < n; i++)
	{
		const FailoverStep *s = &failover_steps[i];
		int			rc;

		if (!(run->steps & s->selected_by))
			continue;
		if (s->interrupted_exit != 0 && rdr_stop_here(run, s->name))
			return s->interrupted_exit;
		if ((rc = s->run(run)) != EXIT_OK)
			return rc;
	}
	return EXIT_OK;
}

int
rdr_failover_validate(RdrFailoverRun *run)
{
	int			problems = 0;

	rdr_failback_swap_sites(run);
	if (!rdr_config_check_steps(&run->cfg, run->steps))
		return EXIT_BAD_CONFIG;
	if (!rdr_preflight(&run->cfg, run->steps, &problems))
	{
		printf("validation of %s: %d problem(s), listed above; nothing was changed\n",
			   run->cfg.path, problems);
		return EXIT_PREFLIGHT;
	}
	if (!rdr_failback_validate(run))
	{
		printf("validation of %s: site A's storage cannot be restored (listed above); nothing was changed\n",
			   run->cfg.path);
		return EXIT_PREFLIGHT;
	}
	printf("validation of %s: no problem found\n", run->cfg.path);
	return EXIT_OK;
}
