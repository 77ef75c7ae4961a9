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

extern bool sim_db_gate_ok(SimModel *m, int dc);

#endif							/* SIM_DB_H */
