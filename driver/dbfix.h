/*-------------------------------------------------------------------------
 *
 * dbfix.h
 *	  The rhevm database side of rdr-failover's "-d" step: the planned
 *	  rdr_fix_* calls, run in one transaction.
 *
 * Only the SQL interface of the extension is used (design.md), always
 * with bound parameters; the rdr_fix_* calls go in libpq pipeline mode,
 * one round trip for all of them.  Whether a failed transaction is
 * retried is decided on its SQLSTATE alone.  The step's session (connect,
 * extension check) is dbext.h's and the domains it starts from are
 * dbdomains.h's; both are included here for the step's callers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DBFIX_H
#define RDR_DBFIX_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "changes.h"
#include "config.h"
#include "dbdomains.h"
#include "dbext.h"
#include "probe.h"

/* One planned call of rdr_fix_nfs / rdr_fix_iscsi / rdr_fix_fibre. */
typedef struct RdrFixCall
{
	const RdrConfDomain *conf;	/* the Storage_Domain line */
	char	   *old_lun_id;		/* block: the site-A LUN it replaces */
	char	   *pv_id;			/* block: physical_volume_id, or NULL */
	RdrLun		lun;			/* block: the probed site-B identity */
	bool		direct_lun;		/* rdr_fix_direct_lun(old_lun_id, ...) */
} RdrFixCall;

typedef struct RdrFixPlan
{
	RdrFixCall *calls;
	int			count;
} RdrFixPlan;

/* How a storage transaction ended. */
typedef enum RdrDbOutcome
{
	RDR_DB_COMMITTED,			/* every call done and committed */
	RDR_DB_ROLLED_BACK,			/* an error: nothing changed */
	RDR_DB_UNKNOWN				/* connection lost during COMMIT */
} RdrDbOutcome;

/*
 * rdr_db_apply: run every call of plan in one transaction, collecting
 * the rdr_change rows into *out.  dry_run rolls back at the end (and
 * sets rdr.force locally, since nothing is written).  Serialization
 * failures, deadlocks and a still-connected engine (55006) are retried up
 * to cfg->db_retries times; anything else rolls back and is logged with
 * its SQLSTATE.  *conn may be replaced by a new connection.
 */
/*
 * A real run calls before_commit (if not NULL) with the rows of the
 * transaction just before COMMIT: the driver records them in working_dir
 * there, so that rows that are committed are always on disk, even when
 * the disk fills right after.  It returns false (after its own message)
 * to roll the transaction back instead.
 */
typedef bool (*RdrDbBeforeCommit) (void *arg, const RdrChanges *rows);

extern RdrDbOutcome rdr_db_apply(PGconn **conn, const RdrConfig *cfg,
								 const RdrFixPlan *plan, bool dry_run,
								 RdrChanges *out,
								 RdrDbBeforeCommit before_commit, void *arg);

/*
 * RdrDbPrepare: a first part of the storage transaction that makes its
 * plan (storage_redo.c: undo the earlier runs, then read and probe as a
 * new run does).  fn runs after BEGIN, on each attempt; it adds the rows
 * it changed to out and fills plan; on failure it returns false with what
 * set (and *resp, if a statement failed).  After a rolled-back attempt,
 * why says in one line what failed, never empty.
 */
typedef struct RdrDbPrepare RdrDbPrepare;
struct RdrDbPrepare
{
	bool		(*fn) (PGconn *conn, RdrDbPrepare *prep, RdrChanges *out,
					   PGresult **resp, char *what, size_t whatsize);
	void	   *arg;
	RdrFixPlan	plan;			/* made by fn; freed by the caller */
	char		why[1024];
};

/*
 * rdr_db_apply_prepared: rdr_db_apply with prep's first part and plan
 * (plan is then unused).  The hint for an unknown outcome is the
 * caller's.
 */
extern RdrDbOutcome rdr_db_apply_prepared(PGconn **conn, const RdrConfig *cfg,
										  const RdrFixPlan *plan, RdrDbPrepare *prep,
										  bool dry_run, RdrChanges *out,
										  RdrDbBeforeCommit before_commit, void *arg);

/* A part of the storage transaction that storage_redo.c reuses. */
extern void rdr_db_collect(RdrChanges *out, const PGresult *res, const char *domain);

#define RDR_DB_CHANGE_COLS "run::pg_catalog.int8, table_name, operation, row_key, " \
	"before::pg_catalog.text, after::pg_catalog.text"

/*
 * rdr_db_plan (storage_plan.c): probe the site-B storage of every configured
 * domain and plan its rdr_fix_* call(s), matching LUNs by physical volume
 * UUID.  Logs every problem (unknown domain, wrong type, unreachable
 * target, wrong mapping) before returning false.
 */
extern bool rdr_db_plan(const RdrConfig *cfg, const RdrDbDomains *dbd,
						RdrFixPlan *plan);

extern void rdr_fix_plan_free(RdrFixPlan *plan);

/*
 * rdr_fc_host_config (storage_plan.c): how to reach fibre host HOST over
 * ssh (CONNECT_TO, ssh_* and probe_* settings); the failover's site-B
 * hosts and the failback's site-A host alike.
 */
extern void rdr_fc_host_config(const RdrConfig *cfg, const char *host, RdrFcHost *h);

#endif							/* RDR_DBFIX_H */
