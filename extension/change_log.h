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

/*
 * RdrChanges: the rows one call has changed so far, gathered statement by
 * statement (rdr_change_exec) and logged together (rdr_changes_log).
 * Datums are text, or jsonb (before, after; NULL for an INSERT's before
 * and a DELETE's after).
 */
typedef struct RdrChanges
{
	int			n;
	int			cap;
	Datum	   *table_name;
	Datum	   *operation;
	Datum	   *row_key;
	Datum	   *before;
	Datum	   *after;
	bool	   *before_null;
	bool	   *after_null;
} RdrChanges;

extern char *rdr_table_label(Oid relid);
extern char *rdr_change_sql(Oid relid, const char *modification);
extern void rdr_changes_init(RdrChanges *ch);
extern uint64 rdr_change_exec(RdrChanges *ch, const char *table_label,
							  const char *operation, const char *sql,
							  int nargs, Oid *types, Datum *values,
							  const char *nulls);
extern uint64 rdr_changes_log(RdrCall *call, RdrChanges *ch, int64 undo_of);
extern uint64 rdr_log_exec(const RdrCall *call, const char *sql, int nargs,
						   Oid *types, Datum *values, const char *nulls,
						   int expected, bool write);
extern uint64 rdr_logged_exec(RdrCall *call, const char *modification,
							  Oid relid, const char *operation,
							  int64 undo_of, int nargs, Oid *types,
							  Datum *values, const char *nulls);
extern void rdr_collect(RdrCall *call, uint64 n);

#endif							/* RDR_CHANGE_LOG_H */
