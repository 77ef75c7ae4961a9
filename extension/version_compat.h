/*-------------------------------------------------------------------------
 *
 * version_compat.h
 *	  The server APIs rdr uses whose name or shape differs between the
 *	  PostgreSQL major versions it builds for (13 to 17, and 18 where it
 *	  was already known), in one place.
 *
 * Each guard names the version where the API changed.  Everything else
 * rdr calls has been stable since PostgreSQL 13 (TYPALIGN_INT, the
 * generated *ARRAYOID macros, table_open, attgenerated).  Only PG 15 is
 * compiled and tested here (Debian 12); the other branches follow the
 * server headers of those versions and must be built and tested there
 * before rdr is shipped for them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_VERSION_COMPAT_H
#define RDR_VERSION_COMPAT_H

#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/proc.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/relcache.h"
#if PG_VERSION_NUM >= 140000
#include "utils/backend_status.h"
#endif
#if PG_VERSION_NUM < 150000
#include "utils/tuplestore.h"
#endif

#if PG_VERSION_NUM < 130000
#error "rdr needs PostgreSQL 13 or later"
#endif

/*
 * RDR_LXID: the local transaction id of the current transaction, which
 * rdr's per-transaction caches are keyed on.  PG 17 moved it into
 * PGPROC.vxid (with the proc number) from PGPROC.lxid.
 */
#if PG_VERSION_NUM >= 170000
#define RDR_LXID	(MyProc->vxid.lxid)
#else
#define RDR_LXID	(MyProc->lxid)
#endif

/*
 * rdr_local_beentry: entry idx (1-based) of this backend's copy of the
 * backend status array (pg_stat_activity).  PG 16 renamed
 * pgstat_fetch_stat_local_beentry() to pgstat_get_local_beentry_by_index()
 * (the argument was always an index, never a backend id); PG 13 declares
 * it in pgstat.h, 14 and later in utils/backend_status.h.
 */
#if PG_VERSION_NUM >= 160000
#define rdr_local_beentry(idx)	pgstat_get_local_beentry_by_index(idx)
#else
#define rdr_local_beentry(idx)	pgstat_fetch_stat_local_beentry(idx)
#endif

/*
 * HASH_STRINGS: PG 14 made string keys an explicit hash_create() flag;
 * before, keys were hashed as C strings unless HASH_BLOBS was given.
 */
#if PG_VERSION_NUM < 140000
#define HASH_STRINGS 0
#endif

/*
 * rdr_reserve_guc_prefix: refuse unknown settings of the "rdr." prefix.
 * PG 15 renamed EmitWarningsOnPlaceholders() to MarkGUCPrefixReserved()
 * and made it an error (the old name only warned).
 */
#if PG_VERSION_NUM >= 150000
#define rdr_reserve_guc_prefix(prefix)	MarkGUCPrefixReserved(prefix)
#else
#define rdr_reserve_guc_prefix(prefix)	EmitWarningsOnPlaceholders(prefix)
#endif

/*
 * rdr_primary_key_index: the primary key index of rel, deferrable or
 * not, as in PG 13-17.  PG 18 added the deferrable_ok argument.
 */
#if PG_VERSION_NUM >= 180000
#define rdr_primary_key_index(rel)	RelationGetPrimaryKeyIndex(rel, true)
#else
#define rdr_primary_key_index(rel)	RelationGetPrimaryKeyIndex(rel)
#endif

/*
 * rdr_materialize_srf: set up a set-returning function's result as one
 * tuplestore in materialize mode.  PG 15 added it as SetSingleFuncCall(),
 * which every 15.x release keeps; PG 16 renamed it InitMaterializedSRF()
 * (later 15.x releases have both names, but 15.0 only the first).  PG 13
 * and 14 have neither: the function does by hand what they do.
 */
#if PG_VERSION_NUM >= 160000
#define rdr_materialize_srf(fcinfo)	InitMaterializedSRF(fcinfo, 0)
#elif PG_VERSION_NUM >= 150000
#define rdr_materialize_srf(fcinfo)	SetSingleFuncCall(fcinfo, 0)
#else
static inline void
rdr_materialize_srf(FunctionCallInfo fcinfo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;
	TupleDesc	desc;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	oldcxt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random,
											  false, work_mem);
	rsinfo->setDesc = CreateTupleDescCopy(desc);
	MemoryContextSwitchTo(oldcxt);
}
#endif

#endif							/* RDR_VERSION_COMPAT_H */
