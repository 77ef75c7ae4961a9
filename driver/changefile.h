/*-------------------------------------------------------------------------
 *
 * changefile.h
 *	  The rows rdr-failover's storage step changed, kept in working_dir
 *	  (rdr-failover.changes) for the report of a resumed run.
 *
 * The storage step writes the rdr_change rows it committed (passwords
 * already masked by the extension) to this file before the state file
 * records "done storage"; a run resumed after that step loads them, so
 * its report still lists every row of the failover.  The file is JSON:
 *	{ "format": "rdr-failover-changes", "version": 1,
 *	  "started": 1764063000,		(the run state's "started")
 *	  "runs": [5],					(the extension's run numbers)
 *	  "count": 3,
 *	  "changes": [ {"domain", "run", "table", "operation", "row_key",
 *					"before", "after"} ] }		(before/after: jsonb text or null)
 * and is read back strictly: anything else is refused as a whole.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CHANGEFILE_H
#define RDR_CHANGEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "changes.h"

#define RDR_CHANGEFILE_NAME "rdr-failover.changes"

/* Largest changes file read back (a 10,000-LUN failover is ~20 MB). */
#define RDR_CHANGEFILE_MAX_BYTES (256L * 1024 * 1024)

/*
 * rdr_changes_runs: the run numbers of c for messages, into buf: "run 5",
 * "runs 5, 6", or "" when c has no row.
 */
extern void rdr_changes_runs(const RdrChanges *c, char *buf, size_t size);

/*
 * rdr_changefile_save: write c, the rows committed by the run state
 * started at "started", to path (atomically, mode 0600).  Logs the
 * failure.
 */
extern bool rdr_changefile_save(const char *path, time_t started,
								const RdrChanges *c);

/*
 * rdr_changefile_parse: the len bytes of a changes file into *out (free
 * it with rdr_changes_free) and the run state's start into *started.  On
 * a damaged or foreign text, false with why it was refused in why (no
 * message is logged) and *out empty.
 */
extern bool rdr_changefile_parse(const char *text, size_t len, RdrChanges *out,
								 time_t *started, char *why, size_t whysize);

/*
 * rdr_changefile_load: read and parse path, which must be a regular file
 * of this user that group and others cannot access (it lists storage
 * rows; a file others could rewrite would not be the record of this
 * failover), written for the run state started at "started".  Like
 * rdr_changefile_parse, it logs nothing: the caller decides whether a
 * failure is an error or a warning.
 */
extern bool rdr_changefile_load(const char *path, time_t started, RdrChanges *out,
								char *why, size_t whysize);

/* rdr_changefile_remove: remove path; a missing file is fine.  Logs. */
extern bool rdr_changefile_remove(const char *path);

#endif							/* RDR_CHANGEFILE_H */
