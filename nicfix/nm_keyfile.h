/*-------------------------------------------------------------------------
 *
 * nm_keyfile.h
 *	  NetworkManager keyfiles (EL8/EL9): re-binding connection profiles
 *	  to site B's NICs.
 *
 * A profile in /etc/NetworkManager/system-connections (NAME.nmconnection)
 * applies to a device only when both its "[connection] interface-name="
 * and its "[ethernet] mac-address=" (matched against the device's
 * permanent MAC) fit.  On site B the name is right but the MAC is site
 * A's, so the profile never activates: the manager has no network.  For
 * a profile whose interface-name is a wanted name, rdr sets mac-address
 * to the wanted MAC and comments out a cloned-mac-address that pins one
 * of the old MACs; every other line stays as it is.  Keyfiles do not
 * name interfaces: the name itself comes from udev (ifcfg HWADDR, a
 * .link file, or the kernel's predictable names).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_NM_KEYFILE_H
#define RDR_NICFIX_NM_KEYFILE_H

#include <stdbool.h>

#include "nic_map.h"
#include "text_file.h"

#define NM_KEYFILE_DIR "/etc/NetworkManager/system-connections"
#define NM_KEYFILE_SUFFIX ".nmconnection"

extern bool nm_keyfile_plan(const TextFile *in, const NicMap *map,
							TextFile *out);

#endif							/* RDR_NICFIX_NM_KEYFILE_H */
