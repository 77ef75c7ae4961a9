/*-------------------------------------------------------------------------
 *
 * runstate.h
 *	  The run state of rdr-failover in working_dir, for --resume.
 *
 * Each step of a run is recorded as done the moment it finishes, in a
 * file replaced atomically (write, fsync, rename, fsync of the
 * directory), so after a crash, a kill -9 or a Ctrl-C the file names
 * exactly the steps that finished.  --resume continues at the first step
 * not done and never repeats a finished one.  A lock file keeps two
 * rdr-failover processes from running on one working_dir at once.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_RUNSTATE_H
#define RDR_RUNSTATE_H

#include <stdbool.h>
#include <time.h>

#define RDR_MAX_STEPS 16

typedef struct RdrStepState
{
	char		name[32];
	bool		done;
	double		seconds;
	char		note[1024];		/* e.g. the backup file */
} RdrStepState;

typedef struct RdrRunState
{
	int			dir_fd;			/* working_dir, held open by the caller */
	char		dir[4096];		/* its name, for messages */
	char		path[4096];		/* working_dir/rdr-failover.state */
	char		changes_path[4096]; /* working_dir/rdr-failover.changes */
	int			lock_fd;
	char		config[4096];	/* configuration file of the run */
	unsigned	steps;			/* RDR_STEP_* bits of the run */
	time_t		started;
	bool		finished;		/* the whole run completed */
	bool		resumed;		/* this process resumed it */
	RdrStepState step[RDR_MAX_STEPS];
	int			n_steps;
} RdrRunState;

/*
 * rdr_runstate_open: lock working_dir and start a run (resume false) or
 * load the interrupted one (resume true).  A new run is refused while an
 * unfinished one exists, and --resume without one is an error; both say
 * what to do, unless start_new (--new): then the interrupted run's state
 * and changes files are renamed with its start time appended, and a new
 * run starts.  steps and config describe the new run; on resume, they
 * must match the interrupted run's.  A new run removes the changes file
 * (changefile.h) of the finished run before it, as it replaces its state.
 * dir_fd is working_dir opened by rdr_open_dir_safe (safe_file.h); the
 * lock and state files are opened by name in it.
 */
extern bool rdr_runstate_open(RdrRunState *rs, int dir_fd, const char *working_dir,
							  const char *config, unsigned steps, bool resume,
							  bool start_new);

/* rdr_runstate_is_done: the step finished in this run or an earlier one. */
extern bool rdr_runstate_is_done(const RdrRunState *rs, const char *name,
								 const RdrStepState **st);

/*
 * rdr_runstate_mark_done: record a finished step (atomically, on disk); a
 * step recorded before (forgotten, or redone) has its line replaced.
 */
extern bool rdr_runstate_mark_done(RdrRunState *rs, const char *name,
								   double seconds, const char *note);

/*
 * rdr_runstate_forget: the step is to be done again (the engine was
 * started again after a failed storage step, so its stop is undone).
 */
extern bool rdr_runstate_forget(RdrRunState *rs, const char *name);

/* rdr_runstate_finish: the run completed; the next run starts afresh. */
extern bool rdr_runstate_finish(RdrRunState *rs);

/*
 * rdr_runstate_discard: remove the state of a fresh run in which no step
 * finished (a preflight or configuration failure is not an interrupted
 * run: the next run must not need --resume).
 */
extern void rdr_runstate_discard(RdrRunState *rs);

/* rdr_runstate_close: release the lock. */
extern void rdr_runstate_close(RdrRunState *rs);

#endif							/* RDR_RUNSTATE_H */
