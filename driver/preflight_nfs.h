/*-------------------------------------------------------------------------
 *
 * preflight_nfs.h
 *	  The preflight's check of a site-B NFS export: its server answers on
 *	  the NFS port and, where its mount daemon can be asked, exports it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PREFLIGHT_NFS_H
#define RDR_PREFLIGHT_NFS_H

#include <stdbool.h>

#include "config.h"

/*
 * rdr_preflight_nfs: the server of d's export ("server:/path", "[v6]:/path")
 * is contacted where CONNECT_TO says (port 2049 unless the CONNECT_TO line
 * gives one), its rpcbind at CONFIG nfs_rpcbind_port; false, with the
 * domain's file:line and the exports the server offers logged, when it
 * does not answer or does not export the path.  A domain of line 0 is a
 * failback's site A, from the change log, and is named as such.
 */
extern bool rdr_preflight_nfs(const RdrConfig *cfg, const RdrConfDomain *d);

#endif							/* RDR_PREFLIGHT_NFS_H */
