/*-------------------------------------------------------------------------
 *
 * sim_xml.c
 *	  Rendering the simulated API's representations and parsing request
 *	  bodies, in the shapes of sim/API.md.
 *
 * Rendering goes through xmlTextWriter so names with '<', '&' or quotes
 * are escaped like a real engine does; the client's round-trip tests rely
 * on it.  v3 and v4 differ in a few places only (status, mac, spm,
 * product_info), handled inline with x->api_version.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "sim_xml.h"
#include "sim_agent.h"

#define W(x) ((x)->w)
#define BAD_CAST_S(s) ((const xmlChar *) (s))

bool
sim_xml_begin(SimXml *x, int api_version)
{
	x->api_version = api_version;
	x->base = api_version == 4 ? "/ovirt-engine/api" : "/api";
	x->buf = xmlBufferCreate();
	if (x->buf == NULL)
		return false;
	x->w = xmlNewTextWriterMemory(x->buf, 0);
	if (x->w == NULL)
	{
		xmlBufferFree(x->buf);
		return false;
	}
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, BAD_CAST_S("  "));
	xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes");
	return true;
}

/*
 * sim_xml_finish
 *		End the document and return it as a malloc'd string.
 */
char *
sim_xml_finish(SimXml *x, size_t *len)
{
	char	   *out;

	xmlTextWriterEndDocument(x->w);
	xmlFreeTextWriter(x->w);
	*len = (size_t) xmlBufferLength(x->buf);
	out = malloc(*len + 1);
	if (out)
	{
		memcpy(out, xmlBufferContent(x->buf), *len);
		out[*len] = '\0';
	}
	xmlBufferFree(x->buf);
	return out;
}

void
sim_xml_abort(SimXml *x)
{
	xmlFreeTextWriter(x->w);
	xmlBufferFree(x->buf);
}

void
sim_xml_start(SimXml *x, const char *element)
{
	xmlTextWriterStartElement(W(x), BAD_CAST_S(element));
}

void
sim_xml_end(SimXml *x)
{
	xmlTextWriterEndElement(W(x));
}

static void
text_element(SimXml *x, const char *name, const char *value)
{
	xmlTextWriterWriteElement(W(x), BAD_CAST_S(name), BAD_CAST_S(value));
}

/* <NAME id="ID" href="BASE/COLL/ID"> (left open) */
static void
start_entity(SimXml *x, const char *name, const char *coll, const char *id)
{
	char		href[256];

	snprintf(href, sizeof(href), "%s/%s/%s", x->base, coll, id);
	xmlTextWriterStartElement(W(x), BAD_CAST_S(name));
	xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("id"), BAD_CAST_S(id));
	xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("href"), BAD_CAST_S(href));
}

/* <NAME id="ID" href="..."/>, a reference to another entity. */
static void
ref_element(SimXml *x, const char *name, const char *coll, const char *id)
{
	start_entity(x, name, coll, id);
	xmlTextWriterEndElement(W(x));
}

/* v3 <status><state>S</state>[<detail>D</detail>]</status>; v4 <status>S</status>. */
static void
status_element(SimXml *x, const char *state, const char *detail)
{
	if (x->api_version == 4)
	{
		text_element(x, "status", state);
		if (detail)
			text_element(x, "status_detail", detail);
		return;
	}
	xmlTextWriterStartElement(W(x), BAD_CAST_S("status"));
	text_element(x, "state", state);
	if (detail)
		text_element(x, "detail", detail);
	xmlTextWriterEndElement(W(x));
}

static void
link_element(SimXml *x, const char *rel, const char *path)
{
	char		href[256];

	snprintf(href, sizeof(href), "%s/%s", x->base, path);
	xmlTextWriterStartElement(W(x), BAD_CAST_S("link"));
	xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("href"), BAD_CAST_S(href));
	xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("rel"), BAD_CAST_S(rel));
	xmlTextWriterEndElement(W(x));
}

static void
summary_count(SimXml *x, const char *name, int total, int active)
{
	xmlTextWriterStartElement(W(x), BAD_CAST_S(name));
	xmlTextWriterWriteFormatElement(W(x), BAD_CAST_S("total"), "%d", total);
	xmlTextWriterWriteFormatElement(W(x), BAD_CAST_S("active"), "%d", active);
	xmlTextWriterEndElement(W(x));
}

