/*-------------------------------------------------------------------------
 *
 * cli_opts.c
 *	  The options every rdr command has (see cli_opts.h).
 *
 *-------------------------------------------------------------------------
 */
#include "cli_opts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

/*
 * rdr_cli_option: act on getopt_long's answer c when it is a common
 * option.  -v and -q count verbosity; main() goes on (false).  -V and -h
 * print the version or the help, an unknown option or a missing value
 * (getopt has said which) gets the --help hint; main() exits (true) with
 * *exit_code: 0, or the usage exit code.
 */
bool
rdr_cli_option(RdrCliOpts *cli, int c, int *exit_code)
{
	switch (c)
	{
		case 'v':
			cli->verbosity++;
			return false;
		case 'q':
			cli->verbosity = -1;
			return false;
		case 'V':
			printf("%s (rdr) %s\n", cli->progname, RDR_VERSION);
			*exit_code = EXIT_SUCCESS;
			return true;
		case 'h':
			cli->usage();
			*exit_code = EXIT_SUCCESS;
			return true;
		default:
			*exit_code = rdr_cli_usage_error(cli, NULL);
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
