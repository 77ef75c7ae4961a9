/*-------------------------------------------------------------------------
 *
 * failover_run.c
 *	  The bookkeeping of one rdr-failover run around its steps: log and
 *	  working_dir, the state file of --resume, progress and report, and
 *	  the exit code with the hint how to go on.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "failover_run.h"
#include "interrupt.h"
#include "log.h"
#include "safe_file.h"
#include "storage_redo.h"

const char *
rdr_exit_name(int code)
{
	switch (code)
	{
		case EXIT_OK:
			return "ok";
		case EXIT_BAD_ARGS:
			return "bad arguments";
		case EXIT_BAD_CONFIG:
			return "bad configuration";
		case EXIT_PREFLIGHT:
			return "preflight failed";
		case EXIT_RUN_STATE:
			return "run state";
		case EXIT_NICFIX:
			return "nicfix failed";
		case EXIT_BACKUP:
			return "backup failed";
		case EXIT_ENGINE:
			return "engine failed";
		case EXIT_STORAGE:
			return "storage fix failed";
		case EXIT_STORAGE_UNKNOWN:
			return "storage outcome unknown";
		case EXIT_HOSTS:
			return "hosts failed";
		case EXIT_VMS:
			return "vms failed";
		case EXIT_REPORT:
			return "report failed";
		case EXIT_SIGHUP:
			return "interrupted by SIGHUP";
		case EXIT_SIGINT:
			return "interrupted by SIGINT";
		case EXIT_SIGTERM:
			return "interrupted by SIGTERM";
	}
	return "?";
}

/*
 * rdr_failover_harden: a core of this process holds the API and DB
 * passwords.
 */
void
rdr_failover_harden(void)
{
	struct rlimit rl = {0, 0};

	(void) setrlimit(RLIMIT_CORE, &rl);
	(void) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* every file rdr writes (log, backup, state, report) is for root only */
	umask(077);
}

/*
 * open_log: the log file, in working_dir (held open as wd_fd) unless
 * absolute.  Appended to, so it may exist, but never through a symlink,
 * and only if it is a file of ours with no other name (a hard link
 * planted to a victim file).
 */
