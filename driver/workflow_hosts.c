/*-------------------------------------------------------------------------
 *
 * workflow_hosts.c
 *	  The "-h" step: bring the backup site's hosts into service, fence the
 *	  dead main-site hosts, wait for a new SPM, move the VMs.
 *
 * One task per host, driven by the state the manager reports:
 *
 *	pending_approval --approve--> installing --> reboot --> non_responsive
 *					  --> up, or non_operational (event 519: networks
 *					  missing); install_failed --> approve again (at most
 *					  CONFIG install_retries times)
 *	non_operational --(519 since rdr started: attach VIRT_NET NICs by MAC,
 *					  commitnetconfig; v4 setupnetworks)--> read the state
 *					  again --activate (only if not up)--> unassigned --> up
 *	maintenance (backup cluster) --activate--> unassigned --> up, or
 *					  non_operational (519) as above; main-site hosts in
 *					  maintenance are left alone
 *	non_responsive (backup cluster, --failback: site A) --wait until the
 *					  engine reconnects it (it cannot be activated)--> up
 *	non_responsive (main site) --wait until a backup-site host is up--
 *					  fence manual--> done; the SPM role is released and a
 *					  backup-cluster host contends for it
 *
 * The order is the engine's, not a choice: FenceVdsManualyCommand refuses
 * to confirm the SPM host rebooted while no other host of the data center
 * is Up (ACTION_TYPE_FAILED_NO_VDS_IN_POOL), so the backup site is brought
 * up first, as the seed does.  A refusal whose condition may still change
 * is retried until host_timeout.  ActivateVdsCommand refuses an Up host,
 * so the state is read again after commitnetconfig.
 *
 * Then one task waits until a host of the backup cluster is SPM while one
 * task per VM of the main cluster moves it to the backup cluster: the
 * fence ended the main-site VMs, and a cluster change needs a down VM in
 * the same data center, not an SPM (ovirt-engine bll
 * ChangeVmClusterValidator.validate; RHEV 3.0's ChangeVMClusterCommand),
 * so the moves take nothing from the minute of the election.  If a host
 * task failed, the VMs move only once the election is over.  Every
 * action is retried only when the state read back shows it is still
 * needed, so a lost answer never makes rdr act twice on the manager.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "interrupt.h"
#include "log.h"
#include "workflow_engine.h"
#include "workflow_steps.h"

/* Host task states. */
enum
{
	HS_POLL,					/* GET hosts/ID, then decide */
	HS_APPROVE,
	HS_EVENTS,					/* GET events 519 since the mark */
	HS_NICS,					/* GET hosts/ID/nics, plan the attachments */
	HS_ATTACH,					/* v3: one POST per NIC */
	HS_SETUP,					/* v4: one setupnetworks */
	HS_COMMIT,
	HS_ACTIVATE,
	HS_FENCE,
	HS_NSTATES
};

/* One NIC to attach to a network. */
typedef struct HostAttach
{
	const RdrVirtNet *vn;
	char		nic_id[64];
	char		nic_name[256];
	char		network_id[64];
} HostAttach;

typedef struct HostData
{
	int			tries[HS_NSTATES];	/* POSTs sent per action */
	bool		backup;			/* a backup-site host (counted in inventory) */
	bool		seen_up;
	int			install_failures;
	bool		approved;
	bool		fenced;
	bool		netfix_done;
	int			activations;
	const RdrVirtNet **needed;	/* VIRT_NET lines to apply */
	int			nneeded;
	HostAttach *attach;			/* NICs still to attach */
	int			nattach;
	int			attach_at;
} HostData;

static const char *const transitional_states[] = {
	"installing", "unassigned", "initializing", "connecting", "reboot",
	"preparing_for_maintenance", "pending_approval", NULL
};

/* is_transitional: a state the manager leaves by itself */
static bool
is_transitional(const char *state)
{
	for (int i = 0; transitional_states[i]; i++)
		if (strcmp(state, transitional_states[i]) == 0)
			return true;
	return false;
}

/* inv_of: the inventory the hosts step keeps in run->data */
static WfInventory *
inv_of(WfRun *run)
{
	return run->data;
}

