/*-------------------------------------------------------------------------
 *
 * bench_dbfix.c
 *	  Benchmark of the rdr extension from the driver's side.
 *
 * Re-points every domain of the generated database (bench-fixture.sql),
 * one transaction per storage kind, and checks the result (every LUN
 * re-pointed, every reference following) before it prints the timings,
 * so a fast but wrong run fails.  Two ways:
 *
 *	  bench_dbfix DBNAME			(connection from PGHOST/PGPORT/PGUSER)
 *	  bench_dbfix --sequential DBNAME
 *
 * The default is rdr-failover's own code (librdr.a): rdr_db_read_domains()
 * once, then per kind a plan of one rdr_fix_iscsi() / rdr_fix_fibre() per
 * LUN (site-B identity derived from the site-A one) or one rdr_fix_nfs()
 * per domain, run by rdr_db_apply() -- libpq pipeline mode, the SELECT 1
 * and COMMIT -- which is what is timed: the storage transaction.
 *
 * --sequential is the call path rdr-failover had before: one PQexecParams
 * round trip per rdr_fix_* call (and per rdr_domain_luns() call, inside
 * the timed transaction), for comparison; it also times 10,000 trivial
 * round trips.
 *
 * Output: an aligned table, then "RECORD key value" lines for
 * bench/record.sh: dbfix_* for the driver's path, dbfix_*_sequential for
 * the other.  Exit status: 0 ok, 1 database error or wrong result, 2 usage.
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "config.h"
#include "dbfix.h"
#include "log.h"

#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

typedef struct KindResult
{
	const char *kind;
	long		domains;
	long		luns;
	long		changes;		/* driver path: rdr_change rows returned */
	double		seconds;
} KindResult;

/*
 * now_s: monotonic clock in seconds.
 */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * run: PQexecParams with text parameters; logs and returns NULL unless the
 * result has the expected status.
 */
static PGresult *
run(PGconn *conn, const char *sql, int nparams, const char *const *params,
	ExecStatusType expected)
{
	PGresult   *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != expected)
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		rdr_log_error("query failed: %s", PQerrorMessage(conn));
		rdr_log_detail("SQLSTATE %s, statement: %s", state ? state : "none", sql);
		PQclear(res);
		return NULL;
	}
	return res;
}

/*
 * run_ok: run() for statements whose result is not needed.
 */
static bool
run_ok(PGconn *conn, const char *sql, ExecStatusType expected)
{
	PGresult   *res = run(conn, sql, 0, NULL, expected);

	PQclear(res);
	return res != NULL;
}

/*
 * fix_block_domain: re-point every LUN of one iSCSI or fibre domain.
 */
static bool
fix_block_domain(PGconn *conn, const char *name, bool iscsi, long domain_no,
				 long *luns)
{
	const char *p[11];
	PGresult   *list;
	int			i;
	char		lun_id[64];
	char		serial[64];
	char		mapping[16];
	char		conn_addr[32];
	char		iqn[96];

	p[0] = name;
	list = run(conn, "SELECT lun_id, physical_volume_id, lun_mapping FROM rdr_domain_luns($1)",
			   1, p, PGRES_TUPLES_OK);
	if (list == NULL)
		return false;

	snprintf(conn_addr, sizeof(conn_addr), "192.168.201.%ld", domain_no % 250 + 1);
	snprintf(iqn, sizeof(iqn), "iqn.2011-11.siteb.example:bench.%ld", domain_no);
	for (i = 0; i < PQntuples(list); i++)
	{
		PGresult   *res;
		const char *old = PQgetvalue(list, i, 0);

		/* site-B identity: A-x-d-l becomes B-x-d-l */
		snprintf(lun_id, sizeof(lun_id), "B%s", old + 1);
		snprintf(serial, sizeof(serial), "SRA-Group%s", old + 1);
		snprintf(mapping, sizeof(mapping), "%d", atoi(PQgetvalue(list, i, 2)) + 100);
		if (iscsi)
		{
			const char *a[11] = {name, conn_addr, iqn, "3260", "1", lun_id,
			serial, mapping, "RA-Group", "iscsi101", PQgetvalue(list, i, 1)};

			res = run(conn, "SELECT count(*) FROM rdr_fix_iscsi($1, $2, $3, $4::int, $5, $6, $7, $8::int, $9, $10, $11)",
					  11, a, PGRES_TUPLES_OK);
		}
		else
		{
			const char *a[7] = {name, lun_id, serial, mapping, "HP",
			"MSA2324fc", PQgetvalue(list, i, 1)};

			res = run(conn, "SELECT count(*) FROM rdr_fix_fibre($1, $2, $3, $4::int, $5, $6, $7)",
					  7, a, PGRES_TUPLES_OK);
		}
		if (res == NULL)
		{
			PQclear(list);
			return false;
		}
		PQclear(res);
		(*luns)++;
	}
	PQclear(list);
	return true;
}

