/*-------------------------------------------------------------------------
 *
 * rdr_failover_main.c
 *	  rdr-failover: the whole site-B failover of a RHEV 3.0 / oVirt
 *	  environment in one command (the seed's rhevm-failover.sh, chapter 8).
 *
 *	  rdr-failover -c FILE [-n] [-d] [-h] [-s] [--dry-run] [--resume]
 *				   [--planned [--pause-for-storage]] [--report FILE] [-v|-q]
 *
 * Option parsing and the order of the run; nothing else.  The steps and
 * their order are the table of failover_steps.c, each step's body is in
 * its own failover_*.c module, and the bookkeeping around them (log,
 * state file of --resume, report, exit codes of rdr-failover(1)) is
 * failover_run.c's.
 *
 *-------------------------------------------------------------------------
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli_opts.h"
#include "config.h"
#include "failover_failback.h"
#include "failover_planned.h"
#include "failover_run.h"
#include "failover_steps.h"
#include "log.h"
#include "numparse.h"
#include "rehearse.h"

static void
usage(void)
{
	printf("rdr-failover brings a RHEV 3.0 / oVirt environment up at the backup site.\n\n"
		   "Usage:\n"
		   "  rdr-failover -c FILE [-n] [-d] [-h] [-s] [OPTION]...\n\n"
		   "Steps (none given: all, in this order):\n"
		   "  -n                 fix the manager's NIC names (RHEVM_NIC, runs rdr-nicfix)\n"
		   "  -d                 fix the storage in the database: preflight, backup,\n"
		   "                     stop the engine, probe and fix, start the engine\n"
		   "  -h                 fix the hosts (approve, networks, activate, fence) and\n"
		   "                     move the VMs to the backup cluster\n"
		   "  -s                 start the VMs of START_VM in order\n\n"
		   "Options:\n"
		   "  -c, --config=FILE  configuration file (the seed's format; see --help-config)\n"
		   "      --validate     run every check that changes nothing, list all problems\n"
		   "                     (exit 0 or 3); a real run starts with the same checks\n"
		   "      --dry-run      probe and plan; print every change, make none\n"
		   "      --resume       continue the interrupted run at its first step not done\n"
		   "      --redo=storage with --resume: undo the storage rows the interrupted\n"
		   "                     run committed and fix them again with the corrected\n"
		   "                     Storage_Domain lines, in one transaction\n"
		   "      --new          start over although a run was interrupted (its state\n"
		   "                     and changes files are kept under another name)\n"
		   "      --planned      planned migration: shut the main cluster's VMs down\n"
		   "                     cleanly and its hosts to maintenance, run CONFIG\n"
		   "                     storage_switch_command, then fail over (RPO reported)\n"
		   "      --pause-for-storage  with --planned: instead of the command, stop and\n"
		   "                     wait for the operator to type yes once the storage is\n"
		   "                     switched\n"
		   "      --failback     back to the main site: the storage rows of a failover\n"
		   "                     run restored from its change log (site A probed again),\n"
		   "                     site A's hosts up, the VMs back in the main cluster\n"
		   "      --from-run=N   with --failback: the failover run to reverse (default:\n"
		   "                     the newest run of rdr_change_log)\n"
		   "      --rehearse     rehearse the whole failover on a throwaway copy of the\n"
		   "                     database against a simulated manager (rdr-sim): the\n"
		   "                     same checks, steps and report, a predicted RTO;\n"
		   "                     production is only read (pg_dump)\n"
		   "      --report=FILE  also write the report as JSON to FILE (\"-\": stdout)\n"
		   "  -v, --verbose      say more (repeat for protocol detail)\n"
		   "  -q, --quiet        errors and the report only\n"
		   "      --help-config  describe every configuration setting\n"
		   "  -V, --version      print the version and exit\n"
		   "  -?, --help         print this help and exit\n\n"
		   "Exit codes: 0 ok, 1 bad arguments, 2 bad configuration, 3 preflight failed,\n"
		   "4 run state (interrupted run, nothing to resume, locked), 5 nicfix failed,\n"
		   "6 backup failed, 7 engine failed, 8 storage fix failed (rolled back),\n"
		   "9 storage outcome unknown, 10 hosts failed, 11 VMs failed, 12 report failed,\n"
		   "129, 130, 143 interrupted by SIGHUP, SIGINT (Ctrl-C), SIGTERM.\n");
}

/*
 * check_options: the combinations of options that make no sense; an exit
 * code when one was given, else EXIT_OK.
 */
static int
check_options(const RdrFailoverRun *run, bool validate)
{
	if (run->resume && run->dry_run)
	{
		rdr_log_error("--resume and --dry-run cannot be used together");
		return EXIT_BAD_ARGS;
	}
	if (validate && run->resume)
	{
		rdr_log_error("--validate and --resume cannot be used together");
		return EXIT_BAD_ARGS;
	}
	if (run->redo && !run->resume)
	{
		rdr_log_error("--redo storage redoes a step of the interrupted run: use it with --resume");
		return EXIT_BAD_ARGS;
	}
	if (run->rehearse && (run->resume || run->dry_run || run->planned || validate || run->redo ||
						  run->failback))
	{
		rdr_log_error("--rehearse cannot be used with --resume, --dry-run, --planned, --failback, --validate or --redo");
		return EXIT_BAD_ARGS;
	}
	if (run->start_new && run->resume)
	{
		rdr_log_error("--new and --resume cannot be used together");
		return EXIT_BAD_ARGS;
	}
	return EXIT_OK;
}

