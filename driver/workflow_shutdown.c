/*-------------------------------------------------------------------------
 *
 * workflow_shutdown.c
 *	  The source side of a planned migration (--planned): the main
 *	  cluster's running VMs shut down cleanly, then its hosts deactivated
 *	  into maintenance, over the manager's REST API, before the storage is
 *	  switched.
 *
 * A planned move loses no data only if every VM has stopped writing before
 * the array's last sync, so each VM is asked to shut its guest down
 * (POST vms/ID/shutdown: ShutdownVmCommand, ACPI or the guest agent) and
 * polled until the manager shows it down.  The order is the reverse of
 * START_VM, each VM waiting until the one listed after it is down (a web
 * VM stops before the database VM it needs); running VMs without a
 * START_VM line go first, all at once.  A guest that ignores the shutdown
 * keeps its VM powering_down and then Up again (VDSM gives up): after
 * vm_timeout rdr powers it off (POST vms/ID/stop: StopVmCommand, a
 * destroy) only with CONFIG force_poweroff yes, else the run stops there,
 * before anything else changed.
 *
 * The hosts are alive, so they are deactivated (POST hosts/ID/deactivate:
 * MaintenanceNumberOfVdssCommand) instead of fenced: the engine refuses a
 * host with running VMs and no other Up host to migrate them to, which is
 * why the VMs go first; an SPM host stops being SPM on the way
 * (SpmStopVDSCommand).  A non_responsive host cannot be deactivated when it
 * is the SPM or runs VMs; it is left to the hosts step, which fences it.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"

/* VM task states. */
enum
{
	SD_SHUTDOWN,				/* POST vms/ID/shutdown */
	SD_POLL,					/* GET vms/ID until down */
	SD_STOP						/* POST vms/ID/stop (force_poweroff) */
};

/* Host task states. */
enum
{
	HM_DEACTIVATE,				/* POST hosts/ID/deactivate */
	HM_POLL						/* GET hosts/ID until maintenance */
};

typedef struct ShutdownData
{
	double		deadline;		/* of the current action (vm_timeout) */
	bool		forced;			/* powered off */
	char		refused[520];	/* the shutdown's refusal, until read back */
	double	   *last_down;		/* the workflow's, updated when down */
} ShutdownData;

/* vm_timeout_of: the plan's vm_timeout after defaults */
static double
vm_timeout_of(const RdrWorkflowPlan *plan)
{
	return plan->vm_timeout_s > 0 ? plan->vm_timeout_s : WF_DEFAULT_VM_TIMEOUT_S;
}

/* shutdown_state: act on the VM's state read back */
static void
shutdown_state(WfRun *run, WfTask *t)
{
	ShutdownData *d = t->data;
	const char *s = t->ent.state;

	if (strcmp(s, "down") == 0)
	{
		double		now = rdr_now();

		if (*d->last_down < now)
			*d->last_down = now;
		wf_finish(run, t, true, d->forced ? "powered off" : NULL);
		return;
	}
	if (d->refused[0])
	{
		wf_finish(run, t, false, "%s", d->refused);
		return;
	}
	if (rdr_now() < d->deadline)
	{
		wf_wait(run, t, run->poll_s, "the VM to shut down");
		return;
	}
	if (d->forced)
	{
		wf_finish(run, t, false, "still %s %.0f s after the power-off", s,
				  vm_timeout_of(run->plan));
		return;
	}
	if (!run->plan->force_poweroff)
	{
		wf_finish(run, t, false, "did not shut down within %.0f s (state %s): its guest "
				  "may ignore the ACPI shutdown; shut it down from inside, or set CONFIG "
				  "force_poweroff yes to power it off", vm_timeout_of(run->plan), s);
		return;
	}
	rdr_log_warning("vm %s: not down after %.0f s of guest shutdown; powering it off "
					"(CONFIG force_poweroff yes)", t->ent.name, vm_timeout_of(run->plan));
	t->state = SD_STOP;
	wf_wait(run, t, 0, NULL);
}

