/*-------------------------------------------------------------------------
 *
 * check_managers.c
 *	  Check unit tests of rdr-nicfix's EL7-EL9 modules: the MAC spellings
 *	  of keyfiles and .link files, the .ini reader, and the keyfile,
 *	  .link and ifcfg HWADDR planners, each on small inputs with the
 *	  exact output wanted.  The whole images are in test/fixtures/nic
 *	  (el7-ifcfg, el9-keyfile, systemd-link), run by check_nicfix.c.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_managers.h"
#include "hwaddr.h"
#include "ifcfg.h"
#include "ini_file.h"
#include "nic_map.h"
#include "nm_keyfile.h"
#include "systemd_link.h"
#include "text_file.h"

typedef bool (*Planner) (const TextFile *in, const NicMap *map, TextFile *out);

/* the map of these tests: eth0 and eth1 at site B */
static void
test_map(NicMap *map)
{
	nic_map_init(map);
	ck_assert(nic_map_add_arg(map, "00:25:b3:a9:b0:01=eth0"));
	ck_assert(nic_map_add_arg(map, "00:25:b3:a9:b0:00=eth1"));
}

/*
 * plan_text: in planned by fn; NULL when the planner refuses it.  The
 * result, planned again, must be itself.
 */
static char *
plan_text(Planner fn, const char *in)
{
	NicMap		map;
	TextFile	tf;
	TextFile	out;
	TextFile	again;
	char	   *got = NULL;
	size_t		len;

	test_map(&map);
	ck_assert(text_init(&tf, "f"));
	ck_assert(text_parse(&tf, in, strlen(in)));
	ck_assert(text_init(&out, "f"));
	if (fn(&tf, &map, &out))
	{
		got = text_serialize(&out, &len);
		ck_assert(text_init(&again, "f"));
		ck_assert(fn(&out, &map, &again));
		ck_assert_msg(text_same(&out, &again), "not idempotent:\n%s", got);
		text_free(&again);
	}
	text_free(&out);
	text_free(&tf);
	nic_map_free(&map);
	return got;
}

static void
assert_plans(Planner fn, const char *in, const char *want)
{
	char	   *got = plan_text(fn, in);

	ck_assert_msg(got != NULL, "refused:\n%s", in);
	ck_assert_str_eq(got, want);
	free(got);
}

static void
assert_refused(Planner fn, const char *in)
{
	char	   *got = plan_text(fn, in);

	ck_assert_msg(got == NULL, "accepted:\n%s", in);
}

START_TEST(test_hwaddr)
{
	Mac			m;

	ck_assert(hwaddr_parse_link("00:25:B3:a9:b0:01", 17, &m));
	ck_assert_str_eq(m.text, "00:25:b3:a9:b0:01");
	ck_assert(hwaddr_parse_link("00-25-B3-A9-B0-01", 17, &m));
	ck_assert_str_eq(m.text, "00:25:b3:a9:b0:01");
	ck_assert(hwaddr_parse_link("0025.B3A9.b001", 14, &m));
	ck_assert_str_eq(m.text, "00:25:b3:a9:b0:01");
	ck_assert(!hwaddr_parse_link("00:25-b3:a9:b0:01", 17, &m));
	ck_assert(!hwaddr_parse_link("0025b3a9b001", 12, &m));
	ck_assert(!hwaddr_parse_link("00:25:b3:a9:b0:0g", 17, &m));
	ck_assert(!hwaddr_parse_link("002.5b3a9.b001", 14, &m));
	ck_assert(!hwaddr_parse_link("00:25:b3:a9:b0:01:02", 20, &m));

	ck_assert(hwaddr_parse_nm("00:25:B3:A9:B0:01", 17, &m));
	ck_assert_str_eq(m.text, "00:25:b3:a9:b0:01");
	ck_assert(hwaddr_parse_nm("0;37;179;169;176;1;", 19, &m));
	ck_assert_str_eq(m.text, "00:25:b3:a9:b0:01");
	ck_assert(hwaddr_parse_nm("0;37;179;169;176;1", 18, &m));
	ck_assert(!hwaddr_parse_nm("0;37;179;169;176;256;", 21, &m));
	ck_assert(!hwaddr_parse_nm("0;37;179;169;176;", 17, &m));
	ck_assert(!hwaddr_parse_nm("0;37;179;169;176;1;2;", 21, &m));
	ck_assert(!hwaddr_parse_nm("0025.b3a9.b001", 14, &m));
	ck_assert(!hwaddr_parse_nm("", 0, &m));
}
END_TEST

