/*-------------------------------------------------------------------------
 *
 * workflow_steps.h
 *	  The parts of the workflows shared between workflow_*.c: what the
 *	  manager holds (data center, clusters, networks, the event mark), the
 *	  wait for a new SPM and the VM move.  Private to workflow_*.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_WORKFLOW_STEPS_H
#define RDR_WORKFLOW_STEPS_H

#include <stdbool.h>

#include "workflow_engine.h"

typedef struct WfInventory
{
	char		dc_id[64];
	char		main_cluster_id[64];
	char		backup_cluster_id[64];
	RdrApiEntity *clusters;		/* of the data center */
	int			nclusters;
	RdrApiEntity *networks;		/* of the data center */
	int			nnetworks;
	long		event_mark;		/* newest event id before rdr acted */

	/*
	 * The engine confirms a manual fence of the SPM only while another host
	 * of the data center is Up, so the main-site hosts wait for the
	 * backup-site ones (see workflow_hosts.c).
	 */
	int			backup_coming;	/* backup-site host tasks not finished */
	int			backup_up;		/* backup-site hosts seen up */
	int			fence_failed;	/* main-site hosts that could not be fenced */
} WfInventory;

/*
 * wf_inventory_load: read data centers and clusters (and, with
 * for_hosts, networks and the newest event id) and check the plan against
 * them before anything is changed.  False after logging.
 */
extern bool wf_inventory_load(WfRun *run, WfInventory *inv, bool for_hosts);
extern void wf_inventory_free(WfInventory *inv);

/* wf_inventory_network: id of the data center's network name, or NULL. */
extern const char *wf_inventory_network(const WfInventory *inv, const char *name);

/* wf_inventory_cluster_in_dc: cluster_id is a cluster of the data center. */
extern bool wf_inventory_cluster_in_dc(const WfInventory *inv,
									   const char *cluster_id);

/*
 * wf_vm_names: an index of the manager's VMs sorted by name (allocated),
 * so that a START_VM list of thousands is looked up in log time.
 */
extern RdrApiEntity **wf_vm_names(RdrApiEntity *vms, int n);

/*
 * wf_vm_named: the first VM called name in the index, or NULL; unless
 * exactly one VM has the name, why it cannot be started goes into
 * missing ("" otherwise).
 */
extern RdrApiEntity *wf_vm_named(RdrApiEntity **byname, int n, const char *name,
								 char *missing, size_t size);

/*
 * What the seed list's starts (workflow_vms.c) and a plan's
 * (workflow_start.c) do alike (workflow_vm_start.c).  wf_start_down: a VM whose start is due
 * reads "down": if its start was accepted, poll once more (state
 * poll_state: the manager may not show the launch yet), then fail; if
 * not, start it now (start_state), or fail after WF_MAX_ACTION_ATTEMPTS.
 */
extern void wf_start_down(WfRun *run, WfTask *t, bool accepted, int *down_seen,
						  int start_state, int poll_state);

/*
 * wf_start_refused: the start request failed: read the state again if
 * the manager may not have acted on it (within WF_MAX_ACTION_ATTEMPTS),
 * else fail with its error.
 */
extern void wf_start_refused(WfRun *run, WfTask *t, RdrRestCall *call, int poll_state);

/*
 * wf_spm_task: add the task that waits until a host of the backup cluster
 * is SPM (one result item, returned; -1 on OOM, logged); wf_run runs it.
 * hosts_ok says whether every host task succeeded (for the message when
 * no backup host is up).
 */
extern int	wf_spm_task(WfRun *run, bool hosts_ok);

/* wf_spm_explain: after wf_run, a hint on what a failed SPM wait lacked. */
extern void wf_spm_explain(WfRun *run, int item, bool hosts_ok);

/*
 * wf_move_tasks: add a task per VM of the main cluster, to move it to
 * the backup cluster; wf_run runs them.  False after logging.
 */
extern bool wf_move_tasks(WfRun *run);

#endif							/* RDR_WORKFLOW_STEPS_H */
