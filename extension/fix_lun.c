/*-------------------------------------------------------------------------
 *
 * fix_lun.c
 *	  rdr_fix_fibre() and rdr_fix_iscsi(): give a block storage domain's
 *	  LUN its site-B SCSI identity, and an iSCSI LUN its site-B target.
 *
 * LUN mirroring keeps the LVM physical volume and volume group (so
 * physical_volume_id, volume_group_id and device_size stay), but the
 * site-B array presents the copy under another SCSI identity: lun_id (page
 * 0x83), serial, vendor_id, product_id (page 0x80) and the LUN number
 * lun_mapping (seed 7.3.4.2 and 7.3.4.3).
 *
 * lun_id is the primary key of luns and other tables reference it without
 * ON UPDATE CASCADE, so a new lun_id is applied the way the seed does it
 * by hand: insert a copy of the old row with the new identity (INSERT ...
 * SELECT, so columns rdr does not know survive), re-point every row that
 * references the old lun_id (found through pg_constraint: the connection
 * map, and disk_lun_map in oVirt), then delete the old row.  When lun_id
 * does not change, the row is updated in place.  For iSCSI the LUN's
 * storage_server_connections row then gets the site-B address, iqn, port
 * and portal.  All of it happens in the caller's transaction: an error
 * anywhere leaves every row as it was.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "catalog.h"
#include "change_log.h"
#include "domains.h"
#include "guard.h"
#include "lookup_cache.h"
#include "rdr.h"
#include "spi_util.h"
#include "validate.h"
#include "version_compat.h"

PG_FUNCTION_INFO_V1(rdr_fix_fibre);
PG_FUNCTION_INFO_V1(rdr_fix_iscsi);
PG_FUNCTION_INFO_V1(rdr_fix_direct_lun);
PG_FUNCTION_INFO_V1(rdr_fix_direct_fibre_lun);

/* The site-B identity of a LUN, and for iSCSI its target. */
typedef struct LunArgs
{
	char	   *domain;
	char	   *lun_id;
	char	   *serial;
	int32		lun_mapping;
	char	   *vendor_id;
	char	   *product_id;
	char	   *pv;				/* physical_volume_id, or NULL */
	/* iSCSI only */
	char	   *connection;
	char	   *iqn;
	int32		port;
	char	   *portal;
	char	   *user_name;		/* NULL: keep */
	char	   *password;		/* NULL: keep; never printed */
	bool		clear_chap;		/* user_name '': no CHAP, both set NULL */
} LunArgs;

/*
 * check_lengths: every value must fit its column (widths differ
 * between RHEV 3.0 and oVirt, so they come from the catalog).
 */
static void
check_lengths(const LunArgs *a, bool iscsi, Oid sds, Oid luns, Oid ssc)
{
	rdr_check_length("domain", a->domain, sds, "storage_domain_static", "storage_name");
	rdr_check_length("lun_id", a->lun_id, luns, "luns", "lun_id");
	rdr_check_length("serial", a->serial, luns, "luns", "serial");
	rdr_check_length("vendor_id", a->vendor_id, luns, "luns", "vendor_id");
	rdr_check_length("product_id", a->product_id, luns, "luns", "product_id");
	rdr_check_length("physical_volume_id", a->pv, luns, "luns",
					 rdr_luns_pv_column(luns));
	if (!iscsi)
		return;
	rdr_check_length("connection", a->connection, ssc, "storage_server_connections", "connection");
	rdr_check_length("iqn", a->iqn, ssc, "storage_server_connections", "iqn");
	rdr_check_length("portal", a->portal, ssc, "storage_server_connections", "portal");
	rdr_check_length("user_name", a->user_name, ssc, "storage_server_connections", "user_name");
	/* the value is not shown: it is a password */
	if (a->password && rdr_column_maxlen(ssc, "password") >= 0 &&
		pg_mbstrlen(a->password) > rdr_column_maxlen(ssc, "password"))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value of parameter \"password\" is too long"),
				 errdetail("Column storage_server_connections.password holds at most %d characters.",
						   rdr_column_maxlen(ssc, "password"))));
}

/*
 * find_old_lun: the lun_id of the domain's LUN to re-point: the only one,
 * or the one of physical volume a->pv.  ERROR 42704 when there is none,
 * 21000 when the choice is ambiguous.
 */
