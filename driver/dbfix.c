/*-------------------------------------------------------------------------
 *
 * dbfix.c
 *	  rdr-failover's one transaction of rdr_fix_* calls (step 4), retried
 *	  on the SQLSTATEs that allow it.  The session it runs in is dbext.c's,
 *	  the domains it starts from dbdomains.c's.
 *
 * All SQL goes through PQexecParams with bound parameters, except the
 * rdr_fix_* calls of the transaction: they are sent all at once in
 * libpq's pipeline mode, each kind parsed once as the unnamed prepared
 * statement (PQsendPrepare, PQsendQueryPrepared), which saves one round
 * trip and one parse per call, the larger part of a 10,000-LUN run.  A failed
 * transaction is retried only when its SQLSTATE says a retry can succeed
 * (serialization failure, deadlock, lock not available, or 55006 while
 * the engine's last sessions are still closing); the message text is
 * never looked at.
 *
 * The calls name the extension's functions with its schema
 * (rdr_db_ext_schema, dbext.h), never through a search_path.
 *
 * For tests of a lost connection, RDR_TEST_PAUSE_BEFORE_COMMIT=SECONDS
 * makes the transaction wait after its last call, before COMMIT, and say
 * so in the log: an injection point in the spirit of PostgreSQL's, so a
 * test can terminate the backend or kill the driver at that exact moment.
 *
 *-------------------------------------------------------------------------
 */
#include "dbfix.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "numparse.h"
#include "xalloc.h"

/* The columns every rdr_fix_* call returns, as text. */
#define CHANGE_COLS RDR_DB_CHANGE_COLS

static void fail_reason(PGconn *conn, const PGresult *res, const char *what,
						char *why, size_t whysize);

/* getv: a result value, or NULL for SQL NULL. */
static const char *
getv(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* retryable: the SQLSTATEs after which the same transaction may succeed. */
static bool
retryable(const char *state)
{
	static const char *const states[] = {
		"40001",				/* serialization_failure */
		"40P01",				/* deadlock_detected */
		"55P03",				/* lock_not_available */
		"55006",				/* object_in_use: engine sessions closing */
	};

	if (state == NULL)
		return false;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(state, states[i]) == 0)
			return true;
	return false;
}

/*
 * iscsi_params: v[1]..v[12] of an iSCSI call (v[10], the PV, is the
 * call's): the target of c's line, the probed LUN, the CHAP credentials.
 */
static void
iscsi_params(const RdrConfig *cfg, const RdrFixCall *c, const char **v, char bufs[][32])
{
	const RdrConfDomain *d = c->conf;

	snprintf(bufs[0], 32, "%d", d->portal_port);
	snprintf(bufs[1], 32, "%d", d->portal_tpgt);
	snprintf(bufs[2], 32, "%d", c->lun.lun_mapping);
	v[1] = d->portal_host;
	v[2] = d->iqn;
	v[3] = bufs[0];
	v[4] = bufs[1];
	v[5] = c->lun.lun_id;
	v[6] = c->lun.serial;
	v[7] = bufs[2];
	v[8] = c->lun.vendor_id;
	v[9] = c->lun.product_id;
	v[10] = c->pv_id;

	/*
	 * this domain's CHAP, the one its probe logged in with; none ('') removes
	 * the other site's from the row: the target was just reached without it,
	 * and a hypervisor sending CHAP to a target that wants none fails to log
	 * in
	 */
	rdr_config_domain_chap(cfg, d, &v[11], &v[12]);
	if (v[11] == NULL)
		v[11] = "", v[12] = NULL;
}

/*
 * call_params: the SQL (into sql, naming the functions with schema) and
 * parameters of one planned call.
 */
