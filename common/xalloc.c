/*-------------------------------------------------------------------------
 *
 * xalloc.c
 *	  Allocation that cannot fail (see xalloc.h for the policy).
 *
 *-------------------------------------------------------------------------
 */
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/*
 * rdr_out_of_memory: the message is formatted without allocating (log.c
 * writes to unbuffered stderr and the log file).
 */
void
rdr_out_of_memory(void)
{
	rdr_log_error("out of memory");
	exit(RDR_EXIT_OOM);
}

void *
xmalloc(size_t size)
{
	/* malloc(0) may return NULL: ask for one byte instead */
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
		rdr_out_of_memory();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	   *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		rdr_out_of_memory();
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	void	   *np = realloc(p, size ? size : 1);

	if (np == NULL)
		rdr_out_of_memory();
	return np;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	void	   *np = reallocarray(p, n ? n : 1, size ? size : 1);

	if (np == NULL)
		rdr_out_of_memory();
	return np;
}

char *
xstrdup(const char *s)
{
	char	   *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		rdr_out_of_memory();
	return d;
}

char *
xstrndup(const char *s, size_t n)
{
	char	   *d;

	if (s == NULL)
		return NULL;
	d = strndup(s, n);
	if (d == NULL)
		rdr_out_of_memory();
	return d;
}

char *
xasprintf(const char *fmt,...)
{
	va_list		ap;
	char	   *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	char	   *s;

	if (vasprintf(&s, fmt, ap) < 0)
		rdr_out_of_memory();
	return s;
}
