/*-------------------------------------------------------------------------
 *
 * domains.c
 *	  Find storage domains by name or id; rdr_domains() and
 *	  rdr_domain_luns(), which tell the driver what there is to re-point.
 *
 * In the engine database a storage domain is a row of
 * storage_domain_static.  Its "storage" column is the id of its
 * storage_server_connections row for file domains (NFS) and the LVM
 * volume group id for block domains (iSCSI, FCP), whose LUNs are the
 * luns rows of that volume group; iSCSI LUNs reach their target through
 * lun_storage_server_connection_map.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/uuid.h"

#include "catalog.h"
#include "change_log.h"
#include "domains.h"
#include "lookup_cache.h"
#include "rdr.h"
#include "spi_util.h"
#include "validate.h"

PG_FUNCTION_INFO_V1(rdr_domains);
PG_FUNCTION_INFO_V1(rdr_domain_luns);

/*
 * rdr_storage_type_name: the word the seed's configuration file uses for
 * an engine storage type (Storage_Domain NAME nfs|iscsi|fibre ...).
 */
const char *
rdr_storage_type_name(int type)
{
	switch (type)
	{
		case 0:
			return "unknown";
		case RDR_STORAGE_NFS:
			return "nfs";
		case RDR_STORAGE_FCP:
			return "fibre";
		case RDR_STORAGE_ISCSI:
			return "iscsi";
		case 4:
			return "localfs";
		case 6:
			return "posixfs";
		case 7:
			return "glusterfs";
		default:
			return "other";
	}
}

/*
 * is_uuid: whether ident is the text of a uuid, so that a domain can be
 * looked up by id through the primary key.
 */
static bool
is_uuid(const char *ident)
{
	const char *p;
	int			hex = 0;

	for (p = ident; *p; p++)
	{
		if (isxdigit((unsigned char) *p))
			hex++;
		else if (*p != '-')
			return false;
	}
	return hex == 32 && strlen(ident) == 36;
}

/*
 * rdr_domain_lookup: the storage domain whose name or id is ident.
 * ERROR 42704 when there is none, 21000 when the name is shared by
 * several domains (the engine does not forbid it; the id is unique).
 * Must run inside SPI; the strings returned live until rdr_spi_finish().
 */
void
rdr_domain_lookup(const char *ident, RdrDomain *domain)
{
	Oid			sds = rdr_engine_table("storage_domain_static");
	char	   *query = psprintf("SELECT id::pg_catalog.text, storage_name::pg_catalog.text, "
								 "  storage::pg_catalog.text, storage_type "
								 "FROM %s "
								 "WHERE storage_name " RDR_EQ " $1 OR id " RDR_EQ " $2 "
								 "ORDER BY id LIMIT 3",
								 rdr_qualified_name(sds));
	Oid			types[2] = {TEXTOID, UUIDOID};
	Datum		values[2];
	char		nulls[2] = {' ', 'n'};
	const char *id = NULL;
	RdrDomainRow row;
	int			n;
	int64		type = 0;

	values[0] = CStringGetTextDatum(ident);
	values[1] = (Datum) 0;
	if (is_uuid(ident))
	{
		values[1] = DirectFunctionCall1(uuid_in, CStringGetDatum(ident));
		nulls[1] = ' ';
		id = DatumGetCString(DirectFunctionCall1(uuid_out, values[1]));
	}

	if (!rdr_cache_find_domain(sds, ident, id, &n, &row))
	{
		n = (int) rdr_spi_exec(query, 2, types, values, nulls, SPI_OK_SELECT);
		if (n == 1)
		{
			row.id = rdr_spi_getstr(0, 1);
			row.name = rdr_spi_getstr(0, 2);
			row.storage = rdr_spi_getstr(0, 3);
			(void) rdr_spi_getint(0, 4, &type);
			row.storage_type = (int) type;
		}
	}

	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("storage domain \"%s\" does not exist", ident),
				 errdetail("No row of storage_domain_static has this storage_name or id."),
				 errhint("Call rdr_domains() to list the storage domains of this database.")));
	if (n > 1)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("storage domain name \"%s\" is ambiguous", ident),
				 errdetail("More than one storage domain is named or identified so."),
				 errhint("Pass the storage domain's id (rdr_domains().id) instead of its name.")));

	domain->id = row.id;
	domain->name = row.name;
	domain->storage = row.storage;
	domain->storage_type = row.storage_type;
}

