/*-------------------------------------------------------------------------
 *
 * workflow_inventory.c
 *	  Read what the manager holds before acting, and check the plan
 *	  against it.
 *
 * The seed looked names up in bash arrays filled by xpath|sed and went on
 * with empty ids when a name was wrong, sending "<cluster id=""/>".  Here
 * every name of the plan (data center, clusters, VIRT_NET networks) is
 * resolved first, and a name the manager does not know stops the step
 * before any change, with the names it does know.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

/* names_of: "a, b, c" of a listing, for messages */
static void
names_of(const RdrApiEntity *e, int n, char *buf, size_t size)
{
	size_t		len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && len + 4 < size; i++)
		len += (size_t) snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
								 e[i].name);
	if (len >= size)
		buf[size - 1] = '\0';
}

/* find_cluster: id of the data center's cluster name into id */
static bool
find_cluster(WfInventory *inv, const char *name, char *id, const char *what)
{
	char		names[512];

	for (int i = 0; i < inv->nclusters; i++)
		if (strcmp(inv->clusters[i].name, name) == 0)
		{
			snprintf(id, 64, "%s", inv->clusters[i].id);
			return true;
		}
	names_of(inv->clusters, inv->nclusters, names, sizeof(names));
	rdr_log_error("%s cluster \"%s\" not found in the data center", what, name);
	rdr_log_detail("The data center's clusters are: %s.", names[0] ? names : "none");
	rdr_log_hint("Check SITE_INFO in the configuration.");
	return false;
}

/*
 * wf_inventory_load: see workflow_steps.h.
 */
bool
wf_inventory_load(WfRun *run, WfInventory *inv, bool for_hosts)
{
	const RdrWorkflowPlan *plan = run->plan;
	RdrApiEntity *dcs = NULL;
	RdrApiEntity *all = NULL;
	int			n;
	int			i;
	char		names[512];

	memset(inv, 0, sizeof(WfInventory));
	if (plan->datacenter == NULL || plan->main_cluster == NULL ||
		plan->backup_cluster == NULL)
	{
		rdr_log_error("the data center or a cluster name is not set");
		rdr_log_hint("Set SITE_INFO datacenter, main_site_cluster and "
					 "bkup_site_cluster in the configuration.");
		return false;
	}

	n = wf_get_list(run, "datacenters", "data_center", &dcs);
	if (n < 0)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(dcs[i].name, plan->datacenter) == 0)
			break;
	if (i == n)
	{
		names_of(dcs, n, names, sizeof(names));
		rdr_log_error("data center \"%s\" not found on the manager", plan->datacenter);
		rdr_log_detail("The manager has: %s.", names[0] ? names : "none");
		free(dcs);
		return false;
	}
	snprintf(inv->dc_id, sizeof(inv->dc_id), "%s", dcs[i].id);
	free(dcs);

	/* the data center's clusters only: names repeat across data centers */
	n = wf_get_list(run, "clusters", "cluster", &all);
	if (n < 0)
		return false;
	inv->clusters = calloc((size_t) n + 1, sizeof(RdrApiEntity));
	if (inv->clusters == NULL)
	{
		free(all);
		rdr_log_error("out of memory");
		return false;
	}
	for (i = 0; i < n; i++)
		if (strcmp(all[i].dc_id, inv->dc_id) == 0)
			inv->clusters[inv->nclusters++] = all[i];
	free(all);
	if (!find_cluster(inv, plan->main_cluster, inv->main_cluster_id, "main site") ||
		!find_cluster(inv, plan->backup_cluster, inv->backup_cluster_id, "backup site"))
		return false;
	if (!for_hosts)
		return true;

	n = wf_get_list(run, "networks", "network", &all);
	if (n < 0)
		return false;
	inv->networks = calloc((size_t) n + 1, sizeof(RdrApiEntity));
	if (inv->networks == NULL)
	{
		free(all);
		rdr_log_error("out of memory");
		return false;
	}
	for (i = 0; i < n; i++)
		if (strcmp(all[i].dc_id, inv->dc_id) == 0)
			inv->networks[inv->nnetworks++] = all[i];
	free(all);
	for (i = 0; i < plan->n_virt_net; i++)
	{
		if (wf_inventory_network(inv, plan->virt_net[i].network) == NULL)
		{
			names_of(inv->networks, inv->nnetworks, names, sizeof(names));
			rdr_log_error("network \"%s\" of VIRT_NET %s not found in data center %s",
						  plan->virt_net[i].network, plan->virt_net[i].hypervisor,
						  plan->datacenter);
			rdr_log_detail("The data center's networks are: %s.",
						   names[0] ? names : "none");
			return false;
		}
	}

	/* events come newest first: the first id is the mark */
	n = wf_get_list(run, "events", "event", &all);
	if (n < 0)
		return false;
	for (i = 0; i < n; i++)
		if (all[i].event_id > inv->event_mark)
			inv->event_mark = all[i].event_id;
	free(all);
	rdr_log_verbose("data center %s, clusters %s/%s, %d networks, events after %ld",
					inv->dc_id, inv->main_cluster_id, inv->backup_cluster_id,
					inv->nnetworks, inv->event_mark);
	return true;
}

