/*-------------------------------------------------------------------------
 *
 * mac.h
 *	  Ethernet hardware addresses and interface names, as rdr-nicfix
 *	  reads them from the command line, the configuration and udev rules.
 *
 * A MAC is kept in its canonical text form: six two-digit lower-case hex
 * octets separated by colons, which is what the kernel prints in
 * /sys/class/net/IFACE/address and therefore what udev's case-sensitive
 * ATTR{address} match needs.  Comparing canonical forms compares MACs
 * case-insensitively.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_MAC_H
#define RDR_NICFIX_MAC_H

#include <stdbool.h>
#include <stddef.h>

/* "00:25:b3:a9:b0:01" plus the terminating zero */
#define MAC_TEXT_LEN 18

/* Linux IFNAMSIZ (16) minus the terminating zero */
#define IFNAME_MAX_LEN 15

typedef struct Mac
{
	char		text[MAC_TEXT_LEN]; /* canonical, lower case */
} Mac;

extern bool mac_parse(const char *s, size_t len, Mac *mac);
extern bool mac_equal(const Mac *a, const Mac *b);
extern bool ifname_valid(const char *s, size_t len, const char **why);

#endif							/* RDR_NICFIX_MAC_H */
