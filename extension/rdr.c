/*-------------------------------------------------------------------------
 *
 * rdr.c
 *	  Module entry of the rdr extension: the library magic, the rdr.force
 *	  setting, the start of every set-returning call, and the run number
 *	  shared by all changes of one transaction.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/sequence.h"
#include "funcapi.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"

#include "catalog.h"
#include "rdr.h"
#include "version_compat.h"

PG_MODULE_MAGIC;

bool		rdr_force = false;

/*
 * The run of the current transaction: every change rdr makes in one
 * transaction belongs to the same run, so that a whole failover (the
 * driver calls the fix functions of all domains in one transaction) is
 * undone with one rdr_undo() call.  The run is drawn from rdr_run_seq the
 * first time a change is logged, and remembered together with the local
 * transaction id it belongs to.
 */
static LocalTransactionId run_lxid = InvalidLocalTransactionId;
static int64 run_value = 0;

void		_PG_init(void);

PG_FUNCTION_INFO_V1(rdr_run);
PG_FUNCTION_INFO_V1(rdr_version);

/*
 * engine_schema_assign: a new rdr.engine_schema locates the engine's
 * tables again.
 */
static void
engine_schema_assign(const char *newval, void *extra)
{
	rdr_engine_schema_reset();
}

/*
 * _PG_init: define rdr.force and rdr.engine_schema.
 *
 * rdr.force is a user setting on purpose: the engine must be stopped
 * before a failover, and an administrator who knows the remaining
 * sessions are harmless (a monitoring probe, a psql left open) overrides
 * the guard for one transaction with SET LOCAL.
 *
 * rdr.engine_schema is for superusers only: it decides which tables rdr
 * writes with its caller's rights, and a user setting could be set for
 * every session of the database by the database's owner (ALTER DATABASE
 * ... SET), who is not trusted that far (see catalog.c).
 */
void
_PG_init(void)
{
	DefineCustomBoolVariable("rdr.force",
							 "Lets rdr change the database while other sessions are connected to it.",
							 "By default the rdr functions refuse to run while any other client "
							 "session (normally the engine) is connected to the same database.",
							 &rdr_force,
							 false,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	DefineCustomStringVariable("rdr.engine_schema",
							   "Schema of the engine's tables, when more than one schema has them.",
							   "Empty (the default): the one schema that has a table storage_domain_static.",
							   &rdr_engine_schema_name,
							   "",
							   PGC_SUSET,
							   0,
							   NULL, engine_schema_assign, NULL);
	rdr_reserve_guc_prefix("rdr");
}

/*
 * rdr_call_begin: set up the result tuplestore of a set-returning rdr
 * function and find the schema of the extension's own objects, which is
 * the schema of the function being called.
 */
void
rdr_call_begin(FunctionCallInfo fcinfo, RdrCall *call)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			nsp;

	rdr_materialize_srf(fcinfo);
	call->fcinfo = fcinfo;
	call->store = rsinfo->setResult;
	call->desc = rsinfo->setDesc;
	call->nchanges = 0;

	nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	call->nsp = nsp;
	call->schema = quote_identifier(get_namespace_name(nsp));
}

/*
 * rdr_current_run: the run of the current transaction, or 0 when this
 * transaction has not logged a change yet.
 */
int64
rdr_current_run(void)
{
	if (run_lxid == RDR_LXID)
		return run_value;
	return 0;
}

/*
 * rdr_next_run: the run of the current transaction, drawn from
 * rdr_run_seq of schema nsp (the extension's) the first time a change is
 * logged, so that an idempotent call draws none.
 */
int64
rdr_next_run(Oid nsp)
{
	if (run_lxid != RDR_LXID)
	{
		Oid			seq = get_relname_relid("rdr_run_seq", nsp);

		if (!OidIsValid(seq))
			elog(ERROR, "sequence rdr_run_seq of extension rdr is missing");
		run_value = DatumGetInt64(DirectFunctionCall1(nextval_oid,
													  ObjectIdGetDatum(seq)));
		run_lxid = RDR_LXID;
	}
	return run_value;
}

/*
 * rdr_run: SQL-callable rdr_next_run(), kept for the 1.0 interface; rdr
 * itself draws the run in C (change_log.c).
 */
Datum
rdr_run(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(rdr_next_run(get_func_namespace(fcinfo->flinfo->fn_oid)));
}

/*
 * rdr_version: the version of the library, which the driver compares to
 * the installed extension's version (pg_extension.extversion).
 */
Datum
rdr_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(RDR_VERSION));
}
