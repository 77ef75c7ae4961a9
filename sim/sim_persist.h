/*-------------------------------------------------------------------------
 *
 * sim_persist.h
 *	  rdr-sim --state-file: what a real engine keeps in its database across
 *	  a restart (hosts' status and cluster, the SPM, VMs' status and
 *	  cluster), saved when the simulator stops and loaded when it starts.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_PERSIST_H
#define SIM_PERSIST_H

#include <stdbool.h>

#include "sim_model.h"

/*
 * sim_persist_load: apply the state file over the scenario, after
 * sim_model_finalize.  A missing file is the first start (true); a
 * damaged one is refused with its line (false, logged).
 */
extern bool sim_persist_load(SimModel *m, const char *path);

/* sim_persist_save: write the state file (atomically); false, logged. */
extern bool sim_persist_save(SimModel *m, const char *path);

#endif							/* SIM_PERSIST_H */