static char *
find_old_lun(const LunArgs *a, const RdrDomain *d, Oid luns)
{
	StringInfoData q;
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	char		nulls[2] = {' ', ' '};
	int64		total = 0;
	uint64		n;
	RdrLunMatch match;
	bool		cached;

	cached = rdr_cache_find_lun(luns, rdr_luns_pv_column(luns), d->storage,
								a->pv, &match);
	if (cached)
	{
		n = match.count > 0 ? 1 : 0;
		total = match.count;
	}
	else
	{
		initStringInfo(&q);
		appendStringInfo(&q,
						 "SELECT l.lun_id::pg_catalog.text, pg_catalog.count(*) OVER () "
						 "FROM %s l "
						 "WHERE l.volume_group_id " RDR_EQ " $1 "
						 "  AND ($2::pg_catalog.text IS NULL OR l.%s " RDR_EQ " $2) "
						 "ORDER BY l.lun_id LIMIT 1",
						 rdr_qualified_name(luns),
						 quote_identifier(rdr_luns_pv_column(luns)));
		values[0] = CStringGetTextDatum(d->storage);
		values[1] = a->pv ? CStringGetTextDatum(a->pv) : (Datum) 0;
		nulls[1] = a->pv ? ' ' : 'n';
		n = rdr_spi_exec(q.data, 2, types, values, nulls, SPI_OK_SELECT);
		if (n > 0)
			(void) rdr_spi_getint(0, 2, &total);
	}

	if (n == 0 && a->pv)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("physical volume \"%s\" is not in storage domain \"%s\"",
						a->pv, d->name),
				 errdetail("No LUN of volume group %s has this physical_volume_id.",
						   d->storage),
				 errhint("Call rdr_domain_luns('%s') to list the LUNs of the domain.",
						 d->name)));
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("storage domain \"%s\" has no LUN", d->name),
				 errdetail("No row of luns has volume_group_id %s.", d->storage),
				 errhint("The engine database is inconsistent; restore it from the backup taken before the failover.")));
	if (total > 1)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 a->pv ?
				 errmsg("physical volume \"%s\" is on %lld LUNs of storage domain \"%s\"",
						a->pv, (long long) total, d->name) :
				 errmsg("storage domain \"%s\" has %lld LUNs", d->name,
						(long long) total),
				 errdetail("rdr re-points one LUN per call and cannot tell which one is meant."),
				 errhint("Pass physical_volume_id to pick the LUN; rdr_domain_luns('%s') lists them.",
						 d->name)));
	return cached ? pstrdup(match.lun_id) : rdr_spi_getstr(0, 1);
}

/*
 * Parameters of the re-point statements: $1 the old lun_id, $2..$6 the
 * new identity, $7..$12 the iSCSI target, $13 the lun_id the connection
 * map holds when the connection is updated.  Every statement is prepared
 * with all of them, used or not, so they share one parameter list.
 */
#define REPOINT_NARGS 13

/*
 * RepointSql: the statements of a re-point for this schema, made by
 * rdr_change_sql() and kept for the transaction (they depend only on the
 * catalogs; a failover runs them once per LUN).
 */
typedef struct RepointSql
{
	char	   *luns_label;
	char	   *ssc_label;
	char	   *insert;			/* copy of the old row, new identity */
	int			nrefs;
	RdrLunRef  *refs;
	char	  **ref_label;
	char	  **ref_update;		/* per reference: re-point to the copy */
	int			map_ref;		/* the connection map among refs, or -1 */
	char	   *delete;			/* the old row */
	char	   *update;			/* in place, when lun_id stays */
	char	   *connection;		/* the iSCSI target */
	char	   *count;			/* connection map rows of a LUN */
	char	   *owner;			/* volume group of a LUN */
} RepointSql;

/*
 * repoint_sql: the statements for luns and storage_server_connections
 * (ssc, InvalidOid for fibre), built on the first call of a transaction.
 * The tables are filled in schema-qualified: luns, or for the connection
 * storage_server_connections and the connection map.
 */
