/*-------------------------------------------------------------------------
 *
 * workflow_spm.c
 *	  Wait until a host of the backup cluster is the Storage Pool Manager.
 *
 * The seed slept 180 s after fencing and hoped.  The SPM is elected only
 * when a backup-site host is up, the dead SPM is fenced, and the master
 * storage domain is reachable at site B -- that is, only when the
 * database step pointed the storage rows at site B.  So this wait is
 * where a wrong storage fix shows, and its failure message says so, with
 * the data center's state and every backup host's SPM status as last seen.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "log.h"

enum
{
	SP_HOSTS,					/* GET hosts: is a backup host SPM? */
	SP_DC						/* GET datacenters/ID: its state */
};

typedef struct SpmData
{
	char		hosts[256];		/* "name: spm-status (state), ..." */
	bool		hosts_ok;
} SpmData;

/* spm_hosts: look for the SPM among the backup cluster's hosts */
static void
spm_hosts(WfRun *run, WfTask *t, RdrRestCall *call)
{
	WfInventory *inv = run->data;
	SpmData    *d = t->data;
	RdrXmlDoc  *doc;
	RdrApiEntity *h = NULL;
	int			n;
	int			nup = 0;
	size_t		len = 0;

	if (!call->ok ||
		(doc = rdr_xml_parse(call->resp, call->resp_len, "answer of GET hosts")) == NULL)
	{
		wf_read_failed(run, t, call->ok ? "hosts were not well-formed XML" : call->error);
		return;
	}
	n = rdr_api_parse_list(run->version, doc, "host", &h, "answer of GET hosts");
	rdr_xml_free(doc);
	if (n < 0)
	{
		wf_read_failed(run, t, "the hosts answer was not a list of hosts");
		return;
	}
	t->errors = 0;
	d->hosts[0] = '\0';
	for (int i = 0; i < n; i++)
	{
		if (strcmp(h[i].cluster_id, inv->backup_cluster_id) != 0)
			continue;
		if (strcmp(h[i].spm, "spm") == 0)
		{
			snprintf(run->res->spm_host, sizeof(run->res->spm_host), "%s", h[i].name);
			wf_set_state(run, t, "spm");
			wf_action(run, t, "%s is SPM", h[i].name);
			free(h);
			wf_finish(run, t, true, NULL);
			return;
		}
		if (strcmp(h[i].state, "up") == 0)
			nup++;
		if (len + 8 < sizeof(d->hosts))
			len += (size_t) snprintf(d->hosts + len, sizeof(d->hosts) - len,
									 "%s%s: %s (%s)", len ? ", " : "", h[i].name,
									 h[i].spm[0] ? h[i].spm : "none", h[i].state);
	}
	free(h);
	if (len >= sizeof(d->hosts))
		d->hosts[sizeof(d->hosts) - 1] = '\0';

	if (run->dry_run)
	{
		wf_set_state(run, t, "dry run");
		wf_finish(run, t, true, "no backup host is SPM yet; not waiting in a dry run");
		return;
	}
	if (nup == 0)
	{
		wf_set_state(run, t, d->hosts[0] ? d->hosts : "no hosts");
		wf_finish(run, t, false, "no host of cluster %s is up, so none can become "
				  "SPM (%s)%s", run->plan->backup_cluster,
				  d->hosts[0] ? d->hosts : "the cluster has no hosts",
				  d->hosts_ok ? "" : "; see the host failures above");
		return;
	}
	t->state = SP_DC;
	wf_wait(run, t, 0, NULL);
}

/* spm_step: alternate between the hosts and the data center's state */
static void
spm_step(WfRun *run, WfTask *t, RdrRestCall *call)
{
	WfInventory *inv = run->data;
	SpmData    *d = t->data;
	char		state[400];

	if (call == NULL)
	{
		if (t->state == SP_HOSTS)
			wf_submit(run, t, RDR_HTTP_GET, NULL, "hosts");
		else
			wf_submit(run, t, RDR_HTTP_GET, NULL, "datacenters/%s", inv->dc_id);
		return;
	}
	if (t->state == SP_HOSTS)
	{
		spm_hosts(run, t, call);
		return;
	}
	if (!wf_parse_one_quiet(run, t, call, "data_center"))
		return;
	snprintf(state, sizeof(state), "data center %s; %s", t->ent.state, d->hosts);
	wf_set_state(run, t, state);
	t->state = SP_HOSTS;
	wf_wait(run, t, run->poll_s, NULL);
}

/*
 * wf_spm_task: see workflow_steps.h.
 */
int
wf_spm_task(WfRun *run, bool hosts_ok)
{
	const RdrWorkflowPlan *plan = run->plan;
	int			item;
	WfTask	   *t;
	SpmData    *d;

	item = wf_item(run, RDR_ITEM_SPM, plan->backup_cluster, "", "");
	if (item < 0)
		return -1;
	t = wf_task(run, spm_step, item, plan->spm_timeout_s > 0 ?
				plan->spm_timeout_s : WF_DEFAULT_SPM_TIMEOUT_S);
	if (t == NULL || (t->data = d = calloc(1, sizeof(SpmData))) == NULL)
	{
		rdr_log_error("out of memory");
		return -1;
	}
	d->hosts_ok = hosts_ok;
	t->state = SP_HOSTS;
	snprintf(t->waiting_for, sizeof(t->waiting_for),
			 "a host of cluster %s to become SPM", plan->backup_cluster);
	rdr_log_info("waiting for a host of cluster %s to become SPM", plan->backup_cluster);
	return item;
}

/*
 * wf_spm_explain: see workflow_steps.h.
 */
void
wf_spm_explain(WfRun *run, int item, bool hosts_ok)
{
	WfInventory *inv = run->data;

	if (wf_item_at(run, item)->ok || rdr_interrupted())
		return;
	/* name what is missing: the fence, or the storage */
	if (inv->fence_failed > 0)
		rdr_log_hint("The main-site SPM host was not confirmed rebooted (manual "
					 "fence failed, see above): the manager keeps the SPM role "
					 "on it and elects no other host until it is.");
	else if (!hosts_ok)
		rdr_log_hint("A host task failed (see above): the SPM is elected only "
					 "once a backup-site host is up and the main-site SPM host is fenced.");
	else
		rdr_log_hint("The SPM is elected only when the master storage domain is "
					 "reachable from site B: check that the database step (-d) "
					 "pointed the storage rows at site B.");
}
