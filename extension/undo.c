/*-------------------------------------------------------------------------
 *
 * undo.c
 *	  rdr_undo(run): put back the rows a run changed, exactly as they were.
 *
 * A run's log entries are replayed backwards: an UPDATE is reversed by
 * writing the whole "before" row back, an INSERT by deleting the row, a
 * DELETE by inserting the "before" row again.  For an iSCSI re-point
 * (insert new LUN, re-point references, delete old LUN, update
 * connection) that is: connection back, old LUN row back, references back
 * to it, new LUN row gone.
 *
 * Each row must still be exactly as the run left it ("after"): if
 * something changed it since, undoing would silently throw that change
 * away, so rdr_undo refuses (55000) and changes nothing.  The undo is a
 * run of its own, logged with undo_of = the run it undid; a run can be
 * undone once, and again only after that undo was itself undone (then
 * its rows are back as the run left them, which the row check proves
 * anyway): rdr-failover --redo storage undoes a redo that way, the run
 * that undid the first fix before that fix.
 *
 * rdr_undo writes with its caller's rights whatever the log says, so it
 * trusts an entry only as far as rdr could have written it: the table it
 * names must be one of the storage tables rdr's fix functions change, in
 * the engine's schema and of its owner (UndoTables); anything else, a
 * catalog above all, makes it refuse the whole run (42809).  Only rdr
 * writes the log in the first place (change_log.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "catalog.h"
#include "change_log.h"
#include "guard.h"
#include "rdr.h"
#include "spi_util.h"
#include "validate.h"

PG_FUNCTION_INFO_V1(rdr_undo);

/*
 * column_list: the quoted names of the columns of relid, comma-separated,
 * each prefixed with prefix when it is given.
 */
static char *
column_list(Oid relid, const char *prefix)
{
	Relation	rel = table_open(relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	StringInfoData s;
	int			i;

	initStringInfo(&s);
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped || att->attgenerated)
			continue;
		appendStringInfo(&s, "%s%s%s", s.len > 0 ? ", " : "",
						 prefix ? prefix : "",
						 quote_identifier(NameStr(att->attname)));
	}
	table_close(rel, AccessShareLock);
	return s.data;
}

/*
 * UndoTables: the tables rdr_undo may write, with the names their
 * changes are logged under (rdr_table_label): the ones rdr's fix
 * functions change, i.e. storage_server_connections, luns and the
 * tables whose foreign keys reference luns.lun_id, all of them of the
 * engine's schema and owner (catalog.c).  A log entry naming anything
 * else (a catalog, another role's table) was not written by rdr.
 */
typedef struct UndoTables
{
	int			n;
	Oid		   *relid;
	char	  **label;
} UndoTables;

/*
 * undo_tables: the tables of UndoTables, as the catalogs are now.  Must
 * run inside SPI.
 */
static void
undo_tables(UndoTables *t)
{
	Oid			luns = rdr_engine_table("luns");
	RdrLunRef  *refs;
	int			nrefs = rdr_lun_references(luns, &refs);
	int			i;

	t->relid = palloc(sizeof(Oid) * (nrefs + 2));
	t->label = palloc(sizeof(char *) * (nrefs + 2));
	t->relid[0] = rdr_engine_table("storage_server_connections");
	t->relid[1] = luns;
	for (i = 0; i < nrefs; i++)
		t->relid[i + 2] = refs[i].relid;
	t->n = nrefs + 2;
	for (i = 0; i < t->n; i++)
		t->label[i] = rdr_table_label(t->relid[i]);
}

/*
 * resolve_table: the table a log entry of run names (as rdr_table_label()
 * wrote it), which must be one of tables; ERROR 42809 otherwise.
 */
static Oid
resolve_table(const UndoTables *tables, const char *label, int64 run)
{
	int			i;

	for (i = 0; i < tables->n; i++)
		if (strcmp(tables->label[i], label) == 0)
			return tables->relid[i];
	ereport(ERROR,
			(errcode(ERRCODE_WRONG_OBJECT_TYPE),
			 errmsg("table \"%s\" of run " INT64_FORMAT " is not a storage table rdr changes", label, run),
			 errdetail("rdr_undo writes storage_server_connections, luns and the tables referencing luns.lun_id of schema \"%s\" only; nothing was undone.",
					   get_namespace_name(rdr_engine_schema())),
			 errhint("rdr did not write this entry of rdr_change_log, or the table was dropped or moved since the run.")));
	return InvalidOid;			/* keep compiler quiet */
}

