/*-------------------------------------------------------------------------
 *
 * report_groups.h
 *	  The report's view of a START_VM plan: per group, when its first VM
 *	  was started, when its last VM was ready, its slowest VM, as JSON
 *	  ("vm_groups") and as a text timeline.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REPORT_GROUPS_H
#define RDR_REPORT_GROUPS_H

#include <json-c/json.h>
#include <stdio.h>

#include "workflow_plan.h"

/* rdr_report_groups_json: the "vm_groups" array; NULL without a plan. */
extern json_object *rdr_report_groups_json(const RdrWorkflowItem *items, int n);

/* rdr_report_groups_text: the timeline; nothing without a plan. */
extern void rdr_report_groups_text(FILE *out, const RdrWorkflowItem *items, int n);

#endif							/* RDR_REPORT_GROUPS_H */
