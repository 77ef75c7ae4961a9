/* extension/rdr--1.0.sql: the SQL objects of extension rdr, version 1.0 */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION rdr" to load this file. \quit

-- One row per row changed (returned by every rdr function, and logged).
CREATE TYPE rdr_change AS (
	run			bigint,		-- all changes of one transaction share a run
	table_name	text,		-- the engine table changed
	operation	text,		-- INSERT, UPDATE or DELETE
	row_key		text,		-- its primary key, e.g. (lun_id)=(1IET_00010008)
	before		jsonb,		-- the whole row before (NULL for INSERT)
	after		jsonb		-- the whole row after (NULL for DELETE)
);

CREATE SEQUENCE rdr_run_seq;

-- The audit trail of every change rdr made, and what rdr_undo() reads.
CREATE TABLE rdr_change_log (
	id			bigserial PRIMARY KEY,
	run			bigint NOT NULL,
	changed_at	timestamptz NOT NULL DEFAULT pg_catalog.now(),
	changed_by	name NOT NULL DEFAULT current_user,
	session_user_name name NOT NULL DEFAULT session_user,
	application	text DEFAULT pg_catalog.current_setting('application_name', true),
	table_name	text NOT NULL,
	operation	text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
	row_key		text NOT NULL,
	before		jsonb,
	after		jsonb,
	undo_of		bigint,		-- for an undo run: the run it undid
	CHECK (before IS NOT NULL OR after IS NOT NULL)
);
CREATE INDEX rdr_change_log_run ON rdr_change_log (run);
CREATE INDEX rdr_change_log_undo_of ON rdr_change_log (undo_of) WHERE undo_of IS NOT NULL;

-- The log holds the rows exactly, passwords included: owner only.
REVOKE ALL ON rdr_change_log FROM PUBLIC;

