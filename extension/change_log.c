/*-------------------------------------------------------------------------
 *
 * change_log.c
 *	  Make changes, then log them with one statement.
 *
 * A function of rdr makes its changes with a few data-modifying
 * statements, each of the form
 *
 *		WITH w AS (<UPDATE|INSERT|DELETE ...> RETURNING before, after)
 *		SELECT w.before, w.after, <row key> FROM w ...
 *
 * (rdr_change_sql), gathers the rows they report in an RdrChanges
 * (rdr_change_exec), and logs all of them at the end with a single
 * INSERT into rdr_change_log whose RETURNING list is directly the
 * rdr_change rows the function returns (rdr_changes_log).  A row cannot
 * change without its log entry: an error anywhere in between aborts the
 * caller's (sub)transaction, and with it every statement of the call.
 * The run number is drawn for the log insert, so only when a row really
 * changed.  before/after are the whole rows as jsonb (to_jsonb), which is
 * what rdr_undo() restores from, columns rdr does not know included.
 *
 * Why not one statement per call, every change a CTE of it: a failover
 * calls rdr_fix_iscsi() once per LUN, and starting up and shutting down
 * the executor for such a statement (some forty plan nodes) costs more
 * than the changes themselves; a few small statements and one batched
 * log insert do the same in less than half the time.
 *
 * Passwords: rdr_change_log keeps the exact rows, as the engine's own
 * table does, because rdr_undo() must restore them; the table is readable
 * by its owner only.  The rows returned to the caller, which end up in
 * the driver's reports, carry "********" instead of a password.
 *
 * Who writes the log: rdr_undo() replays what it says, as its caller
 * (normally a superuser), so a row another role could add (a "before"
 * image of pg_authid, say) would be replayed with the caller's rights.
 * The log is therefore written by rdr's own statements only.  They run
 * as the owner of rdr_change_log (rdr_log_exec: the caller needs no
 * right on the log, and lesser roles get none), and a statement trigger
 * (rdr_change_log_guard) refuses every other INSERT, UPDATE, DELETE and
 * TRUNCATE, whatever was granted: the 1.0 reference told administrators
 * to grant INSERT on the log to the role running failovers, and such
 * grants survive an upgrade.  A superuser, who can drop the trigger
 * anyway, may still write it: pg_restore of the engine database's backup
 * restores the log with COPY.  rdr_undo() in turn replays entries of
 * the engine's storage tables only (undo.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "change_log.h"
#include "rdr.h"
#include "spi_util.h"

PG_FUNCTION_INFO_V1(rdr_change_log_guard);

/* set while one of rdr's own statements writes rdr_change_log */
static bool log_writing = false;

/* jsonb expression x with a non-null "password" member masked */
#define RDR_MASK(x) \
	"CASE WHEN " x " " RDR_OP("?") " 'password' AND " \
	"pg_catalog.jsonb_typeof(" x " " RDR_OP("->") " 'password') " RDR_NE " 'null' " \
	"THEN pg_catalog.jsonb_set(" x ", '{password}', '\"********\"') ELSE " x " END"

/*
 * rdr_table_label: the name of relid as logged in rdr_change_log and as
 * rdr_undo() finds it again: the bare table name for a table of the
 * engine's schema (all of them, normally), else schema.table; quoted
 * where SQL needs it.
 */
char *
rdr_table_label(Oid relid)
{
	if (get_rel_namespace(relid) == rdr_engine_schema())
		return pstrdup(quote_identifier(get_rel_name(relid)));
	return rdr_qualified_name(relid);
}

/*
 * rdr_change_sql: the statement rdr_change_exec() runs for modification,
 * a data-modifying statement on table relid whose RETURNING list is
 * "<jsonb> AS before, <jsonb> AS after": it adds the row key (see
 * rdr_row_key_expr) of each row returned.  The text depends only on the
 * catalogs, so callers that run it often build it once.
 */
char *
rdr_change_sql(Oid relid, const char *modification)
{
	return psprintf("WITH w AS (%s) "
					"SELECT w.before, w.after, %s "
					"FROM w, LATERAL (SELECT coalesce(w.after, w.before) AS j) k",
					modification, rdr_row_key_expr(relid, "k.j"));
}

/*
 * rdr_changes_init: no change yet.
 */
void
rdr_changes_init(RdrChanges *ch)
{
	memset(ch, 0, sizeof(*ch));
}

/* grown: array p (NULL: none yet) resized to newcap elements of size elem */
static void *
grown(void *p, Size elem, int newcap)
{
	return p ? repalloc(p, elem * newcap) : palloc(elem * newcap);
}

