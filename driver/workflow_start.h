/*-------------------------------------------------------------------------
 *
 * workflow_start.h
 *	  The "-s" step of a START_VM plan with groups, dependencies and
 *	  readiness (workflow_start.c), and what it shares with the readiness
 *	  checks (workflow_ready.c).  rdr_workflow_start_vms hands a plan
 *	  over to it; a seed list stays with workflow_vms.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_WORKFLOW_START_H
#define RDR_WORKFLOW_START_H

#include <stdbool.h>

#include "workflow_engine.h"

/* Where a planned VM stands, for the VMs that come after it. */
typedef enum PlanVmStatus
{
	PV_WAITING,					/* not ready yet */
	PV_READY,
	PV_FAILED					/* failed, timed out, or not started */
} PlanVmStatus;

/* One planned VM's task data. */
typedef struct PlanVm
{
	PlanVmStatus status;
	bool		woken;			/* a look is already due */
	bool		accepted;		/* a start was accepted */
	int			down_seen;		/* polls that saw "down" after that */
	int		   *succ;			/* the VMs that come after it (indexes) */
	int			n_succ;
	char		missing[300];	/* why the VM cannot be started at all */
	struct WfReady *ready;		/* workflow_ready.c's state */
} PlanVm;

/* The plan's run. */
typedef struct PlanRun
{
	WfTask	  **tasks;			/* by START_VM index */
	int			n;
	int			group;			/* the group running (0: none yet) */
	int			pending[RDR_START_GROUPS + 1];	/* VMs not ended, by group */
	int			failed[RDR_START_GROUPS + 1];
	double		group_began[RDR_START_GROUPS + 1];
	int			stopped_by;		/* the group whose failure stopped the rest */
	double		scale;			/* delay_scale */
	double		timeout;		/* vm_timeout */
} PlanRun;

/*
 * rdr_workflow_start_plan: start the plan's VMs group by group; same
 * conventions as rdr_workflow_start_vms.
 */
extern bool rdr_workflow_start_plan(RdrRest *rest, const RdrWorkflowPlan *plan,
									RdrWorkflowResult *res);

#endif							/* RDR_WORKFLOW_START_H */
