/*-------------------------------------------------------------------------
 *
 * udev_rules.h
 *	  Parser and planner for udev's 70-persistent-net.rules.
 *
 * The parser finds each rule (one logical line, possibly continued over
 * several physical lines with a trailing backslash) and the two keys that
 * decide a NIC's name: the ATTR{address}=="MAC" match and the NAME="..."
 * assignment.  The planner turns the file into the one rdr wants: rules
 * that would give a wanted name to another MAC, or a wanted MAC another
 * name, are commented out behind a marker line, and the wanted rule is
 * present exactly once.  Everything else is copied byte for byte.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_NICFIX_UDEV_RULES_H
#define RDR_NICFIX_UDEV_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "mac.h"
#include "nic_map.h"
#include "text_file.h"

/* Where a key's value sits: physical line, column, length (no quotes). */
typedef struct UdevValue
{
	size_t		line;
	size_t		col;
	size_t		len;
} UdevValue;

typedef struct UdevRule
{
	size_t		first;			/* first physical line (0-based) */
	size_t		last;			/* last physical line */
	bool		has_mac;		/* has an ATTR{address}=="..." match */
	bool		mac_valid;		/* ... whose value is a plain MAC */
	Mac			mac;
	UdevValue	mac_at;
	bool		has_name;		/* has a NAME= / NAME:= assignment */
	UdevValue	name_at;
} UdevRule;

typedef struct UdevRules
{
	UdevRule   *rules;
	size_t		n;
	size_t		cap;
} UdevRules;

extern bool udev_rules_parse(const TextFile *tf, UdevRules *rules);
extern void udev_rules_free(UdevRules *rules);
extern bool udev_rules_plan(const TextFile *in, const UdevRules *rules,
							const NicMap *map, const char *stamp,
							TextFile *out);

#endif							/* RDR_NICFIX_UDEV_RULES_H */
