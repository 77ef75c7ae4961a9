/*-------------------------------------------------------------------------
 *
 * test_config.c
 *	  Check unit tests of rdr-failover's configuration parser (config.c).
 *
 * Good files are the seed's own configuration and rdr's extensions
 * (fixtures/), checked field by field; bad lines are a table of input and
 * the exact "file:line: message" each must produce.  Messages are caught
 * through the log file of common/log.h.
 *
 *-------------------------------------------------------------------------
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "dbconn.h"
#include "profile.h"
#include "log.h"

static const char *fixtures = "fixtures";
static char logbuf[65536];

/* capture_start / capture_end: what the code under test logs. */
static FILE *capture;

static void
capture_start(void)
{
	capture = tmpfile();
	ck_assert_ptr_nonnull(capture);
	rdr_log_set_file(capture);
}

static const char *
capture_end(void)
{
	size_t		n;

	rdr_log_set_file(NULL);
	rewind(capture);
	n = fread(logbuf, 1, sizeof(logbuf) - 1, capture);
	logbuf[n] = '\0';
	fclose(capture);
	return logbuf;
}

static int
count_lines_with(const char *text, const char *needle)
{
	int			n = 0;

	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static bool
parse_str(const char *text, RdrConfig *cfg)
{
	return rdr_config_parse("test.conf", text, strlen(text), cfg);
}

static char *
fixture(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", fixtures, name);
	return path;
}

/* write_file: a temp file with text and mode; returns its path. */
static char *
write_file(const char *text, mode_t mode)
{
	static char path[64];
	int			fd;

	strcpy(path, "/tmp/rdr-test-conf.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t) strlen(text));
	close(fd);
	chmod(path, mode);
	return path;
}

START_TEST(seed_nfs_file_loads_unchanged)
{
	RdrConfig	cfg;
	char	   *path = fixture("seed-nfs.conf");

	chmod(path, 0600);
	ck_assert(rdr_config_load(path, &cfg));
	ck_assert_str_eq(cfg.api_host, "rdr-rhevm.siteb.example");
	ck_assert_int_eq(cfg.api_port, 8443);
	/* unset: detected when connecting (v4 base first, then v3), see rest_connect.c */
	ck_assert_ptr_null(cfg.api_base);
	ck_assert_str_eq(cfg.api_user, "admin@internal");
	ck_assert_str_eq(cfg.api_password, "secret");
	ck_assert_str_eq(cfg.api_cert, "ca.crt");
	ck_assert_int_eq(cfg.api_cert_port, 8080);
	ck_assert_str_eq(cfg.db_user, "postgres");
	/* unset: libpq's environment decides, else rhevm (dbconn.c) */
	ck_assert_ptr_null(cfg.db_name);
	ck_assert_int_eq(cfg.db_port, 0);
	ck_assert_ptr_null(cfg.db_password);
	ck_assert_str_eq(cfg.logfile, "rdr.log");
	ck_assert_str_eq(cfg.working_dir, "/tmp/rdr");
	ck_assert_str_eq(cfg.engine_stop, "service jbossas stop");
	ck_assert_str_eq(cfg.engine_start, "service jbossas start");
	ck_assert_int_eq(cfg.n_domains, 3);
	ck_assert_str_eq(cfg.domains[0].name, "DataDomain");
	ck_assert_int_eq(cfg.domains[0].type, RDR_STORAGE_NFS);
	ck_assert_str_eq(cfg.domains[0].export_path, "rdr-nfs.siteb.example:/exports/DATA");
	ck_assert_str_eq(cfg.domains[2].export_path, "rdr-nfs.siteb.example:/exports/EXPORT");
	ck_assert_str_eq(cfg.datacenter, "RefArch");
	ck_assert_str_eq(cfg.main_cluster, "SiteA");
	ck_assert_str_eq(cfg.backup_cluster, "SiteB");
	ck_assert_int_eq(cfg.n_virt_net, 1);
	ck_assert_str_eq(cfg.virt_net[0].mac, "00:17:a4:77:24:3a");
	ck_assert_str_eq(cfg.virt_net[0].network, "public");
	ck_assert_int_eq(cfg.n_nics, 4);
	ck_assert_str_eq(cfg.nics[1].mac, "00:25:b3:a9:b0:00");
	ck_assert_str_eq(cfg.nics[1].ifname, "eth1");
	ck_assert_int_eq(cfg.n_start_vm, 4);
	ck_assert_str_eq(cfg.start_vm[1].vm, "rdr-w2k8");
	ck_assert_int_eq(cfg.start_vm[1].delay_s, 10);
	ck_assert_str_eq(cfg.start_vm[3].vm, "rdr-web-vm");
	ck_assert(rdr_config_check_steps(&cfg, RDR_STEP_ALL));
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(example_config_loads)
{
	RdrConfig	cfg;
	char		path[512];

	/* docs/examples/rhev30-seed.conf is what the user guide tells to copy */
	snprintf(path, sizeof(path), "../../docs/examples/rhev30-seed.conf");
	chmod(path, 0600);
	ck_assert(rdr_config_load(path, &cfg));
	ck_assert_int_eq(cfg.n_domains, 3);
	ck_assert_int_eq(cfg.domains[0].type, RDR_STORAGE_ISCSI);
	ck_assert_str_eq(cfg.domains[0].portal_host, "192.168.201.32");
	ck_assert_int_eq(cfg.domains[0].portal_port, 3260);
	ck_assert_int_eq(cfg.domains[0].portal_tpgt, 1);
	ck_assert_str_eq(cfg.domains[0].iqn, "iqn.2011-11.siteb.example:rdr-iscsi.data");
	/* rdr-nicfix where make install put it: an absolute path, built in */
	ck_assert_str_eq(cfg.nicfix_command, RDR_BINDIR "/rdr-nicfix");
	ck_assert_int_eq(cfg.nicfix_command[0], '/');
	ck_assert(rdr_config_check_steps(&cfg, RDR_STEP_ALL));
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(rdr_keys_and_case)
{
	RdrConfig	cfg;
	char	   *path = fixture("rdr-keys.conf");
	int			port = 3260;

	chmod(path, 0600);
	ck_assert(rdr_config_load(path, &cfg));
	ck_assert_str_eq(cfg.api_host, "127.0.0.1");
	ck_assert_int_eq(cfg.api_port, 18443);
	ck_assert_str_eq(cfg.api_password, "s3cret");
	ck_assert_str_eq(cfg.api_ca_file, "/etc/rdr/ca.pem");
	ck_assert(!cfg.api_insecure);
	ck_assert_str_eq(cfg.db_host, "/tmp/pgsock");
	ck_assert_int_eq(cfg.db_port, 15432);
	ck_assert_str_eq(cfg.db_name, "engine");
	/* a command keeps its inner blanks, loses the outer ones */
	ck_assert_str_eq(cfg.engine_stop, "systemctl stop ovirt-engine");
	ck_assert_str_eq(cfg.engine_start, "systemctl  start   ovirt-engine");
	ck_assert_int_eq(cfg.engine_timeout, 30);
	ck_assert(cfg.delay_scale > 0.049 && cfg.delay_scale < 0.051);
	ck_assert(cfg.ssh_insecure);
	ck_assert_int_eq(cfg.ssh_port, 2222);
	ck_assert_int_eq(cfg.n_domains, 2);
	ck_assert_int_eq(cfg.domains[0].type, RDR_STORAGE_ISCSI);
	ck_assert_str_eq(cfg.domains[0].portal_host, "192.168.201.32");
	ck_assert_int_eq(cfg.domains[0].portal_port, 3261);
	ck_assert_int_eq(cfg.domains[0].portal_tpgt, 7);
	ck_assert_int_eq(cfg.domains[1].type, RDR_STORAGE_FIBRE);
	ck_assert_str_eq(cfg.domains[1].fc_host, "rdr-rhev.siteb.example");
	ck_assert_str_eq(cfg.domains[1].fc_serial,
					 "SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000");
	/* CONNECT_TO: probe here, write the configured name */
	ck_assert_str_eq(rdr_config_connect_to(&cfg, "192.168.201.32", &port), "127.0.0.1");
	ck_assert_int_eq(port, 3999);
	port = 22;
	ck_assert_str_eq(rdr_config_connect_to(&cfg, "rdr-rhev.siteb.example", &port), "127.0.0.1");
	ck_assert_int_eq(port, 22);
	ck_assert_str_eq(rdr_config_connect_to(&cfg, "other.example", &port), "other.example");
	rdr_config_free(&cfg);
}
END_TEST

/* DIRECT_LUN lines, in file order; the section's name is case-insensitive. */
START_TEST(direct_lun_lines)
{
	RdrConfig	cfg;

	ck_assert(parse_str("DIRECT_LUN 36001405b1 36001405a1\ndirect_lun B2 A2\nDIRECT_LUN 3600same 3600same\n", &cfg));
	ck_assert_int_eq(cfg.n_direct_lun, 3);
	ck_assert_str_eq(cfg.direct_lun[2].b_lun_id, cfg.direct_lun[2].a_lun_id);
	ck_assert_str_eq(cfg.direct_lun[0].b_lun_id, "36001405b1");
	ck_assert_str_eq(cfg.direct_lun[0].a_lun_id, "36001405a1");
	ck_assert_int_eq(cfg.direct_lun[0].line, 1);
	ck_assert_str_eq(cfg.direct_lun[1].b_lun_id, "B2");
	ck_assert_str_eq(cfg.direct_lun[1].a_lun_id, "A2");
	ck_assert_int_eq(cfg.direct_lun[1].line, 2);
	ck_assert_ptr_null(cfg.direct_lun[1].a_iqn);
	rdr_config_free(&cfg);
}
END_TEST

/*
 * DIRECT_LUN with site A's target: the portal as a Storage_Domain line
 * writes it (defaults 3260 and portal group 1).
 */
START_TEST(direct_lun_with_target)
{
	RdrConfig	cfg;
	char	   *text = NULL;
	size_t		len = 0;
	FILE	   *f;

	ck_assert(parse_str("DIRECT_LUN B1 A1 192.168.200.32 iqn.2011-11.sitea.example:disks\n"
						"DIRECT_LUN L L [fd00::1]:3261,2 iqn.x:y\n", &cfg));
	ck_assert_int_eq(cfg.n_direct_lun, 2);
	ck_assert_str_eq(cfg.direct_lun[0].a_portal_host, "192.168.200.32");
	ck_assert_int_eq(cfg.direct_lun[0].a_port, 3260);
	ck_assert_int_eq(cfg.direct_lun[0].a_tpgt, 1);
	ck_assert_str_eq(cfg.direct_lun[0].a_iqn, "iqn.2011-11.sitea.example:disks");
	ck_assert_str_eq(cfg.direct_lun[1].a_portal_host, "fd00::1");
	ck_assert_int_eq(cfg.direct_lun[1].a_port, 3261);
	ck_assert_int_eq(cfg.direct_lun[1].a_tpgt, 2);
	f = open_memstream(&text, &len);
	rdr_config_print(&cfg, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "DIRECT_LUN B1 A1 192.168.200.32:3260,1 iqn.2011-11.sitea.example:disks\n"));
	ck_assert_ptr_nonnull(strstr(text, "DIRECT_LUN L L [fd00::1]:3261,2 iqn.x:y\n"));
	free(text);
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(crlf_and_no_final_newline)
{
	RdrConfig	cfg;
	char	   *path = fixture("crlf.conf");

	chmod(path, 0600);
	ck_assert(rdr_config_load(path, &cfg));
	ck_assert_str_eq(cfg.api_host, "a.example");
	ck_assert_str_eq(cfg.api_password, "x");
	ck_assert_str_eq(cfg.datacenter, "RefArch");
	rdr_config_free(&cfg);

	ck_assert(parse_str("API host h\nAPI port 1", &cfg));
	ck_assert_int_eq(cfg.api_port, 1);
	rdr_config_free(&cfg);
}
END_TEST

/* Each bad input and the exact message it must give. */
static const struct
{
	const char *text;
	const char *message;
}			bad_lines[] = {
	{"FOO bar baz\n", "test.conf:1: unknown section \"FOO\": expected API, DB, CONFIG, REHEARSAL, SITE_INFO, Storage_Domain, VIRT_NET, RHEVM_NIC, START_VM, CONNECT_TO, EXCLUDE_DOMAIN, EXCLUDE_VM or DIRECT_LUN"},
	{"EXCLUDE_DOMAIN\n", "test.conf:1: expected \"TYPE KEY VALUE...\", found only \"EXCLUDE_DOMAIN\""},
	{"EXCLUDE_VM a b\n", "test.conf:1: expected \"EXCLUDE_VM NAME\""},
	{"EXCLUDE_VM a\nEXCLUDE_VM a\n", "test.conf:2: EXCLUDE_VM a is given twice (first at line 1)"},
	{"Storage_Domain D nfs h:/a\nEXCLUDE_DOMAIN D\n", "test.conf:2: storage domain \"D\" is both excluded and configured (Storage_Domain at line 1)"},
	{"DIRECT_LUN b\n", "test.conf:1: expected \"DIRECT_LUN SITE_B_LUN_ID SITE_A_LUN_ID [SITE_A_PORTAL[:PORT][,TPGT] SITE_A_IQN]\""},
	{"DIRECT_LUN b a x\n", "test.conf:1: expected \"DIRECT_LUN SITE_B_LUN_ID SITE_A_LUN_ID [SITE_A_PORTAL[:PORT][,TPGT] SITE_A_IQN]\""},
	{"DIRECT_LUN b a 10.0.0.1 iqn.x extra\n", "test.conf:1: expected \"DIRECT_LUN SITE_B_LUN_ID SITE_A_LUN_ID [SITE_A_PORTAL[:PORT][,TPGT] SITE_A_IQN]\""},
	{"DIRECT_LUN b a 10.0.0.1:99999 iqn.x\n", "test.conf:1: invalid iSCSI portal \"10.0.0.1:99999\": expected ADDRESS[:PORT][,TPGT]"},
	{"DIRECT_LUN b a 10.0.0.1,x iqn.x\n", "test.conf:1: invalid portal group \"x\": expected an integer"},
	{"DIRECT_LUN b a 10.0.0.1 target\n", "test.conf:1: invalid target name \"target\": expected an iqn., eui. or naa. name"},
	{"DIRECT_LUN b a\n# c\nDIRECT_LUN b c\n", "test.conf:3: DIRECT_LUN b c: LUN \"b\" is already mapped at line 1"},
	{"DIRECT_LUN b a\nDIRECT_LUN c a\n", "test.conf:2: DIRECT_LUN c a: LUN \"a\" is already mapped at line 1"},
	{"START_VM v 0\nEXCLUDE_VM v\n", "test.conf:2: VM \"v\" is both excluded and started (START_VM at line 1)"},
	{"# c\nAPI hots x\n", "test.conf:2: unknown key \"hots\" in section API"},
	{"API host\n", "test.conf:1: API host needs a value"},
	{"API host a b\n", "test.conf:1: API host takes one value, found 2"},
	{"API\n", "test.conf:1: expected \"TYPE KEY VALUE...\", found only \"API\""},
	{"API port 0\n", "test.conf:1: invalid value \"0\" for API port: expected an integer from 1 to 65535"},
	{"API port 84x3\n", "test.conf:1: invalid value \"84x3\" for API port: expected an integer from 1 to 65535"},
	{"API insecure maybe\n", "test.conf:1: invalid value \"maybe\" for API insecure: expected yes or no"},
	{"CONFIG delay_scale -1\n", "test.conf:1: invalid value \"-1\" for CONFIG delay_scale: expected a number between 0 and 1000"},
	{"API host a\n\nAPI host b\n", "test.conf:3: API host is set twice (first at line 1)"},
	{"Storage_Domain D nfs host\n", "test.conf:1: invalid NFS export \"host\": expected SERVER:/PATH"},
	{"Storage_Domain D nfs\n", "test.conf:1: expected \"Storage_Domain NAME nfs SERVER:/EXPORT\""},
	{"Storage_Domain D nfs h:/a extra\n", "test.conf:1: expected \"Storage_Domain NAME nfs SERVER:/EXPORT\""},
	{"Storage_Domain D cifs x\n", "test.conf:1: invalid storage type \"cifs\" for domain \"D\": expected nfs, iscsi or fibre"},
	{"Storage_Domain D\n", "test.conf:1: invalid storage type \"\" for domain \"D\": expected nfs, iscsi or fibre"},
	{"Storage_Domain D iscsi 1.2.3.4\n", "test.conf:1: expected \"Storage_Domain NAME iscsi PORTAL[:PORT][,TPGT] IQN [chap=USER:PASSWORD_FILE|chap=none]\""},
	{"Storage_Domain D iscsi 1.2.3.4:99999 iqn.x\n", "test.conf:1: invalid iSCSI portal \"1.2.3.4:99999\": expected ADDRESS[:PORT][,TPGT]"},
	{"Storage_Domain D iscsi 1.2.3.4,x iqn.x\n", "test.conf:1: invalid portal group \"x\": expected an integer"},
	{"Storage_Domain D iscsi 1.2.3.4 target\n", "test.conf:1: invalid target name \"target\": expected an iqn., eui. or naa. name"},
	{"Storage_Domain D iscsi 1.2.3.4 iqn.x user:pw\n", "test.conf:1: unexpected \"user:pw\" after the target name: expected chap=USER:PASSWORD_FILE or chap=none"},
	{"Storage_Domain D iscsi 1.2.3.4 iqn.x chap=user\n", "test.conf:1: invalid chap=user: expected chap=USER:PASSWORD_FILE (the password in a file of mode 0600) or chap=none"},
	{"Storage_Domain D iscsi 1.2.3.4 iqn.x chap=:f\n", "test.conf:1: invalid chap=:f: expected chap=USER:PASSWORD_FILE"},
	{"Storage_Domain D iscsi 1.2.3.4 iqn.x chap=u:\n", "test.conf:1: invalid chap=u:: expected chap=USER:PASSWORD_FILE"},
	{"Storage_Domain D iscsi 1.2.3.4 iqn.x chap=u:f x\n", "test.conf:1: expected \"Storage_Domain NAME iscsi PORTAL[:PORT][,TPGT] IQN [chap=USER:PASSWORD_FILE|chap=none]\""},
	{"Storage_Domain D fibre host\n", "test.conf:1: expected \"Storage_Domain NAME fibre HOST SCSI_SERIAL\""},
	{"Storage_Domain D nfs h:/a\nStorage_Domain D nfs h:/b\n", "test.conf:2: storage domain \"D\" is configured twice (first at line 1)"},
	{"VIRT_NET h 00:17:a4:77:24 public\n", "test.conf:1: invalid MAC address \"00:17:a4:77:24\": expected six hex pairs like 00:17:a4:77:24:3a"},
	{"VIRT_NET h 00:17:a4:77:24:3a\n", "test.conf:1: expected \"VIRT_NET HYPERVISOR MAC NETWORK\""},
	{"RHEVM_NIC 00:25:b3:a9:b0:0g eth0\n", "test.conf:1: invalid MAC address \"00:25:b3:a9:b0:0g\": expected six hex pairs like 00:25:b3:a9:b0:02"},
	{"RHEVM_NIC 00:25:b3:a9:b0:01 eth0\nRHEVM_NIC 00:25:B3:A9:B0:01 eth1\n", "test.conf:2: RHEVM_NIC 00:25:B3:A9:B0:01 eth1 conflicts with line 1"},
	{"RHEVM_NIC 00:25:b3:a9:b0:01 a-very-long-interface\n", "test.conf:1: invalid interface name \"a-very-long-interface\": expected at most 15 characters, no '/'"},
	{"START_VM vm soon\n", "test.conf:1: invalid delay \"soon\" for VM \"vm\": expected seconds from 0 to 86400"},
	{"START_VM vm\n", "test.conf:1: expected \"START_VM VM DELAY\""},
	{"CONNECT_TO a b:c\n", "test.conf:1: invalid address \"b:c\": expected ADDRESS[:PORT]"},
	{"CONNECT_TO a 127.0.0.1\nCONNECT_TO a 127.0.0.2\n", "test.conf:2: CONNECT_TO a is set twice (first at line 1)"},
	{"CONFIG chap_user u\n", "test.conf:1: CONFIG chap_user and CONFIG chap_password_file go together"},
	{"API tls_min 1.5\n", "test.conf:1: API tls_min must be 1.0, 1.1, 1.2 or 1.3, not \"1.5\""},
	{"API port 1\nAPI tls_min tls1\n", "test.conf:2: API tls_min must be 1.0, 1.1, 1.2 or 1.3, not \"tls1\""},
	{"API a b c d e f g h i\n", "test.conf:1: too many values (at most 8 words per line)"},
	/* rdr-nicfix runs as root: never found through PATH */
	{"CONFIG nicfix rdr-nicfix\n", "test.conf:1: invalid value \"rdr-nicfix\" for CONFIG nicfix: expected an absolute path"},
	{"CONFIG nicfix ./rdr-nicfix\n", "test.conf:1: invalid value \"./rdr-nicfix\" for CONFIG nicfix: expected an absolute path"},
};

START_TEST(bad_line_gives_file_line_and_expectation)
{
	RdrConfig	cfg;
	const char *log;

	capture_start();
	ck_assert_msg(!parse_str(bad_lines[_i].text, &cfg), "accepted: %s", bad_lines[_i].text);
	log = capture_end();
	ck_assert_msg(strstr(log, bad_lines[_i].message) != NULL,
				  "for input %s\nexpected: %s\ngot: %s", bad_lines[_i].text,
				  bad_lines[_i].message, log);
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(every_error_is_listed)
{
	RdrConfig	cfg;
	const char *log;

	capture_start();
	ck_assert(!parse_str("API port x\nBAD a b\nAPI pass\nSTART_VM v -1\n", &cfg));
	log = capture_end();
	ck_assert_int_eq(count_lines_with(log, "error: test.conf:"), 4);
	ck_assert_ptr_nonnull(strstr(log, "test.conf:4:"));
	rdr_config_free(&cfg);
}
END_TEST

/*
 * A word of the line written after ready=cmd: is part of the command (the
 * rest of the line): warned about with file:line, the command kept whole.
 */
START_TEST(word_after_ready_cmd_is_warned)
{
	RdrConfig	cfg;
	const char *log;

	capture_start();
	parse_str("START_VM web group=2 ready=cmd:/bin/check --x timeout=3\n"
			  "START_VM db timeout=3 ready=cmd:/bin/check --timeout=3\n", &cfg);
	log = capture_end();
	ck_assert_int_eq(cfg.n_start_vm, 2);
	ck_assert_str_eq(cfg.start_vm[0].ready_cmd, "/bin/check --x timeout=3");
	ck_assert_int_eq(cfg.start_vm[0].timeout_s, 0);
	ck_assert_int_eq(cfg.start_vm[1].timeout_s, 3);
	ck_assert_int_eq(count_lines_with(log, "warning: "), 1);
	ck_assert_ptr_nonnull(strstr(log, "test.conf:1: START_VM web: \"timeout=3\" is part of the "
								 "ready=cmd: command, which is the rest of the line; to make it a "
								 "word of the line, write it before ready="));
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(nul_byte_and_long_line)
{
	RdrConfig	cfg;
	char		big[6000];
	const char *log;

	capture_start();
	ck_assert(!rdr_config_parse("test.conf", "API host a\0b\n", 13, &cfg));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "test.conf:1: unexpected NUL byte"));
	rdr_config_free(&cfg);

	memset(big, 'x', sizeof(big));
	memcpy(big, "API host ", 9);
	capture_start();
	ck_assert(!rdr_config_parse("test.conf", big, sizeof(big), &cfg));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "test.conf:1: line too long"));
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(password_file_must_be_private)
{
	RdrConfig	cfg;
	char	   *path;
	const char *log;

	path = write_file("API host h\nAPI pass secret\n", 0644);
	capture_start();
	ck_assert(!rdr_config_load(path, &cfg));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "holds a password and is readable by group or others"));
	ck_assert_ptr_nonnull(strstr(log, "Its mode is 0644."));
	ck_assert_ptr_null(strstr(log, "secret"));	/* never the password itself */
	rdr_config_free(&cfg);
	chmod(path, 0640);
	ck_assert(!rdr_config_load(path, &cfg));
	rdr_config_free(&cfg);
	chmod(path, 0600);
	ck_assert(rdr_config_load(path, &cfg));
	rdr_config_free(&cfg);
	unlink(path);

	/* without a password, a readable file is fine */
	path = write_file("API host h\n", 0644);
	ck_assert(rdr_config_load(path, &cfg));
	rdr_config_free(&cfg);
	unlink(path);
}
END_TEST

START_TEST(chap_password_file)
{
	RdrConfig	cfg;
	char		text[256];
	char		pwfile[64];
	const char *log;

	strcpy(pwfile, write_file("chap-secret\n", 0600));
	snprintf(text, sizeof(text), "CONFIG chap_user u\nCONFIG chap_password_file %s\n", pwfile);
	{
		char	   *conf = write_file(text, 0644);

		ck_assert(rdr_config_load(conf, &cfg));
		ck_assert_str_eq(cfg.chap_user, "u");
		ck_assert_str_eq(cfg.chap_password, "chap-secret");
		rdr_config_free(&cfg);

		chmod(pwfile, 0604);
		capture_start();
		ck_assert(!rdr_config_load(conf, &cfg));
		log = capture_end();
		ck_assert_ptr_nonnull(strstr(log, "is readable by group or others"));
		rdr_config_free(&cfg);

		unlink(pwfile);
		capture_start();
		ck_assert(!rdr_config_load(conf, &cfg));
		log = capture_end();
		ck_assert_ptr_nonnull(strstr(log, "could not open CHAP password file"));
		rdr_config_free(&cfg);
		unlink(conf);
	}
}
END_TEST

/* Per-domain CHAP: chap= wins over the global setting, chap=none drops it. */
START_TEST(domain_chap)
{
	RdrConfig	cfg;
	char		text[1024];
	char global[64],
				own[64];
	char	   *conf;
	const char *u,
			   *pw,
			   *log;

	strcpy(global, write_file("global-secret\n", 0600));
	strcpy(own, write_file("own-secret\n", 0600));
	snprintf(text, sizeof(text),
			 "CONFIG chap_user g\nCONFIG chap_password_file %s\n"
			 "Storage_Domain A iscsi 10.0.0.1 iqn.a chap=alice:%s\n"
			 "Storage_Domain B iscsi 10.0.0.2 iqn.b chap=NONE\n"
			 "Storage_Domain C iscsi 10.0.0.3 iqn.c\n", global, own);
	conf = write_file(text, 0600);
	ck_assert(rdr_config_load(conf, &cfg));
	rdr_config_domain_chap(&cfg, &cfg.domains[0], &u, &pw);
	ck_assert_str_eq(u, "alice");
	ck_assert_str_eq(pw, "own-secret");
	rdr_config_domain_chap(&cfg, &cfg.domains[1], &u, &pw);
	ck_assert_ptr_null(u);
	ck_assert_ptr_null(pw);
	rdr_config_domain_chap(&cfg, &cfg.domains[2], &u, &pw);
	ck_assert_str_eq(u, "g");
	ck_assert_str_eq(pw, "global-secret");
	rdr_config_free(&cfg);

	/* the domain's password file has the global one's rules */
	chmod(own, 0640);
	capture_start();
	ck_assert(!rdr_config_load(conf, &cfg));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "is readable by group or others"));
	ck_assert_ptr_nonnull(strstr(log, "It is named by chap= of storage domain \"A\""));
	ck_assert_ptr_null(strstr(log, "own-secret"));
	rdr_config_free(&cfg);
	unlink(own);
	unlink(global);
	unlink(conf);
}
END_TEST

