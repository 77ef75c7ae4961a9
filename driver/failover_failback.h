/*-------------------------------------------------------------------------
 *
 * failover_failback.h
 *	  rdr-failover --failback: the way back to site A, with the failover's
 *	  own steps in the reverse direction (failback_plan.h has the storage
 *	  plan).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILOVER_FAILBACK_H
#define RDR_FAILOVER_FAILBACK_H

#include "changes.h"
#include "dbfix.h"
#include "failover_run.h"

/*
 * rdr_failback_check: the options --failback needs, checked once the
 * configuration is read; then the sites swapped in run->cfg (the main
 * cluster is site B's now, the backup cluster site A's), so that the
 * steps of a failover (source_stop, hosts, vms) go the other way.
 * EXIT_OK, or the exit code after the message.
 */
extern int	rdr_failback_check(RdrFailoverRun *run);

/*
 * rdr_failback_swap_sites: with --failback, swap the main and backup
 * clusters of run->cfg once (the site being left is B), before the
 * preflight; nothing otherwise.
 */
extern void rdr_failback_swap_sites(RdrFailoverRun *run);

/* rdr_failback_count_steps: the steps --failback adds to the progress line. */
extern int	rdr_failback_count_steps(const RdrFailoverRun *run);

/*
 * rdr_step_failback_plan: step "failback_plan" (--failback, -d, after the
 * database connection): which failover run is reversed (--from-run, the
 * state of a resumed run, or the newest run of rdr_change_log), then its
 * reverse plan made and site A's LUNs probed, before anything changes.
 * EXIT_OK at once without --failback.
 */
extern int	rdr_step_failback_plan(RdrFailoverRun *run);

/*
 * rdr_failback_validate: --validate --failback: the failover run found and
 * its reverse plan made, site A probed, as step failback_plan does; true
 * at once without --failback or without -d.
 */
extern bool rdr_failback_validate(RdrFailoverRun *run);

/*
 * rdr_failback_apply: the storage transaction of a failback: the reverse
 * plan made again inside it (the rows as they are at that moment), then
 * its rdr_fix_* calls, logged under RDR_FAILBACK_APP; as rdr_db_apply
 * otherwise.  why says in one line what failed, never empty, unless the
 * outcome is RDR_DB_COMMITTED.
 */
extern RdrDbOutcome rdr_failback_apply(RdrFailoverRun *run,
									   RdrDbBeforeCommit before_commit, void *arg,
									   RdrChanges *out, char *why, size_t whysize);

#endif							/* RDR_FAILOVER_FAILBACK_H */
