/*-------------------------------------------------------------------------
 *
 * change_log.c
 *	  Make a change and log it in the same statement.
 *
 Changes are made by SQL statements of the form
 *
 *		WITH c1 AS (<UPDATE|INSERT|DELETE ...> RETURNING before, after),
 *			 c2 AS (...), ...,
 *			 changes AS (SELECT ... FROM c1 UNION ALL SELECT ... FROM c2 ...),
 *			 logged AS (INSERT INTO rdr_change_log (...)
 *						SELECT rdr_run(), ... FROM changes ORDER BY ord
 *						RETURNING ...)
 *		SELECT <extra checks>, <logged rows> ...
 *
 * so a row can never change without its log entry (or the other way
 * round), the run number is drawn only when a row really changes, and the
 * statement's result is directly the rdr_change rows the function
 * returns.  One statement per call also keeps a failover of thousands of
 * LUNs fast: an iSCSI re-point (new LUN row, re-pointed references, old
 * row deleted, connection updated) is a single statement.  Foreign keys
 * are checked at the end of the statement, when all of it is done.  before/after are the whole rows as jsonb (to_jsonb), which is
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
 * schema.table; quoted where SQL needs it.
 */
char *
rdr_table_label(Oid relid)
{
	char	   *name = get_rel_name(relid);

	if (RelnameGetRelid(name) == relid)
		return pstrdup(quote_identifier(name));
	return rdr_qualified_name(relid);
}

/*
 * rdr_stmt_init: an empty statement.
 */
void
rdr_stmt_init(RdrStmt *st)
{
	initStringInfo(&st->ctes);
	initStringInfo(&st->changes);
	st->nchanges = 0;
}

/*
 * rdr_stmt_change: add a change: modification is a data-modifying
 * statement on table relid whose RETURNING list is "<jsonb> AS before,
 * <jsonb> AS after"; each row it returns is logged as operation.  Changes
 * are logged in the order they are added (which is the order rdr_undo()
 * reverses), though all of them see the same snapshot of the database.
 * Returns the name of the CTE (c1, c2, ...) for use in later CTEs.
 */
const char *
rdr_stmt_change(RdrStmt *st, Oid relid, const char *operation,
				const char *modification)
{
	char	   *name = psprintf("c%d", ++st->nchanges);

	appendStringInfo(&st->ctes, "%s%s AS (%s)", st->ctes.len > 0 ? ", " : "",
					 name, modification);
	appendStringInfo(&st->changes,
					 "%sSELECT %d AS ord, %s AS table_name, %s AS operation, "
					 "%s AS row_key, w.before, w.after "
					 "FROM %s w, LATERAL (SELECT coalesce(w.after, w.before) AS j) k",
					 st->changes.len > 0 ? " UNION ALL " : "",
					 st->nchanges,
					 quote_literal_cstr(rdr_table_label(relid)),
					 quote_literal_cstr(operation),
					 rdr_row_key_expr(relid, "k.j"), name);
	return name;
}

/*
 * rdr_stmt_cte: add a helper CTE (a query the extra columns can read).
 */
void
rdr_stmt_cte(RdrStmt *st, const char *name, const char *query)
{
	appendStringInfo(&st->ctes, "%s%s AS (%s)", st->ctes.len > 0 ? ", " : "",
					 name, query);
}

/*
 * rdr_stmt_sql: the SQL text of the statement: its changes and CTEs, the
 * log insert, and a result of the nextra integer expressions extra
 * (scalar subqueries over the CTEs, e.g. a count rdr checks afterwards)
 * followed by the logged rows.  The statement's own parameters are
 * $1..$nargs; $nargs+1 is the run undone (NULL: none).
 */
char *
rdr_stmt_sql(RdrCall *call, RdrStmt *st, int nextra, const char *const *extra,
			 int nargs)
{
	StringInfoData q;
	int			i;

	Assert(st->nchanges > 0);
	initStringInfo(&q);
	appendStringInfo(&q,
					 "WITH %s, changes AS (%s), "
					 "logged AS (INSERT INTO %s.rdr_change_log "
					 "  (run, table_name, operation, row_key, before, after, undo_of) "
					 "  SELECT %s.rdr_run(), table_name, operation, row_key, before, after, $%d "
					 "  FROM changes ORDER BY ord "
					 "  RETURNING id, run, table_name, operation, row_key, before, after) "
					 "SELECT ",
					 st->ctes.data, st->changes.data, call->schema, call->schema,
					 nargs + 1);
	for (i = 0; i < nextra; i++)
		appendStringInfo(&q, "(%s)::bigint, ", extra[i]);
	appendStringInfoString(&q,
						   "l.run, l.table_name, l.operation, l.row_key, "
						   RDR_MASK("l.before") ", " RDR_MASK("l.after") " "
						   "FROM (SELECT 1) AS one LEFT JOIN logged l ON true "
						   "ORDER BY l.id");
	return q.data;
}

/*
 * rdr_stmt_run: run a statement made by rdr_stmt_sql() with bound
 * parameters, log every changed row in the current run (marked as undoing
 * run undo_of unless it is 0), add the logged rows to the call's result,
 * and return their number.  The nextra values come back in extra_out.
 */
uint64
rdr_stmt_run(RdrCall *call, const char *sql, int64 undo_of, int nextra,
			 int64 *extra_out, int nargs, Oid *types, Datum *values,
			 const char *nulls)
{
	Oid		   *t;
	Datum	   *v;
	char	   *nl;
	int			i;
	uint64		n;
	uint64		r;
	uint64		logged = 0;
	int			natts = call->desc->natts;
	Datum	   *cv;
	bool	   *cn;

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

	n = rdr_spi_exec(sql, nargs + 1, t, v, nl, SPI_OK_SELECT);
	if (n == 0)
		elog(ERROR, "change statement returned no row");
	if (SPI_tuptable->tupdesc->natts != natts + nextra)
		elog(ERROR, "change statement has %d columns, expected %d",
			 SPI_tuptable->tupdesc->natts, natts + nextra);

	for (i = 0; i < nextra; i++)
	{
		if (!rdr_spi_getint(0, i + 1, &extra_out[i]))
			extra_out[i] = 0;
	}

	/* the change rows follow the extra columns; a lone NULL row: none */
	cv = palloc(sizeof(Datum) * (natts + nextra));
	cn = palloc(sizeof(bool) * (natts + nextra));
	for (r = 0; r < n; r++)
	{
		heap_deform_tuple(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, cv, cn);
		if (cn[nextra])
			continue;
		tuplestore_putvalues(call->store, call->desc, cv + nextra, cn + nextra);
		logged++;
	}
	call->nchanges += logged;
	return logged;
}

/*
 * rdr_logged_exec: one change (see rdr_stmt_change) made and logged by
 * one statement.  Returns the number of rows changed.
 */
uint64
rdr_logged_exec(RdrCall *call, const char *modification, Oid relid,
				const char *operation, int64 undo_of, int nargs, Oid *types,
				Datum *values, const char *nulls)
{
	RdrStmt		st;

	rdr_stmt_init(&st);
	(void) rdr_stmt_change(&st, relid, operation, modification);
	return rdr_stmt_run(call, rdr_stmt_sql(call, &st, 0, NULL, nargs),
						undo_of, 0, NULL, nargs, types, values, nulls);
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
