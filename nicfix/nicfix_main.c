/*-------------------------------------------------------------------------
 *
 * nicfix_main.c
 *	  rdr-nicfix: keep the RHEV manager's NIC names on site-B hardware.
 *
 * Options are parsed here and turned into a NicMap, the files are planned
 * (nicfix.c), then shown (--dry-run) or written (file_plan.c).  rdr-failover
 * -n runs this program with --map options, so the command line and the
 * exit codes below are a stable interface, documented in rdr-nicfix(1).
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_opts.h"
#include "file_plan.h"
#include "log.h"
#include "nic_map.h"
#include "nicfix.h"

/* Exit codes, documented in docs/man/rdr-nicfix.1 */
#define EXIT_NICFIX_OK 0
#define EXIT_NICFIX_BAD_ARGS 1
#define EXIT_NICFIX_BAD_CONFIG 2
#define EXIT_NICFIX_BAD_INPUT 3
#define EXIT_NICFIX_WRITE_FAILED 4
#define EXIT_NICFIX_PARTIAL 5

#define PROGNAME "rdr-nicfix"

/*
 * usage: the --help text.
 */
static void
usage(void)
{
	printf("%s keeps the RHEV manager's NIC names on new hardware.\n\n", PROGNAME);
	printf("It rewrites /etc/udev/rules.d/70-persistent-net.rules so that each given MAC\n"
		   "gets its interface name, and un-pins the ifcfg-* files of those names from\n"
		   "the old hardware (HWADDR=, MACADDR=).  Without that file (EL7-EL9), it sets\n"
		   "the wanted MAC in the ifcfg HWADDR=, NetworkManager keyfile mac-address=\n"
		   "and systemd .link MACAddress= of each wanted name.  Every file is planned\n"
		   "before any is written; each changed file keeps its original as FILE%s.\n\n",
		   NICFIX_BACKUP_SUFFIX);
	printf("Usage:\n");
	printf("  %s [OPTION]... --map MAC=IFNAME [--map MAC=IFNAME]...\n", PROGNAME);
	printf("  %s [OPTION]... --config FILE\n", PROGNAME);
	printf("  %s [OPTION]... --undo\n\n", PROGNAME);
	printf("Options:\n");
	printf("  -m, --map=MAC=IFNAME   give the NIC with this MAC the name IFNAME (repeatable)\n");
	printf("  -c, --config=FILE      read the RHEVM_NIC lines of rdr's configuration file\n");
	printf("  -r, --root=DIR         work on the system image under DIR instead of /\n");
	printf("  -n, --dry-run          print the changes as a unified diff, change nothing\n");
	printf("  -u, --undo             restore every file from its backup\n");
	printf("      --now=SECONDS      time for the marker comments, in seconds since the\n"
		   "                         epoch (testing aid; also RDR_NICFIX_NOW)\n");
	printf("  -v, --verbose          say what is done to each rule and line (repeatable)\n");
	printf("  -q, --quiet            print errors only\n");
	printf("  -V, --version          print the version and exit\n");
	printf("  -h, --help             print this help and exit\n\n");
	printf("Exit codes:\n");
	printf("  0  done (or nothing to change)      3  bad rules or ifcfg file, or unreadable\n");
	printf("  1  bad command line or mapping      4  could not write; no file changed\n");
	printf("  2  bad configuration file           5  some files changed, then an error\n\n");
	printf("Example (the seed's site B):\n");
	printf("  %s --map 00:25:b3:a9:b0:01=eth0 --map 00:25:b3:a9:b0:00=eth1\n", PROGNAME);
}

/*
 * parse_now: seconds since the epoch from --now or RDR_NICFIX_NOW.
 */
static bool
parse_now(const char *what, const char *s, time_t *now)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 ||
		v > 253402300799LL)		/* 9999-12-31T23:59:59Z */
	{
		rdr_log_error("%s: \"%s\" is not a number of seconds since the epoch",
					  what, s);
		return false;
	}
	*now = (time_t) v;
	return true;
}

/*
 * normalize_root: DIR without trailing slashes ("" for "/"), refusing
 * a root that does not exist.
 */
static char *
normalize_root(const char *dir)
{
	char	   *root = realpath(dir, NULL);

	if (root == NULL)
	{
		rdr_log_error("--root: could not resolve \"%s\": %s", dir,
					  strerror(errno));
		return NULL;
	}
	if (strcmp(root, "/") == 0)
		root[0] = '\0';
	return root;
}

/* The command line, as parsed. */
typedef struct NicfixArgs
{
	NicMap		map;			/* the --map options, then the file's lines */
	int			nmaps;			/* --map options given */
	const char *config;
	const char *root_arg;
	const char *now_arg;
	bool		dry_run;
	bool		undo;
} NicfixArgs;

/*
 * parse_options: the command line into *args.  -1 when the run goes on,
 * else the exit code to return (--help, --version, a usage error).
 */