/* wf_inventory_free: see workflow_steps.h */
void
wf_inventory_free(WfInventory *inv)
{
	free(inv->clusters);
	free(inv->networks);
	inv->clusters = inv->networks = NULL;
}

/* wf_inventory_network: see workflow_steps.h */
const char *
wf_inventory_network(const WfInventory *inv, const char *name)
{
	for (int i = 0; i < inv->nnetworks; i++)
		if (strcmp(inv->networks[i].name, name) == 0)
			return inv->networks[i].id;
	return NULL;
}

/* wf_inventory_cluster_in_dc: see workflow_steps.h */
bool
wf_inventory_cluster_in_dc(const WfInventory *inv, const char *cluster_id)
{
	for (int i = 0; i < inv->nclusters; i++)
		if (strcmp(inv->clusters[i].id, cluster_id) == 0)
			return true;
	return false;
}

/* cmp_vm_name: qsort/bsearch order of VM pointers by name */
static int
cmp_vm_name(const void *a, const void *b)
{
	return strcmp((*(RdrApiEntity *const *) a)->name,
				  (*(RdrApiEntity *const *) b)->name);
}

/* wf_vm_names: see workflow_steps.h */
RdrApiEntity **
wf_vm_names(RdrApiEntity *vms, int n)
{
	RdrApiEntity **byname = xcalloc((size_t) n + 1, sizeof(RdrApiEntity *));

	for (int j = 0; j < n; j++)
		byname[j] = &vms[j];
	qsort(byname, (size_t) n, sizeof(RdrApiEntity *), cmp_vm_name);
	return byname;
}

/* wf_vm_named: see workflow_steps.h */
RdrApiEntity *
wf_vm_named(RdrApiEntity **byname, int n, const char *name, char *missing, size_t size)
{
	RdrApiEntity key;
	RdrApiEntity *keyp = &key;
	RdrApiEntity **hit;
	int			i;
	int			matches = 0;

	snprintf(key.name, sizeof(key.name), "%s", name);
	hit = bsearch(&keyp, byname, (size_t) n, sizeof(RdrApiEntity *), cmp_vm_name);
	if (hit == NULL)
	{
		snprintf(missing, size, "no VM named \"%s\" on the manager", name);
		return NULL;
	}
	i = (int) (hit - byname);
	while (i > 0 && strcmp(byname[i - 1]->name, name) == 0)
		i--;
	for (int j = i; j < n && strcmp(byname[j]->name, name) == 0; j++)
		matches++;
	missing[0] = '\0';
	if (matches > 1)
		snprintf(missing, size, "%d VMs are named \"%s\"", matches, name);
	return byname[i];
}