/* CONFIG manager: the profile's defaults, the file's settings win. */
START_TEST(manager_profiles)
{
	RdrConfig	cfg;
	char		text[1024];
	char		root[64],
				dir[300],
				setup[400];
	char	   *conf;
	FILE	   *fp;
	const char *log;

	/* ovirt4: every default of the generation; API port set by the file */
	conf = write_file("CONFIG manager ovirt4\nAPI port 8443\nCONFIG manager_root /nonexistent\n", 0600);
	ck_assert(rdr_config_load(conf, &cfg));
	ck_assert(cfg.manager_ovirt4);
	ck_assert_int_eq(cfg.api_port, 8443);
	ck_assert_str_eq(cfg.api_base, "ovirt-engine/api");
	ck_assert_str_eq(cfg.api_cert, "ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA");
	ck_assert_int_eq(cfg.api_cert_port, 80);
	ck_assert_str_eq(cfg.db_name, "engine");
	ck_assert_str_eq(cfg.db_user, "engine");
	ck_assert_str_eq(cfg.engine_stop, "systemctl stop ovirt-engine");
	ck_assert_str_eq(cfg.engine_start, "systemctl start ovirt-engine");
	ck_assert_str_eq(cfg.dwh_stop, "systemctl stop ovirt-engine-dwhd");
	ck_assert_str_eq(cfg.dwh_start, "systemctl start ovirt-engine-dwhd");
	rdr_config_free(&cfg);
	unlink(conf);

	/* auto without the engine's setup file: rhev3, the seed's defaults */
	conf = write_file("CONFIG manager auto\nCONFIG manager_root /nonexistent\n", 0600);
	ck_assert(rdr_config_load(conf, &cfg));
	ck_assert(!cfg.manager_ovirt4);
	ck_assert_int_eq(cfg.api_port, 8443);
	ck_assert_str_eq(cfg.api_cert, "ca.crt");
	ck_assert_ptr_null(cfg.db_user);
	ck_assert_ptr_null(cfg.dwh_stop);
	ck_assert_str_eq(cfg.engine_stop, "service jbossas stop");
	rdr_config_free(&cfg);
	unlink(conf);

	/* auto with it: ovirt4, DB settings from it, the file's DB user wins */
	strcpy(root, "/tmp/rdr-test-root.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(dir, sizeof(dir), "mkdir -p %s/etc/ovirt-engine/engine.conf.d", root);
	ck_assert_int_eq(system(dir), 0);
	snprintf(setup, sizeof(setup), "%s/%s", root, RDR_ENGINE_DB_CONF);
	fp = fopen(setup, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("# written by engine-setup\nENGINE_DB_HOST=\"db.siteb.example\"\nENGINE_DB_PORT=\"5433\"\n"
		  "ENGINE_DB_USER=\"engine\"\nENGINE_DB_PASSWORD=\"a\\\"b\\$c\"\nENGINE_DB_DATABASE=\"engine45\"\n"
		  "ENGINE_DB_SECURED=\"False\"\n", fp);
	fclose(fp);
	snprintf(text, sizeof(text), "CONFIG manager auto\nCONFIG manager_root %s\nDB user rdradmin\n", root);
	conf = write_file(text, 0600);
	ck_assert(rdr_config_load(conf, &cfg));
	ck_assert(cfg.manager_ovirt4);
	ck_assert_str_eq(cfg.db_host, "db.siteb.example");
	ck_assert_int_eq(cfg.db_port, 5433);
	ck_assert_str_eq(cfg.db_user, "rdradmin");
	ck_assert_str_eq(cfg.db_password, "a\"b$c");
	ck_assert_str_eq(cfg.db_name, "engine45");
	rdr_config_free(&cfg);

	/* a bad value in it: file:line, the value not shown */
	fp = fopen(setup, "a");
	fputs("ENGINE_DB_PORT=\"x5\"\n", fp);
	fclose(fp);
	capture_start();
	ck_assert(!rdr_config_load(conf, &cfg));
	log = capture_end();
	ck_assert_msg(strstr(log, "10-setup-database.conf:8: invalid ENGINE_DB_PORT: an integer in range") != NULL,
				  "%s", log);
	rdr_config_free(&cfg);
	unlink(setup);
	unlink(conf);

	/* an unknown profile */
	conf = write_file("# x\nCONFIG manager ovirt3\n", 0600);
	capture_start();
	ck_assert(!rdr_config_load(conf, &cfg));
	log = capture_end();
	ck_assert_msg(strstr(log, ":2: invalid CONFIG manager \"ovirt3\": expected rhev3, ovirt4 or auto") != NULL,
				  "%s", log);
	rdr_config_free(&cfg);
	unlink(conf);
	snprintf(dir, sizeof(dir), "rm -rf %s", root);
	ck_assert_int_eq(system(dir), 0);
}
END_TEST

START_TEST(missing_file)
{
	RdrConfig	cfg;
	const char *log;

	capture_start();
	ck_assert(!rdr_config_load("/nonexistent/rdr.conf", &cfg));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "could not open configuration file \"/nonexistent/rdr.conf\": No such file or directory"));
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(required_by_steps)
{
	RdrConfig	cfg;
	const char *log;

	ck_assert(parse_str("RHEVM_NIC 00:25:b3:a9:b0:01 eth0\n", &cfg));
	/* -n alone needs no manager and no database */
	ck_assert(rdr_config_check_steps(&cfg, RDR_STEP_NIC));
	capture_start();
	ck_assert(!rdr_config_check_steps(&cfg, RDR_STEP_HOSTS));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "test.conf: API host is required by the selected steps"));
	ck_assert_ptr_nonnull(strstr(log, "test.conf: API pass is required by the selected steps"));
	ck_assert_ptr_nonnull(strstr(log, "test.conf: SITE_INFO bkup_site_cluster is required"));
	capture_start();
	ck_assert(!rdr_config_check_steps(&cfg, RDR_STEP_DB));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "-d needs at least one Storage_Domain line"));
	rdr_config_free(&cfg);

	ck_assert(parse_str("API host h\n", &cfg));
	capture_start();
	ck_assert(!rdr_config_check_steps(&cfg, RDR_STEP_NIC));
	log = capture_end();
	ck_assert_ptr_nonnull(strstr(log, "-n needs at least one RHEVM_NIC line"));
	rdr_config_free(&cfg);
}
END_TEST

