/*-------------------------------------------------------------------------
 *
 * storage_redo.c
 *	  rdr-failover --resume --redo storage (see storage_redo.h).
 *
 * The whole redo is the first part (RdrDbPrepare) of one storage
 * transaction of dbfix.c: rdr_undo of each earlier run, then rdr_domains
 * read inside the same transaction (the rows as they were before the
 * failover), the site-B storage probed and the calls planned as a new run
 * does, then the rdr_fix_* calls and COMMIT.  An error anywhere rolls the
 * undo back with the rest.
 *
 * Which runs: the state line says which runs the storage step committed.
 * A redo that committed while the state file was not updated (a crash
 * between COMMIT and the state write) left that line naming the first
 * run, which is then "already undone" by the redo: the extension lets a
 * run be undone again once its undoer is undone, so the redo's run is
 * undone first, then the first run (extension/undo.c).
 *
 *-------------------------------------------------------------------------
 */
#include "storage_redo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "numparse.h"

/* Longest chain of undo runs followed (a hand-made loop ends here). */
#define MAX_CHAIN 64
#define MAX_RUNS 64

typedef struct Redo
{
	const RdrConfig *cfg;
	long long	runs[MAX_RUNS];
	int			n_runs;
} Redo;

int
rdr_storage_redo_runs(const char *runs, long long *out, int max)
{
	const char *p = runs;
	int			n = 0;

	while (*p == ' ')
		p++;
	while (*p)
	{
		char	   *end;
		long long	v = strtoll(p, &end, 10);

		if (end == p || v <= 0 || n >= max)
			return -1;
		out[n++] = v;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
		while (*p == ' ')
			p++;
	}
	return n;
}

