/*-------------------------------------------------------------------------
 *
 * change_log.c
 *	  Make a change and log it in the same statement.
 *
 * Each change of rdr is one SQL statement of the form
 *
 *		WITH w AS (<UPDATE|INSERT|DELETE ...> RETURNING before, after)
 *		INSERT INTO rdr_change_log (...) SELECT rdr_run(), ... FROM w
 *		RETURNING run, table_name, operation, row_key, before, after
 *
 * so a row can never change without its log entry (or the other way
 * round), the run number is drawn only when a row really changes, and the
 * statement's result is directly the rdr_change rows the function
 * returns.  before/after are the whole rows as jsonb (to_jsonb), which is
 * what rdr_undo() restores from, columns rdr does not know included.
 *
 * Passwords: rdr_change_log keeps the exact rows, as the engine's own
 * table does, because rdr_undo() must restore them; the table is readable
 * by its owner only.  The rows returned to the caller, which end up in
 * the driver's reports, carry "********" instead of a password.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "catalog.h"
#include "change_log.h"
#include "spi_util.h"

/* jsonb expression x with a non-null "password" member masked */
#define RDR_MASK(x) \
	"CASE WHEN " x " ? 'password' AND jsonb_typeof(" x "->'password') <> 'null' " \
	"THEN jsonb_set(" x ", '{password}', '\"********\"') ELSE " x " END"

/*
 * rdr_table_label: the name of relid as logged in rdr_change_log and as
 * rdr_undo() finds it again: the bare table name when search_path finds
 * this very table under it (the engine's tables, normally), else
 * schema.table.
 */
char *
rdr_table_label(Oid relid)
{
	char	   *name = get_rel_name(relid);

	if (RelnameGetRelid(name) == relid)
		return name;
	return psprintf("%s.%s", get_namespace_name(get_rel_namespace(relid)),
					name);
}

/*
 * rdr_logged_exec: run modification, a data-modifying statement on table
 * relid whose RETURNING list is "<jsonb> AS before, <jsonb> AS after",
 * log each row it returns as operation (INSERT, UPDATE or DELETE) of the
 * current run, marked as undoing run undo_of unless that is 0, and add the
 * logged rows to the call's result.  The statement's own parameters are
 * $1..$nargs.  Returns the number of rows changed.
 */
uint64
rdr_logged_exec(RdrCall *call, const char *modification, Oid relid,
				const char *operation, int64 undo_of, int nargs, Oid *types,
				Datum *values, const char *nulls)
{
	StringInfoData q;
	Oid		   *t;
	Datum	   *v;
	char	   *nl;
	int			i;
	uint64		n;

	initStringInfo(&q);
	appendStringInfo(&q,
					 "WITH w AS (%s) "
					 "INSERT INTO %s.rdr_change_log "
					 "  (run, table_name, operation, row_key, before, after, undo_of) "
					 "SELECT %s.rdr_run(), %s, %s, %s, w.before, w.after, $%d "
					 "FROM w, LATERAL (SELECT coalesce(w.after, w.before) AS j) k "
					 "RETURNING run, table_name, operation, row_key, "
					 RDR_MASK("before") ", " RDR_MASK("after"),
					 modification, call->schema, call->schema,
					 quote_literal_cstr(rdr_table_label(relid)),
					 quote_literal_cstr(operation),
					 rdr_row_key_expr(relid, "k.j"),
					 nargs + 1);

	t = palloc(sizeof(Oid) * (nargs + 1));
	v = palloc(sizeof(Datum) * (nargs + 1));
	nl = palloc(nargs + 2);
	for (i = 0; i < nargs; i++)
	{
		t[i] = types[i];
		v[i] = values[i];
		nl[i] = nulls ? nulls[i] : ' ';
	}
	t[nargs] = INT8OID;
	v[nargs] = Int64GetDatum(undo_of);
	nl[nargs] = undo_of != 0 ? ' ' : 'n';
	nl[nargs + 1] = '\0';

	n = rdr_spi_exec(q.data, nargs + 1, t, v, nl, SPI_OK_INSERT_RETURNING);
	rdr_collect(call, n);
	call->nchanges += n;
	return n;
}

/*
 * rdr_collect: append the n rows of the last SPI result to the call's
 * tuplestore, which copies them out of SPI's memory.  The statement's
 * columns must be those of the function's result, in order.
 */
void
rdr_collect(RdrCall *call, uint64 n)
{
	uint64		i;
	int			natts = call->desc->natts;
	Datum	   *values;
	bool	   *nulls;

	if (n == 0)
		return;
	if (SPI_tuptable->tupdesc->natts != natts)
		elog(ERROR, "result has %d columns, expected %d",
			 SPI_tuptable->tupdesc->natts, natts);
	values = palloc(sizeof(Datum) * natts);
	nulls = palloc(sizeof(bool) * natts);
	for (i = 0; i < n; i++)
	{
		heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc,
						  values, nulls);
		tuplestore_putvalues(call->store, call->desc, values, nulls);
	}
}