static const RepointSql *
repoint_sql(Oid luns, Oid ssc)
{
	static const char *insert =
	"INSERT INTO %1$s AS t "
	"SELECT r.* FROM %1$s o, LATERAL pg_catalog.jsonb_populate_record(o, "
	"  pg_catalog.jsonb_build_object('lun_id', $2::pg_catalog.text, "
	"    'serial', $3::pg_catalog.text, 'lun_mapping', $4::pg_catalog.int4, "
	"    'vendor_id', $5::pg_catalog.text, 'product_id', $6::pg_catalog.text)) r "
	"WHERE o.lun_id " RDR_EQ " $1 "
	"ON CONFLICT DO NOTHING "
	"RETURNING NULL::pg_catalog.jsonb AS before, pg_catalog.to_jsonb(t) AS after";
	static const char *delete =
	"DELETE FROM %1$s AS t WHERE t.lun_id " RDR_EQ " $1 "
	"RETURNING pg_catalog.to_jsonb(t) AS before, NULL::pg_catalog.jsonb AS after";

	/*
	 * $3..$6 are never NULL: the row changes unless every column is equal to
	 * its new value (a NULL column is not).
	 */
	static const char *update =
	"UPDATE %1$s AS t SET serial = $3, lun_mapping = $4, "
	"  vendor_id = $5, product_id = $6 "
	"FROM (SELECT o.ctid, pg_catalog.to_jsonb(o) AS j FROM %1$s o "
	"      WHERE o.lun_id " RDR_EQ " $1) b "
	"WHERE t.ctid " RDR_EQ " b.ctid AND NOT coalesce("
	"  t.serial " RDR_EQ " $3 AND t.lun_mapping " RDR_EQ " $4 AND "
	"  t.vendor_id " RDR_EQ " $5 AND t.product_id " RDR_EQ " $6, false) "
	"RETURNING b.j AS before, pg_catalog.to_jsonb(t) AS after";

	/*
	 * The map's key is unique, so the join finds each connection once.
	 * $7..$10 are never NULL; $11 and $12 (CHAP) are NULL to keep the current
	 * credentials, and $11 '' removes them (a site-B target that needs no
	 * CHAP: the site-A credentials must not stay on the row).
	 */
	static const char *connection =
	"UPDATE %1$s AS t SET connection = $7, iqn = $8, port = $9, portal = $10, "
	"  user_name = CASE WHEN $11 " RDR_EQ " '' THEN NULL ELSE coalesce($11, t.user_name) END, "
	"  password = CASE WHEN $11 " RDR_EQ " '' THEN NULL ELSE coalesce($12, t.password) END "
	"FROM (SELECT o.ctid, pg_catalog.to_jsonb(o) AS j FROM %1$s o "
	"      JOIN %2$s m ON m.storage_server_connection " RDR_EQ " o.id "
	"      WHERE m.lun_id " RDR_EQ " $13) b "
	"WHERE t.ctid " RDR_EQ " b.ctid AND NOT coalesce("
	"  t.connection " RDR_EQ " $7 AND t.iqn " RDR_EQ " $8 AND "
	"  t.port " RDR_EQ " $9 AND t.portal " RDR_EQ " $10 AND "
	"  ($11 IS NULL OR CASE WHEN $11 " RDR_EQ " '' "
	"    THEN t.user_name IS NULL AND t.password IS NULL "
	"    ELSE t.user_name " RDR_EQ " $11 END) AND "
	"  ($12 IS NULL OR t.password " RDR_EQ " $12), false) "
	"RETURNING b.j AS before, pg_catalog.to_jsonb(t) AS after";
	static const char *count =
	"SELECT pg_catalog.count(*) FROM %s WHERE lun_id " RDR_EQ " $1";
	static const char *owner =
	"SELECT volume_group_id::pg_catalog.text FROM %s WHERE lun_id " RDR_EQ " $1";

	/* [0] fibre, [1] iSCSI: a failover may alternate between them */
	static LocalTransactionId cached_lxid[2] = {InvalidLocalTransactionId, InvalidLocalTransactionId};
	static Oid	cached_luns[2] = {InvalidOid, InvalidOid};
	static Oid	cached_ssc[2] = {InvalidOid, InvalidOid};
	static RepointSql *cached[2] = {NULL, NULL};
	int			k = OidIsValid(ssc) ? 1 : 0;
	Oid			map;
	char	   *luns_q;
	char	   *map_q;
	RepointSql *r;
	RdrLunRef  *refs;
	int			nrefs;
	MemoryContext oldcxt;
	int			i;

	if (cached[k] != NULL && cached_lxid[k] == RDR_LXID &&
		cached_luns[k] == luns && cached_ssc[k] == ssc)
		return cached[k];

	/* outside the context: it runs SPI, whose results must not stay */
	nrefs = rdr_lun_references(luns, &refs);
	map = OidIsValid(ssc) ?
		rdr_engine_table("lun_storage_server_connection_map") : InvalidOid;

	oldcxt = MemoryContextSwitchTo(TopTransactionContext);
	luns_q = rdr_qualified_name(luns);
	r = palloc0(sizeof(RepointSql));
	r->luns_label = rdr_table_label(luns);
	r->insert = rdr_change_sql(luns, psprintf(insert, luns_q));
	r->nrefs = nrefs;
	r->refs = refs;
	r->ref_label = palloc(sizeof(char *) * (nrefs > 0 ? nrefs : 1));
	r->ref_update = palloc(sizeof(char *) * (nrefs > 0 ? nrefs : 1));
	r->map_ref = -1;

	/*
	 * lun_id is the key other tables reference (without ON UPDATE CASCADE):
	 * copy the row with the new identity, re-point every reference, delete
	 * the old row.
	 */
	for (i = 0; i < nrefs; i++)
	{
		r->ref_label[i] = rdr_table_label(refs[i].relid);
		if (refs[i].relid == map && strcmp(refs[i].column, "lun_id") == 0)
			r->map_ref = i;
		r->ref_update[i] =
			rdr_change_sql(refs[i].relid,
						   psprintf("UPDATE %1$s AS t SET %2$s = $2 "
									"FROM (SELECT o.ctid, pg_catalog.to_jsonb(o) AS j "
									"      FROM %1$s o WHERE o.%2$s " RDR_EQ " $1) b "
									"WHERE t.ctid " RDR_EQ " b.ctid "
									"RETURNING b.j AS before, pg_catalog.to_jsonb(t) AS after",
									refs[i].table, refs[i].column));
	}
	r->delete = rdr_change_sql(luns, psprintf(delete, luns_q));
	r->update = rdr_change_sql(luns, psprintf(update, luns_q));
	r->owner = psprintf(owner, luns_q);
	if (OidIsValid(ssc))
	{
		map_q = rdr_qualified_name(map);
		r->ssc_label = rdr_table_label(ssc);
		r->connection = rdr_change_sql(ssc, psprintf(connection, rdr_qualified_name(ssc), map_q));
		r->count = psprintf(count, map_q);
	}
	MemoryContextSwitchTo(oldcxt);

	cached[k] = r;
	cached_lxid[k] = RDR_LXID;
	cached_luns[k] = luns;
	cached_ssc[k] = ssc;
	return r;
}

