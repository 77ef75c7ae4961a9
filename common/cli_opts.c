/*-------------------------------------------------------------------------
 *
 * cli_opts.c
 *	  The options every rdr command has (see cli_opts.h).
 *
 *-------------------------------------------------------------------------
 */
#include "cli_opts.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* rdr_cli_init: see cli_opts.h */
void
rdr_cli_init(RdrCliOpts *cli, char **argv)
{
	cli->argv = argv;
	rdr_log_init(cli->progname);
	opterr = 0;
}

/*
 * bad_option: the usage error of getopt's answer c, ':' (a value is
 * missing) or '?' (unknown option).  A long option is named as typed;
 * a short one by its letter, as it may have been grouped ("-vx").
 */
static int
bad_option(const RdrCliOpts *cli, int c)
{
	const char *arg = cli->argv && optind > 0 ? cli->argv[optind - 1] : NULL;
	char		shortopt[3] = {'-', (char) optopt, '\0'};
	const char *name;

	if (arg != NULL && strncmp(arg, "--", 2) == 0 && (c == ':' || optopt == 0))
		name = arg;
	else if (optopt > 0 && optopt < 128)
		name = shortopt;
	else
		name = arg ? arg : "?";
	if (c == ':')
		return rdr_cli_usage_error(cli, "option \"%s\" needs a value", name);
	return rdr_cli_usage_error(cli, "invalid option \"%s\"", name);
}

/*
 * rdr_cli_option: act on getopt_long's answer c when it is a common
 * option.  -v and -q count verbosity; main() goes on (false).  -V and -h
 * print the version or the help, a bad option gets its message and the
 * --help hint; main() exits (true) with *exit_code: 0, or the usage exit
 * code.  "-?" is not in any option string: getopt answers '?' with optopt
 * '?' for it, which is how it is told from an unknown option.
 */
bool
rdr_cli_option(RdrCliOpts *cli, int c, int *exit_code)
{
	switch (c)
	{
		case 'v':
			cli->verbosity = cli->verbosity < 0 ? 0 : cli->verbosity + 1;
			return false;
		case 'q':
			cli->verbosity = -1;
			return false;
		case 'V':
			printf("%s (rdr) %s\n", cli->progname, RDR_VERSION);
			*exit_code = EXIT_SUCCESS;
			return true;
		case 'h':
		case RDR_CLI_HELP:
			cli->usage();
			*exit_code = EXIT_SUCCESS;
			return true;
		case '?':
			if (optopt == '?')
			{
				cli->usage();
				*exit_code = EXIT_SUCCESS;
				return true;
			}
			*exit_code = bad_option(cli, c);
			return true;
		default:
			*exit_code = bad_option(cli, c);
			return true;
	}
}

/*
 * rdr_cli_set_log_level: the log level of the -v/-q options counted, once
 * they are all parsed (-q -v is normal, -vv and more is debug).
 */
void
rdr_cli_set_log_level(const RdrCliOpts *cli)
{
	rdr_log_set_level(cli->verbosity < 0 ? RDR_LOG_QUIET :
					  cli->verbosity == 0 ? RDR_LOG_NORMAL :
					  cli->verbosity == 1 ? RDR_LOG_VERBOSE : RDR_LOG_DEBUG);
}

/*
 * rdr_cli_usage_error: report a bad command line (fmt, unless NULL) with
 * the --help hint; returns the usage exit code for main() to return.
 */
int
rdr_cli_usage_error(const RdrCliOpts *cli, const char *fmt,...)
{
	if (fmt != NULL)
	{
		va_list		ap;
		char	   *msg;

		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) >= 0)
		{
			rdr_log_error("%s", msg);
			free(msg);
		}
		else
			rdr_log_error("%s", fmt);
		va_end(ap);
	}
	fprintf(stderr, "Try \"%s --help\" for more information.\n", cli->progname);
	return cli->usage_exit;
}

/* rdr_cli_extra_args: see cli_opts.h */
int
rdr_cli_extra_args(const RdrCliOpts *cli, const char *first)
{
	return rdr_cli_usage_error(cli, "too many command-line arguments (first is \"%s\")",
							   first);
}
