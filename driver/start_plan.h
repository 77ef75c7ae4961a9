/*-------------------------------------------------------------------------
 *
 * start_plan.h
 *	  The START_VM lines as a recovery plan: priority groups, dependencies
 *	  between VMs, readiness checks and per-VM timeouts (issue 17).
 *
 *	  START_VM NAME [DELAY] [group=1..5] [after=VM1,VM2] \
 *			   [ready=up|ip|tcp:PORT|cmd:COMMAND] [timeout=SECONDS]
 *
 * A file whose START_VM lines use none of the words keeps the seed's
 * meaning exactly (VMs in file order, each DELAY seconds after the one
 * before; workflow_vms.c).  As soon as one line uses a word, the list is
 * a plan (workflow_start.c): groups start in order 1..5, a group starting
 * only when every VM of the group before it is ready or failed; inside a
 * group a VM starts as soon as the VMs it comes after are ready (DELAY
 * seconds later, if given).  A VM without group= is in group 3, the
 * middle, as in VMware SRM; without ready= it is ready when the manager
 * says up; without timeout= it has CONFIG vm_timeout.
 *
 * This module parses the words of one line and checks the plan as a
 * whole (unknown names, dependencies on a later group, cycles) when the
 * file has been read; config.c calls it, so config.c does not grow.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_START_PLAN_H
#define RDR_START_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define RDR_START_GROUPS 5
#define RDR_START_DEFAULT_GROUP 3

/* When a VM counts as ready. */
typedef enum RdrReadyKind
{
	RDR_READY_UP,				/* the manager says up */
	RDR_READY_IP,				/* the guest agent reports an IP address */
	RDR_READY_TCP,				/* a TCP connect to the reported IP succeeds */
	RDR_READY_CMD				/* a command exits 0 */
} RdrReadyKind;

/* A START_VM line. */
typedef struct RdrConfStartVm
{
	char	   *vm;
	int			delay_s;		/* the seed's delay (0: none given) */
	int			line;
	/* the plan's words (issue 17); all zero/NULL on a seed line */
	bool		planned;		/* the line uses at least one word */
	int			group;			/* 1..5, RDR_START_DEFAULT_GROUP if not given */
	char	  **after;			/* names of the VMs it waits for */
	int			n_after;
	int		   *after_idx;		/* their indexes in the START_VM list (filled
								 * by rdr_start_plan_check) */
	RdrReadyKind ready;
	int			ready_port;		/* tcp: */
	char	   *ready_cmd;		/* cmd: */
	int			timeout_s;		/* 0: CONFIG vm_timeout */
} RdrConfStartVm;

/* What happens to the later groups when a VM fails. */
typedef enum RdrOnVmFailure
{
	RDR_ON_VM_FAILURE_STOP,		/* the later groups are not started */
	RDR_ON_VM_FAILURE_CONTINUE	/* they start anyway */
} RdrOnVmFailure;

/*
 * rdr_start_vm_parse: the words of one START_VM line, tok[0] being
 * "START_VM".  False with a message (no file:line) in err.  v->line must
 * be set by the caller; v is filled even on failure, to be freed.
 */
extern bool rdr_start_vm_parse(char **tok, int ntok, RdrConfStartVm *v,
							   char *err, size_t errlen);

/*
 * rdr_start_plan_check: after the whole file is read, check the plan
 * across lines: a name given twice, an after= naming no START_VM line or
 * a VM of a later group, a cycle of dependencies (logged with the whole
 * chain).  Each error is logged as "file:line: ..." and counted; fills
 * after_idx.  *planned: some line uses the plan's words.
 */
extern int	rdr_start_plan_check(const char *file, RdrConfStartVm *vms, int n,
								 bool *planned);

/*
 * rdr_on_vm_failure_parse: "stop" or "continue" (any case); false if
 * neither.
 */
extern bool rdr_on_vm_failure_parse(const char *s, RdrOnVmFailure *out);

/* rdr_start_vm_write: the line again, as the file would have it. */
extern void rdr_start_vm_write(FILE *out, const RdrConfStartVm *v);

/* rdr_ready_kind_name: "up", "ip", "tcp", "cmd". */
extern const char *rdr_ready_kind_name(RdrReadyKind kind);

extern void rdr_start_vm_free(RdrConfStartVm *v);

#endif							/* RDR_START_PLAN_H */
