/*-------------------------------------------------------------------------
 *
 * spi_util.c
 *	  Checked SPI execution with a small cache of prepared plans.
 *
 * Every statement of rdr goes through rdr_spi_exec(): values are always
 * bound as parameters (never pasted into the SQL text), and the exact
 * SPI_OK_* code the caller expects is checked.  A failover of a large
 * installation calls rdr_fix_iscsi() once per LUN, thousands of times in
 * one transaction, so the plans of rdr's statements are prepared once per
 * backend and kept (SPI_keepplan); the plan cache of PostgreSQL re-plans
 * them by itself when a table they use changes.  (Their names are all
 * schema-qualified, and every rdr function runs with the same pinned
 * search_path, so the caller's search_path neither changes what they
 * mean nor forces a re-plan.)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "spi_util.h"

/*
 * The statements rdr runs are few (about twenty per schema, the texts of
 * those naming referencing tables differ per table), so a list is enough.
 * The bound keeps a pathological schema from growing it without limit:
 * statements beyond it are planned on every call.
 */
#define RDR_PLAN_CACHE_MAX 128

typedef struct RdrPlan
{
	struct RdrPlan *next;
	char	   *query;
	int			nargs;
	SPIPlanPtr	plan;
} RdrPlan;

static RdrPlan *plan_cache = NULL;
static int	plan_cache_len = 0;

/*
 * rdr_spi_connect: SPI_connect, reporting a failure as an internal error.
 */
void
rdr_spi_connect(void)
{
	int			rc = SPI_connect();

	if (rc != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
}

/*
 * rdr_spi_finish: SPI_finish, reporting a failure as an internal error.
 * Everything SPI returned is freed here: callers copy what they keep into
 * their own memory context (or a tuplestore) before.
 */
void
rdr_spi_finish(void)
{
	int			rc = SPI_finish();

	if (rc != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
}

/*
 * rdr_spi_exec: run query with the given bound parameters and return the
 * number of rows processed.  The result must be exactly the SPI code
 * expected (SPI_OK_SELECT, SPI_OK_INSERT_RETURNING, ...); anything else is
 * a bug in rdr, not a user error, hence elog.  Errors raised by the
 * statement itself (constraint violations, ...) propagate unchanged and
 * abort the caller's transaction: nothing is half-applied.
 */
uint64
rdr_spi_exec(const char *query, int nargs, Oid *argtypes, Datum *values,
			 const char *nulls, int expected)
{
	RdrPlan    *p;
	SPIPlanPtr	plan = NULL;
	bool		kept = false;
	int			rc;

	for (p = plan_cache; p != NULL; p = p->next)
	{
		if (p->nargs == nargs && strcmp(p->query, query) == 0)
		{
			plan = p->plan;
			kept = true;
			break;
		}
	}

	if (plan == NULL)
	{
		/*
		 * A generic plan: rdr's statements look rows up by key, so a plan
		 * made for particular values is no better, and re-planning the larger
		 * ones on every call would cost more than running them.
		 */
		plan = SPI_prepare_cursor(query, nargs, argtypes,
								  CURSOR_OPT_GENERIC_PLAN);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s",
				 query, SPI_result_code_string(SPI_result));

		if (plan_cache_len < RDR_PLAN_CACHE_MAX)
		{
			if (SPI_keepplan(plan) != 0)
				elog(ERROR, "SPI_keepplan failed");
			p = MemoryContextAlloc(TopMemoryContext, sizeof(RdrPlan));
			p->query = MemoryContextStrdup(TopMemoryContext, query);
			p->nargs = nargs;
			p->plan = plan;
			p->next = plan_cache;
			plan_cache = p;
			plan_cache_len++;
			kept = true;
		}
	}

	rc = SPI_execute_plan(plan, values, nulls, false, 0);
	if (rc != expected)
		elog(ERROR, "unexpected SPI result %s (expected %s) for \"%s\"",
			 SPI_result_code_string(rc), SPI_result_code_string(expected),
			 query);

	if (!kept)
		SPI_freeplan(plan);

	return SPI_processed;
}

/*
 * rdr_spi_getstr: the text form of column col (1-based) of result row
 * row, or NULL.  Allocated in the SPI procedure context, so valid until
 * rdr_spi_finish().
 */
char *
rdr_spi_getstr(uint64 row, int col)
{
	return SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);
}

/*
 * rdr_spi_getint: column col of row row as an integer (int2/int4/int8);
 * false when it is NULL.
 */
bool
rdr_spi_getint(uint64 row, int col, int64 *value)
{
	bool		isnull;
	Datum		d;
	Oid			type;

	d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col,
					  &isnull);
	if (isnull)
		return false;

	type = SPI_gettypeid(SPI_tuptable->tupdesc, col);
	if (type == INT8OID)
		*value = DatumGetInt64(d);
	else if (type == INT4OID)
		*value = DatumGetInt32(d);
	else if (type == INT2OID)
		*value = DatumGetInt16(d);
	else
		elog(ERROR, "column %d is of type %u, not an integer", col, type);
	return true;
}
