/*-------------------------------------------------------------------------
 *
 * workflow_ready.h
 *	  When a planned VM that is up counts as ready (START_VM ready=):
 *	  up, the guest agent's IP address, a TCP port on it, or a command.
 *	  Private to workflow_start.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_WORKFLOW_READY_H
#define RDR_WORKFLOW_READY_H

#include "workflow_start.h"

/* The first task state of the readiness checks (after workflow_start.c's). */
#define PS_READY_CHECK 16

/*
 * wf_ready_begin: the VM is up: true if that makes it ready (ready=up),
 * else its checks are scheduled (the task goes on in wf_ready_step).
 */
extern bool wf_ready_begin(WfRun *run, WfTask *t);

/*
 * wf_ready_step: the task's step while in a PS_READY_CHECK state: true
 * when the VM just became ready (the caller ends its task), else it waits
 * or was failed by the task runner.
 */
extern bool wf_ready_step(WfRun *run, WfTask *t, RdrRestCall *call);

/*
 * wf_ready_stop: the VM's task ended (ready, failed, timed out,
 * interrupted): a probe still under way is ended, a command's process
 * group killed.
 */
extern void wf_ready_stop(PlanVm *pv);

/* wf_ready_free: what the checks kept in pv (a probe ended first). */
extern void wf_ready_free(PlanVm *pv);

#endif							/* RDR_WORKFLOW_READY_H */
