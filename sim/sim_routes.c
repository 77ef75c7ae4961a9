/*-------------------------------------------------------------------------
 *
 * sim_routes.c
 *	  The simulated API's URL space: collections, entities, actions.
 *
 * Called with the model lock held and the model advanced to req->now.
 * Every answer is a complete XML document (an entity, a collection, an
 * action result or a <fault>), shaped as sim/API.md says.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim_create.h"
#include "sim_actions.h"
#include "sim_planned.h"
#include "sim_routes.h"
#include "sim_agent.h"
#include "sim_search.h"
#include "sim_xml.h"

#define MAX_SEGMENTS 8

typedef void (*RenderFn) (SimXml *x, SimModel *m, int i);

/* A collection: its URL name, element names, kind, and renderer. */
typedef struct Collection
{
	const char *path;
	const char *list_element;
	SimKind		kind;
	RenderFn	render;
} Collection;

static const Collection collections[] = {
	{"datacenters", "data_centers", KIND_DC, sim_xml_datacenter},
	{"clusters", "clusters", KIND_CLUSTER, sim_xml_cluster},
	{"networks", "networks", KIND_NETWORK, sim_xml_network},
	{"storagedomains", "storage_domains", KIND_SD, sim_xml_storage_domain},
	{"hosts", "hosts", KIND_HOST, sim_xml_host},
	{"vms", "vms", KIND_VM, sim_xml_vm},
};

static int
kind_count(SimModel *m, SimKind k)
{
	switch (k)
	{
		case KIND_DC:
			return m->n_dcs;
		case KIND_CLUSTER:
			return m->n_clusters;
		case KIND_NETWORK:
			return m->n_networks;
		case KIND_SD:
			return m->n_sds;
		case KIND_HOST:
			return m->n_hosts;
		case KIND_VM:
			return m->n_vms;
		case KIND_NIC:
			return m->n_nics;
		case KIND_EVENT:
			return m->n_events;
	}
	return 0;
}

/*
 * sim_route_fault
 *		A <fault> document with the given status.
 */
void
sim_route_fault(int api_version, int status, const char *reason,
				const char *detail, SimReply *rep)
{
	SimXml		x;

	rep->status = status;
	rep->body = NULL;
	rep->len = 0;
	if (!sim_xml_begin(&x, api_version))
		return;
	sim_xml_fault(&x, reason, detail);
	rep->body = sim_xml_finish(&x, &rep->len);
}

static void
not_found(SimModel *m, SimRequest *req, SimReply *rep)
{
	char		detail[512];

	snprintf(detail, sizeof(detail), "No resource at %s /%s", req->method, req->path);
	sim_route_fault(m->api_version, 404, "Not Found", detail, rep);
}

static void
bad_method(SimModel *m, SimRequest *req, SimReply *rep)
{
	char		detail[512];

	snprintf(detail, sizeof(detail), "Method %s is not allowed on /%s",
			 req->method, req->path);
	sim_route_fault(m->api_version, 405, "Method Not Allowed", detail, rep);
}

static void
incomplete(SimModel *m, SimReply *rep, const char *what, const char *action)
{
	char		detail[256];

	snprintf(detail, sizeof(detail), "Action [%s] required for %s", what, action);
	sim_route_fault(m->api_version, 400, "Incomplete parameters", detail, rep);
}

static bool
finish(SimXml *x, SimReply *rep, int status)
{
	rep->status = status;
	rep->body = sim_xml_finish(x, &rep->len);
	return true;
}

/* Render one entity as the whole document. */
static void
render_one(SimModel *m, RenderFn fn, int i, SimReply *rep)
{
	SimXml		x;

	if (!sim_xml_begin(&x, m->api_version))
		return;
	fn(&x, m, i);
	finish(&x, rep, 200);
}

/* The fields search= can use on each collection (sim_search.c). */
static const char *const dc_fields[] = {"name", "status", NULL};
static const char *const cluster_fields[] = {"name", "datacenter", NULL};
static const char *const network_fields[] = {"name", "datacenter", NULL};
static const char *const sd_fields[] = {"name", "status", "type", "datacenter", NULL};
static const char *const host_fields[] = {"name", "status", "cluster", "datacenter", "address", NULL};
static const char *const vm_fields[] = {"name", "status", "cluster", "datacenter", NULL};
static const char *const event_fields[] = {"type", "severity", NULL};