START_TEST(test_ini)
{
	static const char in[] =
		"# c\n"
		"  [ethernet]  \n"
		"mac-address = 00:25:B3:A9:B0:01 \n"
		"\n"
		"[Match]\n"
		"; c\n"
		"MACAddress=a \\\n"
		"# skipped\n"
		"  b\n";
	TextFile	tf;
	IniFile		ini;

	ck_assert(text_init(&tf, "f"));
	ck_assert(text_parse(&tf, in, strlen(in)));
	ck_assert(ini_parse(&tf, INI_SYSTEMD, &ini));
	ck_assert_int_eq(ini.lines[0].kind, INI_COMMENT);
	ck_assert_int_eq(ini.lines[1].kind, INI_GROUP);
	ck_assert_int_eq(ini.lines[1].name_col, 3);
	ck_assert_int_eq(ini.lines[1].name_len, 8);
	ck_assert(ini_key_is(&tf, &ini, 2, "ethernet", "mac-address"));
	ck_assert_int_eq(ini.lines[2].value_col, 14);
	ck_assert_int_eq(ini.lines[2].value_len, 17);
	ck_assert_int_eq(ini.lines[3].kind, INI_BLANK);
	ck_assert_int_eq(ini.lines[5].kind, INI_COMMENT);
	ck_assert(ini.lines[6].continued);
	ck_assert_int_eq(ini.lines[7].kind, INI_COMMENT);
	ck_assert_int_eq(ini.lines[8].kind, INI_CONTINUATION);
	ck_assert(ini_group_is(&tf, &ini, 8, "Match"));
	ini_free(&ini);
	/* GLib: ';' is not a comment, and no continuation */
	ck_assert(!ini_parse(&tf, INI_GKEYFILE, &ini));
	text_free(&tf);
}
END_TEST

START_TEST(test_keyfile)
{
	/* the old group name, spaces around '=', a deliberate cloned MAC */
	assert_plans(nm_keyfile_plan,
				 "[connection]\ninterface-name=eth1\n"
				 "[802-3-ethernet]\nmac-address = 00:1e:0b:ce:42:78 \n"
				 "cloned-mac-address=02:00:00:00:00:01\n",
				 "[connection]\ninterface-name=eth1\n"
				 "[802-3-ethernet]\nmac-address = 00:25:B3:A9:B0:00 \n"
				 "cloned-mac-address=02:00:00:00:00:01\n");
	/* every mac-address line, the keyword cloned values stay */
	assert_plans(nm_keyfile_plan,
				 "[ethernet]\nmac-address=00:1e:0b:ce:42:78\n"
				 "mac-address=00:1e:0b:ce:42:79\ncloned-mac-address=preserve\n"
				 "[connection]\ninterface-name=eth0\n",
				 "[ethernet]\nmac-address=00:25:B3:A9:B0:01\n"
				 "mac-address=00:25:B3:A9:B0:01\ncloned-mac-address=preserve\n"
				 "[connection]\ninterface-name=eth0\n");
	/* a cloned old MAC of another mac-address line is site A's too */
	assert_plans(nm_keyfile_plan,
				 "[connection]\ninterface-name=eth0\n[ethernet]\n"
				 "mac-address=00:1e:0b:ce:42:78\ncloned-mac-address=00-1E-0B-CE-42-78\n",
				 "[connection]\ninterface-name=eth0\n[ethernet]\n"
				 "mac-address=00:25:B3:A9:B0:01\n# cloned-mac-address=00-1E-0B-CE-42-78\n");
	/* already right (lower case, hyphens): untouched */
	assert_plans(nm_keyfile_plan,
				 "[connection]\ninterface-name=eth0\n[ethernet]\nmac-address=00-25-b3-a9-b0-01\n",
				 "[connection]\ninterface-name=eth0\n[ethernet]\nmac-address=00-25-b3-a9-b0-01\n");
	/* mac-address in another setting, or reset, or no interface name */
	assert_plans(nm_keyfile_plan,
				 "[connection]\ninterface-name=eth0\n[wifi]\nmac-address=00:1e:0b:ce:42:78\n",
				 "[connection]\ninterface-name=eth0\n[wifi]\nmac-address=00:1e:0b:ce:42:78\n");
	assert_plans(nm_keyfile_plan,
				 "[connection]\ninterface-name=eth0\n[ethernet]\nmac-address=00:1e:0b:ce:42:78\nmac-address=\n",
				 "[connection]\ninterface-name=eth0\n[ethernet]\nmac-address=00:1e:0b:ce:42:78\nmac-address=\n");
	assert_plans(nm_keyfile_plan,
				 "[connection]\nid=x\n[ethernet]\nmac-address=00:1e:0b:ce:42:78\n",
				 "[connection]\nid=x\n[ethernet]\nmac-address=00:1e:0b:ce:42:78\n");
	/* another name: left alone (a warning) */
	assert_plans(nm_keyfile_plan,
				 "[connection]\ninterface-name=eth5\n[ethernet]\nmac-address=00:25:b3:a9:b0:01\n",
				 "[connection]\ninterface-name=eth5\n[ethernet]\nmac-address=00:25:b3:a9:b0:01\n");
	/* CRLF kept */
	assert_plans(nm_keyfile_plan,
				 "[connection]\r\ninterface-name=eth0\r\n[ethernet]\r\nmac-address=00:1e:0b:ce:42:78\r\n",
				 "[connection]\r\ninterface-name=eth0\r\n[ethernet]\r\nmac-address=00:25:B3:A9:B0:01\r\n");
	assert_refused(nm_keyfile_plan, "[connection]\ninterface-name=eth0\n[ethernet]\nmac-address=00:1e:0b:ce:42\n");
	assert_refused(nm_keyfile_plan, "[connection]\n; not a GLib comment\n");
	assert_refused(nm_keyfile_plan, "[connection\n");
	assert_refused(nm_keyfile_plan, "[]\n");
	assert_refused(nm_keyfile_plan, "[connection]\n=eth0\n");
}
END_TEST

