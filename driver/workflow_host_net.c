/*-------------------------------------------------------------------------
 *
 * workflow_host_net.c
 *	  The networks of a host that came up non_operational: the missing ones
 *	  the manager's event 519 names, the VIRT_NET lines that attach them,
 *	  and the host's NICs they go to, matched by MAC.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_hosts_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* host_plan_needed: the VIRT_NET lines of this host (all, or those in missing) */
bool
host_plan_needed(WfRun *run, WfTask *t, const char *missing)
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

/* host_events: 519 events for this host since the mark */
void
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
	if (host_plan_needed(run, t, missing))
		host_goto(run, t, HS_NICS);
}

/* host_nics: match the needed VIRT_NET lines to NICs by MAC */
void
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
