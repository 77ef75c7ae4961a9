-- rdr_engine_role: the engine's own database role runs a failover.  On
-- oVirt 4.x the engine connects as "engine", the owner of the engine
-- database and of its tables, not a superuser (packaging/setup of
-- ovirt-engine creates it so).  CREATE EXTENSION, run by a superuser,
-- grants that owner what the fix needs and nothing more; rdr_grant()
-- does the same for another role later.  Issue 12's protections hold:
-- the log is still written by rdr's functions only, rdr_run() and
-- rdr_grant() stay the superuser's.
\getenv top RDR_TOP
CREATE ROLE rdr_t_engine LOGIN;
CREATE ROLE rdr_t_dwh LOGIN;
CREATE DATABASE rdr_t_engine OWNER rdr_t_engine;
\c rdr_t_engine rdr_t_engine
\set ECHO none
\i :top/test/fixtures/ovirt-schema.sql
\i :top/test/fixtures/rhev30-iscsi.sql
\i :top/test/fixtures/ovirt-extra.sql
-- wait_alone: until the session \c left has gone (the guard counts it)
CREATE FUNCTION public.wait_alone() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1..400 LOOP
		PERFORM pg_stat_clear_snapshot();
		IF NOT EXISTS (SELECT 1 FROM pg_stat_activity
					   WHERE datname = current_database()
						 AND pid <> pg_backend_pid()
						 AND backend_type = 'client backend') THEN
			RETURN true;
		END IF;
		PERFORM pg_sleep(0.025);
	END LOOP;
	RETURN false;
END $$;
\set ECHO all
SELECT c.relname, c.relowner::regrole AS owner
  FROM pg_class c WHERE c.relname IN ('storage_domain_static', 'luns') ORDER BY 1;
\c - postgres
CREATE EXTENSION rdr;
-- exactly what the engine's owner got, and that PUBLIC has nothing
SELECT a.grantee::regrole AS grantee, a.privilege_type,
       coalesce(p.oid::regprocedure::text, c.oid::regclass::text) AS object
  FROM pg_depend d
  LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
  LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
  CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, c.relacl)) a
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'rdr')
   AND d.deptype = 'e' AND a.grantee <> a.grantor
 ORDER BY 3, 2;

\c - rdr_t_engine
SELECT rolsuper FROM pg_roles WHERE rolname = current_user;
SELECT public.wait_alone();
SELECT name, storage_type, connection, lun_ids FROM rdr_domains() ORDER BY name;
SELECT run, table_name, operation, row_key FROM rdr_fix_iscsi(
    'DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101',
    'VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1');
SELECT run, table_name, operation, row_key
  FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
-- the log records the engine's role; it can read it (pg_dump does) ...
SELECT run, table_name, operation, changed_by, session_user_name
  FROM rdr_change_log ORDER BY id;
SELECT last_value FROM rdr_run_seq;
-- ... but not write it, nor draw runs, nor grant
INSERT INTO rdr_change_log (run, table_name, operation, row_key, after)
     VALUES (9, 'pg_authid', 'INSERT', 'x', '{}');
DELETE FROM rdr_change_log;
SELECT nextval('rdr_run_seq');
SELECT rdr_run();
SELECT * FROM rdr_grant('rdr_t_dwh');
-- and undo its own runs, newest first
SELECT run, table_name, operation FROM rdr_undo(2) ORDER BY 2;
SELECT count(*) FROM rdr_undo(1);
SELECT lun_id FROM luns ORDER BY 1;

-- another role (say the DWH's) has no right on rdr at all ...
\c - rdr_t_dwh
SELECT * FROM rdr_domains();
SELECT * FROM rdr_fix_nfs('ExportDomain', 'x:/y');
SELECT count(*) FROM rdr_change_log;
-- ... until a superuser grants it, and even then the engine's tables
-- are their owner's to give
\c - postgres
SELECT * FROM rdr_grant('rdr_t_dwh');
SELECT * FROM rdr_grant('no_such_role');
SELECT * FROM rdr_grant(NULL);
\c - rdr_t_dwh
SELECT public.wait_alone();
SELECT count(*) FROM rdr_change_log;
SELECT * FROM rdr_fix_nfs('ExportDomain', 'x:/y');

\c postgres postgres
DROP DATABASE rdr_t_engine;
DROP ROLE rdr_t_engine;
DROP ROLE rdr_t_dwh;
