/*-------------------------------------------------------------------------
 *
 * bench_dbfix.c
 *	  Benchmark of the rdr extension from the driver's side.
 *
 * Re-points every domain of the generated database (bench-fixture.sql)
 * exactly as rdr-failover does: libpq, PQexecParams with bound
 * parameters, one transaction per storage kind, rdr_domains() once, then
 * per block domain rdr_domain_luns() and one rdr_fix_iscsi() /
 * rdr_fix_fibre() per LUN picked by physical_volume_id, per NFS domain one
 * rdr_fix_nfs().  It checks the result (every LUN re-pointed, every
 * reference following) before it prints the timings, so a fast but wrong
 * run fails.
 *
 *	  bench_dbfix [--pipeline] DBNAME	(connection from PGHOST/PGPORT/PGUSER)
 *
 * --pipeline sends the same calls with libpq's pipeline mode (all
 * rdr_domain_luns() calls, then all fix calls, then COMMIT, each batch in
 * one round trip): the difference to the default run is what per-call
 * round trips cost on this machine.
 *
 * Output: an aligned table, then "key value" lines for bench/record.sh.
 * Exit status: 0 ok, 1 database error or wrong result, 2 usage.
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "log.h"

#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

typedef struct KindResult
{
	const char *kind;
	long		domains;
	long		luns;
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
 * pipe_collect: read the results of n pipelined queries and the sync;
 * each must have status expected.  Results are kept in res[] when given.
 */
static bool
pipe_collect(PGconn *conn, int n, ExecStatusType expected, PGresult **res)
{
	int			i;
	bool		ok = true;

	for (i = 0; i < n; i++)
	{
		PGresult   *r = PQgetResult(conn);

		if (PQresultStatus(r) != expected)
		{
			if (ok)
				rdr_log_error("pipelined query %d failed: %s", i, PQresultErrorMessage(r));
			ok = false;
		}
		if (res != NULL && ok)
			res[i] = r;
		else
			PQclear(r);
		/* the NULL that ends each query's results */
		r = PQgetResult(conn);
		PQclear(r);
	}
	{
		PGresult   *sync = PQgetResult(conn);

		if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
			ok = false;
		PQclear(sync);
	}
	return ok;
}

/*
 * fix_kind_pipelined: fix_kind() with every batch of calls pipelined.
 */
