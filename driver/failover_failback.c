/*-------------------------------------------------------------------------
 *
 * failover_failback.c
 *	  rdr-failover --failback: back to the repaired main site (A) with the
 *	  failover's own steps, run the other way.
 *
 *	  -d  preflight, database
 *		  failback_plan		the failover run to reverse; its site-A
 *							identities read from rdr_change_log and probed
 *							again at site A (nothing changed yet)
 *		  backup, [source_stop, storage_switch: --planned], engine_stop
 *		  storage			the reverse plan made again in the storage
 *							transaction, then its rdr_fix_* calls
 *		  engine_start
 *	  -h  hosts				site A's hosts activated, site B's fenced (or in
 *							maintenance already, --planned), a site-A SPM,
 *							the VMs moved back to the main cluster
 *	  -s  vms				started in START_VM order
 *
 * The steps after the storage are the failover's with the two sites
 * swapped: the main cluster (the site being left) is site B's now, the
 * backup cluster (the site coming up) site A's.  So a planned failback
 * shuts site B's VMs down and puts its hosts into maintenance, and site
 * A's hosts, in maintenance since a planned failover, are activated the
 * way standby hosts are (ActivateVdsCommand accepts Maintenance).
 *
 * The storage rows need no configuration: the failover logged site A's
 * rows whole (failback_plan.c).  The transaction runs with the
 * application_name RDR_FAILBACK_APP N, which rdr_change_log keeps with
 * each row: a second --failback then sees that the newest run is a
 * failback already and refuses, instead of "reversing" it to site B.
 *
 *-------------------------------------------------------------------------
 */
#include "failover_failback.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "failback_plan.h"
#include "interrupt.h"
#include "log.h"
#include "numparse.h"
#include "preflight_nfs.h"

int
rdr_failback_check(RdrFailoverRun *run)
{
	if (!run->failback)
	{
		if (run->from_run > 0)
		{
			rdr_log_error("--from-run names the failover run a failback reverses: use it with --failback");
			return EXIT_BAD_ARGS;
		}
		return EXIT_OK;
	}
	if (run->redo)
	{
		rdr_log_error("--failback and --redo cannot be used together");
		rdr_log_hint("A failed failback's storage transaction changed nothing: correct the cause and run --failback --resume.");
		return EXIT_BAD_ARGS;
	}
	if (run->steps != 0 && (run->steps & RDR_STEP_DB) == 0 && !run->resume)
	{
		rdr_log_error("--failback acts in step -d (the storage rows back to site A)");
		rdr_log_hint("Select -d too, or no step (all of them).");
		return EXIT_BAD_ARGS;
	}
	return EXIT_OK;
}

void
rdr_failback_swap_sites(RdrFailoverRun *run)
{
	char	   *t;

	if (!run->failback || run->sites_swapped)
		return;
	t = run->cfg.main_cluster;
	run->cfg.main_cluster = run->cfg.backup_cluster;
	run->cfg.backup_cluster = t;
	run->cfg.failback = true;
	run->sites_swapped = true;
	rdr_log_info("failback: cluster %s (site B) is left, cluster %s (site A) comes up",
				 run->cfg.main_cluster ? run->cfg.main_cluster : "?",
				 run->cfg.backup_cluster ? run->cfg.backup_cluster : "?");
}

int
rdr_failback_count_steps(const RdrFailoverRun *run)
{
	return run->failback && (run->steps & RDR_STEP_DB) ? 1 : 0;
}

/* log_plan: one line per call, what site A's rows will be. */
static void
log_plan(const RdrFailbackPlan *fb)
{
	for (int i = 0; i < fb->plan.count; i++)
	{
		const RdrFixCall *c = &fb->plan.calls[i];
		const RdrConfDomain *d = c->conf;

		if (c->direct_lun && d->type == RDR_STORAGE_FIBRE)
			rdr_log_info("failback: %s: LUN \"%s\" to \"%s\" on %s", d->name,
						 c->old_lun_id, c->lun.lun_id, d->fc_host);
		else if (c->direct_lun)
			rdr_log_info("failback: %s: LUN \"%s\" to \"%s\" on %s %s", d->name,
						 c->old_lun_id, c->lun.lun_id, d->portal_host, d->iqn);
		else if (d->type == RDR_STORAGE_NFS)
			rdr_log_info("failback: storage domain \"%s\" to export %s", d->name, d->export_path);
		else
			rdr_log_info("failback: storage domain \"%s\": LUN \"%s\" to \"%s\" (PV %s) on %s %s",
						 d->name, c->old_lun_id ? c->old_lun_id : "?", c->lun.lun_id,
						 c->pv_id ? c->pv_id : "(none)", d->portal_host ? d->portal_host : d->fc_host,
						 d->iqn ? d->iqn : "");
	}
}