-- pg_dump of the engine database (the driver's backup) keeps the log.
SELECT pg_catalog.pg_extension_config_dump('rdr_change_log', '');
SELECT pg_catalog.pg_extension_config_dump('rdr_change_log_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('rdr_run_seq', '');

-- Every function runs with search_path pinned to pg_catalog (pg_temp,
-- last, holds no functions): the SQL rdr runs inside also names every
-- function, operator, type and table with its schema, so that nothing
-- another role created on the caller's search_path (a to_jsonb() or "="
-- that matches the engine's types better than pg_catalog's) ever runs
-- with the caller's rights.  The engine's tables are found through the
-- catalog, not through search_path (catalog.c).

-- internal: the run of the current transaction, drawn on first use
CREATE FUNCTION rdr_run() RETURNS bigint
	AS 'MODULE_PATHNAME', 'rdr_run'
	LANGUAGE C VOLATILE
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_version() RETURNS text
	AS 'MODULE_PATHNAME', 'rdr_version'
	LANGUAGE C IMMUTABLE STRICT
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_domains()
	RETURNS TABLE (id uuid, name text, storage_type text, domain_type text,
				   connection text, lun_ids text[])
	AS 'MODULE_PATHNAME', 'rdr_domains'
	LANGUAGE C STABLE
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_domain_luns(domain text)
	RETURNS TABLE (lun_id text, physical_volume_id text, serial text,
				   lun_mapping int, vendor_id text, product_id text,
				   device_size bigint)
	AS 'MODULE_PATHNAME', 'rdr_domain_luns'
	LANGUAGE C STABLE
	SET search_path = pg_catalog, pg_temp;

-- Not STRICT: a NULL argument is an error (22023), not a silent no-op.
CREATE FUNCTION rdr_fix_nfs(domain text, connection text)
	RETURNS SETOF rdr_change
	AS 'MODULE_PATHNAME', 'rdr_fix_nfs'
	LANGUAGE C VOLATILE
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_fix_iscsi(domain text, connection text, iqn text,
							  port int, portal text, lun_id text,
							  serial text, lun_mapping int, vendor_id text,
							  product_id text,
							  physical_volume_id text DEFAULT NULL,
							  user_name text DEFAULT NULL,
							  password text DEFAULT NULL)
	RETURNS SETOF rdr_change
	AS 'MODULE_PATHNAME', 'rdr_fix_iscsi'
	LANGUAGE C VOLATILE
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_fix_fibre(domain text, lun_id text, serial text,
							  lun_mapping int, vendor_id text,
							  product_id text,
							  physical_volume_id text DEFAULT NULL)
	RETURNS SETOF rdr_change
	AS 'MODULE_PATHNAME', 'rdr_fix_fibre'
	LANGUAGE C VOLATILE
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_fix_direct_lun(old_lun_id text, connection text,
								   iqn text, port int, portal text,
								   lun_id text, serial text, lun_mapping int,
								   vendor_id text, product_id text,
								   user_name text DEFAULT NULL,
								   password text DEFAULT NULL)
	RETURNS SETOF rdr_change
	AS 'MODULE_PATHNAME', 'rdr_fix_direct_lun'
	LANGUAGE C VOLATILE
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_fix_direct_fibre_lun(old_lun_id text, lun_id text,
										 serial text, lun_mapping int,
										 vendor_id text, product_id text)
	RETURNS SETOF rdr_change
	AS 'MODULE_PATHNAME', 'rdr_fix_direct_fibre_lun'
	LANGUAGE C VOLATILE
	SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION rdr_undo(run bigint)
	RETURNS SETOF rdr_change
	AS 'MODULE_PATHNAME', 'rdr_undo'
	LANGUAGE C VOLATILE
	SET search_path = pg_catalog, pg_temp;

-- rdr_undo() replays the log with its caller's rights: only rdr's own
-- statements (run as the log's owner) may add to it, whatever another
-- role was granted; a superuser may still restore or prune it.
CREATE FUNCTION rdr_change_log_guard() RETURNS trigger
	AS 'MODULE_PATHNAME', 'rdr_change_log_guard'
	LANGUAGE C
	SET search_path = pg_catalog, pg_temp;
CREATE TRIGGER rdr_change_log_guard
	BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON rdr_change_log
	FOR EACH STATEMENT EXECUTE FUNCTION rdr_change_log_guard();

COMMENT ON FUNCTION rdr_domains() IS 'storage domains of the engine database and what they point at';
COMMENT ON FUNCTION rdr_domain_luns(text) IS 'LUNs of a block storage domain';
COMMENT ON FUNCTION rdr_fix_nfs(text, text) IS 're-point an NFS storage domain';
COMMENT ON FUNCTION rdr_fix_iscsi(text, text, text, int, text, text, text, int, text, text, text, text, text) IS 're-point a LUN of an iSCSI storage domain and its target';
COMMENT ON FUNCTION rdr_fix_fibre(text, text, text, int, text, text, text) IS 're-point a LUN of a fibre channel storage domain';
COMMENT ON FUNCTION rdr_fix_direct_lun(text, text, text, int, text, text, text, int, text, text, text, text) IS 're-point the iSCSI LUN of a direct-LUN disk (outside every domain) and its target';
COMMENT ON FUNCTION rdr_fix_direct_fibre_lun(text, text, text, int, text, text) IS 're-point the fibre channel LUN of a direct-LUN disk (outside every domain)';
COMMENT ON FUNCTION rdr_undo(bigint) IS 'restore the rows a run changed';

-- Nobody but the superuser who installed rdr may call it until granted:
-- the functions change the engine's storage rows and read its change log.
-- GRANT EXECUTE to the role that runs failovers (docs/sql-reference.md).
REVOKE EXECUTE ON FUNCTION rdr_run(), rdr_version(), rdr_domains(),
	rdr_domain_luns(text), rdr_fix_nfs(text, text),
	rdr_fix_iscsi(text, text, text, int, text, text, text, int, text, text, text, text, text),
	rdr_fix_fibre(text, text, text, int, text, text, text),
	rdr_fix_direct_lun(text, text, text, int, text, text, text, int, text, text, text, text),
	rdr_fix_direct_fibre_lun(text, text, text, int, text, text),
	rdr_undo(bigint), rdr_change_log_guard() FROM PUBLIC;

-- rdr_grant(role): what a role that is not a superuser needs to run
-- failovers with rdr-failover, granted (docs/sql-reference.md).  The
-- functions run with their caller's rights, so the role must also own (or
-- be granted) the engine's storage tables: the engine's owner role does.
-- SELECT on the log and its sequences is for pg_dump, whose backup of
-- the engine database includes them (pg_extension_config_dump above):
-- the log holds what the engine's own storage_server_connections holds,
-- which the engine's owner reads anyway; writing the log stays with
-- rdr's functions (rdr_change_log_guard), and rdr_run() and the guard
-- stay the superuser's.  Returns each statement it ran.
CREATE FUNCTION rdr_grant(role regrole)
	RETURNS SETOF text
	LANGUAGE plpgsql VOLATILE STRICT
	SET search_path = pg_catalog, pg_temp
	AS $rdr_grant$
DECLARE
	stmt		text;
BEGIN
	FOREACH stmt IN ARRAY ARRAY[
		'GRANT EXECUTE ON FUNCTION @extschema@.rdr_version(), '
		'@extschema@.rdr_domains(), @extschema@.rdr_domain_luns(text), '
		'@extschema@.rdr_fix_nfs(text, text), '
		'@extschema@.rdr_fix_iscsi(text, text, text, int, text, text, text, int, text, text, text, text, text), '
		'@extschema@.rdr_fix_fibre(text, text, text, int, text, text, text), '
		'@extschema@.rdr_fix_direct_lun(text, text, text, int, text, text, text, int, text, text, text, text), '
		'@extschema@.rdr_fix_direct_fibre_lun(text, text, text, int, text, text), '
		'@extschema@.rdr_undo(bigint) TO ',
		'GRANT SELECT ON TABLE @extschema@.rdr_change_log TO ',
		'GRANT SELECT ON SEQUENCE @extschema@.rdr_change_log_id_seq, '
		'@extschema@.rdr_run_seq TO ']
	LOOP
		stmt := stmt OPERATOR(pg_catalog.||) role::text;
		EXECUTE stmt;
		RETURN NEXT stmt;
	END LOOP;
END
$rdr_grant$;
REVOKE EXECUTE ON FUNCTION rdr_grant(regrole) FROM PUBLIC;
COMMENT ON FUNCTION rdr_grant(regrole) IS 'grant a role what running failovers needs of rdr';

-- The engine's tables are normally there when rdr is installed (after
-- the engine database is restored at site B): their owner, the engine's
-- own role ("engine" on oVirt 4.x, not a superuser), gets what the fix
-- needs at once.  Without them, or with a superuser owner, nothing is
-- granted; rdr_grant() does it later.
DO $rdr_install$
DECLARE
	owner		regrole;
BEGIN
	SELECT c.relowner::regrole INTO owner
	  FROM pg_catalog.pg_class c
	  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
	 WHERE c.relname OPERATOR(pg_catalog.=) 'storage_domain_static'
	   AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'v']::pg_catalog."char"[])
	   AND n.nspname OPERATOR(pg_catalog.!~) '^pg_(toast_)?temp_';
	IF owner IS NOT NULL AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r
								  WHERE r.oid OPERATOR(pg_catalog.=) owner) THEN
		PERFORM @extschema@.rdr_grant(owner);
	END IF;
END
$rdr_install$;
