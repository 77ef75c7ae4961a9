/*-------------------------------------------------------------------------
 *
 * storage_redo.h
 *	  rdr-failover --resume --redo storage: the storage step of an
 *	  interrupted run done again with a corrected configuration.
 *
 * A later step (the SPM wait, say) fails because a Storage_Domain line
 * was wrong, but the storage step committed it.  --resume never repeats
 * a finished step, and a new run cannot fix rows that no longer look like
 * site A (an iSCSI LUN row is replaced).  The redo undoes the committed
 * run(s) through rdr_undo and fixes again, probing the site-B storage of
 * the corrected lines against the rows as they were before the run, all
 * in one transaction: it commits whole or changes nothing.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_STORAGE_REDO_H
#define RDR_STORAGE_REDO_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "changes.h"
#include "config.h"
#include "dbfix.h"
#include "runstate.h"

/*
 * rdr_storage_redo: undo runs (the storage state line's runs, "5" or
 * "5, 6"), newest first, and fix again with cfg.  A run that was undone
 * by a run not undone itself (a redo that committed but was not recorded
 * in the state file) has that run undone first.  *out gets every changed
 * row (the undo's and the fix's), which before_commit (rdr_db_apply's
 * hook, may be NULL) sees just before COMMIT; why says in one line what
 * failed, never empty, unless the outcome is RDR_DB_COMMITTED.
 */
extern RdrDbOutcome rdr_storage_redo(PGconn **conn, const RdrConfig *cfg,
									 const char *runs,
									 RdrDbBeforeCommit before_commit, void *arg,
									 RdrChanges *out, char *why, size_t whysize);

/*
 * rdr_storage_redo_runs: parse runs ("5", "5, 6") into at most max run
 * numbers; the count, or -1 when runs is not such a list.
 */
extern int	rdr_storage_redo_runs(const char *runs, long long *out, int max);

/*
 * rdr_storage_redo_begin: on --resume --redo storage, check that the
 * interrupted run's storage step is done, put its runs into runs, and
 * forget the steps after it (done again around the redo).  Logs what to
 * do and returns false otherwise.
 */
extern bool rdr_storage_redo_begin(RdrRunState *rs, const char *config,
								   char *runs, size_t runssize);

#endif							/* RDR_STORAGE_REDO_H */