/* owner: what the LUN belongs to, for messages (a direct LUN: no domain). */
static char *
owner(const RdrDomain *d)
{
	return d->id ? psprintf("storage domain \"%s\"", d->name) : pstrdup("a direct-LUN disk");
}

/*
 * count_connections: the number of connection map rows of LUN lun_id.
 */
static int64
count_connections(const RepointSql *sql, const char *lun_id)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	int64		n = 0;

	values[0] = CStringGetTextDatum(lun_id);
	if (rdr_spi_exec(sql->count, 1, types, values, NULL, SPI_OK_SELECT) != 1 ||
		!rdr_spi_getint(0, 1, &n))
		elog(ERROR, "count of connections returned no row");
	return n;
}

/*
 * check_connections: an iSCSI LUN is reached through exactly one storage
 * server connection (its target portal), the one rdr re-points; n is the
 * number of its connection map rows.
 */
static void
check_connections(const RdrDomain *d, const char *old_id, int64 n)
{
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("LUN \"%s\" of %s has no storage server connection",
						old_id, owner(d)),
				 errdetail("No row of lun_storage_server_connection_map has this lun_id."),
				 errhint("The engine database is inconsistent; restore it from the backup taken before the failover.")));
	if (n > 1)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("LUN \"%s\" of %s has several storage server connections",
						old_id, owner(d)),
				 errdetail("rdr re-points LUNs reached through one iSCSI target portal only."),
				 errhint("Remove the extra paths in the engine, or re-point them by hand.")));
}

/*
 * new_lun_taken: ERROR 23505, the new lun_id belongs to another LUN
 * (the copy of the old row was skipped by ON CONFLICT).
 */
static void
new_lun_taken(const RepointSql *sql, const LunArgs *a, const RdrDomain *d)
{
	Oid			t[1] = {TEXTOID};
	Datum		v[1];
	char	   *vg = NULL;

	v[0] = CStringGetTextDatum(a->lun_id);
	if (rdr_spi_exec(sql->owner, 1, t, v, NULL, SPI_OK_SELECT) > 0)
		vg = rdr_spi_getstr(0, 1);
	ereport(ERROR,
			(errcode(ERRCODE_UNIQUE_VIOLATION),
			 errmsg("LUN \"%s\" already exists", a->lun_id),
			 vg && vg[0] ? errdetail("It belongs to volume group %s.", vg) :
			 errdetail("It is in no volume group (a direct-LUN disk's, or unused)."),
			 errhint("Check which LUN of the other site mirrors %s.", owner(d))));
}

