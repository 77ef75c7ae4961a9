/*-------------------------------------------------------------------------
 *
 * progress.h
 *	  One status line on the terminal while rdr-failover runs.
 *
 *		[3/8] storage: 2/3 domains                      00:12
 *
 * It is redrawn in place on a terminal, every second (the timer runs
 * during waits), and not shown at all when stderr is not a TTY or with
 * -q: logs and reports carry the same facts.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PROGRESS_H
#define RDR_PROGRESS_H

#include <stdbool.h>

typedef struct RdrProgress
{
	bool		enabled;
	double		t0;
	int			step;
	int			n_steps;
	char		name[32];
	char		extra[96];		/* "2/3 domains" */
	bool		drawn;
} RdrProgress;

extern void rdr_progress_init(RdrProgress *p, int n_steps);
extern void rdr_progress_step(RdrProgress *p, int step, const char *name);

/* rdr_progress_count: "done/total what" on the current step's line. */
extern void rdr_progress_count(RdrProgress *p, int done, int total, const char *what);

/* rdr_progress_clear: erase the line before other output. */
extern void rdr_progress_clear(RdrProgress *p);

#endif							/* RDR_PROGRESS_H */
