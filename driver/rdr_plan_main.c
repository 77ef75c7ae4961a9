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

/* A run of rdr-plan: the command line, the inputs read, the text made. */
typedef struct PlanRun
{
	PlanDbRequest req;
	PlanWriteOptions wopt;
	PlanRules	rules;
	bool		map_ok;			/* every --map file loaded */
	const char *output;
	const char *append;
	PlanManagerNic *mnics;
	int			nmnics;
	char	   *append_buf;
	size_t		append_len;
	char	   *text;
	size_t		text_len;
	int			ndomains;
	int			warnings;
} PlanRun;

enum
{
	OPT_MAIN = 256, OPT_BACKUP, OPT_DATACENTER, OPT_REWRITE, OPT_PORTAL,
	OPT_SERIAL, OPT_MAP, OPT_API_HOST, OPT_FIBRE_HOST, OPT_MANAGER_NICS,
	OPT_VM_DELAY, OPT_APPEND
};

/*
 * check_command: the words after the options and the options that go
 * together.  EXIT_PLAN_OK, or the usage error's exit code.
 */
static int
check_command(const RdrCliOpts *cli, int argc, char **argv, const PlanRun *run)
{
	const PlanDbRequest *req = &run->req;
	const PlanWriteOptions *wopt = &run->wopt;

	if (optind >= argc)
		return rdr_cli_usage_error(cli, "no command given: expected \"generate\"");
	if (strcmp(argv[optind], "generate") != 0)
		return rdr_cli_usage_error(cli, "unknown command \"%s\": expected \"generate\"", argv[optind]);
	if (optind + 1 < argc)
		return rdr_cli_usage_error(cli, "unexpected argument \"%s\"", argv[optind + 1]);
	if (req->main_cluster == NULL || req->backup_cluster == NULL)
		return rdr_cli_usage_error(cli, "generate needs --main CLUSTER and --backup CLUSTER");
	if (strcmp(req->main_cluster, req->backup_cluster) == 0)
		return rdr_cli_usage_error(cli, "--main and --backup are the same cluster \"%s\"",
								   req->main_cluster);
	if (wopt->api_host && (*wopt->api_host == '\0' || strpbrk(wopt->api_host, " \t\r\n")))
		return rdr_cli_usage_error(cli, "invalid --api-host \"%s\": expected a host name", wopt->api_host);
	if (wopt->fibre_host && (*wopt->fibre_host == '\0' || strpbrk(wopt->fibre_host, " \t\r\n")))
		return rdr_cli_usage_error(cli, "invalid --fibre-host \"%s\": expected a host name", wopt->fibre_host);
	return EXIT_PLAN_OK;
}

/*
 * parse_options: the command line into *run.  -1 when the run goes on,
 * else the exit code to return (--help, --version, a usage error).
 */
static int
parse_options(int argc, char **argv, PlanRun *run)
{
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
	RdrCliOpts	cli = {.progname = progname,.usage = usage,
	.usage_exit = EXIT_PLAN_USAGE};
	PlanWriteOptions *wopt = &run->wopt;
	int			rc;
	int			c;

	rdr_cli_init(&cli, argv);
	while ((c = getopt_long(argc, argv, ":d:o:vqVh", long_opts, NULL)) != -1)
	{
		char	   *end;

		switch (c)
		{
			case 'd':
				run->req.dbname = optarg;
				break;
			case 'o':
				run->output = optarg;
				break;
			case OPT_MAIN:
				run->req.main_cluster = optarg;
				break;
			case OPT_BACKUP:
				run->req.backup_cluster = optarg;
				break;
			case OPT_DATACENTER:
				run->req.datacenter = optarg;
				break;
			case OPT_REWRITE:
			case OPT_PORTAL:
			case OPT_SERIAL:
				if (!plan_rules_add_arg(&run->rules, c == OPT_REWRITE ? PLAN_RULE_REWRITE :
										c == OPT_PORTAL ? PLAN_RULE_PORTAL : PLAN_RULE_SERIAL,
										optarg))
					return rdr_cli_usage_error(&cli, NULL);
				break;
			case OPT_MAP:
				/* loaded here, so its rules keep their place among the others */
				if (!plan_rules_load_map(&run->rules, optarg))
					run->map_ok = false;
				break;
			case OPT_API_HOST:
				wopt->api_host = optarg;
				break;
			case OPT_FIBRE_HOST:
				wopt->fibre_host = optarg;
				break;
			case OPT_MANAGER_NICS:
				wopt->nics_root = optarg;
				break;
			case OPT_VM_DELAY:
				wopt->seed_delays = true;
				wopt->vm_delay = (int) strtol(optarg, &end, 10);
				if (*optarg == '\0' || *end != '\0' || wopt->vm_delay < 0 || wopt->vm_delay > 3600)
					return rdr_cli_usage_error(&cli, "invalid --vm-delay \"%s\": expected 0..3600 seconds",
											   optarg);
				break;
			case OPT_APPEND:
				run->append = optarg;
				break;
			default:
				/* -v -q -V -h -? and bad options: cli_opts.h */
				if (rdr_cli_option(&cli, c, &rc))
					return rc;
				break;
		}
	}
	rdr_cli_set_log_level(&cli);
	rc = check_command(&cli, argc, argv, run);
	return rc != EXIT_PLAN_OK ? rc : -1;
}