/*
 * repoint: give LUN old_id its new identity (and, for iSCSI, its
 * connection the new target), then log every row changed.  Any ERROR
 * aborts the caller's transaction, statements already run included.
 */
static void
repoint(RdrCall *call, const LunArgs *a, const RdrDomain *d, Oid luns,
		Oid ssc, bool iscsi, const char *old_id)
{
	Oid			types[REPOINT_NARGS] = {TEXTOID, TEXTOID, TEXTOID, INT4OID, TEXTOID,
	TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[REPOINT_NARGS];
	char		nulls[REPOINT_NARGS + 1];
	const RepointSql *sql = repoint_sql(luns, iscsi ? ssc : InvalidOid);
	bool		rekey = strcmp(old_id, a->lun_id) != 0;
	RdrChanges	ch;
	int			i;

	memset(nulls, 'n', REPOINT_NARGS);
	nulls[REPOINT_NARGS] = '\0';
	memset(values, 0, sizeof(values));
	values[0] = CStringGetTextDatum(old_id);
	values[1] = CStringGetTextDatum(a->lun_id);
	values[2] = CStringGetTextDatum(a->serial);
	values[3] = Int32GetDatum(a->lun_mapping);
	values[4] = CStringGetTextDatum(a->vendor_id);
	values[5] = CStringGetTextDatum(a->product_id);
	memset(nulls, ' ', 6);
	if (iscsi)
	{
		values[6] = CStringGetTextDatum(a->connection);
		values[7] = CStringGetTextDatum(a->iqn);
		values[8] = CStringGetTextDatum(psprintf("%d", a->port));
		values[9] = CStringGetTextDatum(a->portal);
		memset(nulls + 6, ' ', 4);
		if (a->user_name || a->clear_chap)
		{
			values[10] = CStringGetTextDatum(a->clear_chap ? "" : a->user_name);
			nulls[10] = ' ';
		}
		if (a->password)
		{
			values[11] = CStringGetTextDatum(a->password);
			nulls[11] = ' ';
		}

		/*
		 * When the map is re-pointed below, its rows are counted there; else
		 * now.  Either way before the connection is touched.
		 */
		if (!rekey || sql->map_ref < 0)
			check_connections(d, old_id, count_connections(sql, old_id));
		values[12] = rekey && sql->map_ref >= 0 ? values[1] : values[0];
		nulls[12] = ' ';
	}

	rdr_changes_init(&ch);
	if (rekey)
	{
		if (rdr_change_exec(&ch, sql->luns_label, "INSERT", sql->insert,
							REPOINT_NARGS, types, values, nulls) == 0)
			new_lun_taken(sql, a, d);
		for (i = 0; i < sql->nrefs; i++)
		{
			uint64		n = rdr_change_exec(&ch, sql->ref_label[i], "UPDATE",
											sql->ref_update[i], REPOINT_NARGS,
											types, values, nulls);

			if (iscsi && i == sql->map_ref)
				check_connections(d, old_id, (int64) n);
		}
		(void) rdr_change_exec(&ch, sql->luns_label, "DELETE", sql->delete,
							   REPOINT_NARGS, types, values, nulls);
	}
	else
		(void) rdr_change_exec(&ch, sql->luns_label, "UPDATE", sql->update,
							   REPOINT_NARGS, types, values, nulls);
	if (iscsi)
		(void) rdr_change_exec(&ch, sql->ssc_label, "UPDATE", sql->connection,
							   REPOINT_NARGS, types, values, nulls);
	(void) rdr_changes_log(call, &ch, 0);
}

/*
 * check_portal: the portal column holds the iSCSI target portal group
 * tag, a number from 0 to 65535 ("1" in the seed).
 */
static void
check_portal(const char *portal)
{
	const char *p;

	for (p = portal; *p; p++)
		if (!isdigit((unsigned char) *p))
			break;
	/* digits only, at most 5 of them: strtol cannot fail */
	if (*p != '\0' || p - portal > 5 || strtol(portal, NULL, 10) > 65535)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid portal \"%s\"", portal),
				 errdetail("The portal is the target portal group tag, a number from 0 to 65535."),
				 errhint("iscsiadm -m discovery prints it after the comma: 192.168.201.32:3260,1.")));
}

/*
 * fix_lun: the common body of rdr_fix_fibre and rdr_fix_iscsi.
 */