/*
 * changes_add: append one change, copying its values out of SPI's result.
 */
static void
changes_add(RdrChanges *ch, Datum table_label, Datum operation,
			HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	Datum		d;

	if (ch->n == ch->cap)
	{
		int			cap = ch->cap > 0 ? ch->cap * 2 : 8;

		ch->table_name = grown(ch->table_name, sizeof(Datum), cap);
		ch->operation = grown(ch->operation, sizeof(Datum), cap);
		ch->row_key = grown(ch->row_key, sizeof(Datum), cap);
		ch->before = grown(ch->before, sizeof(Datum), cap);
		ch->after = grown(ch->after, sizeof(Datum), cap);
		ch->before_null = grown(ch->before_null, sizeof(bool), cap);
		ch->after_null = grown(ch->after_null, sizeof(bool), cap);
		ch->cap = cap;
	}

	ch->table_name[ch->n] = table_label;
	ch->operation[ch->n] = operation;
	d = SPI_getbinval(tup, desc, 1, &isnull);
	ch->before[ch->n] = isnull ? (Datum) 0 : datumCopy(d, false, -1);
	ch->before_null[ch->n] = isnull;
	d = SPI_getbinval(tup, desc, 2, &isnull);
	ch->after[ch->n] = isnull ? (Datum) 0 : datumCopy(d, false, -1);
	ch->after_null[ch->n] = isnull;
	if (ch->before_null[ch->n] && ch->after_null[ch->n])
		elog(ERROR, "change of table %s has neither a before nor an after row",
			 TextDatumGetCString(table_label));
	d = SPI_getbinval(tup, desc, 3, &isnull);
	if (isnull)
		elog(ERROR, "change of table %s has no row key",
			 TextDatumGetCString(table_label));
	ch->row_key[ch->n] = datumCopy(d, false, -1);
	ch->n++;
}

/*
 * rdr_change_exec: run sql (made by rdr_change_sql) with bound parameters
 * and add every row it changed to ch, as an operation on the table logged
 * as table_label.  Returns the number of rows changed.
 */
uint64
rdr_change_exec(RdrChanges *ch, const char *table_label, const char *operation,
				const char *sql, int nargs, Oid *types, Datum *values,
				const char *nulls)
{
	uint64		n;
	uint64		i;
	Datum		label;
	Datum		op;

	n = rdr_spi_exec(sql, nargs, types, values, nulls, SPI_OK_SELECT);
	if (n == 0)
		return 0;
	if (SPI_tuptable->tupdesc->natts != 3)
		elog(ERROR, "change statement has %d columns, expected 3",
			 SPI_tuptable->tupdesc->natts);
	label = CStringGetTextDatum(table_label);
	op = CStringGetTextDatum(operation);
	for (i = 0; i < n; i++)
		changes_add(ch, label, op, SPI_tuptable->vals[i], SPI_tuptable->tupdesc);
	return n;
}

/*
 * array_of: a one-dimensional array of n datums of type elemtype (text or
 * jsonb), NULL where nulls says so.
 */
static Datum
array_of(Datum *elems, bool *nulls, int n, Oid elemtype)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};

	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs,
											  elemtype, -1, false,
											  TYPALIGN_INT));
}

/*
 * log_owner: the owner of the rdr_change_log of the call's extension.
 */
static Oid
log_owner(const RdrCall *call)
{
	Oid			relid = get_relname_relid("rdr_change_log", call->nsp);
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		elog(ERROR, "table rdr_change_log of extension rdr is missing");
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * rdr_log_exec: run one of rdr's statements on rdr_change_log (see the
 * file header) as the log's owner; write says that it adds rows, which
 * the guard trigger lets through for this statement only.  Nothing but
 * the statement itself runs meanwhile: it names pg_catalog's functions
 * only, and the log has no other trigger and no default that is not a
 * built-in.
 */
uint64
rdr_log_exec(const RdrCall *call, const char *sql, int nargs, Oid *types,
			 Datum *values, const char *nulls, int expected, bool write)
{
	Oid			save_user;
	int			save_sec;
	volatile uint64 n = 0;

	GetUserIdAndSecContext(&save_user, &save_sec);
	SetUserIdAndSecContext(log_owner(call),
						   save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	log_writing = write;
	PG_TRY();
	{
		n = rdr_spi_exec(sql, nargs, types, values, nulls, expected);
	}
	PG_FINALLY();
	{
		/* also on error: the flag must not outlive the statement */
		log_writing = false;
		SetUserIdAndSecContext(save_user, save_sec);
	}
	PG_END_TRY();
	return n;
}

/*
 * log_run: the run of the current transaction (rdr_next_run), drawn from
 * rdr_run_seq as the log's owner: the caller needs no right on it.
 */
static int64
log_run(const RdrCall *call)
{
	Oid			save_user;
	int			save_sec;
	volatile int64 run = 0;

	GetUserIdAndSecContext(&save_user, &save_sec);
	SetUserIdAndSecContext(log_owner(call),
						   save_sec | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		run = rdr_next_run(call->nsp);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_user, save_sec);
	}
	PG_END_TRY();
	return run;
}

