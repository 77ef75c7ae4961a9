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

#include "config.h"
#include "probe.h"

/*
 * One direct-LUN disk to fail back: its site-B LUN, its DIRECT_LUN line,
 * site A's target as a Storage_Domain line would give it (conf, from the
 * log's "before" of the LUN's connection) and the probed site-A LUN.
 */
typedef struct RdrDirectLun
{
	char	   *disk_id;
	char	   *b_lun_id;		/* luns.lun_id now */
	char	   *b_pv_id;		/* its physical volume, NULL: none */
	char	   *conn_id;		/* its connection row
								 * (storage_server_connections.id) */
	const RdrConfDirectLun *line;
	RdrConfDomain conf;			/* owned strings; name: "direct-LUN disk ID" */
	RdrLun		lun;			/* site A's, once probed */
} RdrDirectLun;

typedef struct RdrDirectLuns
{
	RdrDirectLun *items;
	int			count;
} RdrDirectLuns;

/*
 * rdr_failback_direct_luns: each direct-LUN disk (disk_lun_map) whose LUN
 * is outside every storage domain and on an iSCSI target, into *out with
 * site A's target: from the run's change log when run moved the disk's
 * target, else from its DIRECT_LUN line.  False, after naming each one,
 * when such a disk has no DIRECT_LUN line, or its target is neither one
 * run moved nor named by its line (unless its address is site A's in the
 * log: never moved, it stays); true with none, or when the schema has no
 * direct-LUN disks (RHEV 3.0).
 */
extern bool rdr_failback_direct_luns(PGconn *conn, const RdrConfig *cfg,
									 const char *schema, long long run,
									 RdrDirectLuns *out);

/*
 * rdr_failback_probe_direct_luns: site A's target of each is probed and
 * the LUN its line names looked for; false, naming the LUN, when it is
 * not there or carries another physical volume than site B's.
 */
extern bool rdr_failback_probe_direct_luns(const RdrConfig *cfg, RdrDirectLuns *dl);

/*
 * rdr_failback_direct_lun_unused: a DIRECT_LUN line that neither an iSCSI
 * direct-LUN disk of dl nor a fibre one of fc uses (a typo?) is said.
 */
extern void rdr_failback_direct_lun_unused(const RdrConfig *cfg, const RdrDirectLuns *dl,
										   const RdrDirectLuns *fc);

extern void rdr_failback_direct_luns_free(RdrDirectLuns *dl);

#endif							/* RDR_FAILBACK_LUN_H */