/* host_goto: move to state, due now */
static void
host_goto(WfRun *run, WfTask *t, int state)
{
	t->state = state;
	wf_wait(run, t, 0, NULL);
}

/* host_poll_later: read the host's state again after the poll interval */
static void
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
static void
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

/* plan_needed: the VIRT_NET lines of this host (all, or those in missing) */
static bool
plan_needed(WfRun *run, WfTask *t, const char *missing)
{
	HostData   *d = t->data;
	const RdrWorkflowPlan *plan = run->plan;
	char		list[512];
	char	   *save = NULL;

	free(d->needed);
	d->needed = calloc((size_t) plan->n_virt_net + 1, sizeof(RdrVirtNet *));
	d->nneeded = 0;
	if (d->needed == NULL)
	{
		wf_finish(run, t, false, "out of memory");
		return false;
	}
	if (missing == NULL)
	{
		for (int i = 0; i < plan->n_virt_net; i++)
			if (strcmp(plan->virt_net[i].hypervisor, t->ent.name) == 0)
				d->needed[d->nneeded++] = &plan->virt_net[i];
		return true;
	}

	snprintf(list, sizeof(list), "%s", missing);
	for (char *net = strtok_r(list, ",", &save); net; net = strtok_r(NULL, ",", &save))
	{
		bool		found = false;

		while (*net == ' ')
			net++;
		for (int i = 0; i < plan->n_virt_net; i++)
		{
			const RdrVirtNet *vn = &plan->virt_net[i];

			if (strcmp(vn->hypervisor, t->ent.name) == 0 &&
				strcmp(vn->network, net) == 0)
			{
				d->needed[d->nneeded++] = vn;
				found = true;
				break;
			}
		}
		if (!found)
		{
			wf_finish(run, t, false,
					  "the host is missing network \"%s\" (event 519) and no "
					  "VIRT_NET line attaches it", net);
			rdr_log_hint("Add \"VIRT_NET %s <MAC> %s\" to the configuration.",
						 t->ent.name, net);
			return false;
		}
	}
	return true;
}

/*
 * host_dispatch: decide the next action from the state just read.
 */
