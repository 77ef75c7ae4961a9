/*-------------------------------------------------------------------------
 *
 * failback_plan.h
 *	  rdr-failover --failback: the reverse storage plan.  Site A's
 *	  identities are the "before" values of the failover's change log
 *	  (rdr_change_log, run N); they are probed again at site A before use.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILBACK_PLAN_H
#define RDR_FAILBACK_PLAN_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "config.h"
#include "dbfix.h"
#include "failback_lun.h"

/*
 * The plan of a failback: cfg is a shallow copy of the run's
 * configuration whose Storage_Domain lines are replaced by site A's
 * targets (rdr_db_apply reads the targets and the CHAP credentials from
 * it), and plan holds the rdr_fix_* calls.
 */
typedef struct RdrFailbackPlan
{
	RdrConfig	cfg;			/* shallow: only domains/n_domains are ours */
	RdrConfDomain *domains;		/* site A's targets (owned strings if synth) */
	bool	   *synth;			/* domains[i] built from the log */
	RdrFixPlan	plan;
	int			n_from_log;		/* domains whose site A is in the log */
	int			n_new;			/* site-B-only domains, by their line */
	int			n_new_luns;		/* LUNs added at site B to a failed-over
								 * domain */
	RdrDirectLuns direct;		/* iSCSI direct-LUN disks with a DIRECT_LUN
								 * line */
	RdrDirectLuns direct_fc;	/* fibre channel ones, site A's LUN probed */
	char		new_names[512]; /* the site-B-only domains, for the report */
} RdrFailbackPlan;

/*
 * rdr_failback_find_run: the failover run to fail back: from_run when it
 * is > 0 (checked to be a failover's storage run), else the newest run of
 * rdr_change_log, refused when it is itself a failback or an undo.  -1
 * after the message.
 */
extern long long rdr_failback_find_run(PGconn *conn, long long from_run);

/*
 * rdr_failback_make_plan: the reverse plan of run for the domains dbd
 * (read in the caller's transaction), probing site A's iSCSI targets and fibre hosts
 * (the fibre host also for the fibre direct-LUN disks);
 * every problem is logged before it returns false, and nothing is
 * changed.  After a failure fb holds nothing to free (fb->cfg is still
 * the configuration's copy, without domains).
 */
extern bool rdr_failback_make_plan(PGconn *conn, const RdrConfig *cfg,
								   long long run, const RdrDbDomains *dbd,
								   RdrFailbackPlan *fb);

extern void rdr_failback_plan_free(RdrFailbackPlan *fb);

/* The application_name of a failback's transaction, as logged. */
#define RDR_FAILBACK_APP "rdr-failover failback of run "

#endif							/* RDR_FAILBACK_PLAN_H */
