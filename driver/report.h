/*-------------------------------------------------------------------------
 *
 * report.h
 *	  The report of a failover: text on stdout, JSON with --report.
 *
 * It lists each step with its result and duration, every row the
 * storage fix changed (the rdr_change rows, before and after; on
 * --resume after that step, the rows the interrupted run changed, read
 * back from working_dir by changefile.c and marked "earlier"), every
 * host and VM with its final state, and the RTO: from the start of the
 * run to the last VM up.  Passwords inside changed rows (CHAP) are
 * masked.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REPORT_H
#define RDR_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "dbfix.h"
#include "runstate.h"
#include "workflow_plan.h"

typedef struct RdrReportStep
{
	char		name[32];
	char		status[16];		/* done, failed, skipped, earlier, dry-run */
	double		seconds;
	char		message[1024];
} RdrReportStep;

typedef struct RdrReport
{
	char		config[4096];
	time_t		started;		/* wall clock of the (first) start */
	double		t0;				/* monotonic start of this process */
	bool		dry_run;
	bool		resumed;
	RdrReportStep steps[RDR_MAX_STEPS];
	int			n_steps;
	RdrChanges	changes;		/* made by this run (owned) */
	RdrChanges	earlier;		/* made by the interrupted run (owned) */
	bool		have_earlier;	/* --resume read them back */
	char		earlier_runs[128];	/* e.g. "run 5", for the text */
	char		changes_warning[1024];	/* why the earlier rows are missing */
	char		warnings[4][256];	/* settings that weaken the run */
	int			n_warnings;
	RdrWorkflowItem *items;		/* hosts, SPM, VM moves and starts (owned) */
	int			n_items;
	char		backup[4096];
	double		rto;			/* seconds; < 0: no VM was started */
	bool		planned;		/* --planned */
	long long	failback_of;	/* --failback: the failover run reversed, or 0 */
	double		rpo;			/* --planned: last source VM down to the
								 * storage switch; < 0: not measured */
	bool		rehearsal;		/* --rehearse: on a copy, nothing changed */
	double		predicted_rto;	/* --rehearse: seconds; < 0: none */
	int			exit_code;
	char		exit_name[32];
} RdrReport;

extern void rdr_report_init(RdrReport *r, const char *config, bool dry_run);

/* rdr_report_warning: a line of the report's "warnings" (at most 4 kept). */
extern void rdr_report_warning(RdrReport *r, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* rdr_report_step: record a step's outcome (the message is one line). */
extern void rdr_report_step(RdrReport *r, const char *name, const char *status,
							double seconds, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));

/* rdr_report_take_changes: the changed rows (moved into the report). */
extern void rdr_report_take_changes(RdrReport *r, RdrChanges *c);

/*
 * rdr_report_take_earlier_changes: the rows the storage step of the
 * interrupted run changed (moved into the report, marked as earlier and
 * listed before this run's own); runs names their run numbers ("run 5").
 */
extern void rdr_report_take_earlier_changes(RdrReport *r, RdrChanges *c,
											const char *runs);

/*
 * rdr_report_changes_unavailable: the interrupted run's rows could not be
 * read back; the report says why instead of listing them.
 */
extern void rdr_report_changes_unavailable(RdrReport *r, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* rdr_report_add_workflow: the items of a workflow result (copied). */
extern void rdr_report_add_workflow(RdrReport *r, const RdrWorkflowResult *res);

extern void rdr_report_print_text(const RdrReport *r, FILE *out);

/* rdr_report_write_json: the report as JSON to path ("-": stdout). */
extern bool rdr_report_write_json(const RdrReport *r, const char *path);

extern void rdr_report_free(RdrReport *r);

#endif							/* RDR_REPORT_H */
