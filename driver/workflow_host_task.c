/*-------------------------------------------------------------------------
 *
 * workflow_host_task.c
 *	  A host task's moves, shared by the host modules: to a state due now,
 *	  to a poll after the interval, and what a failed action leads to.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_hosts_int.h"

#include "log.h"

/* host_goto: move to state, due now */
void
host_goto(WfRun *run, WfTask *t, int state)
{
	t->state = state;
	wf_wait(run, t, 0, NULL);
}

/* host_poll_later: read the host's state again after the poll interval */
void
host_poll_later(WfRun *run, WfTask *t, const char *what)
{
	t->state = HS_POLL;
	wf_wait(run, t, run->poll_s, what);
}

/*
 * host_action_failed: a POST failed.  When the manager may not have acted
 * (no answer, 5xx), read the state back and let it decide; a refusal
 * (4xx with a fault) fails the host with the manager's reason.
 */
void
host_action_failed(WfRun *run, WfTask *t, RdrRestCall *call, const char *what)
{
	HostData   *d = t->data;

	wf_action(run, t, "%s failed", what);
	if (wf_is_transient(call) && d->tries[t->state] < WF_MAX_ACTION_ATTEMPTS)
	{
		rdr_log_warning("host %s: %s: %s; reading its state again",
						t->ent.name, what, call->error);
		host_poll_later(run, t, "the host's state");
		return;
	}
	wf_finish(run, t, false, "%s: %s", what, call->error);
}