/*
 * fix_kind: re-point every domain of one storage kind in one transaction.
 */
static bool
fix_kind(PGconn *conn, KindResult *r)
{
	const char *p[2];
	PGresult   *domains;
	double		start = now_s();
	int			i;
	char		nfs[128];

	if (!run_ok(conn, "BEGIN", PGRES_COMMAND_OK))
		return false;
	p[0] = r->kind;
	domains = run(conn, "SELECT name FROM rdr_domains() WHERE storage_type = $1 ORDER BY name",
				  1, p, PGRES_TUPLES_OK);
	if (domains == NULL)
		return false;

	for (i = 0; i < PQntuples(domains); i++)
	{
		const char *name = PQgetvalue(domains, i, 0);
		bool		ok;

		if (strcmp(r->kind, "nfs") == 0)
		{
			PGresult   *res;

			snprintf(nfs, sizeof(nfs), "rdr-nfs.siteb.example:/exports/BENCH%d", i + 1);
			p[0] = name;
			p[1] = nfs;
			res = run(conn, "SELECT count(*) FROM rdr_fix_nfs($1, $2)", 2, p, PGRES_TUPLES_OK);
			ok = res != NULL;
			PQclear(res);
		}
		else
			ok = fix_block_domain(conn, name, strcmp(r->kind, "iscsi") == 0,
								  i + 1, &r->luns);
		if (!ok)
		{
			PQclear(domains);
			return false;
		}
		r->domains++;
	}
	PQclear(domains);
	if (!run_ok(conn, "COMMIT", PGRES_COMMAND_OK))
		return false;
	r->seconds = now_s() - start;
	return true;
}

/*
 * verify: every site-A LUN is gone, every map row follows its LUN, every
 * connection points at site B.
 */
static bool
verify(PGconn *conn, long expect_luns)
{
	PGresult   *res = run(conn,
						  "SELECT (SELECT count(*) FROM luns WHERE lun_id LIKE 'A-%'),"
						  "       (SELECT count(*) FROM luns WHERE lun_id LIKE 'B-%'),"
						  "       (SELECT count(*) FROM lun_storage_server_connection_map m"
						  "          JOIN luns l USING (lun_id) WHERE l.lun_id LIKE 'B-I-%'),"
						  "       (SELECT count(*) FROM storage_server_connections"
						  "          WHERE connection LIKE '%sitea%' OR iqn LIKE '%sitea%')",
						  0, NULL, PGRES_TUPLES_OK);
	bool		ok;

	if (res == NULL)
		return false;
	ok = atol(PQgetvalue(res, 0, 0)) == 0 &&
		atol(PQgetvalue(res, 0, 1)) == expect_luns &&
		atol(PQgetvalue(res, 0, 2)) == expect_luns / 2 &&
		atol(PQgetvalue(res, 0, 3)) == 0;
	if (!ok)
	{
		rdr_log_error("wrong result after the benchmark");
		rdr_log_detail("site-A LUNs left %s, site-B LUNs %s (expected %ld), map rows re-pointed %s, site-A connections left %s",
					   PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), expect_luns,
					   PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3));
	}
	PQclear(res);
	return ok;
}

/*
 * plan_kind: the driver's plan for every domain of one storage kind in
 * dbd: the Storage_Domain lines a config would have (in conf, one per
 * domain) and one call per LUN or NFS domain, with the site-B identity
 * derived from the site-A one (A-x-d-l becomes B-x-d-l).
 */
