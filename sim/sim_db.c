/*-------------------------------------------------------------------------
 *
 * sim_db.c
 *	  The database gate of the SPM election.
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

/* Compare one column with the expectation (NULL expectation: any). */
static bool
column_ok(PGresult *res, int row, int col, const char *expect,
		  const char *domain, const char *what)
{
	const char *v;

	if (expect == NULL)
		return true;
	v = PQgetisnull(res, row, col) ? "(null)" : PQgetvalue(res, row, col);
	if (strcmp(v, expect) == 0)
		return true;
	rdr_log_verbose("gate: storage domain \"%s\": %s is \"%s\", site B needs \"%s\"",
					domain, what, v, expect);
	return false;
}

/* Check the rows of one gated domain. */
static bool
domain_ok(PGconn *conn, SimStorageDomain *sd)
{
	const char *q;
	const char *params[1] = {sd->name};
	PGresult   *res;
	bool		ok = true;
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
	for (i = 0; i < PQntuples(res) && ok; i++)
	{
		if (sd->gate_away)
		{
			ok = sim_fromdb_row_moved(res, i, sd);
			continue;
		}
		ok = column_ok(res, i, 0, sd->expect_connection, sd->name, "connection") &&
			column_ok(res, i, 1, sd->expect_iqn, sd->name, "iqn") &&
			column_ok(res, i, 2, sd->expect_port, sd->name, "port") &&
			column_ok(res, i, 3, sd->expect_lun_id, sd->name, "lun_id") &&
			column_ok(res, i, 4, sd->expect_serial, sd->name, "serial");
	}
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
 *		scenario's site-B storage.  Only the master domain decides the SPM
 *		election, as in the engine (the SPM must reach the master domain);
 *		an ISO or Export domain whose rows still point at site A just stays
 *		inactive (sim_model.c).  A data center without gated domains
 *		passes without a connection.  Any database failure is a failed
 *		gate (and a warning): the engine could not see its storage either.
 */
bool
sim_db_gate_ok(SimModel *m, int dc)
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
			sd->rows_ok = domain_ok(conn, sd);
		if (sd->master && !sd->rows_ok)
			ok = false;
		if (!sd->master && !sd->rows_ok)
			rdr_log_verbose("gate: %s domain \"%s\" stays inactive", sd->type, sd->name);
	}
	if (conn)
		PQfinish(conn);
	rdr_log_verbose("gate: data center \"%s\": %s", m->dcs[dc].name,
					ok ? "storage rows point at site B" : "storage rows do not point at site B");
	return ok;
}
