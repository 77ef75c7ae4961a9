/*-------------------------------------------------------------------------
 *
 * plan_nics.h
 *	  The site-B manager's NICs for rdr-plan's RHEVM_NIC lines.
 *
 * The engine database does not know the manager's own NICs, so they are
 * read where they are: ROOT/sys/class/net of the machine rdr-plan runs
 * on (--manager-nics /, on the site-B manager) or of a copy (tests).
 * Only physical NICs count (those with a "device" link): bridges, bonds,
 * VLANs and lo are made by configuration, not by hardware, and keep their
 * names whatever the MACs.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PLAN_NICS_H
#define RDR_PLAN_NICS_H

#include <stdbool.h>

typedef struct PlanManagerNic
{
	char	   *name;
	char	   *mac;
} PlanManagerNic;

extern bool plan_nics_read(const char *root, PlanManagerNic **nics, int *n);
extern void plan_nics_free(PlanManagerNic *nics, int n);

#endif							/* RDR_PLAN_NICS_H */
