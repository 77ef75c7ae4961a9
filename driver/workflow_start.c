/*-------------------------------------------------------------------------
 *
 * workflow_start.c
 *	  The "-s" step when START_VM is a recovery plan (start_plan.h):
 *	  priority groups in order, dependencies inside a group, readiness.
 *
 * Every VM is one task.  A task sleeps until told; it is told when its
 * group begins and whenever a VM it comes after is ready or failed, and
 * then decides by itself: start (after its delay), keep sleeping, or fail
 * without a start because a VM it needs failed.  Only a task finishes
 * itself (the task runner counts the tasks still running by the ones it
 * steps), so the end of one VM never finishes another: it wakes it.
 *
 * A group is done when every VM of it is ready or failed; the next group
 * with VMs then begins.  A failed VM stops the later groups with CONFIG
 * on_vm_failure stop (each of their VMs fails "not started"), and lets
 * them go with continue.  A VM's timeout runs from its start request to
 * its readiness; readiness beyond "up" is workflow_ready.c's.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_start.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "workflow_ready.h"
#include "workflow_steps.h"
#include "xalloc.h"

/* Task states (workflow_ready.c adds its own after PS_READY_CHECK). */
enum
{
	PS_SLEEP,					/* its group or a VM it comes after is not
								 * ready */
	PS_DELAY,					/* eligible, waiting its delay */
	PS_START,					/* POST vms/ID/start */
	PS_POLL						/* GET vms/ID until up */
};

/* vm_ready: the VM is ready: record it and end its task */
static void
vm_ready(WfRun *run, WfTask *t)
{
	PlanVm	   *pv = t->data;

	pv->status = PV_READY;
	wf_item_at(run, t->item)->ready_at = rdr_now() - run->t0;
	wf_finish(run, t, true, NULL);
}

/* wake: tell a sleeping task to look again now */
static void
wake(WfRun *run, WfTask *t)
{
	PlanVm	   *pv = t->data;

	if (!t->done && t->state == PS_SLEEP && !pv->woken)
	{
		pv->woken = true;
		wf_wait_until(run, t, rdr_now());
	}
}

/* begin_group: the next group with VMs, or the end */
static void
begin_group(WfRun *run)
{
	PlanRun    *pr = run->data;

	while (pr->group < RDR_START_GROUPS)
	{
		pr->group++;
		if (pr->pending[pr->group] == 0)
			continue;
		rdr_log_info("group %d: starting %d VM%s", pr->group, pr->pending[pr->group],
					 pr->pending[pr->group] == 1 ? "" : "s");
		pr->group_began[pr->group] = rdr_now();
		for (int i = 0; i < pr->n; i++)
			if (run->plan->start_vm[i].group == pr->group)
				wake(run, pr->tasks[i]);
		return;
	}
}

/*
 * vm_finished: run->finished, for every end of a VM's task (ready,
 * failed, timed out): wake the VMs that come after it, and when its
 * group is done begin the next one, or stop.
 */
static void
vm_finished(WfRun *run, WfTask *t)
{
	PlanRun    *pr = run->data;
	PlanVm	   *pv = t->data;
	int			g = run->plan->start_vm[t->index].group;

	wf_ready_stop(pv);
	if (pv->status != PV_READY)
	{
		pv->status = PV_FAILED;
		pr->failed[g]++;
	}
	for (int k = 0; k < pv->n_succ; k++)
		wake(run, pr->tasks[pv->succ[k]]);
	if (--pr->pending[g] > 0 || g != pr->group)
		return;
	if (pr->failed[g] > 0 && run->plan->stop_on_vm_failure)
	{
		bool		later = false;

		for (int h = g + 1; h <= RDR_START_GROUPS; h++)
			later = later || pr->pending[h] > 0;
		if (later)
			rdr_log_warning("group %d: %d VM%s failed; the later groups are not "
							"started (CONFIG on_vm_failure stop)", g, pr->failed[g],
							pr->failed[g] == 1 ? "" : "s");
		pr->stopped_by = g;
		for (int i = 0; i < pr->n; i++)
			if (run->plan->start_vm[i].group > g)
				wake(run, pr->tasks[i]);
		return;
	}
	begin_group(run);
}

