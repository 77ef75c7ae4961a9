/*-------------------------------------------------------------------------
 *
 * plan_write.h
 *	  rdr-plan generate's output: an rdr.conf in the seed's format (Table
 *	  8.1) from what plan_db.c read, with a comment over each part saying
 *	  where it came from and what to check.
 *
 * The text depends only on its inputs (no time, no host name, no
 * connection string, no secret), so the same database and options give
 * the same bytes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PLAN_WRITE_H
#define RDR_PLAN_WRITE_H

#include <stdbool.h>
#include <stdio.h>

#include "plan_db.h"
#include "plan_nics.h"
#include "plan_rules.h"

typedef struct PlanWriteOptions
{
	const char *api_host;		/* NULL: a placeholder comment */
	const char *fibre_host;		/* NULL: the backup cluster's first host */
	int			vm_delay;		/* START_VM delay, seconds (seed_delays) */
	bool		seed_delays;	/* --vm-delay: the seed's fixed delays instead
								 * of priority groups */
	const char *nics_root;		/* where manager_nics came from, or NULL */
	const PlanManagerNic *manager_nics;
	int			n_manager_nics;
	const char *append_name;	/* --append file, or NULL */
	const char *append_text;
} PlanWriteOptions;

extern bool plan_write(FILE *out, const PlanInventory *inv, PlanRules *rules,
					   const PlanWriteOptions *opt, int *warnings);

#endif							/* RDR_PLAN_WRITE_H */