static const char *const *
search_fields(SimKind k)
{
	switch (k)
	{
		case KIND_DC:
			return dc_fields;
		case KIND_CLUSTER:
			return cluster_fields;
		case KIND_NETWORK:
			return network_fields;
		case KIND_SD:
			return sd_fields;
		case KIND_HOST:
			return host_fields;
		default:
			return vm_fields;
	}
}

/* An entity as sim_search_match sees it. */
typedef struct SearchEntity
{
	SimModel   *m;
	SimKind		kind;
	int			i;
	char		buf[32];
} SearchEntity;

static const char *
dc_name(SimModel *m, int dc)
{
	return dc >= 0 ? m->dcs[dc].name : NULL;
}

/* entity_field: the value search= compares, as the entity shows it */
static const char *
entity_field(void *arg, const char *f)
{
	SearchEntity *e = arg;
	SimModel   *m = e->m;
	bool		name = strcasecmp(f, "name") == 0,
				status = strcasecmp(f, "status") == 0,
				dc = strcasecmp(f, "datacenter") == 0,
				cl = strcasecmp(f, "cluster") == 0;

	switch (e->kind)
	{
		case KIND_DC:
			return name ? m->dcs[e->i].name : status ? sim_dc_state_name(m, e->i) : NULL;
		case KIND_CLUSTER:
			return name ? m->clusters[e->i].name : dc ? dc_name(m, m->clusters[e->i].dc) : NULL;
		case KIND_NETWORK:
			return name ? m->networks[e->i].name : dc ? dc_name(m, m->networks[e->i].dc) : NULL;
		case KIND_SD:
			if (name || strcasecmp(f, "type") == 0)
				return name ? m->sds[e->i].name : m->sds[e->i].type;
			return status ? (m->sds[e->i].active ? "active" : "inactive") :
				dc ? dc_name(m, m->sds[e->i].dc) : NULL;
		case KIND_HOST:
			{
				SimHost    *h = &m->hosts[e->i];

				if (name || strcasecmp(f, "address") == 0)
					return name ? h->name : h->address;
				if (status)
					return sim_host_state_name(h->state);
				return h->cluster < 0 ? NULL : cl ? m->clusters[h->cluster].name :
					dc ? dc_name(m, m->clusters[h->cluster].dc) : NULL;
			}
		case KIND_VM:
			{
				SimVm	   *v = &m->vms[e->i];

				if (name || status)
					return name ? v->name : sim_vm_state_name(v->state);
				return cl ? m->clusters[v->cluster].name :
					dc ? dc_name(m, m->clusters[v->cluster].dc) : NULL;
			}
		case KIND_EVENT:
			if (strcasecmp(f, "type") == 0)
			{
				snprintf(e->buf, sizeof(e->buf), "%d", m->events[e->i].code);
				return e->buf;
			}
			return m->events[e->i].severity;
		default:
			return NULL;
	}
}

/* search_parse: search= and max= of the request, or a fault in rep */
static bool
search_parse(SimModel *m, SimRequest *req, const char *collection,
			 const char *const *fields, SimSearch *q, SimReply *rep)
{
	SimSearchError err;

	if (sim_search_parse(collection, fields, req->search, req->max, q, &err))
		return true;
	sim_route_fault(m->api_version, err.status, err.reason, err.detail, rep);
	return false;
}

static void
list_collection(SimModel *m, SimRequest *req, const Collection *c, SimReply *rep)
{
	SimXml		x;
	SimSearch	q;
	SearchEntity e = {m, c->kind, 0, ""};
	int			n = kind_count(m, c->kind),
				shown = 0;

	if (!search_parse(m, req, c->path, search_fields(c->kind), &q, rep))
		return;
	if (!sim_xml_begin(&x, m->api_version))
		return;
	sim_xml_start(&x, c->list_element);
	for (e.i = 0; e.i < n && (q.max < 0 || shown < q.max); e.i++)
	{
		if (!sim_search_match(&q, entity_field, &e))
			continue;
		c->render(&x, m, e.i);
		shown++;
	}
	sim_xml_end(&x);
	finish(&x, rep, 200);
}