/*
 * sim_xml_entry_point
 *		The API entry point; product_info.version is how clients tell v3
 *		(attributes) from v4 (elements).
 */
void
sim_xml_entry_point(SimXml *x, SimModel *m)
{
	static const char *const rels[] = {
		"capabilities", "datacenters", "clusters", "networks",
		"storagedomains", "hosts", "vms", "events"
	};
	size_t		i;
	int			active_vms = 0,
				active_hosts = 0,
				active_sds = 0,
				j;

	xmlTextWriterStartElement(W(x), BAD_CAST_S("api"));
	for (i = 0; i < sizeof(rels) / sizeof(rels[0]); i++)
		link_element(x, rels[i], rels[i]);
	link_element(x, "events/search", "events?search={query}&from={event_id}");
	xmlTextWriterStartElement(W(x), BAD_CAST_S("product_info"));
	if (x->api_version == 4)
	{
		text_element(x, "name", "oVirt Engine");
		text_element(x, "vendor", "ovirt.org");
		xmlTextWriterStartElement(W(x), BAD_CAST_S("version"));
		text_element(x, "build", "0");
		text_element(x, "full_version", "4.4.10");
		text_element(x, "major", "4");
		text_element(x, "minor", "4");
		text_element(x, "revision", "0");
		xmlTextWriterEndElement(W(x));
	}
	else
	{
		text_element(x, "name", "Red Hat Enterprise Virtualization Manager");
		text_element(x, "vendor", "Red Hat");
		xmlTextWriterStartElement(W(x), BAD_CAST_S("version"));
		xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("major"), BAD_CAST_S("3"));
		xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("minor"), BAD_CAST_S("0"));
		xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("build"), BAD_CAST_S("0"));
		xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("revision"), BAD_CAST_S("0"));
		xmlTextWriterEndElement(W(x));
	}
	xmlTextWriterEndElement(W(x));
	for (j = 0; j < m->n_vms; j++)
		active_vms += m->vms[j].state != VM_DOWN;
	for (j = 0; j < m->n_hosts; j++)
		active_hosts += m->hosts[j].state == HOST_UP;
	for (j = 0; j < m->n_sds; j++)
		active_sds += m->sds[j].active;
	xmlTextWriterStartElement(W(x), BAD_CAST_S("summary"));
	summary_count(x, "vms", m->n_vms, active_vms);
	summary_count(x, "hosts", m->n_hosts, active_hosts);
	summary_count(x, "storage_domains", m->n_sds, active_sds);
	xmlTextWriterEndElement(W(x));
	xmlTextWriterEndElement(W(x));
}

void
sim_xml_datacenter(SimXml *x, SimModel *m, int i)
{
	SimDataCenter *d = &m->dcs[i];

	start_entity(x, "data_center", "datacenters", d->id);
	text_element(x, "name", d->name);
	text_element(x, "storage_type", d->storage_type);
	status_element(x, sim_dc_state_name(m, i), NULL);
	xmlTextWriterEndElement(W(x));
}

void
sim_xml_cluster(SimXml *x, SimModel *m, int i)
{
	SimCluster *c = &m->clusters[i];

	start_entity(x, "cluster", "clusters", c->id);
	text_element(x, "name", c->name);
	ref_element(x, "data_center", "datacenters", m->dcs[c->dc].id);
	xmlTextWriterEndElement(W(x));
}

void
sim_xml_network(SimXml *x, SimModel *m, int i)
{
	SimNetwork *n = &m->networks[i];

	start_entity(x, "network", "networks", n->id);
	text_element(x, "name", n->name);
	ref_element(x, "data_center", "datacenters", m->dcs[n->dc].id);
	status_element(x, "operational", NULL);
	xmlTextWriterEndElement(W(x));
}

/*
 * sim_xml_host
 *		v3 (RHEV 3.0) shows the SPM role only as <storage_manager>; the
 *		contending phase is visible there only through the data center's
 *		"contend" state.  v4 has <spm><status>.
 */
