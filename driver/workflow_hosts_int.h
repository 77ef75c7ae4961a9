/*-------------------------------------------------------------------------
 *
 * workflow_hosts_int.h
 *	  What the modules of the "-h" step's host tasks share: the task's
 *	  states and data, and the functions each lends the others.  Private to
 *	  workflow_host*.c.
 *
 * The modules, each using only those above it (test/lint/layers.txt):
 *   workflow_host_task.c  a task's moves: to a state, a later poll, a
 *                         failed action
 *   workflow_host_net.c   the networks a host misses (event 519), its NICs
 *                         by MAC
 *   workflow_hosts.c      the state the manager reports decides the next
 *                         action (the state diagram is there)
 *   workflow_host_run.c   the calls of each action and their answers, the
 *                         tasks started, rdr_workflow_hosts()
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_WORKFLOW_HOSTS_INT_H
#define RDR_WORKFLOW_HOSTS_INT_H

#include <stdbool.h>

#include "workflow_engine.h"
#include "workflow_steps.h"

enum
{
	HS_POLL,					/* GET hosts/ID, then decide */
	HS_APPROVE,
	HS_EVENTS,					/* GET events 519 since the mark */
	HS_NICS,					/* GET hosts/ID/nics, plan the attachments */
	HS_ATTACH,					/* v3: one POST per NIC */
	HS_SETUP,					/* v4: one setupnetworks */
	HS_COMMIT,
	HS_ACTIVATE,
	HS_FENCE,
	HS_NSTATES
};

/* One NIC to attach to a network. */
typedef struct HostAttach
{
	const RdrVirtNet *vn;
	char		nic_id[64];
	char		nic_name[256];
	char		network_id[64];
} HostAttach;

typedef struct HostData
{
	int			tries[HS_NSTATES];	/* POSTs sent per action */
	bool		backup;			/* a backup-site host (counted in inventory) */
	bool		seen_up;
	int			install_failures;
	bool		approved;
	bool		fenced;
	bool		netfix_done;
	int			activations;
	const RdrVirtNet **needed;	/* VIRT_NET lines to apply */
	int			nneeded;
	HostAttach *attach;			/* NICs still to attach */
	int			nattach;
	int			attach_at;
} HostData;

/* inv_of: the inventory the hosts step keeps in run->data */
static inline WfInventory *
inv_of(WfRun *run)
{
	return run->data;
}

/* workflow_host_task.c */
extern void host_goto(WfRun *run, WfTask *t, int state);
extern void host_poll_later(WfRun *run, WfTask *t, const char *what);
extern void host_action_failed(WfRun *run, WfTask *t, RdrRestCall *call,
							   const char *what);

/* workflow_host_net.c */
extern bool host_plan_needed(WfRun *run, WfTask *t, const char *missing);
extern void host_events(WfRun *run, WfTask *t, RdrRestCall *call);
extern void host_nics(WfRun *run, WfTask *t, RdrRestCall *call);

/* workflow_hosts.c */
extern void host_dispatch(WfRun *run, WfTask *t);

#endif							/* RDR_WORKFLOW_HOSTS_INT_H */
