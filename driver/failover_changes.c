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
#include <unistd.h>

#include "changefile.h"
#include "clock.h"
#include "dbfix.h"
#include "direct_lun_plan.h"
#include "failover_changes.h"
#include "failover_failback.h"
#include "interrupt.h"
#include "log.h"
#include "numparse.h"
#include "storage_redo.h"
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

/* What the storage step's before-COMMIT hook needs. */
typedef struct PreCommit
{
	RdrFailoverRun *run;
	const RdrChanges *old;		/* rows of an interrupted run, kept */
	bool		saved;			/* the changes file was written */
} PreCommit;

/*
 * record_before_commit: the rows of the storage transaction go to
 * working_dir just before COMMIT (rdr_db_apply's hook): rows that are
 * committed are then always on disk, even when the disk fills right
 * after, and a resumed run lists them.  A file that cannot be written
 * rolls the transaction back: nothing changes that rdr could not record.
 */
static bool
record_before_commit(void *arg, const RdrChanges *rows)
{
	PreCommit  *pc = arg;

	if (!save_changes(pc->run, pc->old, rows))
	{
		rdr_log_detail("rdr-failover records the rows it changes in working_dir before it commits them; the storage transaction is rolled back.");
		rdr_log_hint("Free some space on the file system of \"%s\", then run rdr-failover again.",
					 pc->run->cfg.working_dir);
		return false;
	}
	pc->saved = true;
	return true;
}

/*
 * forget_changes: the transaction did not commit (or may not have): the
 * changes file written before COMMIT goes, or back to the interrupted
 * run's rows alone.  For an unknown outcome the rows, if committed, are
 * in rdr_change_log, as the message of dbfix.c says.
 */
static void
forget_changes(RdrFailoverRun *run, const RdrChanges *old)
{
	RdrChanges	none = {0};

	if (old->count > 0 ? !save_changes(run, old, &none)
		: !rdr_changefile_remove(run->state.changes_path))
		rdr_log_warning("\"%s\" may list rows of a transaction that did not commit",
						run->state.changes_path);
}

/*
 * storage_unrecorded: the fix is committed, but the state file could not
 * say so (say the disk filled right after COMMIT).  The run stops with the
 * engine stopped, and says exactly that: the rows are committed and on
 * disk, and --resume lists them and goes on.
 */
static void
storage_unrecorded(RdrFailoverRun *run, int n, const char *runs)
{
	rdr_log_error("the storage fix is committed, but the state file could not record it");
	rdr_log_detail("%d row(s) changed%s%s%s, listed in \"%s\" and in the report.  The engine is left stopped: rdr-failover stops when it cannot record its progress.",
				   n, runs[0] ? " (" : "", runs, runs[0] ? ")" : "",
				   run->state.changes_path);
	rdr_log_hint("Free some space on the file system of \"%s\", then run rdr-failover --resume: it finds the rows changed, lists them, starts the engine and goes on.",
				 run->cfg.working_dir);
	rdr_report_warning(&run->report, "the storage fix is committed (%d row(s)%s%s) but the state file could not record it; the engine is left stopped; free space in working_dir and run --resume",
					   n, runs[0] ? ", " : "", runs);
}

/* test_pause_after_commit: RDR_TEST_PAUSE_AFTER_COMMIT=SECONDS (tests). */
static void
test_pause_after_commit(void)
{
	const char *pause = getenv("RDR_TEST_PAUSE_AFTER_COMMIT");
	int			secs = 0;

	if (pause && !rdr_parse_int(pause, 0, 3600, &secs))
		rdr_log_warning("RDR_TEST_PAUSE_AFTER_COMMIT=\"%s\" is not a number of seconds (0 to 3600): ignored",
						pause);
	else if (secs > 0)
	{
		rdr_log_info("test pause: %d s after COMMIT of the storage transaction", secs);
		sleep((unsigned) secs);
	}
}

/*
 * step_storage_redo: --redo storage: the earlier run(s) undone and the
 * storage fixed again in one transaction (storage_redo.h), its rows
 * recorded before COMMIT as a first fix's are; the state line of the step
 * then names every run of the chain, so that a later redo undoes them
 * all.
 */
static int
step_storage_redo(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	RdrChanges	changes;
	RdrChanges	old;
	RdrDbOutcome o;
	PreCommit	pc;
	char		why[1024];
	char		runs[128];
	char		note[512];
	const char *nums;
	int			n;

	/* the first fix's rows stay listed, before the redo's */
	unrecorded_changes(run, &old);
	pc.run = run;
	pc.old = &old;
	pc.saved = false;
	o = rdr_storage_redo(&run->conn, &run->cfg, run->redo_runs, record_before_commit, &pc,
						 &changes, why, sizeof(why));
	if (o != RDR_DB_COMMITTED)
	{
		if (pc.saved)
			forget_changes(run, &old);
		rdr_changes_free(&old);
		run->redo_failed = true;
		rdr_step_failed(run, "storage", t0, "redo %s: %s", o == RDR_DB_UNKNOWN ?
						"outcome unknown, connection lost during COMMIT" :
						"rolled back, no storage row changed", why);
		return o == RDR_DB_UNKNOWN ? EXIT_STORAGE_UNKNOWN : EXIT_STORAGE;
	}
	test_pause_after_commit();
	n = changes.count;
	/* "run 7" or "runs 7, 8": the numbers go after the redone runs */
	rdr_changes_runs(&changes, runs, sizeof(runs));
	nums = runs + strcspn(runs, " ");
	nums += strspn(nums, " ");
	snprintf(note, sizeof(note), "runs %s%s%s", run->redo_runs,
			 run->redo_runs[0] && nums[0] ? ", " : "", nums);
	if (strcmp(note, "runs ") == 0)
		note[0] = '\0';
	if (old.count > 0)
	{
		char		label[128];

		rdr_changes_runs(&old, label, sizeof(label));
		rdr_report_take_earlier_changes(&run->report, &old, label);
	}
	rdr_changes_free(&old);
	rdr_report_take_changes(&run->report, &changes);
	if (!rdr_step_done(run, "storage", t0, note, "redone: run(s) %s undone, %d domain(s) fixed again, %d row change(s) committed%s%s",
					   run->redo_runs[0] ? run->redo_runs : "(none)", run->cfg.n_domains,
					   n, runs[0] ? ", " : "", runs))
	{
		storage_unrecorded(run, n, runs);
		return EXIT_RUN_STATE;
	}
	return EXIT_OK;
}