static Datum
fix_lun(FunctionCallInfo fcinfo, LunArgs *a, bool iscsi)
{
	RdrCall		call;
	RdrDomain	domain;
	char	   *old_id;
	Oid			sds;
	Oid			luns;
	Oid			ssc = InvalidOid;

	sds = rdr_engine_table("storage_domain_static");
	luns = rdr_engine_table("luns");
	if (iscsi)
	{
		ssc = rdr_engine_table("storage_server_connections");
		(void) rdr_engine_table("lun_storage_server_connection_map");
		check_portal(a->portal);
	}
	check_lengths(a, iscsi, sds, luns, ssc);

	rdr_call_begin(fcinfo, &call);
	rdr_guard_check();
	rdr_spi_connect();

	rdr_domain_lookup(a->domain, &domain);
	rdr_domain_require_type(&domain, iscsi ? RDR_STORAGE_ISCSI : RDR_STORAGE_FCP);
	old_id = find_old_lun(a, &domain, luns);
	repoint(&call, a, &domain, luns, ssc, iscsi, old_id);
	rdr_cache_lun_rekeyed(luns, domain.storage, old_id, a->lun_id);

	rdr_spi_finish();
	return (Datum) 0;
}

/*
 * rdr_fix_fibre(domain, lun_id, serial, lun_mapping, vendor_id,
 *				 product_id, physical_volume_id DEFAULT NULL)
 */
Datum
rdr_fix_fibre(PG_FUNCTION_ARGS)
{
	LunArgs		a;

	rdr_check_version(fcinfo->flinfo->fn_oid);
	memset(&a, 0, sizeof(a));
	a.domain = rdr_arg_text(fcinfo, 0, "domain", true);
	a.lun_id = rdr_arg_text(fcinfo, 1, "lun_id", true);
	a.serial = rdr_arg_text(fcinfo, 2, "serial", true);
	a.lun_mapping = rdr_arg_int(fcinfo, 3, "lun_mapping", 0, PG_INT32_MAX);
	a.vendor_id = rdr_arg_text(fcinfo, 4, "vendor_id", true);
	a.product_id = rdr_arg_text(fcinfo, 5, "product_id", true);
	a.pv = rdr_arg_text(fcinfo, 6, "physical_volume_id", false);
	return fix_lun(fcinfo, &a, false);
}

/* arg_empty: argument argno is '' (not NULL). */
static bool
arg_empty(FunctionCallInfo fcinfo, int argno)
{
	return !PG_ARGISNULL(argno) && VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(argno)) == 0;
}

/*
 * rdr_fix_iscsi(domain, connection, iqn, port, portal, lun_id, serial,
 *				 lun_mapping, vendor_id, product_id,
 *				 physical_volume_id DEFAULT NULL, user_name DEFAULT NULL,
 *				 password DEFAULT NULL)
 */
Datum
rdr_fix_iscsi(PG_FUNCTION_ARGS)
{
	LunArgs		a;

	rdr_check_version(fcinfo->flinfo->fn_oid);
	memset(&a, 0, sizeof(a));
	a.domain = rdr_arg_text(fcinfo, 0, "domain", true);
	a.connection = rdr_arg_text(fcinfo, 1, "connection", true);
	a.iqn = rdr_arg_text(fcinfo, 2, "iqn", true);
	a.port = rdr_arg_int(fcinfo, 3, "port", 1, 65535);
	a.portal = rdr_arg_text(fcinfo, 4, "portal", true);
	a.lun_id = rdr_arg_text(fcinfo, 5, "lun_id", true);
	a.serial = rdr_arg_text(fcinfo, 6, "serial", true);
	a.lun_mapping = rdr_arg_int(fcinfo, 7, "lun_mapping", 0, PG_INT32_MAX);
	a.vendor_id = rdr_arg_text(fcinfo, 8, "vendor_id", true);
	a.product_id = rdr_arg_text(fcinfo, 9, "product_id", true);
	a.pv = rdr_arg_text(fcinfo, 10, "physical_volume_id", false);
	if (arg_empty(fcinfo, 11))
	{
		/* no CHAP at site B: a password with it would be a mistake */
		if (!PG_ARGISNULL(12) && !arg_empty(fcinfo, 12))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("parameter \"password\" given with an empty \"user_name\""),
					 errdetail("An empty user_name removes the connection's CHAP credentials."),
					 errhint("Pass the CHAP user with its password, or NULL as the password.")));
		a.clear_chap = true;
	}
	else
	{
		a.user_name = rdr_arg_text(fcinfo, 11, "user_name", false);
		a.password = rdr_arg_text(fcinfo, 12, "password", false);
	}
	return fix_lun(fcinfo, &a, true);
}

