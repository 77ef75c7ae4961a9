/*-------------------------------------------------------------------------
 *
 * catalog.c
 *	  Find the engine's storage tables, and discover their shape, at run
 *	  time.
 *
 * rdr works on the RHEV 3.0 schema of the seed and on today's oVirt
 * schema.  They differ in ways rdr must not hard-code:
 *	- the LVM physical volume column of luns is "phisical_volume_id" in
 *	  RHEV 3.0 (sic) and "physical_volume_id" in oVirt;
 *	- column widths differ (lun_id is varchar(50), later varchar(255));
 *	- newer schemas have more tables referencing luns.lun_id (disk_lun_map
 *	  for direct-LUN disks), which an iSCSI re-point must carry along.
 * So columns, keys and referencing foreign keys come from the catalogs.
 *
 * Where the tables are is not left to the caller's search_path either:
 * every function of rdr runs with search_path pinned to pg_catalog (see
 * rdr--1.0.sql), and a name looked up through a path is a name another
 * role can shadow (a schema named after the superuser, "$user", comes
 * before public).  The engine's schema is located once per transaction
 * through the catalog: the one schema that has a table named
 * storage_domain_static, or the schema rdr.engine_schema names (a
 * superuser-only setting, for a database holding a second copy).  Every
 * other engine table is taken from that schema, and must belong to the
 * owner of its storage_domain_static: rdr writes as its caller, usually
 * a superuser, and the triggers, defaults and constraints of a table run
 * with the writer's rights, so a table another role owns is refused
 * (42501) rather than written.  Identifiers found here are always passed
 * through quote_identifier() before they are put into SQL text.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "spi_util.h"
#include "version_compat.h"

/* rdr.engine_schema (rdr.c): empty for "find it" */
char	   *rdr_engine_schema_name = NULL;

/* the engine's schema and owner, located once per transaction */
static LocalTransactionId engine_lxid = InvalidLocalTransactionId;
static Oid	engine_nsp = InvalidOid;
static Oid	engine_owner = InvalidOid;

/* the table every engine database has, which locates the others */
#define RDR_ANCHOR_TABLE "storage_domain_static"

/*
 * missing_table: ERROR 42P01 for engine table relname.
 */
static void
missing_table(const char *relname, const char *where)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_TABLE),
			 errmsg("relation \"%s\" does not exist", relname),
			 where ?
			 errdetail("rdr works on the storage tables of a RHEV-M or oVirt engine database; %s.", where) :
			 errdetail("rdr works on the storage tables of a RHEV-M or oVirt engine database."),
			 errhint("Call rdr in the engine database (rhevm or engine).")));
}

/*
 * rel_owner: the owner of relation relid.
 */
static Oid
rel_owner(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * find_engine_schema: the only schema that has a table named
 * storage_domain_static.  Temporary schemas do not count: any role may
 * create a temporary table of that name in its own session.
 */
static Oid
find_engine_schema(void)
{
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	NameData	name;
	HeapTuple	tup;
	Oid			found = InvalidOid;
	Oid			other = InvalidOid;

	namestrcpy(&name, RDR_ANCHOR_TABLE);
	ScanKeyInit(&key, Anum_pg_class_relname, BTEqualStrategyNumber, F_NAMEEQ,
				NameGetDatum(&name));
	rel = table_open(RelationRelationId, AccessShareLock);
	scan = systable_beginscan(rel, ClassNameNspIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_class c = (Form_pg_class) GETSTRUCT(tup);

		if ((c->relkind != RELKIND_RELATION &&
			 c->relkind != RELKIND_PARTITIONED_TABLE) ||
			isAnyTempNamespace(c->relnamespace))
			continue;
		if (!OidIsValid(found))
			found = c->relnamespace;
		else if (!OidIsValid(other))
			other = c->relnamespace;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);

	if (!OidIsValid(found))
		missing_table(RDR_ANCHOR_TABLE, NULL);
	if (OidIsValid(other))
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("more than one schema has a table \"%s\"", RDR_ANCHOR_TABLE),
				 errdetail("Schemas \"%s\" and \"%s\" both have one; rdr cannot tell which holds the engine's tables.",
						   get_namespace_name(found), get_namespace_name(other)),
				 errhint("As a superuser, SET rdr.engine_schema to the schema of the engine's tables.")));
	return found;
}

/*
 * rdr_engine_schema_reset: forget the located schema (rdr.engine_schema
 * was set).
 */
void
rdr_engine_schema_reset(void)
{
	engine_lxid = InvalidLocalTransactionId;
}

/*
 * rdr_engine_schema: the schema of the engine's tables (see the file
 * header), located once per transaction.
 */
