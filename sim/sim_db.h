/*-------------------------------------------------------------------------
 *
 * sim_db.h
 *	  The database gate: does the rhevm database point a data center's
 *	  storage domains at the site-B storage the scenario names?
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_DB_H
#define SIM_DB_H

#include <stdbool.h>

#include "sim_model.h"

/*
 * sim_db_gate_ok: the gate for an SPM contender of data center dc; site_a:
 * the contender is a host of a site-A cluster (cluster ... site=a), which
 * reaches site A's storage (the domains' sitea_*= values), as after a
 * failback.
 */
extern bool sim_db_gate_ok(SimModel *m, int dc, bool site_a);

#endif							/* SIM_DB_H */
