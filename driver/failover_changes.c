/*-------------------------------------------------------------------------
 *
 * failover_changes.c
 *	  The storage step of rdr-failover: probe, plan and the one transaction
 *	  of rdr_fix_* calls; and its changed rows, kept in working_dir so that
 *	  a resumed run's report lists them (resume reconciliation).
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changefile.h"
#include "clock.h"
#include "dbfix.h"
#include "failover_changes.h"
#include "interrupt.h"
#include "log.h"
#include "xalloc.h"

/*
 * note_runs: the run numbers of a storage state line's note ("run 5",
 * "runs 5, 6"), as "5" or "5, 6"; NULL when the note is not that (a state
 * file of an older rdr-failover, or edited by hand).
 */
static const char *
note_runs(const char *note)
{
	const char *p;

	if (strncmp(note, "run ", 4) == 0)
		p = note + 4;
	else if (strncmp(note, "runs ", 5) == 0)
		p = note + 5;
	else
		return NULL;
	if (*p < '0' || *p > '9' || strspn(p, "0123456789, ") != strlen(p))
		return NULL;
	return p;
}

/*
 * earlier_changes: on --resume after the storage step, the rows that step
 * changed, read back from working_dir into the report.  A missing or
 * damaged file is only a warning: the failover goes on, and the rows are
 * in the database's rdr_change_log (the state line names the run).
 */
static void
earlier_changes(RdrFailoverRun *run)
{
	const RdrStepState *st = NULL;
	const char *path = run->state.changes_path;
	const char *runs = NULL;
	RdrChanges	c;
	char		why[512];
	char		label[128];

	if (rdr_changefile_load(path, run->state.started, &c, why, sizeof(why)))
	{
		rdr_changes_runs(&c, label, sizeof(label));
		rdr_log_info("%d row(s) changed by the earlier run%s%s%s, read from %s", c.count,
					 label[0] ? " (" : "", label, label[0] ? ")" : "", path);
		rdr_report_take_earlier_changes(&run->report, &c, label);
		return;
	}
	/* the state line of the step: "done storage SECONDS run 5" */
	if (rdr_runstate_is_done(&run->state, "storage", &st))
		runs = note_runs(st->note);
	rdr_log_warning("the rows changed by the earlier run are not listed in this report: could not read \"%s\": %s",
					path, why);
	if (runs)
		rdr_log_hint("They are in the database: SELECT * FROM rdr_change_log WHERE run IN (%s);",
					 runs);
	else
		rdr_log_hint("They are in the database: SELECT run, changed_at, table_name, row_key FROM rdr_change_log ORDER BY id DESC;");
	rdr_report_changes_unavailable(&run->report, "could not read %s: %s; the rows are in rdr_change_log%s%s",
								   path, why, runs ? ", " : "", runs ? st->note : "");
}

/*
 * unrecorded_changes: on --resume with the storage step not done, a
 * changes file of this very failover means the interrupted run committed
 * the fix and was stopped after writing the file but before the state
 * recorded the step.  Those rows are real; they are loaded into *old
 * (left empty when there is no such file: the usual case, nothing said).
 */
static void
unrecorded_changes(RdrFailoverRun *run, RdrChanges *old)
{
	char		why[512];

	memset(old, 0, sizeof(*old));
	if (!run->have_state || !run->state.resumed || run->dry_run)
		return;
	if (!rdr_changefile_load(run->state.changes_path, run->state.started, old,
							 why, sizeof(why)))
		memset(old, 0, sizeof(*old));
}

/*
 * save_changes: write the rows of the storage step to working_dir: old
 * (see unrecorded_changes) first, then this run's.
 */
static bool
save_changes(RdrFailoverRun *run, const RdrChanges *old, const RdrChanges *changes)
{
	RdrChanges	all;
	bool		ok;

	if (old->count == 0)
		return rdr_changefile_save(run->state.changes_path, run->state.started, changes);
	/* a shallow copy: the rows stay owned by old and changes */
	all.count = old->count + changes->count;
	all.items = xmalloc(sizeof(RdrChange) * (size_t) all.count);
	memcpy(all.items, old->items, sizeof(RdrChange) * (size_t) old->count);
	if (changes->count > 0)
		memcpy(all.items + old->count, changes->items,
			   sizeof(RdrChange) * (size_t) changes->count);
	ok = rdr_changefile_save(run->state.changes_path, run->state.started, &all);
	free(all.items);
	return ok;
}

int
rdr_step_storage(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	RdrDbDomains dbd;
	RdrFixPlan	plan;
	RdrChanges	changes;
	RdrChanges	old;
	RdrDbOutcome o;
	int			n;
	char		runs[128];

	if (!rdr_step_begin(run, "storage"))
	{
		earlier_changes(run);
		return EXIT_OK;
	}
	if (!rdr_db_read_domains(run->conn, &dbd))
	{
		rdr_step_failed(run, "storage", t0, "could not read the storage domains");
		return EXIT_STORAGE;
	}
	rdr_progress_count(&run->progress, 0, run->cfg.n_domains, "domains probed");
	if (!rdr_db_plan(&run->cfg, &dbd, &plan))
	{
		rdr_db_domains_free(&dbd);
		rdr_step_failed(run, "storage", t0, rdr_interrupted() ?
					"stopped by the interruption while probing; nothing changed" :
					"probing or matching the site-B storage failed; nothing changed");
		return EXIT_STORAGE;
	}
	rdr_db_domains_free(&dbd);
	rdr_progress_count(&run->progress, run->cfg.n_domains, run->cfg.n_domains, "domains probed");
	o = rdr_db_apply(&run->conn, &run->cfg, &plan, run->dry_run, &changes);
	rdr_fix_plan_free(&plan);
	if (o != RDR_DB_COMMITTED)
	{
		rdr_step_failed(run, "storage", t0, o == RDR_DB_UNKNOWN ?
					"connection lost during COMMIT: outcome unknown" :
					"transaction rolled back: no storage row changed");
		return o == RDR_DB_UNKNOWN ? EXIT_STORAGE_UNKNOWN : EXIT_STORAGE;
	}
	n = changes.count;
	rdr_changes_runs(&changes, runs, sizeof(runs));

	/*
	 * The rows go to working_dir before the state says "done storage", so
	 * a resumed run's report can list them.  Not being able to write them
	 * must not stop a failover whose database fix is committed.
	 */
	unrecorded_changes(run, &old);
	if (run->have_state && !save_changes(run, &old, &changes))
		rdr_log_hint("The failover goes on; a resumed run's report will not list the changed rows, which are in rdr_change_log%s%s.",
					 runs[0] ? ", " : "", runs);
	if (old.count > 0)
	{
		char		label[128];

		rdr_changes_runs(&old, label, sizeof(label));
		rdr_log_info("%d row(s) committed by the interrupted run (%s) before it could record the storage step: kept in %s",
					 old.count, label, run->state.changes_path);
		rdr_report_take_earlier_changes(&run->report, &old, label);
	}
	rdr_changes_free(&old);
	rdr_report_take_changes(&run->report, &changes);
	return rdr_step_done(run, "storage", t0, runs, "%d domain(s), %d row change(s)%s%s%s",
					 run->cfg.n_domains, n, run->dry_run ? " planned, rolled back" : " committed",
					 !run->dry_run && runs[0] ? ", " : "", run->dry_run ? "" : runs)
		? EXIT_OK : EXIT_RUN_STATE;
}
