/*-------------------------------------------------------------------------
 *
 * check_nicfix.c
 *	  Check unit tests of rdr-nicfix's modules, over test/fixtures/nic.
 *
 * The fixture tests plan each case's before/ tree (planning reads, never
 * writes) and compare every planned file, whole and byte for byte, with
 * the case's after/ tree; files not planned must be identical in both.
 * The seed's own "after" text of ifcfg-eth0 is also checked literally, so
 * the fixtures cannot drift from the seed unnoticed.  The apply test
 * writes a copy of a fixture and makes it fail part-way (a file replaced
 * by a directory after planning).
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_managers.h"
#include "diff.h"
#include "file_plan.h"
#include "ifcfg.h"
#include "log.h"
#include "mac.h"
#include "nic_map.h"
#include "nicfix.h"
#include "text_file.h"
#include "udev_rules.h"

#define STAMP "2025-11-25T09:11:30Z"

static const char *fixtures;	/* test/fixtures/nic */

/* slurp: a whole file, or NULL (with *len 0) when it does not exist */
static char *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0;
	size_t		n;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;)
	{
		if (*len + 4096 > cap)
		{
			cap = (*len + 4096) * 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		n = fread(buf + *len, 1, cap - *len - 1, f);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* load_args: the case's args file (--map / --config) into map */
static bool
load_args(const char *casedir, NicMap *map)
{
	char		path[4096];
	char		line[4096];
	FILE	   *f;
	bool		ok = true;
	bool		want_map = false;
	bool		want_config = false;

	snprintf(path, sizeof(path), "%s/args", casedir);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (ok && fgets(line, sizeof(line), f) != NULL)
	{
		line[strcspn(line, "\n")] = '\0';
		if (want_map)
			ok = nic_map_add_arg(map, line);
		else if (want_config)
		{
			char		cpath[4096];
			char	   *buf;
			size_t		len;

			/* the file's mode is checked by the CLI test; here its text */
			snprintf(cpath, sizeof(cpath), "%s/rdr.conf", casedir);
			buf = slurp(cpath, &len);
			ck_assert_ptr_nonnull(buf);
			ok = nic_map_parse_config(map, "rdr.conf", buf, len);
			free(buf);
		}
		want_map = strcmp(line, "--map") == 0;
		want_config = strcmp(line, "--config") == 0;
	}
	fclose(f);
	return ok;
}

/* planned_for: the planned file at root + rel, or NULL */
static const PlannedFile *
planned_for(const FilePlan *plan, const char *path)
{
	size_t		i;

	for (i = 0; i < plan->n; i++)
		if (strcmp(plan->files[i].path, path) == 0)
			return &plan->files[i];
	return NULL;
}

/* State for the nftw walk over after/ (nftw has no user pointer). */
static const FilePlan *walk_plan;
static char walk_before[4096];
static char walk_after[4096];
static int	walk_files;

static int
compare_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = path + strlen(walk_after);
	char		bpath[8192];
	const PlannedFile *pf;
	char	   *want;
	char	   *got;
	size_t		wlen;
	size_t		glen;

	(void) st;
	(void) ftw;
	if (type != FTW_F)
		return 0;
	snprintf(bpath, sizeof(bpath), "%s%s", walk_before, rel);
	want = slurp(path, &wlen);
	pf = planned_for(walk_plan, bpath);
	if (pf != NULL)
		got = text_serialize(&pf->new, &glen);
	else
		got = slurp(bpath, &glen);
	ck_assert_msg(got != NULL, "%s: missing in before/", rel);
	ck_assert_msg(glen == wlen && memcmp(got, want, wlen) == 0,
				  "%s: planned file differs from after/:\n--- got\n%s\n--- want\n%s",
				  rel, got, want);
	free(want);
	free(got);
	walk_files++;
	return 0;
}

/* plan_case: plan tree (before/ or after/) of a good case */
static void
plan_case(const char *name, const char *tree, FilePlan *plan)
{
	char		casedir[2048];
	char		root[4096];
	NicMap		map;

	snprintf(casedir, sizeof(casedir), "%s/%s", fixtures, name);
	snprintf(root, sizeof(root), "%s/%s", casedir, tree);
	nic_map_init(&map);
	ck_assert_msg(load_args(casedir, &map), "%s: bad args", name);
	file_plan_init(plan);
	ck_assert_msg(nicfix_plan(root, &map, STAMP, plan), "%s: plan failed", name);
	nic_map_free(&map);
}

static const char *good_cases[] = {
	"seed-rhel6", "seed-eth0", "swapped", "bonds-vlans", "extra-keys",
	"crlf", "no-newline", "empty-rules", "duplicates", "el7-ifcfg",
	"el9-keyfile", "systemd-link", "el8-mixed"
};

START_TEST(test_fixture_case)
{
	const char *name = good_cases[_i];
	FilePlan	plan;

	plan_case(name, "before", &plan);
	ck_assert_msg(plan.n > 0, "%s: nothing planned", name);
	walk_plan = &plan;
	snprintf(walk_before, sizeof(walk_before), "%s/%s/before", fixtures, name);
	snprintf(walk_after, sizeof(walk_after), "%s/%s/after", fixtures, name);
	walk_files = 0;
	ck_assert_int_eq(nftw(walk_after, compare_one, 16, FTW_PHYS), 0);
	ck_assert_int_gt(walk_files, 0);
	file_plan_free(&plan);
}
END_TEST

START_TEST(test_fixture_idempotent)
{
	const char *name = good_cases[_i];
	FilePlan	plan;

	/* the planned result, planned again, needs no change at all */
	plan_case(name, "after", &plan);
	ck_assert_msg(plan.n == 0, "%s: after/ still needs %zu changes", name, plan.n);
	file_plan_free(&plan);
}
END_TEST

START_TEST(test_seed_ifcfg_literal)
{
	/* seed section 7.2, "cat /etc/sysconfig/network-scripts/ifcfg-eth0" */
	static const char seed_after[] =
		"DEVICE=\"eth0\"\n"
		"# HWADDR=\"00:18:71:EB:A0:39\"\n"
		"NM_CONTROLLED=\"yes\"\n"
		"ONBOOT=\"no\"\n";
	FilePlan	plan;
	char		path[4096];
	const PlannedFile *pf;
	char	   *got;
	size_t		len;

	plan_case("seed-eth0", "before", &plan);
	snprintf(path, sizeof(path),
			 "%s/seed-eth0/before/etc/sysconfig/network-scripts/ifcfg-eth0",
			 fixtures);
	pf = planned_for(&plan, path);
	ck_assert_ptr_nonnull(pf);
	got = text_serialize(&pf->new, &len);
	ck_assert_str_eq(got, seed_after);
	free(got);
	/* only eth0 is wanted: eth1 and eth2 stay pinned, as the seed's -n */
	ck_assert_int_eq(plan.n, 2);
	file_plan_free(&plan);
}
END_TEST

static const char *bad_input_cases[] = {
	"rule-no-operator", "rule-unterminated", "rule-missing-comma",
	"rule-continuation-eof", "rule-bad-mac", "rule-two-names",
	"rule-nul-byte", "rule-split-name", "rules-missing", "rules-is-dir",
	"rules-symlink", "ifcfg-unterminated", "backup-not-file",
	"keyfile-bad-mac", "keyfile-no-equals", "keyfile-no-group",
	"keyfile-open-group", "link-bad-mac", "link-conflict", "link-continued",
	"link-no-equals"
};

START_TEST(test_bad_input)
{
	char		casedir[2048];
	char		root[4096];
	NicMap		map;
	FilePlan	plan;

	snprintf(casedir, sizeof(casedir), "%s/bad/%s", fixtures,
			 bad_input_cases[_i]);
	snprintf(root, sizeof(root), "%s/before", casedir);
	nic_map_init(&map);
	ck_assert(load_args(casedir, &map));
	file_plan_init(&plan);
	ck_assert_msg(!nicfix_plan(root, &map, STAMP, &plan), "%s: plan succeeded",
				  bad_input_cases[_i]);
	file_plan_free(&plan);
	nic_map_free(&map);
}
END_TEST

START_TEST(test_mac_parse)
{
	Mac			m;
	Mac			m2;

	ck_assert(mac_parse("00:25:B3:a9:b0:01", 17, &m));
	ck_assert_str_eq(m.text, "00:25:b3:a9:b0:01");
	ck_assert(mac_parse("00:25:b3:a9:b0:01", 17, &m2));
	ck_assert(mac_equal(&m, &m2));
	ck_assert(!mac_parse("00-25-b3-a9-b0-01", 17, &m));
	ck_assert(!mac_parse("00:25:b3:a9:b0:1", 16, &m));
	ck_assert(!mac_parse("00:25:b3:a9:b0:011", 18, &m));
	ck_assert(!mac_parse("00:25:b3:a9:b0:0g", 17, &m));
	ck_assert(!mac_parse("0025.b3a9.b001", 14, &m));
	ck_assert(!mac_parse("00:25:b3:a9:b0:01", 0, &m));
	ck_assert(!mac_parse("00:25:b3:a9:b0::1", 17, &m));
}
END_TEST

START_TEST(test_ifname_valid)
{
	const char *why = NULL;

	ck_assert(ifname_valid("eth0", 4, &why));
	ck_assert(ifname_valid("bond0.100", 9, &why));
	ck_assert(ifname_valid("abcdefghijklmno", 15, &why));
	ck_assert(!ifname_valid("abcdefghijklmnop", 16, &why));
	ck_assert_str_eq(why, "the name is longer than 15 characters");
	ck_assert(!ifname_valid("", 0, &why));
	ck_assert(!ifname_valid(".", 1, &why));
	ck_assert(!ifname_valid("..", 2, &why));
	ck_assert(!ifname_valid("eth0/x", 6, &why));
	ck_assert(!ifname_valid("eth 0", 5, &why));
	ck_assert(!ifname_valid("eth0:1", 6, &why));
	ck_assert(!ifname_valid("eth\"0", 5, &why));
	ck_assert(!ifname_valid("eth*", 4, &why));
}
END_TEST

START_TEST(test_nic_map)
{
	NicMap		map;
	Mac			m;

	nic_map_init(&map);
	ck_assert(nic_map_add_arg(&map, "00:25:B3:A9:B0:01=eth0"));
	ck_assert(nic_map_add_arg(&map, "00:25:b3:a9:b0:01=eth0"));	/* same pair */
	ck_assert_int_eq(map.n, 1);
	ck_assert(!nic_map_add_arg(&map, "00:25:b3:a9:b0:01=eth1"));
	ck_assert(!nic_map_add_arg(&map, "00:25:b3:a9:b0:02=eth0"));
	ck_assert(!nic_map_add_arg(&map, "00:25:b3:a9:b0:02"));
	ck_assert(!nic_map_add_arg(&map, "=eth3"));
	ck_assert(!nic_map_add_arg(&map, "00:25:b3:a9:b0:02="));
	ck_assert_int_eq(map.n, 1);
	ck_assert(mac_parse("00:25:b3:a9:b0:01", 17, &m));
	ck_assert_str_eq(nic_map_by_mac(&map, &m)->name, "eth0");
	ck_assert_str_eq(nic_map_by_name(&map, "eth0", 4)->origin, "--map");
	ck_assert_ptr_null(nic_map_by_name(&map, "eth", 3));
	nic_map_free(&map);
}
END_TEST

START_TEST(test_config)
{
	static const char conf[] =
		"# comment\r\n"
		"; another comment\n"
		"   \n"
		"CONFIG logfile rdr.log\n"
		"Rhevm_Nic\t00:25:B3:A9:B0:01   eth0\r\n"
		"RHEVM_NIC 00:25:b3:a9:b0:00 eth1\n"
		"VIRT_NET rdr-rhev 00:17:a4:77:24:38 rhev\n"
		"RHEVM_NIC 00:25:b3:a9:b0:02 eth2";
	NicMap		map;

	nic_map_init(&map);
	ck_assert(nic_map_parse_config(&map, "rdr.conf", conf, strlen(conf)));
	ck_assert_int_eq(map.n, 3);
	ck_assert_str_eq(map.entries[0].mac.text, "00:25:b3:a9:b0:01");
	ck_assert_str_eq(map.entries[0].name, "eth0");
	ck_assert_str_eq(map.entries[0].origin, "rdr.conf:5");
	ck_assert_str_eq(map.entries[2].name, "eth2");
	ck_assert_str_eq(map.entries[2].origin, "rdr.conf:8");
	nic_map_free(&map);

	nic_map_init(&map);
	ck_assert(!nic_map_parse_config(&map, "c", "RHEVM_NIC 00:25:b3:a9:b0:01\n", 28));
	ck_assert(!nic_map_parse_config(&map, "c", "RHEVM_NIC 00:25:b3:a9:b0:01 eth0 x\n", 35));
	ck_assert(!nic_map_parse_config(&map, "c", "RHEVM_NIC eth0 00:25:b3:a9:b0:01\n", 33));
	ck_assert(!nic_map_parse_config(&map, "c", "RHEVM_NIC a\0b\n", 14));
	ck_assert_int_eq(map.n, 0);
	nic_map_free(&map);
}
END_TEST

/* parse_rules: parse text as a rules file */
static bool
parse_rules(const char *text, TextFile *tf, UdevRules *rules)
{
	ck_assert(text_init(tf, "t.rules"));
	ck_assert(text_parse(tf, text, strlen(text)));
	return udev_rules_parse(tf, rules);
}

START_TEST(test_rules_parse)
{
	TextFile	tf;
	UdevRules	rules;
	const UdevRule *r;

	ck_assert(parse_rules(
		"# comment\n"
		"\n"
		"ACTION==\"add\", \\\n"
		"# a comment inside the continuation\n"
		"   ATTR{address} == \"00:25:B3:A9:B0:01\" ,NAME:=\"eth3\"\n"
		"KERNEL==\"eth*\" RUN+=\"/bin/true\" ENV{X}=e\"a\\\"b\",\n"
		"ATTR{address}!=\"00:25:b3:a9:b0:02\", NAME==\"eth0\"\n",
		&tf, &rules));
	ck_assert_int_eq(rules.n, 3);
	r = &rules.rules[0];
	ck_assert_int_eq(r->first, 2);
	ck_assert_int_eq(r->last, 4);
	ck_assert(r->has_mac && r->mac_valid && r->has_name);
	ck_assert_str_eq(r->mac.text, "00:25:b3:a9:b0:01");
	ck_assert_int_eq(r->mac_at.line, 4);
	ck_assert_int_eq(r->mac_at.col, 21);
	ck_assert_int_eq(r->name_at.line, 4);
	ck_assert_int_eq(r->name_at.col, 48);
	ck_assert_int_eq(r->name_at.len, 4);
	/* no NAME assignment, no address match */
	ck_assert(!rules.rules[1].has_mac && !rules.rules[1].has_name);
	/* != is not a match of the address, == on NAME not an assignment */
	ck_assert(!rules.rules[2].has_mac && !rules.rules[2].has_name);
	udev_rules_free(&rules);
	text_free(&tf);
}
END_TEST

static const char *malformed_rules[] = {
	"NAME\"eth0\"\n",
	"NAME=eth0\n",
	"NAME=\"eth0\n",
	"=\"x\"\n",
	"ATTR{address=\"x\"\n",
	"NAME=\"a\"NAME2=\"b\"\n",
	"NAME=\"a\",,KERNEL==\"b\"\n",
	"KERNEL==\"eth*\", \\\n",
	"ATTR{address}==\"00:25:b3:a9:b0:01\", ATTR{address}==\"00:25:b3:a9:b0:02\"\n",
	"NAME=\"a\", NAME:=\"b\"\n",
	"ATTR{address}==\"00:25:b3:a9:\\\nb0:01\", NAME=\"x\"\n",
};

START_TEST(test_rules_malformed)
{
	TextFile	tf;
	UdevRules	rules;

	ck_assert_msg(!parse_rules(malformed_rules[_i], &tf, &rules),
				  "accepted: %s", malformed_rules[_i]);
	ck_assert_int_eq(rules.n, 0);
	text_free(&tf);
}
END_TEST

START_TEST(test_text_roundtrip)
{
	static const char *texts[] = {
		"", "a", "a\n", "a\r\n", "a\r", "\n\n", "a\r\nb\nc", "x\ry\r\n\r\n"
	};
	size_t		i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
	{
		TextFile	tf;
		char	   *out;
		size_t		len;

		ck_assert(text_init(&tf, "t"));
		ck_assert(text_parse(&tf, texts[i], strlen(texts[i])));
		out = text_serialize(&tf, &len);
		ck_assert_uint_eq(len, strlen(texts[i]));
		ck_assert_mem_eq(out, texts[i], len);
		free(out);
		text_free(&tf);
	}
}
END_TEST

START_TEST(test_ifcfg)
{
	static const char in[] =
		"DEVICE=eth0\n"
		"DEVICE=\"eth1\"  # the last one wins, as in the shell\n"
		" HWADDR=\"00:1E:0B:CE:42:78\"\n"
		"MACADDR=00:1e:0b:ce:42:78\n"
		"MACADDR=00:18:71:eb:a0:39\n"
		"MACADDR=02:00:00:00:00:01\n"
		"#HWADDR=00:11:22:33:44:55\n"
		"HWADDRX=1\n";
	static const char want[] =
		"DEVICE=eth0\n"
		"DEVICE=\"eth1\"  # the last one wins, as in the shell\n"
		"#  HWADDR=\"00:1E:0B:CE:42:78\"\n"
		"# MACADDR=00:1e:0b:ce:42:78\n"
		"# MACADDR=00:18:71:eb:a0:39\n"
		"MACADDR=02:00:00:00:00:01\n"
		"#HWADDR=00:11:22:33:44:55\n"
		"HWADDRX=1\n";
	TextFile	tf;
	TextFile	out;
	char		device[64];
	Mac			old;
	char	   *got;
	size_t		len;

	ck_assert(text_init(&tf, "ifcfg-x"));
	ck_assert(text_parse(&tf, in, strlen(in)));
	ck_assert(ifcfg_device(&tf, "x", device, sizeof(device)));
	ck_assert_str_eq(device, "eth1");
	ck_assert(mac_parse("00:18:71:EB:A0:39", 17, &old));
	ck_assert(text_init(&out, "ifcfg-x"));
	ck_assert(ifcfg_plan(&tf, &old, 1, &out));
	got = text_serialize(&out, &len);
	ck_assert_str_eq(got, want);
	free(got);
	text_free(&out);
	text_free(&tf);

	/* no DEVICE: the name after "ifcfg-" */
	ck_assert(text_init(&tf, "ifcfg-eth7"));
	ck_assert(text_parse(&tf, "ONBOOT=yes\n", 11));
	ck_assert(ifcfg_device(&tf, "eth7", device, sizeof(device)));
	ck_assert_str_eq(device, "eth7");
	text_free(&tf);

	/* an unterminated quote in a key we act on is an error */
	ck_assert(text_init(&tf, "ifcfg-eth0"));
	ck_assert(text_parse(&tf, "HWADDR='00:11\n", 14));
	ck_assert(text_init(&out, "ifcfg-eth0"));
	ck_assert(!ifcfg_plan(&tf, NULL, 0, &out));
	text_free(&out);
	text_free(&tf);
}
END_TEST

/* the expected text is what GNU "diff -u" prints for the same change */
START_TEST(test_diff)
{
	static const char want[] =
		"--- a/f\n"
		"+++ b/f\n"
		"@@ -1,5 +1,6 @@\n"
		" 1\n"
		"-2\n"
		"+# 2\n"
		"+new\n"
		" 3\n"
		" 4\n"
		" 5\n"
		"@@ -8,4 +9,4 @@\n"
		" 8\n"
		" 9\n"
		" 10\n"
		"-11\n"
		"\\ No newline at end of file\n"
		"+# 11\n"
		"\\ No newline at end of file\n";
	TextFile	old;
	TextFile	new;
	char	   *buf = NULL;
	size_t		len = 0;
	FILE	   *f;
	size_t		i;

	ck_assert(text_init(&old, "f"));
	ck_assert(text_parse(&old, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11", 23));
	ck_assert(text_init(&new, "f"));
	for (i = 0; i < old.nlines; i++)
	{
		if (i == 1 || i == 10)
		{
			ck_assert(text_append_commented(&new, &old, i));
			if (i == 1)
				ck_assert(text_append(&new, "new", 3, "\n", -1));
		}
		else
			ck_assert(text_append_copy(&new, &old, i));
	}
	f = open_memstream(&buf, &len);
	ck_assert(diff_unified(f, "a/f", "b/f", &old, &new));
	fclose(f);
	ck_assert_str_eq(buf, want);
	free(buf);

	/* a plan that copies every line: no output */
	text_free(&new);
	ck_assert(text_init(&new, "f"));
	for (i = 0; i < old.nlines; i++)
		ck_assert(text_append_copy(&new, &old, i));
	buf = NULL;
	f = open_memstream(&buf, &len);
	ck_assert(diff_unified(f, "a/f", "b/f", &old, &new));
	fclose(f);
	ck_assert_uint_eq(len, 0);
	free(buf);
	text_free(&old);
	text_free(&new);
}
END_TEST

/* same_file: path holds exactly what fixture file want holds. */
static bool
same_file(const char *want, const char *path)
{
	size_t		wlen;
	size_t		glen;
	char	   *w = slurp(want, &wlen);
	char	   *g = slurp(path, &glen);
	bool		same = w != NULL && g != NULL && wlen == glen &&
		memcmp(w, g, wlen) == 0;

	free(w);
	free(g);
	return same;
}

/* temp_files_in: how many of rdr-nicfix's temp files dir holds. */
static int
temp_files_in(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	int			n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strstr(e->d_name, NICFIX_TEMP_INFIX) != NULL;
	closedir(d);
	return n;
}

/*
 * test_apply_file_became_dir: ifcfg-eth1, the second planned file, is
 * replaced by a directory between planning and writing, and it has a
 * backup of an earlier run (so linking its backup finds EEXIST and the
 * error comes at the rename).  The contract of APPLY_PARTIAL: ifcfg-eth0,
 * renamed before, is changed and keeps its backup; eth1's old backup is
 * kept; ifcfg-eth2 and the rules file are as they were, without this
 * run's backups or temp files.  --undo then restores everything.
 */
START_TEST(test_apply_file_became_dir)
{
	char		tmp[] = "/tmp/check_nicfix.XXXXXX";
	char		cmd[8192];
	char		root[4096];
	char		casedir[2048];
	char		p[4][4608];
	char		before[4][8192];
	char		after[8192];
	char		bak[sizeof(p) + 16];	/* gcc sizes p[i] as all of p */
	const char *rel[4] = {
		"/etc/sysconfig/network-scripts/ifcfg-eth0",
		"/etc/sysconfig/network-scripts/ifcfg-eth1",
		"/etc/sysconfig/network-scripts/ifcfg-eth2",
		"/etc/udev/rules.d/70-persistent-net.rules"
	};
	NicMap		map;
	FilePlan	plan;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(casedir, sizeof(casedir), "%s/seed-rhel6", fixtures);
	snprintf(root, sizeof(root), "%s/root", tmp);
	snprintf(cmd, sizeof(cmd), "cp -a '%s/before' '%s'", casedir, root);
	ck_assert_int_eq(system(cmd), 0);
	for (int i = 0; i < 4; i++)
	{
		snprintf(p[i], sizeof(p[i]), "%s%s", root, rel[i]);
		snprintf(before[i], sizeof(before[i]), "%s/before%s", casedir, rel[i]);
	}
	snprintf(bak, sizeof(bak), "%s%s", p[1], NICFIX_BACKUP_SUFFIX);
	ck_assert_int_eq(link(p[1], bak), 0);

	nic_map_init(&map);
	ck_assert(load_args(casedir, &map));
	file_plan_init(&plan);
	ck_assert(nicfix_plan(root, &map, STAMP, &plan));
	ck_assert_uint_eq(plan.n, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_str_eq(plan.files[i].path, p[i]);

	ck_assert_int_eq(unlink(p[1]), 0);
	ck_assert_int_eq(mkdir(p[1], 0755), 0);
	ck_assert_int_eq(file_plan_apply(&plan), APPLY_PARTIAL);

	snprintf(after, sizeof(after), "%s/after%s", casedir, rel[0]);
	ck_assert(same_file(after, p[0]));
	snprintf(bak, sizeof(bak), "%s%s", p[0], NICFIX_BACKUP_SUFFIX);
	ck_assert(same_file(before[0], bak));
	ck_assert(stat(p[1], &st) == 0 && S_ISDIR(st.st_mode));
	snprintf(bak, sizeof(bak), "%s%s", p[1], NICFIX_BACKUP_SUFFIX);
	ck_assert(same_file(before[1], bak));
	for (int i = 2; i < 4; i++)
	{
		ck_assert(same_file(before[i], p[i]));
		snprintf(bak, sizeof(bak), "%s%s", p[i], NICFIX_BACKUP_SUFFIX);
		ck_assert_int_eq(lstat(bak, &st), -1);
		ck_assert_int_eq(errno, ENOENT);
	}
	snprintf(cmd, sizeof(cmd), "%s/etc/sysconfig/network-scripts", root);
	ck_assert_int_eq(temp_files_in(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/etc/udev/rules.d", root);
	ck_assert_int_eq(temp_files_in(cmd), 0);

	/* the admin removes the directory; --undo restores both changed files */
	ck_assert_int_eq(rmdir(p[1]), 0);
	file_plan_free(&plan);
	file_plan_init(&plan);
	ck_assert(nicfix_plan_undo(root, &plan));
	ck_assert_uint_eq(plan.n, 2);
	ck_assert_int_eq(file_plan_apply(&plan), APPLY_OK);
	for (int i = 0; i < 4; i++)
	{
		ck_assert(same_file(before[i], p[i]));
		snprintf(bak, sizeof(bak), "%s%s", p[i], NICFIX_BACKUP_SUFFIX);
		ck_assert_int_eq(lstat(bak, &st), -1);
	}
	file_plan_free(&plan);
	nic_map_free(&map);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
nicfix_suite(void)
{
	Suite	   *s = suite_create("rdr-nicfix");
	TCase	   *tc;

	tc = tcase_create("units");
	tcase_add_test(tc, test_mac_parse);
	tcase_add_test(tc, test_ifname_valid);
	tcase_add_test(tc, test_nic_map);
	tcase_add_test(tc, test_config);
	tcase_add_test(tc, test_rules_parse);
	tcase_add_loop_test(tc, test_rules_malformed, 0,
						sizeof(malformed_rules) / sizeof(malformed_rules[0]));
	tcase_add_test(tc, test_text_roundtrip);
	tcase_add_test(tc, test_ifcfg);
	tcase_add_test(tc, test_diff);
	suite_add_tcase(s, tc);

	tc = tcase_create("fixtures");
	tcase_add_loop_test(tc, test_fixture_case, 0,
						sizeof(good_cases) / sizeof(good_cases[0]));
	tcase_add_loop_test(tc, test_fixture_idempotent, 0,
						sizeof(good_cases) / sizeof(good_cases[0]));
	tcase_add_test(tc, test_seed_ifcfg_literal);
	tcase_add_loop_test(tc, test_bad_input, 0,
						sizeof(bad_input_cases) / sizeof(bad_input_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("apply");
	tcase_add_test(tc, test_apply_file_became_dir);
	suite_add_tcase(s, tc);
	return s;
}

int
main(int argc, char **argv)
{
	SRunner    *sr;
	int			failed;

	/* nicfix_plan wants a canonical root (it checks links against it) */
	fixtures = realpath(argc > 1 ? argv[1] : "../fixtures/nic", NULL);
	if (fixtures == NULL)
		return 2;
	rdr_log_init("check_nicfix");
	/* expected errors of the negative tests would drown the report */
	if (getenv("CHECK_NICFIX_VERBOSE") == NULL && freopen("/dev/null", "w", stderr) == NULL)
		return 2;
	sr = srunner_create(nicfix_suite());
	srunner_add_suite(sr, managers_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
