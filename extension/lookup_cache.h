/*-------------------------------------------------------------------------
 *
 * lookup_cache.h
 *	  Per-transaction lookup of storage domains and LUNs without a scan
 *	  per call.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_LOOKUP_CACHE_H
#define RDR_LOOKUP_CACHE_H

#include "postgres.h"

/* what rdr_cache_find_lun() found */
typedef struct RdrLunMatch
{
	int64		count;			/* LUNs of the VG matching the PV filter */
	char	   *lun_id;			/* the first of them by lun_id, or NULL */
} RdrLunMatch;

/* one storage_domain_static row as cached */
typedef struct RdrDomainRow
{
	char	   *id;
	char	   *name;
	char	   *storage;
	int			storage_type;
} RdrDomainRow;

extern bool rdr_cache_find_lun(Oid luns, const char *pvcol, const char *vg,
							   const char *pv, RdrLunMatch *match);
extern bool rdr_cache_lun_ids(Oid luns, const char *pvcol, const char *vg,
							  int *n, char ***lun_ids);
extern void rdr_cache_lun_rekeyed(Oid luns, const char *vg,
								  const char *old_id, const char *new_id);
extern bool rdr_cache_find_domain(Oid sds, const char *ident, const char *id,
								  int *count, RdrDomainRow *row);

#endif							/* RDR_LOOKUP_CACHE_H */