/*
 * rdr_change_log_guard: statement trigger of rdr_change_log: ERROR 42501
 * for any change that is not an insert by rdr_log_exec(), unless the
 * user is a superuser.
 */
Datum
rdr_change_log_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		elog(ERROR, "rdr_change_log_guard: not called as a statement trigger");
	if ((log_writing && TRIGGER_FIRED_BY_INSERT(trigdata->tg_event)) ||
		superuser())
		return PointerGetDatum(NULL);
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("rdr_change_log is written by the rdr functions only"),
			 errdetail("rdr_undo() replays what the log says with its caller's rights, so no role may add, change or remove log entries directly."),
			 errhint("Call rdr_fix_nfs(), rdr_fix_iscsi(), rdr_fix_fibre() or rdr_undo(); a superuser may restore or prune the log.")));
	return PointerGetDatum(NULL);	/* keep compiler quiet */
}

/*
 * rdr_changes_log: log the changes of ch in rdr_change_log, in the order
 * they were made (which is the order rdr_undo() reverses), as the current
 * run, marked as undoing run undo_of unless it is 0; add them to the
 * call's result.  Returns their number.
 */
uint64
rdr_changes_log(RdrCall *call, RdrChanges *ch, int64 undo_of)
{
	char	   *sql;
	Oid			types[8] = {TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID,
	JSONBARRAYOID, JSONBARRAYOID, INT8OID, INT8OID, NAMEOID};
	Datum		values[8];
	char		nulls[9] = "        ";
	uint64		n;

	if (ch->n == 0)
		return 0;

	/*
	 * unnest() returns the elements in order, and an INSERT ... SELECT from
	 * it alone inserts (drawing ids) and returns them in that order. The run
	 * is drawn here, only now that a row has really changed.  The statement
	 * runs as the log's owner: changed_by is the caller.
	 */
	sql = psprintf("INSERT INTO %s.rdr_change_log "
				   "  (run, table_name, operation, row_key, before, after, undo_of, changed_by) "
				   "SELECT $7, u.t, u.o, u.k, u.b, u.a, $6, $8 "
				   "FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), "
				   "  pg_catalog.unnest($3), pg_catalog.unnest($4), pg_catalog.unnest($5)) "
				   "  AS u(t, o, k, b, a) "
				   "RETURNING run, table_name, operation, row_key, "
				   RDR_MASK("before") ", " RDR_MASK("after"),
				   call->schema);
	values[0] = array_of(ch->table_name, NULL, ch->n, TEXTOID);
	values[1] = array_of(ch->operation, NULL, ch->n, TEXTOID);
	values[2] = array_of(ch->row_key, NULL, ch->n, TEXTOID);
	values[3] = array_of(ch->before, ch->before_null, ch->n, JSONBOID);
	values[4] = array_of(ch->after, ch->after_null, ch->n, JSONBOID);
	values[5] = Int64GetDatum(undo_of);
	if (undo_of == 0)
		nulls[5] = 'n';
	values[7] = DirectFunctionCall1(namein,
									CStringGetDatum(GetUserNameFromId(GetUserId(), false)));
	values[6] = Int64GetDatum(log_run(call));

	n = rdr_log_exec(call, sql, 8, types, values, nulls,
					 SPI_OK_INSERT_RETURNING, true);
	if (n != (uint64) ch->n)
		elog(ERROR, "logged %llu changes of %d", (unsigned long long) n, ch->n);
	rdr_collect(call, n);
	call->nchanges += n;
	return n;
}

/*
 * rdr_logged_exec: one change made and logged (see rdr_change_sql for
 * what modification must return).  Returns the number of rows changed.
 */
uint64
rdr_logged_exec(RdrCall *call, const char *modification, Oid relid,
				const char *operation, int64 undo_of, int nargs, Oid *types,
				Datum *values, const char *nulls)
{
	RdrChanges	ch;

	rdr_changes_init(&ch);
	(void) rdr_change_exec(&ch, rdr_table_label(relid), operation,
						   rdr_change_sql(relid, modification),
						   nargs, types, values, nulls);
	return rdr_changes_log(call, &ch, undo_of);
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