static void
plan_kind(const RdrDbDomains *dbd, const char *kind, RdrConfDomain *conf,
		  RdrFixPlan *plan, char strings[][2][128])
{
	bool		iscsi = strcmp(kind, "iscsi") == 0;
	bool		nfs = strcmp(kind, "nfs") == 0;
	int			nd = 0;
	int			ncalls = 0;

	memset(plan, 0, sizeof(*plan));
	for (int i = 0; i < dbd->count; i++)
		if (strcmp(dbd->items[i].storage_type, kind) == 0)
			ncalls += nfs ? 1 : dbd->items[i].n_luns;
	plan->calls = calloc((size_t) (ncalls > 0 ? ncalls : 1), sizeof(RdrFixCall));
	if (plan->calls == NULL)
		abort();

	for (int i = 0; i < dbd->count; i++)
	{
		const RdrDbDomain *d = &dbd->items[i];
		RdrConfDomain *c = &conf[nd];

		if (strcmp(d->storage_type, kind) != 0)
			continue;
		memset(c, 0, sizeof(*c));
		c->name = d->name;
		c->line = ++nd;
		if (nfs)
		{
			c->type = RDR_STORAGE_NFS;
			snprintf(strings[nd - 1][0], 128, "rdr-nfs.siteb.example:/exports/BENCH%d", nd);
			c->export_path = strings[nd - 1][0];
			plan->calls[plan->count++].conf = c;
			continue;
		}
		c->type = iscsi ? RDR_STORAGE_ISCSI : RDR_STORAGE_FIBRE;
		snprintf(strings[nd - 1][0], 128, "192.168.201.%d", nd % 250 + 1);
		snprintf(strings[nd - 1][1], 128, "iqn.2011-11.siteb.example:bench.%d", nd);
		c->portal_host = strings[nd - 1][0];
		c->iqn = strings[nd - 1][1];
		c->portal_port = 3260;
		c->portal_tpgt = 1;
		for (int j = 0; j < d->n_luns; j++)
		{
			const RdrDbLun *l = &d->luns[j];
			RdrFixCall *f = &plan->calls[plan->count++];

			f->conf = c;
			f->old_lun_id = strdup(l->lun_id);
			f->pv_id = l->pv_id ? strdup(l->pv_id) : NULL;
			if (f->old_lun_id == NULL || (l->pv_id && f->pv_id == NULL))
				abort();
			f->lun.lun_mapping = l->lun_mapping + 100;
			snprintf(f->lun.lun_id, sizeof(f->lun.lun_id), "B%s", l->lun_id + 1);
			snprintf(f->lun.serial, sizeof(f->lun.serial), "SRA-Group%s", l->lun_id + 1);
			snprintf(f->lun.vendor_id, sizeof(f->lun.vendor_id), "%s", iscsi ? "RA-Group" : "HP");
			snprintf(f->lun.product_id, sizeof(f->lun.product_id), "%s",
					 iscsi ? "iscsi101" : "MSA2324fc");
		}
	}
}

/*
 * fix_kind_driver: re-point every domain of one storage kind with
 * rdr_db_apply(), the driver's storage transaction; only that is timed.
 */
static bool
fix_kind_driver(PGconn **conn, const RdrDbDomains *dbd, KindResult *r)
{
	RdrConfig	cfg;
	RdrConfDomain *conf = calloc((size_t) dbd->count + 1, sizeof(RdrConfDomain));
	char		(*strings)[2][128] = calloc((size_t) dbd->count + 1, sizeof(*strings));
	RdrFixPlan	plan;
	RdrChanges	changes;
	RdrDbOutcome outcome;
	double		start;
	bool		ok;

	if (conf == NULL || strings == NULL)
		abort();
	memset(&cfg, 0, sizeof(cfg));
	cfg.path = "bench";
	cfg.db_retries = 0;
	plan_kind(dbd, r->kind, conf, &plan, strings);
	for (int i = 0; i < dbd->count; i++)
		if (strcmp(dbd->items[i].storage_type, r->kind) == 0)
			r->domains++;
	if (strcmp(r->kind, "nfs") != 0)
		r->luns = plan.count;

	start = now_s();
	outcome = rdr_db_apply(conn, &cfg, &plan, false, &changes, NULL, NULL);
	r->seconds = now_s() - start;

	/* every call changes at least its own row */
	ok = outcome == RDR_DB_COMMITTED && changes.count >= plan.count;
	if (outcome == RDR_DB_COMMITTED && !ok)
	{
		rdr_log_error("rdr_db_apply returned %d change rows for %d %s calls",
					  changes.count, plan.count, r->kind);
	}
	r->changes = changes.count;
	rdr_changes_free(&changes);
	rdr_fix_plan_free(&plan);
	free(conf);
	free(strings);
	return ok;
}

