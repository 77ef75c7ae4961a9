/*-------------------------------------------------------------------------
 *
 * rdr_probe_main.c
 *	  rdr-probe: the driver's storage probing as a standalone command.
 *
 *	rdr-probe iscsi PORTAL [--iqn IQN] [--user U --password-file F]
 *	rdr-probe fc HOST --serial SERIAL [--ssh-user U] [--known-hosts F]
 *	rdr-probe nfs SERVER:/PATH [--port N] [--rpcbind-port N]
 *	rdr-probe decode --page 0x80|0x83 DIR
 *
 * Exit codes are documented in docs/man/rdr-probe.1.
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_opts.h"
#include "log.h"
#include "probe.h"
#include "probe_nfs.h"
#include "probe_output.h"
#include "udev_string.h"
#include "vpd_decode.h"

/* exit codes (docs/man/rdr-probe.1, EXIT STATUS) */
#define EXIT_PROBE_OK			0
#define EXIT_PROBE_ERROR		1
#define EXIT_PROBE_USAGE		2
#define EXIT_PROBE_UNREACHABLE	3
#define EXIT_PROBE_AUTH			4
#define EXIT_PROBE_NOT_FOUND	5
#define EXIT_PROBE_AMBIGUOUS	6
#define EXIT_PROBE_BAD_DATA		7

#define MAX_PASSWORD	1024

static const char *progname = "rdr-probe";

/* usage: the --help text. */
static void
usage(void)
{
	printf(
		   "%s finds the site-B identity of iSCSI and Fibre Channel LUNs and checks NFS exports.\n\n"
		   "Usage:\n"
		   "  %s [OPTION]... iscsi PORTAL [--iqn IQN] [--user U --password-file F]\n"
		   "  %s [OPTION]... fc HOST --serial SERIAL [--ssh-user U] [--known-hosts F]\n"
		   "  %s [OPTION]... nfs SERVER:/PATH [--port N] [--rpcbind-port N]\n"
		   "  %s [OPTION]... decode --page 0x80|0x83 DIR\n\n"
		   "Options:\n"
		   "  -j, --json                  print JSON instead of aligned text\n"
		   "  -t, --timeout=SECONDS       bound of each network step (default %d)\n"
		   "  -v, --verbose               more messages (repeat for debug)\n"
		   "  -q, --quiet                 errors only\n"
		   "  -V, --version               print the version and exit\n"
		   "  -h, --help                  show this help and exit\n\n"
		   "iscsi options:\n"
		   "      --iqn=IQN               target to log in to (default: the only one)\n"
		   "      --initiator=IQN         initiator name to use\n"
		   "      --user=USER             CHAP user\n"
		   "      --password-file=FILE    CHAP password (file must not be readable by others)\n"
		   "      --find=ID               print only the LUN with this lun_id, serial or PV UUID\n\n"
		   "fc options:\n"
		   "      --serial=SERIAL         page 0x83 or 0x80 ID_SERIAL of the LUN (SCSI_SERIAL)\n"
		   "      --all                   list every device instead of one serial\n"
		   "  -p, --port=PORT             ssh port (default 22)\n"
		   "      --ssh-user=USER         ssh user (default root)\n"
		   "  -i, --identity=FILE         private key (default: password authentication)\n"
		   "      --password-file=FILE    ssh password (file must not be readable by others)\n"
		   "      --known-hosts=FILE      known_hosts to check the host key against\n"
		   "      --accept-unknown-host-key  DANGEROUS: trust a host key not in known_hosts\n"
		   "      --deadline=SECONDS      bound of the whole probe of the host (default %d)\n"
		   "      --sysfs-root=DIR        where the SCSI devices are (/sys/class/scsi_device)\n\n"
		   "nfs options:\n"
		   "  -p, --port=PORT             NFS port (default 2049)\n"
		   "      --rpcbind-port=PORT     rpcbind port for the export list (default 111)\n\n"
		   "decode options:\n"
		   "      --page=0x80|0x83        the page scsi_id --page would use\n"
		   "  DIR holds raw \"inquiry\", \"vpd_pg80\", \"vpd_pg83\" files; the output is\n"
		   "  what \"scsi_id --whitelisted --replace-whitespace --export\" prints.\n",
		   progname, progname, progname, progname, progname, RDR_PROBE_DEFAULT_TIMEOUT,
		   RDR_PROBE_DEFAULT_DEADLINE);
}