/*
 * check_turn: a sleeping task was told to look: fail if it cannot start,
 * sleep on if it must wait, else go (after its delay).
 */
static void
check_turn(WfRun *run, WfTask *t)
{
	PlanRun    *pr = run->data;
	PlanVm	   *pv = t->data;
	const RdrStartVm *sv = &run->plan->start_vm[t->index];
	bool		wait = false;

	pv->woken = false;
	if (pr->stopped_by > 0 && sv->group > pr->stopped_by)
	{
		wf_finish(run, t, false, "not started: group %d had a failed VM "
				  "(CONFIG on_vm_failure stop)", pr->stopped_by);
		return;
	}
	if (sv->group != pr->group)
	{
		wf_wait_until(run, t, WF_NEVER);
		return;
	}
	for (int k = 0; k < sv->n_after; k++)
	{
		PlanVm	   *dep = pr->tasks[sv->after[k]]->data;

		if (dep->status == PV_FAILED)
		{
			wf_finish(run, t, false, "not started: VM %s, which it comes after, failed",
					  run->plan->start_vm[sv->after[k]].vm);
			return;
		}
		wait = wait || dep->status != PV_READY;
	}
	if (wait)
	{
		wf_wait_until(run, t, WF_NEVER);
		return;
	}
	t->state = PS_DELAY;
	if (sv->delay_s > 0 && !run->dry_run)
		wf_wait(run, t, sv->delay_s * pr->scale, NULL);
	else
	{
		if (sv->delay_s > 0)
			rdr_log_info("dry run: would wait %d s before starting %s", sv->delay_s, sv->vm);
		wf_wait(run, t, 0, NULL);
	}
}

/* dispatch: act on the VM's state once its start is due */
static void
dispatch(WfRun *run, WfTask *t)
{
	PlanVm	   *pv = t->data;
	const char *s = t->ent.state;

	if (strcmp(s, "up") == 0)
	{
		RdrWorkflowItem *it = wf_item_at(run, t->item);

		if (it->up_at < 0)
			it->up_at = rdr_now() - run->t0;
		if (!pv->accepted)
			it->skipped = true;
		if (wf_ready_begin(run, t))
			vm_ready(run, t);
		return;
	}
	if (strcmp(s, "down") == 0)
	{
		wf_start_down(run, t, pv->accepted, &pv->down_seen, PS_START, PS_POLL);
		return;
	}
	/* wait_for_launch, powering_up, ... (or started by someone else) */
	t->state = PS_POLL;
	wf_wait(run, t, run->poll_s, "the VM to come up");
}

/* plan_step: the task of one planned VM */
static void
plan_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	PlanRun    *pr = run->data;
	PlanVm	   *pv = t->data;
	const RdrStartVm *sv = &run->plan->start_vm[t->index];

	if (t->state >= PS_READY_CHECK)
	{
		if (wf_ready_step(run, t, call))
			vm_ready(run, t);
		return;
	}
	if (call == NULL)
	{
		switch (t->state)
		{
			case PS_SLEEP:
				check_turn(run, t);
				return;
			case PS_DELAY:
				/* its timeout runs from its start, not from the step's */
				t->started_at = rdr_now();
				t->deadline = t->started_at + (sv->timeout_s > 0 ? sv->timeout_s : pr->timeout);
				if (pv->missing[0])
				{
					wf_finish(run, t, false, "%s", pv->missing);
					return;
				}
				dispatch(run, t);
				return;
			case PS_START:
				t->attempts++;
				wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_empty_action(),
						  "vms/%s/start", t->ent.id);
				return;
			case PS_POLL:
				wf_submit(run, t, RDR_HTTP_GET, NULL, "vms/%s", t->ent.id);
				return;
		}
		return;
	}
	if (t->state == PS_POLL)
	{
		if (wf_parse_one(run, t, call, "vm"))
			dispatch(run, t);
		return;
	}
	/* PS_START answered */
	if (call->ok)
	{
		wf_action(run, t, "start%s", call->dry_run ? " (dry run)" : "");
		pv->accepted = true;
		if (call->dry_run)
		{
			wf_set_state(run, t, "dry run");
			vm_ready(run, t);
			return;
		}
		t->state = PS_POLL;
		wf_wait(run, t, run->poll_s, "the VM to come up");
		return;
	}
	wf_start_refused(run, t, call, PS_POLL);
}

