/*-------------------------------------------------------------------------
 *
 * log.h
 *	  Client-side messages of rdr's programs, in PostgreSQL's three parts.
 *
 * An error is reported once, where it happens, as
 *		rdr-failover: error: could not connect to portal "127.0.0.1:3260"
 *		DETAIL: Connection refused.
 *		HINT: Check that the portal in Storage_Domain is reachable.
 * Library functions log and return false; only main() exits.
 *
 * The verbosity and the optional log file are the only process-wide state:
 * they are set once by main() from the options and the configuration.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_LOG_H
#define RDR_LOG_H

#include <stdbool.h>
#include <stdio.h>

typedef enum RdrLogLevel
{
	RDR_LOG_QUIET = -1,			/* errors only (-q) */
	RDR_LOG_NORMAL = 0,			/* errors, warnings, progress */
	RDR_LOG_VERBOSE = 1,		/* -v: every action */
	RDR_LOG_DEBUG = 2			/* -vv: protocol-level detail */
} RdrLogLevel;

extern void rdr_log_init(const char *progname);
extern void rdr_log_set_level(RdrLogLevel level);
extern RdrLogLevel rdr_log_get_level(void);

/*
 * rdr_log_set_terminal_hooks: before is called before a message is
 * written to stderr, after once it is (a status line uses them to erase
 * itself and come back; they may serialize with a lock).
 */
extern void rdr_log_set_terminal_hooks(void (*before) (void), void (*after) (void));

/* rdr_log_set_file: also append timestamped lines to f (NULL: none). */
extern void rdr_log_set_file(FILE *f);

extern void rdr_log_error(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void rdr_log_warning(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void rdr_log_detail(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void rdr_log_hint(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void rdr_log_info(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/* rdr_log_notice: where rdr does what was asked differently; normal level */
extern void rdr_log_notice(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void rdr_log_verbose(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void rdr_log_debug(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/*
 * rdr_redact: a malloc'd copy of text with every occurrence of secret (a
 * password rdr knows) replaced by "********"; a plain copy when secret is
 * NULL or empty.  For text rdr did not write, such as a server's message
 * quoting a row.
 */
extern char *rdr_redact(const char *text, const char *secret);

#endif							/* RDR_LOG_H */