/*
 * check_direct_lun: old_id is the LUN of a direct-LUN disk: a luns row
 * (42704), in no storage domain's volume group (55000: a domain's LUN is
 * rdr_fix_iscsi's or rdr_fix_fibre's, which keep the domain whole), used
 * by disk_lun_map (42704).  map, when valid, is the connection map: a
 * fibre LUN has no row there (55000: an iSCSI LUN's target must follow,
 * which rdr_fix_direct_lun does).
 */
static void
check_direct_lun(const char *old_id, Oid luns, Oid sds, Oid dlm, Oid map)
{
	Oid			t[1] = {TEXTOID};
	Datum		v[1];
	char	   *q;
	char	   *domain;
	const char *fn = OidIsValid(map) ? "rdr_fix_direct_fibre_lun()" : "rdr_fix_direct_lun()";

	q = psprintf("SELECT (SELECT s.storage_name::pg_catalog.text FROM %s s "
				 "        WHERE s.storage " RDR_EQ " l.volume_group_id LIMIT 1), "
				 "  EXISTS (SELECT FROM %s d WHERE d.lun_id " RDR_EQ " l.lun_id)::pg_catalog.text, "
				 "  (SELECT s.storage_type::pg_catalog.text FROM %s s "
				 "        WHERE s.storage " RDR_EQ " l.volume_group_id LIMIT 1) "
				 "FROM %s l WHERE l.lun_id " RDR_EQ " $1",
				 rdr_qualified_name(sds), rdr_qualified_name(dlm), rdr_qualified_name(sds),
				 rdr_qualified_name(luns));
	v[0] = CStringGetTextDatum(old_id);
	if (rdr_spi_exec(q, 1, t, v, NULL, SPI_OK_SELECT) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("LUN \"%s\" does not exist", old_id),
				 errdetail("No row of luns has this lun_id."),
				 errhint("Pass the lun_id the direct-LUN disk uses now (disk_lun_map).")));
	domain = rdr_spi_getstr(0, 1);
	if (domain != NULL)
	{
		char	   *type = rdr_spi_getstr(0, 3);
		const char *dfn = type && strcmp(type, CppAsString2(RDR_STORAGE_FCP)) == 0 ? "rdr_fix_fibre" : "rdr_fix_iscsi";

		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("LUN \"%s\" belongs to storage domain \"%s\"", old_id, domain),
				 errdetail("%s re-points a LUN outside every storage domain.", fn),
				 errhint("Re-point a storage domain's LUN with %s('%s', ...).", dfn, domain)));
	}
	if (strcmp(rdr_spi_getstr(0, 2), "true") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("LUN \"%s\" is not the LUN of a direct-LUN disk", old_id),
				 errdetail("No row of disk_lun_map has this lun_id."),
				 errhint("Check the lun_id: disk_lun_map lists the direct-LUN disks' LUNs.")));
	if (!OidIsValid(map))
		return;
	q = psprintf("SELECT pg_catalog.count(*) FROM %s m WHERE m.lun_id " RDR_EQ " $1",
				 rdr_qualified_name(map));
	if (rdr_spi_exec(q, 1, t, v, NULL, SPI_OK_SELECT) == 1 &&
		strcmp(rdr_spi_getstr(0, 1), "0") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("LUN \"%s\" has a storage server connection: it is not a fibre channel LUN", old_id),
				 errdetail("rdr_fix_direct_fibre_lun() re-points a LUN no lun_storage_server_connection_map row names; an iSCSI LUN's target must follow it."),
				 errhint("Re-point the iSCSI LUN of a direct-LUN disk with rdr_fix_direct_lun('%s', ...).", old_id)));
}

/*
 * rdr_fix_direct_lun(old_lun_id, connection, iqn, port, portal, lun_id,
 *					  serial, lun_mapping, vendor_id, product_id,
 *					  user_name DEFAULT NULL, password DEFAULT NULL)
 *
 * The LUN of a direct-LUN disk gets the identity of its mirror and its
 * connection the mirror's target, as rdr_fix_iscsi does for a domain's
 * LUN; disk_lun_map follows the new lun_id (a reference found through
 * pg_constraint).  The domain's rules that do not apply: the LUN is
 * named by its lun_id, not found by PV (a guest's disk has none).
 */
