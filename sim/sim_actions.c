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
#include "sim_agent.h"

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
 *		pending_approval (or install_failed) -> installing (approve s) ->
 *		strict: reboot (reboot s) -> non_responsive (reconnect s) -> up or
 *		non_operational; lenient: installing -> up or non_operational.
 *
 *		Engine: ApproveVdsCommand.canDoAction (3.0, bll/ApproveVdsCommand.java)
 *		and .validate (4.5, bll/hostdeploy/ApproveVdsCommand.java) accept
 *		PendingApproval and InstallFailed only: VDS_APPROVE_VDS_IN_WRONG_STATUS.
 *		The install sequence is InstallVdsCommand's (3.0) /
 *		InstallVdsInternalCommand's (4.5): Installing, Reboot, then the host
 *		monitoring reconnects (NonResponsive until vdsm answers).
 */
bool
sim_action_approve(SimModel *m, int host, int cluster, double now,
				   SimResult *r)
{
	SimHost    *h = &m->hosts[host];

	if (h->state != HOST_PENDING_APPROVAL && h->state != HOST_INSTALL_FAILED)
		return fail(m, r, m->api_version == 4 ?
					"[Cannot approve RHVH Host., Host must be in \"Pending Approval\" or \"Install Failed\" status in order to be approved.]" :
					"[Cannot approve RHEV Hypervisor Host.]");
	h->cluster = cluster;
	h->state = HOST_INSTALLING;
	if (m->lenient)
		schedule_settle(m, host, now + m->t.approve);
	else
	{
		m->hosts[host].generation++;
		sim_model_add_timer(m, now + m->t.approve, TIMER_HOST_REBOOT, host,
							m->hosts[host].generation);
	}
	return ok(r);
}

/*
 * nic_refuses: the engine's refusal of a network on a bond slave or a VLAN
 * device, NULL when the NIC may take it.  The simulator's networks are
 * untagged (no VLAN network).
 *
 *	3.0 AttachNetworkToVdsInterfaceCommand.canDoAction: a slave
 *		(NETWORK_INTERFACE_ALREADY_IN_BOND); a non-VLAN network on a NIC
 *		that has VLAN devices (NETWORK_INTERFACE_CONNECT_TO_VLAN).  A VLAN
 *		device itself is not checked in 3.0.
 *	4.5 HostSetupNetworksValidator.validateAttachmentNotReferenceVlanDevice
 *		(ATTACHMENT_REFERENCE_VLAN_DEVICE); a slave: the 4.5 validator has
 *		no such check (VDSM fails the setup), the simulator answers with
 *		AppErrors' CANNOT_ADD_NETWORK_ATTACHMENT_ON_SLAVE_OR_VLAN.
 */
static const char *
nic_refuses(SimModel *m, int host, const SimAttachment *a, char *msg, size_t size)
{
	const SimNic *nic = &m->nics[a->nic];
	const char *net = m->networks[a->network].name;

	if (nic->master >= 0)
	{
		if (m->api_version == 4)
			snprintf(msg, size, "[Cannot setup Networks. Cannot create Network Attachment "
					 "directly on slave or vlan interface. Network name = '%s', Network "
					 "interface name = '%s'.]", net, nic->name);
		else
			snprintf(msg, size, "[Network Interface already belongs to the bond.]");
		return msg;
	}
	if (nic->vlan && m->api_version == 4)
	{
		snprintf(msg, size, "[Cannot setup Networks. The attachment of network '%s' "
				 "references vlan device '%s'. Network attachment cannot reference vlan "
				 "device.]", net, nic->name);
		return msg;
	}
	if (!nic->vlan && m->api_version != 4)
	{
		size_t		len = strlen(nic->name);

		for (int k = 0; k < m->n_nics; k++)
			if (m->nics[k].host == host && m->nics[k].vlan &&
				strncmp(m->nics[k].name, nic->name, len) == 0 &&
				m->nics[k].name[len] == '.')
				return "[Cannot attach non vlan network to vlan interface]";
	}
	return NULL;
}

/*
 * sim_action_attach
 *		Attach networks to NICs (v3 attach: one; v4 setupnetworks: several),
 *		all or nothing.
 *
 *		Engine 3.0: AttachNetworkToVdsInterfaceCommand.canDoAction: a NIC
 *		that carries a network takes no other
 *		(NETWORK_INTERFACE_ALREADY_HAVE_NETWORK), a network on another NIC
 *		is refused (NETWORK_NETWORK_ALREAY_ATTACH_TO_INTERFACE).  4.5:
 *		HostSetupNetworksValidator (bll/network/host/): a network attached
 *		to two NICs (NETWORKS_ALREADY_ATTACHED_TO_IFACES); a non-VLAN
 *		network needs the NIC to itself.
 */
