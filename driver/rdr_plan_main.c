/*-------------------------------------------------------------------------
 *
 * rdr_plan_main.c
 *	  rdr-plan: write rdr-failover's configuration from the engine database.
 *
 *	rdr-plan generate --main CLUSTER --backup CLUSTER [-d DB]
 *		[--rewrite OLD=NEW]... [--portal OLD=NEW]... [--serial OLD=NEW]...
 *		[--map FILE] [--api-host NAME] [--fibre-host HOST]
 *		[--manager-nics ROOT] [--vm-delay S] [--append FILE] [-o FILE]
 *
 * The database is only read (plan_db.c); the configuration is built in
 * memory and written at the end, atomically and mode 0600 with -o, so a
 * failed run leaves no file or the old one.  Exit codes are documented in
 * docs/man/rdr-plan.1.
 *
 *-------------------------------------------------------------------------
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "cli_opts.h"
#include "log.h"
#include "plan_append.h"
#include "plan_db.h"
#include "plan_nics.h"
#include "plan_rules.h"
#include "plan_write.h"
#include "xalloc.h"

/* exit codes (docs/man/rdr-plan.1, EXIT STATUS) */
#define EXIT_PLAN_OK			0
#define EXIT_PLAN_USAGE			1
#define EXIT_PLAN_INPUT			2
#define EXIT_PLAN_DATABASE		3
#define EXIT_PLAN_INVENTORY		4
#define EXIT_PLAN_OUTPUT		5

static const char *progname = "rdr-plan";

/* usage: the --help text. */
static void
usage(void)
{
	printf("%s writes rdr-failover's configuration from the engine database.\n\n"
		   "Usage:\n"
		   "  %s [OPTION]... generate --main CLUSTER --backup CLUSTER\n\n"
		   "Options:\n"
		   "  -d, --dbname=DB            engine database name or connection string (default rhevm;\n"
		   "                             PGHOST, PGPORT, PGUSER and ~/.pgpass apply)\n"
		   "      --main=CLUSTER         the main site's cluster (SITE_INFO main_site_cluster)\n"
		   "      --backup=CLUSTER       the backup site's cluster (SITE_INFO bkup_site_cluster)\n"
		   "      --datacenter=NAME      the data center, when a cluster name is in several\n"
		   "      --rewrite=OLD=NEW      replace OLD by NEW in NFS exports, iSCSI addresses and IQNs\n"
		   "      --portal=OLD=NEW       the iSCSI portal address OLD is NEW at site B\n"
		   "      --serial=OLD=NEW       replace OLD by NEW in fibre LUN serials\n"
		   "      --map=FILE             more rules, one a line: rewrite|portal|serial OLD NEW\n"
		   "      --api-host=NAME        the manager's host name (API host)\n"
		   "      --fibre-host=HOST      site-B hypervisor that probes fibre LUNs\n"
		   "                             (default: the backup cluster's first host)\n"
		   "      --manager-nics=ROOT    write RHEVM_NIC lines from ROOT/sys/class/net\n"
		   "                             (\"/\" on the site-B manager)\n"
		   "      --vm-delay=SECONDS     the seed's START_VM delays instead of priority\n"
		   "                             groups (HA first, then by priority)\n"
		   "      --append=FILE          copy FILE's lines (API pass, CONNECT_TO, CONFIG ...) at the end\n"
		   "  -o, --output=FILE          write FILE (atomically, mode 0600) instead of stdout\n"
		   "  -v, --verbose              more messages (repeat for debug)\n"
		   "  -q, --quiet                errors only\n"
		   "  -V, --version              print the version and exit\n"
		   "  -h, --help                 show this help and exit\n\n"
		   "Rules apply in the order given; a rule that matches nothing is a warning.\n"
		   "No password is ever written: add \"API pass\" yourself (or in the --append file).\n",
		   progname, progname);
}

