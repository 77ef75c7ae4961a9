/*-------------------------------------------------------------------------
 *
 * plan_append.h
 *	  rdr-plan generate --append FILE: the administrator's own lines
 *	  (API password, CONNECT_TO, CONFIG...) copied under the generated
 *	  ones, so the output is a whole configuration.
 *
 * rdr-failover refuses a setting given twice, so a line of FILE that sets
 * what rdr-plan writes itself is refused here, at FILE:LINE, rather than
 * producing a configuration that does not load.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PLAN_APPEND_H
#define RDR_PLAN_APPEND_H

#include <stdbool.h>
#include <stddef.h>

/* What the generated part sets, beyond the lists it always writes. */
typedef struct PlanAppendGenerated
{
	bool		api_host;		/* "API host" was written */
	bool		rhevm_nic;		/* RHEVM_NIC lines were written */
} PlanAppendGenerated;

extern bool plan_append_check(const char *name, const char *buf, size_t len,
							  const PlanAppendGenerated *gen);
extern bool plan_append_load(const char *path, char **buf, size_t *len);

#endif							/* RDR_PLAN_APPEND_H */
