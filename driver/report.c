/*-------------------------------------------------------------------------
 *
 * report.c
 *	  Building and writing the failover report (text and JSON, json-c).
 *
 * The JSON document:
 *	{ "program": "rdr-failover", "version": "1.0", "config": "...",
 *	  "started": "2026-11-25T09:30:12Z", "dry_run": false, "resumed": false,
 *	  "result": "ok", "exit_code": 0,
 *	  "steps":   [ {"name", "status", "seconds", "message"} ],
 *	  "backup":  "/tmp/rdr/rhevm-....dump" | null,
 *	  "changes": [ {"domain", "run", "table", "operation", "row_key",
 *	                "before": {...} | null, "after": {...} | null,
 *	                "earlier": false | true (made by the interrupted run)} ],
 *	  "changes_warning": null | "why the interrupted run's rows are missing",
 *	  "warnings": [ "API tls_min 1.0: ..." ],
 *	  "hosts":   [ {"name", "id", "initial_state", "final_state", "actions",
 *	                "ok", "seconds", "error"} ],
 *	  "spm", "vm_moves", "vm_starts", "vm_shutdowns", "host_maintenance"
 *	             (the last two: --planned): the same shape,
 *	  "rto_seconds": 83.2 | null, "planned": false | true,
 *	  "failback_of_run": 5 | null (--failback: the failover run reversed),
 *	  "rpo_seconds": 4.1 | null (--planned: last source VM down to the
 *	                 storage switch's end) }
 * The file is written to a temp name and renamed, so a reader never sees
 * half a report.
 *
 *-------------------------------------------------------------------------
 */
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "atomic_file.h"
#include "clock.h"
#include "log.h"
#include "report_groups.h"
#include "utf8.h"
#include "xalloc.h"

void
rdr_report_init(RdrReport *r, const char *config, bool dry_run)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->config, sizeof(r->config), "%s", config ? config : "");
	r->started = time(NULL);
	r->t0 = rdr_now();
	r->dry_run = dry_run;
	r->rto = -1;
	r->rpo = -1;
	r->predicted_rto = -1;
	snprintf(r->exit_name, sizeof(r->exit_name), "ok");
}

void
rdr_report_step(RdrReport *r, const char *name, const char *status,
				double seconds, const char *fmt,...)
{
	RdrReportStep *s;
	va_list		ap;

	if (r->n_steps >= RDR_MAX_STEPS)
		return;
	s = &r->steps[r->n_steps++];
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->status, sizeof(s->status), "%s", status);
	s->seconds = seconds;
	va_start(ap, fmt);
	vsnprintf(s->message, sizeof(s->message), fmt, ap);
	va_end(ap);
}

void
rdr_report_take_changes(RdrReport *r, RdrChanges *c)
{
	rdr_changes_free(&r->changes);
	r->changes = *c;
	memset(c, 0, sizeof(*c));
}

void
rdr_report_take_earlier_changes(RdrReport *r, RdrChanges *c, const char *runs)
{
	rdr_changes_free(&r->earlier);
	r->earlier = *c;
	memset(c, 0, sizeof(*c));
	r->have_earlier = true;
	snprintf(r->earlier_runs, sizeof(r->earlier_runs), "%s", runs ? runs : "");
}

void
rdr_report_warning(RdrReport *r, const char *fmt,...)
{
	va_list		ap;

	if (r->n_warnings >= 4)
		return;
	va_start(ap, fmt);
	vsnprintf(r->warnings[r->n_warnings++], sizeof(r->warnings[0]), fmt, ap);
	va_end(ap);
}

void
rdr_report_changes_unavailable(RdrReport *r, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(r->changes_warning, sizeof(r->changes_warning), fmt, ap);
	va_end(ap);
}

void
rdr_report_add_workflow(RdrReport *r, const RdrWorkflowResult *res)
{
	RdrWorkflowItem *items;

	if (res->n_items <= 0)
		return;
	items = xrealloc(r->items, (size_t) (r->n_items + res->n_items) * sizeof(RdrWorkflowItem));
	memcpy(items + r->n_items, res->items, (size_t) res->n_items * sizeof(RdrWorkflowItem));
	r->items = items;
	r->n_items += res->n_items;
}