bool
sim_action_attach(SimModel *m, int host, SimAttachment *a, int n, SimResult *r)
{
	SimHost    *h = &m->hosts[host];
	const char *err;
	char		msg[512];
	int			i,
				j;

	if (h->state == HOST_NON_RESPONSIVE || h->state == HOST_INSTALLING ||
		h->state == HOST_REBOOT)
		return fail(m, r, "[Cannot edit Interface. Host is not in a state that allows network changes.]");
	for (i = 0; i < n; i++)
	{
		if (m->nics[a[i].nic].host != host)
			return fail(m, r, "[Cannot edit Interface. Interface does not belong to the Host.]");
		if (m->networks[a[i].network].dc != sim_model_host_dc(m, host))
			return fail(m, r, "[Cannot edit Interface. Network does not belong to the Host's Data Center.]");
		if (!m->lenient &&
			(err = nic_refuses(m, host, &a[i], msg, sizeof(msg))) != NULL)
			return fail(m, r, "%s", err);
		for (j = 0; j < m->n_nics; j++)
			if (m->nics[j].host == host && j != a[i].nic &&
				m->nics[j].network == a[i].network)
				return fail(m, r, m->api_version == 4 ?
							"[Cannot setup Networks. The following Logical Networks are attached to more than one Network Interface: %s.]" :
							"[Cannot edit Interface. Network is already attached to another interface.]",
							m->networks[a[i].network].name);
		for (j = 0; j < i; j++)
			if (a[j].network == a[i].network && a[j].nic != a[i].nic)
				return fail(m, r, "[Cannot edit Interface. Network is already attached to another interface.]");
		if (!m->lenient && m->nics[a[i].nic].network >= 0 &&
			m->nics[a[i].nic].network != a[i].network)
			return fail(m, r, m->api_version == 4 ?
						"[Cannot setup Networks. The following Network Interfaces can have only a single VM Logical Network, or at most one non-VM Logical Network and/or several VLAN Logical Networks: %s.]" :
						"[The Network Interface is already attached to a Logical Network.]",
						m->nics[a[i].nic].name);
	}
	for (i = 0; i < n; i++)
	{
		m->nics[a[i].nic].network = a[i].network;
		m->nics[a[i].nic].committed = false;
	}
	return ok(r);
}

/*
 * sim_action_commit: make the host's attachments persistent.
 *
 *		Engine: CommitNetworkChangesCommand.canDoAction/validate returns
 *		true (3.0 bll/, 4.5 bll/network/host/).  Strict: a non_operational
 *		host whose networks are now complete is brought up by the engine's
 *		AutoRecoveryManager after autorecover s, without an activate.
 */
bool
sim_action_commit(SimModel *m, int host, double now, SimResult *r)
{
	char		missing[512];
	int			j;

	if (m->lenient && m->hosts[host].state == HOST_NON_RESPONSIVE)
		return fail(m, r, "[Cannot commit network changes. Host is Non Responsive.]");
	for (j = 0; j < m->n_nics; j++)
		if (m->nics[j].host == host)
			m->nics[j].committed = true;
	if (!m->lenient && m->hosts[host].state == HOST_NON_OPERATIONAL &&
		sim_model_host_networks_ok(m, host, missing, sizeof(missing)))
		sim_model_add_timer(m, now + m->t.autorecover, TIMER_HOST_AUTORECOVER,
							host, m->hosts[host].generation);
	return ok(r);
}

/*
 * sim_action_activate
 *		non_operational / maintenance / install_failed -> unassigned
 *		(activate s) -> up or non_operational again.
 *
 *		Engine: ActivateVdsCommand refuses an Up host, 3.0
 *		(bll/ActivateVdsCommand.java, VDS_CANNOT_ACTIVATE_VDS_ALREADY_UP) and
 *		4.5 (HostValidator.validateStatusForActivation in
 *		bll/validator/HostValidator.java, VDS_ALREADY_UP), and 4.5 refuses a
 *		NonResponsive one (VDS_NON_RESPONSIVE).  --lenient: activating an up
 *		host is a no-op.
 */