/* GET events[?search=type=N][&from=ID][&max=N]: newest first. */
static void
list_events(SimModel *m, SimRequest *req, SimReply *rep)
{
	SimXml		x;
	SimSearch	q;
	SearchEntity e = {m, KIND_EVENT, 0, ""};
	long		from = -1;
	int			shown = 0;

	if (!search_parse(m, req, "events", event_fields, &q, rep))
		return;
	if (req->from && *req->from)
	{
		char	   *end;

		from = strtol(req->from, &end, 10);
		if (end == req->from || *end)
		{
			sim_route_fault(m->api_version, 400, "Syntax error",
							"from must be an event id", rep);
			return;
		}
	}
	if (!sim_xml_begin(&x, m->api_version))
		return;
	sim_xml_start(&x, "events");
	for (e.i = m->n_events - 1; e.i >= 0 && (q.max < 0 || shown < q.max); e.i--)
	{
		if (from >= 0 && m->events[e.i].id <= from)
			continue;
		if (!sim_search_match(&q, entity_field, &e))
			continue;
		sim_xml_event(&x, m, e.i);
		shown++;
	}
	sim_xml_end(&x);
	finish(&x, rep, 200);
}

/* Resolve <NAME id=".."/> or <NAME><name>..</name></NAME> to an index. */
static int
resolve(SimModel *m, xmlNodePtr parent, const char *name, SimKind kind,
		bool *present)
{
	char	   *id,
			   *refname;
	int			i;

	*present = sim_xml_ref(parent, name, &id, &refname);
	if (!*present)
		i = -1;
	else if (id)
		i = sim_model_find(m, kind, id);
	else
		i = sim_model_find_name(m, kind, refname);
	free(id);
	free(refname);
	return i;
}

static void
action_result(SimModel *m, SimResult *r, xmlNodePtr root, SimReply *rep)
{
	SimXml		x;

	if (r->status != 0)
	{
		sim_route_fault(m->api_version, r->status, r->reason, r->detail, rep);
		return;
	}
	if (!sim_xml_begin(&x, m->api_version))
		return;
	sim_xml_action_done(&x, root);
	finish(&x, rep, 200);
}

/* v4 setupnetworks: collect the attachments, then apply them at once. */
static void
setup_networks(SimModel *m, int h, xmlNodePtr root, SimReply *rep)
{
	xmlNodePtr	mod = sim_xml_child(root, "modified_network_attachments");
	xmlNodePtr	c;
	SimAttachment att[64];
	int			n = 0;
	SimResult	r;

	if (mod == NULL)
	{
		incomplete(m, rep, "modified_network_attachments", "setupnetworks");
		return;
	}
	for (c = mod->children; c; c = c->next)
	{
		bool		has_net,
					has_nic;

		if (c->type != XML_ELEMENT_NODE ||
			strcmp((const char *) c->name, "network_attachment") != 0)
			continue;
		if (n == 64)
		{
			sim_route_fault(m->api_version, 400, "Syntax error",
							"Too many network attachments", rep);
			return;
		}
		att[n].network = resolve(m, c, "network", KIND_NETWORK, &has_net);
		att[n].nic = resolve(m, c, "host_nic", KIND_NIC, &has_nic);
		if (!has_net || !has_nic)
		{
			incomplete(m, rep, "network_attachment.network, network_attachment.host_nic",
					   "setupnetworks");
			return;
		}
		if (att[n].nic < 0 && has_nic)
		{
			/* a NIC by name is looked up among this host's NICs */
			char	   *id,
					   *nm;

			sim_xml_ref(c, "host_nic", &id, &nm);
			for (int j = 0; nm && j < m->n_nics; j++)
				if (m->nics[j].host == h && strcmp(m->nics[j].name, nm) == 0)
					att[n].nic = j;
			free(id);
			free(nm);
		}
		if (att[n].network < 0 || att[n].nic < 0)
		{
			sim_route_fault(m->api_version, 404, "Not Found",
							"Network or host NIC of a network_attachment does not exist", rep);
			return;
		}
		n++;
	}
	sim_action_attach(m, h, att, n, &r);
	action_result(m, &r, root, rep);
}

