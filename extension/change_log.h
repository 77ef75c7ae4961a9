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

#include "lib/stringinfo.h"

#include "rdr.h"

/*
 * RdrStmt: several changes (and helper CTEs) made and logged by one SQL
 * statement; see change_log.c.
 */
typedef struct RdrStmt
{
	StringInfoData ctes;
	StringInfoData changes;
	int			nchanges;
} RdrStmt;

extern void rdr_stmt_init(RdrStmt *st);
extern const char *rdr_stmt_change(RdrStmt *st, Oid relid, const char *operation,
								   const char *modification);
extern void rdr_stmt_cte(RdrStmt *st, const char *name, const char *query);
extern char *rdr_stmt_sql(RdrCall *call, RdrStmt *st, int nextra,
						  const char *const *extra, int nargs);
extern uint64 rdr_stmt_run(RdrCall *call, const char *sql, int64 undo_of,
						   int nextra, int64 *extra_out, int nargs,
						   Oid *types, Datum *values, const char *nulls);
extern uint64 rdr_logged_exec(RdrCall *call, const char *modification,
							  Oid relid, const char *operation,
							  int64 undo_of, int nargs, Oid *types,
							  Datum *values, const char *nulls);
extern char *rdr_table_label(Oid relid);
extern void rdr_collect(RdrCall *call, uint64 n);

#endif							/* RDR_CHANGE_LOG_H */
