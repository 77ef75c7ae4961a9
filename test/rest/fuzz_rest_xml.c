/*-------------------------------------------------------------------------
 *
 * fuzz_rest_xml.c
 *	  libFuzzer target of the REST answer parsing: whatever the manager (or
 *	  someone in its place) sends, parsing it as an entry point, a listing
 *	  of hosts, VMs, NICs or events in v3 and v4, an action answer, and an
 *	  event description must never crash, leak or read out of bounds.
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rest_api.h"
#include "rest_client.h"
#include "rest_xml.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const elems[] = {"host", "vm", "host_nic", "event",
	"data_center", "cluster", "network"};
	RdrXmlDoc  *doc;
	char		buf[256];
	int			version;

	rdr_log_set_level(RDR_LOG_QUIET);
	doc = rdr_xml_parse_quiet((const char *) data, size);
	if (doc == NULL)
		return 0;
	rdr_api_parse_entry_point(doc, &version, buf, sizeof(buf));
	for (int v = RDR_API_V3; v <= RDR_API_V4; v++)
	{
		rdr_api_action_failed(v, doc, buf, sizeof(buf));
		for (size_t i = 0; i < sizeof(elems) / sizeof(elems[0]); i++)
		{
			RdrApiEntity *e = NULL;
			int			n = rdr_api_parse_list(v, doc, elems[i], &e, "fuzz");

			for (int j = 0; j < n; j++)
				rdr_api_missing_networks(e[j].description, buf, sizeof(buf));
			free(e);
		}
	}
	rdr_xml_string(doc, NULL, "/fault/detail", buf, sizeof(buf));
	rdr_xml_free(doc);
	return 0;
}