/*
 * step_storage_failback: --failback: the reverse plan and its calls in one
 * transaction (failover_failback.h), the rows recorded before COMMIT as a
 * failover's are.
 */
static int
step_storage_failback(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	RdrChanges	changes;
	RdrChanges	old;
	RdrDbOutcome o;
	PreCommit	pc;
	char		why[1024];
	char		runs[128];
	int			n;

	unrecorded_changes(run, &old);
	pc.run = run;
	pc.old = &old;
	pc.saved = false;
	o = rdr_failback_apply(run, run->have_state && !run->dry_run ? record_before_commit : NULL,
						   &pc, &changes, why, sizeof(why));
	if (o != RDR_DB_COMMITTED)
	{
		if (pc.saved)
			forget_changes(run, &old);
		rdr_changes_free(&old);
		rdr_step_failed(run, "storage", t0, "failback of run %lld %s: %s", run->failback_run,
						o == RDR_DB_UNKNOWN ? "outcome unknown, connection lost during COMMIT" :
						"rolled back, no storage row changed", why);
		return o == RDR_DB_UNKNOWN ? EXIT_STORAGE_UNKNOWN : EXIT_STORAGE;
	}
	if (!run->dry_run)
		test_pause_after_commit();
	n = changes.count;
	rdr_changes_runs(&changes, runs, sizeof(runs));
	if (old.count > 0)
	{
		char		label[128];

		rdr_changes_runs(&old, label, sizeof(label));
		rdr_report_take_earlier_changes(&run->report, &old, label);
	}
	rdr_changes_free(&old);
	rdr_report_take_changes(&run->report, &changes);
	if (!rdr_step_done(run, "storage", t0, runs, "failback of run %lld: %d row change(s)%s%s%s",
					   run->failback_run, n, run->dry_run ? " planned, rolled back" : " committed",
					   !run->dry_run && runs[0] ? ", " : "", run->dry_run ? "" : runs))
	{
		storage_unrecorded(run, n, runs);
		return EXIT_RUN_STATE;
	}
	return EXIT_OK;
}

int
rdr_step_storage(RdrFailoverRun *run)
{
	double		t0 = rdr_now();
	RdrDbDomains dbd;
	RdrFixPlan	plan;
	RdrForwardDirect direct;
	RdrChanges	changes;
	RdrChanges	old;
	RdrDbOutcome o;
	PreCommit	pc;
	int			n;
	char		runs[128];

	if (!rdr_step_begin(run, "storage"))
	{
		earlier_changes(run);
		return EXIT_OK;
	}
	if (run->redo)
		return step_storage_redo(run);
	if (run->failback)
		return step_storage_failback(run);
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
	if (!rdr_direct_lun_plan(run->conn, &run->cfg, false, &plan, &direct))
	{
		rdr_fix_plan_free(&plan);
		rdr_step_failed(run, "storage", t0, rdr_interrupted() ?
						"stopped by the interruption while probing; nothing changed" :
						"probing the site-B mirrors of the direct-LUN disks failed; nothing changed");
		return EXIT_STORAGE;
	}
	rdr_progress_count(&run->progress, run->cfg.n_domains, run->cfg.n_domains, "domains probed");
	unrecorded_changes(run, &old);
	pc.run = run;
	pc.old = &old;
	pc.saved = false;
	o = rdr_db_apply(&run->conn, &run->cfg, &plan, run->dry_run, &changes,
					 run->have_state && !run->dry_run ? record_before_commit : NULL, &pc);
	rdr_fix_plan_free(&plan);
	rdr_forward_direct_free(&direct);
	if (o != RDR_DB_COMMITTED)
	{
		if (pc.saved)
			forget_changes(run, &old);
		rdr_changes_free(&old);
		rdr_step_failed(run, "storage", t0, o == RDR_DB_UNKNOWN ?
						"connection lost during COMMIT: outcome unknown" :
						"transaction rolled back: no storage row changed");
		return o == RDR_DB_UNKNOWN ? EXIT_STORAGE_UNKNOWN : EXIT_STORAGE;
	}
	if (!run->dry_run)
		test_pause_after_commit();
	n = changes.count;
	rdr_changes_runs(&changes, runs, sizeof(runs));
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
	if (!rdr_step_done(run, "storage", t0, runs, "%d domain(s), %d row change(s)%s%s%s",
					   run->cfg.n_domains, n, run->dry_run ? " planned, rolled back" : " committed",
					   !run->dry_run && runs[0] ? ", " : "", run->dry_run ? "" : runs))
	{
		storage_unrecorded(run, n, runs);
		return EXIT_RUN_STATE;
	}
	return EXIT_OK;
}