START_TEST(test_link)
{
	/* the list becomes the wanted MAC; later lines commented out */
	assert_plans(systemd_link_plan,
				 "[Match]\nMACAddress=00:1e:0b:ce:42:78 00:1e:0b:ce:42:79\n"
				 "Driver=bnx2\nMACAddress=\n[Link]\nName=eth0\n",
				 "[Match]\nMACAddress=00:25:b3:a9:b0:01\n"
				 "Driver=bnx2\n# MACAddress=\n[Link]\nName=eth0\n");
	/* after a reset, the list is what follows: already right */
	assert_plans(systemd_link_plan,
				 "[Match]\nMACAddress=00:1e:0b:ce:42:78\nMACAddress=\n"
				 "MACAddress=0025.b3a9.b001\n[Link]\nName=eth0\n",
				 "[Match]\nMACAddress=00:1e:0b:ce:42:78\nMACAddress=\n"
				 "MACAddress=0025.b3a9.b001\n[Link]\nName=eth0\n");
	/* both keys, [Link] MACAddress= (the address to set) untouched */
	assert_plans(systemd_link_plan,
				 "[Match]\nPermanentMACAddress=00:1e:0b:ce:42:78\n"
				 "MACAddress=00:1e:0b:ce:42:78\n[Link]\nMACAddress=02:00:00:00:00:01\nName=eth1\n",
				 "[Match]\nPermanentMACAddress=00:25:b3:a9:b0:00\n"
				 "MACAddress=00:25:b3:a9:b0:00\n[Link]\nMACAddress=02:00:00:00:00:01\nName=eth1\n");
	/* the last Name= counts; an empty one unsets it */
	assert_plans(systemd_link_plan,
				 "[Match]\nMACAddress=00:1e:0b:ce:42:78\n[Link]\nName=eth0\nName=eth7\n",
				 "[Match]\nMACAddress=00:1e:0b:ce:42:78\n[Link]\nName=eth0\nName=eth7\n");
	assert_refused(systemd_link_plan,
				   "[Match]\nMACAddress=00:25:b3:a9:b0:01\n[Link]\nName=eth0\nName=\n");
	/* another name for a wanted MAC, or a MAC we cannot read */
	assert_refused(systemd_link_plan,
				   "[Match]\nMACAddress=00-25-B3-A9-B0-00\n[Link]\nName=eth7\n");
	assert_refused(systemd_link_plan,
				   "[Match]\nMACAddress=00:1e:0b:ce:42\n[Link]\nName=eth0\n");
	assert_refused(systemd_link_plan, "Name=eth0\n[Link]\n");
	/* no MAC match: left as it is (a warning), and it names nothing */
	assert_plans(systemd_link_plan,
				 "[Match]\nPath=pci-0000:02:00.0\n[Link]\nName=eth0\n",
				 "[Match]\nPath=pci-0000:02:00.0\n[Link]\nName=eth0\n");
}
END_TEST