static void
host_dispatch(WfRun *run, WfTask *t)
{
	HostData   *d = t->data;
	WfInventory *inv = inv_of(run);
	const char *s = t->ent.state;
	bool		in_backup = strcmp(t->ent.cluster_id, inv->backup_cluster_id) == 0;
	bool		acted = wf_item_at(run, t->item)->actions[0] != '\0';
	int			retries = run->plan->install_retries >= 0 ?
		run->plan->install_retries : 2;

	if (strcmp(s, "up") == 0)
	{
		if (d->backup && !d->seen_up)
		{
			d->seen_up = true;
			inv->backup_up++;
		}
		if (!acted)
			wf_item_at(run, t->item)->skipped = true;
		wf_finish(run, t, true, acted ? NULL : "already up");
	}
	else if (strcmp(s, "pending_approval") == 0 && !d->approved)
	{
		if (d->tries[HS_APPROVE] >= WF_MAX_ACTION_ATTEMPTS)
			wf_finish(run, t, false, "still pending_approval after %d approvals",
					  d->tries[HS_APPROVE]);
		else
			host_goto(run, t, HS_APPROVE);
	}
	else if (strcmp(s, "install_failed") == 0)
	{
		/* ApproveVdsCommand accepts InstallFailed: install again */
		d->install_failures++;
		if (d->install_failures > retries)
		{
			wf_finish(run, t, false, "installation failed %d time(s) (install_failed)",
					  d->install_failures);
			rdr_log_hint("CONFIG install_retries is %d; see the host's installation log on the manager.",
						 retries);
		}
		else
		{
			wf_action(run, t, "install_failed: approving again (%d of %d)",
					  d->install_failures, retries);
			d->tries[HS_APPROVE] = 0;
			host_goto(run, t, HS_APPROVE);
		}
	}
	else if (is_transitional(s))
	{
		char		what[96];

		snprintf(what, sizeof(what), "the host to leave state %s", s);
		host_poll_later(run, t, what);
	}
	else if (strcmp(s, "non_operational") == 0)
	{
		if (!d->netfix_done)
			host_goto(run, t, HS_EVENTS);
		else if (d->activations < WF_MAX_ACTION_ATTEMPTS)
			host_goto(run, t, HS_ACTIVATE);
		else
			wf_finish(run, t, false, "still non_operational after %d activations",
					  d->activations);
	}
	else if (strcmp(s, "non_responsive") == 0)
	{
		if (in_backup && d->approved)
		{
			/* after its installation the host reboots; vdsm comes back */
			host_poll_later(run, t, "the approved host to connect again after its reboot");
		}
		else if (in_backup && run->plan->failback)
		{
			/*
			 * A failback's site-A host, non-responsive since the
			 * failover: ActivateVdsCommand refuses it
			 * (VdsValidator.validateStatusForActivation:
			 * VDS_NON_RESPONSIVE); the engine's monitoring brings it
			 * back by itself once its vdsm answers again.
			 */
			host_poll_later(run, t, "the repaired site-A host to answer the engine again "
							"(a non-responsive host cannot be activated)");
		}
		else if (in_backup)
			wf_finish(run, t, false, "a host of the backup cluster is "
					  "non_responsive; rdr fences only main-site hosts");
		else if (d->fenced)
			wf_finish(run, t, true, "fenced");
		else if (d->tries[HS_FENCE] >= WF_MAX_ACTION_ATTEMPTS)
			wf_finish(run, t, false, "fencing failed %d times", d->tries[HS_FENCE]);
		else if (run->dry_run || inv->backup_up > 0)
			host_goto(run, t, HS_FENCE);
		else if (inv->backup_coming > 0)
			host_poll_later(run, t, "a host of the backup cluster to be up, "
							"before the manual fence");
		else
		{
			wf_finish(run, t, false, "not fenced: no host of cluster %s came up, and "
					  "the manager confirms a manual fence only while another host "
					  "of the data center is up", run->plan->backup_cluster);
		}
	}
	else if (strcmp(s, "maintenance") == 0 && in_backup)
	{
		/*
		 * oVirt 4.x keeps standby hosts in maintenance.  ActivateVdsCommand
		 * accepts Maintenance (3.0 and 4.5: HostValidator's
		 * validateStatusForActivation refuses only Up and NonResponsive);
		 * the host then goes non_operational with event 519 when networks
		 * are missing, and is handled as an approved one from there.
		 */
		if (d->activations < WF_MAX_ACTION_ATTEMPTS)
			host_goto(run, t, HS_ACTIVATE);
		else
			wf_finish(run, t, false, "still in maintenance after %d activations",
					  d->activations);
	}
	else if (strcmp(s, "maintenance") == 0 && !acted)
	{
		wf_item_at(run, t->item)->skipped = true;
		wf_finish(run, t, true, "left in maintenance");
	}
	else
		wf_finish(run, t, false, "unexpected host state %s", s);
}

/* host_events: 519 events for this host since the mark */
static void
host_events(WfRun *run, WfTask *t, RdrRestCall *call)
{
	WfInventory *inv = inv_of(run);
	HostData   *d = t->data;
	RdrXmlDoc  *doc;
	RdrApiEntity *ev = NULL;
	int			n;
	char		missing[512] = "";

	if (!call->ok ||
		(doc = rdr_xml_parse(call->resp, call->resp_len, "answer of GET events")) == NULL)
	{
		wf_read_failed(run, t, call->ok ? "events were not well-formed XML" : call->error);
		return;
	}
	n = rdr_api_parse_list(run->version, doc, "event", &ev, "answer of GET events");
	rdr_xml_free(doc);
	if (n < 0)
	{
		wf_read_failed(run, t, "the events answer was not a list of events");
		return;
	}
	t->errors = 0;
	for (int i = 0; i < n; i++)
	{
		char		nets[256];
		size_t		len = strlen(missing);

		if (ev[i].code != 519 || ev[i].event_id <= inv->event_mark ||
			strcmp(ev[i].host_id, t->ent.id) != 0)
			continue;
		if (rdr_api_missing_networks(ev[i].description, nets, sizeof(nets)) &&
			strstr(missing, nets) == NULL && len + strlen(nets) + 2 < sizeof(missing))
			snprintf(missing + len, sizeof(missing) - len, "%s%s", len ? "," : "", nets);
	}
	free(ev);

	if (missing[0] == '\0')
	{
		/* nothing reported missing: an activation may be all it needs */
		if (d->activations < WF_MAX_ACTION_ATTEMPTS)
			host_goto(run, t, HS_ACTIVATE);
		else
			wf_finish(run, t, false, "still non_operational after %d activations "
					  "and no event 519 explains it", d->activations);
		return;
	}
	wf_action(run, t, "event 519: missing networks '%s'", missing);
	if (plan_needed(run, t, missing))
		host_goto(run, t, HS_NICS);
}