/* shutdown_step: one VM of the main cluster */
static void
shutdown_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	ShutdownData *d = t->data;

	if (call == NULL)
	{
		if (t->state == SD_SHUTDOWN)
			wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_empty_action(),
					  "vms/%s/shutdown", t->ent.id);
		else if (t->state == SD_STOP)
			wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_empty_action(),
					  "vms/%s/stop", t->ent.id);
		else
			wf_submit(run, t, RDR_HTTP_GET, NULL, "vms/%s", t->ent.id);
		return;
	}
	if (t->state == SD_POLL)
	{
		if (wf_parse_one(run, t, call, "vm"))
			shutdown_state(run, t);
		return;
	}
	if (call->dry_run)
	{
		wf_action(run, t, "%s (dry run)", t->state == SD_STOP ? "power off" : "shutdown");
		wf_set_state(run, t, "dry run");
		wf_finish(run, t, true, NULL);
		return;
	}
	if (!call->ok)
	{
		wf_action(run, t, "%s failed", t->state == SD_STOP ? "power off" : "shutdown");
		/* it may be down already (not running): the state read back decides */
		snprintf(d->refused, sizeof(d->refused), "%s", call->error);
	}
	else if (t->state == SD_STOP)
	{
		wf_action(run, t, "power off (force_poweroff)");
		d->forced = true;
	}
	else
		wf_action(run, t, "shutdown");
	d->deadline = rdr_now() + vm_timeout_of(run->plan);
	t->state = SD_POLL;
	wf_wait(run, t, d->refused[0] ? 0 : run->poll_s, "the VM to shut down");
}

/*
 * add_shutdown: a task for the running VM vm; false on OOM.  Its own
 * deadlines (no task deadline): a timeout leads to the power-off.
 */
static bool
add_shutdown(WfRun *run, const RdrApiEntity *vm, double *last_down)
{
	int			item = wf_item(run, RDR_ITEM_VM_SHUTDOWN, vm->name, vm->id, vm->state);
	WfTask	   *t;
	ShutdownData *d;

	if (item < 0 || (t = wf_task(run, shutdown_step, item, 0)) == NULL ||
		(t->data = d = calloc(1, sizeof(ShutdownData))) == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	t->ent = *vm;
	t->state = SD_SHUTDOWN;
	d->last_down = last_down;
	d->deadline = rdr_now() + vm_timeout_of(run->plan);
	return true;
}

/* start_vm_index: the VM's START_VM line, -1 if none */
static int
start_vm_index(const RdrWorkflowPlan *plan, const char *name)
{
	for (int i = plan->n_start_vm - 1; i >= 0; i--)
		if (strcmp(plan->start_vm[i].vm, name) == 0)
			return i;
	return -1;
}

/*
 * shutdown_vms: the running VMs of the main cluster, in the order of the
 * file's comment; a phase that fails stops the rest.
 */
static bool
shutdown_vms(WfRun *run, WfInventory *inv, double *last_down)
{
	const RdrWorkflowPlan *plan = run->plan;
	RdrApiEntity *vms = NULL;
	int			n = wf_get_list(run, "vms", "vm", &vms);
	int			nrun = 0;
	bool		ok = true;

	if (n < 0)
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(vms[i].cluster_id, inv->main_cluster_id) == 0 &&
			strcmp(vms[i].state, "down") != 0)
			nrun++;
	rdr_log_info("shutting down %d running VM%s of cluster %s", nrun, nrun == 1 ? "" : "s",
				 plan->main_cluster);
	/* phase 0: the VMs without a START_VM line, together */
	for (int i = 0; i < n && ok; i++)
		if (strcmp(vms[i].cluster_id, inv->main_cluster_id) == 0 &&
			strcmp(vms[i].state, "down") != 0 && start_vm_index(plan, vms[i].name) < 0)
			ok = add_shutdown(run, &vms[i], last_down);
	if (ok && run->ntasks > 0)
		ok = wf_run(run);
	/* then START_VM backwards, one phase each */
	for (int k = plan->n_start_vm - 1; k >= 0 && ok; k--)
	{
		int			before = run->ntasks;

		for (int i = 0; i < n && ok; i++)
			if (strcmp(vms[i].cluster_id, inv->main_cluster_id) == 0 &&
				strcmp(vms[i].state, "down") != 0 && strcmp(vms[i].name, plan->start_vm[k].vm) == 0 &&
				start_vm_index(plan, vms[i].name) == k)
				ok = add_shutdown(run, &vms[i], last_down);
		if (ok && run->ntasks > before)
			ok = wf_run(run);
	}
	free(vms);
	return ok;
}

