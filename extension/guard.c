/*-------------------------------------------------------------------------
 *
 * guard.c
 *	  Refuse to change the engine database while others are connected.
 *
 * A running RHEV-M engine caches the storage rows in memory and writes
 * them back: re-pointing them under it is lost or, worse, half-lost.  So
 * every rdr function that changes rows first checks that no other client
 * session is connected to the current database, and fails with SQLSTATE
 * 55006 (object_in_use) otherwise, like DROP DATABASE does.  Background
 * processes (autovacuum, walsender, parallel workers of this very
 * backend) do not count: only "client backend" entries.
 *
 * SET rdr.force = on skips the check.  The driver (rdr-failover) sets it
 * in one case: its --dry-run does SET LOCAL rdr.force = on inside the
 * storage transaction that it then rolls back, so the planned changes can
 * be shown while the engine is still running; nothing is written.  A real
 * run never sets it (rdr-failover has no option to force one): an engine
 * still connected fails it with 55006.
 *
 * The backend status array is the one pg_stat_activity shows.  pgstat
 * keeps a copy of it for the rest of the transaction once read; the guard
 * drops that copy first, so that every call of a long failover
 * transaction sees who is connected now (an engine started half-way
 * through must stop it), at the cost of copying a few hundred bytes per
 * backend.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/dbcommands.h"
#include "miscadmin.h"
#include "pgstat.h"

#include "guard.h"
#include "rdr.h"
#include "version_compat.h"

/*
 * rdr_guard_check: ERROR 55006 when another client session is connected
 * to this database and rdr.force is off.
 */
void
rdr_guard_check(void)
{
	int			nbackends;
	int			i;
	int			others = 0;
	int			first_pid = 0;
	const char *first_app = NULL;
	const char *dbname;

	if (rdr_force)
		return;

	pgstat_clear_snapshot();
	nbackends = pgstat_fetch_stat_numbackends();
	for (i = 1; i <= nbackends; i++)
	{
		LocalPgBackendStatus *local = rdr_local_beentry(i);
		PgBackendStatus *be;

		if (local == NULL)
			continue;
		be = &local->backendStatus;
		if (be->st_procpid == MyProcPid ||
			be->st_procpid <= 0 ||
			be->st_backendType != B_BACKEND ||
			be->st_databaseid != MyDatabaseId)
			continue;

		if (others == 0)
		{
			first_pid = be->st_procpid;
			first_app = be->st_appname;
		}
		others++;
	}

	if (others == 0)
		return;

	dbname = get_database_name(MyDatabaseId);
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_IN_USE),
			 errmsg("database \"%s\" is being accessed by other sessions",
					dbname ? dbname : "?"),
			 errdetail_plural("There is %d other session using the database "
							  "(process %d, application \"%s\").",
							  "There are %d other sessions using the database "
							  "(the first is process %d, application \"%s\").",
							  others, others, first_pid,
							  first_app ? first_app : ""),
			 errhint("Stop the engine (\"service jbossas stop\" or "
					 "\"systemctl stop ovirt-engine\") and retry, or "
					 "SET rdr.force = on if those sessions are known to be "
					 "harmless.")));
}
