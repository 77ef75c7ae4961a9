/*-------------------------------------------------------------------------
 *
 * failover_steps.h
 *	  The steps of rdr-failover, in their order, as one table: which
 *	  option selects each, and the exit code of a run a signal stops
 *	  before it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_STEPS_H
#define RDR_FAILOVER_STEPS_H

#include "failover_run.h"

/*
 * rdr_failover_count_steps: how many steps the progress line counts for
 * the selected RDR_STEP_* bits.
 */
extern int	rdr_failover_count_steps(unsigned steps);

/*
 * rdr_failover_run_steps: every selected step in order; the first
 * failure ends the run.  EXIT_OK or the exit code of the failure.
 */
extern int	rdr_failover_run_steps(RdrFailoverRun *run);

/*
 * rdr_failover_validate: --validate, every check of the preflight for the
 * selected steps and nothing else: no run state, no backup, no change.
 */
extern int	rdr_failover_validate(RdrFailoverRun *run);

#endif							/* RDR_FAILOVER_STEPS_H */