START_TEST(help_and_print_come_from_the_table)
{
	RdrConfig	cfg;
	char	   *buf = NULL;
	size_t		len = 0;
	FILE	   *f = open_memstream(&buf, &len);

	rdr_config_print_help(f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "engine_stop"));
	ck_assert_ptr_nonnull(strstr(buf, "Default: service jbossas stop"));
	ck_assert_ptr_nonnull(strstr(buf, "CONNECT_TO NAME ADDRESS[:PORT]"));
	free(buf);

	ck_assert(parse_str("API pass topsecret\nDB pass alsosecret\n", &cfg));
	f = open_memstream(&buf, &len);
	rdr_config_print(&cfg, f);
	fclose(f);
	ck_assert_ptr_null(strstr(buf, "topsecret"));
	ck_assert_ptr_null(strstr(buf, "alsosecret"));
	ck_assert_ptr_nonnull(strstr(buf, "********"));
	free(buf);
	rdr_config_free(&cfg);
}
END_TEST


/* seed_complete_file_loads_unchanged: every key the seed's script reads. */
START_TEST(seed_complete_file_loads_unchanged)
{
	RdrConfig	cfg;
	char	   *path = fixture("seed-complete.conf");
	char		name[4096];
	const char *log;

	chmod(path, 0600);
	ck_assert(rdr_config_load(path, &cfg));
	ck_assert_str_eq(cfg.api_host, "rdr-rhevm.siteb.example");
	ck_assert_str_eq(cfg.api_base, "api");
	ck_assert_str_eq(cfg.api_cert, "ca.crt");
	ck_assert_int_eq(cfg.api_cert_port, 8080);
	ck_assert_str_eq(cfg.db_user, "postgres");
	ck_assert_str_eq(cfg.db_password, "dbsecret");
	ck_assert_str_eq(cfg.db_backup_file, "rhevm_db.pgdump");
	ck_assert(cfg.quiet);
	ck_assert_str_eq(cfg.working_dir, "/tmp/rdr");
	ck_assert_int_eq(cfg.n_domains, 3);
	ck_assert_int_eq(cfg.n_virt_net, 1);
	ck_assert_int_eq(cfg.n_nics, 4);
	ck_assert_int_eq(cfg.n_start_vm, 4);
	ck_assert_int_eq(cfg.start_vm[1].delay_s, 10);
	ck_assert(rdr_config_check_steps(&cfg, RDR_STEP_ALL));
	ck_assert_uint_eq(rdr_config_seed_steps(&cfg), 0);

	/* the backup keeps the seed's name, with the time inserted */
	rdr_config_backup_name(&cfg, "rhevm", "20260101-120000", 1, name, sizeof(name));
	ck_assert_str_eq(name, "/tmp/rdr/rhevm_db-20260101-120000.pgdump");
	rdr_config_backup_name(&cfg, "rhevm", "20260101-120000", 2, name, sizeof(name));
	ck_assert_str_eq(name, "/tmp/rdr/rhevm_db-20260101-120000-2.pgdump");

	/* one notice per key rdr honours differently, naming file:line */
	capture_start();
	rdr_config_log_notices(&cfg);
	log = capture_end();
	ck_assert_int_eq(count_lines_with(log, "notice: "), 2);
	ck_assert_ptr_nonnull(strstr(log, "seed-complete.conf:16: DB backup_file: the backup goes to "
								 "/tmp/rdr/rhevm_db-YYYYMMDD-HHMMSS.pgdump, a new file for each run, "
								 "verified with pg_restore --list (the seed's script overwrote "
								 "/tmp/rdr/rhevm_db.pgdump)"));
	ck_assert_ptr_nonnull(strstr(log, "seed-complete.conf:19: CONFIG quiet: as -q"));
	rdr_config_free(&cfg);
}
END_TEST

