/*-------------------------------------------------------------------------
 *
 * workflow_engine.h
 *	  The task runner under the host and VM workflows: many small state
 *	  machines (one per host or VM) that each make one REST call at a time,
 *	  run concurrently over the client's connections, and poll states with
 *	  deadlines instead of sleeping.  Private to workflow_*.c.
 *
 * A task's step function is called with call == NULL when the task is
 * due (it then submits a call, waits, or finishes) and with the finished
 * call when its answer arrived (it then records what it learnt and moves
 * to its next state; it may also submit the next call at once).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_WORKFLOW_ENGINE_H
#define RDR_WORKFLOW_ENGINE_H

#include <stdbool.h>

#include "rest_api.h"
#include "rest_client.h"
#include "workflow_plan.h"

typedef struct WfRun WfRun;
typedef struct WfTask WfTask;

typedef void (*WfStepFn) (WfRun *run, WfTask *task, RdrRestCall *call);

struct WfTask
{
	WfStepFn	step;
	int			state;			/* the step function's own states */
	double		next_at;		/* due at (monotonic seconds) */
	unsigned	seq;			/* which queue entry is current */
	double		deadline;		/* fails when due after it (0: none) */
	double		started_at;
	bool		done;
	bool		inflight;
	int			item;			/* index of its RdrWorkflowItem */
	int			errors;			/* consecutive failed reads */
	int			attempts;		/* tries of the current action */
	int			index;			/* the workflow's own index (VM order) */
	char		waiting_for[200];	/* for the timeout message */
	RdrApiEntity ent;			/* the host or VM, as last seen */
	void	   *data;			/* the workflow's per-task data */
	RdrRestCall call;			/* the call in flight */
};

struct WfRun
{
	RdrRest    *rest;
	const RdrWorkflowPlan *plan;
	RdrWorkflowResult *res;
	int			version;
	bool		dry_run;
	double		poll_s;
	double		t0;				/* when the step began */
	WfTask	  **tasks;
	int			ntasks;
	int			cap;
	int			first_task;		/* first task of the current phase */
	struct WfDue *due;			/* min-heap of tasks by next_at */
	int			ndue;
	int			capdue;
	void		(*finished) (WfRun *run, WfTask *task); /* on wf_finish */
	void	   *data;			/* the workflow's shared data */
};

/* Timeouts and polling after defaults are applied. */
#define WF_DEFAULT_HOST_TIMEOUT_S 900
#define WF_DEFAULT_SPM_TIMEOUT_S 900
#define WF_DEFAULT_VM_TIMEOUT_S 600
#define WF_DEFAULT_POLL_MS 1000
/* A read failing this many times in a row fails the task. */
#define WF_MAX_READ_ERRORS 4
/* An action (approve, activate, start...) is tried at most this often. */
#define WF_MAX_ACTION_ATTEMPTS 3

extern void wf_init(WfRun *run, RdrRest *rest, const RdrWorkflowPlan *plan,
					RdrWorkflowResult *res);
extern void wf_free(WfRun *run);

/* wf_item: add a result item; returns its index (-1 on OOM, logged). */
extern int	wf_item(WfRun *run, RdrItemKind kind, const char *name,
					const char *id, const char *state);
extern RdrWorkflowItem *wf_item_at(WfRun *run, int item);

/* wf_task: add a task for item, due now; NULL on OOM (logged). */
extern WfTask *wf_task(WfRun *run, WfStepFn step, int item, double timeout_s);

/* wf_run: run every task to its end; true when all items are ok. */
extern bool wf_run(WfRun *run);

/* wf_submit: send a call for the task (path printf-style). */
extern void wf_submit(WfRun *run, WfTask *task, RdrHttpMethod method,
					  char *body, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));

/* wf_wait: be due again in seconds (what: for a timeout message). */
extern void wf_wait(WfRun *run, WfTask *task, double seconds, const char *what);

/* wf_wait_until: be due at a time (WF_NEVER: only when told again). */
extern void wf_wait_until(WfRun *run, WfTask *task, double at);
#define WF_NEVER 1e18

/* wf_action: log "name: text" and append it to the item's actions. */
extern void wf_action(WfRun *run, WfTask *task, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* wf_finish: the task is over; ok or failed with a reason (logged). */
extern void wf_finish(WfRun *run, WfTask *task, bool ok, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

/* wf_set_state: record the state last seen. */
extern void wf_set_state(WfRun *run, WfTask *task, const char *state);

/*
 * wf_read_failed: a GET of the task failed or returned bad XML: poll
 * again later, or fail the task after WF_MAX_READ_ERRORS in a row.
 */
extern void wf_read_failed(WfRun *run, WfTask *task, const char *why);

/*
 * wf_parse_one: parse the answer of the task's GET of one entity into
 * task->ent (and its state); false (after wf_read_failed) when it is not.
 */
extern bool wf_parse_one(WfRun *run, WfTask *task, RdrRestCall *call,
						 const char *elem);

/* wf_parse_one_quiet: the same, without recording the state in the item. */
extern bool wf_parse_one_quiet(WfRun *run, WfTask *task, RdrRestCall *call,
							   const char *elem);

/* wf_is_transient: a failed call the manager may not have acted on. */
extern bool wf_is_transient(const RdrRestCall *call);

/*
 * wf_get_list: synchronous GET of a listing (for the inventory before the
 * tasks start).  -1 after logging.
 */
extern int	wf_get_list(WfRun *run, const char *path, const char *elem,
						RdrApiEntity **out);

#endif							/* RDR_WORKFLOW_ENGINE_H */
