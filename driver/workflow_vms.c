/*-------------------------------------------------------------------------
 *
 * workflow_vms.c
 *	  Move the main cluster's VMs to the backup cluster (end of "-h"), and
 *	  start the START_VM list in order with its delays ("-s").
 *
 * Moves are independent and all run at once.  Starts keep the configured
 * order: VM i is started delay_i seconds after VM i-1's start was
 * accepted (the seed slept delay_i, then started); a delay of 0 starts it
 * together with VM i-1.  Once started, every VM is polled concurrently
 * until it is up, so a slow VM does not hold back the next one's start,
 * only the delays do -- which is what the delays are for (a database VM
 * before the web VMs that need it).
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_steps.h"
#include "workflow_start.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "xalloc.h"

/*
 * move_step: PUT vms/ID with the backup cluster and check the answer says
 * so.  PUT is idempotent: the client retries it on 5xx and timeouts.
 */
static void
move_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	WfInventory *inv = run->data;
	RdrXmlDoc  *doc;
	RdrApiEntity *vm = NULL;
	int			n;

	if (call == NULL)
	{
		wf_submit(run, t, RDR_HTTP_PUT, rdr_api_body_vm_cluster(inv->backup_cluster_id),
				  "vms/%s", t->ent.id);
		return;
	}
	if (!call->ok)
	{
		wf_action(run, t, "move to cluster %s failed", run->plan->backup_cluster);
		wf_finish(run, t, false, "%s", call->error);
		return;
	}
	if (call->dry_run)
	{
		wf_action(run, t, "move to cluster %s (dry run)", run->plan->backup_cluster);
		wf_finish(run, t, true, NULL);
		return;
	}
	doc = rdr_xml_parse(call->resp, call->resp_len, "answer of PUT vms/ID");
	n = doc ? rdr_api_parse_list(run->version, doc, "vm", &vm, "answer of PUT vms/ID") : -1;
	rdr_xml_free(doc);
	if (n != 1 || strcmp(vm[0].cluster_id, inv->backup_cluster_id) != 0)
	{
		wf_finish(run, t, false, "the manager accepted the move but its answer "
				  "shows cluster %s", n == 1 && vm[0].cluster_id[0] ? vm[0].cluster_id : "(none)");
		free(vm);
		return;
	}
	wf_set_state(run, t, vm[0].state);
	free(vm);
	wf_action(run, t, "move to cluster %s", run->plan->backup_cluster);
	wf_finish(run, t, true, NULL);
}

/*
 * wf_move_tasks: see workflow_steps.h.
 */
bool
wf_move_tasks(WfRun *run)
{
	WfInventory *inv = run->data;
	const RdrWorkflowPlan *plan = run->plan;
	RdrApiEntity *vms = NULL;
	int			n;
	int			nmove = 0;
	double		timeout = plan->vm_timeout_s > 0 ? plan->vm_timeout_s :
	WF_DEFAULT_VM_TIMEOUT_S;

	n = wf_get_list(run, "vms", "vm", &vms);
	if (n < 0)
		return false;
	for (int i = 0; i < n; i++)
	{
		int			item;
		WfTask	   *t;

		if (strcmp(vms[i].cluster_id, inv->main_cluster_id) != 0)
			continue;
		item = wf_item(run, RDR_ITEM_VM_MOVE, vms[i].name, vms[i].id, vms[i].state);
		if (item < 0 || (t = wf_task(run, move_step, item, timeout)) == NULL)
		{
			free(vms);
			return false;
		}
		t->ent = vms[i];
		nmove++;
	}
	free(vms);
	rdr_log_info("moving %d VM%s from cluster %s to cluster %s", nmove,
				 nmove == 1 ? "" : "s", plan->main_cluster, plan->backup_cluster);
	return true;
}

/* Start task states. */
enum
{
	VS_TURN,					/* waiting for its turn in the START_VM order */
	VS_START,					/* POST vms/ID/start */
	VS_POLL						/* GET vms/ID until up */
};

typedef struct StartOrder
{
	WfTask	  **tasks;			/* in START_VM order */
	int			n;
	int			turn;			/* index of the next VM allowed to start */
	double		turn_at;		/* ... not before this time */
	double		scale;
	double		timeout;
} StartOrder;

typedef struct StartData
{
	bool		accepted;		/* a start was accepted */
	int			down_seen;		/* polls that saw "down" after that */
	bool		turn_passed;
	char		missing[300];	/* why the VM cannot be started at all */
} StartData;

/* pass_turn: let the next VM of the order go after its delay */
static void
pass_turn(WfRun *run, WfTask *t)
{
	StartOrder *o = run->data;
	StartData  *d = t->data;
	int			next = t->index + 1;

	if (d == NULL || d->turn_passed)
		return;
	d->turn_passed = true;
	o->turn = next;
	if (next < o->n)
	{
		double		delay = run->plan->start_vm[next].delay_s * o->scale;

		if (run->dry_run)
		{
			if (delay > 0)
				rdr_log_info("dry run: would wait %d s before starting %s",
							 run->plan->start_vm[next].delay_s,
							 run->plan->start_vm[next].vm);
			delay = 0;
		}
		o->turn_at = rdr_now() + delay;
		wf_wait_until(run, o->tasks[next], o->turn_at);
	}
}

