-- rdr_lifecycle: the extension installs (default and explicit version),
-- updates from nothing (ALTER EXTENSION UPDATE), drops and reinstalls
-- cleanly, its library matches its SQL version, and it refuses politely
-- in a database that is not an engine database.
CREATE DATABASE rdr_t_life;
\c rdr_t_life
SELECT name, default_version, installed_version FROM pg_available_extensions WHERE name = 'rdr';
SELECT source, target, path FROM pg_extension_update_paths('rdr') ORDER BY 1, 2;

CREATE EXTENSION rdr VERSION '1.0';
SELECT extname, extversion, extrelocatable FROM pg_extension WHERE extname = 'rdr';
SELECT rdr_version() = extversion AS library_matches_sql FROM pg_extension WHERE extname = 'rdr';
-- SQL objects of another version than the library (as after a "make
-- install" of a new library before ALTER EXTENSION UPDATE): every
-- function but rdr_version() refuses, with what to do
UPDATE pg_extension SET extversion = '0.9' WHERE extname = 'rdr';
SELECT * FROM rdr_domains();
SELECT * FROM rdr_fix_nfs('DataDomain', 'h:/x');
SELECT * FROM rdr_undo(1);
SELECT rdr_version();
UPDATE pg_extension SET extversion = rdr_version() WHERE extname = 'rdr';
-- "upgrade from nothing": updating the only version is a no-op
ALTER EXTENSION rdr UPDATE;
ALTER EXTENSION rdr UPDATE TO '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'rdr';
-- the objects it owns
SELECT pg_describe_object(classid, objid, objsubid) AS object
  FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'rdr')
 ORDER BY 1;
\x on
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments,
       pg_get_function_result(p.oid) AS result, p.proisstrict, p.provolatile
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
 WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'rdr')
 ORDER BY 1;
\x off
SHOW rdr.force;

-- not an engine database: a clear 42P01 naming the missing table
SELECT * FROM rdr_domains();
SELECT * FROM rdr_fix_nfs('DataDomain', 'h:/x');
SELECT * FROM rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P');
-- unknown rdr.* settings are refused (the prefix is reserved)
SET rdr.forse = on;

-- DROP removes everything, a second CREATE works, the log starts afresh
DROP EXTENSION rdr;
SELECT count(*) FROM pg_proc WHERE proname LIKE 'rdr\_%';
SELECT to_regclass('rdr_change_log') IS NULL AS log_gone, to_regtype('rdr_change') IS NULL AS type_gone;
CREATE EXTENSION rdr;
SELECT count(*) FROM rdr_change_log;
DROP EXTENSION rdr;
-- into its own schema, as an administrator may prefer
CREATE SCHEMA rdr;
CREATE EXTENSION rdr SCHEMA rdr;
SELECT count(*) FROM rdr.rdr_change_log;
DROP EXTENSION rdr;
DROP SCHEMA rdr;

\c postgres
DROP DATABASE rdr_t_life;
