/*-------------------------------------------------------------------------
 *
 * sim_state_names.c
 *	  The REST names of the model's host, VM, SPM and data center states
 *	  (declared in sim_model.h): what the API shows, kept apart from the
 *	  state machine that moves them.
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>

#include "sim_model.h"

const char *
sim_host_state_name(SimHostState s)
{
	switch (s)
	{
		case HOST_PENDING_APPROVAL:
			return "pending_approval";
		case HOST_INSTALLING:
			return "installing";
		case HOST_NON_OPERATIONAL:
			return "non_operational";
		case HOST_UNASSIGNED:
			return "unassigned";
		case HOST_UP:
			return "up";
		case HOST_NON_RESPONSIVE:
			return "non_responsive";
		case HOST_MAINTENANCE:
			return "maintenance";
		case HOST_REBOOT:
			return "reboot";
		case HOST_INSTALL_FAILED:
			return "install_failed";
		case HOST_PREPARING_FOR_MAINTENANCE:
			return "preparing_for_maintenance";
	}
	return "unknown";
}

const char *
sim_vm_state_name(SimVmState s)
{
	switch (s)
	{
		case VM_DOWN:
			return "down";
		case VM_WAIT_FOR_LAUNCH:
			return "wait_for_launch";
		case VM_POWERING_UP:
			return "powering_up";
		case VM_UP:
			return "up";
		case VM_POWERING_DOWN:
			return "powering_down";
	}
	return "unknown";
}

const char *
sim_spm_state_name(SimSpmState s)
{
	switch (s)
	{
		case SPM_NONE:
			return "none";
		case SPM_CONTENDING:
			return "contending";
		case SPM_SPM:
			return "spm";
	}
	return "none";
}

/*
 * sim_dc_state_name
 *		The data center status follows its SPM.  Only the REST values
 *		exist: the engine's StoragePoolStatus NonResponsive is shown as
 *		"problematic" (restapi/types DataCenterMapper, 3.0 and 4.5), and a
 *		data center without storage domains is "uninitialized".
 *		--lenient keeps the simulator's old "non_responsive".
 */
const char *
sim_dc_state_name(SimModel *m, int dc)
{
	SimDataCenter *d = &m->dcs[dc];
	bool		has_domains = false;

	for (int i = 0; i < m->n_sds && !has_domains; i++)
		has_domains = m->sds[i].dc == dc;
	if (!has_domains && !m->lenient)
		return "uninitialized";
	if (d->spm_host >= 0)
	{
		if (m->hosts[d->spm_host].state != HOST_NON_RESPONSIVE)
			return "up";
		return m->lenient ? "non_responsive" : "problematic";
	}
	if (d->contender >= 0)
		return "contend";
	return "problematic";
}
