/*-------------------------------------------------------------------------
 *
 * workflow_vm_start.c
 *	  What the seed list's starts (workflow_vms.c) and a plan's
 *	  (workflow_start.c) do alike with one VM: a start due on a VM that
 *	  reads "down", and a start request that failed.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_steps.h"

#include "log.h"

/*
 * wf_start_down: see workflow_steps.h.
 */
void
wf_start_down(WfRun *run, WfTask *t, bool accepted, int *down_seen,
			  int start_state, int poll_state)
{
	if (accepted && ++*down_seen < 2)
	{
		/* the manager may not show the launch yet: look once more */
		t->state = poll_state;
		wf_wait(run, t, run->poll_s, "the VM to come up");
		return;
	}
	if (accepted)
	{
		wf_finish(run, t, false, "the VM went down again after its start was accepted");
		return;
	}
	if (t->attempts >= WF_MAX_ACTION_ATTEMPTS)
	{
		wf_finish(run, t, false, "the start failed %d times", t->attempts);
		return;
	}
	t->state = start_state;
	wf_wait(run, t, 0, NULL);
}

/*
 * wf_start_refused: see workflow_steps.h.
 */
void
wf_start_refused(WfRun *run, WfTask *t, RdrRestCall *call, int poll_state)
{
	wf_action(run, t, "start failed");
	if (wf_is_transient(call) && t->attempts < WF_MAX_ACTION_ATTEMPTS)
	{
		rdr_log_warning("vm %s: %s; reading its state again", t->ent.name, call->error);
		t->state = poll_state;
		wf_wait(run, t, run->poll_s, "the VM's state");
		return;
	}
	wf_finish(run, t, false, "%s", call->error);
}
