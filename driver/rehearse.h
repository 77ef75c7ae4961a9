/*-------------------------------------------------------------------------
 *
 * rehearse.h
 *	  rdr-failover --rehearse: the whole failover rehearsed on a copy of
 *	  the engine database, against a rehearsal manager, touching nothing
 *	  of production (issue 18).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REHEARSE_H
#define RDR_REHEARSE_H

#include "failover_run.h"

/*
 * rdr_rehearse: the rehearsal's steps, after rdr_failover_open: the
 * preflight of a real run (without the manager's API), a pg_dump of the
 * production database, its copy in a throwaway cluster, the rehearsal
 * manager on the copy, the storage, engine start, hosts and VMs steps of
 * a real run against them; then everything torn down, also when a step
 * failed or a signal came.  Returns the exit code a real run would give
 * (rdr-failover(1)); the report is the run's, marked as a rehearsal, with
 * the predicted RTO.
 */
extern int	rdr_rehearse(RdrFailoverRun *run);

#endif							/* RDR_REHEARSE_H */
