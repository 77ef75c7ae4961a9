/*-------------------------------------------------------------------------
 *
 * runcmd.h
 *	  Running the helper programs of rdr-failover (pg_dump, pg_restore,
 *	  the engine's stop/start commands, rdr-nicfix) as child processes.
 *
 * Output is captured (for messages and the log), never shown raw; a
 * command that outlives its time limit is killed with its whole process
 * group, so a hanging "service jbossas stop" cannot hang the failover,
 * and so is a command running when rdr-failover is interrupted.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_RUNCMD_H
#define RDR_RUNCMD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Seconds between SIGTERM and SIGKILL of an interrupted command's group. */
#define RDR_CMD_STOP_GRACE_S 5

/* The outcome of one command. */
typedef struct RdrCmdResult
{
	int			status;			/* exit status, or 128 + signal */
	bool		timed_out;
	int			interrupted;	/* signal (interrupt.h) that stopped it, or 0 */
	bool		killed;			/* its group needed SIGKILL */
	char	   *output;			/* stdout and stderr, NUL-terminated */
} RdrCmdResult;

/*
 * rdr_run_argv: run argv[0] (searched in PATH) with argv, without a shell.
 * env: extra "NAME=VALUE" entries (NULL-terminated) or NULL.  timeout_s
 * <= 0: no limit.  False (logged) only when it could not be started;
 * its exit status is in res.  A signal caught by interrupt.c while it
 * runs (one received before it started does not count) stops its process
 * group and returns at once, with res->interrupted set: the caller says
 * what was stopped, and does not take the result as a success.
 */
extern bool rdr_run_argv(const char *const argv[], const char *const env[],
						 int timeout_s, RdrCmdResult *res);

/* rdr_run_shell: the same for a command line of the configuration. */
extern bool rdr_run_shell(const char *command, int timeout_s, RdrCmdResult *res);

/* rdr_cmd_last_line: the last non-empty line of the output, for messages. */
extern const char *rdr_cmd_last_line(const RdrCmdResult *res, char *buf, int size);

extern void rdr_cmd_result_free(RdrCmdResult *res);

/*
 * A command running beside the caller (a readiness probe among many):
 * rdr_cmd_start spawns it as rdr_run_argv does, rdr_cmd_check looks at it
 * without blocking, rdr_cmd_kill ends it.  The caller owns the time
 * limit; interrupt.c's signals are not passed on (the caller kills it).
 */
typedef struct RdrCmdChild
{
	pid_t		pid;			/* its process group too; 0 once reaped */
	int			fd;				/* read end of its output, -1 once closed */
	size_t		len;			/* output kept so far */
	size_t		alloc;
	RdrCmdResult res;			/* output; status once it has exited */
} RdrCmdChild;

/* rdr_cmd_start: false (logged) only when it could not be started. */
extern bool rdr_cmd_start(const char *const argv[], const char *const env[],
						  RdrCmdChild *child);

/*
 * rdr_cmd_check: read what it wrote; true once it has exited (status in
 * child->res, what is left of its process group killed, pipe closed).
 */
extern bool rdr_cmd_check(RdrCmdChild *child);

/* rdr_cmd_kill: SIGKILL to its process group, reaped; res->killed set. */
extern void rdr_cmd_kill(RdrCmdChild *child);

#endif							/* RDR_RUNCMD_H */