/*
 * mask_secrets: replace the value of every "password" key of a changed
 * row (storage_server_connections holds the CHAP password) by stars.
 */
static void
mask_secrets(json_object *obj)
{
	if (obj == NULL || !json_object_is_type(obj, json_type_object))
		return;
	json_object_object_foreach(obj, key, val)
	{
		if (strcasestr(key, "password") && val != NULL)
			json_object_object_add(obj, key, json_object_new_string("********"));
	}
}

static json_object *
row_json(const char *text)
{
	json_object *o;

	if (text == NULL)
		return NULL;
	o = json_tokener_parse(text);
	if (o == NULL)
		return json_object_new_string(text);
	mask_secrets(o);
	return o;
}

static json_object *
str_or_null(const char *s)
{
	return s && s[0] ? json_object_new_string(s) : NULL;
}

static json_object *
item_json(const RdrWorkflowItem *it)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(it->name));
	json_object_object_add(o, "id", str_or_null(it->id));
	json_object_object_add(o, "initial_state", str_or_null(it->initial_state));
	json_object_object_add(o, "final_state", str_or_null(it->final_state));
	json_object_object_add(o, "actions", str_or_null(it->actions));
	json_object_object_add(o, "ok", json_object_new_boolean(it->ok));
	json_object_object_add(o, "skipped", json_object_new_boolean(it->skipped));
	json_object_object_add(o, "seconds", json_object_new_double(it->seconds));
	json_object_object_add(o, "error", str_or_null(it->error));
	if (it->group > 0)
	{
		/* a planned start (START_VM group=): when it was up and ready */
		json_object_object_add(o, "group", json_object_new_int(it->group));
		json_object_object_add(o, "started_s", json_object_new_double(it->started));
		json_object_object_add(o, "up_s", it->up_at >= 0 ? json_object_new_double(it->up_at) : NULL);
		json_object_object_add(o, "ready_s", it->ready_at >= 0 ? json_object_new_double(it->ready_at) : NULL);
	}
	return o;
}

/* add_changes_json: the rows of c onto array, each marked earlier or not */
static void
add_changes_json(json_object *array, const RdrChanges *c, bool earlier)
{
	for (int i = 0; i < c->count; i++)
	{
		const RdrChange *ch = &c->items[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "domain", str_or_null(ch->domain));
		json_object_object_add(o, "run", json_object_new_int64(ch->run));
		json_object_object_add(o, "table", str_or_null(ch->table_name));
		json_object_object_add(o, "operation", str_or_null(ch->operation));
		json_object_object_add(o, "row_key", str_or_null(ch->row_key));
		json_object_object_add(o, "before", row_json(ch->before));
		json_object_object_add(o, "after", row_json(ch->after));
		json_object_object_add(o, "earlier", json_object_new_boolean(earlier));
		json_object_array_add(array, o);
	}
}

