/*-------------------------------------------------------------------------
 *
 * systemd_link.h
 *	  systemd .link files: the NIC names udev gives by MAC address.
 *
 * udev's net_setup_link applies to each NIC the first .link file, in
 * lexical order of the file names, whose [Match] section matches it; its
 * [Link] Name= is the NIC's name.  A file in /etc/systemd/network that
 * names site A's MAC "eth0" leaves site B's NIC with the kernel's name.
 * For a file whose Name= is a wanted name, rdr sets the [Match]
 * MACAddress= (and PermanentMACAddress=) to the wanted MAC.  A file that
 * matches a wanted MAC but gives it another name (or none) would win
 * over the wanted one if it sorts first, and cannot be disabled safely (a
 * .link file left without a match applies to every NIC on EL8's systemd
 * 239): it is an error, for the administrator to decide.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_SYSTEMD_LINK_H
#define RDR_NICFIX_SYSTEMD_LINK_H

#include <stdbool.h>

#include "nic_map.h"
#include "text_file.h"

#define SYSTEMD_LINK_DIR "/etc/systemd/network"
#define SYSTEMD_LINK_SUFFIX ".link"

extern bool systemd_link_plan(const TextFile *in, const NicMap *map,
							  TextFile *out);
extern long systemd_link_names(const TextFile *tf, const NicMap *map);

#endif							/* RDR_NICFIX_SYSTEMD_LINK_H */
