/*-------------------------------------------------------------------------
 *
 * workflow_hosts.c
 *	  The "-h" step: bring the backup site's hosts into service, fence the
 *	  dead main-site hosts, wait for a new SPM, move the VMs.  This file
 *	  holds the decisions: the state the manager reports for a host picks
 *	  its next action; the actions themselves are workflow_host_run.c's,
 *	  the network fix workflow_host_net.c's (workflow_hosts_int.h).
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
 * Then one task waits until a host of the backup cluster is SPM, and then
 * one task per VM of the main cluster moves it to the backup cluster.  The
 * engine would take the moves during the election (a cluster change needs
 * a down VM in the same data center, not an SPM: ovirt-engine bll
 * ChangeVmClusterValidator.validate), but an elected SPM is what proves
 * that site B's storage works: a failover whose storage does not come up
 * stops with every VM still where it was, for half a second of RTO.  Every
 * action is retried only when the state read back shows it is still
 * needed, so a lost answer never makes rdr act twice on the manager.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_plan.h"
#include "workflow_hosts_int.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

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

/*
 * host_dispatch: decide the next action from the state just read.
 */
void
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
			 * A failback's site-A host, non-responsive since the failover:
			 * ActivateVdsCommand refuses it
			 * (VdsValidator.validateStatusForActivation: VDS_NON_RESPONSIVE);
			 * the engine's monitoring brings it back by itself once its vdsm
			 * answers again.
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
		 * validateStatusForActivation refuses only Up and NonResponsive); the
		 * host then goes non_operational with event 519 when networks are
		 * missing, and is handled as an approved one from there.
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
