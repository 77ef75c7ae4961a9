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
#include "workflow_plan.h"

/*
 * rdr_workflow_plan_of: the workflow plan of the configuration; vn and sv
 * hold n_virt_net and n_start_vm entries, and must outlive the plan.
 */
extern void rdr_workflow_plan_of(const RdrConfig *cfg, RdrWorkflowPlan *plan,
								 RdrVirtNet *vn, RdrStartVm *sv);

/*
 * rdr_step_hosts: approve, attach networks, activate and fence the hosts,
 * elect the SPM, move the VMs to the backup cluster.
 */
extern int	rdr_step_hosts(RdrFailoverRun *run);

/* rdr_step_vms: start the VMs of START_VM in order; sets the report's RTO. */
extern int	rdr_step_vms(RdrFailoverRun *run);

#endif							/* RDR_FAILOVER_WORKFLOW_H */
