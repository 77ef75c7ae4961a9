/*-------------------------------------------------------------------------
 *
 * workflow_engine.c
 *	  Run the workflow's tasks concurrently until each reaches its end.
 *
 * The seed waited with fixed sleeps (about 428 s in all) and hoped the
 * manager was done.  Here each host and VM is a small state machine that
 * polls its real state every poll_ms and fails, with the last state seen,
 * when its deadline passes; the runner keeps all of them going at once
 * over the REST client's connections, so the workflow takes as long as
 * the slowest object, not the sum of all of them.
 *
 *-------------------------------------------------------------------------
 */
#include "workflow_engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "interrupt.h"
#include "log.h"

/* Finished calls taken from the client per turn of the loop. */
#define WF_BATCH 256

/*
 * The due queue: a binary min-heap of (time, task).  A task that is
 * rescheduled gets a new entry and a new seq; its older entries become
 * stale and are skipped when they surface.  With 10,000 VMs this keeps
 * each turn of the loop proportional to the tasks that are due, not to
 * all tasks.
 */
typedef struct WfDue
{
	double		at;
	WfTask	   *task;
	unsigned	seq;
} WfDue;

/* due_push: queue a task at its next_at */
static void
due_push(WfRun *run, WfTask *t)
{
	int			i;

	if (run->ndue == run->capdue)
	{
		int			ncap = run->capdue ? run->capdue * 2 : 64;
		WfDue	   *n = realloc(run->due, sizeof(WfDue) * ncap);

		if (n == NULL)
		{
			/* keep running: the loop also wakes up every second */
			rdr_log_error("out of memory");
			return;
		}
		run->due = n;
		run->capdue = ncap;
	}
	i = run->ndue++;
	while (i > 0 && run->due[(i - 1) / 2].at > t->next_at)
	{
		run->due[i] = run->due[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	run->due[i].at = t->next_at;
	run->due[i].task = t;
	run->due[i].seq = t->seq;
}

/* due_pop: take the earliest entry off the due queue */
static WfDue
due_pop(WfRun *run)
{
	WfDue		top = run->due[0];
	WfDue		last = run->due[--run->ndue];
	int			i = 0;

	for (;;)
	{
		int			c = 2 * i + 1;

		if (c >= run->ndue)
			break;
		if (c + 1 < run->ndue && run->due[c + 1].at < run->due[c].at)
			c++;
		if (run->due[c].at >= last.at)
			break;
		run->due[i] = run->due[c];
		i = c;
	}
	if (run->ndue > 0)
		run->due[i] = last;
	return top;
}

/* wf_init: start a run of the workflow (empties res) */
void
wf_init(WfRun *run, RdrRest *rest, const RdrWorkflowPlan *plan,
		RdrWorkflowResult *res)
{
	memset(run, 0, sizeof(WfRun));
	memset(res, 0, sizeof(RdrWorkflowResult));
	run->rest = rest;
	run->plan = plan;
	run->res = res;
	run->version = rdr_rest_version(rest);
	run->dry_run = rdr_rest_dry_run(rest);
	run->t0 = rdr_now();
	run->poll_s = (plan->poll_ms > 0 ? plan->poll_ms : WF_DEFAULT_POLL_MS) / 1000.0;
}

/* wf_free: free the tasks and their data (not the result) */
void
wf_free(WfRun *run)
{
	for (int i = 0; i < run->ntasks; i++)
	{
		rdr_rest_call_free(&run->tasks[i]->call);
		free(run->tasks[i]->data);
		free(run->tasks[i]);
	}
	free(run->tasks);
	free(run->due);
	run->tasks = NULL;
	run->due = NULL;
	run->ntasks = run->ndue = run->capdue = 0;
}

/* wf_item: see workflow_engine.h; items grow at powers of two */
int
wf_item(WfRun *run, RdrItemKind kind, const char *name, const char *id,
		const char *state)
{
	RdrWorkflowResult *res = run->res;
	RdrWorkflowItem *it;

	if ((res->n_items & (res->n_items - 1)) == 0)
	{
		/* grow at powers of two */
		int			ncap = res->n_items ? res->n_items * 2 : 16;
		RdrWorkflowItem *n = realloc(res->items, sizeof(RdrWorkflowItem) * ncap);

		if (n == NULL)
		{
			rdr_log_error("out of memory");
			return -1;
		}
		res->items = n;
	}
	it = &res->items[res->n_items];
	memset(it, 0, sizeof(RdrWorkflowItem));
	it->kind = kind;
	snprintf(it->name, sizeof(it->name), "%s", name ? name : "");
	snprintf(it->id, sizeof(it->id), "%s", id ? id : "");
	snprintf(it->initial_state, sizeof(it->initial_state), "%s", state ? state : "");
	snprintf(it->final_state, sizeof(it->final_state), "%s", state ? state : "");
	return res->n_items++;
}

RdrWorkflowItem *
wf_item_at(WfRun *run, int item)
{
	return &run->res->items[item];
}

WfTask *
wf_task(WfRun *run, WfStepFn step, int item, double timeout_s)
{
	WfTask	   *t;

	if (run->ntasks == run->cap)
	{
		int			ncap = run->cap ? run->cap * 2 : 16;
		WfTask	  **n = realloc(run->tasks, sizeof(WfTask *) * ncap);

		if (n == NULL)
		{
			rdr_log_error("out of memory");
			return NULL;
		}
		run->tasks = n;
		run->cap = ncap;
	}
	t = calloc(1, sizeof(WfTask));
	if (t == NULL)
	{
		rdr_log_error("out of memory");
		return NULL;
	}
	t->step = step;
	t->item = item;
	t->started_at = rdr_now();
	t->deadline = timeout_s > 0 ? t->started_at + timeout_s : 0;
	run->tasks[run->ntasks++] = t;
	wf_wait_until(run, t, t->started_at);
	return t;
}

/* wf_submit: see workflow_engine.h; a call that cannot even be queued fails the task */
void
wf_submit(WfRun *run, WfTask *task, RdrHttpMethod method, char *body,
		  const char *fmt,...)
{
	va_list		ap;
	char	   *path;

	va_start(ap, fmt);
	if (vasprintf(&path, fmt, ap) < 0)
		path = NULL;
	va_end(ap);
	if (path == NULL || (method != RDR_HTTP_GET && body == NULL))
	{
		free(path);
		free(body);
		wf_finish(run, task, false, "out of memory");
		return;
	}
	rdr_rest_call_init(&task->call, method, body, "%s", path);
	free(path);
	task->call.owner = task;
	if (!rdr_rest_submit(run->rest, &task->call))
	{
		wf_finish(run, task, false, "%s", task->call.error);
		return;
	}
	task->inflight = true;
}

/* wf_wait_until: see workflow_engine.h */
void
wf_wait_until(WfRun *run, WfTask *task, double at)
{
	/* a wait never outlasts the deadline: the timeout is seen when due */
	if (task->deadline > 0 && at > task->deadline && at < WF_NEVER)
		at = task->deadline + 0.001;
	task->next_at = at;
	task->seq++;
	if (at < WF_NEVER)
		due_push(run, task);
}

/* wf_wait: see workflow_engine.h */
void
wf_wait(WfRun *run, WfTask *task, double seconds, const char *what)
{
	wf_wait_until(run, task, rdr_now() + seconds);
	if (what)
		snprintf(task->waiting_for, sizeof(task->waiting_for), "%s", what);
}

/* wf_action: see workflow_engine.h */
void
wf_action(WfRun *run, WfTask *task, const char *fmt,...)
{
	RdrWorkflowItem *it = wf_item_at(run, task->item);
	va_list		ap;
	char		text[300];
	size_t		len = strlen(it->actions);

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	rdr_log_verbose("%s %s: %s", rdr_workflow_item_kind_name(it->kind),
					it->name, text);
	if (len + 3 < sizeof(it->actions))
		snprintf(it->actions + len, sizeof(it->actions) - len, "%s%s",
				 len ? ", " : "", text);
}

/* wf_set_state: see workflow_engine.h; a change of state is logged at -v */
void
wf_set_state(WfRun *run, WfTask *task, const char *state)
{
	RdrWorkflowItem *it = wf_item_at(run, task->item);

	if (strcmp(it->final_state, state) != 0)
		rdr_log_verbose("%s %s: state %s", rdr_workflow_item_kind_name(it->kind),
						it->name, state);
	snprintf(it->final_state, sizeof(it->final_state), "%s", state);
}

/* wf_finish: see workflow_engine.h; a failure is logged in three parts here, once */
void
wf_finish(WfRun *run, WfTask *task, bool ok, const char *fmt,...)
{
	RdrWorkflowItem *it = wf_item_at(run, task->item);
	va_list		ap;

	task->done = true;
	if (run->finished)
		run->finished(run, task);
	it->ok = ok;
	it->started = task->started_at - run->t0;
	it->seconds = rdr_now() - task->started_at;
	if (fmt)
	{
		va_start(ap, fmt);
		vsnprintf(it->error, sizeof(it->error), fmt, ap);
		va_end(ap);
	}
	if (ok)
		rdr_log_info("%s %s: %s (%.1f s)%s%s", rdr_workflow_item_kind_name(it->kind),
					 it->name, it->final_state, it->seconds,
					 it->error[0] ? ": " : "", it->error);
	else
	{
		rdr_log_error("%s %s failed: %s", rdr_workflow_item_kind_name(it->kind),
					  it->name, it->error);
		rdr_log_detail("Last state seen: %s; actions: %s.",
					   it->final_state[0] ? it->final_state : "unknown",
					   it->actions[0] ? it->actions : "none");
		/* an ok item's error text is a note; a failed one's is the reason */
	}
}

/* wf_is_transient: no answer or a 5xx: the manager may not have acted */
bool
wf_is_transient(const RdrRestCall *call)
{
	return call->status == 0 || call->status >= 500;
}

/* wf_read_failed: see workflow_engine.h */
void
wf_read_failed(WfRun *run, WfTask *task, const char *why)
{
	task->errors++;
	if (task->errors >= WF_MAX_READ_ERRORS)
	{
		wf_finish(run, task, false, "%s (%d reads in a row failed)", why,
				  task->errors);
		return;
	}
	rdr_log_verbose("%s %s: %s; reading again", rdr_workflow_item_kind_name(
																			wf_item_at(run, task->item)->kind),
					wf_item_at(run, task->item)->name, why);
	wf_wait(run, task, run->poll_s, NULL);
}

/*
 * parse_one: wf_parse_one, recording the state as the item's or not.
 */
static bool
parse_one(WfRun *run, WfTask *task, RdrRestCall *call, const char *elem,
		  bool set_state)
{
	RdrXmlDoc  *doc;
	RdrApiEntity *ents = NULL;
	int			n;
	char		what[300];

	if (!call->ok)
	{
		wf_read_failed(run, task, call->error);
		return false;
	}
	snprintf(what, sizeof(what), "answer of GET %s", call->path);
	doc = rdr_xml_parse(call->resp, call->resp_len, what);
	if (doc == NULL)
	{
		wf_read_failed(run, task, "the answer was not well-formed XML");
		return false;
	}
	n = rdr_api_parse_list(run->version, doc, elem, &ents, what);
	rdr_xml_free(doc);
	if (n != 1 || ents[0].state[0] == '\0')
	{
		free(ents);
		wf_read_failed(run, task, "the answer did not hold the object's state");
		return false;
	}
	task->errors = 0;
	/* keep the name and cluster we know if the answer lacks them */
	if (ents[0].name[0] == '\0')
		memcpy(ents[0].name, task->ent.name, sizeof(ents[0].name));
	task->ent = ents[0];
	free(ents);
	if (set_state)
		wf_set_state(run, task, task->ent.state);
	return true;
}

/* wf_parse_one: see workflow_engine.h */
bool
wf_parse_one(WfRun *run, WfTask *task, RdrRestCall *call, const char *elem)
{
	return parse_one(run, task, call, elem, true);
}

/* wf_parse_one_quiet: see workflow_engine.h */
bool
wf_parse_one_quiet(WfRun *run, WfTask *task, RdrRestCall *call, const char *elem)
{
	return parse_one(run, task, call, elem, false);
}

/*
 * wf_get_list: see workflow_engine.h.  An answer that is not well-formed
 * XML (cut short on the way) is read again after the poll interval, as a
 * task's reads are: WF_MAX_READ_ERRORS reads in all.
 */
int
wf_get_list(WfRun *run, const char *path, const char *elem, RdrApiEntity **out)
{
	*out = NULL;
	for (int attempt = 1;; attempt++)
	{
		RdrRestCall call;
		RdrXmlDoc  *doc;
		char		what[300];
		bool		last = attempt >= WF_MAX_READ_ERRORS;
		struct timespec ts;

		rdr_rest_call_init(&call, RDR_HTTP_GET, NULL, "%s", path);
		run->res->http_calls++;
		if (!rdr_rest_run(run->rest, &call))
		{
			rdr_log_error("could not read %s from the manager", path);
			rdr_log_detail("%s.", call.error);
			rdr_rest_call_free(&call);
			return -1;
		}
		snprintf(what, sizeof(what), "answer of GET %s", call.path);
		/* the last read's failure is said with the parser's reason */
		doc = last ? rdr_xml_parse(call.resp, call.resp_len, what) :
			rdr_xml_parse_quiet(call.resp, call.resp_len);
		rdr_rest_call_free(&call);
		if (doc)
		{
			int			n = rdr_api_parse_list(run->version, doc, elem, out, what);

			rdr_xml_free(doc);
			return n;
		}
		if (last)
		{
			rdr_log_detail("%d reads in a row failed.", attempt);
			return -1;
		}
		rdr_log_warning("%s is not well-formed XML; reading it again (%d of %d)",
						what, attempt + 1, WF_MAX_READ_ERRORS);
		if (rdr_interrupted())
			return -1;
		ts.tv_sec = (time_t) run->poll_s;
		ts.tv_nsec = (long) ((run->poll_s - (double) ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
}

/*
 * wf_interrupt: a signal (interrupt.h) ends the phase: every task not done
 * fails as interrupted, and answers still in flight are awaited (each
 * call has its own time limit) and dropped, because their calls live in
 * the tasks the caller frees after the phase.
 */
static void
wf_interrupt(WfRun *run)
{
	RdrRestCall *done[WF_BATCH];
	const char *sig = rdr_signal_name(rdr_interrupted());

	for (int i = 0; i < run->ntasks; i++)
	{
		WfTask	   *t = run->tasks[i];

		if (!t->done)
			wf_finish(run, t, false, "interrupted by %s%s%s", sig,
					  t->waiting_for[0] ? " while waiting for " : "",
					  t->waiting_for);
	}
	while (rdr_rest_pending(run->rest) > 0)
	{
		int			n = rdr_rest_poll(run->rest, 1000, done, WF_BATCH);

		for (int i = 0; i < n; i++)
		{
			WfTask	   *t = done[i]->owner;

			rdr_rest_call_free(done[i]);
			t->inflight = false;
		}
	}
}

/*
 * check_action_status: a write answered 200 whose <action> status is
 * "failed" (the engine accepted the action but could not carry it out)
 * is a failure like a refusal: the call is marked failed with the
 * manager's reason, so no step takes it for done.
 */
static void
check_action_status(WfRun *run, RdrRestCall *call)
{
	RdrXmlDoc  *doc;
	char		detail[300];

	if (!call->ok || call->dry_run || call->method == RDR_HTTP_GET ||
		call->resp == NULL || call->resp_len == 0)
		return;
	doc = rdr_xml_parse_quiet(call->resp, call->resp_len);
	if (doc == NULL)
		return;					/* the step reads the answer itself */
	if (rdr_api_action_failed(run->version, doc, detail, sizeof(detail)))
	{
		call->ok = false;
		snprintf(call->error, sizeof(call->error),
				 "POST %s: HTTP %ld but the action's status is failed: %s",
				 call->path, call->status, detail);
	}
	rdr_xml_free(doc);
}

/*
 * wf_run: the loop.  Each turn starts every due task, then waits for
 * answers until the next task is due; a task past its deadline fails
 * with what it was waiting for.
 */
bool
wf_run(WfRun *run)
{
	RdrRestCall *done[WF_BATCH];
	int			remaining = 0;
	bool		ok = true;

	for (int i = 0; i < run->ntasks; i++)
		if (!run->tasks[i]->done)
			remaining++;

	while (remaining > 0)
	{
		double		now = rdr_now();
		double		next = now + 1.0;
		int			n;
		int			wait_ms;

		if (rdr_interrupted())
		{
			wf_interrupt(run);
			break;
		}

		while (run->ndue > 0 && run->due[0].at <= now)
		{
			WfDue		e = due_pop(run);
			WfTask	   *t = e.task;

			if (e.seq != t->seq || t->done || t->inflight)
				continue;		/* rescheduled since, or busy */
			if (t->deadline > 0 && now > t->deadline)
			{
				wf_finish(run, t, false, "timed out after %.0f s%s%s",
						  t->deadline - t->started_at,
						  t->waiting_for[0] ? " waiting for " : "",
						  t->waiting_for);
			}
			else
				t->step(run, t, NULL);
			if (t->done)
				remaining--;
		}
		if (remaining == 0)
			break;
		if (run->ndue > 0 && run->due[0].at < next)
			next = run->due[0].at;

		wait_ms = (int) ((next - rdr_now()) * 1000);
		if (wait_ms < 0)
			wait_ms = 0;
		n = rdr_rest_poll(run->rest, wait_ms, done, WF_BATCH);
		for (int i = 0; i < n; i++)
		{
			WfTask	   *t = done[i]->owner;
			RdrRestCall call = *done[i];

			/* move the answer out: the step may submit the next call */
			memset(&t->call, 0, sizeof(RdrRestCall));
			t->inflight = false;
			run->res->http_calls++;
			check_action_status(run, &call);
			t->step(run, t, &call);
			rdr_rest_call_free(&call);
			if (t->done)
				remaining--;
		}
	}

	/* the outcome of this phase's tasks; earlier phases were reported */
	for (int i = run->first_task; i < run->ntasks; i++)
		if (!wf_item_at(run, run->tasks[i]->item)->ok)
			ok = false;
	run->first_task = run->ntasks;
	return ok;
}

/* rdr_workflow_item_kind_name: see workflow_plan.h */
const char *
rdr_workflow_item_kind_name(RdrItemKind kind)
{
	switch (kind)
	{
		case RDR_ITEM_HOST:
			return "host";
		case RDR_ITEM_SPM:
			return "spm";
		case RDR_ITEM_VM_MOVE:
			return "vm move";
		case RDR_ITEM_VM_START:
			return "vm start";
		case RDR_ITEM_VM_SHUTDOWN:
			return "vm shutdown";
		case RDR_ITEM_HOST_MAINTENANCE:
			return "host maintenance";
	}
	return "?";
}

/* rdr_workflow_result_free: see workflow_plan.h */
void
rdr_workflow_result_free(RdrWorkflowResult *res)
{
	free(res->items);
	res->items = NULL;
	res->n_items = 0;
}
