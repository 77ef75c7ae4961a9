/*-------------------------------------------------------------------------
 *
 * rehearse.c
 *	  rdr-failover --rehearse (issue 18): a dress rehearsal of the whole
 *	  failover on the operator's own data, touching nothing of production.
 *
 *	  preflight		a real run's checks, the storage probes included; the
 *					production manager's API is not contacted at all
 *	  backup		pg_dump of the production database (read only; the
 *					engine keeps running)
 *	  copy			initdb in working_dir (unix socket only), pg_restore,
 *					CREATE EXTENSION rdr (rehearse_pg.c)
 *	  manager		rdr-sim --from-db on the copy, site A's hosts lost,
 *					REHEARSAL's delays (rehearse_sim.c)
 *	  storage		a real run's storage step on the copy: probes of site
 *					B, rdr_fix_* committed there
 *	  engine_start	until the rehearsal manager's API answers
 *	  hosts, vms	a real run's steps against the rehearsal manager
 *	  teardown		manager stopped, cluster stopped and removed, the dump
 *					removed: also after a failure or a signal
 *
 * From the storage step on, the configuration's DB and API settings are
 * replaced by the copy's and the rehearsal manager's, so that the step
 * code of a real run runs unchanged and cannot reach production.  No run
 * state is written (a rehearsal is never resumed, and must not look like
 * an interrupted failover to the next real run).
 *
 * The predicted RTO is the time of the steps a real failover has
 * (preflight, backup, storage, engine start, hosts, VMs), the manager's
 * steps divided by REHEARSAL time_scale: with time_scale 1 it is what
 * this rehearsal measured.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "backup.h"
#include "clock.h"
#include "dbfix.h"
#include "failover_changes.h"
#include "failover_engine.h"
#include "failover_workflow.h"
#include "interrupt.h"
#include "log.h"
#include "preflight.h"
#include "rehearse.h"
#include "rehearse_pg.h"
#include "rehearse_sim.h"
#include "xalloc.h"

#define REHEARSAL_STEPS 9

/* What one rehearsal holds, torn down at its end. */
typedef struct Rehearsal
{
	RdrRehearsePg pg;
	RdrRehearseSim sim;
	char		dump[4096];		/* the production dump in working_dir */
	char		dbname[256];
	int			api_version;
} Rehearsal;

static void
step_start(RdrFailoverRun *run, const char *name)
{
	run->step_no++;
	rdr_progress_step(&run->progress, run->step_no, name);
	rdr_log_verbose("rehearsal step %s: starting", name);
}

/* preflight: a real run's checks; the manager's API is never contacted. */
static int
step_preflight(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	char	   *api = run->cfg.api_host;
	int			problems = 0;
	bool		ok;

	step_start(run, "preflight");
	run->cfg.api_host = NULL;
	ok = rdr_preflight(&run->cfg, run->steps, &problems);
	run->cfg.api_host = api;
	if (!ok)
	{
		rdr_step_failed(run, "preflight", t0, rdr_interrupted() ?
						"stopped by the interruption; nothing changed" :
						"%d problem(s); nothing changed", problems);
		return EXIT_PREFLIGHT;
	}
	rdr_step_done(run, "preflight", t0, NULL, "no problem found (the production manager was not contacted)");
	return EXIT_OK;
}

/* backup: pg_dump of production, read only, into working_dir. */
static int
step_backup(RdrFailoverRun *run, Rehearsal *r)
{
	double		t0 = rdr_now();
	PGconn	   *conn;
	bool		ok;

	step_start(run, "backup");
	if ((conn = rdr_db_connect(&run->cfg)) == NULL)
	{
		rdr_step_failed(run, "backup", t0, "could not connect to the production database");
		return EXIT_BACKUP;
	}
	snprintf(r->dbname, sizeof(r->dbname), "%s", PQdb(conn));
	ok = rdr_backup_take(&run->cfg, conn, run->wd_fd, r->dump, sizeof(r->dump));
	PQfinish(conn);
	if (!ok)
	{
		r->dump[0] = '\0';
		rdr_step_failed(run, "backup", t0, "pg_dump of the production database failed; nothing changed");
		return EXIT_BACKUP;
	}
	rdr_step_done(run, "backup", t0, NULL, "pg_dump of production database \"%s\" (read only)", r->dbname);
	return EXIT_OK;
}