/*
 * rdr_domain_require_type: ERROR 42809 unless domain is of storage type
 * type (calling rdr_fix_nfs on an iSCSI domain, ...).
 */
void
rdr_domain_require_type(const RdrDomain *domain, int type)
{
	const char *fn;

	if (domain->storage_type == type)
		return;

	switch (domain->storage_type)
	{
		case RDR_STORAGE_NFS:
			fn = "rdr_fix_nfs()";
			break;
		case RDR_STORAGE_FCP:
			fn = "rdr_fix_fibre()";
			break;
		case RDR_STORAGE_ISCSI:
			fn = "rdr_fix_iscsi()";
			break;
		default:
			fn = NULL;
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_WRONG_OBJECT_TYPE),
			 errmsg("storage domain \"%s\" is not of storage type %s",
					domain->name, rdr_storage_type_name(type)),
			 errdetail("Its storage type is %s (%d).",
					   rdr_storage_type_name(domain->storage_type),
					   domain->storage_type),
			 fn ? errhint("Use %s for this domain.", fn) :
			 errhint("rdr re-points nfs, iscsi and fibre domains only.")));
}

/*
 * rdr_domains: one row per storage domain, ordered by name and id:
 * id, name, storage_type (nfs|iscsi|fibre|...), domain_type
 * (master|data|iso|export|...), connection, lun_ids.
 *
 * connection is the NFS "server:/path"; for iSCSI, the targets of its
 * LUNs in iscsiadm's discovery format "address:port,portal iqn" (several
 * joined by "; "); NULL for fibre.  lun_ids lists the luns of block
 * domains, NULL for file domains.
 */
Datum
rdr_domains(PG_FUNCTION_ARGS)
{
	/*
	 * Set-based on purpose: neither luns.volume_group_id nor the map has an
	 * index on the columns joined here, so correlated subqueries per domain
	 * would scan luns once per domain.
	 */
	static const char *query =
	"WITH l AS (SELECT volume_group_id AS vg, "
	"                  pg_catalog.array_agg(lun_id::pg_catalog.text ORDER BY lun_id) AS ids "
	"           FROM %1$s GROUP BY volume_group_id), "
	"t AS (SELECT l.volume_group_id AS vg, "
	"         pg_catalog.string_agg(DISTINCT c.connection " RDR_CAT " ':' " RDR_CAT
	"           coalesce(c.port, '') " RDR_CAT " ',' " RDR_CAT " coalesce(c.portal, '') "
	"           " RDR_CAT " ' ' " RDR_CAT " coalesce(c.iqn, ''), '; ') AS targets "
	"      FROM %1$s l "
	"      JOIN %2$s m ON m.lun_id " RDR_EQ " l.lun_id "
	"      JOIN %3$s c ON c.id " RDR_EQ " m.storage_server_connection "
	"      GROUP BY l.volume_group_id) "
	"SELECT d.id, d.storage_name::pg_catalog.text, "
	"  CASE WHEN d.storage_type " RDR_EQ " 0 THEN 'unknown' "
	"    WHEN d.storage_type " RDR_EQ " 1 THEN 'nfs' "
	"    WHEN d.storage_type " RDR_EQ " 2 THEN 'fibre' "
	"    WHEN d.storage_type " RDR_EQ " 3 THEN 'iscsi' "
	"    WHEN d.storage_type " RDR_EQ " 4 THEN 'localfs' "
	"    WHEN d.storage_type " RDR_EQ " 6 THEN 'posixfs' "
	"    WHEN d.storage_type " RDR_EQ " 7 THEN 'glusterfs' ELSE 'other' END, "
	"  CASE WHEN d.storage_domain_type " RDR_EQ " 0 THEN 'master' "
	"    WHEN d.storage_domain_type " RDR_EQ " 1 THEN 'data' "
	"    WHEN d.storage_domain_type " RDR_EQ " 2 THEN 'iso' "
	"    WHEN d.storage_domain_type " RDR_EQ " 3 THEN 'export' "
	"    WHEN d.storage_domain_type " RDR_EQ " 4 THEN 'image' "
	"    WHEN d.storage_domain_type " RDR_EQ " 5 THEN 'volume' ELSE 'unknown' END, "
	"  CASE WHEN d.storage_type " RDR_EQ " 3 THEN t.targets "
	"       WHEN d.storage_type " RDR_EQ " 2 THEN NULL "
	"       ELSE c.connection::pg_catalog.text END, "
	"  CASE WHEN d.storage_type " RDR_EQ " 2 OR d.storage_type " RDR_EQ " 3 "
	"       THEN coalesce(l.ids, '{}') END "
	"FROM %4$s d "
	"LEFT JOIN l ON l.vg " RDR_EQ " d.storage "
	"LEFT JOIN t ON t.vg " RDR_EQ " d.storage "
	"LEFT JOIN %3$s c ON c.id " RDR_EQ " d.storage "
	"ORDER BY d.storage_name, d.id";
	RdrCall		call;
	uint64		n;
	char	   *sds;
	char	   *ssc;
	char	   *luns;
	char	   *map;

	rdr_call_begin(fcinfo, &call);
	rdr_spi_connect();
	sds = rdr_qualified_name(rdr_engine_table("storage_domain_static"));
	ssc = rdr_qualified_name(rdr_engine_table("storage_server_connections"));
	luns = rdr_qualified_name(rdr_engine_table("luns"));
	map = rdr_qualified_name(rdr_engine_table("lun_storage_server_connection_map"));
	n = rdr_spi_exec(psprintf(query, luns, map, ssc, sds), 0, NULL, NULL, NULL,
					 SPI_OK_SELECT);
	rdr_collect(&call, n);
	rdr_spi_finish();
	return (Datum) 0;
}

