/*-------------------------------------------------------------------------
 *
 * catalog.c
 *	  Discover the shape of the engine's storage tables at run time.
 *
 * rdr works on the RHEV 3.0 schema of the seed and on today's oVirt
 * schema.  They differ in ways rdr must not hard-code:
 *	- the LVM physical volume column of luns is "phisical_volume_id" in
 *	  RHEV 3.0 (sic) and "physical_volume_id" in oVirt;
 *	- column widths differ (lun_id is varchar(50), later varchar(255));
 *	- newer schemas have more tables referencing luns.lun_id (disk_lun_map
 *	  for direct-LUN disks), which an iSCSI re-point must carry along.
 * So the tables are found through search_path like any query would, and
 * columns, keys and referencing foreign keys through the catalogs.
 * Identifiers found here are always passed through quote_identifier()
 * before they are put into SQL text.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "spi_util.h"
#include "version_compat.h"

/*
 * rdr_table_oid: the table relname as the caller's search_path finds it;
 * ERROR 42P01 when there is none (rdr installed in the wrong database).
 */
Oid
rdr_table_oid(const char *relname)
{
	Oid			relid = RelnameGetRelid(relname);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s\" does not exist", relname),
				 errdetail("rdr works on the storage tables of a RHEV-M or oVirt engine database."),
				 errhint("Call rdr in the engine database (rhevm or engine), with the schema of its tables on search_path.")));
	return relid;
}

/*
 * rdr_luns_pv_column: the name of the physical volume column of luns.
 */
const char *
rdr_luns_pv_column(Oid luns)
{
	if (get_attnum(luns, "physical_volume_id") != InvalidAttrNumber)
		return "physical_volume_id";
	if (get_attnum(luns, "phisical_volume_id") != InvalidAttrNumber)
		return "phisical_volume_id";
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("table \"luns\" has no physical volume column"),
			 errdetail("Neither \"physical_volume_id\" (oVirt) nor \"phisical_volume_id\" (RHEV 3.0) exists."),
			 errhint("Check that this is a RHEV-M or oVirt engine database.")));
	return NULL;				/* keep compiler quiet */
}

/*
 * rdr_column_maxlen: the declared maximum length in characters of a
 * varchar/char column, or -1 when it has none (text, unlimited varchar,
 * or a column that does not exist).
 */
int
rdr_column_maxlen(Oid relid, const char *column)
{
	AttrNumber	attnum = get_attnum(relid, column);
	Oid			type;
	int32		typmod;
	Oid			collation;

	if (attnum == InvalidAttrNumber)
		return -1;
	get_atttypetypmodcoll(relid, attnum, &type, &typmod, &collation);
	if ((type == VARCHAROID || type == BPCHAROID) && typmod >= VARHDRSZ)
		return typmod - VARHDRSZ;
	return -1;
}

/*
 * rdr_qualified_name: schema.table of relid, both quoted as needed.
 */
char *
rdr_qualified_name(Oid relid)
{
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
									  get_rel_name(relid));
}

/*
 * rdr_row_key_expr: a SQL expression that renders the primary key of a
 * row of relid, given as jsonb in jsonvar, the way PostgreSQL's own
 * messages do: "(lun_id, storage_server_connection)=(1IET_00010008, 56fd...)".
 * Without a primary key the whole row is the key.
 */
char *
rdr_row_key_expr(Oid relid, const char *jsonvar)
{
	Relation	rel;
	Oid			pkoid;
	StringInfoData cols;
	StringInfoData vals;
	StringInfoData expr;

	rel = table_open(relid, AccessShareLock);
	pkoid = rdr_primary_key_index(rel);
	table_close(rel, AccessShareLock);

	initStringInfo(&expr);
	if (!OidIsValid(pkoid))
	{
		appendStringInfo(&expr, "(%s)::text", jsonvar);
		return expr.data;
	}

	initStringInfo(&cols);
	initStringInfo(&vals);
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(pkoid));
		Form_pg_index idx;
		int			i;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for index %u", pkoid);
		idx = (Form_pg_index) GETSTRUCT(tup);
		for (i = 0; i < idx->indnkeyatts; i++)
		{
			char	   *att = get_attname(relid, idx->indkey.values[i], false);

			appendStringInfo(&cols, "%s%s", i > 0 ? ", " : "",
							 quote_identifier(att));
			appendStringInfo(&vals, "%s(%s)->>%s", i > 0 ? ", " : "",
							 jsonvar, quote_literal_cstr(att));
		}
		ReleaseSysCache(tup);
	}

	appendStringInfo(&expr, "('(' || %s || ')=(' || concat_ws(', ', %s) || ')')",
					 quote_literal_cstr(cols.data), vals.data);
	return expr.data;
}