int
main(int argc, char **argv)
{
	enum
	{
		OPT_MAIN = 256, OPT_BACKUP, OPT_DATACENTER, OPT_REWRITE, OPT_PORTAL,
		OPT_SERIAL, OPT_MAP, OPT_API_HOST, OPT_FIBRE_HOST, OPT_MANAGER_NICS,
		OPT_VM_DELAY, OPT_APPEND
	};
	static const struct option long_opts[] = {
		{"dbname", required_argument, NULL, 'd'},
		{"main", required_argument, NULL, OPT_MAIN},
		{"backup", required_argument, NULL, OPT_BACKUP},
		{"datacenter", required_argument, NULL, OPT_DATACENTER},
		{"rewrite", required_argument, NULL, OPT_REWRITE},
		{"portal", required_argument, NULL, OPT_PORTAL},
		{"serial", required_argument, NULL, OPT_SERIAL},
		{"map", required_argument, NULL, OPT_MAP},
		{"api-host", required_argument, NULL, OPT_API_HOST},
		{"fibre-host", required_argument, NULL, OPT_FIBRE_HOST},
		{"manager-nics", required_argument, NULL, OPT_MANAGER_NICS},
		{"vm-delay", required_argument, NULL, OPT_VM_DELAY},
		{"append", required_argument, NULL, OPT_APPEND},
		{"output", required_argument, NULL, 'o'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	RdrCliOpts	cli = {.progname = progname, .usage = usage,
	.usage_exit = EXIT_PLAN_USAGE};
	PlanDbRequest req = {0};
	PlanWriteOptions wopt = {.vm_delay = 5};
	PlanRules	rules = {0};
	PlanInventory inv;
	PlanAppendGenerated gen = {0};
	PlanManagerNic *mnics = NULL;
	int			nmnics = 0;
	const char *output = NULL;
	const char *append = NULL;
	char	   *append_buf = NULL;
	size_t		append_len = 0;
	char	   *text = NULL;
	size_t		text_len = 0;
	FILE	   *mem;
	PlanDbStatus st;
	int			warnings = 0;
	int			ndomains = 0;
	int			rc = EXIT_PLAN_OK;
	int			c;
	bool		map_ok = true;

	rdr_log_init(progname);
	while ((c = getopt_long(argc, argv, "d:o:vqVh", long_opts, NULL)) != -1)
	{
		char	   *end;

		switch (c)
		{
			case 'd':
				req.dbname = optarg;
				break;
			case 'o':
				output = optarg;
				break;
			case OPT_MAIN:
				req.main_cluster = optarg;
				break;
			case OPT_BACKUP:
				req.backup_cluster = optarg;
				break;
			case OPT_DATACENTER:
				req.datacenter = optarg;
				break;
			case OPT_REWRITE:
			case OPT_PORTAL:
			case OPT_SERIAL:
				if (!plan_rules_add_arg(&rules, c == OPT_REWRITE ? PLAN_RULE_REWRITE :
										c == OPT_PORTAL ? PLAN_RULE_PORTAL : PLAN_RULE_SERIAL,
										optarg))
				{
					plan_rules_free(&rules);
					return rdr_cli_usage_error(&cli, NULL);
				}
				break;
			case OPT_MAP:
				/* loaded here, so its rules keep their place among the others */
				if (!plan_rules_load_map(&rules, optarg))
					map_ok = false;
				break;
			case OPT_API_HOST:
				wopt.api_host = optarg;
				break;
			case OPT_FIBRE_HOST:
				wopt.fibre_host = optarg;
				break;
			case OPT_MANAGER_NICS:
				wopt.nics_root = optarg;
				break;
			case OPT_VM_DELAY:
				wopt.seed_delays = true;
				wopt.vm_delay = (int) strtol(optarg, &end, 10);
				if (*optarg == '\0' || *end != '\0' || wopt.vm_delay < 0 || wopt.vm_delay > 3600)
				{
					plan_rules_free(&rules);
					return rdr_cli_usage_error(&cli, "invalid --vm-delay \"%s\": expected 0..3600 seconds",
											   optarg);
				}
				break;
			case OPT_APPEND:
				append = optarg;
				break;
			default:
				if (rdr_cli_option(&cli, c, &rc))
				{
					plan_rules_free(&rules);
					return rc;
				}
				break;
		}
	}
	rdr_cli_set_log_level(&cli);
	if (optind >= argc)
		rc = rdr_cli_usage_error(&cli, "no command given: expected \"generate\"");
	else if (strcmp(argv[optind], "generate") != 0)
		rc = rdr_cli_usage_error(&cli, "unknown command \"%s\": expected \"generate\"", argv[optind]);
	else if (optind + 1 < argc)
		rc = rdr_cli_usage_error(&cli, "unexpected argument \"%s\"", argv[optind + 1]);
	else if (req.main_cluster == NULL || req.backup_cluster == NULL)
		rc = rdr_cli_usage_error(&cli, "generate needs --main CLUSTER and --backup CLUSTER");
	else if (strcmp(req.main_cluster, req.backup_cluster) == 0)
		rc = rdr_cli_usage_error(&cli, "--main and --backup are the same cluster \"%s\"",
								 req.main_cluster);
	else if (wopt.api_host && (*wopt.api_host == '\0' || strpbrk(wopt.api_host, " \t\r\n")))
		rc = rdr_cli_usage_error(&cli, "invalid --api-host \"%s\": expected a host name", wopt.api_host);
	else if (wopt.fibre_host && (*wopt.fibre_host == '\0' || strpbrk(wopt.fibre_host, " \t\r\n")))
		rc = rdr_cli_usage_error(&cli, "invalid --fibre-host \"%s\": expected a host name", wopt.fibre_host);
	if (rc != EXIT_PLAN_OK)
	{
		plan_rules_free(&rules);
		return rc;
	}

	/* every input file is checked before the database is read */
	if (!map_ok)
		rc = EXIT_PLAN_INPUT;
	if (wopt.nics_root && !plan_nics_read(wopt.nics_root, &mnics, &nmnics))
		rc = EXIT_PLAN_INPUT;
	gen.api_host = wopt.api_host != NULL;
	gen.rhevm_nic = nmnics > 0;
	if (append)
	{
		if (!plan_append_load(append, &append_buf, &append_len) ||
			!plan_append_check(append, append_buf, append_len, &gen))
			rc = EXIT_PLAN_INPUT;
	}
	if (rc != EXIT_PLAN_OK)
		goto out;
	wopt.manager_nics = mnics;
	wopt.n_manager_nics = nmnics;
	wopt.append_name = append;
	wopt.append_text = append_buf;

	st = plan_db_read(&req, &inv);
	if (st != PLAN_DB_OK)
	{
		rc = st == PLAN_DB_INVENTORY ? EXIT_PLAN_INVENTORY : EXIT_PLAN_DATABASE;
		plan_inventory_free(&inv);
		goto out;
	}
	/* a memory stream fails only when out of memory */
	if ((mem = open_memstream(&text, &text_len)) == NULL)
		rdr_out_of_memory();
	if (!plan_write(mem, &inv, &rules, &wopt, &warnings))
		rc = EXIT_PLAN_INVENTORY;
	if (fclose(mem) != 0)
		rdr_out_of_memory();
	ndomains = inv.ndomains;
	plan_inventory_free(&inv);
	if (rc != EXIT_PLAN_OK)
		goto out;

	if (output)
	{
		/* 0600: the administrator adds the API password to this file */
		if (!rdr_write_file_atomic(output, text, text_len, 0600))
		{
			rc = EXIT_PLAN_OUTPUT;
			goto out;
		}
		rdr_log_info("wrote %s (%d storage domain%s, %d warning%s)", output,
					 ndomains, ndomains == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	}
	else if (fwrite(text, 1, text_len, stdout) != text_len || fflush(stdout) != 0)
	{
		rdr_log_error("could not write the configuration to standard output");
		rc = EXIT_PLAN_OUTPUT;
	}

out:
	free(text);
	free(append_buf);
	plan_nics_free(mnics, nmnics);
	plan_rules_free(&rules);
	return rc;
}
