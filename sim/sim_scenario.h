/*-------------------------------------------------------------------------
 *
 * sim_scenario.h
 *	  Reading a scenario file into the model and the fault rules.
 *
 * The format (line based, "#" comments, double quotes for values with
 * spaces) is documented in docs/simulator.md.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_SCENARIO_H
#define SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "sim_fault.h"
#include "sim_model.h"

#define SIM_MAX_TOKENS 32

extern bool sim_scenario_load(SimModel *m, SimFaults *f, const char *path);
extern bool sim_scenario_parse(SimModel *m, SimFaults *f, const char *buf,
							   size_t len, const char *name, int depth);
extern int	sim_tokenize(char *line, char **tok, int max, char *err,
						 size_t errlen);
extern bool sim_scenario_check(SimModel *m, SimFaults *f);
extern char *sim_expand_env(const char *in, char *err, size_t errlen);

#endif							/* SIM_SCENARIO_H */
