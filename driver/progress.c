/*-------------------------------------------------------------------------
 *
 * progress.c
 *	  The terminal status line of rdr-failover.
 *
 * Only carriage return and "erase line" are used (no curses): the line
 * must survive being mixed with log messages, so it is cleared before
 * each step's messages and redrawn after.
 *
 *-------------------------------------------------------------------------
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

void
rdr_progress_init(RdrProgress *p, int n_steps)
{
	memset(p, 0, sizeof(*p));
	p->enabled = isatty(STDERR_FILENO) && rdr_log_get_level() >= RDR_LOG_NORMAL;
	p->t0 = now_s();
	p->n_steps = n_steps;
}

static void
draw(RdrProgress *p, const char *extra)
{
	int			secs = (int) (now_s() - p->t0);
	char		left[160];

	if (!p->enabled)
		return;
	snprintf(left, sizeof(left), "[%d/%d] %s%s%s", p->step, p->n_steps, p->name,
			 extra[0] ? ": " : "", extra);
	fprintf(stderr, "\r\033[K%-60s %02d:%02d", left, secs / 60, secs % 60);
	fflush(stderr);
	p->drawn = true;
}

void
rdr_progress_step(RdrProgress *p, int step, const char *name)
{
	p->step = step;
	snprintf(p->name, sizeof(p->name), "%s", name);
	draw(p, "");
}

void
rdr_progress_count(RdrProgress *p, int done, int total, const char *what)
{
	char		extra[96];

	snprintf(extra, sizeof(extra), "%d/%d %s", done, total, what);
	draw(p, extra);
}

void
rdr_progress_clear(RdrProgress *p)
{
	if (p->enabled && p->drawn)
	{
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		p->drawn = false;
	}
}
