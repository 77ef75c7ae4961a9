/*-------------------------------------------------------------------------
 *
 * cli_opts.h
 *	  The command-line convention of every rdr program: -v, -q, -V, -h,
 *	  usage errors.
 *
 * Each main() keeps its own getopt_long loop, with an option string that
 * starts with ':' (so that a missing value is told from an unknown
 * option) and after rdr_cli_init(), and hands the common options and
 * getopt's errors to rdr_cli_option():
 *
 *		default:
 *			if (rdr_cli_option(&cli, c, &rc))
 *				return rc;
 *			break;
 *
 * so that in every program (house style, item 7):
 *	-v, --verbose	say more (repeatable: -vv is debug); -q, --quiet: errors only
 *	-V, --version	"PROG (rdr) VERSION" on stdout, exit 0
 *	-h, -?, --help	the help on stdout, exit 0 (rdr-failover: -? and --help
 *					only, its -h is the seed's hosts step)
 *	a bad option	'PROG: error: invalid option "-x"' or 'option "-c" needs a
 *					value', then 'Try "PROG --help" for more information.',
 *					exit with the program's documented usage code
 *	extra arguments	'too many command-line arguments (first is "X")'
 * The usage exit code stays each program's documented one (rdr-failover,
 * rdr-nicfix, rdr-sim, rdr-plan: 1; rdr-probe: 2): scripts test them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_CLI_OPTS_H
#define RDR_CLI_OPTS_H

#include <stdbool.h>

/* getopt_long value of --help where 'h' means something else. */
#define RDR_CLI_HELP 0x100

typedef struct RdrCliOpts
{
	const char *progname;		/* in --version and the --help hint */
	void		(*usage) (void);	/* prints the --help text on stdout */
	int			usage_exit;		/* the program's exit code of a usage error */
	int			verbosity;		/* -q: -1, each -v: one more */
	char	  **argv;			/* to name a bad option (rdr_cli_init) */
} RdrCliOpts;

/*
 * rdr_cli_init: messages prefixed with progname, getopt's own messages
 * off (they would name argv[0]'s path and not go to the log).
 */
extern void rdr_cli_init(RdrCliOpts *cli, char **argv);
extern bool rdr_cli_option(RdrCliOpts *cli, int c, int *exit_code);
extern void rdr_cli_set_log_level(const RdrCliOpts *cli);
extern int	rdr_cli_usage_error(const RdrCliOpts *cli, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

/* rdr_cli_extra_args: the usage error of arguments after the options. */
extern int	rdr_cli_extra_args(const RdrCliOpts *cli, const char *first);

#endif							/* RDR_CLI_OPTS_H */
