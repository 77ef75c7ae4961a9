/*-------------------------------------------------------------------------
 *
 * failover_workflow.c
 *	  The hosts (-h) and vms (-s) steps of rdr-failover: the workflow over
 *	  the manager's REST API, with the plan the configuration gives.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "failover_engine.h"
#include "failover_workflow.h"
#include "interrupt.h"
#include "workflow_plan.h"
#include "xalloc.h"

/* rdr_workflow_plan_of: see failover_workflow.h */
void
rdr_workflow_plan_of(const RdrConfig *cfg, RdrWorkflowPlan *plan, RdrVirtNet *vn, RdrStartVm *sv)
{
	memset(plan, 0, sizeof(*plan));
	for (int i = 0; i < cfg->n_virt_net; i++)
	{
		vn[i].hypervisor = cfg->virt_net[i].hypervisor;
		vn[i].mac = cfg->virt_net[i].mac;
		vn[i].network = cfg->virt_net[i].network;
	}
	for (int i = 0; i < cfg->n_start_vm; i++)
	{
		sv[i].vm = cfg->start_vm[i].vm;
		sv[i].delay_s = cfg->start_vm[i].delay_s;
		sv[i].group = cfg->start_vm[i].group;
		sv[i].after = cfg->start_vm[i].after_idx;
		sv[i].n_after = cfg->start_vm[i].n_after;
		sv[i].ready = cfg->start_vm[i].ready;
		sv[i].ready_port = cfg->start_vm[i].ready_port;
		sv[i].ready_cmd = cfg->start_vm[i].ready_cmd;
		sv[i].timeout_s = cfg->start_vm[i].timeout_s;
	}
	plan->start_planned = cfg->start_planned;
	plan->stop_on_vm_failure = cfg->on_vm_failure == RDR_ON_VM_FAILURE_STOP;
	plan->datacenter = cfg->datacenter;
	plan->main_cluster = cfg->main_cluster;
	plan->backup_cluster = cfg->backup_cluster;
	plan->virt_net = vn;
	plan->n_virt_net = cfg->n_virt_net;
	plan->start_vm = sv;
	plan->n_start_vm = cfg->n_start_vm;
	plan->host_timeout_s = cfg->host_timeout;
	plan->failback = cfg->failback;
	plan->install_retries = cfg->install_retries;
	plan->spm_timeout_s = cfg->spm_timeout;
	plan->vm_timeout_s = cfg->vm_timeout;
	plan->poll_ms = cfg->poll_ms;
	plan->delay_scale = cfg->delay_scale;
	plan->force_poweroff = cfg->force_poweroff;
}

/* step_workflow: -h (hosts) or -s (vms) over the REST API. */
static int
step_workflow(RdrFailoverRun *run, bool hosts)
{
	const char *name = hosts ? "hosts" : "vms";
	double		t0 = rdr_now();
	RdrWorkflowPlan plan;
	RdrVirtNet *vn = xcalloc((size_t) run->cfg.n_virt_net + 1, sizeof(RdrVirtNet));
	RdrStartVm *sv = xcalloc((size_t) run->cfg.n_start_vm + 1, sizeof(RdrStartVm));
	RdrWorkflowResult res;
	bool		ok;
	int			rc = EXIT_OK;
	int			n_ok = 0;
	const char *why;

	if (!rdr_step_begin(run, name))
		goto out;
	if (!rdr_wait_api(run, &why))
	{
		rdr_step_failed(run, name, t0, "%s", rdr_interrupted() ? "stopped by the interruption" : why);
		rc = EXIT_ENGINE;
		goto out;
	}
	rdr_workflow_plan_of(&run->cfg, &plan, vn, sv);
	ok = hosts ? rdr_workflow_hosts(run->rest, &plan, &res)
		: rdr_workflow_start_vms(run->rest, &plan, &res);
	rdr_report_add_workflow(&run->report, &res);
	for (int i = 0; i < res.n_items; i++)
		n_ok += res.items[i].ok;
	if (!ok && rdr_interrupted())
	{
		rdr_step_failed(run, name, t0, "stopped by the interruption; %d of %d item(s) done",
						n_ok, res.n_items);
		rc = hosts ? EXIT_HOSTS : EXIT_VMS;
	}
	else if (!ok)
	{
		rdr_step_failed(run, name, t0, "%d of %d item(s) failed", res.n_failed, res.n_items);
		rc = hosts ? EXIT_HOSTS : EXIT_VMS;
	}
	else
	{
		if (!hosts && !run->dry_run)
			run->report.rto = run->state.resumed ? (double) (time(NULL) - run->state.started)
				: rdr_now() - run->report.t0;
		if (!rdr_step_done(run, name, t0, NULL, "%d of %d item(s) ok%s%s", n_ok, res.n_items,
						   res.spm_host[0] ? ", SPM " : "", res.spm_host))
			rc = EXIT_RUN_STATE;
	}
	rdr_workflow_result_free(&res);
out:
	free(vn);
	free(sv);
	return rc;
}

int
rdr_step_hosts(RdrFailoverRun *run)
{
	return step_workflow(run, true);
}

int
rdr_step_vms(RdrFailoverRun *run)
{
	return step_workflow(run, false);
}