void
sim_xml_host(SimXml *x, SimModel *m, int i)
{
	SimHost    *h = &m->hosts[i];

	start_entity(x, "host", "hosts", h->id);
	text_element(x, "name", h->name);
	text_element(x, "address", h->address);
	status_element(x, sim_host_state_name(h->state),
				   h->state == HOST_NON_OPERATIONAL && h->network_unreachable ?
				   "network_unreachable" : NULL);
	ref_element(x, "cluster", "clusters", m->clusters[h->cluster].id);
	text_element(x, "port", "54321");
	if (x->api_version == 4)
	{
		xmlTextWriterStartElement(W(x), BAD_CAST_S("spm"));
		text_element(x, "priority", "5");
		text_element(x, "status", sim_spm_state_name(h->spm));
		xmlTextWriterEndElement(W(x));
	}
	else
		text_element(x, "storage_manager", h->spm == SPM_SPM ? "true" : "false");
	xmlTextWriterEndElement(W(x));
}

void
sim_xml_nic(SimXml *x, SimModel *m, int i)
{
	SimNic	   *n = &m->nics[i];
	SimHost    *h = &m->hosts[n->host];
	char		coll[128];

	snprintf(coll, sizeof(coll), "hosts/%s/nics", h->id);
	start_entity(x, "host_nic", coll, n->id);
	text_element(x, "name", n->name);
	ref_element(x, "host", "hosts", h->id);
	if (n->network >= 0)
		ref_element(x, "network", "networks", m->networks[n->network].id);
	{
		/* upper case, as the engine stores and lists them (seed 7.4) */
		char		mac[32];

		snprintf(mac, sizeof(mac), "%s", n->mac);
		for (char *p = mac; *p && !m->lenient; p++)
			*p = (char) toupper((unsigned char) *p);
		xmlTextWriterStartElement(W(x), BAD_CAST_S("mac"));
		if (x->api_version == 4)
			text_element(x, "address", mac);
		else
			xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("address"), BAD_CAST_S(mac));
	}
	xmlTextWriterEndElement(W(x));
	status_element(x, "up", NULL);

	/*
	 * Bonds, slaves and VLAN devices as restapi BackendHostNicsResource
	 * (addSlaveLinks, addMasterLink) and HostNicMapper give them, 3.0 and
	 * 4.5; the 3.0 mapper has no <vlan>, the device's name says it.
	 */
	if (n->vlan && x->api_version == 4)
	{
		char		vid[16];
		char		base[128];

		snprintf(vid, sizeof(vid), "%d", n->vlan);
		xmlTextWriterStartElement(W(x), BAD_CAST_S("vlan"));
		xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("id"), BAD_CAST_S(vid));
		xmlTextWriterEndElement(W(x));
		snprintf(base, sizeof(base), "%.*s", (int) strcspn(n->name, "."), n->name);
		text_element(x, "base_interface", base);
	}
	if (n->bond)
	{
		xmlTextWriterStartElement(W(x), BAD_CAST_S("bonding"));
		xmlTextWriterStartElement(W(x), BAD_CAST_S("slaves"));
		for (int k = 0; k < m->n_nics; k++)
			if (m->nics[k].master == i)
				ref_element(x, "host_nic", coll, m->nics[k].id);
		xmlTextWriterEndElement(W(x));
		xmlTextWriterEndElement(W(x));
	}
	if (n->master >= 0)
	{
		char		path[256];

		snprintf(path, sizeof(path), "%s/%s", coll, m->nics[n->master].id);
		link_element(x, "master", path);
	}
	xmlTextWriterEndElement(W(x));
}

void
sim_xml_vm(SimXml *x, SimModel *m, int i)
{
	SimVm	   *v = &m->vms[i];

	start_entity(x, "vm", "vms", v->id);
	if (!m->lenient)
	{
		/* the action links and display of BackendVmResource / VmMapper */
		static const char *const acts[] = {"start", "stop", "shutdown", "ticket"};

		xmlTextWriterStartElement(W(x), BAD_CAST_S("actions"));
		for (size_t a = 0; a < sizeof(acts) / sizeof(acts[0]); a++)
		{
			char		href[256];

			snprintf(href, sizeof(href), "%s/vms/%s/%s", x->base, v->id, acts[a]);
			xmlTextWriterStartElement(W(x), BAD_CAST_S("link"));
			xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("href"), BAD_CAST_S(href));
			xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("rel"), BAD_CAST_S(acts[a]));
			xmlTextWriterEndElement(W(x));
		}
		xmlTextWriterEndElement(W(x));
	}
	text_element(x, "name", v->name);
	status_element(x, sim_vm_state_name(v->state), NULL);
	ref_element(x, "cluster", "clusters", m->clusters[v->cluster].id);
	text_element(x, "creation_time", v->creation_time);
	if (!m->lenient)
	{
		xmlTextWriterStartElement(W(x), BAD_CAST_S("display"));
		text_element(x, "type", "spice");
		if (v->state == VM_UP || v->state == VM_POWERING_UP)
		{
			text_element(x, "address", "127.0.0.1");
			text_element(x, "port", "5900");
			text_element(x, "secure_port", "5901");
		}
		text_element(x, "monitors", "1");
		xmlTextWriterEndElement(W(x));
	}
	sim_xml_guest_info(x, m, i);
	xmlTextWriterEndElement(W(x));
}