/* start_dispatch: act on the VM's state (after its turn came) */
static void
start_dispatch(WfRun *run, WfTask *t)
{
	StartData  *d = t->data;
	const char *s = t->ent.state;

	if (strcmp(s, "up") == 0)
	{
		pass_turn(run, t);
		if (!d->accepted)
			wf_item_at(run, t->item)->skipped = true;
		wf_finish(run, t, true, d->accepted ? NULL : "already up");
		return;
	}
	if (strcmp(s, "down") == 0)
	{
		/* a task's end passes its turn (run->finished) */
		wf_start_down(run, t, d->accepted, &d->down_seen, VS_START, VS_POLL);
		return;
	}
	/* wait_for_launch, powering_up, ... (or started by someone else) */
	pass_turn(run, t);
	t->state = VS_POLL;
	wf_wait(run, t, run->poll_s, "the VM to come up");
}

/*
 * start_step: the START_VM task.
 */
static void
start_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	StartOrder *o = run->data;
	StartData  *d = t->data;

	if (call == NULL)
	{
		switch (t->state)
		{
			case VS_TURN:
				if (o->turn != t->index || rdr_now() < o->turn_at)
				{
					wf_wait_until(run, t, o->turn == t->index ? o->turn_at : WF_NEVER);
					return;
				}
				/* its deadline runs from its turn, not from the step's start */
				t->started_at = rdr_now();
				t->deadline = t->started_at + o->timeout;
				if (d->missing[0])
				{
					pass_turn(run, t);
					wf_finish(run, t, false, "%s", d->missing);
					return;
				}
				start_dispatch(run, t);
				return;
			case VS_START:
				t->attempts++;
				wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_empty_action(),
						  "vms/%s/start", t->ent.id);
				/* a zero delay: the next VM goes with this one */
				if (t->index + 1 < o->n && run->plan->start_vm[t->index + 1].delay_s == 0)
					pass_turn(run, t);
				return;
			case VS_POLL:
				wf_submit(run, t, RDR_HTTP_GET, NULL, "vms/%s", t->ent.id);
				return;
		}
		return;
	}

	if (t->state == VS_POLL)
	{
		if (wf_parse_one(run, t, call, "vm"))
			start_dispatch(run, t);
		return;
	}
	/* VS_START answered */
	if (call->ok)
	{
		wf_action(run, t, "start%s", call->dry_run ? " (dry run)" : "");
		d->accepted = true;
		pass_turn(run, t);
		if (call->dry_run)
		{
			wf_set_state(run, t, "dry run");
			wf_finish(run, t, true, NULL);
			return;
		}
		t->state = VS_POLL;
		wf_wait(run, t, run->poll_s, "the VM to come up");
		return;
	}
	wf_start_refused(run, t, call, VS_POLL);
}

/*
 * rdr_workflow_start_vms: see workflow_plan.h.
 */
bool
rdr_workflow_start_vms(RdrRest *rest, const RdrWorkflowPlan *plan,
					   RdrWorkflowResult *res)
{
	WfRun		run;
	StartOrder	order;
	RdrApiEntity *vms = NULL;
	RdrApiEntity **byname = NULL;
	int			n;
	double		t0 = rdr_now();
	bool		ok = false;

	/* a plan with groups is workflow_start.c's; the seed's list is ours */
	if (plan->start_planned)
		return rdr_workflow_start_plan(rest, plan, res);
	wf_init(&run, rest, plan, res);
	memset(&order, 0, sizeof(order));
	run.data = &order;
	/* however a VM's task ends (even by timeout), the next one may go */
	run.finished = pass_turn;
	order.scale = plan->delay_scale > 0 ? plan->delay_scale : 1.0;
	order.timeout = plan->vm_timeout_s > 0 ? plan->vm_timeout_s : WF_DEFAULT_VM_TIMEOUT_S;

	n = wf_get_list(&run, "vms", "vm", &vms);
	if (n < 0)
		goto out;
	byname = wf_vm_names(vms, n);
	order.tasks = calloc((size_t) plan->n_start_vm + 1, sizeof(WfTask *));
	if (order.tasks == NULL)
	{
		rdr_log_error("out of memory");
		goto out;
	}
	for (int i = 0; i < plan->n_start_vm; i++)
	{
		const char *name = plan->start_vm[i].vm;
		StartData  *d = xcalloc(1, sizeof(StartData));
		RdrApiEntity *vm = wf_vm_named(byname, n, name, d->missing, sizeof(d->missing));
		int			item = wf_item(&run, RDR_ITEM_VM_START, name, vm ? vm->id : "",
								   vm ? vm->state : "");
		WfTask	   *t;

		if (item < 0 || (t = wf_task(&run, start_step, item, 0)) == NULL)
		{
			free(d);
			goto out;
		}
		t->data = d;
		t->index = i;
		t->state = VS_TURN;
		wf_wait_until(&run, t, WF_NEVER);
		if (vm)
			t->ent = *vm;
		order.tasks[order.n++] = t;
	}
	if (order.n > 0)
	{
		double		delay = run.dry_run ? 0 : plan->start_vm[0].delay_s * order.scale;

		order.turn = 0;
		order.turn_at = rdr_now() + delay;
		wf_wait_until(&run, order.tasks[0], order.turn_at);
	}
	rdr_log_info("starting %d VM%s in order", order.n, order.n == 1 ? "" : "s");
	ok = wf_run(&run);

out:
	for (int i = 0; i < res->n_items; i++)
		if (!res->items[i].ok)
			res->n_failed++;
	res->ok = ok && res->n_failed == 0;
	res->seconds = rdr_now() - t0;
	free(vms);
	free(byname);
	free(order.tasks);
	wf_free(&run);
	return res->ok;
}