/*
 * roundtrip_floor: seconds for 10,000 trivial PQexecParams calls, the cost
 * of the round trips alone that the sequential run pays once per LUN.
 */
static double
roundtrip_floor(PGconn *conn)
{
	double		start = now_s();
	int			i;

	for (i = 0; i < 10000; i++)
	{
		const char *p[1] = {"x"};
		PGresult   *res = run(conn, "SELECT count(*) FROM (SELECT $1::text) s", 1, p,
							  PGRES_TUPLES_OK);

		if (res == NULL)
			return -1;
		PQclear(res);
	}
	return now_s() - start;
}

int
main(int argc, char **argv)
{
	KindResult	results[3] = {{"iscsi", 0, 0, 0, 0}, {"fibre", 0, 0, 0, 0}, {"nfs", 0, 0, 0, 0}};
	PGconn	   *conn;
	RdrDbDomains dbd;
	int			i;
	bool		sequential = argc == 3 && strcmp(argv[1], "--sequential") == 0;
	const char *dbname = argv[argc - 1];
	const char *suffix = sequential ? "_sequential" : "";
	double		floor_s = 0;
	double		read_s = 0;
	bool		ok = true;

	rdr_log_init("bench_dbfix");
	if (argc != 2 && !sequential)
	{
		fprintf(stderr, "usage: bench_dbfix [--sequential] DBNAME\n");
		return EXIT_USAGE;
	}

	conn = PQsetdbLogin(NULL, NULL, NULL, NULL, dbname, NULL, NULL);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		rdr_log_error("could not connect to database \"%s\": %s", dbname,
					  PQerrorMessage(conn));
		PQfinish(conn);
		return EXIT_FAIL;
	}

	if (!sequential)
	{
		read_s = now_s();
		ok = rdr_db_read_domains(conn, &dbd);
		read_s = now_s() - read_s;
	}
	for (i = 0; ok && i < 3; i++)
		ok = sequential ? fix_kind(conn, &results[i]) : fix_kind_driver(&conn, &dbd, &results[i]);
	if (!sequential)
		rdr_db_domains_free(&dbd);
	ok = ok && verify(conn, results[0].luns + results[1].luns);
	if (ok && sequential)
		ok = (floor_s = roundtrip_floor(conn)) >= 0;
	PQfinish(conn);
	if (!ok)
		return EXIT_FAIL;

	printf("%s\n", sequential ? "before: one PQexecParams round trip per call (rdr_domain_luns() inside the timing)"
		   : "rdr-failover's path: rdr_db_apply(), calls in libpq pipeline mode");
	printf("%-6s %8s %8s %9s %10s %10s\n", "kind", "domains", "LUNs", "seconds",
		   "items/s", "ms/item");
	for (i = 0; i < 3; i++)
	{
		long		items = results[i].luns > 0 ? results[i].luns : results[i].domains;

		printf("%-6s %8ld %8ld %9.3f %10.0f %10.3f\n", results[i].kind,
			   results[i].domains, results[i].luns, results[i].seconds,
			   items / results[i].seconds, 1000.0 * results[i].seconds / items);
	}
	if (sequential)
	{
		printf("round trips alone: 10000 trivial PQexecParams calls in %.3f s\n", floor_s);
		printf("RECORD dbfix_roundtrip_10000_s %.3f\n", floor_s);
	}
	else
	{
		printf("before the transaction: rdr_db_read_domains() in %.3f s; %ld iSCSI change rows returned\n",
			   read_s, results[0].changes);
		printf("RECORD dbfix_read_domains_s %.3f\n", read_s);
	}
	printf("RECORD dbfix_%ld_luns%s_s %.3f\n", results[0].luns, suffix, results[0].seconds);
	printf("RECORD dbfix_iscsi_luns_per_s%s %.0f\n", suffix, results[0].luns / results[0].seconds);
	printf("RECORD dbfix_iscsi_ms_per_lun%s %.3f\n", suffix, 1000.0 * results[0].seconds / results[0].luns);
	printf("RECORD dbfix_fibre_%ld_luns%s_s %.3f\n", results[1].luns, suffix, results[1].seconds);
	printf("RECORD dbfix_nfs_%ld_domains%s_s %.3f\n", results[2].domains, suffix, results[2].seconds);
	return EXIT_OK;
}