bool
sim_action_activate(SimModel *m, int host, double now, SimResult *r)
{
	SimHost    *h = &m->hosts[host];

	if (h->state == HOST_UP)
	{
		if (m->lenient)
			return ok(r);
		return fail(m, r, "[Cannot activate Host. Host in Up status.]");
	}
	if (h->state == HOST_NON_RESPONSIVE)
		return fail(m, r, "[Cannot activate Host. Host is in non responsive state.]");
	if (h->state != HOST_NON_OPERATIONAL && h->state != HOST_MAINTENANCE &&
		h->state != HOST_INSTALL_FAILED)
		return fail(m, r, "[Cannot activate Host. Host is not in a state that allows activation.]");
	h->state = HOST_UNASSIGNED;
	schedule_settle(m, host, now + m->t.activate);
	return ok(r);
}

/*
 * sim_action_fence
 *		Manual fence ("confirm host has been rebooted"): the host keeps its
 *		state and releases the SPM role fence_release s later, which lets
 *		another host contend.
 *
 *		Engine: FenceVdsManualyCommand (bll/storage/FenceVdsManualyCommand.java)
 *		.canDoAction (3.0) / .validate (4.5):
 *		- the host's status must be one of Down, InstallFailed, Maintenance,
 *		  NonOperational, NonResponsive, Reboot, Installing (isLegalStatus),
 *		  else ACTION_TYPE_FAILED_VDS_NOT_MATCH_VALID_STATUS;
 *		- if it is the SPM of a shared data center, another host of the data
 *		  center must be Up (StorageHandlingCommandBase.InitializeVds /
 *		  checkForActiveVds): ACTION_TYPE_FAILED_NO_VDS_IN_POOL;
 *		- and the data center must be Problematic / NotOperational /
 *		  Maintenance (4.5: NonResponsive, shown as problematic):
 *		  ACTION_TYPE_FAILED_STORAGE_POOL_STATUS_ILLEGAL.
 *		--lenient: only a non_responsive host is required.
 */
bool
sim_action_fence(SimModel *m, int host, const char *type, double now,
				 SimResult *r)
{
	SimHost    *h = &m->hosts[host];
	int			dc = sim_model_host_dc(m, host);

	if (strcmp(type, "manual") != 0)
		return fail(m, r, "[Cannot fence Host. Fence type %s is not supported by the simulator.]",
					type);
	if (m->lenient)
	{
		if (h->state != HOST_NON_RESPONSIVE)
			return fail(m, r, "[Cannot confirm 'Host has been rebooted', Host is not Non Responsive.]");
	}
	else
	{
		bool		other_up = false;
		const char *dcs;

		switch (h->state)
		{
			case HOST_NON_RESPONSIVE:
			case HOST_MAINTENANCE:
			case HOST_NON_OPERATIONAL:
			case HOST_REBOOT:
			case HOST_INSTALLING:
			case HOST_INSTALL_FAILED:
				break;
			default:
				return fail(m, r, m->api_version == 4 ?
							"[Cannot confirm 'Host has been rebooted' Host. Valid Host statuses are \"Non operational\", \"Maintenance\" or \"Connecting\".]" :
							"[Cannot confirm 'Host has been rebooted' Host. Valid Host statuses are \"Non operational\", \"Maintenance\" or \"Problematic\".]");
		}
		if (h->spm == SPM_SPM)
		{
			for (int i = 0; i < m->n_hosts && !other_up; i++)
				other_up = i != host && m->hosts[i].state == HOST_UP &&
					sim_model_host_dc(m, i) == dc;
			if (!other_up)
				return fail(m, r, "[Cannot confirm 'Host has been rebooted' Host. There is no active Host in the Data Center.]");
			dcs = sim_dc_state_name(m, dc);
			if (strcmp(dcs, "problematic") != 0 && strcmp(dcs, "not_operational") != 0 &&
				strcmp(dcs, "maintenance") != 0)
				return fail(m, r, "[Cannot confirm 'Host has been rebooted' Host. Unknown Data Center status.]");
		}
	}
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

	/*
	 * Engine: the REST layer turns a cluster change into ChangeVMCluster (3.0
	 * restapi BackendVmResource.update); ChangeVMClusterCommand (3.0
	 * bll/ChangeVMClusterCommand.java) / ChangeVmClusterValidator (4.5
	 * bll/ChangeVmClusterValidator.java) allow it on a Down VM only
	 * (VM_STATUS_NOT_VALID_FOR_UPDATE) and into the same data center
	 * (VM_CANNOT_MOVE_TO_CLUSTER_IN_OTHER_STORAGE_POOL).
	 */
	if (v->state != VM_DOWN)
		return fail(m, r, m->lenient ? "[Cannot edit VM. VM is not down.]" :
					"[Cannot update a VM in this status. Try stopping the VM first.]");
	if (m->clusters[cluster].dc != m->clusters[v->cluster].dc)
		return fail(m, r, "[VM can be moved only to a Cluster in the same Data Center.]");

	/*
	 * Engine: the target cluster must have the network of each vNIC
	 * (ChangeVmClusterValidator.validateDestinationClusterContainsNetworks,
	 * MOVE_VM_CLUSTER_MISSING_NETWORK, in the engine since its first commit,
	 * RHEV 3.0's ChangeVMClusterCommand).
	 */
	for (int i = 0; i < v->n_networks; i++)
	{
		const SimCluster *c = &m->clusters[cluster];
		bool		found = false;

		for (int k = 0; k < c->n_networks && !found; k++)
			found = m->networks[c->networks[k]].dc == m->networks[v->networks[i]].dc &&
				strcmp(m->networks[c->networks[k]].name, m->networks[v->networks[i]].name) == 0;
		for (int k = 0; k < c->n_optional && !found; k++)
			found = strcmp(m->networks[c->optional[k]].name, m->networks[v->networks[i]].name) == 0;
		if (!found)
			return fail(m, r, "[Cannot edit VM. Selected Cluster is missing one or more "
						"networks %s that is used by VM.]", m->networks[v->networks[i]].name);
	}
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

	/*
	 * Engine: 3.0 RunVmCommand.CanRunVm (ACTION_TYPE_FAILED_VM_IS_RUNNING)
	 * and VdsSelector (ACTION_TYPE_FAILED_VDS_VM_CLUSTER); 4.5 RunVmValidator
	 * (bll/validator/RunVmValidator.java: validateVmStatusUsingMatrix,
	 * validateStoragePoolUp -> StoragePoolValidator.existsAndUp, then
	 * SchedulingManager's SCHEDULING_NO_HOSTS).  A data center that is not
	 * up: ACTION_TYPE_FAILED_STORAGE_DOMAIN_STATUS_ILLEGAL (3.0) /
	 * ACTION_TYPE_FAILED_STORAGE_POOL_STATUS_ILLEGAL (4.5).
	 */
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
		return fail(m, r, m->lenient ? "[Cannot run VM. Storage Domain is not active.]" :
					m->api_version == 4 ? "[Cannot run VM. Unknown Data Center status.]" :
					"[Cannot run VM. The relevant Storage Domain is inaccessible.]");
	v->state = VM_WAIT_FOR_LAUNCH;
	sim_agent_vm_started(m, vm, now);
	sim_model_add_timer(m, now + m->t.vm_launch, TIMER_VM_LAUNCHED, vm, ++v->generation);
	return ok(r);
}

