/*-------------------------------------------------------------------------
 *
 * cli_opts.h
 *	  The options every rdr command has: -v, -q, -V, -h, usage errors.
 *
 * Each main() keeps its own getopt_long loop and hands the common options
 * (and getopt's '?' for an unknown one) to rdr_cli_option():
 *
 *		default:
 *			if (rdr_cli_option(&cli, c, &rc))
 *				return rc;
 *			break;
 *
 * so that -v/-q map to the same log levels, --version prints the same
 * line and a usage error ends with the same "Try ... --help" hint in
 * every program (house style, item 7).
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CLI_OPTS_H
#define RDR_CLI_OPTS_H

#include <stdbool.h>

typedef struct RdrCliOpts
{
	const char *progname;		/* in --version and the --help hint */
	void		(*usage) (void);	/* prints the --help text on stdout */
	int			usage_exit;		/* the program's exit code of a usage error */
	int			verbosity;		/* -q: -1, each -v: one more */
} RdrCliOpts;

extern bool rdr_cli_option(RdrCliOpts *cli, int c, int *exit_code);
extern void rdr_cli_set_log_level(const RdrCliOpts *cli);
extern int	rdr_cli_usage_error(const RdrCliOpts *cli, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

#endif							/* RDR_CLI_OPTS_H */
