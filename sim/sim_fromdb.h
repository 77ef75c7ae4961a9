/*-------------------------------------------------------------------------
 *
 * sim_fromdb.h
 *	  rdr-sim --from-db: the simulated manager's inventory read from an
 *	  engine database instead of a scenario file (the rehearsal manager of
 *	  rdr-failover --rehearse).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SIM_FROMDB_H
#define SIM_FROMDB_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "sim_model.h"

/*
 * sim_fromdb_load: fill the model from the engine database at conninfo
 * (one READ ONLY snapshot, then the connection is closed).  The hosts of
 * cluster down_cluster (may be NULL) are non responsive: the main site is
 * lost.  Every storage domain is gated "away from site A": it comes up
 * once its rows no longer hold the values read here.  False (and an
 * error naming the table) when the database is not an engine's.
 */
extern bool sim_fromdb_load(SimModel *m, const char *conninfo,
							const char *down_cluster);

/*
 * sim_fromdb_row_moved: for a domain gated by sim_fromdb_load, whether
 * row `row` of a gate query (connection, iqn, port, lun_id, serial) no
 * longer points at the storage read at load time.
 */
extern bool sim_fromdb_row_moved(PGresult *res, int row,
								 const SimStorageDomain *sd);

#endif							/* SIM_FROMDB_H */