static FILE *
open_log(const RdrConfig *cfg, int wd_fd)
{
	char		path[8192];
	FILE	   *f;
	int			fd;
	int			flags = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
	struct stat st;

	if (cfg->logfile[0] == '/')
	{
		snprintf(path, sizeof(path), "%s", cfg->logfile);
		fd = open(path, flags, 0600);
	}
	else
	{
		snprintf(path, sizeof(path), "%s/%s", cfg->working_dir, cfg->logfile);
		fd = openat(wd_fd, cfg->logfile, flags, 0600);
	}
	if (fd < 0)
	{
		rdr_log_error("could not open log file \"%s\": %s", path,
					  errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1)
	{
		rdr_log_error("log file \"%s\" is not a regular file with one name", path);
		rdr_log_hint("Remove it, or set CONFIG logfile to another file.");
		close(fd);
		return NULL;
	}
	if (!rdr_check_owner(&st, path, "log file"))
	{
		close(fd);
		return NULL;
	}
	if (fcntl(fd, F_SETFL, O_APPEND) != 0 || (f = fdopen(fd, "a")) == NULL)
	{
		rdr_log_error("could not open log file \"%s\": %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

/* close_log: the log back to stderr only, working_dir released. */
static void
close_log(RdrFailoverRun *run)
{
	rdr_log_set_file(NULL);
	fclose(run->logf);
	close(run->wd_fd);
}

int
rdr_failover_open(RdrFailoverRun *run)
{
	if (!rdr_config_load(run->config, &run->cfg))
	{
		rdr_config_free(&run->cfg);
		return EXIT_BAD_CONFIG;
	}
	/* the seed's CONFIG quiet is -q, unless -v or -q was given */
	if (run->cfg.quiet && run->verbosity == 0)
		rdr_log_set_level(RDR_LOG_QUIET);
	/* the seed's CONFIG fix_db etc. select steps as its options do */
	if (!run->resume)
		run->steps |= rdr_config_seed_steps(&run->cfg);
	if (run->steps == 0 && !run->resume)
		run->steps = RDR_STEP_ALL;
	/* all steps by default: -n only if there is something to rename */
	if (!run->resume && run->steps == RDR_STEP_ALL && run->cfg.n_nics == 0)
		run->steps &= ~RDR_STEP_NIC;
	/* working_dir is checked once and then only used through this fd */
	run->wd_fd = rdr_open_dir_safe(run->cfg.working_dir, true, "working_dir");
	if (run->wd_fd < 0 || (run->logf = open_log(&run->cfg, run->wd_fd)) == NULL)
	{
		if (run->wd_fd >= 0)
			close(run->wd_fd);
		rdr_config_free(&run->cfg);
		return EXIT_BAD_CONFIG;
	}
	rdr_log_set_file(run->logf);
	rdr_config_log_notices(&run->cfg);
	if (realpath(run->config, run->abspath) == NULL)
		snprintf(run->abspath, sizeof(run->abspath), "%s", run->config);

	/*
	 * From here on, Ctrl-C, SIGTERM and SIGHUP stop the run cleanly
	 * (interrupt.h) instead of killing it with a child left running.
	 */
	if (!rdr_interrupt_install())
	{
		close_log(run);
		rdr_config_free(&run->cfg);
		return EXIT_RUN_STATE;
	}
	return EXIT_OK;
}

int
rdr_failover_begin(RdrFailoverRun *run)
{
	rdr_report_init(&run->report, run->abspath, run->dry_run);
	if (!run->dry_run)
	{
		if (!rdr_runstate_open(&run->state, run->wd_fd, run->cfg.working_dir, run->abspath,
							   run->steps | (run->resume ? 0 : (run->planned ? RDR_MODE_PLANNED : 0) |
											 (run->pause_for_storage ? RDR_MODE_PAUSE : 0) |
											 (run->failback ? RDR_MODE_FAILBACK : 0)),
							   run->resume, run->start_new))
			return EXIT_RUN_STATE;
		run->have_state = true;
		if (run->redo && !rdr_storage_redo_begin(&run->state, run->config, run->redo_runs,
												 sizeof(run->redo_runs)))
			return EXIT_RUN_STATE;

		/*
		 * a resumed run goes on in the mode it began in (pausing if asked
		 * now)
		 */
		run->planned = (run->state.steps & RDR_MODE_PLANNED) != 0;
		run->pause_for_storage = run->planned &&
			(run->pause_for_storage || (run->state.steps & RDR_MODE_PAUSE) != 0);
		run->failback = (run->state.steps & RDR_MODE_FAILBACK) != 0;
		run->steps = run->state.steps & RDR_STEP_ALL;
		run->report.resumed = run->state.resumed;
		if (run->state.resumed)
			run->report.started = run->state.started;
	}
	if (!rdr_config_check_steps(&run->cfg, run->steps))
	{
		if (run->have_state)
			rdr_runstate_discard(&run->state);
		return EXIT_BAD_CONFIG;
	}
	return EXIT_OK;
}

/*
 * resume_hint: how to go on after a failed or interrupted run whose state
 * file is kept.  --resume never repeats a finished step: when the storage
 * step is done, a mistake in a Storage_Domain line needs --redo storage,
 * which undoes the committed rows and fixes them again (a new run could
 * not: an iSCSI or fibre LUN row is no longer site A's).
 */
static void
resume_hint(RdrFailoverRun *run, int rc)
{
	const char *config = run->config;

	if (run->redo_failed)
		rdr_log_hint(rc != EXIT_STORAGE_UNKNOWN ?
					 "The redo was rolled back, nothing changed.  Correct the cause, then run rdr-failover -c %s --resume --redo storage again." :
					 "Run rdr-failover -c %s --resume --redo storage again: a redo that did commit is found in rdr_change_log and undone with the first fix.",
					 config);
	else if (!rdr_interrupted() && rc != EXIT_STORAGE && rc != EXIT_STORAGE_UNKNOWN &&
			 rdr_runstate_is_done(&run->state, "storage", NULL))
		rdr_log_hint("Fix the cause, then run rdr-failover -c %s --resume to continue at the failed step; "
					 "if the cause is a Storage_Domain line, correct it and run rdr-failover -c %s --resume --redo storage "
					 "(--resume alone does not repeat the storage step; the redo undoes its rows and fixes them again).",
					 config, config);
	else
		rdr_log_hint(rdr_interrupted() ? "Run rdr-failover -c %s --resume to continue at the interrupted step."
					 : "Fix the cause, then run rdr-failover -c %s --resume to continue at the failed step.",
					 config);
}

int
rdr_failover_end(RdrFailoverRun *run, int rc)
{
	rdr_progress_clear(&run->progress);
	if (rc != EXIT_OK && rdr_interrupted())
		rc = rdr_interrupt_exit_code();
	else if (rdr_interrupted())
		rdr_log_warning("%s received during the last step, which finished", rdr_signal_name(rdr_interrupted()));
	if (rc == EXIT_OK && run->have_state && !rdr_runstate_finish(&run->state))
		rc = EXIT_RUN_STATE;
	/* an interrupted run is resumed, even if no step had finished yet */
	if (rc != EXIT_OK && run->have_state && !rdr_interrupted())
		rdr_runstate_discard(&run->state);
	if (rc != EXIT_OK && run->have_state && rc != EXIT_RUN_STATE &&
		access(run->state.path, F_OK) == 0)
		resume_hint(run, rc);
	return rc;
}

int
rdr_failover_close(RdrFailoverRun *run, int rc)
{
	run->report.exit_code = rc;
	snprintf(run->report.exit_name, sizeof(run->report.exit_name), "%s", rdr_exit_name(rc));
	if (rc != EXIT_BAD_CONFIG || run->report.n_steps > 0)
	{
		rdr_report_print_text(&run->report, stdout);
		fflush(stdout);
	}
	if (run->report_path && !rdr_report_write_json(&run->report, run->report_path) && rc == EXIT_OK)
		rc = EXIT_REPORT;
	rdr_log_info("rdr-failover finished: %s (exit code %d)", rdr_exit_name(rc), rc);

	if (run->conn)
		PQfinish(run->conn);
	if (run->rest)
		rdr_rest_close(run->rest);
	if (run->have_state)
		rdr_runstate_close(&run->state);
	rdr_report_free(&run->report);
	rdr_failover_free(run);
	return rc;
}

void
rdr_failover_free(RdrFailoverRun *run)
{
	rdr_config_free(&run->cfg);
	close_log(run);
}

bool
rdr_stop_here(RdrFailoverRun *run, const char *name)
{
	if (!rdr_interrupted())
		return false;
	rdr_progress_clear(&run->progress);
	rdr_log_error("interrupted by %s before step %s", rdr_signal_name(rdr_interrupted()), name);
	return true;
}

bool
rdr_step_begin(RdrFailoverRun *run, const char *name)
{
	const RdrStepState *st;

	run->step_no++;
	if (run->have_state && rdr_runstate_is_done(&run->state, name, &st) &&
		!(run->redo && strcmp(name, "storage") == 0))
	{
		rdr_report_step(&run->report, name, "earlier", st->seconds, "done in the interrupted run%s%s",
						st->note[0] ? ": " : "", st->note);
		rdr_log_info("step %s: done in the interrupted run, not repeated", name);
		if (strcmp(name, "backup") == 0)
			snprintf(run->report.backup, sizeof(run->report.backup), "%s", st->note);
		return false;
	}
	rdr_progress_step(&run->progress, run->step_no, name);
	rdr_log_verbose("step %s: starting", name);
	return true;
}

bool
rdr_step_done(RdrFailoverRun *run, const char *name, double t0, const char *note, const char *fmt,...)
{
	double		secs = rdr_now() - t0;
	char		msg[1024];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rdr_progress_clear(&run->progress);
	rdr_report_step(&run->report, name, run->dry_run ? "dry-run" : "done", secs, "%s", msg);
	rdr_log_info("%s: %s (%.1f s)", name, msg, secs);
	if (run->have_state && !rdr_runstate_mark_done(&run->state, name, secs, note))
		return false;
	return true;
}

void
rdr_step_failed(RdrFailoverRun *run, const char *name, double t0, const char *fmt,...)
{
	char		msg[1024];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rdr_progress_clear(&run->progress);
	rdr_report_step(&run->report, name, "failed", rdr_now() - t0, "%s", msg);
}
