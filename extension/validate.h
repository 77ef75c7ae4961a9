/*-------------------------------------------------------------------------
 *
 * validate.h
 *	  Argument checks of the rdr functions (all errors are SQLSTATE 22023).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_VALIDATE_H
#define RDR_VALIDATE_H

#include "postgres.h"

#include "fmgr.h"

extern char *rdr_arg_text(FunctionCallInfo fcinfo, int argno,
						  const char *argname, bool required);
extern int32 rdr_arg_int(FunctionCallInfo fcinfo, int argno,
						 const char *argname, int32 min, int32 max);
extern void rdr_check_length(const char *argname, const char *value,
							 Oid relid, const char *table, const char *column);
extern void rdr_check_nfs_path(const char *connection);

#endif							/* RDR_VALIDATE_H */
