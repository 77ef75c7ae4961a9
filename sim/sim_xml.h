/*-------------------------------------------------------------------------
 *
 * sim_xml.h
 *	  XML of the simulated API: rendering entities (libxml2 text writer)
 *	  and reading request bodies (libxml2 tree, no network, no entities).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_XML_H
#define SIM_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "sim_model.h"

/* A document being written into memory. */
typedef struct SimXml
{
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int			api_version;
	const char *base;			/* "/api" or "/ovirt-engine/api" */
} SimXml;

extern bool sim_xml_begin(SimXml *x, int api_version);
extern char *sim_xml_finish(SimXml *x, size_t *len);
extern void sim_xml_abort(SimXml *x);

extern void sim_xml_entry_point(SimXml *x, SimModel *m);
extern void sim_xml_datacenter(SimXml *x, SimModel *m, int i);
extern void sim_xml_cluster(SimXml *x, SimModel *m, int i);
extern void sim_xml_network(SimXml *x, SimModel *m, int i);
extern void sim_xml_host(SimXml *x, SimModel *m, int i);
extern void sim_xml_nic(SimXml *x, SimModel *m, int i);
extern void sim_xml_vm(SimXml *x, SimModel *m, int i);
extern void sim_xml_storage_domain(SimXml *x, SimModel *m, int i);
extern void sim_xml_event(SimXml *x, SimModel *m, int i);
extern void sim_xml_start(SimXml *x, const char *element);
extern void sim_xml_end(SimXml *x);
extern void sim_xml_fault(SimXml *x, const char *reason, const char *detail);
extern void sim_xml_action_done(SimXml *x, xmlNodePtr request);
extern void sim_xml_action_state(SimXml *x, xmlNodePtr request,
								 const char *state);

/* Request bodies. */
extern xmlDocPtr sim_xml_parse(const char *body, size_t len, const char *root,
							   char *err, size_t errlen);
extern xmlNodePtr sim_xml_child(xmlNodePtr parent, const char *name);
extern char *sim_xml_text(xmlNodePtr node);
extern bool sim_xml_ref(xmlNodePtr parent, const char *name, char **id,
						char **refname);

#endif							/* SIM_XML_H */
