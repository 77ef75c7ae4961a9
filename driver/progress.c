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

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/*
 * The line is redrawn every second by a thread, so the timer runs during
 * the long waits (API, hosts, SPM, VM delays) too.  Log messages erase it
 * first and redraw it after (log.h terminal hooks), under one mutex, so a
 * message is never written into the middle of the line.
 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static RdrProgress *active;
static bool hidden;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* draw_locked: the line as it is now; the caller holds the lock. */
static void
draw_locked(RdrProgress *p)
{
	int			secs = (int) (now_s() - p->t0);
	char		left[160];

	snprintf(left, sizeof(left), "[%d/%d] %s%s%s", p->step, p->n_steps, p->name,
			 p->extra[0] ? ": " : "", p->extra);
	fprintf(stderr, "\r\033[K%-60s %02d:%02d", left, secs / 60, secs % 60);
	fflush(stderr);
}

static void
before_message(void)
{
	pthread_mutex_lock(&lock);
	if (active && active->drawn)
	{
		fprintf(stderr, "\r\033[K");
		hidden = true;
	}
}

static void
after_message(void)
{
	if (hidden && active && active->drawn)
		draw_locked(active);
	hidden = false;
	pthread_mutex_unlock(&lock);
}

static void *
ticker(void *arg)
{
	(void) arg;
	for (;;)
	{
		struct timespec ts = {1, 0};

		nanosleep(&ts, NULL);
		pthread_mutex_lock(&lock);
		if (active && active->drawn)
			draw_locked(active);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

void
rdr_progress_init(RdrProgress *p, int n_steps)
{
	static bool started;
	pthread_t	t;
	sigset_t	all,
				old;

	memset(p, 0, sizeof(*p));
	p->enabled = isatty(STDERR_FILENO) && rdr_log_get_level() >= RDR_LOG_NORMAL;
	p->t0 = now_s();
	p->n_steps = n_steps;
	if (!p->enabled || started)
		return;
	pthread_mutex_lock(&lock);
	active = p;
	pthread_mutex_unlock(&lock);
	rdr_log_set_terminal_hooks(before_message, after_message);
	/* signals stay with the main thread (interrupt.h) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&t, NULL, ticker, NULL) == 0)
	{
		pthread_detach(t);
		started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void
draw(RdrProgress *p, const char *extra)
{
	if (!p->enabled)
		return;
	pthread_mutex_lock(&lock);
	snprintf(p->extra, sizeof(p->extra), "%s", extra);
	p->drawn = true;
	draw_locked(p);
	pthread_mutex_unlock(&lock);
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
	pthread_mutex_lock(&lock);
	if (p->enabled && p->drawn)
	{
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		p->drawn = false;
	}
	pthread_mutex_unlock(&lock);
}
