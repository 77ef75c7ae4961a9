/*-------------------------------------------------------------------------
 *
 * change_log.h
 *	  Logged changes: every row rdr changes goes to rdr_change_log and to
 *	  the rows (type rdr_change) the function returns.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CHANGE_LOG_H
#define RDR_CHANGE_LOG_H

#include "postgres.h"

#include "rdr.h"

extern uint64 rdr_logged_exec(RdrCall *call, const char *modification,
							  Oid relid, const char *operation,
							  int64 undo_of, int nargs, Oid *types,
							  Datum *values, const char *nulls);
extern char *rdr_table_label(Oid relid);
extern void rdr_collect(RdrCall *call, uint64 n);

#endif							/* RDR_CHANGE_LOG_H */
