/*-------------------------------------------------------------------------
 *
 * failover_run.h
 *	  One run of rdr-failover: what every step is passed, the exit codes,
 *	  and the bookkeeping around the steps (progress, report, the state
 *	  file of --resume), from the opening of the log to the closing note.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_RUN_H
#define RDR_FAILOVER_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "config.h"
#include "progress.h"
#include "report.h"
#include "rest_client.h"
#include "runstate.h"

/* Exit codes (rdr-failover(1), EXIT STATUS). */
#define EXIT_OK				0
#define EXIT_BAD_ARGS		1
#define EXIT_BAD_CONFIG		2
#define EXIT_PREFLIGHT		3
#define EXIT_RUN_STATE		4
#define EXIT_NICFIX			5
#define EXIT_BACKUP			6
#define EXIT_ENGINE			7
#define EXIT_STORAGE		8
#define EXIT_STORAGE_UNKNOWN 9
#define EXIT_HOSTS			10
#define EXIT_VMS			11
#define EXIT_REPORT			12
/* 128 + the signal, as a shell reports a command a signal ended */
#define EXIT_SIGHUP			(128 + SIGHUP)
#define EXIT_SIGINT			(128 + SIGINT)
#define EXIT_SIGTERM		(128 + SIGTERM)

/*
 * The run's modes, kept with its steps in the state file (above the
 * RDR_STEP_* bits), so that --resume goes on in the same mode.
 */
#define RDR_MODE_PLANNED	0x100
#define RDR_MODE_PAUSE		0x200
#define RDR_MODE_FAILBACK	0x400

/* Everything one run needs, passed to each step. */
typedef struct RdrFailoverRun
{
	RdrConfig	cfg;
	unsigned	steps;
	bool		dry_run;
	bool		resume;
	bool		redo;			/* --redo storage */
	char		redo_runs[256]; /* the storage step's runs, to undo */
	bool		redo_failed;	/* the redo ran and did not commit */
	bool		start_new;		/* --new */
	bool		planned;		/* --planned (failover_planned.c) */
	bool		pause_for_storage;	/* --pause-for-storage */
	bool		failback;		/* --failback (failover_failback.c) */
	long long	from_run;		/* --from-run N, else 0 */
	long long	failback_run;	/* the failover run reversed, once known */
	bool		sites_swapped;	/* main and backup clusters of cfg swapped */
	bool		rehearse;		/* --rehearse (rehearse.c) */
	int			verbosity;		/* of -v and -q (cli_opts.h) */
	const char *report_path;
	const char *config;			/* -c, as given */
	char		abspath[4096];	/* -c, absolute */
	FILE	   *logf;
	RdrRunState state;
	bool		have_state;
	RdrReport	report;
	RdrProgress progress;
	PGconn	   *conn;
	RdrRest    *rest;
	bool		engine_stopped; /* by this process */
	int			wd_fd;			/* working_dir, checked and held open */
	int			step_no;
	int			n_steps;
} RdrFailoverRun;

/* rdr_exit_name: the name of an exit code, for the log and the report. */
extern const char *rdr_exit_name(int code);

/*
 * rdr_failover_harden: no core file and no ptrace by other processes of
 * the same user, umask 077.  First thing in main().
 */
extern void rdr_failover_harden(void);

/*
 * rdr_failover_open: load -c, select the steps the configuration adds,
 * open working_dir and the log, install the signal handlers.  An exit code
 * when that fails (everything opened is closed again), else EXIT_OK.
 */
extern int	rdr_failover_open(RdrFailoverRun *run);

/*
 * rdr_failover_begin: the report and, unless a dry run, the state file
 * (which may resume an interrupted run and so change run->steps); then
 * the configuration checked for those steps.  EXIT_OK or the exit code.
 */
extern int	rdr_failover_begin(RdrFailoverRun *run);

/*
 * rdr_failover_end: after the steps: the exit code a signal imposes, the
 * state file finished, discarded or kept for --resume (with the hint how
 * to go on).  Returns the final exit code.
 */
extern int	rdr_failover_end(RdrFailoverRun *run, int rc);

/*
 * rdr_failover_close: the report (text, and JSON for --report), the
 * closing log line, and everything the run holds freed or closed.
 * Returns rc, or EXIT_REPORT if the JSON report could not be written.
 */
extern int	rdr_failover_close(RdrFailoverRun *run, int rc);

/* rdr_failover_free: the configuration, the log and working_dir closed. */
extern void rdr_failover_free(RdrFailoverRun *run);

/*
 * rdr_stop_here: whether a signal (interrupt.h) ends the run before the
 * step NAME.  Checked between steps, so that an interrupted run stops with
 * every finished step recorded and none half done.
 */
extern bool rdr_stop_here(RdrFailoverRun *run, const char *name);

/*
 * rdr_step_begin: whether the step must run now.  A step finished earlier
 * (resume) is reported as such and skipped.
 */
extern bool rdr_step_begin(RdrFailoverRun *run, const char *name);

/*
 * rdr_step_done: record a finished step (state file, with NOTE, and
 * report).  False when the state file could not be written.
 */
extern bool rdr_step_done(RdrFailoverRun *run, const char *name, double t0,
						  const char *note, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));

/* rdr_step_failed: record a failed step in the report. */
extern void rdr_step_failed(RdrFailoverRun *run, const char *name, double t0,
							const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

#endif							/* RDR_FAILOVER_RUN_H */
