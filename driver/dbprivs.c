/*-------------------------------------------------------------------------
 *
 * dbprivs.c
 *	  The privileges of the role rdr-failover connects as, checked before
 *	  anything changes.
 *
 * RHEV 3.0's engine connected as postgres, a superuser, and so did rdr.
 * oVirt 4.x's engine connects as its own role ("engine"), which owns the
 * engine database and its tables but is not a superuser; a failover run
 * as that role used to get as far as pg_dump or the storage transaction
 * and fail there with "permission denied" (42501) and no hint.  Now one
 * query asks the server, with has_*_privilege(), for every privilege the
 * -d step needs, and each one missing is named with the GRANT that gives
 * it, before the backup, the engine stop or any change:
 *
 *	- EXECUTE on rdr's functions (the extension revokes it from PUBLIC);
 *	- SELECT on rdr_change_log and its two sequences: the backup's pg_dump
 *	  dumps them (pg_extension_config_dump);
 *	- on the engine's storage tables what rdr's functions do to them with
 *	  their caller's rights: read storage_domain_static, update
 *	  storage_server_connections, replace rows of luns and update every
 *	  table that references luns (lun_storage_server_connection_map, and
 *	  disk_lun_map on oVirt), found through pg_constraint as the extension
 *	  finds them.
 *
 * The extension grants the first two to the owner of the engine's tables
 * when it is installed, and rdr_grant(role) to any role later
 * (extension/rdr--1.0.sql); the hint names both.
 *
 *-------------------------------------------------------------------------
 */
#include "dbprivs.h"

#include <string.h>

#include "log.h"

#define EQ " OPERATOR(pg_catalog.=) "

/*
 * The privileges needed, one row per object: kind (FUNCTION, TABLE or
 * SEQUENCE), the object as GRANT names it, the privileges missing (comma
 * separated), and the role quoted; only objects with a privilege missing.
 * has_table_privilege() with a list is true when ANY is held, so each
 * privilege is asked on its own.
 */
