/*-------------------------------------------------------------------------
 *
 * rest_api.c
 *	  Version detection and the per-version shapes of the REST API.
 *
 * Reading goes through relative XPath expressions evaluated on each
 * element of a listing, one expression per field and version, so that the
 * workflow never sees which API generation it talks to.  Bodies are built
 * with rest_xml.c's tree builder: ids and names are escaped by libxml2.
 *
 *-------------------------------------------------------------------------
 */
#include "rest_api.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "numparse.h"
#include "rest_client.h"

/*
 * rdr_api_parse_entry_point: v4 has <version><major>4</major>, v3 has
 * <version major="3"/>; the element form is checked first because a v4
 * engine might keep the attribute for old clients.
 */
bool
rdr_api_parse_entry_point(const RdrXmlDoc *doc, int *version, char *product,
						  size_t size)
{
	char		major[16];
	int			n_major;
	char		name[96] = "";
	char		full[48] = "";

	*version = RDR_API_UNKNOWN;
	if (strcmp(rdr_xml_root_name(doc), "api") != 0)
		return false;
	if (!rdr_xml_string(doc, NULL, "/api/product_info/version/major", major,
						sizeof(major)) &&
		!rdr_xml_string(doc, NULL, "/api/product_info/version/@major", major,
						sizeof(major)))
		return false;
	if (!rdr_parse_int(major, 0, INT_MAX, &n_major))
		return false;
	*version = n_major >= 4 ? RDR_API_V4 : RDR_API_V3;

	rdr_xml_string(doc, NULL, "/api/product_info/name", name, sizeof(name));
	if (!rdr_xml_string(doc, NULL, "/api/product_info/version/full_version",
						full, sizeof(full)))
	{
		char		minor[16] = "";

		rdr_xml_string(doc, NULL, "/api/product_info/version/@minor", minor,
					   sizeof(minor));
		snprintf(full, sizeof(full), "%s.%s", major, minor[0] ? minor : "0");
	}
	snprintf(product, size, "%s %s", name[0] ? name : "unknown product", full);
	return true;
}

/* lower: ASCII lower-case in place */
static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char) tolower((unsigned char) *s);
}

/*
 * parse_entity: the fields of one element.  Fields an element does not
 * have stay empty; the callers check what they need.
 */
static void
parse_entity(int version, const RdrXmlDoc *doc, xmlNodePtr node,
			 RdrApiEntity *e)
{
	bool		v4 = version >= RDR_API_V4;
	char		num[32];
	int64_t		id;
	int			count;

	memset(e, 0, sizeof(RdrApiEntity));
	rdr_xml_string(doc, node, "@id", e->id, sizeof(e->id));
	rdr_xml_string(doc, node, "name", e->name, sizeof(e->name));
	rdr_xml_string(doc, node, v4 ? "status" : "status/state", e->state,
				   sizeof(e->state));
	rdr_xml_string(doc, node, "cluster/@id", e->cluster_id, sizeof(e->cluster_id));
	rdr_xml_string(doc, node, "data_center/@id", e->dc_id, sizeof(e->dc_id));
	rdr_xml_string(doc, node, "host/@id", e->host_id, sizeof(e->host_id));
	rdr_xml_string(doc, node, "network/@id", e->network_id, sizeof(e->network_id));
	rdr_xml_string(doc, node, v4 ? "mac/address" : "mac/@address", e->mac,
				   sizeof(e->mac));
	lower(e->mac);
	if (v4)
		rdr_xml_string(doc, node, "spm/status", e->spm, sizeof(e->spm));
	else if (rdr_xml_string(doc, node, "storage_manager", num, sizeof(num)))
		snprintf(e->spm, sizeof(e->spm), "%s",
				 strcmp(num, "true") == 0 ? "spm" : "none");
	/* an answer's numbers are checked: a bad one counts as none (0) */
	if (rdr_xml_string(doc, node, "code", num, sizeof(num)) &&
		!rdr_parse_int(num, INT_MIN, INT_MAX, &e->code))
		e->code = 0;
	/* only an event's id is a number; a GUID is no event id */
	e->event_id = rdr_parse_int64(e->id, 0, INT64_MAX, &id) ? (long) id : 0;
	rdr_xml_string(doc, node, "description", e->description,
				   sizeof(e->description));

	/*
	 * NICs: restapi BackendHostNicsResource (3.0 and 4.5) gives a bond
	 * <bonding><slaves>, a slave <link rel="master" href=".../nics/BOND"/>;
	 * HostNicMapper gives a VLAN device <vlan id="N"/> (4.x also
	 * <base_interface>).  The 3.0 mapper has no <vlan>: there VDSM's name,
	 * "eth1.100", is all that tells a VLAN device.
	 */
	if (strcmp((const char *) node->name, "host_nic") == 0)
	{
		char		href[256];
		const char *slash;

		if (rdr_xml_string(doc, node, "count(vlan|base_interface)", num, sizeof(num)))
			e->vlan = (rdr_parse_int(num, 0, INT_MAX, &count) && count > 0) ||
				(!v4 && strchr(e->name, '.') != NULL);
		if (rdr_xml_string(doc, node, "count(bonding)", num, sizeof(num)))
			e->bond = rdr_parse_int(num, 0, INT_MAX, &count) && count > 0;
		if (rdr_xml_string(doc, node, "link[@rel='master']/@href", href, sizeof(href)))
		{
			slash = strrchr(href, '/');
			slash = slash ? slash + 1 : href;
			if (strlen(slash) < sizeof(e->master_id))
				memcpy(e->master_id, slash, strlen(slash) + 1);
		}
	}
}

