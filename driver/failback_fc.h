/*-------------------------------------------------------------------------
 *
 * failback_fc.h
 *	  rdr-failover --failback: site A's Fibre Channel LUNs, seen again by
 *	  a hypervisor of site A over ssh.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_FAILBACK_FC_H
#define RDR_FAILBACK_FC_H

#include <stdbool.h>

#include "config.h"
#include "probe.h"

/*
 * rdr_failback_probe_fc: every SCSI device CONFIG failback_fc_host sees,
 * into *out.  False after the message when the key is not set or the
 * host could not be probed; domain names the storage domain in both.
 */
extern bool rdr_failback_probe_fc(const RdrConfig *cfg, const char *domain,
								  RdrLunList *out);

#endif							/* RDR_FAILBACK_FC_H */
