/*-------------------------------------------------------------------------
 *
 * workflow_host_run.c
 *	  The host tasks of the "-h" step run: the call each action makes
 *	  (approve, attach or setupnetworks, commitnetconfig, activate, fence
 *	  manual), what its answer leads to, the tasks started for the listed
 *	  hosts, and rdr_workflow_hosts() (workflow_plan.h), which then waits
 *	  for the SPM and moves the VMs.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_hosts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "interrupt.h"
#include "log.h"

/* is_refusal: the manager refused the action (validation, 4xx) */
static bool
is_refusal(const RdrRestCall *call)
{
	return call->status == 400 || call->status == 409;
}

/*
 * fence_may_succeed_later: any refusal (400 in v3, 409 in v4) of the manual
 * fence.  The refusals whose reason goes away by itself are no other host
 * Up yet (ACTION_TYPE_FAILED_NO_VDS_IN_POOL), the data center's status
 * (ACTION_TYPE_FAILED_STORAGE_POOL_STATUS_ILLEGAL) and intermittent
 * connectivity (ACTION_TYPE_FAILED_VDS_INTERMITENT_CONNECTIVITY), but the
 * fault carries only the rendered text, in the client's language (the
 * engine's AppErrors_*.properties), never the key: matching English would
 * give up at once on a localised engine.  So every refusal is retried; one
 * that never clears still ends at host_timeout, with the engine's text.
 */
static bool
fence_may_succeed_later(const RdrRestCall *call)
{
	return is_refusal(call);
}

/* host_submit: the call of a state that makes one */
static void
host_submit(WfRun *run, WfTask *t)
{
	HostData   *d = t->data;
	WfInventory *inv = inv_of(run);
	const char *id = t->ent.id;

	switch (t->state)
	{
		case HS_POLL:
			wf_submit(run, t, RDR_HTTP_GET, NULL, "hosts/%s", id);
			break;
		case HS_APPROVE:
			d->tries[HS_APPROVE]++;
			wf_submit(run, t, RDR_HTTP_POST,
					  rdr_api_body_approve(inv->backup_cluster_id), "hosts/%s/approve", id);
			break;
		case HS_EVENTS:
			wf_submit(run, t, RDR_HTTP_GET, NULL, "events?search=type%%3D519&from=%ld",
					  inv->event_mark);
			break;
		case HS_NICS:
			wf_submit(run, t, RDR_HTTP_GET, NULL, "hosts/%s/nics", id);
			break;
		case HS_ATTACH:
			d->tries[HS_ATTACH]++;
			wf_submit(run, t, RDR_HTTP_POST,
					  rdr_api_body_attach(d->attach[d->attach_at].network_id),
					  "hosts/%s/nics/%s/attach", id, d->attach[d->attach_at].nic_id);
			break;
		case HS_SETUP:
			{
				const char *nets[64];
				const char *nics[64];
				int			n = d->nattach < 64 ? d->nattach : 64;

				for (int i = 0; i < n; i++)
				{
					nets[i] = d->attach[i].network_id;
					nics[i] = d->attach[i].nic_id;
				}
				d->tries[HS_SETUP]++;
				wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_setupnetworks(n, nets, nics),
						  "hosts/%s/setupnetworks", id);
				break;
			}
		case HS_COMMIT:
			d->tries[HS_COMMIT]++;
			wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_empty_action(),
					  "hosts/%s/commitnetconfig", id);
			break;
		case HS_ACTIVATE:
			d->tries[HS_ACTIVATE]++;
			d->activations++;
			wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_empty_action(),
					  "hosts/%s/activate", id);
			break;
		case HS_FENCE:
			d->tries[HS_FENCE]++;
			wf_submit(run, t, RDR_HTTP_POST, rdr_api_body_fence_manual(),
					  "hosts/%s/fence", id);
			break;
	}
}

/*
 * host_step: the host task (see the top of the file).
 */