/*
 * rdr_domain_luns: the LUNs of a block storage domain with what the
 * driver needs to match them with what it probes at site B: lun_id,
 * physical_volume_id (the LVM PV UUID, which LUN mirroring keeps), serial,
 * lun_mapping, vendor_id, product_id, device_size.  It hides the RHEV 3.0
 * spelling "phisical_volume_id".  No rows for a file domain.
 */
Datum
rdr_domain_luns(PG_FUNCTION_ARGS)
{
	RdrCall		call;
	RdrDomain	domain;
	char	   *ident;
	Oid			luns;
	const char *pvcol;
	StringInfoData q;
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	uint64		n;

	rdr_check_version(fcinfo->flinfo->fn_oid);
	ident = rdr_arg_text(fcinfo, 0, "domain", true);
	rdr_call_begin(fcinfo, &call);
	rdr_spi_connect();
	luns = rdr_engine_table("luns");
	rdr_domain_lookup(ident, &domain);

	pvcol = rdr_luns_pv_column(luns);
	initStringInfo(&q);
	n = 0;
	if (domain.storage_type == RDR_STORAGE_FCP ||
		domain.storage_type == RDR_STORAGE_ISCSI)
	{
		int			nids;
		char	  **ids;

		if (rdr_cache_lun_ids(luns, pvcol, domain.storage, &nids, &ids))
		{
			/* by primary key: the LUNs the cache knows for the VG */
			Datum	   *d = palloc(sizeof(Datum) * (nids > 0 ? nids : 1));
			int			i;

			for (i = 0; i < nids; i++)
				d[i] = CStringGetTextDatum(ids[i]);
			values[0] = PointerGetDatum(construct_array(d, nids, TEXTOID, -1, false, TYPALIGN_INT));
			types[0] = TEXTARRAYOID;
			appendStringInfo(&q, "SELECT lun_id::pg_catalog.text, %s::pg_catalog.text, "
							 "serial::pg_catalog.text, lun_mapping::pg_catalog.int4, "
							 "vendor_id::pg_catalog.text, product_id::pg_catalog.text, "
							 "device_size::pg_catalog.int8 FROM %s "
							 "WHERE lun_id " RDR_EQ " ANY ($1) ORDER BY lun_id",
							 quote_identifier(pvcol), rdr_qualified_name(luns));
		}
		else
		{
			values[0] = CStringGetTextDatum(domain.storage);
			appendStringInfo(&q, "SELECT lun_id::pg_catalog.text, %s::pg_catalog.text, "
							 "serial::pg_catalog.text, lun_mapping::pg_catalog.int4, "
							 "vendor_id::pg_catalog.text, product_id::pg_catalog.text, "
							 "device_size::pg_catalog.int8 FROM %s "
							 "WHERE volume_group_id " RDR_EQ " $1 ORDER BY lun_id",
							 quote_identifier(pvcol), rdr_qualified_name(luns));
		}
		n = rdr_spi_exec(q.data, 1, types, values, NULL, SPI_OK_SELECT);
	}
	rdr_collect(&call, n);
	rdr_spi_finish();
	return (Datum) 0;
}