/*
 * parse_options: the command line into *run and *validate.  -1 when the
 * run goes on, else the exit code to return at once (--help, errors).
 */
static int
parse_options(int argc, char **argv, RdrFailoverRun *run, bool *validate)
{
	static const struct option long_options[] = {
		{"config", required_argument, NULL, 'c'},
		{"dry-run", no_argument, NULL, 1},
		{"resume", no_argument, NULL, 2},
		{"report", required_argument, NULL, 3},
		{"help-config", optional_argument, NULL, 4},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"validate", no_argument, NULL, 5},
		{"new", no_argument, NULL, 7},
		{"redo", required_argument, NULL, 8},
		{"planned", no_argument, NULL, 9},
		{"pause-for-storage", no_argument, NULL, 10},
		{"failback", no_argument, NULL, 11},
		{"from-run", required_argument, NULL, 12},
		{"rehearse", no_argument, NULL, 13},
		{"help", no_argument, NULL, RDR_CLI_HELP},
		{NULL, 0, NULL, 0}
	};

	/* -h is the seed's hosts step: help is -? and --help only */
	RdrCliOpts	cli = {.progname = "rdr-failover",.usage = usage,
	.usage_exit = EXIT_BAD_ARGS};
	int			c;
	int			rc;
	int64_t		from_run;

	rdr_cli_init(&cli, argv);
	while ((c = getopt_long(argc, argv, ":c:ndhsvqV", long_options, NULL)) != -1)
	{
		switch (c)
		{
			case 'c':
				run->config = optarg;
				break;
			case 'n':
				run->steps |= RDR_STEP_NIC;
				break;
			case 'd':
				run->steps |= RDR_STEP_DB;
				break;
			case 'h':
				run->steps |= RDR_STEP_HOSTS;
				break;
			case 's':
				run->steps |= RDR_STEP_VMS;
				break;
			case 1:
				run->dry_run = true;
				break;
			case 2:
				run->resume = true;
				break;
			case 3:
				run->report_path = optarg;
				break;
			case 4:

				/*
				 * --help-config=markdown generates docs/configuration.md's
				 * tables
				 */
				if (optarg && strcmp(optarg, "markdown") == 0)
					rdr_config_print_markdown(stdout);
				else
					rdr_config_print_help(stdout);
				return EXIT_OK;
			case 5:
				*validate = true;
				break;
			case 7:
				run->start_new = true;
				break;
			case 8:
				if (strcmp(optarg, "storage") != 0)
				{
					rdr_log_error("--redo %s: only the storage step can be redone", optarg);
					rdr_log_hint("--resume continues at the first step not done; --resume --redo storage also fixes the storage again.");
					return EXIT_BAD_ARGS;
				}
				run->redo = true;
				break;
			case 9:
				run->planned = true;
				break;
			case 10:
				run->planned = run->pause_for_storage = true;
				break;
			case 11:
				run->failback = true;
				break;
			case 12:
				if (!rdr_parse_int64(optarg, 1, INT64_MAX, &from_run))
				{
					rdr_log_error("--from-run \"%s\": not a run number", optarg);
					rdr_log_hint("The run is on the \"done storage\" line of the failover's state file and in its report.");
					return EXIT_BAD_ARGS;
				}
				run->from_run = (long long) from_run;
				break;
			case 13:
				run->rehearse = true;
				break;
			default:
				/* -v -q -V -? --help and bad options: cli_opts.h */
				if (rdr_cli_option(&cli, c, &rc))
					return rc;
				break;
		}
	}
	if (optind < argc)
		return rdr_cli_extra_args(&cli, argv[optind]);
	if (run->config == NULL)
		return rdr_cli_usage_error(&cli, "no configuration file given");
	if ((rc = check_options(run, *validate)) != EXIT_OK)
		return rc;
	rdr_cli_set_log_level(&cli);
	run->verbosity = cli.verbosity;
	return -1;
}

int
main(int argc, char **argv)
{
	RdrFailoverRun run;
	bool		validate = false;
	int			rc;

	memset(&run, 0, sizeof(run));
	run.wd_fd = -1;
	rdr_failover_harden();
	if ((rc = parse_options(argc, argv, &run, &validate)) >= 0)
		return rc;
	if ((rc = rdr_failover_open(&run)) != EXIT_OK)
		return rc;
	if ((rc = rdr_planned_check(&run)) != EXIT_OK ||
		(rc = rdr_failback_check(&run)) != EXIT_OK)
	{
		rdr_failover_free(&run);
		return rc;
	}
	if (run.rehearse)
		return rdr_failover_close(&run, rdr_rehearse(&run));
	if (validate)
	{
		rc = rdr_failover_validate(&run);
		rdr_failover_free(&run);
		return rc;
	}
	if ((rc = rdr_failover_begin(&run)) == EXIT_OK)
	{
		rdr_log_info("rdr-failover %s: %s%s%s%s with %s%s%s", RDR_VERSION,
					 (run.steps & RDR_STEP_NIC) ? "-n " : "", (run.steps & RDR_STEP_DB) ? "-d " : "",
					 (run.steps & RDR_STEP_HOSTS) ? "-h " : "", (run.steps & RDR_STEP_VMS) ? "-s " : "",
					 run.abspath, run.dry_run ? " (dry run)" : "", run.report.resumed ? " (resumed)" : "");
		rdr_progress_init(&run.progress, rdr_failover_count_steps(run.steps) +
						  rdr_planned_count_steps(&run) + rdr_failback_count_steps(&run));
		rc = rdr_failover_end(&run, rdr_failover_run_steps(&run));
	}
	return rdr_failover_close(&run, rc);
}