static void
call_params(const RdrConfig *cfg, const RdrFixCall *c, const char *schema,
			char *sql, size_t sqlsize, const char **v, char bufs[][32])
{
	const RdrConfDomain *d = c->conf;

	if (c->direct_lun && d->type == RDR_STORAGE_FIBRE)
	{
		/* a fibre direct-LUN disk's LUN: its identity, no target */
		snprintf(bufs[0], 32, "%d", c->lun.lun_mapping);
		v[0] = c->old_lun_id;
		v[1] = c->lun.lun_id;
		v[2] = c->lun.serial;
		v[3] = bufs[0];
		v[4] = c->lun.vendor_id;
		v[5] = c->lun.product_id;
		snprintf(sql, sqlsize, "SELECT " CHANGE_COLS " FROM %s.rdr_fix_direct_fibre_lun($1, $2, $3, "
				 "$4::pg_catalog.int4, $5, $6)", schema);
		return;
	}
	if (c->direct_lun)
	{
		/* a direct-LUN disk's LUN: named by lun_id, not by a domain */
		v[0] = c->old_lun_id;
		iscsi_params(cfg, c, v, bufs);
		v[10] = v[11], v[11] = v[12], v[12] = NULL;
		snprintf(sql, sqlsize, "SELECT " CHANGE_COLS " FROM %s.rdr_fix_direct_lun($1, $2, $3, "
				 "$4::pg_catalog.int4, $5, $6, $7, $8::pg_catalog.int4, $9, $10, $11, $12)", schema);
		return;
	}
	v[0] = d->name;
	switch (d->type)
	{
		case RDR_STORAGE_NFS:
			v[1] = d->export_path;
			snprintf(sql, sqlsize, "SELECT " CHANGE_COLS " FROM %s.rdr_fix_nfs($1, $2)", schema);
			return;
		case RDR_STORAGE_ISCSI:
			iscsi_params(cfg, c, v, bufs);
			snprintf(sql, sqlsize, "SELECT " CHANGE_COLS " FROM %s.rdr_fix_iscsi($1, $2, $3, "
					 "$4::pg_catalog.int4, $5, $6, $7, $8::pg_catalog.int4, $9, $10, $11, $12, $13)",
					 schema);
			return;
		case RDR_STORAGE_FIBRE:
			snprintf(bufs[0], 32, "%d", c->lun.lun_mapping);
			v[1] = c->lun.lun_id;
			v[2] = c->lun.serial;
			v[3] = bufs[0];
			v[4] = c->lun.vendor_id;
			v[5] = c->lun.product_id;
			v[6] = c->pv_id;
			snprintf(sql, sqlsize, "SELECT " CHANGE_COLS " FROM %s.rdr_fix_fibre($1, $2, $3, "
					 "$4::pg_catalog.int4, $5, $6, $7)", schema);
			return;
	}
	sql[0] = '\0';
}

static int
call_nparams(const RdrFixCall *c)
{
	RdrStorageType t = c->conf->type;

	if (c->direct_lun)
		return t == RDR_STORAGE_FIBRE ? 6 : 12;
	return t == RDR_STORAGE_NFS ? 2 : t == RDR_STORAGE_ISCSI ? 13 : 7;
}

/* collect: append the rdr_change rows of res, made by domain, to out. */
void
rdr_db_collect(RdrChanges *out, const PGresult *res, const char *domain)
{
	int			n = PQntuples(res);
	RdrChange  *items = xrealloc(out->items, (size_t) (out->count + n + 1) * sizeof(RdrChange));

	out->items = items;
	for (int i = 0; i < n; i++)
	{
		RdrChange  *c = &out->items[out->count++];
		const char *v = getv(res, i, 0);
		int64_t		run = 0;

		c->domain = xstrdup(domain);
		/* the run only labels the row in the report: a bad one is said */
		if (v && !rdr_parse_int64(v, 1, INT64_MAX, &run))
		{
			rdr_log_warning("rdr_fix_* gave run \"%s\", not a run number: its row is listed without it", v);
			run = 0;
		}
		c->run = (long long) run;
		c->table_name = xstrdup(getv(res, i, 1));
		c->operation = xstrdup(getv(res, i, 2));
		c->row_key = xstrdup(getv(res, i, 3));
		c->before = xstrdup(getv(res, i, 4));
		c->after = xstrdup(getv(res, i, 5));
	}
}

/*
 * new_kind: whether call i of plan is the first of its kind in a row, so
 * that the unnamed statement is parsed (again) before it.
 */
static bool
new_kind(const RdrFixPlan *plan, int i)
{
	return i == 0 || plan->calls[i].conf->type != plan->calls[i - 1].conf->type ||
		plan->calls[i].direct_lun != plan->calls[i - 1].direct_lun;
}

/*
 * drain_pipeline: read and discard what is left of a pipeline up to and
 * including its sync result, then leave pipeline mode.  False when the
 * connection broke on the way (the caller looks at PQstatus).
 */