/* seed_command_line_keys: the seed kept -c -n -d -h -s in CONFIG[]. */
START_TEST(seed_command_line_keys)
{
	RdrConfig	cfg;
	char		name[4096];
	const char *log;

	ck_assert(parse_str("CONFIG cfg_file other.cfg\nCONFIG fix_db 1\nCONFIG start_vms yes\n"
						"CONFIG quiet no\nDB backup_file /var/backups/rhevm\n", &cfg));
	ck_assert_uint_eq(rdr_config_seed_steps(&cfg), RDR_STEP_DB | RDR_STEP_VMS);
	ck_assert(!cfg.quiet);
	rdr_config_backup_name(&cfg, "rhevm", "S", 1, name, sizeof(name));
	ck_assert_str_eq(name, "/var/backups/rhevm-S");
	capture_start();
	rdr_config_log_notices(&cfg);
	log = capture_end();
	ck_assert_int_eq(count_lines_with(log, "notice: "), 5);
	ck_assert_ptr_nonnull(strstr(log, "test.conf:1: CONFIG cfg_file is ignored"));
	ck_assert_ptr_nonnull(strstr(log, "test.conf:2: CONFIG fix_db selects step -d"));
	ck_assert_ptr_nonnull(strstr(log, "test.conf:3: CONFIG start_vms selects step -s"));
	ck_assert_ptr_nonnull(strstr(log, "test.conf:4: CONFIG quiet is \"no\": rdr-failover is not quiet"));
	ck_assert_ptr_nonnull(strstr(log, "test.conf:5: DB backup_file: the backup goes to /var/backups/rhevm-YYYYMMDD-HHMMSS,"));
	rdr_config_free(&cfg);

	/* without backup_file: working_dir/DBNAME-STAMP.dump, as before */
	ck_assert(parse_str("CONFIG working_dir /w\n", &cfg));
	rdr_config_backup_name(&cfg, "engine", "S", 1, name, sizeof(name));
	ck_assert_str_eq(name, "/w/engine-S.dump");
	capture_start();
	rdr_config_log_notices(&cfg);
	log = capture_end();
	ck_assert_int_eq(count_lines_with(log, "notice: "), 0);
	rdr_config_free(&cfg);
}
END_TEST

