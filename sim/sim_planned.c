/*-------------------------------------------------------------------------
 *
 * sim_planned.c
 *	  The engine's behaviour that a planned migration and a failback rely
 *	  on: a host deactivated into maintenance (the source site's hosts are
 *	  alive, so rdr moves them to maintenance instead of fencing them), and
 *	  the guest shutdown of a VM whose guest ignores it.
 *
 * The rules are MaintenanceNumberOfVdssCommand.canDoAction's (3.x,
 * bll/MaintenanceNumberOfVdssCommand.java; 4.5 .validate, same keys):
 *	- a host already in Maintenance: VDS_CANNOT_MAINTENANCE_VDS_IS_IN_MAINTENANCE;
 *	- a host contending for the SPM: VDS_CANNOT_MAINTENANCE_SPM_CONTENDING;
 *	- a NonResponsive host with running VMs:
 *	  VDS_CANNOT_MAINTENANCE_VDS_IS_NOT_RESPONDING_WITH_VMS, and one that is
 *	  the SPM: VDS_CANNOT_MAINTENANCE_VDS_IS_NOT_RESPONDING_AND_IS_SPM;
 *	- a host with running VMs whose cluster has no other Up host to migrate
 *	  them to: CANNOT_MAINTENANCE_VDS_RUN_VMS_NO_OTHER_RUNNING_VDS
 *	  (checkIfThereIsVDSToHoldMigratedVMs).
 * executeCommand moves the host to PreparingForMaintenance and migrates
 * its VMs; the host reaches Maintenance when none is left, and an SPM stops
 * being SPM (SpmStopVDSCommand), which lets another Up host contend.  The
 * simulator's VMs have a cluster, not a host: a VM that is not down runs
 * on the Up hosts of its cluster, and "migrates" by staying in it.
 *
 * A guest that ignores the ACPI shutdown: ShutdownVmCommand asks VDSM to
 * shut the guest down with a timeout; the VM shows powering_down, and when
 * the guest did not stop, VDSM gives up and the VM is Up again.  Only a
 * stop (StopVmCommand, a destroy) brings it down.
 *
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim_planned.h"

static bool refuse(SimModel *m, SimResult *r, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* refuse: the engine's validation failure: 400 in v3, 409 in v4 */
static bool
refuse(SimModel *m, SimResult *r, const char *fmt,...)
{
	va_list		ap;

	r->status = m->api_version == 4 ? 409 : 400;
	r->reason = "Operation Failed";
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
	return false;
}

/* running_vms: VMs of the cluster that are not down */
static int
running_vms(SimModel *m, int cluster)
{
	int			n = 0;

	for (int i = 0; i < m->n_vms; i++)
		if (m->vms[i].cluster == cluster && m->vms[i].state != VM_DOWN)
			n++;
	return n;
}

/* other_up_host: another Up host in the host's cluster */
static bool
other_up_host(SimModel *m, int host)
{
	for (int i = 0; i < m->n_hosts; i++)
		if (i != host && m->hosts[i].cluster == m->hosts[host].cluster &&
			m->hosts[i].state == HOST_UP)
			return true;
	return false;
}

bool
sim_action_deactivate(SimModel *m, int host, double now, SimResult *r)
{
	SimHost    *h = &m->hosts[host];
	int			vms = running_vms(m, h->cluster);

	if (h->state == HOST_MAINTENANCE || h->state == HOST_PREPARING_FOR_MAINTENANCE)
		return refuse(m, r, "[Cannot switch Host to Maintenance mode. Host is already in Maintenance mode.]");
	if (h->spm == SPM_CONTENDING)
		return refuse(m, r, "[Cannot switch Host to Maintenance mode. Host is contending for Storage Pool Manager. Please try again later.]");
	if (h->state == HOST_NON_RESPONSIVE && vms > 0)
		return refuse(m, r, "[Cannot switch Host(s) to Maintenance mode. The following Hosts are in Non Responsive state and have running VMs: %s.]",
					  h->name);
	if (h->state == HOST_NON_RESPONSIVE && h->spm == SPM_SPM)
		return refuse(m, r, "[Cannot switch Host to Maintenance mode. Host is Storage Pool Manager and is in Non Responsive state.]");
	if (h->state == HOST_UP && vms > 0 && !other_up_host(m, host))
		return refuse(m, r, "[Cannot switch the following Host(s) to Maintenance mode: %s. "
					  "The following Cluster(s) have running VMs and no other Host in Up status to migrate them to: %s.]",
					  h->name, m->clusters[h->cluster].name);
	h->state = HOST_PREPARING_FOR_MAINTENANCE;
	h->generation++;			/* cancels a pending activation */
	sim_model_add_timer(m, now + m->t.activate, TIMER_HOST_MAINTENANCE, host,
						h->generation);
	r->status = 0;
	r->reason = NULL;
	r->detail[0] = '\0';
	return true;
}

/* host_to_maintenance: the host's VMs are gone; an SPM stops being one */
static void
host_to_maintenance(SimModel *m, int host, double now)
{
	SimHost    *h = &m->hosts[host];
	int			dc = sim_model_host_dc(m, host);

	h->state = HOST_MAINTENANCE;
	if (h->spm == SPM_SPM)
	{
		h->spm = SPM_NONE;
		m->dcs[dc].spm_host = -1;
		for (int i = 0; i < m->n_sds; i++)
			if (m->sds[i].dc == dc)
				m->sds[i].active = false;
	}
	sim_model_event(m, now, 17, "normal", host, h->cluster, -1,
					"Host %s was switched to Maintenance mode by admin.", h->name);
	sim_model_election(m, dc, now);
}

void
sim_planned_timer(SimModel *m, SimTimerKind kind, int index,
				  unsigned generation, double due)
{
	if (kind == TIMER_HOST_MAINTENANCE)
	{
		if (m->hosts[index].generation == generation &&
			m->hosts[index].state == HOST_PREPARING_FOR_MAINTENANCE)
			host_to_maintenance(m, index, due);
	}
	else if (kind == TIMER_VM_SHUTDOWN_IGNORED)
	{
		SimVm	   *v = &m->vms[index];

		if (v->generation == generation && v->state == VM_POWERING_DOWN)
		{
			v->state = VM_UP;
			sim_model_event(m, due, 73, "warning", -1, v->cluster, index,
							"Failed to shut down VM %s (the guest did not respond).", v->name);
		}
	}
}
