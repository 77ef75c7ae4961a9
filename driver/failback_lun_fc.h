/*-------------------------------------------------------------------------
 *
 * failback_lun_fc.h
 *	  rdr-failover --failback: fibre channel direct-LUN disks created at
 *	  site B.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILBACK_LUN_FC_H
#define RDR_FAILBACK_LUN_FC_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "config.h"
#include "failback_lun.h"

/*
 * rdr_failback_direct_fc_luns: each direct-LUN disk (disk_lun_map) whose
 * LUN is in no storage domain and has no storage server connection (a
 * fibre channel LUN), checked against what CONFIG failback_fc_host sees:
 * with a DIRECT_LUN line, its site-A mirror is looked for there (and its
 * PV, when site B's LUN has one) and the disk goes into *out (conf.type
 * RDR_STORAGE_FIBRE, conf.fc_host the host, lun the probed mirror);
 * without one, a LUN that host sees is site A's already and is left as
 * it is, any other is refused.  False after naming each disk that cannot
 * fail back; true with none, or when the schema has no direct-LUN disks
 * (RHEV 3.0).  run names the failover in the messages.  Freed with
 * rdr_failback_direct_luns_free (failback_lun.h).
 */
extern bool rdr_failback_direct_fc_luns(PGconn *conn, const RdrConfig *cfg,
										long long run, RdrDirectLuns *out);

#endif							/* RDR_FAILBACK_LUN_FC_H */