/* conninfo_with_password_is_a_secret: mode check and hidden when printed. */
START_TEST(conninfo_with_password_is_a_secret)
{
	RdrConfig	cfg;
	char	   *buf = NULL;
	size_t		len = 0;
	FILE	   *f;

	ck_assert(parse_str("DB conninfo service=rhevm sslmode=require\n", &cfg));
	ck_assert(!cfg.has_secret);
	rdr_config_free(&cfg);
	ck_assert(parse_str("DB conninfo postgresql://rdr:pw1@db.example/rhevm\n", &cfg));
	ck_assert(cfg.has_secret);
	rdr_config_free(&cfg);
	ck_assert(parse_str("DB conninfo host=db password=pw2\n", &cfg));
	ck_assert(cfg.has_secret);
	f = open_memstream(&buf, &len);
	rdr_config_print(&cfg, f);
	fclose(f);
	ck_assert_ptr_null(strstr(buf, "pw2"));
	ck_assert_ptr_nonnull(strstr(buf, "(set, holds a password)"));
	free(buf);
	rdr_config_free(&cfg);
}
END_TEST

/* param_value: the value libpq would take for key (the last one given). */
static const char *
param_value(const RdrDbParams *p, const char *key)
{
	const char *v = NULL;

	for (int i = 0; i < p->n; i++)
		if (strcmp(p->keys[i], key) == 0)
			v = p->vals[i];
	return v;
}

