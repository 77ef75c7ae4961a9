/*-------------------------------------------------------------------------
 *
 * fuzz_request.c
 *	  libFuzzer target of request handling without HTTP: the first byte
 *	  picks a method and path of the seed environment, the rest is the
 *	  request body.  Exercises the libxml2 body parsing (sim_xml_parse,
 *	  references by id or name), the actions and the renderers; every
 *	  answer must be a well-formed document.
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "log.h"
#include "sim_routes.h"
#include "sim_scenario.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char scenario[] =
	"datacenter RefArch id=10b3c00e-9371-48ce-8d28-28158cf26d96\n"
	"network rhev datacenter=RefArch\n"
	"network public datacenter=RefArch id=bf2317b6-3f86-4583-b985-6c34afc81c16\n"
	"cluster SiteA datacenter=RefArch networks=rhev,public\n"
	"cluster SiteB datacenter=RefArch networks=rhev,public id=9495276a-205a-11e1-9bb5-001871eba039\n"
	"host a cluster=SiteA state=non_responsive spm=yes id=4f2b4996-12ba-11e1-90af-001871eba039\n"
	"host b cluster=SiteA state=pending_approval id=805bb14c-2505-11e1-b809-0025b3a9b001\n"
	"nic b eth0 mac=00:17:a4:77:24:38 network=rhev\n"
	"nic b eth1 mac=00:17:a4:77:24:3a id=aff0cf2d-b0c0-48c1-a294-8360839f9518\n"
	"vm web cluster=SiteA id=2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8\n"
	"storage_domain DataDomain datacenter=RefArch master=yes\n";

static const struct
{
	const char *method;
	const char *path;
}			targets[] = {
	{"POST", "hosts/805bb14c-2505-11e1-b809-0025b3a9b001/approve"},
	{"POST", "hosts/805bb14c-2505-11e1-b809-0025b3a9b001/nics/aff0cf2d-b0c0-48c1-a294-8360839f9518/attach"},
	{"POST", "hosts/805bb14c-2505-11e1-b809-0025b3a9b001/setupnetworks"},
	{"POST", "hosts/805bb14c-2505-11e1-b809-0025b3a9b001/commitnetconfig"},
	{"POST", "hosts/805bb14c-2505-11e1-b809-0025b3a9b001/activate"},
	{"POST", "hosts/4f2b4996-12ba-11e1-90af-001871eba039/fence"},
	{"PUT", "vms/2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8"},
	{"POST", "vms/2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8/start"},
	{"GET", "hosts"},
	{"GET", "events"},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SimModel	m;
	SimFaults	f = {0};
	SimRequest	req;
	SimReply	rep;
	int			t;

	rdr_log_set_level(RDR_LOG_QUIET);
	if (size < 1 || size > 64 * 1024)
		return 0;
	sim_model_init(&m);
	m.time_scale = 0;
	if (!sim_scenario_parse(&m, &f, scenario, sizeof(scenario) - 1, "fuzz", -1) ||
		!sim_scenario_check(&m, &f) || !sim_model_finalize(&m))
		abort();
	t = data[0] % (sizeof(targets) / sizeof(targets[0]));
	m.api_version = (data[0] & 0x80) ? 4 : 3;
	memset(&req, 0, sizeof(req));
	req.method = targets[t].method;
	req.path = targets[t].path;
	req.body = (const char *) data + 1;
	req.body_len = size - 1;
	req.now = sim_now();
	sim_model_advance(&m, req.now);
	sim_route(&m, &req, &rep);
	if (rep.body)
	{
		xmlDocPtr	doc = xmlReadMemory(rep.body, (int) rep.len, "reply.xml", NULL,
										XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

		if (doc == NULL)
			abort();			/* the simulator answered invalid XML */
		xmlFreeDoc(doc);
		free(rep.body);
	}
	sim_model_advance(&m, req.now + 1);
	sim_fault_free(&f);
	sim_model_free(&m);
	return 0;
}