Datum
rdr_fix_direct_lun(PG_FUNCTION_ARGS)
{
	LunArgs		a;
	RdrCall		call;
	RdrDomain	none;
	char	   *old_id;
	Oid			luns;
	Oid			ssc;
	Oid			sds;
	Oid			dlm;

	rdr_check_version(fcinfo->flinfo->fn_oid);
	memset(&a, 0, sizeof(a));
	memset(&none, 0, sizeof(none));
	old_id = rdr_arg_text(fcinfo, 0, "old_lun_id", true);
	a.connection = rdr_arg_text(fcinfo, 1, "connection", true);
	a.iqn = rdr_arg_text(fcinfo, 2, "iqn", true);
	a.port = rdr_arg_int(fcinfo, 3, "port", 1, 65535);
	a.portal = rdr_arg_text(fcinfo, 4, "portal", true);
	a.lun_id = rdr_arg_text(fcinfo, 5, "lun_id", true);
	a.serial = rdr_arg_text(fcinfo, 6, "serial", true);
	a.lun_mapping = rdr_arg_int(fcinfo, 7, "lun_mapping", 0, PG_INT32_MAX);
	a.vendor_id = rdr_arg_text(fcinfo, 8, "vendor_id", true);
	a.product_id = rdr_arg_text(fcinfo, 9, "product_id", true);
	/* '' removes the CHAP credentials, as in rdr_fix_iscsi; NULL keeps them */
	if (arg_empty(fcinfo, 10))
		a.clear_chap = true;
	else
	{
		a.user_name = rdr_arg_text(fcinfo, 10, "user_name", false);
		a.password = rdr_arg_text(fcinfo, 11, "password", false);
	}

	sds = rdr_engine_table("storage_domain_static");
	luns = rdr_engine_table("luns");
	ssc = rdr_engine_table("storage_server_connections");
	(void) rdr_engine_table("lun_storage_server_connection_map");
	dlm = rdr_engine_table("disk_lun_map");
	check_portal(a.portal);
	check_lengths(&a, true, sds, luns, ssc);
	rdr_check_length("old_lun_id", old_id, luns, "luns", "lun_id");

	rdr_call_begin(fcinfo, &call);
	rdr_guard_check();
	rdr_spi_connect();
	check_direct_lun(old_id, luns, sds, dlm, InvalidOid);
	repoint(&call, &a, &none, luns, ssc, true, old_id);
	rdr_spi_finish();
	return (Datum) 0;
}

/*
 * rdr_fix_direct_fibre_lun(old_lun_id, lun_id, serial, lun_mapping,
 *							vendor_id, product_id)
 *
 * rdr_fix_direct_lun for a fibre channel LUN: the LUN of a direct-LUN
 * disk gets the identity of its mirror, disk_lun_map follows the new
 * lun_id.  A fibre LUN has no storage server connection, so there is no
 * target to re-point; a LUN that has one is refused (55000).
 */
Datum
rdr_fix_direct_fibre_lun(PG_FUNCTION_ARGS)
{
	LunArgs		a;
	RdrCall		call;
	RdrDomain	none;
	char	   *old_id;
	Oid			luns;
	Oid			sds;
	Oid			dlm;
	Oid			map;

	rdr_check_version(fcinfo->flinfo->fn_oid);
	memset(&a, 0, sizeof(a));
	memset(&none, 0, sizeof(none));
	old_id = rdr_arg_text(fcinfo, 0, "old_lun_id", true);
	a.lun_id = rdr_arg_text(fcinfo, 1, "lun_id", true);
	a.serial = rdr_arg_text(fcinfo, 2, "serial", true);
	a.lun_mapping = rdr_arg_int(fcinfo, 3, "lun_mapping", 0, PG_INT32_MAX);
	a.vendor_id = rdr_arg_text(fcinfo, 4, "vendor_id", true);
	a.product_id = rdr_arg_text(fcinfo, 5, "product_id", true);

	sds = rdr_engine_table("storage_domain_static");
	luns = rdr_engine_table("luns");
	map = rdr_engine_table("lun_storage_server_connection_map");
	dlm = rdr_engine_table("disk_lun_map");
	check_lengths(&a, false, sds, luns, InvalidOid);
	rdr_check_length("old_lun_id", old_id, luns, "luns", "lun_id");

	rdr_call_begin(fcinfo, &call);
	rdr_guard_check();
	rdr_spi_connect();
	check_direct_lun(old_id, luns, sds, dlm, map);
	repoint(&call, &a, &none, luns, InvalidOid, false, old_id);
	rdr_spi_finish();
	return (Datum) 0;
}
