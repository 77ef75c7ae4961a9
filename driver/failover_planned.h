/*-------------------------------------------------------------------------
 *
 * failover_planned.h
 *	  rdr-failover --planned: the steps a planned migration adds to the
 *	  failover (the source's clean stop, the storage switch) and its
 *	  checks.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_PLANNED_H
#define RDR_FAILOVER_PLANNED_H

#include "failover_run.h"

/*
 * rdr_planned_check: the options and settings --planned needs, checked
 * once the configuration is read and before anything is done.  EXIT_OK,
 * or the exit code after the message.
 */
extern int	rdr_planned_check(const RdrFailoverRun *run);

/* rdr_planned_count_steps: the steps --planned adds to the progress line. */
extern int	rdr_planned_count_steps(const RdrFailoverRun *run);

/*
 * rdr_step_source_stop: step "source_stop" (--planned, -d): the source
 * cluster's VMs shut down, its hosts to maintenance (workflow_shutdown.c).
 * EXIT_OK at once without --planned.
 */
extern int	rdr_step_source_stop(RdrFailoverRun *run);

/*
 * rdr_step_storage_switch: step "storage_switch" (--planned, -d): CONFIG
 * storage_switch_command run and waited for, or the operator's
 * confirmation (--pause-for-storage); sets the report's RPO.  EXIT_OK at
 * once without --planned.
 */
extern int	rdr_step_storage_switch(RdrFailoverRun *run);

#endif							/* RDR_FAILOVER_PLANNED_H */