/*
 * site_a_exports: the failback's preflight of site A's NFS exports, as
 * the failover's checks site B's (preflight_nfs.c): an export that is
 * not there would show only after the commit, as an SPM that never comes
 * up.  False after every missing export is logged.
 */
static bool
site_a_exports(const RdrFailbackPlan *fb)
{
	bool		ok = true;

	for (int i = 0; i < fb->cfg.n_domains; i++)
		if (fb->domains[i].type == RDR_STORAGE_NFS && !rdr_preflight_nfs(&fb->cfg, &fb->domains[i]))
			ok = false;
	return ok;
}

/* which_run: the run to reverse; -1 after the message. */
static long long
which_run(RdrFailoverRun *run)
{
	const RdrStepState *st = NULL;
	int64_t		v;

	if (run->have_state && rdr_runstate_is_done(&run->state, "failback_plan", &st))
	{
		if (strncmp(st->note, "run ", 4) == 0 &&
			rdr_parse_int64(st->note + 4, 1, INT64_MAX, &v))
			return (long long) v;
		rdr_log_error("the state file %s names the failed-back run as \"%s\", not \"run N\"",
					  run->state.path, st->note);
		return -1;
	}
	return rdr_failback_find_run(run->conn, run->from_run);
}

int
rdr_step_failback_plan(RdrFailoverRun *run)
{
	const char *name = "failback_plan";
	double		t0 = rdr_now();
	RdrDbDomains dbd;
	RdrFailbackPlan fb;
	char		note[64];
	bool		ok;

	if (!run->failback)
		return EXIT_OK;
	run->step_no++;
	rdr_progress_step(&run->progress, run->step_no, name);
	if ((run->failback_run = which_run(run)) < 0)
	{
		rdr_step_failed(run, name, t0, "no failover run to fail back; nothing changed");
		return EXIT_PREFLIGHT;
	}
	run->report.failback_of = run->failback_run;
	snprintf(note, sizeof(note), "run %lld", run->failback_run);
	if (run->have_state && rdr_runstate_is_done(&run->state, "storage", NULL))
	{
		rdr_report_step(&run->report, name, "earlier", 0, "done in the interrupted run: run %lld",
						run->failback_run);
		return EXIT_OK;
	}
	if (!rdr_db_read_domains(run->conn, &dbd))
	{
		rdr_step_failed(run, name, t0, "could not read the storage domains; nothing changed");
		return EXIT_PREFLIGHT;
	}
	ok = rdr_failback_make_plan(run->conn, &run->cfg, run->failback_run, &dbd, &fb);
	rdr_db_domains_free(&dbd);
	if (ok && !site_a_exports(&fb))
	{
		rdr_failback_plan_free(&fb);
		rdr_step_failed(run, name, t0, "site A's NFS exports are not all there (errors above); nothing changed");
		return EXIT_PREFLIGHT;
	}
	if (!ok)
	{
		rdr_step_failed(run, name, t0, rdr_interrupted() ? "stopped by the interruption; nothing changed"
						: "site A's storage of run %lld cannot be restored (errors above); nothing changed",
						run->failback_run);
		return EXIT_PREFLIGHT;
	}
	log_plan(&fb);
	if (fb.n_new > 0)
		rdr_report_warning(&run->report, "storage domain(s) created at site B after run %lld: %s; failed back to the site-A mirror of their Storage_Domain line",
						   run->failback_run, fb.new_names);
	if (!rdr_step_done(run, name, t0, note, "run %lld: %d domain(s) from its change log, %d created at site B, %d LUN(s) added at site B, %d direct-LUN disk(s); site A's LUNs found",
					   run->failback_run, fb.n_from_log, fb.n_new, fb.n_new_luns,
					   fb.direct.count + fb.direct_fc.count))
	{
		rdr_failback_plan_free(&fb);
		return EXIT_RUN_STATE;
	}
	rdr_failback_plan_free(&fb);
	return EXIT_OK;
}