#define PRIVS_QUERY \
	"WITH ext AS (" \
	"  SELECT n.nspname FROM pg_catalog.pg_extension e" \
	"  JOIN pg_catalog.pg_namespace n ON n.oid" EQ "e.extnamespace" \
	"  WHERE e.extname" EQ "'rdr'), " \
	"eng AS (" \
	"  SELECT c.relnamespace AS nsp FROM pg_catalog.pg_class c" \
	"  JOIN pg_catalog.pg_namespace n ON n.oid" EQ "c.relnamespace" \
	"  WHERE c.relname" EQ "'storage_domain_static'" \
	"  AND c.relkind" EQ "ANY (ARRAY['r', 'p', 'v']::pg_catalog.\"char\"[])" \
	"  AND n.nspname OPERATOR(pg_catalog.!~) '^pg_(toast_)?temp_' LIMIT 1), " \
	"want(ord, kind, obj, privs) AS (" \
	"  SELECT v.ord, v.kind, pg_catalog.format('%I.%I%s', ext.nspname, v.name, v.args), v.privs" \
	"  FROM ext, (VALUES (1, 'FUNCTION', 'rdr_domains', '()', 'EXECUTE')," \
	"    (2, 'FUNCTION', 'rdr_domain_luns', '(text)', 'EXECUTE')," \
	"    (3, 'FUNCTION', 'rdr_fix_nfs', '(text, text)', 'EXECUTE')," \
	"    (4, 'FUNCTION', 'rdr_fix_iscsi', '(text, text, text, int, text, text, text, int, text, text, text, text, text)', 'EXECUTE')," \
	"    (5, 'FUNCTION', 'rdr_fix_fibre', '(text, text, text, int, text, text, text)', 'EXECUTE')," \
	"    (6, 'FUNCTION', 'rdr_undo', '(bigint)', 'EXECUTE')," \
	"    (7, 'TABLE', 'rdr_change_log', '', 'SELECT')," \
	"    (8, 'SEQUENCE', 'rdr_change_log_id_seq', '', 'SELECT')," \
	"    (9, 'SEQUENCE', 'rdr_run_seq', '', 'SELECT')) v(ord, kind, name, args, privs)" \
	"  UNION ALL" \
	"  SELECT 10 OPERATOR(pg_catalog.+) v.ord, 'TABLE', c.oid::pg_catalog.regclass::pg_catalog.text, v.privs" \
	"  FROM eng JOIN pg_catalog.pg_class c ON c.relnamespace" EQ "eng.nsp" \
	"  JOIN (VALUES (1, 'storage_domain_static', 'SELECT')," \
	"    (2, 'storage_server_connections', 'SELECT,UPDATE')," \
	"    (3, 'luns', 'SELECT,INSERT,UPDATE,DELETE')) v(ord, name, privs)" \
	"  ON c.relname" EQ "v.name" \
	"  UNION ALL" \
	"  SELECT 20, 'TABLE', k.conrelid::pg_catalog.regclass::pg_catalog.text, 'SELECT,UPDATE'" \
	"  FROM eng JOIN pg_catalog.pg_class l ON l.relnamespace" EQ "eng.nsp" \
	"  AND l.relname" EQ "'luns'" \
	"  JOIN pg_catalog.pg_constraint k ON k.confrelid" EQ "l.oid AND k.contype" EQ "'f'), " \
	"missing AS (" \
	"  SELECT w.ord, w.kind, w.obj, p.priv FROM want w," \
	"  LATERAL pg_catalog.unnest(pg_catalog.string_to_array(w.privs, ',')) p(priv)" \
	"  WHERE NOT CASE w.kind" \
	"    WHEN 'FUNCTION' THEN pg_catalog.has_function_privilege(w.obj, p.priv)" \
	"    WHEN 'SEQUENCE' THEN pg_catalog.has_sequence_privilege(w.obj, p.priv)" \
	"    ELSE pg_catalog.has_table_privilege(w.obj, p.priv) END) " \
	"SELECT kind, obj, pg_catalog.string_agg(DISTINCT priv, ', '), " \
	"  pg_catalog.quote_ident(current_user::pg_catalog.text) " \
	"FROM missing GROUP BY kind, obj ORDER BY pg_catalog.min(ord), obj"

bool
rdr_db_check_privileges(PGconn *conn)
{
	PGresult   *res = PQexec(conn, PRIVS_QUERY);
	int			n;
	const char *role;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		rdr_log_error("could not check the privileges of role \"%s\" on database \"%s\": %s",
					  PQuser(conn), PQdb(conn), PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
					  ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(conn));
		rdr_log_detail("SQLSTATE %s.", state ? state : "none");
		PQclear(res);
		return false;
	}
	n = PQntuples(res);
	if (n == 0)
	{
		PQclear(res);
		return true;
	}
	role = PQgetvalue(res, 0, 3);
	rdr_log_error("role %s lacks %d privilege(s) the failover needs on database \"%s\"",
				  role, n, PQdb(conn));
	for (int i = 0; i < n; i++)
		rdr_log_detail("SQLSTATE 42501 (insufficient_privilege): no %s on %s %s.",
					   PQgetvalue(res, i, 2), strcmp(PQgetvalue(res, i, 0), "FUNCTION") == 0
					   ? "function" : strcmp(PQgetvalue(res, i, 0), "SEQUENCE") == 0
					   ? "sequence" : "table", PQgetvalue(res, i, 1));
	rdr_log_hint("As a superuser, in database \"%s\", run:", PQdb(conn));
	for (int i = 0; i < n; i++)
		rdr_log_hint("  GRANT %s ON %s %s TO %s;", PQgetvalue(res, i, 2),
					 PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), role);
	rdr_log_hint("(SELECT rdr_grant('%s'); grants all of rdr's at once; the engine's tables are their owner's to grant.)",
				 PQuser(conn));
	PQclear(res);
	return false;
}
