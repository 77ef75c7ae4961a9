/*-------------------------------------------------------------------------
 *
 * workflow_plan.h
 *	  The manager-side steps of a failover, for rdr-failover: what to do
 *	  (the plan, from the configuration) and what happened (the result).
 *
 * rdr_workflow_hosts is the seed's "-h" step: every host is driven by its
 * state (pending_approval -> approve into the backup cluster, then, on
 * event 519, attach the VIRT_NET NICs by MAC and commit (v4:
 * setupnetworks), then activate; non_operational -> activate;
 * non_responsive -> manual fence), then it waits until a backup-cluster
 * host is SPM and moves every VM of the main cluster to the backup
 * cluster.  rdr_workflow_start_vms is the "-s" step: start the START_VM
 * list in order with its delays and wait until every VM is up, or, when
 * the list is a plan (start_planned), group by group with dependencies
 * and readiness checks (workflow_start.c).
 *
 * Both poll the manager's real states against deadlines (no fixed
 * sleeps), drive independent hosts and VMs concurrently, log every action
 * with its result, and fill an RdrWorkflowResult for the report.  With
 * RdrRestConfig.dry_run they read the manager and list the POST/PUT calls
 * they would make, without making them.
 *
 * Typical use:
 *		RdrRest *rest = rdr_rest_open(&restcfg);
 *		if (!rdr_rest_wait_api(rest, 600, 1000)) -> fail
 *		RdrWorkflowResult res;
 *		ok = rdr_workflow_hosts(rest, &plan, &res);
 *		... print res.items ...; rdr_workflow_result_free(&res);
 *		rdr_rest_close(rest);
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_WORKFLOW_PLAN_H
#define RDR_WORKFLOW_PLAN_H

#include <stdbool.h>

#include "rest_client.h"
#include "start_plan.h"

/* A VIRT_NET line: attach NIC mac of hypervisor to network. */
typedef struct RdrVirtNet
{
	const char *hypervisor;		/* host name as the manager knows it */
	const char *mac;			/* "00:17:a4:77:24:38", any case */
	const char *network;		/* network name in the data center */
} RdrVirtNet;

/*
 * A START_VM line: wait delay_s after the previous start, start vm; in a
 * plan (RdrWorkflowPlan.start_planned, workflow_start.c) delay_s counts
 * from when its group and the VMs it comes after are ready.
 */
typedef struct RdrStartVm
{
	const char *vm;
	int			delay_s;
	int			group;			/* 1..5 (plan only) */
	const int  *after;			/* indexes into start_vm (plan only) */
	int			n_after;
	RdrReadyKind ready;
	int			ready_port;		/* ready=tcp:PORT */
	const char *ready_cmd;		/* ready=cmd:COMMAND */
	int			timeout_s;		/* 0: vm_timeout_s */
} RdrStartVm;

typedef struct RdrWorkflowPlan
{
	const char *datacenter;		/* SITE_INFO datacenter */
	const char *main_cluster;	/* SITE_INFO main_site_cluster */
	const char *backup_cluster; /* SITE_INFO bkup_site_cluster */
	const RdrVirtNet *virt_net;
	int			n_virt_net;
	const RdrStartVm *start_vm;
	int			n_start_vm;
	bool		start_planned;	/* start_vm is a plan with groups */
	bool		stop_on_vm_failure; /* a failed VM stops the later groups */

	/* Deadlines (seconds; 0 = default) and polling (ms; 0 = default) */
	int			host_timeout_s; /* a host reaching its target (900) */
	int			spm_timeout_s;	/* a backup-cluster host becoming SPM (900) */
	int			vm_timeout_s;	/* a VM move or start reaching up (600) */
	int			poll_ms;		/* interval between state polls (1000) */
	int			install_retries;	/* re-approvals after install_failed (-1 =
									 * default 2) */
	double		delay_scale;	/* multiplies START_VM delays (0 = 1.0); tests
								 * use the simulator's time scale */
	bool		force_poweroff; /* --planned: power off a VM whose guest did
								 * not shut down within vm_timeout */
	bool		failback;		/* --failback: the backup cluster is site A's */
} RdrWorkflowPlan;

/* What kind of object a result item is. */
typedef enum RdrItemKind
{
	RDR_ITEM_HOST,
	RDR_ITEM_SPM,				/* the wait for a new SPM */
	RDR_ITEM_VM_MOVE,
	RDR_ITEM_VM_START,
	RDR_ITEM_VM_SHUTDOWN,		/* --planned: a source VM shut down */
	RDR_ITEM_HOST_MAINTENANCE	/* --planned: a source host to maintenance */
} RdrItemKind;

#define RDR_N_ITEM_KINDS 6

/* One host or VM (or the SPM wait): what was done and how it ended. */
typedef struct RdrWorkflowItem
{
	RdrItemKind kind;
	char		name[256];
	char		id[64];
	char		initial_state[64];
	char		final_state[256];	/* the last state seen */
	char		actions[512];	/* "approve ok, attach eth1->public ok, ..." */
	bool		ok;				/* reached its target state */
	bool		skipped;		/* nothing to do (already there) */
	double		started;		/* when its work began, seconds after the step
								 * began (VM starts: its turn) */
	double		seconds;		/* from then to its final state */
	char		error[512];		/* why not ok */
	int			group;			/* a planned VM start: its group (else 0) */
	double		up_at;			/* ... seen up, seconds after the step began
								 * (< 0: never) */
	double		ready_at;		/* ... ready (< 0: never) */
} RdrWorkflowItem;

typedef struct RdrWorkflowResult
{
	RdrWorkflowItem *items;
	int			n_items;
	int			n_failed;
	char		spm_host[256];	/* the backup-cluster SPM, if reached */
	double		seconds;		/* whole step */
	long		http_calls;
	bool		ok;
} RdrWorkflowResult;

/*
 * rdr_workflow_hosts: the -h step (hosts, SPM, VM move).  res is
 * initialized by the call and must be freed with rdr_workflow_result_free
 * whatever the outcome.  True when every item reached its target.
 */
extern bool rdr_workflow_hosts(RdrRest *rest, const RdrWorkflowPlan *plan,
							   RdrWorkflowResult *res);

/*
 * rdr_workflow_planned_stop: --planned, before the storage switch: shut
 * the running VMs of the main cluster down through the guest (those
 * without a START_VM line first, then the START_VM list in reverse order,
 * each waiting for the one after it), a VM still running after vm_timeout
 * powered off only with force_poweroff; then every main-cluster host
 * deactivated into maintenance.  *last_down: monotonic time the last VM
 * was seen down (0: none ran).  Same conventions as rdr_workflow_hosts.
 */
extern bool rdr_workflow_planned_stop(RdrRest *rest, const RdrWorkflowPlan *plan,
									  RdrWorkflowResult *res, double *last_down);

/* rdr_workflow_start_vms: the -s step; same conventions. */
extern bool rdr_workflow_start_vms(RdrRest *rest, const RdrWorkflowPlan *plan,
								   RdrWorkflowResult *res);

extern void rdr_workflow_result_free(RdrWorkflowResult *res);

/* rdr_workflow_item_kind_name: "host", "spm", "vm move", "vm start". */
extern const char *rdr_workflow_item_kind_name(RdrItemKind kind);

#endif							/* RDR_WORKFLOW_PLAN_H */
