/*-------------------------------------------------------------------------
 *
 * probe_fc.h
 *	  Fibre Channel probing of a site-B hypervisor over ssh; the API is in
 *	  probe.h (rdr_probe_fc, rdr_probe_fc_list).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PROBE_FC_H
#define RDR_PROBE_FC_H

#include "probe.h"

#define RDR_DEFAULT_SYSFS_ROOT "/sys/class/scsi_device"

/*
 * rdr_fc_parse_listing: turn the output of the remote listing command
 * into LUNs (exposed for the unit tests and the fuzz target).
 */
extern bool rdr_fc_parse_listing(const char *text, const char *host,
								 RdrLunList *out, char *err, size_t errlen);

#endif							/* RDR_PROBE_FC_H */