void
sim_xml_storage_domain(SimXml *x, SimModel *m, int i)
{
	SimStorageDomain *sd = &m->sds[i];

	start_entity(x, "storage_domain", "storagedomains", sd->id);
	text_element(x, "name", sd->name);
	text_element(x, "type", sd->type);
	text_element(x, "master", sd->master ? "true" : "false");
	xmlTextWriterStartElement(W(x), BAD_CAST_S("storage"));
	text_element(x, "type", sd->storage_type);
	xmlTextWriterEndElement(W(x));
	status_element(x, sd->active ? "active" : "inactive", NULL);
	ref_element(x, "data_center", "datacenters", m->dcs[sd->dc].id);
	xmlTextWriterEndElement(W(x));
}

/* Event times: wall clock at start plus simulated seconds, engine format. */
static void
format_time(SimModel *m, double t, char *out, size_t len)
{
	double		wall = m->wall_start + (t - m->mono_start);
	time_t		secs = (time_t) wall;
	struct tm	tm;
	char		base[32];
	unsigned	ms = (unsigned) ((wall - (double) secs) * 1000) % 1000;

	gmtime_r(&secs, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%.19s.%03u+00:00", base, ms);
}

void
sim_xml_event(SimXml *x, SimModel *m, int i)
{
	SimEvent   *e = &m->events[i];
	char		id[32],
				href[128],
				when[64];

	snprintf(id, sizeof(id), "%ld", e->id);
	snprintf(href, sizeof(href), "%s/events/%ld", x->base, e->id);
	xmlTextWriterStartElement(W(x), BAD_CAST_S("event"));
	xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("id"), BAD_CAST_S(id));
	xmlTextWriterWriteAttribute(W(x), BAD_CAST_S("href"), BAD_CAST_S(href));
	text_element(x, "description", e->description);
	xmlTextWriterWriteFormatElement(W(x), BAD_CAST_S("code"), "%d", e->code);
	text_element(x, "severity", e->severity);
	format_time(m, e->time, when, sizeof(when));
	text_element(x, "time", when);
	if (e->host >= 0)
		ref_element(x, "host", "hosts", m->hosts[e->host].id);
	if (e->cluster >= 0)
		ref_element(x, "cluster", "clusters", m->clusters[e->cluster].id);
	if (e->vm >= 0)
		ref_element(x, "vm", "vms", m->vms[e->vm].id);
	xmlTextWriterEndElement(W(x));
}

/*
 * sim_xml_fault
 *		A <fault>.  The detail may quote request bytes (a parser message, a
 *		root element name), which need not be valid UTF-8 or XML
 *		characters: those are replaced by '?' so the answer stays valid XML.
 *		Valid UTF-8 is kept: a localised engine's texts are not ASCII.
 */
void
sim_xml_fault(SimXml *x, const char *reason, const char *detail)
{
	char		clean[1024];
	size_t		i = 0,
				o = 0;

	while (detail[i] && o < sizeof(clean) - 1)
	{
		unsigned char ch = (unsigned char) detail[i];
		int			n = 4;

		if (ch >= 0x80 && xmlGetUTF8Char((const unsigned char *) detail + i, &n) >= 0 &&
			o + (size_t) n < sizeof(clean))
		{
			memcpy(clean + o, detail + i, (size_t) n);
			o += (size_t) n;
			i += (size_t) n;
			continue;
		}
		clean[o++] = (ch >= 0x80 || (ch < 0x20 && ch != '\t')) ? '?' : (char) ch;
		i++;
	}
	clean[o] = '\0';
	xmlTextWriterStartElement(W(x), BAD_CAST_S("fault"));
	text_element(x, "reason", reason);
	text_element(x, "detail", clean);
	xmlTextWriterEndElement(W(x));
}