/*
 * sim_action_stop_vm
 *		stop: any running VM goes down at once (a destroy).  shutdown: an
 *		Up VM goes powering_down, then down after vm_powerup seconds (a
 *		guest shutdown); a VM not yet Up is stopped instead, as the engine
 *		does when it cannot ask the guest.
 *		Engine: StopVmCommandBase.validate (3.0 and 4.5): a VM that is not
 *		running (Down) fails ACTION_TYPE_FAILED_VM_IS_NOT_RUNNING, "Cannot
 *		${action} ${type}. VM is not running." with VAR__ACTION__STOP /
 *		VAR__ACTION__SHUTDOWN and VAR__TYPE__VM (AppErrors.properties);
 *		ShutdownVmCommand.canShutdownVm (Up, with ACPI or an agent) else
 *		the stop path.
 */
bool
sim_action_stop_vm(SimModel *m, int vm, bool shutdown, double now, SimResult *r)
{
	SimVm	   *v = &m->vms[vm];

	if (v->state == VM_DOWN)
		return fail(m, r, shutdown ? "[Cannot shutdown VM. VM is not running.]" :
					"[Cannot stop VM. VM is not running.]");
	v->generation++;			/* cancels a launch in progress */
	sim_agent_vm_down(m, vm);
	if (shutdown && v->state == VM_UP)
	{
		/* a guest that ignores it is Up again (sim_planned.c) */
		v->state = VM_POWERING_DOWN;
		sim_model_add_timer(m, now + m->t.vm_powerup, v->ignores_shutdown ?
							TIMER_VM_SHUTDOWN_IGNORED : TIMER_VM_POWERED_DOWN, vm,
							v->generation);
	}
	else if (shutdown && v->state == VM_POWERING_DOWN)
		return fail(m, r, "[Cannot shutdown VM. VM is already being shut down.]");
	else
		v->state = VM_DOWN;
	return ok(r);
}
