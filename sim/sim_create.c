/*-------------------------------------------------------------------------
 *
 * sim_create.c
 *	  POST {base}/vms: a VM created through the API.
 *
 * The engine's AddVmCommand needs a name and a cluster (and a template,
 * Blank when none is given); it refuses a name another VM of the data
 * center already has (ACTION_TYPE_FAILED_NAME_ALREADY_USED, a 409 in the
 * API's fault).  The new VM is down, in the cluster given.  Only what a
 * failover touches is modelled: no disks, NICs or template.
 *
 * The model's id index (sim_model.c) is a fixed-size hsearch table with
 * room for twice the scenario's entities, so a few VMs can be added; the
 * key is owned by the model like the scenario's.
 *
 *-------------------------------------------------------------------------
 */
#include "sim_create.h"

#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sim_routes.h"
#include "sim_xml.h"

int
sim_create_vm_entity(SimModel *m, const char *id, const char *name, int c)
{
	SimVm	   *v;
	ENTRY		e,
			   *found;
	char	  **keys;
	int			i;

	keys = realloc(m->id_keys, (size_t) (m->n_id_keys + 2) * sizeof(char *));
	if (keys == NULL)
		return -1;
	m->id_keys = keys;
	v = SIM_PUSH(m, vms);
	i = m->n_vms - 1;
	snprintf(v->id, sizeof(v->id), "%s", id);
	v->name = strdup(name);
	v->cluster = c;
	v->state = VM_DOWN;
	v->creation_time = strdup("2026-12-02T08:00:00.000Z");
	v->agent_delay = -1;
	e.key = strdup(v->id);
	e.data = (void *) (((long) KIND_VM << 32) | (unsigned) i);
	if (e.key == NULL || v->name == NULL || !hsearch_r(e, ENTER, &found, &m->ids))
	{
		free(e.key);
		rdr_log_error("could not index the new VM \"%s\"", name);
		return -1;
	}
	m->id_keys[m->n_id_keys++] = e.key;
	m->id_keys[m->n_id_keys] = NULL;
	return i;
}

void
sim_create_vm(SimModel *m, SimRequest *req, SimReply *rep)
{
	char		err[512];
	xmlDocPtr	doc = sim_xml_parse(req->body, req->body_len, "vm", err, sizeof(err));
	char	   *name = NULL;
	char	   *cid = NULL;
	char	   *cname = NULL;
	char		id[SIM_ID_LEN + 1];
	int			c = -1;
	int			v;
	SimXml		x;

	if (doc == NULL)
	{
		sim_route_fault(m->api_version, 400, "Syntax error", err, rep);
		return;
	}
	name = sim_xml_text(sim_xml_child(xmlDocGetRootElement(doc), "name"));
	if (sim_xml_ref(xmlDocGetRootElement(doc), "cluster", &cid, &cname))
		c = cid ? sim_model_find(m, KIND_CLUSTER, cid) : sim_model_find_name(m, KIND_CLUSTER, cname);
	xmlFreeDoc(doc);
	free(cid);
	free(cname);
	if (name == NULL || name[0] == '\0' || c < 0)
	{
		sim_route_fault(m->api_version, 400, "Incomplete parameters",
						name == NULL || name[0] == '\0' ? "Vm [name] required for add"
						: "Cluster does not exist", rep);
		free(name);
		return;
	}
	for (int i = 0; i < m->n_vms; i++)
		if (strcmp(m->vms[i].name, name) == 0 &&
			m->clusters[m->vms[i].cluster].dc == m->clusters[c].dc)
		{
			sim_route_fault(m->api_version, 409, "Operation Failed",
							"[Cannot add VM. The chosen name is already used.]", rep);
			free(name);
			return;
		}
	sim_model_make_id(KIND_VM, m->n_vms, id);
	v = sim_create_vm_entity(m, id, name, c);
	free(name);
	if (v < 0)
	{
		sim_route_fault(m->api_version, 500, "Internal Server Error", "out of memory", rep);
		return;
	}
	if (!sim_xml_begin(&x, m->api_version))
		return;
	sim_xml_vm(&x, m, v);
	rep->status = 201;
	rep->body = sim_xml_finish(&x, &rep->len);
}
