/*-------------------------------------------------------------------------
 *
 * dbext.h
 *	  rdr-failover's session on the rhevm database: connect with a pinned
 *	  search_path, check the rdr extension and find its schema and the
 *	  engine's, count the other sessions, and log a failed statement the
 *	  one way (three parts, SQLSTATE, CHAP passwords masked).
 *
 * Only the SQL interface of the extension is used (design.md), always
 * with bound parameters.  The storage domains are read by dbdomains.h,
 * the storage transaction is dbfix.h's.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DBEXT_H
#define RDR_DBEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "config.h"

/*
 * rdr_db_connect: a connection to the configured rhevm database, made
 * the libpq way (dbconn.h: the DB lines override libpq's environment),
 * application_name "rdr-failover" unless PGAPPNAME says otherwise.  NULL
 * after logging host, port and database on failure.
 */
extern PGconn *rdr_db_connect(const RdrConfig *cfg);

/*
 * rdr_db_read_engine_tables: put the engine's schema (the one schema
 * holding storage_domain_static, as the extension finds it) behind
 * pg_catalog on conn's search_path, for the read-only checks that name
 * the engine's tables; rdr_db_connect's pinned path is put back by
 * rdr_db_pin_search_path.  Both log and return false on failure.
 */
extern bool rdr_db_read_engine_tables(PGconn *conn);
extern bool rdr_db_pin_search_path(PGconn *conn);

/*
 * rdr_db_check_extension: the rdr extension is installed in the database
 * in the version this program was built for (RDR_VERSION); else logs
 * what to do.
 */
extern bool rdr_db_check_extension(PGconn *conn);

/*
 * rdr_db_ext_schema: the extension's schema, quoted for SQL text, looked
 * up on first use; NULL (logged) when it is not installed.
 */
extern const char *rdr_db_ext_schema(PGconn *conn);

/*
 * rdr_db_other_sessions: how many other client sessions are connected to
 * the database (-1 on error); a description of them goes to who (may be
 * NULL), for messages.
 */
extern int	rdr_db_other_sessions(PGconn *conn, char *who, size_t whosize);

/*
 * rdr_db_simple: run a statement without parameters or rows (BEGIN,
 * COMMIT...); on failure false with its result in *resp (to PQclear).
 */
extern bool rdr_db_simple(PGconn *conn, const char *sql, PGresult **resp);

/*
 * rdr_db_log_error: log a failed statement (res, NULL when the connection
 * broke without one) in three parts with its SQLSTATE, what saying what
 * it was for; with secrets, every CHAP password of that configuration is
 * masked in the server's text.
 */
extern void rdr_db_log_error(PGconn *conn, const PGresult *res, const char *what,
							 const RdrConfig *secrets);

#endif							/* RDR_DBEXT_H */