static void
host_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	HostData   *d = t->data;
	WfInventory *inv = inv_of(run);

	if (call == NULL)
	{
		host_submit(run, t);
		return;
	}

	switch (t->state)
	{
		case HS_POLL:
			if (wf_parse_one(run, t, call, "host"))
				host_dispatch(run, t);
			break;
		case HS_EVENTS:
			host_events(run, t, call);
			break;
		case HS_NICS:
			host_nics(run, t, call);
			break;
		case HS_APPROVE:
			if (!call->ok)
			{
				host_action_failed(run, t, call, "approve");
				break;
			}
			d->approved = true;
			wf_action(run, t, "approve into cluster %s%s", run->plan->backup_cluster,
					  call->dry_run ? " (dry run)" : "");
			if (call->dry_run)
			{
				/* list what would follow if the host misses its networks */
				if (host_plan_needed(run, t, NULL))
					host_goto(run, t, d->nneeded ? HS_NICS : HS_ACTIVATE);
				break;
			}
			host_poll_later(run, t, "the approved host to install");
			break;
		case HS_ATTACH:
			{
				HostAttach *a = &d->attach[d->attach_at];

				if (!call->ok)
				{
					host_action_failed(run, t, call, "attach");
					if (!t->done)
						t->state = HS_NICS; /* see what is attached now */
					break;
				}
				wf_action(run, t, "attach %s (%s) to %s%s", a->nic_name, a->vn->mac,
						  a->vn->network, call->dry_run ? " (dry run)" : "");
				d->attach_at++;
				host_goto(run, t, d->attach_at < d->nattach ? HS_ATTACH : HS_COMMIT);
				break;
			}
		case HS_SETUP:
			if (!call->ok)
			{
				host_action_failed(run, t, call, "setupnetworks");
				if (!t->done)
					t->state = HS_NICS;
				break;
			}
			for (int i = 0; i < d->nattach; i++)
				wf_action(run, t, "setupnetworks %s (%s) to %s%s", d->attach[i].nic_name,
						  d->attach[i].vn->mac, d->attach[i].vn->network,
						  call->dry_run ? " (dry run)" : "");
			host_goto(run, t, HS_COMMIT);
			break;
		case HS_COMMIT:
			if (!call->ok)
			{
				host_action_failed(run, t, call, "commitnetconfig");
				if (!t->done)
					t->state = HS_COMMIT;
				break;
			}
			wf_action(run, t, "commitnetconfig%s", call->dry_run ? " (dry run)" : "");
			d->netfix_done = true;

			/*
			 * Read the state before activating: the engine may have brought
			 * the host up by itself, and it refuses to activate an Up host.
			 */
			if (call->dry_run)
				host_goto(run, t, HS_ACTIVATE);
			else
				host_goto(run, t, HS_POLL);
			break;
		case HS_ACTIVATE:
			if (!call->ok && is_refusal(call) && strstr(call->error, "Up status"))
			{
				/* it came up between our read and the activate */
				wf_action(run, t, "activate refused: the host is already up");
				host_poll_later(run, t, "the host's state");
				break;
			}
			if (!call->ok)
			{
				host_action_failed(run, t, call, "activate");
				break;
			}
			wf_action(run, t, "activate%s", call->dry_run ? " (dry run)" : "");
			if (call->dry_run)
			{
				wf_set_state(run, t, "dry run");
				wf_finish(run, t, true, NULL);
				break;
			}
			host_poll_later(run, t, "the activated host to come up");
			break;
		case HS_FENCE:
			if (!call->ok && fence_may_succeed_later(call))
			{
				/* its precondition may become true: retry until host_timeout */
				d->tries[HS_FENCE]--;
				wf_action(run, t, "fence refused (%s); retrying", call->error);
				rdr_log_warning("host %s: the manual fence was refused; retrying until host_timeout",
								t->ent.name);
				rdr_log_detail("HTTP %ld: %s", call->status, call->error);
				rdr_log_detail("Any refusal of the manual fence is retried, whatever its "
							   "language: most clear once a backup-site host is Up.");
				host_poll_later(run, t, "the manager to accept the manual fence");
				break;
			}
			if (!call->ok)
			{
				inv->fence_failed++;
				host_action_failed(run, t, call, "fence (manual)");
				break;
			}
			d->fenced = true;
			wf_action(run, t, "fence manual%s", call->dry_run ? " (dry run)" : "");
			wf_finish(run, t, true, NULL);
			break;
	}
	(void) inv;
}

/* host_data_free: the task's data holds arrays of its own */
static void
host_data_free(HostData *d)
{
	if (d == NULL)
		return;
	free(d->needed);
	free(d->attach);
	d->needed = NULL;
	d->attach = NULL;
}

