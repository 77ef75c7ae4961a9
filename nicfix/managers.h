/*-------------------------------------------------------------------------
 *
 * managers.h
 *	  The EL7-EL9 naming schemes under a root: NetworkManager keyfiles and
 *	  systemd .link files, found and planned file by file.
 *
 * RHEL 6 names NICs in udev's 70-persistent-net.rules (nicfix.c).  Newer
 * managers have none: EL7 names them after the ifcfg file whose HWADDR
 * is their MAC (initscripts' rename_device, also planned in nicfix.c),
 * EL8/EL9 profiles are NetworkManager keyfiles, and any of them may pin
 * names in systemd .link files.  Each scheme present is planned; the
 * files are read, parsed and planned like the others, before anything is
 * written, and go through the same FilePlan (atomic, backed up, undone).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_MANAGERS_H
#define RDR_NICFIX_MANAGERS_H

#include <stdbool.h>

#include "file_plan.h"
#include "nic_map.h"

extern bool managers_plan(const char *root, const NicMap *map,
						  FilePlan *plan, bool *found, bool *named);
extern bool managers_plan_undo(const char *root, FilePlan *plan);

#endif							/* RDR_NICFIX_MANAGERS_H */
