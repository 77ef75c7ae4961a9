/*-------------------------------------------------------------------------
 *
 * dbdomains.c
 *	  The storage domains and their LUNs as the rdr extension sees them
 *	  (rdr_domains(), rdr_domain_luns()): what validation, the storage
 *	  plan and the report compare the configuration with.
 *
 *-------------------------------------------------------------------------
 */
#include "dbdomains.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbconn.h"
#include "dbext.h"
#include "log.h"
#include "xalloc.h"

/* getv: a result value, or NULL for SQL NULL. */
static const char *
getv(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/*
 * rdr_db_read_domains reads in one read-only transaction: one snapshot of
 * all domains and LUNs, and the extension builds its per-transaction
 * lookup cache once instead of once per rdr_domain_luns() call (which is
 * most of the time with 1,000 domains).
 */
bool
rdr_db_read_domains(PGconn *conn, RdrDbDomains *out)
{
	PGresult   *res = NULL;
	bool		ok;

	memset(out, 0, sizeof(*out));
	if (!rdr_db_simple(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &res))
	{
		rdr_db_log_error(conn, res, "could not start reading the storage domains", NULL);
		PQclear(res);
		return false;
	}
	ok = rdr_db_read_domains_in(conn, out);
	if (ok && !rdr_db_simple(conn, "COMMIT", &res))
	{
		rdr_db_log_error(conn, res, "could not read the storage domains", NULL);
		PQclear(res);
		ok = false;
	}
	if (!ok && PQstatus(conn) == CONNECTION_OK &&
		PQtransactionStatus(conn) != PQTRANS_IDLE && !rdr_db_simple(conn, "ROLLBACK", &res))
		PQclear(res);
	return ok;
}

/* read_domains: rdr_db_read_domains() inside its transaction. */
bool
rdr_db_read_domains_in(PGconn *conn, RdrDbDomains *out)
{
	PGresult   *res;
	int			n;
	const char *schema = rdr_db_ext_schema(conn);
	char		sql[512];

	if (schema == NULL)
		return false;
	snprintf(sql, sizeof(sql),
			 "SELECT id::pg_catalog.text, name, storage_type, domain_type, connection "
			 "FROM %s.rdr_domains()", schema);
	res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_db_log_error(conn, res, "could not read the storage domains", NULL);
		PQclear(res);
		return false;
	}
	n = PQntuples(res);
	out->items = xcalloc((size_t) (n > 0 ? n : 1), sizeof(RdrDbDomain));
	for (int i = 0; i < n; i++)
	{
		RdrDbDomain *d = &out->items[i];

		d->id = xstrdup(getv(res, i, 0));
		d->name = xstrdup(getv(res, i, 1));
		d->storage_type = xstrdup(getv(res, i, 2));
		d->domain_type = xstrdup(getv(res, i, 3));
		d->connection = xstrdup(getv(res, i, 4));
	}
	out->count = n;
	PQclear(res);

	/* The LUNs of the block domains, with their PV UUIDs for matching. */
	for (int i = 0; i < n; i++)
	{
		RdrDbDomain *d = &out->items[i];
		const char *params[1] = {d->id};
		int			m;

		if (strcmp(d->storage_type, "iscsi") != 0 && strcmp(d->storage_type, "fibre") != 0)
			continue;
		snprintf(sql, sizeof(sql),
				 "SELECT lun_id, physical_volume_id, serial, lun_mapping "
				 "FROM %s.rdr_domain_luns($1)", schema);
		res = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
		{
			char		what[512];

			snprintf(what, sizeof(what), "could not read the LUNs of storage domain \"%s\"", d->name);
			rdr_db_log_error(conn, res, what, NULL);
			PQclear(res);
			return false;
		}
		m = PQntuples(res);
		d->luns = xcalloc((size_t) (m > 0 ? m : 1), sizeof(RdrDbLun));
		d->n_luns = m;
		for (int j = 0; j < m; j++)
		{
			int64_t		mapping = -1;

			d->luns[j].lun_id = xstrdup(getv(res, j, 0));
			d->luns[j].pv_id = xstrdup(getv(res, j, 1));
			d->luns[j].serial = xstrdup(getv(res, j, 2));
			if (getv(res, j, 3) &&
				!rdr_db_number(res, j, 3, 0, INT_MAX, "a LUN's lun_mapping", &mapping))
			{
				PQclear(res);
				return false;
			}
			d->luns[j].lun_mapping = (int) mapping;
		}
		PQclear(res);
	}
	return true;
}

const RdrDbDomain *
rdr_db_find_domain(const RdrDbDomains *d, const char *name)
{
	for (int i = 0; i < d->count; i++)
		if (d->items[i].name && strcmp(d->items[i].name, name) == 0)
			return &d->items[i];
	return NULL;
}

void
rdr_db_domains_free(RdrDbDomains *d)
{
	for (int i = 0; i < d->count; i++)
	{
		RdrDbDomain *x = &d->items[i];

		for (int j = 0; j < x->n_luns; j++)
		{
			free(x->luns[j].lun_id);
			free(x->luns[j].pv_id);
			free(x->luns[j].serial);
		}
		free(x->luns);
		free(x->id);
		free(x->name);
		free(x->storage_type);
		free(x->domain_type);
		free(x->connection);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}