/* by_run_desc: qsort order, newest run first. */
static int
by_run_desc(const void *a, const void *b)
{
	long long	x = *(const long long *) a;
	long long	y = *(const long long *) b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * live_undoer: the run that undid run and is not undone itself, or 0; -1
 * after an error (*resp, what).  Mirrors the extension's rule.
 */
static long long
live_undoer(PGconn *conn, const char *schema, long long run, int depth,
			PGresult **resp, char *what, size_t whatsize)
{
	char		sql[256];
	char		arg[32];
	const char *v[1] = {arg};
	PGresult   *res;
	long long	undoers[MAX_CHAIN];
	int64_t		run_no;
	int			n;
	long long	live = 0;

	if (depth >= MAX_CHAIN)
	{
		snprintf(what, whatsize, "run %lld: rdr_change_log has a chain of more than %d undos",
				 run, MAX_CHAIN);
		return -1;
	}
	snprintf(arg, sizeof(arg), "%lld", run);
	snprintf(sql, sizeof(sql), "SELECT DISTINCT run FROM %s.rdr_change_log "
			 "WHERE undo_of OPERATOR(pg_catalog.=) $1::pg_catalog.int8 ORDER BY run DESC",
			 schema);
	res = PQexecParams(conn, sql, 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		snprintf(what, whatsize, "could not read rdr_change_log for run %lld", run);
		*resp = res;
		return -1;
	}
	n = PQntuples(res) < MAX_CHAIN ? PQntuples(res) : MAX_CHAIN;
	for (int i = 0; i < n; i++)
		undoers[i] = rdr_parse_int64(PQgetvalue(res, i, 0), 1, INT64_MAX, &run_no) ?
			(long long) run_no : 0;
	PQclear(res);
	for (int i = 0; i < n && live == 0; i++)
	{
		long long	u = live_undoer(conn, schema, undoers[i], depth + 1, resp, what, whatsize);

		if (u < 0)
			return -1;
		if (u == 0)
			live = undoers[i];
	}
	return live;
}

/*
 * undo_run: rdr_undo(run), after the live run that undid it if there is
 * one (recursively); the rows go to out.
 */
static bool
undo_run(PGconn *conn, const char *schema, long long run, int depth,
		 RdrChanges *out, PGresult **resp, char *what, size_t whatsize)
{
	char		sql[256];
	char		arg[32];
	char		label[64];
	const char *v[1] = {arg};
	PGresult   *res;
	long long	u = live_undoer(conn, schema, run, depth, resp, what, whatsize);
	int			before = out->count;

	if (u < 0)
		return false;
	if (u > 0)
	{
		rdr_log_info("run %lld was undone by run %lld (an earlier redo): undoing run %lld first",
					 run, u, u);
		if (!undo_run(conn, schema, u, depth + 1, out, resp, what, whatsize))
			return false;
	}
	snprintf(arg, sizeof(arg), "%lld", run);
	snprintf(sql, sizeof(sql), "SELECT " RDR_DB_CHANGE_COLS " FROM %s.rdr_undo($1::pg_catalog.int8)",
			 schema);
	res = PQexecParams(conn, sql, 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		snprintf(what, whatsize, "could not undo run %lld of the storage step", run);
		*resp = res;
		return false;
	}
	snprintf(label, sizeof(label), "undo of run %lld", run);
	rdr_db_collect(out, res, label);
	PQclear(res);
	rdr_log_info("run %lld undone: %d row change(s)", run, out->count - before);
	return true;
}

/* prepare: the RdrDbPrepare of the redo: undo, read, probe, plan. */
static bool
prepare(PGconn *conn, RdrDbPrepare *prep, RdrChanges *out, PGresult **resp,
		char *what, size_t whatsize)
{
	const Redo *redo = prep->arg;
	const char *schema = rdr_db_ext_schema(conn);
	RdrDbDomains dbd;
	bool		ok;

	if (schema == NULL)
	{
		snprintf(what, whatsize, "could not find the schema of extension \"rdr\"");
		return false;
	}
	for (int i = 0; i < redo->n_runs; i++)
		if (!undo_run(conn, schema, redo->runs[i], 0, out, resp, what, whatsize))
			return false;
	if (!rdr_db_read_domains_in(conn, &dbd))
	{
		snprintf(what, whatsize, "could not read the storage domains after the undo");
		return false;
	}
	rdr_log_info("storage rows as before the failover again; probing the site-B storage of %d domain(s)",
				 redo->cfg->n_domains);
	ok = rdr_db_plan(redo->cfg, &dbd, &prep->plan);
	rdr_db_domains_free(&dbd);
	if (!ok)
		snprintf(what, whatsize, "the Storage_Domain lines of %s could not all be probed or matched at site B (errors above)",
				 redo->cfg->path);
	return ok;
}

RdrDbOutcome
rdr_storage_redo(PGconn **conn, const RdrConfig *cfg, const char *runs,
				 RdrDbBeforeCommit before_commit, void *arg,
				 RdrChanges *out, char *why, size_t whysize)
{
	Redo		redo = {.cfg = cfg};
	RdrDbPrepare prep;
	RdrDbOutcome o;

	memset(out, 0, sizeof(*out));
	redo.n_runs = rdr_storage_redo_runs(runs, redo.runs, MAX_RUNS);
	if (redo.n_runs < 0)
	{
		snprintf(why, whysize, "the state file's storage runs \"%s\" are not a list of run numbers", runs);
		rdr_log_error("%s", why);
		return RDR_DB_ROLLED_BACK;
	}
	qsort(redo.runs, (size_t) redo.n_runs, sizeof(redo.runs[0]), by_run_desc);
	memset(&prep, 0, sizeof(prep));
	prep.fn = prepare;
	prep.arg = &redo;
	o = rdr_db_apply_prepared(conn, cfg, NULL, &prep, false, out, before_commit, arg);
	rdr_fix_plan_free(&prep.plan);
	snprintf(why, whysize, "%s", o == RDR_DB_COMMITTED ? "" : prep.why[0] ? prep.why
			 : "the storage transaction failed");
	return o;
}

bool
rdr_storage_redo_begin(RdrRunState *rs, const char *config, char *runs,
					   size_t runssize)
{
	const RdrStepState *st = NULL;
	const char *note;
	long long	tmp[MAX_RUNS];
	static const char *const later[] = {"engine_stop", "engine_start", "hosts", "vms"};

	if (!rdr_runstate_is_done(rs, "storage", &st))
	{
		rdr_log_error("--redo storage: the storage step of the interrupted run in %s is not done",
					  rs->dir);
		rdr_log_hint("Run rdr-failover -c %s --resume: it runs the storage step with the configuration as it is now.",
					 config);
		return false;
	}

	/*
	 * the note of a storage line: "run 5", "runs 5, 6", or "" (no row
	 * changed)
	 */
	note = st->note;
	if (strncmp(note, "runs ", 5) == 0)
		note += 5;
	else if (strncmp(note, "run ", 4) == 0)
		note += 4;
	if (rdr_storage_redo_runs(note, tmp, MAX_RUNS) < 0)
	{
		rdr_log_error("--redo storage: the state file %s names the storage step's runs as \"%s\", not a list of run numbers",
					  rs->path, st->note);
		rdr_log_hint("Undo the runs by hand (SELECT * FROM rdr_undo(RUN), see rdr_change_log), then run rdr-failover -c %s --new.",
					 config);
		return false;
	}
	snprintf(runs, runssize, "%s", note);

	/*
	 * The engine runs again by now: it is stopped and started again around
	 * the redo, and the hosts see the corrected storage.  The storage line
	 * itself stays until the redo commits (a failed redo leaves the state as
	 * it was: --resume alone continues with the first fix).
	 */
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		if (rdr_runstate_is_done(rs, later[i], NULL) && !rdr_runstate_forget(rs, later[i]))
			return false;
	rdr_log_info("--redo storage: undoing the storage step's run(s) %s and fixing again",
				 runs[0] ? runs : "(none: it changed no row)");
	return true;
}
