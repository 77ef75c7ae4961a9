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
	 * The engine confirms a manual fence of the SPM only while another
	 * host of the data center is Up, so the main-site hosts wait for the
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
 * wf_spm_wait: wait until a host of the backup cluster is SPM (one result
 * item).  hosts_ok says whether every host task succeeded (for the
 * message when no backup host is up).
 */
extern bool wf_spm_wait(WfRun *run, bool hosts_ok);

/* wf_move_vms: move every VM of the main cluster to the backup cluster. */
extern bool wf_move_vms(WfRun *run);

#endif							/* RDR_WORKFLOW_STEPS_H */
