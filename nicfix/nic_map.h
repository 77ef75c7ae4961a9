/*-------------------------------------------------------------------------
 *
 * nic_map.h
 *	  The wanted NIC names: which MAC address gets which interface name.
 *
 * Filled from "--map MAC=IFNAME" options and from the RHEVM_NIC lines of
 * rdr's configuration file (seed Table 8.1: "RHEVM_NIC MAC IFNAME").
 * Each MAC maps to one name and each name to one MAC; a conflict is an
 * error naming both places it came from.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_NIC_MAP_H
#define RDR_NICFIX_NIC_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "mac.h"

typedef struct NicMapEntry
{
	Mac			mac;
	char		name[IFNAME_MAX_LEN + 1];
	char	   *origin;			/* "--map" or "FILE:LINE", for messages */
} NicMapEntry;

typedef struct NicMap
{
	NicMapEntry *entries;
	size_t		n;
	size_t		cap;
} NicMap;

extern void nic_map_init(NicMap *map);
extern void nic_map_free(NicMap *map);
extern bool nic_map_add(NicMap *map, const Mac *mac, const char *name,
						const char *origin);
extern bool nic_map_add_arg(NicMap *map, const char *arg);
extern bool nic_map_parse_config(NicMap *map, const char *name,
								 const char *buf, size_t len);
extern bool nic_map_read_config(NicMap *map, const char *path);
extern const NicMapEntry *nic_map_by_mac(const NicMap *map, const Mac *mac);
extern const NicMapEntry *nic_map_by_name(const NicMap *map, const char *name,
										  size_t len);

#endif							/* RDR_NICFIX_NIC_MAP_H */