/* api_version_of_copy: 4 for an oVirt 4 schema (table cluster), else 3. */
static int
api_version_of_copy(const Rehearsal *r)
{
	char		ci[1400];
	PGconn	   *conn;
	PGresult   *res;
	int			v = 3;

	rdr_rehearse_pg_conninfo(&r->pg, r->dbname, ci, sizeof(ci));
	conn = PQconnectdb(ci);
	res = PQexec(conn, "SELECT pg_catalog.to_regclass('public.cluster') IS NOT NULL");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "t") == 0)
		v = 4;
	PQclear(res);
	PQfinish(conn);
	return v;
}

/* copy: the throwaway cluster with the dump restored; the dump removed. */
static int
step_copy(RdrFailoverRun *run, Rehearsal *r)
{
	double		t0 = rdr_now();
	bool		ok;

	step_start(run, "copy");
	ok = rdr_rehearse_pg_create(&r->pg, &run->cfg, run->wd_fd) &&
		rdr_rehearse_pg_restore(&r->pg, r->dump, r->dbname);
	if (unlink(r->dump) == 0)
		r->dump[0] = '\0';
	if (!ok)
	{
		rdr_step_failed(run, "copy", t0, rdr_interrupted() ? "stopped by the interruption" :
						"the throwaway copy could not be made (see above)");
		return EXIT_BACKUP;
	}
	r->api_version = api_version_of_copy(r);
	rdr_step_done(run, "copy", t0, NULL, "restored into a throwaway cluster in %s", r->pg.dir);
	return EXIT_OK;
}

