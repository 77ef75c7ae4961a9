/*-------------------------------------------------------------------------
 *
 * dbprivs.h
 *	  Does the database role rdr-failover connects as have what the -d
 *	  step needs?  Checked before anything changes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DBPRIVS_H
#define RDR_DBPRIVS_H

#include <stdbool.h>

#include <libpq-fe.h>

/*
 * rdr_db_check_privileges: the connected role may call rdr's functions,
 * read its log and sequences (pg_dump of the backup does), and read and
 * change the engine's storage tables.  conn's search_path must be the
 * pinned one and the extension checked (rdr_db_check_extension).  Each
 * missing privilege is logged with SQLSTATE 42501 and the exact GRANT
 * that gives it; false then.
 */
extern bool rdr_db_check_privileges(PGconn *conn);

#endif							/* RDR_DBPRIVS_H */
