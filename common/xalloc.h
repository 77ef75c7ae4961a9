/*-------------------------------------------------------------------------
 *
 * xalloc.h
 *	  Allocation that cannot fail: the out-of-memory policy of every rdr
 *	  program.
 *
 * When malloc fails these log "out of memory" (on stderr and in the log
 * file, like any error) and end the program with RDR_EXIT_OOM, like
 * PostgreSQL's pg_malloc() in its client programs.  A failover stopped
 * that way is a failover interrupted at a step: the storage transaction
 * is rolled back by the server when the connection closes, and the run
 * state says where --resume continues.  exit() rather than abort(): a
 * core file of rdr-failover would hold the configuration's passwords.
 *
 * Code that can unwind and report the failure as its step's error (a
 * library function returning false) may still do so; code that cannot,
 * uses these instead of checking each result.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_XALLOC_H
#define RDR_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Exit code of every rdr program out of memory (EX_SOFTWARE, sysexits.h). */
#define RDR_EXIT_OOM 70

extern void *xmalloc(size_t size);
extern void *xcalloc(size_t n, size_t size);
extern void *xrealloc(void *p, size_t size);

/* xreallocarray: xrealloc of n * size bytes, refusing an overflow. */
extern void *xreallocarray(void *p, size_t n, size_t size);

/* xstrdup, xstrndup: NULL gives NULL (many optional settings are NULL). */
extern char *xstrdup(const char *s);
extern char *xstrndup(const char *s, size_t n);
extern char *xasprintf(const char *fmt,...)
			__attribute__((format(printf, 1, 2)));
extern char *xvasprintf(const char *fmt, va_list ap)
			__attribute__((format(printf, 1, 0)));

/* rdr_out_of_memory: log and exit with RDR_EXIT_OOM. */
extern void rdr_out_of_memory(void) __attribute__((noreturn));

#endif							/* RDR_XALLOC_H */