static bool
fix_kind_pipelined(PGconn *conn, KindResult *r)
{
	const char *p[2];
	PGresult   *domains;
	PGresult  **luns;
	double		start = now_s();
	int			nd;
	int			i;
	int			j;
	int			sent = 0;
	bool		iscsi = strcmp(r->kind, "iscsi") == 0;
	bool		nfs = strcmp(r->kind, "nfs") == 0;

	if (!run_ok(conn, "BEGIN", PGRES_COMMAND_OK))
		return false;
	p[0] = r->kind;
	domains = run(conn, "SELECT name FROM rdr_domains() WHERE storage_type = $1 ORDER BY name",
				  1, p, PGRES_TUPLES_OK);
	if (domains == NULL)
		return false;
	nd = PQntuples(domains);
	luns = calloc(nd > 0 ? nd : 1, sizeof(PGresult *));
	if (luns == NULL || PQenterPipelineMode(conn) != 1)
	{
		rdr_log_error("could not enter pipeline mode");
		return false;
	}

	if (!nfs)
	{
		for (i = 0; i < nd; i++)
		{
			p[0] = PQgetvalue(domains, i, 0);
			if (!PQsendQueryParams(conn, "SELECT lun_id, physical_volume_id, lun_mapping FROM rdr_domain_luns($1)",
								   1, NULL, p, NULL, NULL, 0))
				return false;
		}
		if (!PQpipelineSync(conn) || !pipe_collect(conn, nd, PGRES_TUPLES_OK, luns))
			return false;
	}

	for (i = 0; i < nd; i++)
	{
		const char *name = PQgetvalue(domains, i, 0);
		char		nfsconn[128];
		char		conn_addr[32];
		char		iqn[96];

		if (nfs)
		{
			snprintf(nfsconn, sizeof(nfsconn), "rdr-nfs.siteb.example:/exports/BENCH%d", i + 1);
			p[0] = name;
			p[1] = nfsconn;
			if (!PQsendQueryParams(conn, "SELECT count(*) FROM rdr_fix_nfs($1, $2)", 2, NULL, p, NULL, NULL, 0))
				return false;
			sent++;
			r->domains++;
			continue;
		}
		snprintf(conn_addr, sizeof(conn_addr), "192.168.201.%d", (i + 1) % 250 + 1);
		snprintf(iqn, sizeof(iqn), "iqn.2011-11.siteb.example:bench.%d", i + 1);
		for (j = 0; j < PQntuples(luns[i]); j++)
		{
			const char *old = PQgetvalue(luns[i], j, 0);
			char		lun_id[64];
			char		serial[64];
			char		mapping[16];
			int			ok;

			snprintf(lun_id, sizeof(lun_id), "B%s", old + 1);
			snprintf(serial, sizeof(serial), "SRA-Group%s", old + 1);
			snprintf(mapping, sizeof(mapping), "%d", atoi(PQgetvalue(luns[i], j, 2)) + 100);
			if (iscsi)
			{
				const char *a[11] = {name, conn_addr, iqn, "3260", "1", lun_id,
				serial, mapping, "RA-Group", "iscsi101", PQgetvalue(luns[i], j, 1)};

				ok = PQsendQueryParams(conn, "SELECT count(*) FROM rdr_fix_iscsi($1, $2, $3, $4::int, $5, $6, $7, $8::int, $9, $10, $11)",
									   11, NULL, a, NULL, NULL, 0);
			}
			else
			{
				const char *a[7] = {name, lun_id, serial, mapping, "HP",
				"MSA2324fc", PQgetvalue(luns[i], j, 1)};

				ok = PQsendQueryParams(conn, "SELECT count(*) FROM rdr_fix_fibre($1, $2, $3, $4::int, $5, $6, $7)",
									   7, NULL, a, NULL, NULL, 0);
			}
			if (!ok)
				return false;
			sent++;
			r->luns++;
		}
		r->domains++;
	}
	if (!PQpipelineSync(conn) || !pipe_collect(conn, sent, PGRES_TUPLES_OK, NULL))
		return false;
	for (i = 0; i < nd; i++)
		PQclear(luns[i]);
	free(luns);
	PQclear(domains);
	if (PQexitPipelineMode(conn) != 1 || !run_ok(conn, "COMMIT", PGRES_COMMAND_OK))
		return false;
	r->seconds = now_s() - start;
	return true;
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
	KindResult	results[3] = {{"iscsi", 0, 0, 0}, {"fibre", 0, 0, 0}, {"nfs", 0, 0, 0}};
	PGconn	   *conn;
	int			i;
	bool		pipeline = argc == 3 && strcmp(argv[1], "--pipeline") == 0;
	const char *dbname = argv[argc - 1];
	const char *suffix = pipeline ? "_pipelined" : "";
	double		floor_s;

	rdr_log_init("bench_dbfix");
	if (argc != 2 && !pipeline)
	{
		fprintf(stderr, "usage: bench_dbfix [--pipeline] DBNAME\n");
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

	for (i = 0; i < 3; i++)
	{
		if (!(pipeline ? fix_kind_pipelined(conn, &results[i]) : fix_kind(conn, &results[i])))
		{
			PQfinish(conn);
			return EXIT_FAIL;
		}
	}
	if (!verify(conn, results[0].luns + results[1].luns))
	{
		PQfinish(conn);
		return EXIT_FAIL;
	}
	floor_s = pipeline ? 0 : roundtrip_floor(conn);
	PQfinish(conn);
	if (floor_s < 0)
		return EXIT_FAIL;

	printf("%s\n", pipeline ? "libpq pipeline mode" : "one PQexecParams round trip per call");
	printf("%-6s %8s %8s %9s %10s %10s\n", "kind", "domains", "LUNs", "seconds",
		   "items/s", "ms/item");
	for (i = 0; i < 3; i++)
	{
		long		items = results[i].luns > 0 ? results[i].luns : results[i].domains;

		printf("%-6s %8ld %8ld %9.3f %10.0f %10.3f\n", results[i].kind,
			   results[i].domains, results[i].luns, results[i].seconds,
			   items / results[i].seconds, 1000.0 * results[i].seconds / items);
	}
	if (!pipeline)
	{
		printf("round trips alone: 10000 trivial PQexecParams calls in %.3f s\n", floor_s);
		printf("RECORD dbfix_roundtrip_10000_s %.3f\n", floor_s);
	}
	printf("RECORD dbfix_%ld_luns%s_s %.3f\n", results[0].luns, suffix, results[0].seconds);
	printf("RECORD dbfix_iscsi_luns_per_s%s %.0f\n", suffix, results[0].luns / results[0].seconds);
	printf("RECORD dbfix_iscsi_ms_per_lun%s %.3f\n", suffix, 1000.0 * results[0].seconds / results[0].luns);
	printf("RECORD dbfix_fibre_%ld_luns%s_s %.3f\n", results[1].luns, suffix, results[1].seconds);
	printf("RECORD dbfix_nfs_%ld_domains%s_s %.3f\n", results[2].domains, suffix, results[2].seconds);
	return EXIT_OK;
}