/* fail_exit: the exit code (see the man page) for a probe failure. */
static int
fail_exit(RdrProbeFail why)
{
	switch (why)
	{
		case RDR_PROBE_ERR_UNREACHABLE:
			return EXIT_PROBE_UNREACHABLE;
		case RDR_PROBE_ERR_AUTH:
		case RDR_PROBE_ERR_HOSTKEY:
			return EXIT_PROBE_AUTH;
		case RDR_PROBE_ERR_NOT_FOUND:
			return EXIT_PROBE_NOT_FOUND;
		case RDR_PROBE_ERR_AMBIGUOUS:
			return EXIT_PROBE_AMBIGUOUS;
		case RDR_PROBE_ERR_BAD_DATA:
			return EXIT_PROBE_BAD_DATA;
		default:
			return EXIT_PROBE_ERROR;
	}
}

/*
 * read_password_file: the first line of path into buf.  Refuses a file
 * that group or others can read: the password must stay secret.
 */
static bool
read_password_file(const char *path, char *buf, size_t len)
{
	struct stat st;
	FILE	   *f = fopen(path, "r");
	size_t		n;

	if (f == NULL || fstat(fileno(f), &st) != 0)
	{
		rdr_log_error("could not open password file \"%s\": %s", path, strerror(errno));
		if (f)
			fclose(f);
		return false;
	}
	if ((st.st_mode & 077) != 0)
	{
		rdr_log_error("password file \"%s\" is readable by others (mode %04o)",
					  path, (unsigned) (st.st_mode & 07777));
		rdr_log_hint("Run \"chmod 600 %s\".", path);
		fclose(f);
		return false;
	}
	if (fgets(buf, (int) len, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	if (n == 0)
	{
		rdr_log_error("password file \"%s\" is empty", path);
		return false;
	}
	return true;
}

/* read_file: whole small file; *data NULL (not an error) if it is absent. */
static bool
read_file(const char *dir, const char *name, uint8_t **data, size_t *len)
{
	char		path[4096];
	FILE	   *f;
	uint8_t		buf[4096];
	size_t		n;

	*data = NULL;
	*len = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
	{
		if (errno == ENOENT)
			return true;
		rdr_log_error("could not open \"%s\": %s", path, strerror(errno));
		return false;
	}
	n = fread(buf, 1, sizeof(buf), f);
	if (ferror(f))
	{
		rdr_log_error("could not read \"%s\": %s", path, strerror(errno));
		fclose(f);
		return false;
	}
	fclose(f);
	*data = malloc(n ? n : 1);
	if (*data == NULL)
	{
		rdr_log_error("out of memory");
		return false;
	}
	memcpy(*data, buf, n);
	*len = n;
	return true;
}

/*
 * cmd_decode: "rdr-probe decode": the ID_* lines of scsi_id --export for
 * the raw pages in dir.
 */
/*
 * cmd_nfs: the server of export ("server:/path", "[v6]:/path") answers on
 * its NFS port and, where its export list can be read, exports the path.
 */
static int
cmd_nfs(const char *export, int port, int rpcbind_port, int timeout)
{
	const char *colon = strstr(export, ":/");
	char		server[256];
	RdrProbeFail why = RDR_PROBE_OK;
	RdrNfsTarget t = {.nfs_port = port,.rpcbind_port = rpcbind_port,
	.timeout_s = timeout,.fail = &why};
	bool		listed;

	if (colon == NULL || colon == export || (size_t) (colon - export) >= sizeof(server))
	{
		rdr_log_error("\"%s\" is not an NFS export SERVER:/PATH", export);
		return EXIT_PROBE_USAGE;
	}
	if (export[0] == '[' && colon[-1] == ']')
		snprintf(server, sizeof(server), "%.*s", (int) (colon - export - 2), export + 1);
	else
		snprintf(server, sizeof(server), "%.*s", (int) (colon - export), export);
	t.server = server;
	t.address = server;
	if (!rdr_probe_nfs(&t, colon + 1, &listed))
		return fail_exit(why);
	printf(listed ? "%s exports %s\n" : "%s answers; export %s not checked (no export list)\n",
		   server, colon + 1);
	return EXIT_PROBE_OK;
}

static int
cmd_decode(int page, const char *dir)
{
	uint8_t    *inq = NULL,
			   *p80 = NULL,
			   *p83 = NULL;
	RdrVpdPages pages;
	RdrScsiIdent id;
	char		err[256];
	int			rc = EXIT_PROBE_OK;

	/* the pages read before the one that failed are freed too */
	if (!read_file(dir, "inquiry", &inq, &pages.inquiry_len) ||
		!read_file(dir, "vpd_pg80", &p80, &pages.pg80_len) ||
		!read_file(dir, "vpd_pg83", &p83, &pages.pg83_len))
	{
		free(inq);
		free(p80);
		return EXIT_PROBE_ERROR;
	}
	pages.inquiry = inq;
	pages.pg80 = p80;
	pages.pg83 = p83;
	if (!rdr_vpd_decode(&pages, page, &id, err, sizeof(err)))
	{
		rdr_log_error("could not decode the pages in \"%s\"", dir);
		rdr_log_detail("%s.", err);
		rc = EXIT_PROBE_BAD_DATA;
	}
	else
		rdr_vpd_export(&id, stdout);
	free(inq);
	free(p80);
	free(p83);
	return rc;
}

/* print_luns: the LUNs as aligned text or JSON. */
static int
print_luns(const RdrLunList *list, bool json)
{
	if (json)
		return rdr_probe_print_json(list, stdout) ? EXIT_PROBE_OK : EXIT_PROBE_ERROR;
	rdr_probe_print_text(list, stdout);
	return EXIT_PROBE_OK;
}

/* The command line, as parsed. */
typedef struct ProbeArgs
{
	bool		json;
	bool		all;
	bool		accept;
	int			timeout;
	int			deadline;
	int			port;
	int			page;
	int			rpcbind_port;
	const char *iqn;
	const char *initiator;
	const char *user;
	const char *password_file;
	const char *find;
	const char *serial;
	const char *ssh_user;
	const char *identity;
	const char *known_hosts;
	const char *sysfs;
	const char *cmd;			/* iscsi, fc, nfs or decode */
	const char *target;			/* its argument */
	char		password[MAX_PASSWORD]; /* read from password_file */
} ProbeArgs;

enum
{
	OPT_IQN = 256, OPT_INITIATOR, OPT_USER, OPT_PASSWORD_FILE, OPT_FIND,
	OPT_SERIAL, OPT_ALL, OPT_SSH_USER, OPT_KNOWN_HOSTS, OPT_ACCEPT,
	OPT_SYSFS, OPT_PAGE, OPT_DEADLINE, OPT_RPCBIND_PORT
};

/*
 * value_option: an option with a number or a page to check.  False after
 * logging when the value is not one.
 */
static bool
value_option(ProbeArgs *a, int c, const char *arg)
{
	char	   *end;

	switch (c)
	{
		case 't':
			a->timeout = (int) strtol(arg, &end, 10);
			if (*end != '\0' || a->timeout <= 0 || a->timeout > 3600)
			{
				rdr_log_error("invalid timeout \"%s\": expected 1..3600 seconds", arg);
				return false;
			}
			break;
		case OPT_DEADLINE:
			a->deadline = (int) strtol(arg, &end, 10);
			if (*end != '\0' || a->deadline <= 0 || a->deadline > 86400)
			{
				rdr_log_error("invalid deadline \"%s\": expected 1..86400 seconds", arg);
				return false;
			}
			break;
		case OPT_RPCBIND_PORT:
			a->rpcbind_port = (int) strtol(arg, &end, 10);
			if (*end != '\0' || a->rpcbind_port <= 0 || a->rpcbind_port > 65535)
			{
				rdr_log_error("invalid rpcbind port \"%s\"", arg);
				return false;
			}
			break;
		case 'p':
			a->port = (int) strtol(arg, &end, 10);
			if (*end != '\0' || a->port <= 0 || a->port > 65535)
			{
				rdr_log_error("invalid port \"%s\"", arg);
				return false;
			}
			break;
		case OPT_PAGE:
			if (strcmp(arg, "0x80") == 0)
				a->page = 0x80;
			else if (strcmp(arg, "0x83") == 0)
				a->page = 0x83;
			else
			{
				rdr_log_error("invalid page \"%s\": expected 0x80 or 0x83", arg);
				return false;
			}
			break;
	}
	return true;
}

/*
 * parse_options: the command line into *a, and the password file read.
 * True when the command runs; false with the exit code to return in *rc
 * (--help, --version, a usage error).
 */
static bool
parse_options(int argc, char **argv, ProbeArgs *a, int *rc)
{
	static const struct option long_opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"timeout", required_argument, NULL, 't'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{"iqn", required_argument, NULL, OPT_IQN},
		{"initiator", required_argument, NULL, OPT_INITIATOR},
		{"user", required_argument, NULL, OPT_USER},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"find", required_argument, NULL, OPT_FIND},
		{"serial", required_argument, NULL, OPT_SERIAL},
		{"all", no_argument, NULL, OPT_ALL},
		{"port", required_argument, NULL, 'p'},
		{"ssh-user", required_argument, NULL, OPT_SSH_USER},
		{"identity", required_argument, NULL, 'i'},
		{"known-hosts", required_argument, NULL, OPT_KNOWN_HOSTS},
		{"accept-unknown-host-key", no_argument, NULL, OPT_ACCEPT},
		{"sysfs-root", required_argument, NULL, OPT_SYSFS},
		{"page", required_argument, NULL, OPT_PAGE},
		{"deadline", required_argument, NULL, OPT_DEADLINE},
		{"rpcbind-port", required_argument, NULL, OPT_RPCBIND_PORT},
		{NULL, 0, NULL, 0}
	};
	RdrCliOpts	cli = {.progname = progname,.usage = usage,
	.usage_exit = EXIT_PROBE_USAGE};
	int			c;

	*rc = EXIT_PROBE_USAGE;
	rdr_cli_init(&cli, argv);
	while ((c = getopt_long(argc, argv, ":jt:vqVhp:i:", long_opts, NULL)) != -1)
	{
		switch (c)
		{
			case 'j':
				a->json = true;
				break;
			case 't':
			case 'p':
			case OPT_DEADLINE:
			case OPT_RPCBIND_PORT:
			case OPT_PAGE:
				if (!value_option(a, c, optarg))
					return false;
				break;
			case 'i':
				a->identity = optarg;
				break;
			case OPT_IQN:
				a->iqn = optarg;
				break;
			case OPT_INITIATOR:
				a->initiator = optarg;
				break;
			case OPT_USER:
				a->user = optarg;
				break;
			case OPT_PASSWORD_FILE:
				a->password_file = optarg;
				break;
			case OPT_FIND:
				a->find = optarg;
				break;
			case OPT_SERIAL:
				a->serial = optarg;
				break;
			case OPT_ALL:
				a->all = true;
				break;
			case OPT_SSH_USER:
				a->ssh_user = optarg;
				break;
			case OPT_KNOWN_HOSTS:
				a->known_hosts = optarg;
				break;
			case OPT_ACCEPT:
				a->accept = true;
				break;
			case OPT_SYSFS:
				a->sysfs = optarg;
				break;
			default:
				/* -v -q -V -h -? and bad options: cli_opts.h */
				if (rdr_cli_option(&cli, c, rc))
					return false;
				break;
		}
	}
	rdr_cli_set_log_level(&cli);

	if (argc - optind != 2)
	{
		*rc = rdr_cli_usage_error(&cli, "expected a command and its argument");
		return false;
	}
	a->cmd = argv[optind];
	a->target = argv[optind + 1];
	if (a->password_file != NULL &&
		!read_password_file(a->password_file, a->password, sizeof(a->password)))
		return false;
	if (strcmp(a->cmd, "iscsi") != 0 && strcmp(a->cmd, "fc") != 0 &&
		strcmp(a->cmd, "nfs") != 0 && strcmp(a->cmd, "decode") != 0)
	{
		*rc = rdr_cli_usage_error(&cli, "unknown command \"%s\": expected iscsi, fc, nfs or decode",
								  a->cmd);
		return false;
	}
	return true;
}