/* add_tasks: one sleeping task per START_VM line, with its dependants */
static bool
add_tasks(WfRun *run, PlanRun *pr, RdrApiEntity **byname, int nvms)
{
	const RdrWorkflowPlan *plan = run->plan;

	for (int i = 0; i < plan->n_start_vm; i++)
	{
		const RdrStartVm *sv = &plan->start_vm[i];
		PlanVm	   *pv = xcalloc(1, sizeof(PlanVm));
		RdrApiEntity *vm = wf_vm_named(byname, nvms, sv->vm, pv->missing,
									   sizeof(pv->missing));
		int			item = wf_item(run, RDR_ITEM_VM_START, sv->vm, vm ? vm->id : "",
								   vm ? vm->state : "");
		WfTask	   *t;
		RdrWorkflowItem *it;

		if (item < 0 || (t = wf_task(run, plan_step, item, 0)) == NULL)
		{
			free(pv);
			return false;
		}
		t->data = pv;
		t->index = i;
		t->state = PS_SLEEP;
		wf_wait_until(run, t, WF_NEVER);
		if (vm)
			t->ent = *vm;
		it = wf_item_at(run, item);
		it->group = sv->group;
		it->up_at = -1;
		it->ready_at = -1;
		pr->tasks[i] = t;
		pr->pending[sv->group]++;
	}
	/* dependants: who to wake when a VM ends */
	for (int i = 0; i < plan->n_start_vm; i++)
		for (int k = 0; k < plan->start_vm[i].n_after; k++)
		{
			PlanVm	   *dep = pr->tasks[plan->start_vm[i].after[k]]->data;

			dep->succ = xreallocarray(dep->succ, (size_t) dep->n_succ + 1, sizeof(int));
			dep->succ[dep->n_succ++] = i;
		}
	return true;
}

/*
 * rdr_workflow_start_plan: see workflow_start.h.
 */
bool
rdr_workflow_start_plan(RdrRest *rest, const RdrWorkflowPlan *plan,
						RdrWorkflowResult *res)
{
	WfRun		run;
	PlanRun		pr;
	RdrApiEntity *vms = NULL;
	RdrApiEntity **byname = NULL;
	int			n;
	double		t0 = rdr_now();
	bool		ok = false;

	wf_init(&run, rest, plan, res);
	memset(&pr, 0, sizeof(pr));
	run.data = &pr;
	run.finished = vm_finished;
	pr.n = plan->n_start_vm;
	pr.scale = plan->delay_scale > 0 ? plan->delay_scale : 1.0;
	pr.timeout = plan->vm_timeout_s > 0 ? plan->vm_timeout_s : WF_DEFAULT_VM_TIMEOUT_S;
	pr.tasks = xcalloc((size_t) pr.n + 1, sizeof(WfTask *));

	n = wf_get_list(&run, "vms", "vm", &vms);
	if (n < 0)
		goto out;
	byname = wf_vm_names(vms, n);
	if (!add_tasks(&run, &pr, byname, n))
		goto out;
	rdr_log_info("starting %d VM%s by the plan's groups", pr.n, pr.n == 1 ? "" : "s");
	begin_group(&run);
	ok = wf_run(&run);

out:
	for (int i = 0; i < res->n_items; i++)
		if (!res->items[i].ok)
			res->n_failed++;
	res->ok = ok && res->n_failed == 0;
	res->seconds = rdr_now() - t0;
	for (int i = 0; i < pr.n; i++)
		if (pr.tasks[i])
		{
			PlanVm	   *pv = pr.tasks[i]->data;

			/* the task runner frees pv itself */
			wf_ready_free(pv);
			free(pv->succ);
		}
	free(vms);
	free(byname);
	free(pr.tasks);
	wf_free(&run);
	return res->ok;
}
