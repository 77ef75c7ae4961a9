/*-------------------------------------------------------------------------
 *
 * sim_db.c
 *	  The database gate of the SPM election, for either site.
 *
 * A real engine elects an SPM only if the host can reach the master
 * domain's storage, and it finds that storage through the rhevm rows
 * (storage_domain_static.storage -> storage_server_connections for NFS,
 * -> luns.volume_group_id (+ lun_storage_server_connection_map for
 * iSCSI)).  The simulator has no storage, so it compares those rows with
 * the site-B storage the scenario names: if rdr fixed them right the
 * election succeeds, otherwise it fails for ever.
 *
 * One short libpq connection per check: checks happen once per contention
 * (minutes of scenario time), and a fresh connection sees the committed
 * fix without any session state.  Values are always bound as parameters.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "log.h"
#include "sim_db.h"
#include "sim_fromdb.h"

#define Q_NFS \
	"SELECT c.connection, NULL, NULL, NULL, NULL " \
	"  FROM storage_domain_static s " \
	"  JOIN storage_server_connections c ON c.id = s.storage " \
	" WHERE s.storage_name = $1"
#define Q_FCP \
	"SELECT NULL, NULL, NULL, l.lun_id, l.serial " \
	"  FROM storage_domain_static s " \
	"  JOIN luns l ON l.volume_group_id = s.storage " \
	" WHERE s.storage_name = $1"
#define Q_ISCSI \
	"SELECT c.connection, c.iqn, c.port, l.lun_id, l.serial " \
	"  FROM storage_domain_static s " \
	"  JOIN luns l ON l.volume_group_id = s.storage " \
	"  JOIN lun_storage_server_connection_map m ON m.lun_id = l.lun_id " \
	"  JOIN storage_server_connections c ON c.id = m.storage_server_connection " \
	" WHERE s.storage_name = $1"

/*
 * in_list: v is one of the comma-separated values of list.  A block
 * domain's volume group may span several LUNs (lun_id=L1,L2).
 */
static bool
in_list(const char *list, const char *v)
{
	size_t		n = strlen(v);
	const char *p = list;

	for (;;)
	{
		const char *end = strchr(p, ',');
		size_t		len = end ? (size_t) (end - p) : strlen(p);

		if (len == n && strncmp(p, v, n) == 0)
			return true;
		if (end == NULL)
			return false;
		p = end + 1;
	}
}

/*
 * column_ok: compare one column with the expectation (NULL: any); with
 * list, the expectation is a comma-separated list of allowed values.
 */
static bool
column_ok(PGresult *res, int row, int col, const char *expect, bool list,
		  const char *domain, const char *what, const char *site)
{
	const char *v;

	if (expect == NULL)
		return true;
	v = PQgetisnull(res, row, col) ? "(null)" : PQgetvalue(res, row, col);
	if (strcmp(v, expect) == 0 || (list && in_list(expect, v)))
		return true;
	rdr_log_verbose("gate: storage domain \"%s\": %s is \"%s\", site %s needs \"%s\"",
					domain, what, v, site, expect);
	return false;
}

/*
 * luns_ok: every LUN of a multi-LUN expectation has a row.  The host
 * needs every physical volume of the domain's VG (vdsm's blockSD refuses
 * a VG with a missing PV), so one re-pointed LUN of two is not enough.
 */
static bool
luns_ok(PGresult *res, int col, const char *expect, const char *domain,
		const char *site)
{
	const char *p = expect;

	if (expect == NULL || strchr(expect, ',') == NULL)
		return true;
	for (;;)
	{
		const char *end = strchr(p, ',');
		size_t		len = end ? (size_t) (end - p) : strlen(p);
		bool		found = false;

		for (int i = 0; i < PQntuples(res) && !found; i++)
			found = !PQgetisnull(res, i, col) &&
				strlen(PQgetvalue(res, i, col)) == len &&
				strncmp(PQgetvalue(res, i, col), p, len) == 0;
		if (!found)
		{
			rdr_log_verbose("gate: storage domain \"%s\": no LUN \"%.*s\", site %s needs \"%s\"",
							domain, (int) len, p, site, expect);
			return false;
		}
		if (end == NULL)
			return true;
		p = end + 1;
	}
}