Oid
rdr_engine_schema(void)
{
	Oid			nsp;
	Oid			anchor;

	if (engine_lxid == RDR_LXID)
		return engine_nsp;

	if (rdr_engine_schema_name != NULL && rdr_engine_schema_name[0] != '\0')
	{
		nsp = get_namespace_oid(rdr_engine_schema_name, true);
		if (!OidIsValid(nsp))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_SCHEMA),
					 errmsg("schema \"%s\" does not exist", rdr_engine_schema_name),
					 errdetail("rdr.engine_schema names it as the schema of the engine's tables."),
					 errhint("RESET rdr.engine_schema to let rdr find the engine's tables.")));
		anchor = get_relname_relid(RDR_ANCHOR_TABLE, nsp);
		if (!OidIsValid(anchor))
			missing_table(RDR_ANCHOR_TABLE,
						  psprintf("rdr.engine_schema names schema \"%s\"",
								   rdr_engine_schema_name));
	}
	else
	{
		nsp = find_engine_schema();
		anchor = get_relname_relid(RDR_ANCHOR_TABLE, nsp);
	}

	engine_nsp = nsp;
	engine_owner = rel_owner(anchor);
	engine_lxid = RDR_LXID;
	return nsp;
}

/*
 * rdr_check_engine_table: ERROR 42501 unless relid is in the engine's
 * schema and belongs to the owner of its tables.
 */
void
rdr_check_engine_table(Oid relid)
{
	Oid			nsp = rdr_engine_schema();
	Oid			owner = rel_owner(relid);

	if (get_rel_namespace(relid) == nsp && owner == engine_owner)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("table %s is not one of the engine's tables", rdr_qualified_name(relid)),
			 errdetail("Its owner is \"%s\"; the engine's tables are those of schema \"%s\" owned by \"%s\".",
					   GetUserNameFromId(owner, false), get_namespace_name(nsp),
					   GetUserNameFromId(engine_owner, false)),
			 errhint("rdr writes only the engine's tables, whose triggers and defaults run with the caller's rights; "
					 "re-point the rows of this table by hand, or give it to the engine's owner.")));
}

/*
 * rdr_engine_table: the engine table relname, from the engine's schema;
 * ERROR 42P01 when there is none (rdr installed in the wrong database),
 * 42501 when another role owns it.
 */
Oid
rdr_engine_table(const char *relname)
{
	Oid			nsp = rdr_engine_schema();
	Oid			relid = get_relname_relid(relname, nsp);

	if (!OidIsValid(relid))
		missing_table(relname,
					  psprintf("its tables are in schema \"%s\"", get_namespace_name(nsp)));
	rdr_check_engine_table(relid);
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
		appendStringInfo(&expr, "(%s)::pg_catalog.text", jsonvar);
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
			appendStringInfo(&vals, "%s(%s) " RDR_OP("->>") " %s", i > 0 ? ", " : "",
							 jsonvar, quote_literal_cstr(att));
		}
		ReleaseSysCache(tup);
	}

	appendStringInfo(&expr,
					 "('(' " RDR_CAT " %s " RDR_CAT " ')=(' " RDR_CAT
					 " pg_catalog.concat_ws(', ', %s) " RDR_CAT " ')')",
					 quote_literal_cstr(cols.data), vals.data);
	return expr.data;
}

/*
 * rdr_pk_match: a SQL condition matching the primary key columns of
 * relid in row variables left and right, e.g.
 * "(t.a, t.b) OPERATOR(pg_catalog.=) (r.a, r.b)",
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
	return psprintf("(%s) " RDR_EQ " (%s)", l.data, r.data);
}

/*
 * rdr_lun_references: every foreign key that references luns.lun_id, in a
 * stable order (schema, table, column).  Returns their number and the
 * array in *refs, allocated in TopTransactionContext.  A multi-column
 * foreign key including lun_id cannot be re-pointed column by column, so it
 * is refused rather than silently broken; so is one of a table that is not
 * the engine's (rdr_check_engine_table).  Must run inside SPI.
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
	"SELECT k.conrelid, k.conname::pg_catalog.text, "
	"       pg_catalog.array_length(k.conkey, 1), a.attname::pg_catalog.text "
	"FROM pg_catalog.pg_constraint k "
	"JOIN pg_catalog.pg_attribute a "
	"  ON a.attrelid " RDR_EQ " k.conrelid AND a.attnum " RDR_EQ " k.conkey[1] "
	"JOIN pg_catalog.pg_class c ON c.oid " RDR_EQ " k.conrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid " RDR_EQ " c.relnamespace "
	"WHERE k.contype " RDR_EQ " 'f' AND k.confrelid " RDR_EQ " $1 "
	"  AND $2 " RDR_EQ " ANY (k.confkey) "
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
		/* it is written as the caller: only the engine's own tables */
		rdr_check_engine_table(relid);
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
