/*-------------------------------------------------------------------------
 *
 * fix_nfs.c
 *	  rdr_fix_nfs(domain, connection): re-point an NFS storage domain.
 *
 * An NFS domain (data, export or ISO) reaches its export through the
 * storage_server_connections row whose id is the domain's "storage"
 * column; only its connection column ("server:/path") changes (seed
 * 7.3.4.1, 7.3.5, 7.3.6).  Everything else of the row is kept.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "catalog.h"
#include "change_log.h"
#include "domains.h"
#include "guard.h"
#include "rdr.h"
#include "spi_util.h"
#include "validate.h"

PG_FUNCTION_INFO_V1(rdr_fix_nfs);

/*
 * rdr_fix_nfs: set the connection of NFS domain "domain" to "connection".
 * Returns the changed row (none when it already pointed there).
 */
Datum
rdr_fix_nfs(PG_FUNCTION_ARGS)
{
	/* $2 is never NULL: the connection changes unless it is equal */
	static const char *update =
	"UPDATE %1$s AS t SET connection = $2 "
	"FROM (SELECT o.ctid, pg_catalog.to_jsonb(o) AS j "
	"      FROM %1$s o WHERE o.id " RDR_EQ " $1) b "
	"WHERE t.ctid " RDR_EQ " b.ctid "
	"  AND (t.connection IS NULL OR t.connection " RDR_NE " $2) "
	"RETURNING b.j AS before, pg_catalog.to_jsonb(t) AS after";
	static const char *exists =
	"SELECT 1 FROM %s WHERE id " RDR_EQ " $1";
	RdrCall		call;
	RdrDomain	domain;
	char	   *ident;
	char	   *connection;
	Oid			ssc;
	Oid			sds;
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];

	/* arguments first: a bad value must not depend on the database state */
	rdr_check_version(fcinfo->flinfo->fn_oid);
	ident = rdr_arg_text(fcinfo, 0, "domain", true);
	connection = rdr_arg_text(fcinfo, 1, "connection", true);
	rdr_check_nfs_path(connection);
	sds = rdr_engine_table("storage_domain_static");
	ssc = rdr_engine_table("storage_server_connections");
	rdr_check_length("domain", ident, sds, "storage_domain_static", "storage_name");
	rdr_check_length("connection", connection, ssc,
					 "storage_server_connections", "connection");

	rdr_call_begin(fcinfo, &call);
	rdr_guard_check();
	rdr_spi_connect();

	rdr_domain_lookup(ident, &domain);
	rdr_domain_require_type(&domain, RDR_STORAGE_NFS);

	values[0] = CStringGetTextDatum(domain.storage);
	values[1] = CStringGetTextDatum(connection);
	if (rdr_logged_exec(&call, psprintf(update, rdr_qualified_name(ssc)), ssc,
						"UPDATE", 0, 2, types, values, NULL) == 0 &&
		rdr_spi_exec(psprintf(exists, rdr_qualified_name(ssc)), 1, types, values,
					 NULL, SPI_OK_SELECT) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("storage server connection \"%s\" of storage domain \"%s\" does not exist",
						domain.storage, domain.name),
				 errdetail("storage_domain_static.storage of the domain names no row of storage_server_connections."),
				 errhint("The engine database is inconsistent; restore it from the backup taken before the failover.")));

	rdr_spi_finish();
	return (Datum) 0;
}