/* Check the rows of one gated domain against site A's or site B's storage. */
static bool
domain_ok(PGconn *conn, SimStorageDomain *sd, bool site_a)
{
	const char *q;
	const char *params[1] = {sd->name};
	PGresult   *res;
	bool		ok = true;
	const char *site = site_a ? "A" : "B";
	int			i;

	q = sd->gate == GATE_NFS ? Q_NFS : sd->gate == GATE_FCP ? Q_FCP : Q_ISCSI;
	res = PQexecParams(conn, q, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_log_warning("gate: could not read the rows of storage domain \"%s\"",
						sd->name);
		rdr_log_detail("%s (SQLSTATE %s)", PQresultErrorMessage(res),
					   PQresultErrorField(res, PG_DIAG_SQLSTATE) ?
					   PQresultErrorField(res, PG_DIAG_SQLSTATE) : "?");
		PQclear(res);
		return false;
	}
	if (PQntuples(res) == 0)
	{
		rdr_log_verbose("gate: storage domain \"%s\" has no storage rows",
						sd->name);
		ok = false;
	}
	if (site_a && sd->expect_a_connection == NULL && sd->expect_a_lun_id == NULL)
	{
		rdr_log_verbose("gate: storage domain \"%s\" has no site-A storage in the scenario",
						sd->name);
		ok = false;
	}
	for (i = 0; i < PQntuples(res) && ok; i++)
	{
		if (sd->gate_away)
		{
			ok = sim_fromdb_row_moved(res, i, sd);
			continue;
		}
		if (site_a)
			ok = column_ok(res, i, 0, sd->expect_a_connection, false, sd->name, "connection", site) &&
				column_ok(res, i, 1, sd->expect_a_iqn, false, sd->name, "iqn", site) &&
				column_ok(res, i, 2, sd->expect_a_port, false, sd->name, "port", site) &&
				column_ok(res, i, 3, sd->expect_a_lun_id, true, sd->name, "lun_id", site) &&
				column_ok(res, i, 4, sd->expect_a_serial, false, sd->name, "serial", site);
		else
			ok = column_ok(res, i, 0, sd->expect_connection, false, sd->name, "connection", site) &&
				column_ok(res, i, 1, sd->expect_iqn, false, sd->name, "iqn", site) &&
				column_ok(res, i, 2, sd->expect_port, false, sd->name, "port", site) &&
				column_ok(res, i, 3, sd->expect_lun_id, true, sd->name, "lun_id", site) &&
				column_ok(res, i, 4, sd->expect_serial, false, sd->name, "serial", site);
	}
	/* a --from-db domain's expect_lun_id lists the site-A LUNs that must go */
	ok = ok && (sd->gate_away ||
				luns_ok(res, 3, site_a ? sd->expect_a_lun_id : sd->expect_lun_id,
						sd->name, site));
	PQclear(res);
	return ok;
}

/*
 * gate_connect: a short connection to the rhevm database, NULL (and a
 * warning) when there is none.  Defaults first, so the scenario's
 * conninfo (expanded from "dbname") overrides them: the gate runs with
 * the model lock held, so it must never wait long for a connection or a
 * lock.
 */
static PGconn *
gate_connect(SimModel *m, SimStorageDomain *sd)
{
	const char *const keys[] = {"connect_timeout", "options", "dbname", NULL};
	const char *const vals[] = {"5", "-c statement_timeout=5000", m->db_conninfo, NULL};
	PGconn	   *conn;

	if (m->db_conninfo == NULL)
	{
		rdr_log_warning("gate: storage domain \"%s\" is gated but no database is configured",
						sd->name);
		return NULL;
	}
	conn = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		rdr_log_warning("gate: could not connect to the rhevm database");
		rdr_log_detail("%s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

/*
 * sim_db_gate_ok
 *		Check the rows of every gated storage domain of data center dc
 *		(sd->rows_ok); true when the master domain's rows point at the
 *		scenario's site-B storage, or for a contender of a site-A cluster
 *		at its site-A storage (sitea_*=; none given: no site-A storage the
 *		host could reach, so the gate fails, as it would for the engine).  Only the master domain decides the SPM
 *		election, as in the engine (the SPM must reach the master domain);
 *		an ISO or Export domain whose rows still point at site A just stays
 *		inactive (sim_model.c).  A data center without gated domains
 *		passes without a connection.  Any database failure is a failed
 *		gate (and a warning): the engine could not see its storage either.
 */
bool
sim_db_gate_ok(SimModel *m, int dc, bool site_a)
{
	PGconn	   *conn = NULL;
	bool		ok = true,
				failed = false;
	int			i;

	for (i = 0; i < m->n_sds; i++)
	{
		SimStorageDomain *sd = &m->sds[i];

		if (sd->dc != dc || sd->gate == GATE_NONE)
			continue;
		sd->rows_ok = false;
		if (conn == NULL && !failed)
			conn = gate_connect(m, sd);
		if (conn == NULL)
			failed = true;
		else
			sd->rows_ok = domain_ok(conn, sd, site_a);
		if (sd->master && !sd->rows_ok)
			ok = false;
		if (!sd->master && !sd->rows_ok)
			rdr_log_verbose("gate: %s domain \"%s\" stays inactive", sd->type, sd->name);
	}
	if (conn)
		PQfinish(conn);
	rdr_log_verbose("gate: data center \"%s\": %s", m->dcs[dc].name,
					ok ? (site_a ? "storage rows point at site A" : "storage rows point at site B")
					: (site_a ? "storage rows do not point at site A" : "storage rows do not point at site B"));
	return ok;
}
