/*-------------------------------------------------------------------------
 *
 * nicfix.h
 *	  Planning every file change of an rdr-nicfix run on a root directory.
 *
 * The files are the manager's persistent-net rules and its ifcfg-* files
 * (RHEL 6); without the rules file, its ifcfg HWADDRs (EL7), and on any
 * manager its NetworkManager keyfiles and systemd .link files (managers.h),
 * found under root: "" for the running system, or an image's directory as
 * realpath() gives it (no trailing slash, no symbolic links).  In an image
 * the directories are opened once without following any symbolic link and
 * every file is then reached through them (beneath.h, file_plan.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_NICFIX_H
#define RDR_NICFIX_NICFIX_H

#include <stdbool.h>

#include "file_plan.h"
#include "nic_map.h"

#define NICFIX_RULES_DIR "/etc/udev/rules.d"
#define NICFIX_RULES_NAME "70-persistent-net.rules"
#define NICFIX_RULES_FILE NICFIX_RULES_DIR "/" NICFIX_RULES_NAME
#define NICFIX_SCRIPTS_DIR "/etc/sysconfig/network-scripts"

extern bool nicfix_plan(const char *root, const NicMap *map,
						const char *stamp, FilePlan *plan);
extern bool nicfix_plan_undo(const char *root, FilePlan *plan);

#endif							/* RDR_NICFIX_NICFIX_H */
