/*-------------------------------------------------------------------------
 *
 * test_rest_unit.c
 *	  Check unit tests of the REST client's XML/XPath layer, the v3/v4
 *	  API shapes and the request bodies (no network: the integration
 *	  tests against rdr-sim cover the wire).
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rest_api.h"
#include "rest_client.h"
#include "rest_xml.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static RdrXmlDoc *
parse(const char *s)
{
	return rdr_xml_parse(s, strlen(s), "test document");
}

/* --- XML / XPath -------------------------------------------------------- */

START_TEST(xml_parse_ok)
{
	RdrXmlDoc  *doc = parse("<hosts><host id=\"1\"><name>a</name></host></hosts>");

	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(rdr_xml_root_name(doc), "hosts");
	rdr_xml_free(doc);
}
END_TEST

START_TEST(xml_parse_bad)
{
	ck_assert_ptr_null(parse("<hosts><host></hosts>"));
	ck_assert_ptr_null(parse("<?xml version=\"1.0\"?><hosts><host id=\"1\"><name>a</na"));
	ck_assert_ptr_null(parse("not xml at all"));
	ck_assert_ptr_null(rdr_xml_parse("", 0, "empty"));
	ck_assert_ptr_null(rdr_xml_parse(NULL, 0, "null"));
	ck_assert_ptr_null(rdr_xml_parse_quiet("<a>", 3));
}
END_TEST

START_TEST(xml_no_external_entities)
{
	/* an answer must never make rdr read a local file (XXE) */
	RdrXmlDoc  *doc = parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
							"<x><name>&e;</name></x>");
	char		buf[256];

	if (doc)
	{
		rdr_xml_string(doc, NULL, "/x/name", buf, sizeof(buf));
		ck_assert_ptr_null(strstr(buf, "root:"));
		rdr_xml_free(doc);
	}
}
END_TEST

/*
 * Entity amplification (issue 12, item 15): one 100 KB internal entity
 * referenced 20,000 times expands to 2 GB in XPath's string value; the
 * answer is refused at parse time, whatever its size.
 */
START_TEST(xml_no_entity_amplification)
{
	size_t		ent = 100 * 1024;
	int			refs = 20000;
	size_t		len = ent + (size_t) refs * 3 + 200;
	char	   *buf = malloc(len);
	char	   *p = buf;
	RdrXmlDoc  *doc;

	ck_assert_ptr_nonnull(buf);
	p += sprintf(p, "<!DOCTYPE x [<!ENTITY e \"");
	memset(p, 'A', ent);
	p += ent;
	p += sprintf(p, "\">]><x><name>");
	for (int i = 0; i < refs; i++)
		p += sprintf(p, "&e;");
	p += sprintf(p, "</name></x>");
	doc = rdr_xml_parse(buf, (size_t) (p - buf), "hostile answer");
	/* not read back if accepted: normalize-space() would take 2 GB */
	rdr_xml_free(doc);
	ck_assert_msg(doc == NULL, "an answer with entities was accepted");
	/* a small one too: no DOCTYPE at all is accepted */
	ck_assert_ptr_null(parse("<!DOCTYPE x [<!ENTITY e \"a\">]><x>&e;</x>"));
	ck_assert_ptr_null(parse("<!DOCTYPE x SYSTEM \"x.dtd\"><x/>"));
	free(buf);
}
END_TEST