static json_object *
report_json(const RdrReport *r)
{
	json_object *root = json_object_new_object();
	json_object *steps = json_object_new_array();
	json_object *changes = json_object_new_array();
	json_object *lists[RDR_N_ITEM_KINDS];
	static const char *const list_names[RDR_N_ITEM_KINDS] = {"hosts", "spm", "vm_moves",
	"vm_starts", "vm_shutdowns", "host_maintenance"};
	char		stamp[32];
	struct tm	tm;

	gmtime_r(&r->started, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(root, "program", json_object_new_string("rdr-failover"));
	json_object_object_add(root, "version", json_object_new_string(RDR_VERSION));
	json_object_object_add(root, "config", json_object_new_string(r->config));
	json_object_object_add(root, "started", json_object_new_string(stamp));
	json_object_object_add(root, "dry_run", json_object_new_boolean(r->dry_run));
	json_object_object_add(root, "resumed", json_object_new_boolean(r->resumed));
	json_object_object_add(root, "result", json_object_new_string(r->exit_name));
	json_object_object_add(root, "exit_code", json_object_new_int(r->exit_code));
	for (int i = 0; i < r->n_steps; i++)
	{
		json_object *s = json_object_new_object();

		json_object_object_add(s, "name", json_object_new_string(r->steps[i].name));
		json_object_object_add(s, "status", json_object_new_string(r->steps[i].status));
		json_object_object_add(s, "seconds", json_object_new_double(r->steps[i].seconds));
		json_object_object_add(s, "message", str_or_null(r->steps[i].message));
		json_object_array_add(steps, s);
	}
	json_object_object_add(root, "steps", steps);
	json_object_object_add(root, "backup", str_or_null(r->backup));
	add_changes_json(changes, &r->earlier, true);
	add_changes_json(changes, &r->changes, false);
	json_object_object_add(root, "changes", changes);
	json_object_object_add(root, "changes_warning", str_or_null(r->changes_warning));
	{
		json_object *w = json_object_new_array();

		for (int i = 0; i < r->n_warnings; i++)
			json_object_array_add(w, json_object_new_string(r->warnings[i]));
		json_object_object_add(root, "warnings", w);
	}
	for (int k = 0; k < RDR_N_ITEM_KINDS; k++)
		lists[k] = json_object_new_array();
	for (int i = 0; i < r->n_items; i++)
		json_object_array_add(lists[r->items[i].kind], item_json(&r->items[i]));
	for (int k = 0; k < RDR_N_ITEM_KINDS; k++)
		json_object_object_add(root, list_names[k], lists[k]);
	json_object_object_add(root, "vm_groups", rdr_report_groups_json(r->items, r->n_items));
	json_object_object_add(root, "rto_seconds",
						   r->rto >= 0 ? json_object_new_double(r->rto) : NULL);
	json_object_object_add(root, "planned", json_object_new_boolean(r->planned));
	json_object_object_add(root, "failback_of_run",
						   r->failback_of > 0 ? json_object_new_int64(r->failback_of) : NULL);
	/* --rehearse (rehearse.c): the run was on a copy */
	json_object_object_add(root, "rehearsal", json_object_new_boolean(r->rehearsal));
	json_object_object_add(root, "predicted_rto_seconds",
						   r->predicted_rto >= 0 ? json_object_new_double(r->predicted_rto) : NULL);
	json_object_object_add(root, "rpo_seconds",
						   r->rpo >= 0 ? json_object_new_double(r->rpo) : NULL);
	return root;
}

bool
rdr_report_write_json(const RdrReport *r, const char *path)
{
	json_object *root = report_json(r);
	const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
													  JSON_C_TO_STRING_NOSLASHESCAPE);
	char	   *doc;
	size_t		len;
	bool		ok;

	/*
	 * Names that are not UTF-8 (a VM name from a SQL_ASCII database, a path
	 * in Latin-1) would make the whole report invalid JSON: each byte outside
	 * a well-formed sequence becomes U+FFFD.
	 */
	doc = rdr_utf8_json_fix(text, &len);
	if (strcmp(path, "-") == 0)
	{
		printf("%s\n", doc);
		free(doc);
		json_object_put(root);
		return true;
	}

	/*
	 * Mode 0600: the report names hosts, LUNs and the backup.  Written like
	 * the state file, never through a symlink planted at path.tmp.
	 */
	doc[len] = '\n';
	ok = rdr_write_file_atomic(path, doc, len + 1, 0600);
	if (!ok)
		rdr_log_detail("The report was not written.");
	free(doc);
	json_object_put(root);
	return ok;
}

/* one_line: the first line of a jsonb text, shortened for the terminal. */
static void
print_row(FILE *out, const char *label, const char *text)
{
	json_object *o = row_json(text);

	fprintf(out, "      %-7s %s\n", label,
			o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
											   JSON_C_TO_STRING_NOSLASHESCAPE) : "(none)");
	json_object_put(o);
}

/* print_changes: the rows of c, each with its before and after */
static void
print_changes(FILE *out, const RdrChanges *c)
{
	for (int i = 0; i < c->count; i++)
	{
		const RdrChange *ch = &c->items[i];

		fprintf(out, "    [%s] %s %s %s\n", ch->domain ? ch->domain : "", ch->operation,
				ch->table_name, ch->row_key ? ch->row_key : "");
		print_row(out, "before", ch->before);
		print_row(out, "after", ch->after);
	}
}