/*
 * read_inputs: every input file, checked before the database is read.
 * -1 when the run goes on, else EXIT_PLAN_INPUT.
 */
static int
read_inputs(PlanRun *run)
{
	PlanAppendGenerated gen = {0};
	int			rc = -1;

	if (!run->map_ok)
		rc = EXIT_PLAN_INPUT;
	if (run->wopt.nics_root && !plan_nics_read(run->wopt.nics_root, &run->mnics, &run->nmnics))
		rc = EXIT_PLAN_INPUT;
	gen.api_host = run->wopt.api_host != NULL;
	gen.rhevm_nic = run->nmnics > 0;
	if (run->append)
	{
		if (!plan_append_load(run->append, &run->append_buf, &run->append_len) ||
			!plan_append_check(run->append, run->append_buf, run->append_len, &gen))
			rc = EXIT_PLAN_INPUT;
	}
	run->wopt.manager_nics = run->mnics;
	run->wopt.n_manager_nics = run->nmnics;
	run->wopt.append_name = run->append;
	run->wopt.append_text = run->append_buf;
	return rc;
}

/*
 * generate: the configuration's text from the engine database (read
 * only) into run->text.  -1 when the run goes on, else the exit code.
 */
static int
generate(PlanRun *run)
{
	PlanInventory inv;
	PlanDbStatus st;
	FILE	   *mem;
	int			rc = -1;

	st = plan_db_read(&run->req, &inv);
	if (st != PLAN_DB_OK)
	{
		plan_inventory_free(&inv);
		return st == PLAN_DB_INVENTORY ? EXIT_PLAN_INVENTORY : EXIT_PLAN_DATABASE;
	}
	/* a memory stream fails only when out of memory */
	if ((mem = open_memstream(&run->text, &run->text_len)) == NULL)
		rdr_out_of_memory();
	if (!plan_write(mem, &inv, &run->rules, &run->wopt, &run->warnings))
		rc = EXIT_PLAN_INVENTORY;
	if (fclose(mem) != 0)
		rdr_out_of_memory();
	run->ndomains = inv.ndomains;
	plan_inventory_free(&inv);
	return rc;
}

/* write_output: the text to -o's file or standard output; the exit code. */
static int
write_output(const PlanRun *run)
{
	if (run->output)
	{
		/* 0600: the administrator adds the API password to this file */
		if (!rdr_write_file_atomic(run->output, run->text, run->text_len, 0600))
			return EXIT_PLAN_OUTPUT;
		rdr_log_info("wrote %s (%d storage domain%s, %d warning%s)", run->output,
					 run->ndomains, run->ndomains == 1 ? "" : "s", run->warnings,
					 run->warnings == 1 ? "" : "s");
	}
	else if (fwrite(run->text, 1, run->text_len, stdout) != run->text_len ||
			 fflush(stdout) != 0)
	{
		rdr_log_error("could not write the configuration to standard output");
		return EXIT_PLAN_OUTPUT;
	}
	return EXIT_PLAN_OK;
}

int
main(int argc, char **argv)
{
	PlanRun		run = {.wopt = {.vm_delay = 5},.map_ok = true};
	int			rc;

	rc = parse_options(argc, argv, &run);
	if (rc < 0)
		rc = read_inputs(&run);
	if (rc < 0)
		rc = generate(&run);
	if (rc < 0)
		rc = write_output(&run);
	free(run.text);
	free(run.append_buf);
	plan_nics_free(run.mnics, run.nmnics);
	plan_rules_free(&run.rules);
	return rc;
}
