/*-------------------------------------------------------------------------
 *
 * preflight.h
 *	  Step 1 of a failover: check everything that can be checked before
 *	  anything changes, and list every problem at once.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PREFLIGHT_H
#define RDR_PREFLIGHT_H

#include <stdbool.h>

#include "config.h"

/*
 * rdr_preflight: for the given steps, resolve every host name of the
 * configuration (through CONNECT_TO), connect to the database and check
 * the extension, and open a TCP connection to every iSCSI portal, fibre
 * host, NFS server (whose export list is read where its mount daemon
 * answers) and (for -h/-s without -d) the manager's API port.  Every problem
 * is logged; the count goes to *problems.  True when there are none.
 */
extern bool rdr_preflight(const RdrConfig *cfg, unsigned steps, int *problems);

#endif							/* RDR_PREFLIGHT_H */