static bool
drain_pipeline(PGconn *conn)
{
	int			nulls = 0;

	while (PQstatus(conn) == CONNECTION_OK)
	{
		PGresult   *r = PQgetResult(conn);
		ExecStatusType st;

		if (r == NULL)
		{
			/* one NULL ends each query; two in a row: nothing is left */
			if (++nulls == 2)
				return PQexitPipelineMode(conn) == 1;
			continue;
		}
		nulls = 0;
		st = PQresultStatus(r);
		PQclear(r);
		if (st == PGRES_PIPELINE_SYNC)
			return PQexitPipelineMode(conn) == 1;
	}
	return false;
}

/*
 * run_calls: every call of plan, sent in one libpq pipeline (one round
 * trip instead of one per call: the calls do not depend on each other's
 * results), then their results read in order and the rdr_change rows of
 * each collected into out.
 *
 * The server stops at the first failing call and answers every later one
 * with PGRES_PIPELINE_ABORTED, so the first real error is the one kept:
 * on failure *resp gets its result (NULL if the connection broke without
 * one) and what names the call, like a failed PQexecParams did.  The
 * connection is out of pipeline mode again on return unless it broke.
 */
static bool
run_calls(PGconn *conn, const RdrConfig *cfg, const RdrFixPlan *plan,
		  RdrChanges *out, PGresult **resp, char *what, size_t whatsize)
{
	int			sent = 0;
	bool		lost = false;
	const char *schema;

	*resp = NULL;
	/* before the pipeline: the lookup is a query of its own */
	if ((schema = rdr_db_ext_schema(conn)) == NULL)
	{
		snprintf(what, whatsize, "could not find the schema of extension \"rdr\"");
		return false;
	}
	if (PQenterPipelineMode(conn) != 1)
	{
		snprintf(what, whatsize, "could not enter libpq pipeline mode");
		return false;
	}

	/*
	 * Each call runs the unnamed prepared statement of its kind, parsed again
	 * only when the kind changes: parsing and planning the same SELECT ten
	 * thousand times would cost the server more than the round trips the
	 * pipeline saves.
	 */
	for (int i = 0; i < plan->count; i++)
	{
		const RdrFixCall *c = &plan->calls[i];
		const char *v[13] = {0};
		char		bufs[3][32];
		char		sql[512];
		int			nparams = call_nparams(c);

		call_params(cfg, c, schema, sql, sizeof(sql), v, bufs);

		rdr_log_verbose("calling rdr_fix_%s for %s\"%s\"",
						c->direct_lun ? (c->conf->type == RDR_STORAGE_FIBRE ? "direct_fibre_lun" : "direct_lun") :
						rdr_config_storage_type_name(c->conf->type),
						c->direct_lun ? "" : "storage domain ", c->conf->name);
		if ((new_kind(plan, i) && !PQsendPrepare(conn, "", sql, nparams, NULL)) ||
			!PQsendQueryPrepared(conn, "", nparams, v, NULL, NULL, 0))
		{
			snprintf(what, whatsize, "could not send the fix of storage domain \"%s\" (%s:%d)",
					 c->conf->name, cfg->path, c->conf->line);
			break;
		}
		sent++;
	}
	if (!PQpipelineSync(conn))
	{
		if (sent == plan->count)
			snprintf(what, whatsize, "could not send the storage transaction's calls");
		sent = -1;
	}
	if (sent < plan->count)
	{
		/* the calls sent so far are rolled back by the caller */
		if (sent >= 0)
			drain_pipeline(conn);
		return false;
	}

	for (int i = 0; i < sent; i++)
	{
		const RdrFixCall *c = &plan->calls[i];
		PGresult   *r = PQgetResult(conn);
		ExecStatusType st = PQresultStatus(r);

		if (new_kind(plan, i) && r != NULL && PQstatus(conn) == CONNECTION_OK)
		{
			/* the Parse before the call: its result, then its NULL */
			if (st != PGRES_COMMAND_OK && st != PGRES_PIPELINE_ABORTED &&
				*resp == NULL)
			{
				snprintf(what, whatsize, "could not prepare the fix of storage domain \"%s\" (%s:%d)",
						 c->conf->name, cfg->path, c->conf->line);
				*resp = r;
				r = NULL;
			}
			PQclear(r);
			PQclear(PQgetResult(conn));
			r = PQgetResult(conn);
			st = PQresultStatus(r);
		}

		if (r == NULL || PQstatus(conn) != CONNECTION_OK)
		{
			/* the connection broke: keep its error unless one came first */
			if (*resp == NULL)
			{
				snprintf(what, whatsize, "could not fix storage domain \"%s\" (%s:%d)",
						 c->conf->name, cfg->path, c->conf->line);
				*resp = r;
			}
			else
				PQclear(r);
			lost = true;
			break;
		}
		if (st == PGRES_TUPLES_OK && *resp == NULL)
			rdr_db_collect(out, r, c->conf->name);
		else if (st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_ABORTED && *resp == NULL)
		{
			snprintf(what, whatsize, "could not fix storage domain \"%s\" (%s:%d)",
					 c->conf->name, cfg->path, c->conf->line);
			*resp = r;
			r = NULL;
		}
		PQclear(r);
		/* the NULL that ends each query's results */
		PQclear(PQgetResult(conn));
	}
	if (lost)
		return false;
	if (!drain_pipeline(conn))
	{
		if (*resp == NULL)
			snprintf(what, whatsize, "could not end the pipeline of the storage transaction");
		return false;
	}
	return *resp == NULL;
}