/* POST hosts/ID/ACTION and hosts/ID/nics/NIC/attach. */
static void
host_action(SimModel *m, SimRequest *req, int h, const char *action,
			int nic, SimReply *rep)
{
	char		err[512];
	xmlDocPtr	doc = sim_xml_parse(req->body, req->body_len, "action", err, sizeof(err));
	xmlNodePtr	root;
	SimResult	r;
	bool		present;

	if (doc == NULL)
	{
		sim_route_fault(m->api_version, 400, "Syntax error", err, rep);
		return;
	}
	root = xmlDocGetRootElement(doc);
	if (nic >= 0)
	{
		SimAttachment a;

		a.nic = nic;
		a.network = resolve(m, root, "network", KIND_NETWORK, &present);
		if (!present)
			incomplete(m, rep, "network.id|name", "attach");
		else if (a.network < 0)
			sim_route_fault(m->api_version, 404, "Not Found", "Network does not exist", rep);
		else
		{
			sim_action_attach(m, h, &a, 1, &r);
			action_result(m, &r, root, rep);
		}
	}
	else if (strcmp(action, "approve") == 0)
	{
		int			c = resolve(m, root, "cluster", KIND_CLUSTER, &present);

		if (!present)
			incomplete(m, rep, "cluster.id|name", "approve");
		else if (c < 0)
			sim_route_fault(m->api_version, 404, "Not Found", "Cluster does not exist", rep);
		else
		{
			sim_action_approve(m, h, c, req->now, &r);
			action_result(m, &r, root, rep);
		}
	}
	else if (strcmp(action, "setupnetworks") == 0 && m->api_version == 4)
		setup_networks(m, h, root, rep);
	else if (strcmp(action, "commitnetconfig") == 0)
	{
		sim_action_commit(m, h, req->now, &r);
		action_result(m, &r, root, rep);
	}
	else if (strcmp(action, "activate") == 0)
	{
		sim_action_activate(m, h, req->now, &r);
		action_result(m, &r, root, rep);
	}
	else if (strcmp(action, "deactivate") == 0)
	{
		sim_action_deactivate(m, h, req->now, &r);
		action_result(m, &r, root, rep);
	}
	else if (strcmp(action, "fence") == 0)
	{
		char	   *type = sim_xml_text(sim_xml_child(root, "fence_type"));

		if (type == NULL || *type == '\0')
			incomplete(m, rep, "fence_type", "fence");
		else
		{
			sim_action_fence(m, h, type, req->now, &r);
			action_result(m, &r, root, rep);
		}
		free(type);
	}
	else
		not_found(m, req, rep);
	xmlFreeDoc(doc);
}

/* PUT vms/ID: only the cluster changes. */
static void
vm_update(SimModel *m, SimRequest *req, int v, SimReply *rep)
{
	char		err[512];
	xmlDocPtr	doc = sim_xml_parse(req->body, req->body_len, "vm", err, sizeof(err));
	bool		present;
	int			c;
	SimResult	r;

	if (doc == NULL)
	{
		sim_route_fault(m->api_version, 400, "Syntax error", err, rep);
		return;
	}
	c = resolve(m, xmlDocGetRootElement(doc), "cluster", KIND_CLUSTER, &present);
	xmlFreeDoc(doc);
	if (!present)
	{
		render_one(m, sim_xml_vm, v, rep);	/* nothing we model changed */
		return;
	}
	if (c < 0)
	{
		sim_route_fault(m->api_version, 404, "Not Found", "Cluster does not exist", rep);
		return;
	}
	if (!sim_action_move_vm(m, v, c, &r))
	{
		sim_route_fault(m->api_version, r.status, r.reason, r.detail, rep);
		return;
	}
	render_one(m, sim_xml_vm, v, rep);
}

/* hosts/ID/nics[/NIC[/attach]] */
static void
host_nics(SimModel *m, SimRequest *req, int h, char **seg, int nseg, SimReply *rep)
{
	SimXml		x;
	int			nic = -1;
	int			i;

	if (nseg >= 4)
	{
		nic = sim_model_find(m, KIND_NIC, seg[3]);
		if (nic < 0 || m->nics[nic].host != h)
		{
			not_found(m, req, rep);
			return;
		}
	}
	if (nseg == 3 || nseg == 4)
	{
		if (strcmp(req->method, "GET") != 0)
		{
			bad_method(m, req, rep);
			return;
		}
		if (nseg == 4)
		{
			render_one(m, sim_xml_nic, nic, rep);
			return;
		}
		if (!sim_xml_begin(&x, m->api_version))
			return;
		sim_xml_start(&x, "host_nics");
		for (i = 0; i < m->n_nics; i++)
			if (m->nics[i].host == h)
				sim_xml_nic(&x, m, i);
		sim_xml_end(&x);
		finish(&x, rep, 200);
		return;
	}
	/* nics/NIC/attach exists in v3 only (oVirt 4.4 removed it) */
	if (nseg == 5 && strcmp(seg[4], "attach") == 0 && m->api_version == 3)
	{
		if (strcmp(req->method, "POST") != 0)
			bad_method(m, req, rep);
		else
			host_action(m, req, h, "attach", nic, rep);
		return;
	}
	not_found(m, req, rep);
}

/* datacenters/ID/storagedomains */
static void
dc_domains(SimModel *m, int dc, SimReply *rep)
{
	SimXml		x;
	int			i;

	if (!sim_xml_begin(&x, m->api_version))
		return;
	sim_xml_start(&x, "storage_domains");
	for (i = 0; i < m->n_sds; i++)
		if (m->sds[i].dc == dc)
			sim_xml_storage_domain(&x, m, i);
	sim_xml_end(&x);
	finish(&x, rep, 200);
}