static int
parse_options(int argc, char **argv, NicfixArgs *args)
{
	static const struct option long_options[] = {
		{"map", required_argument, NULL, 'm'},
		{"config", required_argument, NULL, 'c'},
		{"root", required_argument, NULL, 'r'},
		{"dry-run", no_argument, NULL, 'n'},
		{"undo", no_argument, NULL, 'u'},
		{"now", required_argument, NULL, 1},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	RdrCliOpts	cli = {.progname = PROGNAME,.usage = usage,
	.usage_exit = EXIT_NICFIX_BAD_ARGS};
	int			c;
	int			cli_rc;
	int			rc = EXIT_NICFIX_OK;

	rdr_cli_init(&cli, argv);
	while ((c = getopt_long(argc, argv, ":m:c:r:nuvqVh", long_options, NULL)) != -1)
	{
		switch (c)
		{
			case 'm':
				if (!nic_map_add_arg(&args->map, optarg))
					rc = EXIT_NICFIX_BAD_ARGS;
				args->nmaps++;
				break;
			case 'c':
				args->config = optarg;
				break;
			case 'r':
				args->root_arg = optarg;
				break;
			case 'n':
				args->dry_run = true;
				break;
			case 'u':
				args->undo = true;
				break;
			case 1:
				args->now_arg = optarg;
				break;
			default:
				/* -v -q -V -h and bad options: cli_opts.h */
				if (rdr_cli_option(&cli, c, &cli_rc))
				{
					/* a bad --map before -h still fails */
					return cli_rc != EXIT_NICFIX_OK ? cli_rc : rc;
				}
				break;
		}
	}
	rdr_cli_set_log_level(&cli);
	if (rc != EXIT_NICFIX_OK)
		return rc;
	if (optind < argc)
		return rdr_cli_extra_args(&cli, argv[optind]);
	return -1;
}

/*
 * read_mapping: check where the mapping comes from and read --config's
 * RHEVM_NIC lines.  -1 when the run goes on, else the exit code.
 */
static int
read_mapping(NicfixArgs *args)
{
	size_t		before = args->map.n;

	if (args->undo && (args->nmaps > 0 || args->config != NULL))
	{
		rdr_log_error("--undo cannot be combined with --map or --config");
		rdr_log_hint("--undo restores every file from its backup; it needs no mapping.");
		return EXIT_NICFIX_BAD_ARGS;
	}
	if (!args->undo && args->nmaps == 0 && args->config == NULL)
	{
		rdr_log_error("no NIC mapping given");
		rdr_log_hint("Use --map MAC=IFNAME or --config FILE; see \"%s --help\".",
					 PROGNAME);
		return EXIT_NICFIX_BAD_ARGS;
	}
	if (args->config == NULL)
		return -1;
	if (!nic_map_read_config(&args->map, args->config))
		return EXIT_NICFIX_BAD_CONFIG;
	if (args->map.n == before && args->nmaps == 0)
	{
		rdr_log_error("configuration file \"%s\" has no RHEVM_NIC lines",
					  args->config);
		rdr_log_hint("Add a line like: RHEVM_NIC 00:25:b3:a9:b0:01 eth0");
		return EXIT_NICFIX_BAD_CONFIG;
	}
	return -1;
}

/*
 * make_stamp: the time of the marker comments, from --now, else
 * RDR_NICFIX_NOW, else the clock, as "YYYY-MM-DDTHH:MM:SSZ".
 */
static bool
make_stamp(const char *now_arg, char *stamp, size_t size)
{
	time_t		now;
	struct tm	tm;

	if (now_arg == NULL)
		now_arg = getenv("RDR_NICFIX_NOW");
	if (now_arg != NULL)
	{
		if (!parse_now(now_arg == getenv("RDR_NICFIX_NOW") ? "RDR_NICFIX_NOW" : "--now",
					   now_arg, &now))
			return false;
	}
	else
		now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return true;
}

/*
 * fix_files: plan the files under root, then show (--dry-run) or write
 * them.  The exit code.
 */
static int
fix_files(const NicfixArgs *args, const char *root, const char *stamp,
		  FilePlan *plan)
{
	if (args->undo ? !nicfix_plan_undo(root, plan)
		: !nicfix_plan(root, &args->map, stamp, plan))
		return EXIT_NICFIX_BAD_INPUT;
	if (plan->n == 0)
	{
		rdr_log_info(args->undo ? "no backups to restore" : "nothing to change");
		return EXIT_NICFIX_OK;
	}
	if (args->dry_run)
		return file_plan_diff(plan, stdout, root) ? EXIT_NICFIX_OK :
			EXIT_NICFIX_WRITE_FAILED;
	switch (file_plan_apply(plan))
	{
		case APPLY_OK:
			if (!args->undo)
				rdr_log_info("Reboot the manager (or reload udev rules and restart the network) for the names to take effect.");
			break;
		case APPLY_NOTHING_CHANGED:
			return EXIT_NICFIX_WRITE_FAILED;
		case APPLY_PARTIAL:
			return EXIT_NICFIX_PARTIAL;
	}
	return EXIT_NICFIX_OK;
}

/*
 * main: options, then plan, then show or write; the exit code says how it
 * went (see the EXIT_NICFIX_* codes above).
 */
int
main(int argc, char **argv)
{
	NicfixArgs	args = {.root_arg = "/"};
	FilePlan	plan;
	char	   *root = NULL;
	char		stamp[32];
	int			rc;

	nic_map_init(&args.map);
	file_plan_init(&plan);
	rc = parse_options(argc, argv, &args);
	if (rc < 0)
		rc = read_mapping(&args);
	if (rc < 0 && !make_stamp(args.now_arg, stamp, sizeof(stamp)))
		rc = EXIT_NICFIX_BAD_ARGS;
	if (rc < 0 && (root = normalize_root(args.root_arg)) == NULL)
		rc = EXIT_NICFIX_BAD_ARGS;
	if (rc < 0)
		rc = fix_files(&args, root, stamp, &plan);
	file_plan_free(&plan);
	nic_map_free(&args.map);
	free(root);
	return rc;
}