/* Copy a request element (and its subtree) into the response. */
static void
echo_node(SimXml *x, xmlNodePtr n)
{
	xmlAttrPtr	a;
	xmlNodePtr	c;

	if (n->type == XML_TEXT_NODE)
	{
		xmlChar    *s = xmlNodeGetContent(n);

		xmlTextWriterWriteString(W(x), s);
		xmlFree(s);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	xmlTextWriterStartElement(W(x), n->name);
	for (a = n->properties; a; a = a->next)
	{
		xmlChar    *v = xmlNodeListGetString(n->doc, a->children, 1);

		xmlTextWriterWriteAttribute(W(x), a->name, v ? v : BAD_CAST_S(""));
		xmlFree(v);
	}
	for (c = n->children; c; c = c->next)
		echo_node(x, c);
	xmlTextWriterEndElement(W(x));
}

/*
 * sim_xml_action_done
 *		The answer to a completed action: the request's elements echoed,
 *		then the completed status (v3 <status><state>complete</state>).
 */
void
sim_xml_action_done(SimXml *x, xmlNodePtr request)
{
	sim_xml_action_state(x, request, "complete");
}

/* sim_xml_action_state: the same with another state ("failed"). */
void
sim_xml_action_state(SimXml *x, xmlNodePtr request, const char *state)
{
	xmlNodePtr	c;

	xmlTextWriterStartElement(W(x), BAD_CAST_S("action"));
	for (c = request ? request->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *) c->name, "status") != 0)
			echo_node(x, c);
	status_element(x, state, NULL);
	xmlTextWriterEndElement(W(x));
}

/*
 * sim_xml_parse
 *		Parse a request body whose root element must be root.  No network
 *		access, no entity expansion, no DTD loading: request bodies are
 *		untrusted.
 */
xmlDocPtr
sim_xml_parse(const char *body, size_t len, const char *root, char *err,
			  size_t errlen)
{
	xmlDocPtr	doc;
	xmlNodePtr	r;

	if (len == 0)
	{
		snprintf(err, errlen, "Request body is empty, <%s> expected", root);
		return NULL;
	}
	doc = xmlReadMemory(body, (int) len, "request.xml", NULL,
						XML_PARSE_NONET | XML_PARSE_NOERROR |
						XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
	if (doc == NULL)
	{
		const xmlError *e = xmlGetLastError();

		snprintf(err, errlen, "Request body is not well-formed XML: line %d: %s",
				 e ? e->line : 0, e && e->message ? e->message : "?\n");
		/* libxml2 messages end with a newline */
		if (strlen(err) && err[strlen(err) - 1] == '\n')
			err[strlen(err) - 1] = '\0';
		/* and may quote the body's bytes, which need not be UTF-8 */
		for (char *p = err; *p; p++)
			if ((unsigned char) *p < 0x20 || (unsigned char) *p >= 0x7f)
				*p = '?';
		return NULL;
	}
	r = xmlDocGetRootElement(doc);
	if (r == NULL || strcmp((const char *) r->name, root) != 0)
	{
		snprintf(err, errlen, "Root element <%s> expected, got <%s>", root,
				 r ? (const char *) r->name : "");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

xmlNodePtr
sim_xml_child(xmlNodePtr parent, const char *name)
{
	xmlNodePtr	c;

	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *) c->name, name) == 0)
			return c;
	return NULL;
}

/* sim_xml_text: the element's text, malloc'd (NULL if no node). */
char *
sim_xml_text(xmlNodePtr node)
{
	xmlChar    *s;
	char	   *out;

	if (node == NULL)
		return NULL;
	s = xmlNodeGetContent(node);
	out = strdup(s ? (const char *) s : "");
	xmlFree(s);
	return out;
}

/*
 * sim_xml_ref
 *		A reference to an entity: <NAME id="..."/> or <NAME><name>..</name>.
 *		False if the element is absent or has neither; *id and *refname
 *		are malloc'd (either may be NULL).
 */
bool
sim_xml_ref(xmlNodePtr parent, const char *name, char **id, char **refname)
{
	xmlNodePtr	n = sim_xml_child(parent, name);
	xmlChar    *a;

	*id = NULL;
	*refname = NULL;
	if (n == NULL)
		return false;
	a = xmlGetProp(n, BAD_CAST_S("id"));
	if (a)
	{
		*id = strdup((const char *) a);
		xmlFree(a);
	}
	*refname = sim_xml_text(sim_xml_child(n, "name"));
	return *id != NULL || *refname != NULL;
}
