/*-------------------------------------------------------------------------
 *
 * rdr.h
 *	  Module-wide declarations of the rdr extension: the version compiled
 *	  in, the rdr.force setting, and the per-call state every SQL-callable
 *	  function of rdr shares.
 *
 * The extension re-points the storage rows of a RHEV-M / oVirt engine
 * database ("rhevm") at a disaster-recovery site.  Every change is made
 * inside the caller's transaction and logged to rdr_change_log, so that a
 * failover either happens completely or not at all, and can be undone.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_H
#define RDR_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/tuplestore.h"

#ifndef RDR_VERSION
#error "RDR_VERSION must be defined by the build (mk/version.mk)"
#endif

/* rdr.force: skip the "no other session" guard (see guard.c). */
extern bool rdr_force;

/*
 * RdrCall: the state of one call of a set-returning rdr function.  The
 * rows it returns (type rdr_change) are collected in store while the
 * function runs; nsp and schema (quoted) are the schema of the
 * extension's own objects (rdr_change_log, rdr_run_seq), named in every
 * statement that uses them.
 */
typedef struct RdrCall
{
	FunctionCallInfo fcinfo;
	Tuplestorestate *store;
	TupleDesc	desc;
	Oid			nsp;
	const char *schema;
	uint64		nchanges;
} RdrCall;

extern void rdr_check_version(Oid fn);
extern void rdr_call_begin(FunctionCallInfo fcinfo, RdrCall *call);
extern int64 rdr_current_run(void);
extern int64 rdr_next_run(Oid nsp);

#endif							/* RDR_H */