/*
 * rdr_api_parse_list: see rest_api.h.  A listing's root is the plural
 * ("hosts", "host_nics", "data_centers"): any root other than elem, whose
 * children named elem are the entries, is accepted; a <fault> is not.
 */
int
rdr_api_parse_list(int version, const RdrXmlDoc *doc, const char *elem,
				   RdrApiEntity **out, const char *what)
{
	const char *root = rdr_xml_root_name(doc);
	RdrXmlNodes nodes;
	char		expr[80];
	int			n;

	*out = NULL;
	if (strcmp(root, "fault") == 0 || strcmp(root, "action") == 0 ||
		(strcmp(root, elem) != 0 && strncmp(root, elem, strlen(elem)) != 0 &&
		 strstr(root, "s") == NULL))
	{
		rdr_log_error("%s is a <%s>, not a listing of <%s>", what, root, elem);
		return -1;
	}
	if (strcmp(root, elem) == 0)
		snprintf(expr, sizeof(expr), "/%s", elem);
	else
		snprintf(expr, sizeof(expr), "/*/%s", elem);
	nodes = rdr_xml_find(doc, NULL, expr);
	n = nodes.count;
	if (n > 0)
	{
		*out = calloc((size_t) n, sizeof(RdrApiEntity));
		if (*out == NULL)
		{
			rdr_log_error("out of memory");
			rdr_xml_nodes_free(&nodes);
			return -1;
		}
		for (int i = 0; i < n; i++)
			parse_entity(version, doc, nodes.nodes[i], &(*out)[i]);
	}
	rdr_xml_nodes_free(&nodes);
	return n;
}

/*
 * rdr_api_missing_networks: see rest_api.h.  The engine's message (event
 * 519, VDS_SET_NONOPERATIONAL_NETWORK) quotes the list; the seed's awk
 * took the second word and the one before last, which breaks on any other
 * host name.
 */
bool
rdr_api_missing_networks(const char *description, char *buf, size_t size)
{
	const char *open = strchr(description, '\'');
	const char *close = open ? strrchr(description, '\'') : NULL;
	size_t		len;

	buf[0] = '\0';
	if (open == NULL || close == NULL || close <= open + 1)
		return false;
	len = (size_t) (close - open - 1);
	if (len >= size)
		return false;
	memcpy(buf, open + 1, len);
	buf[len] = '\0';
	return true;
}

