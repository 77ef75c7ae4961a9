/*-------------------------------------------------------------------------
 *
 * db_sessions.h
 *	  The other client sessions of the engine database, and which local
 *	  process holds each one.
 *
 * On oVirt 4.x the engine is not the only client of its database: the
 * Data Warehouse daemon (ovirt-engine-dwhd) always is one, and stopping
 * the engine does not stop it.  Both connect through PgJDBC as the same
 * role ("engine") and neither sets ApplicationName, so both show
 * application_name "PostgreSQL JDBC Driver" (ovirt-engine's
 * packaging/services/ovirt-engine/ovirt-engine.conf.in and ovirt-dwh's
 * packaging/services/ovirt-engine-dwhd/ovirt-engine-dwhd.conf.in:
 * ENGINE_DB_USER="engine", ENGINE_DB_URL without ApplicationName): the
 * database alone cannot tell them apart.  The process holding the
 * session's TCP connection can, when the client is on this machine (the
 * usual all-in-one manager): it is found through /proc/net/tcp and the
 * processes' open sockets, and named with its parent.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_DB_SESSIONS_H
#define RDR_DB_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#define RDR_DB_SESSIONS_MAX 64

/* One other client session, as pg_stat_activity shows it. */
typedef struct RdrDbSession
{
	int			pid;			/* the backend's */
	char		user[64];
	char		app[128];		/* application_name, "" if none */
	char		client[64];		/* client address, "" for the local socket or
								 * hidden */
	int			client_port;	/* -1 for the local socket or hidden */
	int			server_port;
} RdrDbSession;

/*
 * rdr_db_sessions: the other client sessions of conn's database (at most
 * max); their number, or -1 after logging an error.
 */
extern int	rdr_db_sessions(PGconn *conn, RdrDbSession *out, int max);

/*
 * rdr_session_holder: "process PID (COMM), child of PID (COMM)..." for
 * the local process whose TCP socket is the session's client end, and its
 * parents; "" when the client is not on this machine, uses the local
 * socket, or cannot be seen.  *dwh: the holder or a parent is a Data
 * Warehouse ("dwh" in its command line).
 */
extern void rdr_session_holder(const RdrDbSession *s, char *buf, size_t size,
							   bool *dwh);

/*
 * rdr_db_sessions_explain: log each session (pid, user, application,
 * client, holder) as details, and hints saying what to do about each
 * holder: a Data Warehouse (CONFIG dwh_stop), the engine, or another
 * client.
 */
extern void rdr_db_sessions_explain(const RdrDbSession *s, int n,
									const char *dwh_stop);

#endif							/* RDR_DB_SESSIONS_H */