/*
 * undo_entry: reverse one log entry of run; ERROR 55000 when the row is
 * no longer as the run left it.
 */
static void
undo_entry(RdrChanges *ch, const UndoTables *tables, int64 run,
		   const char *label, const char *op, Datum before, bool before_null,
		   Datum after, bool after_null, const char *row_key)
{
	Oid			relid = resolve_table(tables, label, run);
	char	   *table = rdr_qualified_name(relid);
	char	   *cols = column_list(relid, NULL);
	char	   *rcols = column_list(relid, "r.");
	char	   *q;
	char	   *pk;
	char	   *match;
	const char *rop;
	Oid			types[2] = {JSONBOID, JSONBOID};
	Datum		values[2];
	char		nulls[2];
	uint64		n;

	values[0] = before;
	nulls[0] = before_null ? 'n' : ' ';
	values[1] = after;
	nulls[1] = after_null ? 'n' : ' ';

	/*
	 * Rows are found by primary key (when the table has one) and must then
	 * match on their whole content, both sides rendered by to_jsonb in this
	 * session, so that values whose text depends on settings (timestamptz and
	 * TimeZone) compare as values.
	 */
	pk = rdr_pk_match(relid, "t", "a");
	match = psprintf("%s%spg_catalog.to_jsonb(t) " RDR_EQ " pg_catalog.to_jsonb(a)",
					 pk ? pk : "", pk ? " AND " : "");
	if (strcmp(op, "UPDATE") == 0)
	{
		rop = "UPDATE";
		q = psprintf("UPDATE %1$s AS t SET (%2$s) = "
					 "  (SELECT %3$s FROM pg_catalog.jsonb_populate_record(NULL::%1$s, $1) r) "
					 "FROM pg_catalog.jsonb_populate_record(NULL::%1$s, $2) AS a WHERE %4$s "
					 "RETURNING $2 AS before, pg_catalog.to_jsonb(t) AS after",
					 table, cols, rcols, match);
	}
	else if (strcmp(op, "INSERT") == 0)
	{
		rop = "DELETE";
		q = psprintf("DELETE FROM %1$s AS t "
					 "USING pg_catalog.jsonb_populate_record(NULL::%1$s, $2) AS a "
					 "WHERE %2$s "
					 "RETURNING pg_catalog.to_jsonb(t) AS before, NULL::pg_catalog.jsonb AS after",
					 table, match);
	}
	else if (strcmp(op, "DELETE") == 0)
	{
		rop = "INSERT";
		q = psprintf("INSERT INTO %1$s AS t (%2$s) "
					 "SELECT %3$s FROM pg_catalog.jsonb_populate_record(NULL::%1$s, $1) r "
					 "WHERE $2 IS NULL "
					 "RETURNING NULL::pg_catalog.jsonb AS before, pg_catalog.to_jsonb(t) AS after",
					 table, cols, rcols);
	}
	else
		elog(ERROR, "unknown operation \"%s\" in rdr_change_log", op);

	n = rdr_change_exec(ch, rdr_table_label(relid), rop,
						rdr_change_sql(relid, q), 2, types, values, nulls);
	if (n != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("row %s of table \"%s\" has changed since run " INT64_FORMAT,
						row_key, label, run),
				 errdetail("rdr_undo restores only rows that are still as the run left them; nothing was undone."),
				 errhint("Compare the row with rdr_change_log (run " INT64_FORMAT ") and fix it by hand.",
						 run)));
}

/*
 * live_undoer: the run that undid run and is not itself undone (0 when
 * there is none), i.e. the run whose undo makes run's rows current again.
 * An undo that was undone does not count: its undoer is live instead,
 * recursively.  The log entries read are locked, so two undos of the
 * same run cannot both pass.  Must run inside SPI.
 */