/* rdr_api_mac_equal: see rest_api.h */
bool
rdr_api_mac_equal(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* nic_kind: how a NIC is named in the choice's explanation */
static const char *
nic_kind(const RdrApiEntity *nic)
{
	if (nic->vlan)
		return "a VLAN device";
	if (nic->master_id[0])
		return "a bond slave";
	if (nic->bond)
		return "a bond";
	return "the physical NIC";
}

/*
 * rdr_api_nic_for_mac: see rest_api.h.  The engine refuses a network on a
 * bond slave (3.0 AttachNetworkToVdsInterfaceCommand,
 * NETWORK_INTERFACE_ALREADY_IN_BOND) and an attachment that references a
 * VLAN device (4.5 HostSetupNetworksValidator,
 * ATTACHMENT_REFERENCE_VLAN_DEVICE); a VLAN device in 3.0 would carry
 * the network tagged, which is not the network the configuration names.
 */
int
rdr_api_nic_for_mac(const RdrApiEntity *nics, int n, const char *mac,
					char *why, size_t size)
{
	int			chosen = -1;
	int			cand;
	int			count = 0;
	char		list[512] = "";
	size_t		len = 0;

	why[0] = '\0';
	for (int i = 0; i < n; i++)
	{
		if (!rdr_api_mac_equal(nics[i].mac, mac))
			continue;
		count++;
		if (len < sizeof(list))
			len += (size_t) snprintf(list + len, sizeof(list) - len, "%s%s (%s)",
									 len ? ", " : "", nics[i].name, nic_kind(&nics[i]));
		if (nics[i].vlan)
			continue;
		cand = i;
		if (nics[i].master_id[0])
		{
			/* a slave: its bond, when the host lists it */
			cand = -1;
			for (int j = 0; j < n; j++)
				if (strcmp(nics[j].id, nics[i].master_id) == 0 && !nics[j].vlan)
					cand = j;
			if (cand < 0)
				continue;
		}
		/* the first physical NIC wins over a bond */
		if (chosen < 0 || (nics[chosen].bond && !nics[cand].bond))
			chosen = cand;
	}
	if (chosen < 0)
	{
		if (count == 0)
			snprintf(why, size, "the host has no NIC with MAC %s", mac);
		else
			snprintf(why, size, "no NIC with MAC %s can carry a network: %s",
					 mac, list);
		return -1;
	}
	if (count > 1 || !rdr_api_mac_equal(nics[chosen].mac, mac))
		snprintf(why, size, "MAC %s is on %s; chose %s, %s", mac, list,
				 nics[chosen].name, nic_kind(&nics[chosen]));
	return chosen;
}

/* rdr_api_body_empty_action: <action/>, the body of activate, commitnetconfig, start */
char *
rdr_api_body_empty_action(void)
{
	return rdr_xml_body_finish(rdr_xml_body_new("action"));
}

/* body_action_with_id: <action><elem id="ID"/></action> */
static char *
body_action_with_id(const char *elem, const char *id)
{
	RdrXmlBody *b = rdr_xml_body_new("action");

	if (b == NULL)
		return NULL;
	rdr_xml_set_attr(rdr_xml_add(b, NULL, elem, NULL), "id", id);
	return rdr_xml_body_finish(b);
}

/* rdr_api_body_approve: <action><cluster id=".."/></action> */
char *
rdr_api_body_approve(const char *cluster_id)
{
	return body_action_with_id("cluster", cluster_id);
}

/* rdr_api_body_attach: <action><network id=".."/></action> (v3) */
char *
rdr_api_body_attach(const char *network_id)
{
	return body_action_with_id("network", network_id);
}

/*
 * rdr_api_body_setupnetworks: oVirt 4's one-shot network change; the
 * attachments are committed with a separate commitnetconfig, as in v3.
 */
char *
rdr_api_body_setupnetworks(int n, const char *const *network_ids,
						   const char *const *nic_ids)
{
	RdrXmlBody *b = rdr_xml_body_new("action");
	xmlNodePtr	mods;

	if (b == NULL)
		return NULL;
	mods = rdr_xml_add(b, NULL, "modified_network_attachments", NULL);
	for (int i = 0; i < n && mods; i++)
	{
		xmlNodePtr	att = rdr_xml_add(b, mods, "network_attachment", NULL);

		if (att == NULL)
			break;
		rdr_xml_set_attr(rdr_xml_add(b, att, "network", NULL), "id", network_ids[i]);
		rdr_xml_set_attr(rdr_xml_add(b, att, "host_nic", NULL), "id", nic_ids[i]);
	}
	rdr_xml_add(b, NULL, "check_connectivity", "true");
	return rdr_xml_body_finish(b);
}

/* rdr_api_body_fence_manual: <action><fence_type>manual</fence_type></action> */
char *
rdr_api_body_fence_manual(void)
{
	RdrXmlBody *b = rdr_xml_body_new("action");

	if (b == NULL)
		return NULL;
	rdr_xml_add(b, NULL, "fence_type", "manual");
	return rdr_xml_body_finish(b);
}

/*
 * rdr_api_body_vm_cluster: the cluster by id, not by name as the seed did:
 * a name can exist in two data centers.
 */
char *
rdr_api_body_vm_cluster(const char *cluster_id)
{
	RdrXmlBody *b = rdr_xml_body_new("vm");

	if (b == NULL)
		return NULL;
	rdr_xml_set_attr(rdr_xml_add(b, NULL, "cluster", NULL), "id", cluster_id);
	return rdr_xml_body_finish(b);
}

/*
 * rdr_api_action_failed: an <action> answer whose status is "failed"
 * (a 200 the engine could not carry out); its <fault> detail into buf.
 */
bool
rdr_api_action_failed(int version, const RdrXmlDoc *doc, char *buf, size_t size)
{
	char		state[32];

	buf[0] = '\0';
	if (strcmp(rdr_xml_root_name(doc), "action") != 0)
		return false;
	if (!rdr_xml_string(doc, NULL,
						version >= RDR_API_V4 ? "/action/status" : "/action/status/state",
						state, sizeof(state)))
		return false;
	if (strcmp(state, "failed") != 0)
		return false;
	if (!rdr_xml_string(doc, NULL, "/action/fault/detail", buf, size))
		snprintf(buf, size, "the action failed");
	return true;
}