START_TEST(xml_string_and_find)
{
	RdrXmlDoc  *doc = parse("<hosts><host id=\"h1\"><name>  one  two </name></host>"
							"<host id=\"h2\"><name>b</name></host></hosts>");
	RdrXmlNodes nodes;
	char		buf[16];
	char		tiny[4];

	ck_assert_ptr_nonnull(doc);
	ck_assert(rdr_xml_string(doc, NULL, "/hosts/host/name", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "one two");	/* first match, normalized */
	ck_assert(rdr_xml_string(doc, NULL, "/hosts/host[2]/@id", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "h2");
	ck_assert(!rdr_xml_string(doc, NULL, "/hosts/vm", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "");
	/* never silently truncated */
	ck_assert(!rdr_xml_string(doc, NULL, "/hosts/host/name", tiny, sizeof(tiny)));
	ck_assert_str_eq(tiny, "");

	nodes = rdr_xml_find(doc, NULL, "/hosts/host");
	ck_assert_int_eq(nodes.count, 2);
	ck_assert(rdr_xml_string(doc, nodes.nodes[1], "name", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "b");
	rdr_xml_nodes_free(&nodes);
	nodes = rdr_xml_find(doc, NULL, "/nothing");
	ck_assert_int_eq(nodes.count, 0);
	rdr_xml_nodes_free(&nodes);
	/* an invalid expression is an empty result, not a crash */
	nodes = rdr_xml_find(doc, NULL, "/hosts/[");
	ck_assert_int_eq(nodes.count, 0);
	rdr_xml_free(doc);
}
END_TEST

/* --- request bodies --------------------------------------------------- */

START_TEST(body_exact_shapes)
{
	char	   *b;

	b = rdr_api_body_empty_action();
	ck_assert_str_eq(b, XML_DECL "<action/>\n");
	free(b);
	b = rdr_api_body_approve("9495276a-205a-11e1-9bb5-001871eba039");
	ck_assert_str_eq(b, XML_DECL "<action><cluster id=\"9495276a-205a-11e1-9bb5-001871eba039\"/></action>\n");
	free(b);
	b = rdr_api_body_attach("bf2317b6");
	ck_assert_str_eq(b, XML_DECL "<action><network id=\"bf2317b6\"/></action>\n");
	free(b);
	b = rdr_api_body_fence_manual();
	ck_assert_str_eq(b, XML_DECL "<action><fence_type>manual</fence_type></action>\n");
	free(b);
	b = rdr_api_body_vm_cluster("c1");
	ck_assert_str_eq(b, XML_DECL "<vm><cluster id=\"c1\"/></vm>\n");
	free(b);
}
END_TEST

START_TEST(body_setupnetworks)
{
	const char *nets[] = {"n1", "n2"};
	const char *nics[] = {"i1", "i2"};
	char	   *b = rdr_api_body_setupnetworks(2, nets, nics);

	ck_assert_str_eq(b, XML_DECL "<action><modified_network_attachments>"
					 "<network_attachment><network id=\"n1\"/><host_nic id=\"i1\"/></network_attachment>"
					 "<network_attachment><network id=\"n2\"/><host_nic id=\"i2\"/></network_attachment>"
					 "</modified_network_attachments><check_connectivity>true</check_connectivity></action>\n");
	free(b);
}
END_TEST

START_TEST(body_round_trip_special_characters)
{
	/* names with <, &, quotes must reach the manager exactly */
	const char *nasty = "a<b&c\"d'e>f ]]> &amp; \xc3\xa9";
	char	   *b = rdr_api_body_approve(nasty);
	RdrXmlDoc  *doc;
	RdrXmlBody *body;
	char		buf[128];

	ck_assert_ptr_nonnull(strstr(b, "a&lt;b&amp;c&quot;d'e&gt;f ]]&gt; &amp;amp; \xc3\xa9"));
	doc = parse(b);
	ck_assert_ptr_nonnull(doc);
	ck_assert(rdr_xml_string(doc, NULL, "/action/cluster/@id", buf, sizeof(buf)));
	ck_assert_str_eq(buf, nasty);
	rdr_xml_free(doc);
	free(b);

	/* as element text too */
	body = rdr_xml_body_new("vm");
	rdr_xml_add(body, rdr_xml_add(body, NULL, "cluster", NULL), "name", nasty);
	b = rdr_xml_body_finish(body);
	doc = parse(b);
	ck_assert_ptr_nonnull(doc);
	ck_assert(rdr_xml_string(doc, NULL, "/vm/cluster/name", buf, sizeof(buf)));
	ck_assert_str_eq(buf, nasty);
	rdr_xml_free(doc);
	free(b);
}
END_TEST

/* --- entry point --------------------------------------------------------- */

START_TEST(entry_point_versions)
{
	RdrXmlDoc  *doc;
	int			v;
	char		product[128];

	doc = parse("<api><link href=\"/api/hosts\" rel=\"hosts\"/><product_info>"
				"<name>Red Hat Enterprise Virtualization Manager</name><vendor>Red Hat</vendor>"
				"<version major=\"3\" minor=\"0\" build=\"0\" revision=\"0\"/></product_info></api>");
	ck_assert(rdr_api_parse_entry_point(doc, &v, product, sizeof(product)));
	ck_assert_int_eq(v, RDR_API_V3);
	ck_assert_str_eq(product, "Red Hat Enterprise Virtualization Manager 3.0");
	rdr_xml_free(doc);

	doc = parse("<api><product_info><name>oVirt Engine</name><version><build>0</build>"
				"<full_version>4.4.10</full_version><major>4</major><minor>4</minor>"
				"</version></product_info></api>");
	ck_assert(rdr_api_parse_entry_point(doc, &v, product, sizeof(product)));
	ck_assert_int_eq(v, RDR_API_V4);
	ck_assert_str_eq(product, "oVirt Engine 4.4.10");
	rdr_xml_free(doc);

	doc = parse("<api><link href=\"/api/hosts\"/></api>");
	ck_assert(!rdr_api_parse_entry_point(doc, &v, product, sizeof(product)));
	rdr_xml_free(doc);
	doc = parse("<html><body>JBoss</body></html>");
	ck_assert(!rdr_api_parse_entry_point(doc, &v, product, sizeof(product)));
	ck_assert_int_eq(v, RDR_API_UNKNOWN);
	rdr_xml_free(doc);
}
END_TEST

/* --- listings ---------------------------------------------------------- */

static const char *hosts_v3 =
"<hosts>"
"<host id=\"4f2b\" href=\"/api/hosts/4f2b\"><name>rdr-rhev.sitea.example</name>"
"<status><state>non_responsive</state></status><cluster id=\"c-a\"/>"
"<storage_manager>true</storage_manager></host>"
"<host id=\"805b\"><name>rdr-rhev.siteb.example</name>"
"<status><state>non_operational</state><detail>network_unreachable</detail></status>"
"<cluster id=\"c-b\"/><storage_manager>false</storage_manager></host>"
"</hosts>";

static const char *hosts_v4 =
"<hosts><host id=\"805b\"><name>b</name><status>up</status>"
"<status_detail>x</status_detail><cluster id=\"c-b\"/>"
"<spm><priority>5</priority><status>contending</status></spm></host></hosts>";

START_TEST(list_hosts_v3_v4)
{
	RdrXmlDoc  *doc = parse(hosts_v3);
	RdrApiEntity *e;
	int			n;

	n = rdr_api_parse_list(RDR_API_V3, doc, "host", &e, "hosts");
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(e[0].id, "4f2b");
	ck_assert_str_eq(e[0].name, "rdr-rhev.sitea.example");
	ck_assert_str_eq(e[0].state, "non_responsive");
	ck_assert_str_eq(e[0].cluster_id, "c-a");
	ck_assert_str_eq(e[0].spm, "spm");
	ck_assert_str_eq(e[1].state, "non_operational");
	ck_assert_str_eq(e[1].spm, "none");
	free(e);
	rdr_xml_free(doc);

	doc = parse(hosts_v4);
	n = rdr_api_parse_list(RDR_API_V4, doc, "host", &e, "hosts");
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(e[0].state, "up");
	ck_assert_str_eq(e[0].spm, "contending");
	free(e);
	rdr_xml_free(doc);
}
END_TEST

START_TEST(list_single_nics_events_fault)
{
	RdrXmlDoc  *doc;
	RdrApiEntity *e;

	/* GET hosts/ID answers the element itself */
	doc = parse("<host id=\"h\"><name>n</name><status><state>up</state></status></host>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V3, doc, "host", &e, "host"), 1);
	ck_assert_str_eq(e[0].state, "up");
	free(e);
	rdr_xml_free(doc);

	doc = parse("<host_nics><host_nic id=\"n1\"><name>eth1</name><host id=\"h\"/>"
				"<mac address=\"00:17:A4:77:24:3A\"/></host_nic>"
				"<host_nic id=\"n0\"><name>eth0</name><network id=\"net\"/>"
				"<mac address=\"00:17:a4:77:24:38\"/></host_nic></host_nics>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V3, doc, "host_nic", &e, "nics"), 2);
	ck_assert_str_eq(e[0].mac, "00:17:a4:77:24:3a");
	ck_assert_str_eq(e[0].network_id, "");
	ck_assert_str_eq(e[1].network_id, "net");
	ck_assert(rdr_api_mac_equal(e[0].mac, "00:17:A4:77:24:3A"));
	ck_assert(!rdr_api_mac_equal(e[0].mac, "00:17:A4:77:24:3B"));
	free(e);
	rdr_xml_free(doc);

	doc = parse("<host_nics><host_nic id=\"n1\"><mac><address>AA:BB:CC:00:11:22</address></mac>"
				"<status>up</status></host_nic></host_nics>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V4, doc, "host_nic", &e, "nics"), 1);
	ck_assert_str_eq(e[0].mac, "aa:bb:cc:00:11:22");
	free(e);
	rdr_xml_free(doc);

	doc = parse("<events><event id=\"503\"><description>Host b does not comply with the "
				"cluster SiteB networks, the following networks are missing on host: "
				"'public,rhev'</description><code>519</code><host id=\"805b\"/></event>"
				"<event id=\"502\"><code>13</code></event></events>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V3, doc, "event", &e, "events"), 2);
	ck_assert_int_eq(e[0].code, 519);
	ck_assert_int_eq(e[0].event_id, 503);
	ck_assert_str_eq(e[0].host_id, "805b");
	ck_assert_int_eq(e[1].code, 13);
	free(e);
	rdr_xml_free(doc);

	/* an empty listing is zero entries, not an error */
	doc = parse("<vms/>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V3, doc, "vm", &e, "vms"), 0);
	ck_assert_ptr_null(e);
	rdr_xml_free(doc);

	/* a fault is not a listing */
	doc = parse("<fault><reason>Not Found</reason><detail>x</detail></fault>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V3, doc, "host", &e, "hosts"), -1);
	rdr_xml_free(doc);
}
END_TEST

/* NICs that share a MAC: the physical NIC, else the bond; never a VLAN device or a slave */
START_TEST(nic_for_mac)
{
	RdrXmlDoc  *doc;
	RdrApiEntity *e;
	char		why[768];

	/* v4: a VLAN device listed first, then its base NIC */
	doc = parse("<host_nics><host_nic id=\"v\"><name>eth2.100</name><vlan id=\"100\"/>"
				"<base_interface>eth2</base_interface><mac><address>00:17:A4:77:24:3C</address></mac></host_nic>"
				"<host_nic id=\"p\"><name>eth2</name><mac><address>00:17:A4:77:24:3C</address></mac></host_nic>"
				"</host_nics>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V4, doc, "host_nic", &e, "nics"), 2);
	ck_assert(e[0].vlan && !e[1].vlan);
	ck_assert_int_eq(rdr_api_nic_for_mac(e, 2, "00:17:a4:77:24:3c", why, sizeof(why)), 1);
	ck_assert_str_eq(why, "MAC 00:17:a4:77:24:3c is on eth2.100 (a VLAN device), eth2 (the physical NIC); chose eth2, the physical NIC");
	/* only the VLAN device: none */
	ck_assert_int_eq(rdr_api_nic_for_mac(e, 1, "00:17:a4:77:24:3c", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "no NIC with MAC 00:17:a4:77:24:3c can carry a network: eth2.100 (a VLAN device)");
	ck_assert_int_eq(rdr_api_nic_for_mac(e, 2, "00:17:a4:77:24:3d", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "the host has no NIC with MAC 00:17:a4:77:24:3d");
	free(e);
	rdr_xml_free(doc);

	/* v3 (3.0): slaves with a master link, the bond with <bonding>; a VLAN by its name */
	doc = parse("<host_nics>"
				"<host_nic id=\"s1\"><name>eth2</name><mac address=\"00:17:a4:77:24:3c\"/>"
				"<link rel=\"master\" href=\"/api/hosts/h/nics/b\"/></host_nic>"
				"<host_nic id=\"s2\"><name>eth3</name><mac address=\"00:17:a4:77:24:3c\"/>"
				"<link rel=\"master\" href=\"/api/hosts/h/nics/b\"/></host_nic>"
				"<host_nic id=\"b\"><name>bond0</name><mac address=\"00:17:a4:77:24:3c\"/>"
				"<bonding><slaves><host_nic id=\"s1\"/><host_nic id=\"s2\"/></slaves></bonding></host_nic>"
				"<host_nic id=\"v\"><name>eth1.7</name><mac address=\"00:17:a4:77:24:3a\"/></host_nic>"
				"<host_nic id=\"p\"><name>eth1</name><mac address=\"00:17:a4:77:24:3a\"/></host_nic>"
				"</host_nics>");
	ck_assert_int_eq(rdr_api_parse_list(RDR_API_V3, doc, "host_nic", &e, "nics"), 5);
	ck_assert_str_eq(e[0].master_id, "b");
	ck_assert(e[2].bond && !e[0].bond);
	ck_assert(e[3].vlan && !e[4].vlan);
	ck_assert_int_eq(rdr_api_nic_for_mac(e, 5, "00:17:A4:77:24:3C", why, sizeof(why)), 2);
	ck_assert_str_eq(why, "MAC 00:17:A4:77:24:3C is on eth2 (a bond slave), eth3 (a bond slave), bond0 (a bond); chose bond0, a bond");
	/* a slave whose bond has another MAC leads to the bond */
	ck_assert_int_eq(rdr_api_nic_for_mac(e, 3, "00:17:a4:77:24:3c", why, sizeof(why)), 2);
	ck_assert_int_eq(rdr_api_nic_for_mac(e, 5, "00:17:a4:77:24:3a", why, sizeof(why)), 4);
	/* a single NIC: no explanation */
	ck_assert_int_eq(rdr_api_nic_for_mac(e + 4, 1, "00:17:a4:77:24:3a", why, sizeof(why)), 0);
	ck_assert_str_eq(why, "");
	free(e);
	rdr_xml_free(doc);
}
END_TEST

START_TEST(missing_networks)
{
	char		buf[64];

	ck_assert(rdr_api_missing_networks("... missing on host: 'public'", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "public");
	ck_assert(rdr_api_missing_networks("x: 'public,rhev'", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "public,rhev");
	ck_assert(!rdr_api_missing_networks("no quotes", buf, sizeof(buf)));
	ck_assert(!rdr_api_missing_networks("empty ''", buf, sizeof(buf)));
	ck_assert(!rdr_api_missing_networks("one ' quote", buf, sizeof(buf)));
	ck_assert(!rdr_api_missing_networks("'0123456789'", buf, 5));
}
END_TEST

START_TEST(action_failed)
{
	RdrXmlDoc  *doc;
	char		buf[128];

	doc = parse("<action><status><state>complete</state></status></action>");
	ck_assert(!rdr_api_action_failed(RDR_API_V3, doc, buf, sizeof(buf)));
	rdr_xml_free(doc);
	doc = parse("<action><status><state>failed</state></status>"
				"<fault><detail>[no]</detail></fault></action>");
	ck_assert(rdr_api_action_failed(RDR_API_V3, doc, buf, sizeof(buf)));
	ck_assert_str_eq(buf, "[no]");
	rdr_xml_free(doc);
	doc = parse("<action><status>failed</status></action>");
	ck_assert(rdr_api_action_failed(RDR_API_V4, doc, buf, sizeof(buf)));
	ck_assert_str_eq(buf, "the action failed");
	rdr_xml_free(doc);
}
END_TEST

/* --- client setup, no network -------------------------------------------- */

START_TEST(client_config_checked)
{
	RdrRestConfig cfg;
	RdrRest    *rest;

	memset(&cfg, 0, sizeof(cfg));
	ck_assert_ptr_null(rdr_rest_open(&cfg));	/* no host */
	cfg.host = "127.0.0.1";
	cfg.port = 70000;
	ck_assert_ptr_null(rdr_rest_open(&cfg));	/* bad port */
	cfg.port = 8443;
	cfg.cert_port = 8080;
	ck_assert_ptr_null(rdr_rest_open(&cfg));	/* no user */
	cfg.user = "admin@internal";
	cfg.password = "secret";
	cfg.cert_port = 0;
	ck_assert_ptr_null(rdr_rest_open(&cfg));	/* no CA source */
	cfg.cert_port = 8080;
	rest = rdr_rest_open(&cfg);
	ck_assert_ptr_nonnull(rest);
	ck_assert_int_eq(rdr_rest_version(rest), RDR_API_UNKNOWN);
	ck_assert_int_eq(rdr_rest_pending(rest), 0);
	rdr_rest_close(rest);
}
END_TEST

START_TEST(client_dry_run_writes)
{
	RdrRestConfig cfg;
	RdrRest    *rest;
	RdrRestCall call;
	RdrRestCall *done[4];

	memset(&cfg, 0, sizeof(cfg));
	cfg.host = "127.0.0.1";
	cfg.port = 1;				/* nothing listens: a write must not try */
	cfg.cert_port = 1;
	cfg.user = "u";
	cfg.password = "p";
	cfg.dry_run = true;
	rest = rdr_rest_open(&cfg);
	ck_assert_ptr_nonnull(rest);
	rdr_rest_call_init(&call, RDR_HTTP_POST, rdr_api_body_empty_action(),
					   "hosts/%s/approve", "h1");
	ck_assert_str_eq(call.path, "hosts/h1/approve");
	ck_assert(rdr_rest_submit(rest, &call));
	ck_assert_int_eq(rdr_rest_poll(rest, 0, done, 4), 1);
	ck_assert_ptr_eq(done[0], &call);
	ck_assert(call.ok);
	ck_assert(call.dry_run);
	ck_assert_int_eq(call.attempts, 0);
	rdr_rest_call_free(&call);
	ck_assert_int_eq(rdr_rest_stats(rest).attempts, 0);
	rdr_rest_close(rest);
}
END_TEST

START_TEST(client_method_names)
{
	ck_assert_str_eq(rdr_rest_method_name(RDR_HTTP_GET), "GET");
	ck_assert_str_eq(rdr_rest_method_name(RDR_HTTP_POST), "POST");
	ck_assert_str_eq(rdr_rest_method_name(RDR_HTTP_PUT), "PUT");
	ck_assert_str_eq(rdr_rest_method_name(RDR_HTTP_DELETE), "DELETE");
}
END_TEST

static Suite *
rest_suite(void)
{
	Suite	   *s = suite_create("rest");
	TCase	   *xml = tcase_create("xml");
	TCase	   *body = tcase_create("bodies");
	TCase	   *api = tcase_create("api");
	TCase	   *client = tcase_create("client");

	tcase_add_test(xml, xml_parse_ok);
	tcase_add_test(xml, xml_parse_bad);
	tcase_add_test(xml, xml_no_external_entities);
	tcase_add_test(xml, xml_no_entity_amplification);
	tcase_add_test(xml, xml_string_and_find);
	tcase_add_test(body, body_exact_shapes);
	tcase_add_test(body, body_setupnetworks);
	tcase_add_test(body, body_round_trip_special_characters);
	tcase_add_test(api, entry_point_versions);
	tcase_add_test(api, list_hosts_v3_v4);
	tcase_add_test(api, list_single_nics_events_fault);
	tcase_add_test(api, nic_for_mac);
	tcase_add_test(api, missing_networks);
	tcase_add_test(api, action_failed);
	tcase_add_test(client, client_config_checked);
	tcase_add_test(client, client_dry_run_writes);
	tcase_add_test(client, client_method_names);
	suite_add_tcase(s, xml);
	suite_add_tcase(s, body);
	suite_add_tcase(s, api);
	suite_add_tcase(s, client);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(rest_suite());
	int			failed;

	rdr_log_init("test_rest_unit");
	/* the tests provoke errors on purpose; only results matter here */
	rdr_log_set_level(RDR_LOG_QUIET);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
