/*-------------------------------------------------------------------------
 *
 * hwaddr.h
 *	  Hardware addresses as NetworkManager keyfiles and systemd .link
 *	  files spell them.
 *
 * udev rules and ifcfg files use the colon form only (mac.h), but the
 * newer managers accept more: systemd.link(5) takes colon-, hyphen- and
 * dot-delimited hex ("01:23:45:67:89:ab", "01-23-45-67-89-ab",
 * "0123.4567.89ab"), and NetworkManager reads, besides the colon form it
 * writes (upper case), the obsolete list of six decimal bytes
 * "0;37;179;169;176;1;" of old keyfiles.  Every form ends up canonical
 * (lower-case colon form), so comparisons are case-insensitive.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_HWADDR_H
#define RDR_NICFIX_HWADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "mac.h"

extern bool hwaddr_parse_link(const char *s, size_t len, Mac *mac);
extern bool hwaddr_parse_nm(const char *s, size_t len, Mac *mac);
extern void hwaddr_upper(const Mac *mac, char out[MAC_TEXT_LEN]);

#endif							/* RDR_NICFIX_HWADDR_H */