/*
 * apply_once: one attempt.  Returns the outcome; *state gets the SQLSTATE
 * of the failure (static storage) for the retry decision.
 */
static RdrDbOutcome
apply_once(PGconn *conn, const RdrConfig *cfg, const RdrFixPlan *plan,
		   RdrDbPrepare *prep, bool dry_run, RdrChanges *out,
		   RdrDbBeforeCommit before_commit, void *arg, char *state,
		   size_t statesize)
{
	PGresult   *res = NULL;
	const char *pause = getenv("RDR_TEST_PAUSE_BEFORE_COMMIT");
	int			pause_s = 0;
	char		what[512] = "storage transaction failed";

	state[0] = '\0';
	if (!rdr_db_simple(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE", &res))
	{
		snprintf(what, sizeof(what), "could not start the storage transaction");
		goto fail;
	}
	if (dry_run && !rdr_db_simple(conn, "SET LOCAL rdr.force = on", &res))
	{
		snprintf(what, sizeof(what), "could not prepare the dry run");
		goto fail;
	}
	what[0] = '\0';
	if (prep && !prep->fn(conn, prep, out, &res, what, sizeof(what)))
		goto fail;
	if (prep)
		plan = &prep->plan;
	if (!run_calls(conn, cfg, plan, out, &res, what, sizeof(what)))
		goto fail;
	if (pause && !rdr_parse_int(pause, 0, 3600, &pause_s))
		rdr_log_warning("RDR_TEST_PAUSE_BEFORE_COMMIT=\"%s\" is not a number of seconds (0 to 3600): ignored",
						pause);
	else if (pause && pause_s > 0)
	{
		rdr_log_info("test pause: %d s before COMMIT of the storage transaction", pause_s);
		sleep((unsigned) pause_s);
	}

	/*
	 * A round trip before COMMIT: if the connection is gone by now, COMMIT
	 * was never sent and the server has rolled back for sure; only a loss
	 * during the COMMIT itself leaves the outcome unknown.
	 */
	res = PQexecParams(conn, "SELECT 1", 0, NULL, NULL, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		snprintf(what, sizeof(what), "storage transaction failed before COMMIT");
		goto fail;
	}
	PQclear(res);
	res = NULL;
	if (dry_run)
	{
		if (!rdr_db_simple(conn, "ROLLBACK", &res))
		{
			snprintf(what, sizeof(what), "could not roll back the dry run");
			goto fail;
		}
		return RDR_DB_COMMITTED;
	}
	if (before_commit && !before_commit(arg, out))
	{
		/* the hook said why; what is not an SQL error */
		what[0] = '\0';
		goto fail;
	}
	if (!rdr_db_simple(conn, "COMMIT", &res))
	{
		const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		/*
		 * 57P01..57P03: the server ended this backend (pg_terminate_backend,
		 * shutdown) before it got the COMMIT, so the transaction is rolled
		 * back for sure.  Without an SQLSTATE the COMMIT may have been
		 * processed: only then is the outcome unknown.
		 */
		if (PQstatus(conn) != CONNECTION_OK && !(s && strncmp(s, "57P", 3) == 0))
		{
			rdr_db_log_error(conn, res, "connection to the database lost during COMMIT", NULL);
			if (prep == NULL)
				rdr_log_hint("The outcome is unknown.  The fix is idempotent: run rdr-failover --resume to finish it.");
			PQclear(res);
			return RDR_DB_UNKNOWN;
		}
		snprintf(what, sizeof(what), "could not commit the storage transaction");
		goto fail;
	}
	return RDR_DB_COMMITTED;

fail:
	{
		const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

		snprintf(state, statesize, "%s", s ? s : "");
		if (prep)
			fail_reason(conn, res, what, prep->why, sizeof(prep->why));
		if (PQstatus(conn) != CONNECTION_OK)
		{
			rdr_db_log_error(conn, res, "connection to the database lost during the storage transaction",
							 cfg);
			rdr_log_hint("The server rolled the transaction back: no storage row was changed.");
		}
		else
		{
			PGresult   *rb = NULL;

			if (!retryable(state) && what[0] != '\0')
				rdr_db_log_error(conn, res, what, cfg);
			if (!rdr_db_simple(conn, "ROLLBACK", &rb))
				PQclear(rb);
		}
		PQclear(res);
		/* rows of a rolled-back attempt did not happen */
		rdr_changes_free(out);
		return RDR_DB_ROLLED_BACK;
	}
}

/*
 * fail_reason: why an attempt failed, in one line for the step's report:
 * what failed and the server's or the connection's message; never empty.
 */
static void
fail_reason(PGconn *conn, const PGresult *res, const char *what, char *why,
			size_t whysize)
{
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char		msg[512];

	if (primary == NULL && PQstatus(conn) != CONNECTION_OK)
	{
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(conn));
		msg[strcspn(msg, "\n")] = '\0';
		primary = msg[0] ? msg : "connection lost";
	}
	if (primary && what[0])
		snprintf(why, whysize, "%s: %s", what, primary);
	else
		snprintf(why, whysize, "%s", what[0] ? what : primary ? primary
				 : "the storage transaction failed");
}

RdrDbOutcome
rdr_db_apply(PGconn **conn, const RdrConfig *cfg, const RdrFixPlan *plan,
			 bool dry_run, RdrChanges *out, RdrDbBeforeCommit before_commit,
			 void *arg)
{
	return rdr_db_apply_prepared(conn, cfg, plan, NULL, dry_run, out, before_commit, arg);
}

RdrDbOutcome
rdr_db_apply_prepared(PGconn **conn, const RdrConfig *cfg, const RdrFixPlan *plan,
					  RdrDbPrepare *prep, bool dry_run, RdrChanges *out,
					  RdrDbBeforeCommit before_commit, void *arg)
{
	char		state[8];
	int			backoff_ms = 200;

	memset(out, 0, sizeof(*out));
	for (int attempt = 0;; attempt++)
	{
		RdrDbOutcome o;

		if (prep)
			rdr_fix_plan_free(&prep->plan);
		o = apply_once(*conn, cfg, plan, prep, dry_run, out, before_commit, arg,
					   state, sizeof(state));

		if (o != RDR_DB_ROLLED_BACK || !retryable(state))
			return o;
		if (attempt >= cfg->db_retries)
		{
			rdr_log_error("storage transaction failed %d times with SQLSTATE %s; giving up",
						  attempt + 1, state);
			if (strcmp(state, "55006") == 0)
				rdr_log_hint("Another session is still connected to the database: stop the engine (CONFIG engine_stop).");
			return o;
		}
		rdr_log_warning("storage transaction failed with SQLSTATE %s, retrying in %d ms",
						state, backoff_ms);
		usleep((useconds_t) backoff_ms * 1000);
		backoff_ms *= 2;
	}
}

void
rdr_fix_plan_free(RdrFixPlan *plan)
{
	for (int i = 0; i < plan->count; i++)
	{
		free(plan->calls[i].old_lun_id);
		free(plan->calls[i].pv_id);
	}
	free(plan->calls);
	memset(plan, 0, sizeof(*plan));
}