/* cmd_iscsi: the LUNs of an iSCSI target (or the one --find names). */
static int
cmd_iscsi(const ProbeArgs *a, RdrLunList *list)
{
	RdrProbeFail why = RDR_PROBE_OK;
	RdrIscsiTarget t = {
		.portal = a->target,.iqn = a->iqn,.initiator_iqn = a->initiator,
		.chap_user = a->user,.chap_password = a->password_file ? a->password : NULL,
		.timeout_s = a->timeout,.fail = &why
	};
	const RdrLun *l;
	RdrLunList	one = {0};
	int			rc;

	if (a->user != NULL && a->password_file == NULL)
	{
		rdr_log_error("--user needs --password-file");
		return EXIT_PROBE_USAGE;
	}
	if (!rdr_probe_iscsi(&t, list))
		return fail_exit(why);
	if (a->find == NULL)
		return print_luns(list, a->json);
	if (!rdr_lun_find(list, a->find, t.portal, &l, &why))
		return fail_exit(why);
	rc = rdr_lun_list_append(&one, l) ? print_luns(&one, a->json) : EXIT_PROBE_ERROR;
	rdr_lun_list_free(&one);
	return rc;
}

/* cmd_fc: a fibre LUN of a hypervisor by serial (or all of them). */
static int
cmd_fc(const ProbeArgs *a, RdrLunList *list)
{
	RdrProbeFail why = RDR_PROBE_OK;
	RdrFcHost	h = {
		.host = a->target,.port = a->port,.user = a->ssh_user,
		.key_file = a->identity,.password = a->password_file ? a->password : NULL,
		.known_hosts = a->known_hosts,.accept_unknown_host_key = a->accept,
		.timeout_s = a->timeout,.deadline_s = a->deadline,.sysfs_root = a->sysfs,
		.fail = &why
	};
	RdrLun		l;

	if (a->serial == NULL && !a->all)
	{
		rdr_log_error("fc needs --serial SERIAL (or --all)");
		return EXIT_PROBE_USAGE;
	}
	if (a->serial != NULL && !rdr_utf8_valid(a->serial))
	{
		rdr_log_error("--serial is not valid UTF-8");
		rdr_log_detail("scsi_id identities are printable ASCII or UTF-8.");
		return EXIT_PROBE_USAGE;
	}
	if (a->identity == NULL && a->password_file == NULL)
	{
		rdr_log_error("fc needs --identity FILE or --password-file FILE");
		return EXIT_PROBE_USAGE;
	}
	if (a->all)
		return rdr_probe_fc_list(&h, list) ? print_luns(list, a->json) : fail_exit(why);
	if (!rdr_probe_fc(&h, a->serial, &l))
		return fail_exit(why);
	return rdr_lun_list_append(list, &l) ? print_luns(list, a->json) : EXIT_PROBE_ERROR;
}

/* run_command: the command parse_options found; its exit code. */
static int
run_command(const ProbeArgs *a, RdrLunList *list)
{
	if (strcmp(a->cmd, "decode") == 0)
	{
		if (a->page == 0)
		{
			rdr_log_error("decode needs --page 0x80 or --page 0x83");
			return EXIT_PROBE_USAGE;
		}
		return cmd_decode(a->page, a->target);
	}
	if (strcmp(a->cmd, "iscsi") == 0)
		return cmd_iscsi(a, list);
	if (strcmp(a->cmd, "fc") == 0)
		return cmd_fc(a, list);
	return cmd_nfs(a->target, a->port, a->rpcbind_port, a->timeout);
}

/*
 * main: parse the options, run one command, exit with a code from the man
 * page's EXIT STATUS.
 */
int
main(int argc, char **argv)
{
	ProbeArgs	a = {0};
	RdrLunList	list = {0};
	int			rc;

	if (parse_options(argc, argv, &a, &rc))
		rc = run_command(&a, &list);
	/* the password read from --password-file leaves no copy behind */
	explicit_bzero(a.password, sizeof(a.password));
	rdr_lun_list_free(&list);
	return rc;
}
