/*-------------------------------------------------------------------------
 *
 * log.c
 *	  Client-side messages: error/detail/hint on stderr, plus a log file.
 *
 * Messages go to stderr (errors and warnings always, the rest by level) and,
 * when a log file is set, to that file with a timestamp whatever the level,
 * so the log keeps every action even when the terminal is quiet.
 *
 *-------------------------------------------------------------------------
 */
#include "log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

static const char *log_progname = "rdr";
static RdrLogLevel log_level = RDR_LOG_NORMAL;
static FILE *log_file = NULL;

void
rdr_log_init(const char *progname)
{
	const char *slash = strrchr(progname, '/');

	log_progname = slash ? slash + 1 : progname;
}

void
rdr_log_set_level(RdrLogLevel level)
{
	log_level = level;
}

RdrLogLevel
rdr_log_get_level(void)
{
	return log_level;
}

void
rdr_log_set_file(FILE *f)
{
	log_file = f;
}

/* Terminal hooks: a status line erased before a message, redrawn after. */
static void (*hook_before) (void);
static void (*hook_after) (void);

void
rdr_log_set_terminal_hooks(void (*before) (void), void (*after) (void))
{
	hook_before = before;
	hook_after = after;
}

/*
 * log_emit: write one message.  prefix is "error: ", "DETAIL: " etc.;
 * to_stderr says whether the terminal gets it at the current level.
 */
static void
log_emit(bool to_stderr, bool with_progname, const char *prefix,
		 const char *fmt, va_list ap)
{
	va_list		ap2;

	va_copy(ap2, ap);
	if (to_stderr)
	{
		/*
		 * What stdout holds goes first: with both on one pipe, a message must
		 * not land in the middle of a block of the report.
		 */
		fflush(stdout);
		if (hook_before)
			hook_before();
		if (with_progname)
			fprintf(stderr, "%s: ", log_progname);
		fputs(prefix, stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		if (hook_after)
			hook_after();
	}
	if (log_file)
	{
		struct timeval tv;
		struct tm	tm;
		char		stamp[32];

		gettimeofday(&tv, NULL);
		localtime_r(&tv.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
		fprintf(log_file, "%s.%03ld [%s] %s", stamp, (long) tv.tv_usec / 1000,
				log_progname, prefix);
		vfprintf(log_file, fmt, ap2);
		fputc('\n', log_file);
		fflush(log_file);
	}
	va_end(ap2);
}

#define RDR_LOG_FUNC(name, min_level, with_progname, prefix) \
void \
name(const char *fmt,...) \
{ \
	va_list		ap; \
	va_start(ap, fmt); \
	log_emit(log_level >= (min_level), with_progname, prefix, fmt, ap); \
	va_end(ap); \
}

RDR_LOG_FUNC(rdr_log_error, RDR_LOG_QUIET, true, "error: ")
RDR_LOG_FUNC(rdr_log_warning, RDR_LOG_QUIET, true, "warning: ")
RDR_LOG_FUNC(rdr_log_detail, RDR_LOG_QUIET, false, "DETAIL: ")
RDR_LOG_FUNC(rdr_log_hint, RDR_LOG_QUIET, false, "HINT: ")
RDR_LOG_FUNC(rdr_log_notice, RDR_LOG_NORMAL, true, "notice: ")
RDR_LOG_FUNC(rdr_log_info, RDR_LOG_NORMAL, false, "")
RDR_LOG_FUNC(rdr_log_verbose, RDR_LOG_VERBOSE, false, "")
RDR_LOG_FUNC(rdr_log_debug, RDR_LOG_DEBUG, false, "debug: ")

char *
rdr_redact(const char *text, const char *secret)
{
	static const char mask[] = "********";
	size_t		slen = secret ? strlen(secret) : 0;
	size_t		n = 0;
	const char *p;
	char	   *out;
	char	   *o;

	if (slen == 0)
		return strdup(text);
	for (p = strstr(text, secret); p; p = strstr(p + slen, secret))
		n++;
	out = malloc(strlen(text) + n * sizeof(mask) + 1);
	if (out == NULL)
		return NULL;
	o = out;
	for (p = text;;)
	{
		const char *hit = strstr(p, secret);
		size_t		len = hit ? (size_t) (hit - p) : strlen(p);

		memcpy(o, p, len);
		o += len;
		if (hit == NULL)
			break;
		memcpy(o, mask, sizeof(mask) - 1);
		o += sizeof(mask) - 1;
		p = hit + slen;
	}
	*o = '\0';
	return out;
}
