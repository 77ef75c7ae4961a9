/*-------------------------------------------------------------------------
 *
 * dbconn.h
 *	  The connection to the rhevm database, made the libpq way.
 *
 * The DB lines set what they set; everything else is libpq's to decide,
 * exactly as for psql in the same environment (PGHOST, PGPORT, PGUSER,
 * PGDATABASE, PGSERVICE and pg_service.conf, PGPASSWORD, PGPASSFILE and
 * ~/.pgpass, PGSSLMODE...).  Only the user and the database name fall
 * back to the seed's values, postgres and rhevm, when neither the file,
 * the environment nor a service names them.  Children that connect
 * (pg_dump) get the parameters of the live connection, never its
 * password on their command line.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DBCONN_H
#define RDR_DBCONN_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "config.h"

#define RDR_DB_MAX_PARAMS 16

/* The keywords and values for PQconnectdbParams(..., expand_dbname = 1). */
typedef struct RdrDbParams
{
	const char *keys[RDR_DB_MAX_PARAMS + 1];
	const char *vals[RDR_DB_MAX_PARAMS + 1];
	int			n;
	char		port[16];
} RdrDbParams;

/*
 * rdr_dbconn_params: the parameters of the configuration, in the order
 * libpq must see them: rdr's fallbacks first, then DB conninfo (expanded),
 * then the other DB keys, so that each overrides what comes before it and
 * anything left unset is taken by libpq from its environment.  The
 * values point into cfg.
 */
extern void rdr_dbconn_params(const RdrConfig *cfg, RdrDbParams *p);

/*
 * rdr_dbconn_open: connect; on failure logs which database, host, port
 * and user libpq tried, and returns NULL.
 */
extern PGconn *rdr_dbconn_open(const RdrConfig *cfg);

/*
 * rdr_dbconn_child_conninfo: the live connection's parameters as a
 * connection string for a child's --dbname, without the password; the
 * password actually used (if any) goes to *password (malloc'd, or NULL).
 * The result is malloc'd.
 */
extern char *rdr_dbconn_child_conninfo(PGconn *conn, char **password);

/*
 * rdr_db_number: column col of row of a result, as a number in [min, max]
 * (numparse.h).  A NULL, non-numeric or out-of-range value is logged,
 * naming WHAT and the value, and false.
 */
extern bool rdr_db_number(const PGresult *res, int row, int col, int64_t min,
						  int64_t max, const char *what, int64_t *out);

#endif							/* RDR_DBCONN_H */