void
rdr_report_print_text(const RdrReport *r, FILE *out)
{
	static const char *const kinds[RDR_N_ITEM_KINDS] = {"Hosts", "SPM", "VM moves",
	"VM starts", "VM shutdowns (planned)", "Source hosts to maintenance (planned)"};

	fprintf(out, "\nrdr-failover %s%s%s\n",
			r->rehearsal ? "rehearsal report (on a copy: production was not changed)" : "report",
			r->dry_run ? " (dry run: nothing was changed)" : "", r->resumed ? " (resumed run)" : "");
	fprintf(out, "  configuration: %s\n", r->config);
	fprintf(out, "\n  %-14s %-8s %9s  %s\n", "step", "status", "seconds", "message");
	for (int i = 0; i < r->n_steps; i++)
		fprintf(out, "  %-14s %-8s %9.2f  %s\n", r->steps[i].name, r->steps[i].status,
				r->steps[i].seconds, r->steps[i].message);
	if (r->backup[0])
		fprintf(out, "\n  backup: %s\n", r->backup);
	for (int i = 0; i < r->n_warnings; i++)
		fprintf(out, "\n  warning: %s\n", r->warnings[i]);
	if (r->changes_warning[0])
		fprintf(out, "\n  Rows changed by the earlier run: not listed here (%s)\n",
				r->changes_warning);
	if (r->have_earlier)
	{
		fprintf(out, "\n  %d row%s changed by the earlier run%s%s%s%s\n", r->earlier.count,
				r->earlier.count == 1 ? "" : "s", r->earlier_runs[0] ? " (" : "",
				r->earlier_runs, r->earlier_runs[0] ? ")" : "", r->earlier.count > 0 ? ":" : "");
		print_changes(out, &r->earlier);
	}
	if (r->changes.count > 0)
	{
		fprintf(out, "\n  %s (%d):\n", r->dry_run ? "Rows that would change" : "Changed rows",
				r->changes.count);
		print_changes(out, &r->changes);
	}
	/* the planned source stop came first: listed first */
	for (int o = 0; o < RDR_N_ITEM_KINDS; o++)
	{
		int			k = (o + RDR_ITEM_VM_SHUTDOWN) % RDR_N_ITEM_KINDS;
		bool		header = false;

		for (int i = 0; i < r->n_items; i++)
		{
			const RdrWorkflowItem *it = &r->items[i];

			if ((int) it->kind != k)
				continue;
			if (!header)
				fprintf(out, "\n  %s:\n", kinds[k]);
			header = true;
			fprintf(out, "    %-28s %-18s %-4s %7.2fs  %s%s%s\n", it->name,
					it->final_state[0] ? it->final_state : "-",
					it->ok ? "ok" : (it->skipped ? "skip" : "FAIL"), it->seconds,
					it->actions, it->error[0] ? "  error: " : "", it->error);
		}
	}
	rdr_report_groups_text(out, r->items, r->n_items);
	if (r->rto >= 0)
		fprintf(out, "\n  RTO: %.1f s (start to last VM up)\n", r->rto);
	if (r->failback_of > 0)
		fprintf(out, "\n  Failback of run %lld: the storage rows point at site A again\n", r->failback_of);
	if (r->predicted_rto >= 0)
		fprintf(out, "\n  predicted RTO: %.1f s (the failover's steps, the manager's delays at full scale)\n",
				r->predicted_rto);
	if (r->rpo >= 0)
		fprintf(out, "\n  RPO: %.1f s (last source VM stopped to storage switch done)\n", r->rpo);
	fprintf(out, "\n  result: %s (exit code %d)\n", r->exit_name, r->exit_code);
}

void
rdr_report_free(RdrReport *r)
{
	rdr_changes_free(&r->changes);
	rdr_changes_free(&r->earlier);
	free(r->items);
	r->items = NULL;
	r->n_items = 0;
}
