/*-------------------------------------------------------------------------
 *
 * sim_scenario_int.h
 *	  What the scenario reader and the directives share: one line's words
 *	  and the ways a directive reads them.  Private to sim_scenario*.c.
 *
 * The modules, each using only those above it:
 *   sim_scenario_line.c  a line's words: key=value, positional arguments,
 *                        ids, numbers, references to defined entities
 *   sim_scenario.c       the directives that build the model, and the
 *                        checks of the whole scenario
 *   sim_scenario_read.c  the reader: files, lines, include, dispatch
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_SCENARIO_INT_H
#define SIM_SCENARIO_INT_H

#include <stdbool.h>

#include "sim_scenario.h"

/* Parse state of one line. */
typedef struct Line
{
	SimModel   *m;
	SimFaults  *f;
	const char *file;
	int			lineno;
	char	  **tok;
	int			ntok;
	bool	   *used;			/* key=value tokens consumed */
	char		dir[4096];		/* directory of the file, for include */
	int			depth;
} Line;

extern void line_report(Line *l, const char *fmt,...) __attribute__((format(printf, 2, 3)));

/*
 * line_error: report at the line, false.  A macro, so that clang's
 * analyzer (which does not inline variadic functions) sees the false and
 * knows the out-parameters of a failed parse are not read.
 */
#define line_error(l, ...) (line_report((l), __VA_ARGS__), false)

extern const char *line_opt(Line *l, const char *key);
extern const char *line_arg(Line *l, int pos);
extern bool line_all_used(Line *l);
extern bool line_set_id(Line *l, char *out, SimKind kind, int index);
extern bool line_double(Line *l, const char *what, const char *s, double lo,
						double hi, double *out);
extern bool line_ref(Line *l, SimKind kind, const char *key, int *out);
extern bool line_yesno(Line *l, const char *key, bool *out);
extern char *line_dup_opt(Line *l, const char *key);

/*
 * sim_scenario_directive: run the directive the line's first word names
 * (sim_scenario.c's table) and check every word was used; false after
 * reporting at the line, an unknown keyword included.
 */
extern bool sim_scenario_directive(Line *l);

#endif							/* SIM_SCENARIO_INT_H */
