/*-------------------------------------------------------------------------
 *
 * failover_changes.h
 *	  The storage step of rdr-failover (-d) and the rows it changed.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_CHANGES_H
#define RDR_FAILOVER_CHANGES_H

#include "failover_run.h"

/*
 * rdr_step_storage: probe, plan and the one transaction of rdr_fix_* calls
 * on run->conn; the changed rows go to working_dir (with those an
 * interrupted run committed without recording the step) and the report.
 * When the step was done by the interrupted run, its rows are read back
 * into the report.  EXIT_OK, EXIT_STORAGE, EXIT_STORAGE_UNKNOWN or
 * EXIT_RUN_STATE.
 */
extern int	rdr_step_storage(RdrFailoverRun *run);

#endif							/* RDR_FAILOVER_CHANGES_H */