/* link_names: systemd_link_names of in */
static long
link_names(const char *in)
{
	NicMap		map;
	TextFile	tf;
	long		e;

	test_map(&map);
	ck_assert(text_init(&tf, "f"));
	ck_assert(text_parse(&tf, in, strlen(in)));
	e = systemd_link_names(&tf, &map);
	text_free(&tf);
	nic_map_free(&map);
	return e;
}

START_TEST(test_link_names)
{
	ck_assert_int_eq(link_names("[Match]\nMACAddress=00:25:b3:a9:b0:00\n[Link]\nName=eth1\n"), 1);
	ck_assert_int_eq(link_names("[Match]\nMACAddress=0025.b3a9.b001\nPermanentMACAddress=00-25-b3-a9-b0-01\n[Link]\nName=eth0\n"), 0);
	/* not exactly the wanted MAC, another key wrong, no MAC, no name */
	ck_assert_int_eq(link_names("[Match]\nMACAddress=00:25:b3:a9:b0:00 00:25:b3:a9:b0:09\n[Link]\nName=eth1\n"), -1);
	ck_assert_int_eq(link_names("[Match]\nMACAddress=00:25:b3:a9:b0:01\nPermanentMACAddress=00:25:b3:a9:b0:09\n[Link]\nName=eth0\n"), -1);
	ck_assert_int_eq(link_names("[Match]\nPath=pci-0000:02:00.0\n[Link]\nName=eth0\n"), -1);
	ck_assert_int_eq(link_names("[Match]\nMACAddress=00:25:b3:a9:b0:01\n[Link]\nName=eth0\nName=\n"), -1);
}
END_TEST

START_TEST(test_ifcfg_hwaddr)
{
	static const char in[] =
		"DEVICE=em1\n"
		"HWADDR=00:1E:0B:CE:42:78\n"
		"HWADDR=\"00:1e:0b:ce:42:79\" # second\n"
		"MACADDR=00:1E:0B:CE:42:79\n"
		"MACADDR=02:00:00:00:00:01\n"
		"# HWADDR=00:1E:0B:CE:42:77\n";
	static const char want[] =
		"DEVICE=em1\n"
		"HWADDR=00:25:B3:A9:B0:01\n"
		"HWADDR=\"00:25:b3:a9:b0:01\" # second\n"
		"# MACADDR=00:1E:0B:CE:42:79\n"
		"MACADDR=02:00:00:00:00:01\n"
		"# HWADDR=00:1E:0B:CE:42:77\n";
	TextFile	tf;
	TextFile	out;
	TextFile	again;
	Mac			m;
	bool		found;
	char	   *got;
	size_t		len;

	ck_assert(mac_parse("00:25:b3:a9:b0:01", 17, &m));
	ck_assert(text_init(&tf, "ifcfg-em1"));
	ck_assert(text_parse(&tf, in, strlen(in)));
	ck_assert(text_init(&out, "ifcfg-em1"));
	ck_assert(ifcfg_plan_hwaddr(&tf, &m, &out));
	got = text_serialize(&out, &len);
	ck_assert_str_eq(got, want);
	free(got);
	ck_assert(text_init(&again, "ifcfg-em1"));
	ck_assert(ifcfg_plan_hwaddr(&out, &m, &again));
	ck_assert(text_same(&out, &again));
	ck_assert(ifcfg_hwaddr(&out, &m, &found));
	ck_assert(found);
	ck_assert_str_eq(m.text, "00:25:b3:a9:b0:01");
	text_free(&again);
	text_free(&out);
	text_free(&tf);
}
END_TEST

Suite *
managers_suite(void)
{
	Suite	   *s = suite_create("rdr-nicfix EL7-EL9");
	TCase	   *tc = tcase_create("units");

	tcase_add_test(tc, test_hwaddr);
	tcase_add_test(tc, test_ini);
	tcase_add_test(tc, test_keyfile);
	tcase_add_test(tc, test_link);
	tcase_add_test(tc, test_link_names);
	tcase_add_test(tc, test_ifcfg_hwaddr);
	suite_add_tcase(s, tc);
	return s;
}
