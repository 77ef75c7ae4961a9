/*-------------------------------------------------------------------------
 *
 * dbext.c
 *	  rdr-failover's session on the rhevm database (see dbext.h): the
 *	  connection with its pinned search_path, the rdr extension's version
 *	  and schema, the engine's schema, the other sessions, and the one way
 *	  a failed statement is logged.
 *
 * The connection pins search_path to pg_catalog (connection option), and
 * the statements name the functions of the extension with the extension's
 * schema, looked up once (ext_schema): another role's objects on a
 * search_path never stand in for rdr's or pg_catalog's, whatever the
 * server's or the role's default search_path is.
 *
 *-------------------------------------------------------------------------
 */
#include "dbext.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbconn.h"
#include "log.h"

/* The extension's schema, quoted; empty until looked up. */
static char ext_schema_name[160];

/* rdr_db_simple: run a statement without parameters or rows. */
bool
rdr_db_simple(PGconn *conn, const char *sql, PGresult **resp)
{
	PGresult   *res = PQexecParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);

	if (PQresultStatus(res) == PGRES_COMMAND_OK)
	{
		PQclear(res);
		return true;
	}
	*resp = res;
	return false;
}

/*
 * redact_all: a malloc'd copy of text with every CHAP password of cfg
 * (the global one and each domain's) masked; cfg NULL: a plain copy.
 */
static char *
redact_all(const char *text, const RdrConfig *cfg)
{
	char	   *out = rdr_redact(text, cfg ? cfg->chap_password : NULL);

	for (int i = 0; cfg && out && i < cfg->n_domains; i++)
	{
		char	   *next;

		if (cfg->domains[i].chap_password == NULL)
			continue;
		next = rdr_redact(out, cfg->domains[i].chap_password);
		free(out);
		out = next;
	}
	return out;
}

/*
 * rdr_db_log_error: log a failed statement in three parts, with its
 * SQLSTATE; what says what the statement was for.  The server's message
 * may quote a row ("Failing row contains ..."), which for a storage
 * server connection holds the CHAP password: with secrets (the
 * configuration), every CHAP password is masked in all three parts.
 */
void
rdr_db_log_error(PGconn *conn, const PGresult *res, const char *what,
				 const RdrConfig *secrets)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	char		msg[1024];
	char	   *p;

	if (primary == NULL)
	{
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(conn));
		msg[strcspn(msg, "\n")] = '\0';
		primary = msg;
	}
	if (primary[0] == '\0' && res == NULL)
	{
		/* no statement failed (a prepare step did, and said why) */
		rdr_log_error("%s", what);
		return;
	}
	p = redact_all(primary, secrets);
	rdr_log_error("%s: %s", what, p ? p : "(out of memory)");
	free(p);
	p = detail ? redact_all(detail, secrets) : NULL;
	if (p)
		rdr_log_detail("SQLSTATE %s. %s", state ? state : "none", p);
	else
		rdr_log_detail("SQLSTATE %s.", state ? state : "none");
	free(p);
	p = hint ? redact_all(hint, secrets) : NULL;
	if (p)
		rdr_log_hint("%s", p);
	free(p);
}

/*
 * store_schema: keep nspname, quoted, as the extension's schema.
 */
static bool
store_schema(PGconn *conn, const char *nspname)
{
	char	   *q = PQescapeIdentifier(conn, nspname, strlen(nspname));
	bool		ok = q != NULL && strlen(q) < sizeof(ext_schema_name);

	if (ok)
		snprintf(ext_schema_name, sizeof(ext_schema_name), "%s", q);
	else
		rdr_log_error("cannot quote the schema name \"%s\" of extension \"rdr\"", nspname);
	PQfreemem(q);
	return ok;
}

/* The query of the installed rdr: version and schema. */
#define EXT_QUERY \
	"SELECT e.extversion, n.nspname FROM pg_catalog.pg_extension e " \
	"JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace " \
	"WHERE e.extname OPERATOR(pg_catalog.=) $1"

/*
 * ext_schema: the quoted schema of extension rdr, looked up on first use;
 * NULL (logged) when it cannot be.
 */