bool
rdr_failback_validate(RdrFailoverRun *run)
{
	PGconn	   *conn;
	RdrDbDomains dbd;
	RdrFailbackPlan fb;
	long long	n;
	bool		ok = false;

	if (!run->failback || !(run->steps & RDR_STEP_DB || run->steps == 0))
		return true;
	if ((conn = rdr_db_connect(&run->cfg)) == NULL)
		return false;
	if ((n = rdr_failback_find_run(conn, run->from_run)) > 0 &&
		rdr_db_read_domains(conn, &dbd))
	{
		ok = rdr_failback_make_plan(conn, &run->cfg, n, &dbd, &fb);
		if (ok)
		{
			ok = site_a_exports(&fb);
			log_plan(&fb);
			rdr_failback_plan_free(&fb);
		}
		rdr_db_domains_free(&dbd);
	}
	PQfinish(conn);
	return ok;
}

/* What the failback's first part of the storage transaction needs. */
typedef struct Apply
{
	RdrFailoverRun *run;
	RdrFailbackPlan fb;
} Apply;

/*
 * prepare: the RdrDbPrepare of the failback: the change log's rows marked
 * as a failback's, then the plan made again from the rows as they are
 * inside the transaction.
 */
static bool
prepare(PGconn *conn, RdrDbPrepare *prep, RdrChanges *out, PGresult **resp,
		char *what, size_t whatsize)
{
	Apply	   *a = prep->arg;
	char		app[64];
	const char *v[1] = {app};
	PGresult   *res;
	RdrDbDomains dbd;
	bool		ok;

	(void) out;
	snprintf(app, sizeof(app), RDR_FAILBACK_APP "%lld", a->run->failback_run);
	res = PQexecParams(conn, "SELECT pg_catalog.set_config('application_name', $1, true)",
					   1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		snprintf(what, whatsize, "could not mark the transaction as a failback");
		*resp = res;
		return false;
	}
	PQclear(res);
	if (!rdr_db_read_domains_in(conn, &dbd))
	{
		snprintf(what, whatsize, "could not read the storage domains");
		return false;
	}
	rdr_failback_plan_free(&a->fb);
	ok = rdr_failback_make_plan(conn, &a->run->cfg, a->run->failback_run, &dbd, &a->fb);
	rdr_db_domains_free(&dbd);
	if (!ok)
	{
		snprintf(what, whatsize, "site A's storage of run %lld cannot be restored (errors above)",
				 a->run->failback_run);
		return false;
	}
	/* the calls go to prep, which frees them; their domains stay in a->fb */
	prep->plan = a->fb.plan;
	memset(&a->fb.plan, 0, sizeof(a->fb.plan));
	return true;
}

RdrDbOutcome
rdr_failback_apply(RdrFailoverRun *run, RdrDbBeforeCommit before_commit, void *arg,
				   RdrChanges *out, char *why, size_t whysize)
{
	Apply		a;
	RdrDbPrepare prep;
	RdrDbOutcome o;

	memset(&a, 0, sizeof(a));
	a.run = run;

	/*
	 * the plan's copy of the configuration: its CHAP passwords are masked in
	 * messages
	 */
	a.fb.cfg = run->cfg;
	memset(&prep, 0, sizeof(prep));
	prep.fn = prepare;
	prep.arg = &a;
	memset(out, 0, sizeof(*out));
	o = rdr_db_apply_prepared(&run->conn, &a.fb.cfg, NULL, &prep, run->dry_run, out,
							  before_commit, arg);
	rdr_fix_plan_free(&prep.plan);
	if (a.fb.n_new > 0 && o == RDR_DB_COMMITTED)
		rdr_log_info("storage domain(s) created at site B, now at their site-A mirror: %s", a.fb.new_names);
	rdr_failback_plan_free(&a.fb);
	snprintf(why, whysize, "%s", o == RDR_DB_COMMITTED ? "" : prep.why[0] ? prep.why
			 : "the storage transaction failed");
	return o;
}