/*
 * sim_route
 *		Answer one request (already authenticated) into rep.
 */
void
sim_route(SimModel *m, SimRequest *req, SimReply *rep)
{
	char	   *copy = strdup(req->path);
	char	   *seg[MAX_SEGMENTS];
	int			nseg = 0;
	char	   *save = NULL,
			   *s;
	const Collection *c = NULL;
	bool		get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
	int			idx;
	size_t		i;

	rep->status = 500;
	rep->body = NULL;
	rep->len = 0;
	for (s = strtok_r(copy, "/", &save); s && nseg < MAX_SEGMENTS;
		 s = strtok_r(NULL, "/", &save))
		seg[nseg++] = s;
	if (s != NULL)
	{
		not_found(m, req, rep);
		goto done;
	}
	if (nseg == 0)
	{
		SimXml		x;

		if (!get)
			bad_method(m, req, rep);
		else if (sim_xml_begin(&x, m->api_version))
		{
			sim_xml_entry_point(&x, m);
			finish(&x, rep, 200);
		}
		goto done;
	}
	if (strcmp(seg[0], "events") == 0 && nseg == 1)
	{
		if (get)
			list_events(m, req, rep);
		else
			bad_method(m, req, rep);
		goto done;
	}
	for (i = 0; i < sizeof(collections) / sizeof(collections[0]); i++)
		if (strcmp(seg[0], collections[i].path) == 0)
			c = &collections[i];
	if (c == NULL)
	{
		not_found(m, req, rep);
		goto done;
	}
	if (nseg == 1)
	{
		if (get)
			list_collection(m, req, c, rep);
		else if (c->kind == KIND_VM && strcmp(req->method, "POST") == 0)
			sim_create_vm(m, req, rep);
		else
			bad_method(m, req, rep);
		goto done;
	}
	idx = sim_model_find(m, c->kind, seg[1]);
	if (idx < 0)
	{
		not_found(m, req, rep);
		goto done;
	}
	if (nseg == 2)
	{
		if (get)
			render_one(m, c->render, idx, rep);
		else if (c->kind == KIND_VM && strcmp(req->method, "PUT") == 0)
			vm_update(m, req, idx, rep);
		else
			bad_method(m, req, rep);
		goto done;
	}
	if (c->kind == KIND_HOST && strcmp(seg[2], "nics") == 0)
		host_nics(m, req, idx, seg, nseg, rep);
	else if (c->kind == KIND_DC && nseg == 3 && strcmp(seg[2], "storagedomains") == 0)
	{
		if (get)
			dc_domains(m, idx, rep);
		else
			bad_method(m, req, rep);
	}
	else if (nseg == 3 && c->kind == KIND_HOST)
	{
		if (strcmp(req->method, "POST") != 0)
			bad_method(m, req, rep);
		else
			host_action(m, req, idx, seg[2], -1, rep);
	}
	else if (nseg == 3 && c->kind == KIND_VM && m->api_version == 4 &&
			 strcmp(seg[2], "reporteddevices") == 0)
	{
		/* the guest agent's NICs and addresses (sim_agent.c) */
		if (get)
			render_one(m, sim_xml_reported_devices, idx, rep);
		else
			bad_method(m, req, rep);
	}
	else if (nseg == 3 && c->kind == KIND_VM &&
			 (strcmp(seg[2], "start") == 0 || strcmp(seg[2], "stop") == 0 ||
			  strcmp(seg[2], "shutdown") == 0))
	{
		char		err[512];
		xmlDocPtr	doc;
		SimResult	r;

		if (strcmp(req->method, "POST") != 0)
		{
			bad_method(m, req, rep);
			goto done;
		}
		doc = sim_xml_parse(req->body, req->body_len, "action", err, sizeof(err));
		if (doc == NULL)
			sim_route_fault(m->api_version, 400, "Syntax error", err, rep);
		else
		{
			if (strcmp(seg[2], "start") == 0)
				sim_action_start_vm(m, idx, req->now, &r);
			else
				sim_action_stop_vm(m, idx, strcmp(seg[2], "shutdown") == 0, req->now, &r);
			action_result(m, &r, xmlDocGetRootElement(doc), rep);
			xmlFreeDoc(doc);
		}
	}
	else
		not_found(m, req, rep);
done:
	free(copy);
}
