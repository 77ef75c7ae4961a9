/*-------------------------------------------------------------------------
 *
 * rest_api.h
 *	  The RHEV 3.0 (v3) and oVirt 4.x (v4) REST APIs: version detection
 *	  from the entry point, reading hosts, VMs, NICs, networks, clusters
 *	  and events the same way from both, and building the request bodies
 *	  of every action rdr takes.
 *
 * The differences rdr cares about (see sim/API.md):
 *		state		v3 <status><state>up</state></status>	v4 <status>up</status>
 *		MAC			v3 <mac address=".."/>					v4 <mac><address>..</address></mac>
 *		SPM			v3 <storage_manager>true</..>			v4 <spm><status>spm</status></spm>
 *		networks	v3 nics/ID/attach + commitnetconfig		v4 setupnetworks + commitnetconfig
 *		version		v3 <version major="3"/>					v4 <version><major>4</major></version>
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_REST_API_H
#define RDR_REST_API_H

#include <stdbool.h>
#include <stddef.h>

#include "rest_xml.h"

/* One object of a listing, with the fields rdr uses (empty when absent). */
typedef struct RdrApiEntity
{
	char		id[64];
	char		name[256];
	char		state[48];		/* status */
	char		cluster_id[64];
	char		dc_id[64];		/* data_center/@id */
	char		host_id[64];	/* events: host/@id; nics: host/@id */
	char		network_id[64]; /* nics: attached network */
	char		mac[32];		/* nics, lower case */
	char		spm[16];		/* hosts: "spm", "contending", "none" */
	bool		vlan;			/* nics: a VLAN device */
	bool		bond;			/* nics: a bond (<bonding>) */
	char		master_id[64];	/* nics: the bond of a slave (link
								 * rel="master") */
	int			code;			/* events */
	long		event_id;		/* events: numeric id */
	char		description[512];	/* events */
} RdrApiEntity;

/*
 * rdr_api_parse_entry_point: version (RDR_API_V3/V4) and "name version"
 * of the product from the entry point.  False if it is not one.
 */
extern bool rdr_api_parse_entry_point(const RdrXmlDoc *doc, int *version,
									  char *product, size_t size);

/*
 * rdr_api_parse_list: the elements named elem ("host", "vm", ...) under the
 * root of a listing, or the root itself if it is a single elem.  *out is
 * malloc'd (free it); returns the count, -1 after logging when the answer
 * is not the expected listing (what names it in the message).
 */
extern int	rdr_api_parse_list(int version, const RdrXmlDoc *doc,
							   const char *elem, RdrApiEntity **out,
							   const char *what);

/*
 * rdr_api_missing_networks: from a 519 event's description ("... the
 * following networks are missing on host: 'public,rhev'"), the names
 * between the quotes, comma-separated, into buf.  False if none.
 */
extern bool rdr_api_missing_networks(const char *description, char *buf,
									 size_t size);

/* rdr_api_mac_equal: MACs compared case-insensitively ("00:1A" == "00:1a"). */
extern bool rdr_api_mac_equal(const char *a, const char *b);

/*
 * rdr_api_nic_for_mac: the NIC of a host that a network for MAC goes on,
 * among the nics that share the MAC (VLAN devices share their base NIC's
 * MAC, bond slaves their bond's): the physical NIC, else the bond; a
 * slave leads to its bond, a VLAN device is never chosen.  Returns the
 * index into nics, -1 when no usable NIC has the MAC (why says so).
 * When more than one NIC has the MAC, why says which one was chosen and
 * why ("" otherwise).
 */
extern int	rdr_api_nic_for_mac(const RdrApiEntity *nics, int n, const char *mac,
								char *why, size_t size);

/*
 * Request bodies: malloc'd XML strings (NULL after logging on OOM).
 */
extern char *rdr_api_body_empty_action(void);
extern char *rdr_api_body_approve(const char *cluster_id);
extern char *rdr_api_body_attach(const char *network_id);

/* v4: attach each (network_ids[i], nic_ids[i]) in one setupnetworks */
extern char *rdr_api_body_setupnetworks(int n, const char *const *network_ids,
										const char *const *nic_ids);
extern char *rdr_api_body_fence_manual(void);
extern char *rdr_api_body_vm_cluster(const char *cluster_id);

/* rdr_api_action_failed: the <action> answer says "failed" (detail into buf). */
extern bool rdr_api_action_failed(int version, const RdrXmlDoc *doc,
								  char *buf, size_t size);

#endif							/* RDR_REST_API_H */
