/*-------------------------------------------------------------------------
 *
 * ifcfg.h
 *	  Red Hat network-scripts ifcfg-* files: which device they configure,
 *	  and un-pinning them from the old hardware address.
 *
 * An ifcfg file whose HWADDR= names site A's NIC refuses to come up on
 * site B ("Device eth0 has different MAC address than expected"), so for a
 * wanted interface name rdr comments out HWADDR= and any MACADDR= that pins
 * one of the old MACs, the way the seed's sed did, and leaves every other
 * line as it is.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_IFCFG_H
#define RDR_NICFIX_IFCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "mac.h"
#include "text_file.h"

/* Longest DEVICE= value kept; longer ones cannot be interface names. */
#define IFCFG_VALUE_MAX 255

extern bool ifcfg_device(const TextFile *in, const char *file_device,
						 char *device, size_t size);
extern bool ifcfg_plan(const TextFile *in, const Mac *old_macs, size_t n_old,
					   TextFile *out);
extern bool ifcfg_hwaddr(const TextFile *in, Mac *mac, bool *found);
extern bool ifcfg_plan_hwaddr(const TextFile *in, const Mac *want,
							  TextFile *out);

#endif							/* RDR_NICFIX_IFCFG_H */
