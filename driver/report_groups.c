/*-------------------------------------------------------------------------
 *
 * report_groups.c
 *	  The groups of a START_VM plan in the report (see report_groups.h).
 *
 * Times are seconds after the vms step began, as the items hold them.  A
 * group's span runs from its first start request to its last VM ready
 * (or, for a VM that failed, to its failure); the timeline draws each
 * span on one scale so the groups read left to right like a Gantt chart:
 *
 *	  group 1  |######                              |   0.0 -  12.4 s  ...
 *	  group 2  |      ##########################    |  12.4 -  61.0 s  ...
 *
 *-------------------------------------------------------------------------
 */
#include "report_groups.h"

#include <string.h>

#define BAR_WIDTH 40

typedef struct GroupSpan
{
	int			vms;
	int			ready;
	int			failed;
	double		start;			/* first start request (< 0: none) */
	double		end;			/* last ready or failure */
	const RdrWorkflowItem *slowest;
	double		slowest_s;
} GroupSpan;

/* spans: the groups' spans from the planned VM starts; false if none */
static bool
spans(const RdrWorkflowItem *items, int n, GroupSpan *g)
{
	bool		any = false;

	memset(g, 0, sizeof(GroupSpan) * (RDR_START_GROUPS + 1));
	for (int k = 0; k <= RDR_START_GROUPS; k++)
		g[k].start = -1;
	for (int i = 0; i < n; i++)
	{
		const RdrWorkflowItem *it = &items[i];
		GroupSpan  *s;
		double		end;
		double		took;

		if (it->kind != RDR_ITEM_VM_START || it->group < 1 || it->group > RDR_START_GROUPS)
			continue;
		any = true;
		s = &g[it->group];
		s->vms++;
		end = it->ok ? it->ready_at : it->started + it->seconds;
		took = end - it->started;
		if (it->ok)
			s->ready++;
		else
			s->failed++;
		/* a VM never started (a failure before it) has no span */
		if (!it->ok && it->actions[0] == '\0' && it->up_at < 0)
			continue;
		if (s->start < 0 || it->started < s->start)
			s->start = it->started;
		if (end > s->end)
			s->end = end;
		if (s->slowest == NULL || took > s->slowest_s)
		{
			s->slowest = it;
			s->slowest_s = took;
		}
	}
	return any;
}

/*
 * rdr_report_groups_json: see report_groups.h.
 */
json_object *
rdr_report_groups_json(const RdrWorkflowItem *items, int n)
{
	GroupSpan	g[RDR_START_GROUPS + 1];
	json_object *arr;

	if (!spans(items, n, g))
		return NULL;
	arr = json_object_new_array();
	for (int k = 1; k <= RDR_START_GROUPS; k++)
	{
		json_object *o;

		if (g[k].vms == 0)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "group", json_object_new_int(k));
		json_object_object_add(o, "vms", json_object_new_int(g[k].vms));
		json_object_object_add(o, "ready", json_object_new_int(g[k].ready));
		json_object_object_add(o, "failed", json_object_new_int(g[k].failed));
		json_object_object_add(o, "start_s", g[k].start >= 0 ?
							   json_object_new_double(g[k].start) : NULL);
		json_object_object_add(o, "ready_s", g[k].start >= 0 ?
							   json_object_new_double(g[k].end) : NULL);
		json_object_object_add(o, "slowest_vm", g[k].slowest ?
							   json_object_new_string(g[k].slowest->name) : NULL);
		json_object_object_add(o, "slowest_s", g[k].slowest ?
							   json_object_new_double(g[k].slowest_s) : NULL);
		json_object_array_add(arr, o);
	}
	return arr;
}

/*
 * rdr_report_groups_text: see report_groups.h.
 */
void
rdr_report_groups_text(FILE *out, const RdrWorkflowItem *items, int n)
{
	GroupSpan	g[RDR_START_GROUPS + 1];
	double		last = 0;

	if (!spans(items, n, g))
		return;
	for (int k = 1; k <= RDR_START_GROUPS; k++)
		if (g[k].end > last)
			last = g[k].end;
	fprintf(out, "\n  VM groups (seconds after the vms step began, start to ready):\n");
	for (int k = 1; k <= RDR_START_GROUPS; k++)
	{
		char		bar[BAR_WIDTH + 1];

		if (g[k].vms == 0)
			continue;
		memset(bar, ' ', BAR_WIDTH);
		bar[BAR_WIDTH] = '\0';
		if (g[k].start < 0)
		{
			fprintf(out, "    group %d  |%s|  not started  %d VM%s, %d failed\n", k, bar,
					g[k].vms, g[k].vms == 1 ? "" : "s", g[k].failed);
			continue;
		}
		{
			int			from = last > 0 ? (int) (g[k].start / last * BAR_WIDTH) : 0;
			int			to = last > 0 ? (int) (g[k].end / last * BAR_WIDTH + 0.5) : BAR_WIDTH;

			if (from >= BAR_WIDTH)
				from = BAR_WIDTH - 1;
			if (to <= from)
				to = from + 1;
			if (to > BAR_WIDTH)
				to = BAR_WIDTH;
			memset(bar + from, '#', (size_t) (to - from));
		}
		fprintf(out, "    group %d  |%s| %6.1f - %6.1f s  %d VM%s, %d failed, slowest %s (%.1f s)\n",
				k, bar, g[k].start, g[k].end, g[k].vms, g[k].vms == 1 ? "" : "s",
				g[k].failed, g[k].slowest ? g[k].slowest->name : "-", g[k].slowest_s);
	}
}
