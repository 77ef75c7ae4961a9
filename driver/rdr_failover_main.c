/*-------------------------------------------------------------------------
 *
 * rdr_failover_main.c
 *	  rdr-failover: the whole site-B failover of a RHEV 3.0 / oVirt
 *	  environment in one command (the seed's rhevm-failover.sh, chapter 8).
 *
 *	  rdr-failover -c FILE [-n] [-d] [-h] [-s] [--dry-run] [--resume]
 *				   [--report FILE] [-v|-q]
 *
 * Steps, in this order (no step option: all of them):
 *	  -n  nicfix		rdr-nicfix --map MAC=IF ... for the RHEVM_NIC lines
 *	  -d  (checks)		preflight: names, database, extension, portals, hosts
 *		  backup		pg_dump -Fc, verified with pg_restore --list
 *		  engine_stop	engine_stop, then no engine session in pg_stat_activity
 *		  storage		probe, then rdr_fix_* of every domain in one transaction
 *		  engine_start	engine_start, then wait until the API answers
 *	  -h  hosts			approve/attach/activate/fence, SPM, move VMs
 *	  -s  vms			start the START_VM list in order
 * Each finished step is recorded in working_dir; --resume continues an
 * interrupted run at the first step not done.  The exit codes are named
 * below and documented in rdr-failover(1).
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "api_client.h"
#include "backup.h"
#include "changefile.h"
#include "cli_opts.h"
#include "clock.h"
#include "config.h"
#include "dbfix.h"
#include "dbprivs.h"
#include "engine_service.h"
#include "interrupt.h"
#include "log.h"
#include "preflight.h"
#include "progress.h"
#include "report.h"
#include "rest_client.h"
#include "rest_connect.h"
#include "runcmd.h"
#include "runstate.h"
#include "storage_redo.h"
#include "safe_file.h"
#include "workflow_plan.h"
#include "xalloc.h"

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

static const char *
exit_name(int code)
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

/* Everything one run needs, passed to each step. */
typedef struct Run
{
	RdrConfig	cfg;
	unsigned	steps;
	bool		dry_run;
	bool		resume;
	bool		redo;			/* --redo storage */
	char		redo_runs[256]; /* the storage step's runs, to undo */
	bool		redo_failed;	/* the redo ran and did not commit */
	const char *report_path;
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
} Run;

static void
usage(void)
{
	printf("rdr-failover brings a RHEV 3.0 / oVirt environment up at the backup site.\n\n"
			"Usage:\n"
			"  rdr-failover -c FILE [-n] [-d] [-h] [-s] [OPTION]...\n\n"
			"Steps (none given: all, in this order):\n"
			"  -n                 fix the manager's NIC names (RHEVM_NIC, runs rdr-nicfix)\n"
			"  -d                 fix the storage in the database: preflight, backup,\n"
			"                     stop the engine, probe and fix, start the engine\n"
			"  -h                 fix the hosts (approve, networks, activate, fence) and\n"
			"                     move the VMs to the backup cluster\n"
			"  -s                 start the VMs of START_VM in order\n\n"
			"Options:\n"
			"  -c, --config=FILE  configuration file (the seed's format; see --help-config)\n"
			"      --validate     run every check that changes nothing, list all problems\n"
			"                     (exit 0 or 3); a real run starts with the same checks\n"
			"      --dry-run      probe and plan; print every change, make none\n"
			"      --resume       continue the interrupted run at its first step not done\n"
			"      --redo=storage with --resume: undo the storage rows the interrupted\n"
			"                     run committed and fix them again with the corrected\n"
			"                     Storage_Domain lines, in one transaction\n"
			"      --new          start over although a run was interrupted (its state\n"
			"                     and changes files are kept under another name)\n"
			"      --report=FILE  also write the report as JSON to FILE (\"-\": stdout)\n"
			"  -v, --verbose      say more (repeat for protocol detail)\n"
			"  -q, --quiet        errors and the report only\n"
			"      --help-config  describe every configuration setting\n"
			"  -V, --version      print the version and exit\n"
			"  -?, --help         print this help and exit\n\n"
			"Exit codes: 0 ok, 1 bad arguments, 2 bad configuration, 3 preflight failed,\n"
			"4 run state (interrupted run, nothing to resume, locked), 5 nicfix failed,\n"
			"6 backup failed, 7 engine failed, 8 storage fix failed (rolled back),\n"
			"9 storage outcome unknown, 10 hosts failed, 11 VMs failed, 12 report failed,\n"
			"129, 130, 143 interrupted by SIGHUP, SIGINT (Ctrl-C), SIGTERM.\n");
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

/*
 * harden_process: no core file and no ptrace by other processes of the
 * same user: a core of this process holds the API and DB passwords.
 */
static void
harden_process(void)
{
	struct rlimit rl = {0, 0};

	(void) setrlimit(RLIMIT_CORE, &rl);
	(void) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* every file rdr writes (log, backup, state, report) is for root only */
	umask(077);
}

/*
 * stop_here: whether a signal (interrupt.h) ends the run before the step
 * NAME.  Checked between steps, so that an interrupted run stops with
 * every finished step recorded and none half done; the signal's exit
 * code replaces the step's in main().
 */
static bool
stop_here(Run *run, const char *name)
{
	if (!rdr_interrupted())
		return false;
	rdr_progress_clear(&run->progress);
	rdr_log_error("interrupted by %s before step %s", rdr_signal_name(rdr_interrupted()), name);
	return true;
}

/*
 * step_begin: whether the step must run now.  A step finished earlier
 * (resume) is reported as such and skipped.
 */
static bool
step_begin(Run *run, const char *name)
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

/* step_done: record a finished step (state file and report). */
static bool
step_done(Run *run, const char *name, double t0, const char *note, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));

