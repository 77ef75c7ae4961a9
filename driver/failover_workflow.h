/*-------------------------------------------------------------------------
 *
 * failover_workflow.h
 *	  The hosts (-h) and vms (-s) steps of rdr-failover.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_WORKFLOW_H
#define RDR_FAILOVER_WORKFLOW_H

#include "failover_run.h"

/*
 * rdr_step_hosts: approve, attach networks, activate and fence the hosts,
 * elect the SPM, move the VMs to the backup cluster.
 */
extern int	rdr_step_hosts(RdrFailoverRun *run);

/* rdr_step_vms: start the VMs of START_VM in order; sets the report's RTO. */
extern int	rdr_step_vms(RdrFailoverRun *run);

#endif							/* RDR_FAILOVER_WORKFLOW_H */