/*
 * db_params_leave_unset_keys_to_libpq: only set keys are passed; the
 * seed's postgres and rhevm only when nothing else names user and
 * database; DB conninfo is the first dbname (the expanded one).
 */
START_TEST(db_params_leave_unset_keys_to_libpq)
{
	RdrConfig	cfg;
	RdrDbParams p;

	unsetenv("PGUSER");
	unsetenv("PGDATABASE");
	unsetenv("PGSERVICE");
	unsetenv("PGCONNECT_TIMEOUT");
	ck_assert(parse_str("API host h\n", &cfg));
	rdr_dbconn_params(&cfg, &p);
	ck_assert_ptr_null(param_value(&p, "host"));
	ck_assert_ptr_null(param_value(&p, "port"));
	ck_assert_ptr_null(param_value(&p, "password"));
	ck_assert_str_eq(param_value(&p, "user"), "postgres");
	ck_assert_str_eq(param_value(&p, "dbname"), "rhevm");
	ck_assert_str_eq(param_value(&p, "connect_timeout"), "10");

	setenv("PGUSER", "envuser", 1);
	setenv("PGDATABASE", "envdb", 1);
	setenv("PGCONNECT_TIMEOUT", "3", 1);
	rdr_dbconn_params(&cfg, &p);
	ck_assert_ptr_null(param_value(&p, "user"));
	ck_assert_ptr_null(param_value(&p, "dbname"));
	ck_assert_ptr_null(param_value(&p, "connect_timeout"));
	unsetenv("PGUSER");
	unsetenv("PGDATABASE");
	unsetenv("PGCONNECT_TIMEOUT");

	setenv("PGSERVICE", "rhevm", 1);
	rdr_dbconn_params(&cfg, &p);
	ck_assert_ptr_null(param_value(&p, "user"));
	ck_assert_ptr_null(param_value(&p, "dbname"));
	unsetenv("PGSERVICE");
	rdr_config_free(&cfg);

	ck_assert(parse_str("DB conninfo service=x sslmode=require\nDB port 6543\nDB dbname engine\n"
						"DB host /run/pg\nDB user u\nDB pass pw\n", &cfg));
	rdr_dbconn_params(&cfg, &p);
	ck_assert_str_eq(p.keys[p.n - 6], "dbname");
	ck_assert_str_eq(p.vals[p.n - 6], "service=x sslmode=require");
	ck_assert_str_eq(param_value(&p, "host"), "/run/pg");
	ck_assert_str_eq(param_value(&p, "port"), "6543");
	ck_assert_str_eq(param_value(&p, "dbname"), "engine");
	ck_assert_str_eq(param_value(&p, "user"), "u");
	ck_assert_str_eq(param_value(&p, "password"), "pw");
	rdr_config_free(&cfg);

	/* the connection string names user and database: no fallback */
	ck_assert(parse_str("DB conninfo postgresql://cu@h/cdb\n", &cfg));
	rdr_dbconn_params(&cfg, &p);
	ck_assert_int_eq(p.n, 3);
	ck_assert_str_eq(param_value(&p, "dbname"), "postgresql://cu@h/cdb");
	rdr_config_free(&cfg);
}
END_TEST