static bool
step_done(Run *run, const char *name, double t0, const char *note, const char *fmt,...)
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

static void
step_failed(Run *run, const char *name, double t0, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

static void
step_failed(Run *run, const char *name, double t0, const char *fmt,...)
{
	char		msg[1024];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rdr_progress_clear(&run->progress);
	rdr_report_step(&run->report, name, "failed", rdr_now() - t0, "%s", msg);
}

/* step_nicfix: -n, by running rdr-nicfix with the RHEVM_NIC map. */
static int
step_nicfix(Run *run)
{
	const RdrConfig *cfg = &run->cfg;
	const char **argv;
	char	  **maps;
	int			n = 0;
	double		t0 = rdr_now();
	RdrCmdResult res;
	char		line[512];
	int			rc = EXIT_OK;

	if (!step_begin(run, "nicfix"))
		return EXIT_OK;
	argv = xcalloc((size_t) (2 * cfg->n_nics + 8), sizeof(char *));
	maps = xcalloc((size_t) cfg->n_nics + 1, sizeof(char *));
	argv[n++] = cfg->nicfix_command;
	for (int i = 0; i < cfg->n_nics; i++)
	{
		maps[i] = xasprintf("%s=%s", cfg->nics[i].mac, cfg->nics[i].ifname);
		argv[n++] = "--map";
		argv[n++] = maps[i];
	}
	if (cfg->nicfix_root)
	{
		argv[n++] = "--root";
		argv[n++] = cfg->nicfix_root;
	}
	if (run->dry_run)
		argv[n++] = "--dry-run";
	argv[n] = NULL;

	if (!rdr_run_argv(argv, NULL, 300, &res))
		rc = EXIT_NICFIX;
	else
	{
		if (res.interrupted)
		{
			rdr_log_error("interrupted by %s during step nicfix: %s stopped",
						  rdr_signal_name(res.interrupted), cfg->nicfix_command);
			rdr_log_hint("Files it already changed keep a FILE.rdr.bak backup: --resume runs the step again, rdr-nicfix --undo restores them.");
			step_failed(run, "nicfix", t0, "stopped by the interruption");
			rc = EXIT_NICFIX;
		}
		else if (res.status != 0)
		{
			rdr_log_error("%s failed with exit code %d", cfg->nicfix_command, res.status);
			rdr_log_detail("%s", rdr_cmd_last_line(&res, line, sizeof(line)));
			step_failed(run, "nicfix", t0, "exit code %d: %s", res.status, line);
			rc = EXIT_NICFIX;
		}
		else
		{
			if (run->dry_run && res.output[0])
				printf("%s", res.output);
			if (!step_done(run, "nicfix", t0, NULL, "%d NIC name(s) %s%s", cfg->n_nics,
						   run->dry_run ? "planned" : "fixed",
						   run->dry_run ? "" : "; reboot the manager before -d"))
				rc = EXIT_RUN_STATE;
		}
		rdr_cmd_result_free(&res);
	}
	for (int i = 0; i < cfg->n_nics; i++)
		free(maps[i]);
	free(maps);
	free(argv);
	return rc;
}

/* rest_open: the REST client for the API section. */
static bool
rest_open(Run *run)
{
	RdrRestConfig rc;

	if (run->rest)
		return true;
	rdr_api_rest_config(&run->cfg, run->dry_run, &rc);
	rdr_api_trust_report(&run->cfg, &run->report);
	run->rest = rdr_rest_open(&rc);
	return run->rest != NULL;
}

/* wait_api: until the manager's API answers (the engine is deploying). */
static bool
wait_api(Run *run, const char **why)
{
	double		t0 = rdr_now();

	*why = "API did not answer";
	if (!rest_open(run))
		return false;
	if (!rdr_rest_wait_api(run->rest, run->cfg.api_wait_timeout, run->cfg.poll_ms))
	{
		if (rdr_interrupted())
			return false;		/* said by rdr_rest_wait_api */
		/* an answer waiting cannot cure (401, old TLS): said, not a timeout */
		*why = "API answered, unusable (401, TLS or address: see above)";
		if (rdr_now() - t0 < run->cfg.api_wait_timeout - 1)
			return false;
		*why = "API did not answer";
		rdr_log_error("the manager's API at %s:%d did not answer within %d s",
					  run->cfg.api_host, run->cfg.api_port, run->cfg.api_wait_timeout);
		rdr_log_hint("Check that the engine runs (CONFIG engine_start) and API host/port; raise API wait_timeout if it is just slow.");
		return false;
	}
	return true;
}

static int
step_engine_start(Run *run, bool after_failure)
{
	double		t0 = rdr_now();
	const char *why;

	if (after_failure)
	{
		/* put the engine back as it was, then forget it was stopped */
		rdr_log_info("restarting the engine, as it was before the failed step");
		if (rdr_engine_start(&run->cfg))
			run->engine_stopped = false;
		if (run->have_state)
			(void) rdr_runstate_forget(&run->state, "engine_stop");
		return EXIT_OK;
	}
	if (!step_begin(run, "engine_start"))
		return EXIT_OK;
	if (run->dry_run)
	{
		rdr_report_step(&run->report, "engine_start", "skipped", 0, "dry run: would run \"%s\"",
						run->cfg.engine_start);
		return EXIT_OK;
	}
	if (!rdr_engine_start(&run->cfg))
	{
		step_failed(run, "engine_start", t0, "\"%s\" %s", run->cfg.engine_start,
					rdr_interrupted() ? "stopped by the interruption" : "failed");
		return EXIT_ENGINE;
	}
	run->engine_stopped = false;
	if (!wait_api(run, &why))
	{
		step_failed(run, "engine_start", t0, "%s", rdr_interrupted() ?
					"stopped by the interruption while waiting for the API" : why);
		return EXIT_ENGINE;
	}
	return step_done(run, "engine_start", t0, NULL, "engine started, API answers (%s)",
					 rdr_rest_product(run->rest) ? rdr_rest_product(run->rest) : "?")
		? EXIT_OK : EXIT_RUN_STATE;
}

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
earlier_changes(Run *run)
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
unrecorded_changes(Run *run, RdrChanges *old)
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
save_changes(Run *run, const RdrChanges *old, const RdrChanges *changes)
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
	Run		   *run;
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
forget_changes(Run *run, const RdrChanges *old)
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
storage_unrecorded(Run *run, int n, const char *runs)
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

	if (pause && atoi(pause) > 0)
	{
		rdr_log_info("test pause: %s s after COMMIT of the storage transaction", pause);
		sleep((unsigned) atoi(pause));
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
step_storage_redo(Run *run)
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
		step_failed(run, "storage", t0, "redo %s: %s", o == RDR_DB_UNKNOWN ?
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
	if (!step_done(run, "storage", t0, note, "redone: run(s) %s undone, %d domain(s) fixed again, %d row change(s) committed%s%s",
				   run->redo_runs[0] ? run->redo_runs : "(none)", run->cfg.n_domains,
				   n, runs[0] ? ", " : "", runs))
	{
		storage_unrecorded(run, n, runs);
		return EXIT_RUN_STATE;
	}
	return EXIT_OK;
}

/* step_storage: probe, plan and the one transaction of rdr_fix_* calls. */
static int
step_storage(Run *run)
{
	double		t0 = rdr_now();
	RdrDbDomains dbd;
	RdrFixPlan	plan;
	RdrChanges	changes;
	RdrChanges	old;
	RdrDbOutcome o;
	PreCommit	pc;
	int			n;
	char		runs[128];

	if (!step_begin(run, "storage"))
	{
		earlier_changes(run);
		return EXIT_OK;
	}
	if (run->redo)
		return step_storage_redo(run);
	if (!rdr_db_read_domains(run->conn, &dbd))
	{
		step_failed(run, "storage", t0, "could not read the storage domains");
		return EXIT_STORAGE;
	}
	rdr_progress_count(&run->progress, 0, run->cfg.n_domains, "domains probed");
	if (!rdr_db_plan(&run->cfg, &dbd, &plan))
	{
		rdr_db_domains_free(&dbd);
		step_failed(run, "storage", t0, rdr_interrupted() ?
					"stopped by the interruption while probing; nothing changed" :
					"probing or matching the site-B storage failed; nothing changed");
		return EXIT_STORAGE;
	}
	rdr_db_domains_free(&dbd);
	rdr_progress_count(&run->progress, run->cfg.n_domains, run->cfg.n_domains, "domains probed");
	unrecorded_changes(run, &old);
	pc.run = run;
	pc.old = &old;
	pc.saved = false;
	o = rdr_db_apply(&run->conn, &run->cfg, &plan, run->dry_run, &changes,
					 run->have_state && !run->dry_run ? record_before_commit : NULL, &pc);
	rdr_fix_plan_free(&plan);
	if (o != RDR_DB_COMMITTED)
	{
		if (pc.saved)
			forget_changes(run, &old);
		rdr_changes_free(&old);
		step_failed(run, "storage", t0, o == RDR_DB_UNKNOWN ?
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
	if (!step_done(run, "storage", t0, runs, "%d domain(s), %d row change(s)%s%s%s",
				   run->cfg.n_domains, n, run->dry_run ? " planned, rolled back" : " committed",
				   !run->dry_run && runs[0] ? ", " : "", run->dry_run ? "" : runs))
	{
		storage_unrecorded(run, n, runs);
		return EXIT_RUN_STATE;
	}
	return EXIT_OK;
}

/* run_db_steps: -d after the preflight: backup, stop, storage, start. */
static int
run_db_steps(Run *run)
{
	double		t0;
	int			rc;
	char		path[4096];

	run->conn = rdr_db_connect(&run->cfg);
	if (run->conn == NULL)
		return EXIT_STORAGE;
	if (!rdr_db_check_extension(run->conn))
		return EXIT_STORAGE;
	/* as in the preflight: a grant may have been revoked since (--resume) */
	if (!rdr_db_check_privileges(run->conn))
		return EXIT_PREFLIGHT;

	if (stop_here(run, "backup"))
		return EXIT_BACKUP;
	if (step_begin(run, "backup"))
	{
		t0 = rdr_now();
		if (run->dry_run)
			rdr_report_step(&run->report, "backup", "skipped", 0, "dry run: no backup taken");
		else if (!rdr_backup_take(&run->cfg, run->conn, run->wd_fd, path, sizeof(path)))
		{
			step_failed(run, "backup", t0, rdr_interrupted() ? "interrupted; partial backup removed, nothing changed"
						: "pg_dump or its verification failed; nothing changed");
			return EXIT_BACKUP;
		}
		else
		{
			snprintf(run->report.backup, sizeof(run->report.backup), "%s", path);
			if (!step_done(run, "backup", t0, path, "verified %s", path))
				return EXIT_RUN_STATE;
		}
	}

	if (stop_here(run, "engine_stop"))
		return EXIT_ENGINE;
	if (step_begin(run, "engine_stop"))
	{
		t0 = rdr_now();
		if (run->dry_run)
			rdr_report_step(&run->report, "engine_stop", "skipped", 0, "dry run: would run \"%s\"",
							run->cfg.engine_stop);
		else
		{
			const char *why = "";

			run->engine_stopped = true;
			if (!rdr_engine_stop(&run->cfg, run->conn, &why))
			{
				step_failed(run, "engine_stop", t0, "%s", rdr_interrupted() ? "interrupted; the engine is started again"
							: why);
				step_engine_start(run, true);
				return EXIT_ENGINE;
			}
			if (!step_done(run, "engine_stop", t0, NULL, "no engine session left on %s",
						   PQdb(run->conn)))
				return EXIT_RUN_STATE;
		}
	}

	/*
	 * Interrupted after the engine stop: as if the storage step had failed,
	 * the engine is put back.  During the step, a signal shuts the
	 * database socket down (interrupt.c): an open storage transaction
	 * cannot commit any more, and the server rolls it back.
	 */
	if (stop_here(run, "storage"))
		rc = EXIT_STORAGE;
	else
	{
		rdr_interrupt_set_socket(PQsocket(run->conn));
		rc = step_storage(run);
		rdr_interrupt_set_socket(-1);
		if (rdr_interrupted())
			rdr_log_error("interrupted by %s during step storage: %s", rdr_signal_name(rdr_interrupted()),
						  rc == EXIT_OK ? "the storage transaction had committed" :
						  rc == EXIT_STORAGE_UNKNOWN ? "the connection was cut during COMMIT, outcome unknown" :
						  "the storage transaction was rolled back");
	}
	if (rc != EXIT_OK && rc != EXIT_RUN_STATE)
	{
		if (!run->dry_run)
			step_engine_start(run, true);
		return rc;
	}
	if (rc != EXIT_OK)
		return rc;
	PQfinish(run->conn);
	run->conn = NULL;
	if (stop_here(run, "engine_start"))
		return EXIT_ENGINE;
	return step_engine_start(run, false);
}

/* plan_of: the workflow plan of the configuration. */
static void
plan_of(const RdrConfig *cfg, RdrWorkflowPlan *plan, RdrVirtNet *vn, RdrStartVm *sv)
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
	}
	plan->datacenter = cfg->datacenter;
	plan->main_cluster = cfg->main_cluster;
	plan->backup_cluster = cfg->backup_cluster;
	plan->virt_net = vn;
	plan->n_virt_net = cfg->n_virt_net;
	plan->start_vm = sv;
	plan->n_start_vm = cfg->n_start_vm;
	plan->host_timeout_s = cfg->host_timeout;
	plan->install_retries = cfg->install_retries;
	plan->spm_timeout_s = cfg->spm_timeout;
	plan->vm_timeout_s = cfg->vm_timeout;
	plan->poll_ms = cfg->poll_ms;
	plan->delay_scale = cfg->delay_scale;
}

/* step_workflow: -h (hosts) or -s (vms) over the REST API. */
static int
step_workflow(Run *run, bool hosts)
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

	if (!step_begin(run, name))
		goto out;
	if (!wait_api(run, &why))
	{
		step_failed(run, name, t0, "%s", rdr_interrupted() ? "stopped by the interruption" : why);
		rc = EXIT_ENGINE;
		goto out;
	}
	plan_of(&run->cfg, &plan, vn, sv);
	ok = hosts ? rdr_workflow_hosts(run->rest, &plan, &res)
		: rdr_workflow_start_vms(run->rest, &plan, &res);
	rdr_report_add_workflow(&run->report, &res);
	for (int i = 0; i < res.n_items; i++)
		n_ok += res.items[i].ok;
	if (!ok && rdr_interrupted())
	{
		step_failed(run, name, t0, "stopped by the interruption; %d of %d item(s) done",
					n_ok, res.n_items);
		rc = hosts ? EXIT_HOSTS : EXIT_VMS;
	}
	else if (!ok)
	{
		step_failed(run, name, t0, "%d of %d item(s) failed", res.n_failed, res.n_items);
		rc = hosts ? EXIT_HOSTS : EXIT_VMS;
	}
	else
	{
		if (!hosts && !run->dry_run)
			run->report.rto = run->state.resumed ? (double) (time(NULL) - run->state.started)
				: rdr_now() - run->report.t0;
		if (!step_done(run, name, t0, NULL, "%d of %d item(s) ok%s%s", n_ok, res.n_items,
					   res.spm_host[0] ? ", SPM " : "", res.spm_host))
			rc = EXIT_RUN_STATE;
	}
	rdr_workflow_result_free(&res);
out:
	free(vn);
	free(sv);
	return rc;
}

static int
count_steps(unsigned steps)
{
	return ((steps & RDR_STEP_NIC) ? 1 : 0) + ((steps & RDR_STEP_DB) ? 5 : 0) +
		((steps & RDR_STEP_HOSTS) ? 1 : 0) + ((steps & RDR_STEP_VMS) ? 1 : 0);
}

/* run_steps: every selected step in order; the first failure ends the run. */
static int
run_steps(Run *run)
{
	int			rc;
	int			problems;

	if ((run->steps & RDR_STEP_NIC) && stop_here(run, "nicfix"))
		return EXIT_NICFIX;
	if ((run->steps & RDR_STEP_NIC) && (rc = step_nicfix(run)) != EXIT_OK)
		return rc;
	if ((run->steps & (RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS)) && stop_here(run, "preflight"))
		return EXIT_PREFLIGHT;
	if (run->steps & (RDR_STEP_DB | RDR_STEP_HOSTS | RDR_STEP_VMS))
	{
		double		t0 = rdr_now();

		/* checks are not changes: they run again on --resume */
		run->step_no++;
		rdr_progress_step(&run->progress, run->step_no, "preflight");
		if (!rdr_preflight(&run->cfg, run->steps, &problems))
		{
			if (rdr_interrupted())
				step_failed(run, "preflight", t0, "stopped by the interruption; nothing changed");
			else
				step_failed(run, "preflight", t0, "%d problem(s); nothing changed", problems);
			return EXIT_PREFLIGHT;
		}
		rdr_report_step(&run->report, "preflight", "done", rdr_now() - t0, "no problem found");
	}
	if ((run->steps & RDR_STEP_DB) && (rc = run_db_steps(run)) != EXIT_OK)
		return rc;
	if ((run->steps & RDR_STEP_HOSTS) && stop_here(run, "hosts"))
		return EXIT_HOSTS;
	if ((run->steps & RDR_STEP_HOSTS) && (rc = step_workflow(run, true)) != EXIT_OK)
		return rc;
	if ((run->steps & RDR_STEP_VMS) && stop_here(run, "vms"))
		return EXIT_VMS;
	if ((run->steps & RDR_STEP_VMS) && (rc = step_workflow(run, false)) != EXIT_OK)
		return rc;
	return EXIT_OK;
}

/*
 * run_validate: --validate, every check of the preflight for the selected
 * steps and nothing else: no run state, no backup, no change.
 */
static int
run_validate(Run *run)
{
	int			problems = 0;

	if (!rdr_config_check_steps(&run->cfg, run->steps))
		return EXIT_BAD_CONFIG;
	if (!rdr_preflight(&run->cfg, run->steps, &problems))
	{
		printf("validation of %s: %d problem(s), listed above; nothing was changed\n",
			   run->cfg.path, problems);
		return EXIT_PREFLIGHT;
	}
	printf("validation of %s: no problem found\n", run->cfg.path);
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{"config", required_argument, NULL, 'c'},
		{"dry-run", no_argument, NULL, 1},
		{"resume", no_argument, NULL, 2},
		{"report", required_argument, NULL, 3},
		{"help-config", optional_argument, NULL, 4},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"validate", no_argument, NULL, 5},
		{"new", no_argument, NULL, 7},
		{"redo", required_argument, NULL, 8},
		{"help", no_argument, NULL, RDR_CLI_HELP},
		{NULL, 0, NULL, 0}
	};
	Run			run;
	const char *config = NULL;
	/* -h is the seed's hosts step: help is -? and --help only */
	RdrCliOpts	cli = {.progname = "rdr-failover", .usage = usage,
	.usage_exit = EXIT_BAD_ARGS};
	bool		validate = false;
	bool		start_new = false;
	int			c;
	int			rc;
	FILE	   *logf;
	char		abspath[4096];

	memset(&run, 0, sizeof(run));
	run.wd_fd = -1;
	harden_process();
	rdr_cli_init(&cli, argv);
	while ((c = getopt_long(argc, argv, ":c:ndhsvqV", long_options, NULL)) != -1)
	{
		switch (c)
		{
			case 'c':
				config = optarg;
				break;
			case 'n':
				run.steps |= RDR_STEP_NIC;
				break;
			case 'd':
				run.steps |= RDR_STEP_DB;
				break;
			case 'h':
				run.steps |= RDR_STEP_HOSTS;
				break;
			case 's':
				run.steps |= RDR_STEP_VMS;
				break;
			case 1:
				run.dry_run = true;
				break;
			case 2:
				run.resume = true;
				break;
			case 3:
				run.report_path = optarg;
				break;
			case 4:
				/* --help-config=markdown generates docs/configuration.md's tables */
				if (optarg && strcmp(optarg, "markdown") == 0)
					rdr_config_print_markdown(stdout);
				else
					rdr_config_print_help(stdout);
				return EXIT_OK;
			case 5:
				validate = true;
				break;
			case 7:
				start_new = true;
				break;
			case 8:
				if (strcmp(optarg, "storage") != 0)
				{
					rdr_log_error("--redo %s: only the storage step can be redone", optarg);
					rdr_log_hint("--resume continues at the first step not done; --resume --redo storage also fixes the storage again.");
					return EXIT_BAD_ARGS;
				}
				run.redo = true;
				break;
			default:
				/* -v -q -V -? --help and bad options: cli_opts.h */
				if (rdr_cli_option(&cli, c, &rc))
					return rc;
				break;
		}
	}
	if (optind < argc)
		return rdr_cli_extra_args(&cli, argv[optind]);
	if (config == NULL)
		return rdr_cli_usage_error(&cli, "no configuration file given");
	if (run.resume && run.dry_run)
	{
		rdr_log_error("--resume and --dry-run cannot be used together");
		return EXIT_BAD_ARGS;
	}
	if (validate && run.resume)
	{
		rdr_log_error("--validate and --resume cannot be used together");
		return EXIT_BAD_ARGS;
	}
	if (run.redo && !run.resume)
	{
		rdr_log_error("--redo storage redoes a step of the interrupted run: use it with --resume");
		return EXIT_BAD_ARGS;
	}
	if (start_new && run.resume)
	{
		rdr_log_error("--new and --resume cannot be used together");
		return EXIT_BAD_ARGS;
	}
	rdr_cli_set_log_level(&cli);

	if (!rdr_config_load(config, &run.cfg))
	{
		rdr_config_free(&run.cfg);
		return EXIT_BAD_CONFIG;
	}
	/* the seed's CONFIG quiet is -q, unless -v or -q was given */
	if (run.cfg.quiet && cli.verbosity == 0)
		rdr_log_set_level(RDR_LOG_QUIET);
	/* the seed's CONFIG fix_db etc. select steps as its options do */
	if (!run.resume)
		run.steps |= rdr_config_seed_steps(&run.cfg);
	if (run.steps == 0 && !run.resume)
		run.steps = RDR_STEP_ALL;
	/* all steps by default: -n only if there is something to rename */
	if (!run.resume && run.steps == RDR_STEP_ALL && run.cfg.n_nics == 0)
		run.steps &= ~RDR_STEP_NIC;
	/* working_dir is checked once and then only used through this fd */
	run.wd_fd = rdr_open_dir_safe(run.cfg.working_dir, true, "working_dir");
	if (run.wd_fd < 0 || (logf = open_log(&run.cfg, run.wd_fd)) == NULL)
	{
		if (run.wd_fd >= 0)
			close(run.wd_fd);
		rdr_config_free(&run.cfg);
		return EXIT_BAD_CONFIG;
	}
	rdr_log_set_file(logf);
	rdr_config_log_notices(&run.cfg);
	if (realpath(config, abspath) == NULL)
		snprintf(abspath, sizeof(abspath), "%s", config);

	/*
	 * From here on, Ctrl-C, SIGTERM and SIGHUP stop the run cleanly
	 * (interrupt.h) instead of killing it with a child left running.
	 */
	if (!rdr_interrupt_install())
	{
		rdr_log_set_file(NULL);
		fclose(logf);
		close(run.wd_fd);
		rdr_config_free(&run.cfg);
		return EXIT_RUN_STATE;
	}
	if (validate)
	{
		rc = run_validate(&run);
		rdr_log_set_file(NULL);
		fclose(logf);
		rdr_config_free(&run.cfg);
		return rc;
	}
	rdr_report_init(&run.report, abspath, run.dry_run);
	if (!run.dry_run)
	{
		if (!rdr_runstate_open(&run.state, run.wd_fd, run.cfg.working_dir, abspath,
							   run.steps, run.resume, start_new))
		{
			rc = EXIT_RUN_STATE;
			goto done;
		}
		run.have_state = true;
		if (run.redo && !rdr_storage_redo_begin(&run.state, config, run.redo_runs,
												 sizeof(run.redo_runs)))
		{
			rc = EXIT_RUN_STATE;
			goto done;
		}
		run.steps = run.state.steps;
		run.report.resumed = run.state.resumed;
		if (run.state.resumed)
			run.report.started = run.state.started;
	}
	if (!rdr_config_check_steps(&run.cfg, run.steps))
	{
		rc = EXIT_BAD_CONFIG;
		if (run.have_state)
			rdr_runstate_discard(&run.state);
		goto done;
	}
	rdr_log_info("rdr-failover %s: %s%s%s%s with %s%s%s", RDR_VERSION,
				 (run.steps & RDR_STEP_NIC) ? "-n " : "", (run.steps & RDR_STEP_DB) ? "-d " : "",
				 (run.steps & RDR_STEP_HOSTS) ? "-h " : "", (run.steps & RDR_STEP_VMS) ? "-s " : "",
				 abspath, run.dry_run ? " (dry run)" : "", run.report.resumed ? " (resumed)" : "");
	rdr_progress_init(&run.progress, count_steps(run.steps));

	rc = run_steps(&run);
	rdr_progress_clear(&run.progress);
	if (rc != EXIT_OK && rdr_interrupted())
		rc = rdr_interrupt_exit_code();
	else if (rdr_interrupted())
		rdr_log_warning("%s received during the last step, which finished", rdr_signal_name(rdr_interrupted()));
	if (rc == EXIT_OK && run.have_state && !rdr_runstate_finish(&run.state))
		rc = EXIT_RUN_STATE;
	/* an interrupted run is resumed, even if no step had finished yet */
	if (rc != EXIT_OK && run.have_state && !rdr_interrupted())
		rdr_runstate_discard(&run.state);
	if (rc != EXIT_OK && run.have_state && rc != EXIT_RUN_STATE &&
		access(run.state.path, F_OK) == 0)
	{
		/*
		 * --resume never repeats a finished step: when the storage step is
		 * done, a mistake in a Storage_Domain line needs --redo storage,
		 * which undoes the committed rows and fixes them again (a new run
		 * could not: an iSCSI or fibre LUN row is no longer site A's).
		 */
		if (run.redo_failed)
			rdr_log_hint(rc != EXIT_STORAGE_UNKNOWN ?
						 "The redo was rolled back, nothing changed.  Correct the cause, then run rdr-failover -c %s --resume --redo storage again." :
						 "Run rdr-failover -c %s --resume --redo storage again: a redo that did commit is found in rdr_change_log and undone with the first fix.",
						 config);
		else if (!rdr_interrupted() && rc != EXIT_STORAGE && rc != EXIT_STORAGE_UNKNOWN &&
				 rdr_runstate_is_done(&run.state, "storage", NULL))
			rdr_log_hint("Fix the cause, then run rdr-failover -c %s --resume to continue at the failed step; "
						 "if the cause is a Storage_Domain line, correct it and run rdr-failover -c %s --resume --redo storage "
						 "(--resume alone does not repeat the storage step; the redo undoes its rows and fixes them again).",
						 config, config);
		else
			rdr_log_hint(rdr_interrupted() ? "Run rdr-failover -c %s --resume to continue at the interrupted step."
						 : "Fix the cause, then run rdr-failover -c %s --resume to continue at the failed step.",
						 config);
	}

done:
	run.report.exit_code = rc;
	snprintf(run.report.exit_name, sizeof(run.report.exit_name), "%s", exit_name(rc));
	if (rc != EXIT_BAD_CONFIG || run.report.n_steps > 0)
	{
		rdr_report_print_text(&run.report, stdout);
		fflush(stdout);
	}
	if (run.report_path && !rdr_report_write_json(&run.report, run.report_path) && rc == EXIT_OK)
		rc = EXIT_REPORT;
	rdr_log_info("rdr-failover finished: %s (exit code %d)", exit_name(rc), rc);

	if (run.conn)
		PQfinish(run.conn);
	if (run.rest)
		rdr_rest_close(run.rest);
	if (run.have_state)
		rdr_runstate_close(&run.state);
	rdr_report_free(&run.report);
	rdr_config_free(&run.cfg);
	rdr_log_set_file(NULL);
	fclose(logf);
	close(run.wd_fd);
	return rc;
}