/* host_nics: match the needed VIRT_NET lines to NICs by MAC */
static void
host_nics(WfRun *run, WfTask *t, RdrRestCall *call)
{
	WfInventory *inv = inv_of(run);
	HostData   *d = t->data;
	RdrXmlDoc  *doc;
	RdrApiEntity *nics = NULL;
	int			n;

	if (!call->ok ||
		(doc = rdr_xml_parse(call->resp, call->resp_len, "answer of GET hosts/ID/nics")) == NULL)
	{
		wf_read_failed(run, t, call->ok ? "NICs were not well-formed XML" : call->error);
		return;
	}
	n = rdr_api_parse_list(run->version, doc, "host_nic", &nics, "answer of GET nics");
	rdr_xml_free(doc);
	if (n < 0)
	{
		wf_read_failed(run, t, "the NICs answer was not a list of NICs");
		return;
	}
	t->errors = 0;
	free(d->attach);
	d->attach = calloc((size_t) d->nneeded + 1, sizeof(HostAttach));
	d->nattach = d->attach_at = 0;
	if (d->attach == NULL)
	{
		free(nics);
		wf_finish(run, t, false, "out of memory");
		return;
	}
	for (int i = 0; i < d->nneeded; i++)
	{
		const RdrVirtNet *vn = d->needed[i];
		const char *netid = wf_inventory_network(inv, vn->network);
		int			j;

		char		why[768];
		bool		carried = false;

		j = rdr_api_nic_for_mac(nics, n, vn->mac, why, sizeof(why));
		if (j < 0)
		{
			wf_finish(run, t, false, "%s (VIRT_NET for network %s)", why, vn->network);
			free(nics);
			return;
		}
		if (why[0])
			wf_action(run, t, "%s", why);
		if (netid == NULL)
		{
			/* checked before the tasks started; kept for safety */
			wf_finish(run, t, false, "network %s not found", vn->network);
			free(nics);
			return;
		}
		/* already attached: to the chosen NIC or to a VLAN device of the MAC */
		for (int k = 0; k < n; k++)
			if (rdr_api_mac_equal(nics[k].mac, vn->mac) &&
				strcmp(nics[k].network_id, netid) == 0)
				carried = true;
		if (carried)
			continue;
		d->attach[d->nattach].vn = vn;
		snprintf(d->attach[d->nattach].nic_id, 64, "%s", nics[j].id);
		snprintf(d->attach[d->nattach].nic_name, sizeof(d->attach[0].nic_name), "%s", nics[j].name);
		snprintf(d->attach[d->nattach].network_id, 64, "%s", netid);
		d->nattach++;
	}
	free(nics);
	if (d->nattach == 0)
		host_goto(run, t, HS_COMMIT);
	else
		host_goto(run, t, run->version >= RDR_API_V4 ? HS_SETUP : HS_ATTACH);
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
				if (plan_needed(run, t, NULL))
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
						t->state = HS_NICS;	/* see what is attached now */
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
	double		timeout = plan->host_timeout_s > 0 ? plan->host_timeout_s :
		WF_DEFAULT_HOST_TIMEOUT_S;

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
	 * The VMs move while the SPM is elected (see the head comment) when
	 * every host task succeeded; else, as a failed fence leaves them not
	 * down, only once a backup host is SPM.
	 */
	hosts_ok = ok;
	spm = wf_spm_task(&run, hosts_ok);
	if (spm < 0 || (hosts_ok && !rdr_interrupted() && !wf_move_tasks(&run)))
		ok = false;
	else if ((ok = wf_run(&run)) && !hosts_ok)
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