/* replace: a configuration string by a copy of value (or NULL). */
static void
replace(char **field, const char *value)
{
	if (*field && strcmp(*field, value ? value : "") != 0)
		explicit_bzero(*field, strlen(*field));
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

/*
 * manager: rdr-sim --from-db on the copy; from here on the DB and API
 * settings are the copy's and the rehearsal manager's.
 */
static int
step_manager(RdrFailoverRun *run, Rehearsal *r)
{
	double		t0 = rdr_now();
	char		ci[1400];
	RdrConfig  *cfg = &run->cfg;

	step_start(run, "manager");
	rdr_rehearse_pg_conninfo(&r->pg, r->dbname, ci, sizeof(ci));
	if (!rdr_rehearse_sim_start(&r->sim, cfg, r->pg.dir, ci, r->api_version))
	{
		rdr_step_failed(run, "manager", t0, rdr_interrupted() ? "stopped by the interruption" :
						"the rehearsal manager did not start (see above)");
		return EXIT_ENGINE;
	}
	replace(&cfg->db_host, r->pg.dir);
	cfg->db_port = RDR_REHEARSE_PG_PORT;
	replace(&cfg->db_user, "postgres");
	replace(&cfg->db_password, NULL);
	replace(&cfg->db_name, r->dbname);
	replace(&cfg->db_conninfo, NULL);
	replace(&cfg->api_host, "127.0.0.1");
	cfg->api_port = r->sim.https_port;
	replace(&cfg->api_base, NULL);
	replace(&cfg->api_user, "admin@internal");
	replace(&cfg->api_password, r->sim.password);
	replace(&cfg->api_ca_file, r->sim.cert);
	replace(&cfg->api_pinned_pubkey, NULL);
	replace(&cfg->api_tls_min, "1.2");
	cfg->api_insecure = false;
	rdr_step_done(run, "manager", t0, NULL, "rdr-sim --from-db (API v%d) on the copy, cluster %s lost",
				  r->api_version, cfg->main_cluster);
	return EXIT_OK;
}

/* storage: a real run's storage step, on the copy. */
static int
step_storage(RdrFailoverRun *run)
{
	int			rc;

	step_start(run, "storage");
	run->step_no--;				/* rdr_step_storage counts itself */
	if ((run->conn = rdr_db_connect(&run->cfg)) == NULL || !rdr_db_check_extension(run->conn))
		return EXIT_STORAGE;
	rdr_interrupt_set_socket(PQsocket(run->conn));
	rc = rdr_step_storage(run);
	rdr_interrupt_set_socket(-1);
	PQfinish(run->conn);
	run->conn = NULL;
	return rc;
}

/* engine_start: the rehearsal manager's API answers (its start-up delay). */
static int
step_engine_start(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	const char *why;

	step_start(run, "engine_start");
	if (!rdr_wait_api(run, &why))
	{
		rdr_step_failed(run, "engine_start", t0, "%s", rdr_interrupted() ?
						"stopped by the interruption while waiting for the API" : why);
		return EXIT_ENGINE;
	}
	rdr_step_done(run, "engine_start", t0, NULL, "the rehearsal manager's API answers");
	return EXIT_OK;
}

/* predicted_rto: see the file's comment. */
static double
predicted_rto(const RdrFailoverRun *run)
{
	static const char *const manager_steps[] = {"engine_start", "hosts", "vms", NULL};
	static const char *const real_steps[] = {"preflight", "backup", "storage", NULL};
	double		scale = run->cfg.rh_time_scale > 0 ? run->cfg.rh_time_scale : 1;
	double		t = 0;

	for (int i = 0; i < run->report.n_steps; i++)
	{
		const RdrReportStep *s = &run->report.steps[i];

		for (int k = 0; real_steps[k]; k++)
			if (strcmp(s->name, real_steps[k]) == 0)
				t += s->seconds;
		for (int k = 0; manager_steps[k]; k++)
			if (strcmp(s->name, manager_steps[k]) == 0)
				t += s->seconds / scale;
	}
	return t;
}

static void
teardown(RdrFailoverRun *run, Rehearsal *r)
{
	double		t0 = rdr_now();

	if (run->rest)
	{
		rdr_rest_close(run->rest);
		run->rest = NULL;
	}
	rdr_rehearse_sim_stop(&r->sim);
	rdr_rehearse_pg_destroy(&r->pg);
	if (r->dump[0] && unlink(r->dump) != 0)
		rdr_log_warning("rehearsal: could not remove the dump \"%s\": %m", r->dump);
	rdr_report_step(&run->report, "teardown", "done", rdr_now() - t0,
					"rehearsal manager stopped, throwaway cluster and dump removed");
}

int
rdr_rehearse(RdrFailoverRun *run)
{
	Rehearsal	r;
	int			rc;

	memset(&r, 0, sizeof(r));
	if (run->steps & RDR_STEP_NIC)
		rdr_log_notice("rehearsal: the NIC step (-n) is not rehearsed: it changes this host's files");
	run->steps &= RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS;
	run->steps |= RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS;
	rdr_report_init(&run->report, run->abspath, false);
	run->report.rehearsal = true;
	if (!rdr_config_check_steps(&run->cfg, run->steps))
		return EXIT_BAD_CONFIG;
	rdr_log_info("rdr-failover %s: rehearsal with %s", RDR_VERSION, run->abspath);
	rdr_progress_init(&run->progress, REHEARSAL_STEPS);
	if ((rc = step_preflight(run)) == EXIT_OK && (rc = step_backup(run, &r)) == EXIT_OK &&
		(rc = step_copy(run, &r)) == EXIT_OK && (rc = step_manager(run, &r)) == EXIT_OK &&
		(rc = step_storage(run)) == EXIT_OK && (rc = step_engine_start(run)) == EXIT_OK &&
		(rc = rdr_step_hosts(run)) == EXIT_OK)
		rc = rdr_step_vms(run);
	teardown(run, &r);
	if (rdr_interrupted())
		rc = rdr_interrupt_exit_code();
	run->report.predicted_rto = rc == EXIT_OK ? predicted_rto(run) : -1;
	/* the measured one counts the copy's making: not a failover's time */
	run->report.rto = -1;
	if (rc == EXIT_OK)
		rdr_log_info("rehearsal: predicted RTO %.1f s", run->report.predicted_rto);
	return rc;
}
