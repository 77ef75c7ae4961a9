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

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_proc.h"
#include "commands/sequence.h"
#include "funcapi.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

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

/* the transaction in which the installed version was last found right */
static LocalTransactionId version_lxid = InvalidLocalTransactionId;

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
 * installed_version: pg_extension.extversion of extension ext.
 */
static char *
installed_version(Oid ext)
{
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;
	char	   *version = NULL;

	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ext));
	rel = table_open(ExtensionRelationId, AccessShareLock);
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, Anum_pg_extension_extversion,
									 RelationGetDescr(rel), &isnull);

		if (!isnull)
			version = TextDatumGetCString(d);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return version;
}

/*
 * rdr_check_version: the installed SQL objects of the extension that
 * function fn belongs to must be of the version of this library
 * (RDR_VERSION): a library replaced by "make install" under an extension
 * not yet updated, or the other way round, may not agree with the SQL
 * declarations on what a function takes and does.  Checked at the first
 * call of each transaction, not when the library is loaded: it may be
 * loaded outside a transaction, or by CREATE EXTENSION before the
 * extension's row exists.  rdr_version() is not checked, so that it can
 * tell which library is loaded.
 */
void
rdr_check_version(Oid fn)
{
	Oid			ext;
	char	   *version;

	if (version_lxid == RDR_LXID)
		return;
	ext = getExtensionOfObject(ProcedureRelationId, fn);
	version = OidIsValid(ext) ? installed_version(ext) : NULL;
	if (version == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("function %s is not part of extension \"rdr\"", get_func_name(fn)),
				 errhint("Use CREATE EXTENSION rdr rather than creating rdr's functions by hand.")));
	if (strcmp(version, RDR_VERSION) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension \"rdr\" is installed at version %s, but its library is version %s",
						version, RDR_VERSION),
				 errdetail("The SQL objects of one version and the library of another may not agree on what a function does."),
				 errhint("Run ALTER EXTENSION rdr UPDATE TO '%s', or install the library of version %s.",
						 RDR_VERSION, version)));
	version_lxid = RDR_LXID;
}

/*
 * rdr_call_begin: check the installed version, set up the result
 * tuplestore of a set-returning rdr function and find the schema of the
 * extension's own objects, which is the schema of the function being
 * called.
 */
void
rdr_call_begin(FunctionCallInfo fcinfo, RdrCall *call)
{
	ReturnSetInfo *rsinfo;
	Oid			nsp;

	rdr_check_version(fcinfo->flinfo->fn_oid);
	rdr_materialize_srf(fcinfo);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
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
	rdr_check_version(fcinfo->flinfo->fn_oid);
	PG_RETURN_INT64(rdr_next_run(get_func_namespace(fcinfo->flinfo->fn_oid)));
}

/*
 * rdr_version: the version of the library, which may differ from the
 * installed extension's version (pg_extension.extversion): every other
 * function refuses to run then, this one tells why.
 */
Datum
rdr_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(RDR_VERSION));
}