/*
 * set_default_keeps_the_file_and_refuses_the_unknown: a profile's default
 * fills an unset setting, never one the file set; a value of the wrong
 * form or a key the table lacks is refused with why (no abort).
 */
START_TEST(set_default_keeps_the_file_and_refuses_the_unknown)
{
	RdrConfig	cfg;
	const char *why = "x";

	ck_assert(parse_str("API port 9443\n", &cfg));
	ck_assert(rdr_config_set_default(&cfg, "DB", "dbname", "engine", &why));
	ck_assert_ptr_null(why);
	ck_assert_str_eq(cfg.db_name, "engine");

	/* the file's value wins: false, and no why */
	ck_assert(!rdr_config_set_default(&cfg, "API", "port", "80", &why));
	ck_assert_ptr_null(why);
	ck_assert_int_eq(cfg.api_port, 9443);

	ck_assert(!rdr_config_set_default(&cfg, "DB", "port", "x5", &why));
	ck_assert_str_eq(why, "an integer in range");

	ck_assert(!rdr_config_set_default(&cfg, "CONFIG", "no_such_key", "1", &why));
	ck_assert_str_eq(why, "a setting of rdr-failover (internal error: no such setting)");
	rdr_config_free(&cfg);
}
END_TEST

/* every_profile_default_is_valid: each of profile.c's defaults stores. */
START_TEST(every_profile_default_is_valid)
{
	for (int ovirt4 = 0; ovirt4 <= 1; ovirt4++)
	{
		RdrConfig	cfg;

		ck_assert(parse_str("", &cfg));
		for (size_t i = 0; i < rdr_profile_n_defaults(); i++)
		{
			const char *section,
					   *key,
					   *why = NULL;
			const char *v = rdr_profile_default(ovirt4, i, &section, &key);

			if (v == NULL)
				continue;
			ck_assert_msg(rdr_config_set_default(&cfg, section, key, v, &why),
						  "%s %s %s: %s", section, key, v, why ? why : "set by the file");
		}
		rdr_config_free(&cfg);
	}
}
END_TEST