static int64
live_undoer(const RdrCall *call, int64 run, int depth)
{
	char	   *q;
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	uint64		n;
	int64	   *undoers;
	int64		live = 0;

	check_stack_depth();
	if (depth > 1000)
		elog(ERROR, "rdr_change_log: undo chain of run " INT64_FORMAT " is too long", run);
	q = psprintf("SELECT run FROM %s.rdr_change_log WHERE undo_of " RDR_EQ " $1 "
				 "ORDER BY run DESC FOR UPDATE", call->schema);
	values[0] = Int64GetDatum(run);
	n = rdr_log_exec(call, q, 1, types, values, NULL, SPI_OK_SELECT, false);
	/* copied out: the recursion replaces SPI_tuptable */
	undoers = palloc(sizeof(int64) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		undoers[i] = 0;
		(void) rdr_spi_getint(i, 1, &undoers[i]);
	}
	for (uint64 i = 0; i < n && live == 0; i++)
	{
		if (i > 0 && undoers[i] == undoers[i - 1])
			continue;
		if (live_undoer(call, undoers[i], depth + 1) == 0)
			live = undoers[i];
	}
	pfree(undoers);
	pfree(q);
	return live;
}

/*
 * rdr_undo(run): undo every change of run, newest first.
 */
Datum
rdr_undo(PG_FUNCTION_ARGS)
{
	RdrCall		call;
	RdrChanges	changes;
	UndoTables	tables;
	int64		run;
	StringInfoData q;
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	uint64		n;
	uint64		i;
	int64		undoer;
	SPITupleTable *entries;

	rdr_check_version(fcinfo->flinfo->fn_oid);
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter \"run\" must not be NULL"),
				 errhint("Pass the run number of rdr_change_log to undo.")));
	run = PG_GETARG_INT64(0);
	if (run <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parameter \"run\" is out of range"),
				 errdetail("Runs are numbered from 1; got " INT64_FORMAT ".", run)));

	rdr_call_begin(fcinfo, &call);
	rdr_guard_check();
	rdr_spi_connect();

	if (rdr_current_run() == run)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("run " INT64_FORMAT " belongs to the current transaction", run),
				 errdetail("A run can be undone once it is committed."),
				 errhint("Use ROLLBACK to discard the changes of the current transaction.")));

	/* lock the log so two undos of the same run cannot both succeed */
	undoer = live_undoer(&call, run, 0);
	if (undoer != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("run " INT64_FORMAT " has already been undone", run),
				 errdetail("Run " INT64_FORMAT " undid it.", undoer),
				 errhint("To redo the changes, undo run " INT64_FORMAT ".", undoer)));

	initStringInfo(&q);
	values[0] = Int64GetDatum(run);
	appendStringInfo(&q,
					 "SELECT table_name, operation, before, after, row_key "
					 "FROM %s.rdr_change_log WHERE run " RDR_EQ " $1 ORDER BY id DESC FOR UPDATE",
					 call.schema);
	n = rdr_log_exec(&call, q.data, 1, types, values, NULL, SPI_OK_SELECT, false);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("run " INT64_FORMAT " does not exist", run),
				 errdetail("rdr_change_log has no change of this run."),
				 errhint("SELECT DISTINCT run FROM rdr_change_log lists the runs.")));

	/* the entries are read before undo_entry() runs other statements */
	entries = SPI_tuptable;
	undo_tables(&tables);
	rdr_changes_init(&changes);
	for (i = 0; i < n; i++)
	{
		HeapTuple	tup = entries->vals[i];
		TupleDesc	desc = entries->tupdesc;
		bool		bnull;
		bool		anull;
		Datum		before = SPI_getbinval(tup, desc, 3, &bnull);
		Datum		after = SPI_getbinval(tup, desc, 4, &anull);

		undo_entry(&changes, &tables, run, SPI_getvalue(tup, desc, 1),
				   SPI_getvalue(tup, desc, 2), before, bnull, after, anull,
				   SPI_getvalue(tup, desc, 5));
	}
	(void) rdr_changes_log(&call, &changes, run);

	rdr_spi_finish();
	return (Datum) 0;
}