/* maintenance_step: one host of the main cluster */
static void
maintenance_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	if (call == NULL)
	{
		if (t->state == HM_DEACTIVATE)
			wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_empty_action(),
					  "hosts/%s/deactivate", t->ent.id);
		else
			wf_submit(run, t, RDR_HTTP_GET, NULL, "hosts/%s", t->ent.id);
		return;
	}
	if (t->state == HM_POLL)
	{
		if (!wf_parse_one(run, t, call, "host"))
			return;
		if (strcmp(t->ent.state, "maintenance") == 0)
			wf_finish(run, t, true, NULL);
		else
			wf_wait(run, t, run->poll_s, "the host to reach maintenance");
		return;
	}
	if (!call->ok)
	{
		wf_action(run, t, "deactivate failed");
		wf_finish(run, t, false, "%s", call->error);
		return;
	}
	wf_action(run, t, "deactivate%s", call->dry_run ? " (dry run)" : "");
	if (call->dry_run)
	{
		wf_set_state(run, t, "dry run");
		wf_finish(run, t, true, NULL);
		return;
	}
	t->state = HM_POLL;
	wf_wait(run, t, run->poll_s, "the host to reach maintenance");
}

/* hosts_to_maintenance: every host of the main cluster */
static bool
hosts_to_maintenance(WfRun *run, WfInventory *inv)
{
	const RdrWorkflowPlan *plan = run->plan;
	RdrApiEntity *hosts = NULL;
	int			n = wf_get_list(run, "hosts", "host", &hosts);
	double		timeout = WF_DEFAULT_HOST_TIMEOUT_S;
	bool		ok = true;

	if (n < 0)
		return false;
	if (plan->host_timeout_s > 0)
		timeout = plan->host_timeout_s;
	for (int i = 0; i < n && ok; i++)
	{
		const char *s = hosts[i].state;
		int			item;
		WfTask	   *t;

		if (strcmp(hosts[i].cluster_id, inv->main_cluster_id) != 0)
			continue;
		item = wf_item(run, RDR_ITEM_HOST_MAINTENANCE, hosts[i].name, hosts[i].id, s);
		if (item < 0)
			ok = false;
		else if (strcmp(s, "maintenance") == 0 || strcmp(s, "non_responsive") == 0)
		{
			RdrWorkflowItem *it = wf_item_at(run, item);

			it->ok = it->skipped = true;
			snprintf(it->final_state, sizeof(it->final_state), "%s", s);
			snprintf(it->actions, sizeof(it->actions), "%s", s[0] == 'm' ? "already in maintenance" :
					 "non_responsive: left to the hosts step, which fences it");
		}
		else if ((t = wf_task(run, maintenance_step, item, timeout)) == NULL)
			ok = false;
		else
		{
			t->ent = hosts[i];
			t->state = HM_DEACTIVATE;
		}
	}
	free(hosts);
	return ok && wf_run(run);
}

/*
 * rdr_workflow_planned_stop: see workflow_plan.h.
 */
bool
rdr_workflow_planned_stop(RdrRest *rest, const RdrWorkflowPlan *plan,
						  RdrWorkflowResult *res, double *last_down)
{
	WfRun		run;
	WfInventory inv;
	double		t0 = rdr_now();
	bool		ok = false;

	*last_down = 0;
	wf_init(&run, rest, plan, res);
	run.data = &inv;
	if (!wf_inventory_load(&run, &inv, false))
		goto out;
	ok = shutdown_vms(&run, &inv, last_down) && hosts_to_maintenance(&run, &inv);

out:
	for (int i = 0; i < res->n_items; i++)
		if (!res->items[i].ok)
			res->n_failed++;
	res->ok = ok && res->n_failed == 0;
	res->seconds = rdr_now() - t0;
	wf_free(&run);
	wf_inventory_free(&inv);
	return res->ok;
}