/* host_finished: a backup-site host's task is over (up or not) */
static void
host_finished(WfRun *run, WfTask *t)
{
	HostData   *d = t->data;

	if (t->step == host_step && d != NULL && d->backup)
	{
		d->backup = false;
		inv_of(run)->backup_coming--;
	}
}

/*
 * start_host_tasks: one task per host that needs something; hosts outside
 * the plan's data center are left alone, except pending_approval ones,
 * which the seed approves wherever the manager put them.
 */
static bool
start_host_tasks(WfRun *run, RdrApiEntity *hosts, int nhosts)
{
	WfInventory *inv = inv_of(run);
	const RdrWorkflowPlan *plan = run->plan;
	double		timeout = WF_DEFAULT_HOST_TIMEOUT_S;

	if (plan->host_timeout_s > 0)
		timeout = plan->host_timeout_s;
	for (int i = 0; i < nhosts; i++)
	{
		RdrApiEntity *h = &hosts[i];
		int			item;
		WfTask	   *t;

		item = wf_item(run, RDR_ITEM_HOST, h->name, h->id, h->state);
		if (item < 0)
			return false;
		if (strcmp(h->state, "pending_approval") != 0 &&
			!wf_inventory_cluster_in_dc(inv, h->cluster_id))
		{
			wf_item_at(run, item)->ok = true;
			wf_item_at(run, item)->skipped = true;
			snprintf(wf_item_at(run, item)->error, sizeof(wf_item_at(run, item)->error),
					 "not in data center %s", plan->datacenter);
			continue;
		}
		t = wf_task(run, host_step, item, timeout);
		if (t == NULL || (t->data = calloc(1, sizeof(HostData))) == NULL)
		{
			rdr_log_error("out of memory");
			return false;
		}
		t->ent = *h;
		t->state = HS_POLL;
		if (strcmp(h->state, "pending_approval") == 0 ||
			strcmp(h->cluster_id, inv->backup_cluster_id) == 0)
		{
			((HostData *) t->data)->backup = true;
			inv->backup_coming++;
		}
	}
	/* act on the listed states at once, once every backup host is counted */
	for (int i = 0; i < run->ntasks; i++)
		if (!run->tasks[i]->done)
			host_dispatch(run, run->tasks[i]);
	return true;
}

/*
 * rdr_workflow_hosts: see workflow_plan.h.
 */
bool
rdr_workflow_hosts(RdrRest *rest, const RdrWorkflowPlan *plan,
				   RdrWorkflowResult *res)
{
	WfRun		run;
	WfInventory inv;
	RdrApiEntity *hosts = NULL;
	int			nhosts;
	double		t0 = rdr_now();
	bool		ok = false;
	bool		hosts_ok;
	int			spm;

	wf_init(&run, rest, plan, res);
	run.data = &inv;
	run.finished = host_finished;
	if (!wf_inventory_load(&run, &inv, true))
		goto out;
	nhosts = wf_get_list(&run, "hosts", "host", &hosts);
	if (nhosts < 0)
		goto out;
	rdr_log_info("hosts: %d on the manager; driving them by state", nhosts);
	if (!start_host_tasks(&run, hosts, nhosts))
		goto out;
	ok = wf_run(&run);
	for (int i = 0; i < run.ntasks; i++)
		host_data_free(run.tasks[i]->data);

	/*
	 * The VMs move only once a backup host is SPM (see workflow_hosts.c's
	 * head comment): an elected SPM proves site B's storage works.
	 */
	hosts_ok = ok;
	spm = wf_spm_task(&run, hosts_ok);
	if (spm < 0)
		ok = false;
	else if ((ok = wf_run(&run)))
		ok = wf_move_tasks(&run) && wf_run(&run);
	if (spm >= 0)
		wf_spm_explain(&run, spm, hosts_ok);

out:
	for (int i = 0; i < res->n_items; i++)
		if (!res->items[i].ok)
			res->n_failed++;
	res->ok = ok && res->n_failed == 0;
	res->seconds = rdr_now() - t0;
	free(hosts);
	wf_free(&run);
	wf_inventory_free(&inv);
	return res->ok;
}
