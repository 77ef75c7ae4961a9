/*-------------------------------------------------------------------------
 *
 * direct_lun_plan.h
 *	  rdr-failover's storage step: the direct-LUN disks of site A, moved
 *	  to their site-B mirrors with the storage domains.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DIRECT_LUN_PLAN_H
#define RDR_DIRECT_LUN_PLAN_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "config.h"
#include "dbfix.h"

/* The direct-LUN disks a plan moves: what its calls point into. */
typedef struct RdrForwardDirect
{
	RdrConfDomain *confs;		/* name owned; the rest the domain line's */
	int			count;
} RdrForwardDirect;

/*
 * rdr_direct_lun_plan: one rdr_fix_direct_lun (or _fibre_) call appended
 * to plan for each direct-LUN disk (disk_lun_map, outside every domain)
 * whose LUN a DIRECT_LUN line names as SITE_A_LUN_ID, found at site B on
 * the target of the configured domain that shares the disk's connection
 * (a fibre disk: on the host of the fibre domain's line).  A disk without
 * a line, or whose site-B target rdr cannot tell, stays on site A's array
 * and is warned about when warn is set.  False, after naming it, when a
 * line's site-B LUN is not found or carries another physical volume; the
 * plan is then as it was.  *keep must be freed after the plan.
 */
extern bool rdr_direct_lun_plan(PGconn *conn, const RdrConfig *cfg, bool warn,
								RdrFixPlan *plan, RdrForwardDirect *keep);

extern void rdr_forward_direct_free(RdrForwardDirect *keep);

#endif							/* RDR_DIRECT_LUN_PLAN_H */
