/*-------------------------------------------------------------------------
 *
 * sim_actions.c
 *	  The operations behind the simulated API's actions.
 *
 * Each checks the engine's preconditions first (the "CanDoAction" of a
 * real engine) and changes nothing when one fails; the failure carries the
 * engine's message in brackets, as RHEV-M puts it in <fault><detail>.
 * Validation failures are 400 in API v3 and 409 in v4.
 *
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim_actions.h"

static bool
fail(SimModel *m, SimResult *r, const char *fmt,...)
__attribute__((format(printf, 3, 4)));

static bool
fail(SimModel *m, SimResult *r, const char *fmt,...)
{
	va_list		ap;

	r->status = m->api_version == 4 ? 409 : 400;
	r->reason = "Operation Failed";
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
	return false;
}

static bool
ok(SimResult *r)
{
	r->status = 0;
	r->reason = NULL;
	r->detail[0] = '\0';
	return true;
}

/* Start a host's settle timer; a newer action invalidates older timers. */
static void
schedule_settle(SimModel *m, int host, double due)
{
	m->hosts[host].generation++;
	sim_model_add_timer(m, due, TIMER_HOST_SETTLE, host,
						m->hosts[host].generation);
}

/*
 * sim_action_approve
 *		pending_approval -> installing (approve s) -> up or non_operational.
 */
bool
sim_action_approve(SimModel *m, int host, int cluster, double now,
				   SimResult *r)
{
	SimHost    *h = &m->hosts[host];

	if (h->state != HOST_PENDING_APPROVAL)
		return fail(m, r, "[Cannot approve Host. Host is not in Pending Approval status.]");
	h->cluster = cluster;
	h->state = HOST_INSTALLING;
	schedule_settle(m, host, now + m->t.approve);
	return ok(r);
}

/*
 * sim_action_attach
 *		Attach networks to NICs (v3 attach: one; v4 setupnetworks: several),
 *		all or nothing.
 */
bool
sim_action_attach(SimModel *m, int host, SimAttachment *a, int n, SimResult *r)
{
	SimHost    *h = &m->hosts[host];
	int			i,
				j;

	if (h->state == HOST_NON_RESPONSIVE || h->state == HOST_INSTALLING)
		return fail(m, r, "[Cannot edit Interface. Host is not in a state that allows network changes.]");
	for (i = 0; i < n; i++)
	{
		if (m->nics[a[i].nic].host != host)
			return fail(m, r, "[Cannot edit Interface. Interface does not belong to the Host.]");
		if (m->networks[a[i].network].dc != sim_model_host_dc(m, host))
			return fail(m, r, "[Cannot edit Interface. Network does not belong to the Host's Data Center.]");
		for (j = 0; j < m->n_nics; j++)
			if (m->nics[j].host == host && j != a[i].nic &&
				m->nics[j].network == a[i].network)
				return fail(m, r, "[Cannot edit Interface. Network is already attached to another interface.]");
		for (j = 0; j < i; j++)
			if (a[j].network == a[i].network && a[j].nic != a[i].nic)
				return fail(m, r, "[Cannot edit Interface. Network is already attached to another interface.]");
	}
	for (i = 0; i < n; i++)
	{
		m->nics[a[i].nic].network = a[i].network;
		m->nics[a[i].nic].committed = false;
	}
	return ok(r);
}

/* sim_action_commit: make the host's attachments persistent. */
bool
sim_action_commit(SimModel *m, int host, SimResult *r)
{
	int			j;

	if (m->hosts[host].state == HOST_NON_RESPONSIVE)
		return fail(m, r, "[Cannot commit network changes. Host is Non Responsive.]");
	for (j = 0; j < m->n_nics; j++)
		if (m->nics[j].host == host)
			m->nics[j].committed = true;
	return ok(r);
}

/*
 * sim_action_activate
 *		non_operational / maintenance -> unassigned (activate s) -> up or
 *		non_operational again.  Activating an up host is a no-op.
 */
bool
sim_action_activate(SimModel *m, int host, double now, SimResult *r)
{
	SimHost    *h = &m->hosts[host];

	if (h->state == HOST_UP)
		return ok(r);
	if (h->state != HOST_NON_OPERATIONAL && h->state != HOST_MAINTENANCE)
		return fail(m, r, "[Cannot activate Host. Host is not in a state that allows activation.]");
	h->state = HOST_UNASSIGNED;
	schedule_settle(m, host, now + m->t.activate);
	return ok(r);
}

/*
 * sim_action_fence
 *		Manual fence ("confirm host has been rebooted") of a non-responsive
 *		host: it keeps its state and releases the SPM role fence_release s
 *		later, which lets another host contend.
 */
bool
sim_action_fence(SimModel *m, int host, const char *type, double now,
				 SimResult *r)
{
	SimHost    *h = &m->hosts[host];

	if (strcmp(type, "manual") != 0)
		return fail(m, r, "[Cannot fence Host. Fence type %s is not supported by the simulator.]",
					type);
	if (h->state != HOST_NON_RESPONSIVE)
		return fail(m, r, "[Cannot confirm 'Host has been rebooted', Host is not Non Responsive.]");
	if (!h->fenced)
	{
		h->fenced = true;
		sim_model_add_timer(m, now + m->t.fence_release, TIMER_FENCE_RELEASE,
							host, 0);
	}
	sim_model_event(m, now, 9016, "normal", host, h->cluster, -1,
					"Manual fence for host %s was started.", h->name);
	return ok(r);
}

/* sim_action_move_vm: change a down VM's cluster. */
bool
sim_action_move_vm(SimModel *m, int vm, int cluster, SimResult *r)
{
	SimVm	   *v = &m->vms[vm];

	if (v->state != VM_DOWN)
		return fail(m, r, "[Cannot edit VM. VM is not down.]");
	if (m->clusters[cluster].dc != m->clusters[v->cluster].dc)
		return fail(m, r, "[Cannot edit VM. Cluster does not belong to the VM's Data Center.]");
	v->cluster = cluster;
	return ok(r);
}

/*
 * sim_action_start_vm
 *		down -> wait_for_launch (vm_launch s) -> powering_up (vm_powerup s)
 *		-> up; needs an up host in the VM's cluster and an active data
 *		domain (which implies an SPM).
 */
bool
sim_action_start_vm(SimModel *m, int vm, double now, SimResult *r)
{
	SimVm	   *v = &m->vms[vm];
	int			dc = m->clusters[v->cluster].dc;
	bool		host_up = false,
				storage = false;
	int			i;

	if (v->state != VM_DOWN)
		return fail(m, r, "[Cannot run VM. VM is running.]");
	for (i = 0; i < m->n_hosts && !host_up; i++)
		host_up = m->hosts[i].cluster == v->cluster && m->hosts[i].state == HOST_UP;
	if (!host_up)
		return fail(m, r, "[Cannot run VM. There are no available running Hosts in the Host Cluster.]");
	for (i = 0; i < m->n_sds && !storage; i++)
		storage = m->sds[i].dc == dc && strcmp(m->sds[i].type, "data") == 0 &&
			m->sds[i].active;
	if (!storage || m->dcs[dc].spm_host < 0)
		return fail(m, r, "[Cannot run VM. Storage Domain is not active.]");
	v->state = VM_WAIT_FOR_LAUNCH;
	sim_model_add_timer(m, now + m->t.vm_launch, TIMER_VM_LAUNCHED, vm, 0);
	return ok(r);
}