static const char *
ext_schema(PGconn *conn)
{
	const char *params[1] = {"rdr"};
	PGresult   *res;
	bool		ok = false;

	if (ext_schema_name[0] != '\0')
		return ext_schema_name;
	res = PQexecParams(conn, EXT_QUERY, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rdr_db_log_error(conn, res, "could not read the installed extensions", NULL);
	else if (PQntuples(res) == 0)
		rdr_log_error("extension \"rdr\" is not installed in database \"%s\"", PQdb(conn));
	else
		ok = store_schema(conn, PQgetvalue(res, 0, 1));
	PQclear(res);
	return ok ? ext_schema_name : NULL;
}

const char *
rdr_db_ext_schema(PGconn *conn)
{
	return ext_schema(conn);
}

/* set_search_path: the session's search_path to path (bound). */
static bool
set_search_path(PGconn *conn, const char *path)
{
	const char *params[1] = {path};
	PGresult   *res = PQexecParams(conn,
								   "SELECT pg_catalog.set_config('search_path', $1, false)",
								   1, NULL, params, NULL, NULL, 0);
	bool		ok = PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		rdr_db_log_error(conn, res, "could not set the session's search_path", NULL);
	PQclear(res);
	return ok;
}

bool
rdr_db_pin_search_path(PGconn *conn)
{
	return set_search_path(conn, "pg_catalog, pg_temp");
}

/* The schema of the engine's tables, as the extension finds it. */
#define ENGINE_SCHEMA_QUERY \
	"SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_class c " \
	"JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace " \
	"WHERE c.relname OPERATOR(pg_catalog.=) 'storage_domain_static' " \
	"AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'v']::pg_catalog.\"char\"[]) " \
	"AND n.nspname OPERATOR(pg_catalog.!~) '^pg_(toast_)?temp_'"

bool
rdr_db_read_engine_tables(PGconn *conn)
{
	PGresult   *res = PQexec(conn, ENGINE_SCHEMA_QUERY);
	char		path[300];
	bool		ok = false;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rdr_db_log_error(conn, res, "could not find the engine's tables", NULL);
	else if (PQntuples(res) != 1)
	{
		rdr_log_error("database \"%s\" has %d schemas with a table storage_domain_static",
					  PQdb(conn), PQntuples(res));
		rdr_log_hint("The engine's tables must be in one schema.");
	}
	else
	{
		snprintf(path, sizeof(path), "pg_catalog, %s", PQgetvalue(res, 0, 0));
		ok = set_search_path(conn, path);
	}
	PQclear(res);
	return ok;
}

/*
 * rdr_db_connect: the libpq way (dbconn.c), with this session's
 * search_path pinned: no name of rdr's SQL is looked up where other roles
 * can create objects.
 */
PGconn *
rdr_db_connect(const RdrConfig *cfg)
{
	PGconn	   *conn = rdr_dbconn_open(cfg);

	if (conn != NULL && !rdr_db_pin_search_path(conn))
	{
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

bool
rdr_db_check_extension(PGconn *conn)
{
	PGresult   *res;
	const char *params[1] = {"rdr"};
	bool		ok = false;

	res = PQexecParams(conn, EXT_QUERY, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rdr_db_log_error(conn, res, "could not read the installed extensions", NULL);
	else if (PQntuples(res) == 0)
	{
		rdr_log_error("extension \"rdr\" is not installed in database \"%s\"", PQdb(conn));
		rdr_log_hint("Run CREATE EXTENSION rdr; in the rhevm database (make install puts it in place).");
	}
	else if (strcmp(PQgetvalue(res, 0, 0), RDR_VERSION) != 0)
	{
		rdr_log_error("extension \"rdr\" is version %s, this rdr-failover needs %s",
					  PQgetvalue(res, 0, 0), RDR_VERSION);
		rdr_log_hint("Run ALTER EXTENSION rdr UPDATE TO '%s'; or use the rdr-failover of version %s.",
					 RDR_VERSION, PQgetvalue(res, 0, 0));
	}
	else
		ok = store_schema(conn, PQgetvalue(res, 0, 1));
	PQclear(res);
	return ok;
}

int
rdr_db_other_sessions(PGconn *conn, char *who, size_t whosize)
{
	PGresult   *res;
	int			n;
	int64_t		count;

	res = PQexecParams(conn,
					   "SELECT pg_catalog.count(*), coalesce(pg_catalog.string_agg("
					   "  pg_catalog.format('pid %s (%s%s)', pid, "
					   "    CASE WHEN application_name OPERATOR(pg_catalog.<>) '' "
					   "         THEN application_name ELSE 'no application_name' END, "
					   "    coalesce(' from ' OPERATOR(pg_catalog.||) pg_catalog.host(client_addr), '')), "
					   "  ', ' ORDER BY pid), '') "
					   "FROM pg_catalog.pg_stat_activity "
					   "WHERE datname OPERATOR(pg_catalog.=) pg_catalog.current_database() "
					   "  AND pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid() "
					   "  AND (backend_type OPERATOR(pg_catalog.=) 'client backend'"
					   /* another role's session, seen by a role without pg_read_all_stats */
					   "       OR (backend_type IS NULL AND usesysid IS NOT NULL))",
					   0, NULL, NULL, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		rdr_db_log_error(conn, res, "could not read pg_stat_activity", NULL);
		PQclear(res);
		return -1;
	}
	if (!rdr_db_number(res, 0, 0, 0, INT_MAX, "the count of engine sessions", &count))
	{
		PQclear(res);
		return -1;
	}
	n = (int) count;
	if (who)
		snprintf(who, whosize, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return n;
}
