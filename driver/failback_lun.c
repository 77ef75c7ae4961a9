/*-------------------------------------------------------------------------
 *
 * failback_lun.c
 *	  rdr-failover --failback: direct-LUN disks created at site B (see
 *	  failback_lun.h).
 *
 * A direct-LUN disk is a VM disk that is a whole LUN, outside any storage
 * domain (oVirt 3.1 and later).  The engine's AddDiskCommand
 * (createDiskBasedOnLun) writes it in one transaction: the LUN's luns row
 * and, for iSCSI, its connection and map rows (LunHelper.proceedLUNInDb),
 * the disk (base_disks) and disk_lun_map (disk_id, lun_id).  Such a LUN
 * belongs to no volume group of a domain, so the failback's rdr_fix_*
 * calls, made per domain, never re-point it: created at site B, it would
 * stay on site B's array after the failback, unnoticed.
 *
 * It cannot be matched like a domain's LUN: its content is the guest's,
 * with no PV label rdr can rely on, and the failover's change log knows
 * nothing of it.  Until a mapping to its site-A mirror exists, the
 * failback refuses before any change, naming every such disk.  What is
 * found: a disk_lun_map LUN in no domain whose iSCSI connection is one of
 * the site-B targets the failover wrote (the "after" of its connection
 * rows).  A fibre direct LUN has no connection to tell the sites apart
 * and is not found.
 *
 *-------------------------------------------------------------------------
 */
#include "failback_lun.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

/* has_direct_luns: whether the schema has disk_lun_map; -1 on error. */
static int
has_direct_luns(PGconn *conn)
{
	PGresult   *res = PQexec(conn, "SELECT pg_catalog.to_regclass('public.disk_lun_map') IS NOT NULL");
	int			r;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not look for the direct-LUN disks' table: %s", PQerrorMessage(conn));
		PQclear(res);
		return -1;
	}
	r = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return r;
}

bool
rdr_failback_direct_luns(PGconn *conn, const char *schema, long long run)
{
	char		sql[2048];
	char		arg[32];
	const char *v[1] = {arg};
	PGresult   *res;
	int			n;

	switch (has_direct_luns(conn))
	{
		case -1:
			return false;
		case 0:
			return true;
	}
	snprintf(arg, sizeof(arg), "%lld", run);
	snprintf(sql, sizeof(sql),
			 "SELECT d.disk_id::pg_catalog.text, l.lun_id, c.connection, c.iqn "
			 "FROM public.disk_lun_map d "
			 "JOIN public.luns l ON l.lun_id OPERATOR(pg_catalog.=) d.lun_id "
			 "JOIN public.lun_storage_server_connection_map m ON m.lun_id OPERATOR(pg_catalog.=) l.lun_id "
			 "JOIN public.storage_server_connections c ON c.id OPERATOR(pg_catalog.=) m.storage_server_connection "
			 "WHERE NOT EXISTS (SELECT FROM public.storage_domain_static s "
			 "  WHERE s.storage OPERATOR(pg_catalog.=) l.volume_group_id) "
			 "AND EXISTS (SELECT FROM %s.rdr_change_log x WHERE x.run OPERATOR(pg_catalog.=) $1::pg_catalog.int8 "
			 "  AND x.undo_of IS NULL AND x.table_name OPERATOR(pg_catalog.=) 'storage_server_connections' "
			 "  AND x.after->>'connection' OPERATOR(pg_catalog.=) c.connection "
			 "  AND x.after->>'iqn' IS NOT DISTINCT FROM c.iqn) "
			 "ORDER BY 1, 2", schema);
	res = PQexecParams(conn, sql, 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_error("could not read the direct-LUN disks: %s",
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) ?
					  PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(conn));
		PQclear(res);
		return false;
	}
	n = PQntuples(res);
	for (int i = 0; i < n; i++)
	{
		rdr_log_error("direct-LUN disk %s uses LUN \"%s\" on site B's iSCSI target %s %s: a failback does not re-point direct-LUN disks",
					  PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
					  PQgetvalue(res, i, 3));
		rdr_log_detail("The disk is outside every storage domain (disk_lun_map), created at site B after run %lld; left as it is, it would stay on site B's array after the failback.",
					   run);
		rdr_log_hint("Detach and remove the disk at site B (the LUN's data stays on the array), fail back, then add it again from its site-A mirror LUN.");
	}
	PQclear(res);
	return n == 0;
}
