/*-------------------------------------------------------------------------
 *
 * probe_nfs.h
 *	  Is an NFS export there at site B?  The server answers on its NFS port
 *	  (2049), and, where its rpcbind answers, its mount daemon lists the
 *	  export (ONC RPC over TCP: rpcbind GETPORT for MOUNT v3, then MOUNT v3
 *	  EXPORT, RFC 1833 and RFC 1813 appendix I).
 *
 * Read only: nothing is mounted (that would need root and the kernel's
 * client, and would change the server's rmtab); EXPORT changes nothing.
 * A server whose rpcbind or mount daemon does not answer (NFSv4-only, a
 * firewall) cannot be checked further: said, not an error.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PROBE_NFS_H
#define RDR_PROBE_NFS_H

#include <stdbool.h>
#include <stddef.h>

#include "probe.h"

#define RDR_NFS_PORT		2049
#define RDR_RPCBIND_PORT	111

typedef struct RdrNfsTarget
{
	const char *server;			/* name, for messages */
	const char *address;		/* where to connect (CONNECT_TO applied) */
	int			nfs_port;		/* <= 0: 2049 */
	int			rpcbind_port;	/* <= 0: 111 */
	int			timeout_s;		/* each network step; <= 0: default */
	RdrProbeFail *fail;			/* optional: set to why a call failed */
	const char *where;			/* optional: said after the server's name,
								 * e.g. "Storage_Domain DataDomain, FILE:LINE" */
} RdrNfsTarget;

/* The export list of a mount daemon. */
typedef struct RdrNfsExports
{
	char	  **dirs;
	int			count;
} RdrNfsExports;

/*
 * rdr_probe_nfs_exports: connect to the NFS port (false, logged, fail
 * UNREACHABLE when nothing answers), then read the export list.  *listed
 * says whether the list could be read (rpcbind or mountd not answering:
 * false, logged as a notice); out gets it.
 */
extern bool rdr_probe_nfs_exports(const RdrNfsTarget *t, RdrNfsExports *out,
								  bool *listed);

/*
 * rdr_probe_nfs: the server answers and, where the list can be read
 * (*listed), exports path; else logs what, where and what to do (fail
 * NOT_FOUND, with the exports listed).
 */
extern bool rdr_probe_nfs(const RdrNfsTarget *t, const char *path, bool *listed);

extern void rdr_nfs_exports_free(RdrNfsExports *e);

#endif							/* RDR_PROBE_NFS_H */
