/*-------------------------------------------------------------------------
 *
 * failback_lun.h
 *	  rdr-failover --failback: direct-LUN disks created at site B.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILBACK_LUN_H
#define RDR_FAILBACK_LUN_H

#include <stdbool.h>

#include <libpq-fe.h>

/*
 * rdr_failback_direct_luns: false, after naming each one, when a
 * direct-LUN disk (disk_lun_map) uses a LUN outside every storage domain
 * on a site-B iSCSI target that failover run moved storage to; true when
 * there is none, or the schema has no direct-LUN disks (RHEV 3.0).
 */
extern bool rdr_failback_direct_luns(PGconn *conn, const char *schema, long long run);

#endif							/* RDR_FAILBACK_LUN_H */