/*
 * rdr_pk_match: a SQL condition matching the primary key columns of
 * relid in row variables left and right, e.g. "(t.a, t.b) = (r.a, r.b)",
 * or NULL when relid has no primary key.
 */
char *
rdr_pk_match(Oid relid, const char *left, const char *right)
{
	Relation	rel;
	Oid			pkoid;
	HeapTuple	tup;
	Form_pg_index idx;
	StringInfoData l;
	StringInfoData r;
	int			i;

	rel = table_open(relid, AccessShareLock);
	pkoid = rdr_primary_key_index(rel);
	table_close(rel, AccessShareLock);
	if (!OidIsValid(pkoid))
		return NULL;

	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(pkoid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for index %u", pkoid);
	idx = (Form_pg_index) GETSTRUCT(tup);
	initStringInfo(&l);
	initStringInfo(&r);
	for (i = 0; i < idx->indnkeyatts; i++)
	{
		const char *att = quote_identifier(get_attname(relid, idx->indkey.values[i], false));

		appendStringInfo(&l, "%s%s.%s", i > 0 ? ", " : "", left, att);
		appendStringInfo(&r, "%s%s.%s", i > 0 ? ", " : "", right, att);
	}
	ReleaseSysCache(tup);
	return psprintf("(%s) = (%s)", l.data, r.data);
}

/*
 * rdr_lun_references: every foreign key that references luns.lun_id, in a
 * stable order (schema, table, column).  Returns their number and the
 * array in *refs, allocated in TopTransactionContext.  A multi-column
 * foreign key including lun_id cannot be re-pointed column by column, so it
 * is refused rather than silently broken.  Must run inside SPI.
 */
int
rdr_lun_references(Oid luns, RdrLunRef **refs)
{
	/*
	 * The answer is kept for the rest of the transaction (a failover asks
	 * once per LUN); the catalogs do not change under a failover.
	 */
	static LocalTransactionId cached_lxid = InvalidLocalTransactionId;
	static Oid	cached_luns = InvalidOid;
	static int	cached_n = 0;
	static RdrLunRef *cached_refs = NULL;
	MemoryContext oldcxt;
	static const char *query =
		"SELECT k.conrelid, k.conname::text, array_length(k.conkey, 1), "
		"       a.attname::text "
		"FROM pg_catalog.pg_constraint k "
		"JOIN pg_catalog.pg_attribute a "
		"  ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
		"JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
		"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"WHERE k.contype = 'f' AND k.confrelid = $1 AND $2 = ANY (k.confkey) "
		"ORDER BY n.nspname, c.relname, a.attname";
	Oid			types[2] = {OIDOID, INT2OID};
	Datum		values[2];
	AttrNumber	lunid_att = get_attnum(luns, "lun_id");
	uint64		n;
	uint64		i;
	RdrLunRef  *out;

	if (lunid_att == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("table \"luns\" has no column \"lun_id\""),
				 errhint("Check that this is a RHEV-M or oVirt engine database.")));

	if (cached_lxid == RDR_LXID && cached_luns == luns)
	{
		*refs = cached_refs;
		return cached_n;
	}

	values[0] = ObjectIdGetDatum(luns);
	values[1] = Int16GetDatum(lunid_att);

	n = rdr_spi_exec(query, 2, types, values, NULL, SPI_OK_SELECT);
	oldcxt = MemoryContextSwitchTo(TopTransactionContext);
	out = (RdrLunRef *) palloc(sizeof(RdrLunRef) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		int64		nkeys = 0;
		bool		isnull;
		Oid			relid;
		char	   *att;

		relid = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[i],
											   SPI_tuptable->tupdesc, 1,
											   &isnull));
		(void) rdr_spi_getint(i, 3, &nkeys);
		if (nkeys != 1)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("foreign key \"%s\" of table \"%s\" references luns.lun_id together with other columns",
							rdr_spi_getstr(i, 2), get_rel_name(relid)),
					 errdetail("rdr re-points single-column references to luns.lun_id only."),
					 errhint("Re-point the rows of that table by hand, then call rdr again.")));
		att = rdr_spi_getstr(i, 4);
		out[i].relid = relid;
		out[i].table = rdr_qualified_name(relid);
		out[i].column = pstrdup(quote_identifier(att));
	}
	MemoryContextSwitchTo(oldcxt);
	cached_lxid = RDR_LXID;
	cached_luns = luns;
	cached_n = (int) n;
	cached_refs = out;
	*refs = out;
	return (int) n;
}