static Suite *
config_suite(void)
{
	Suite	   *s = suite_create("config");
	TCase	   *tc = tcase_create("parse");

	tcase_add_test(tc, seed_nfs_file_loads_unchanged);
	tcase_add_test(tc, example_config_loads);
	tcase_add_test(tc, seed_complete_file_loads_unchanged);
	tcase_add_test(tc, seed_command_line_keys);
	tcase_add_test(tc, conninfo_with_password_is_a_secret);
	tcase_add_test(tc, db_params_leave_unset_keys_to_libpq);
	tcase_add_test(tc, rdr_keys_and_case);
	tcase_add_test(tc, crlf_and_no_final_newline);
	tcase_add_loop_test(tc, bad_line_gives_file_line_and_expectation, 0,
						(int) (sizeof(bad_lines) / sizeof(bad_lines[0])));
	tcase_add_test(tc, every_error_is_listed);
	tcase_add_test(tc, word_after_ready_cmd_is_warned);
	tcase_add_test(tc, nul_byte_and_long_line);
	tcase_add_test(tc, password_file_must_be_private);
	tcase_add_test(tc, chap_password_file);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, domain_chap);
	tcase_add_test(tc, direct_lun_lines);
	tcase_add_test(tc, direct_lun_with_target);
	tcase_add_test(tc, manager_profiles);
	tcase_add_test(tc, required_by_steps);
	tcase_add_test(tc, help_and_print_come_from_the_table);
	tcase_add_test(tc, set_default_keeps_the_file_and_refuses_the_unknown);
	tcase_add_test(tc, every_profile_default_is_valid);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner    *sr = srunner_create(config_suite());
	int			failed;

	rdr_log_init("test_config");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
