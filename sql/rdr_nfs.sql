-- rdr_nfs: the seed's NFS failover (seed 7.3.4.1, 7.3.5, 7.3.6) on the
-- RHEV 3.0 schema, all three domains in one transaction as the driver
-- does it: one run, idempotence, undo of the whole run.
\getenv top RDR_TOP
CREATE DATABASE rdr_t_nfs;
\c rdr_t_nfs
\set ECHO none
\i :top/test/fixtures/rhev30-schema.sql
\i :top/test/fixtures/rhev30-nfs.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;
CREATE TEMP TABLE site_a AS SELECT pg_temp.state() AS s;

SELECT * FROM rdr_domains();
SELECT * FROM rdr_domain_luns('DataDomain');

BEGIN;
SELECT run, table_name, operation, row_key, before->>'connection' AS before, after->>'connection' AS after
  FROM rdr_fix_nfs('DataDomain', 'rdr-nfs.siteb.example:/exports/DATA');
SELECT run, table_name, operation, row_key, before->>'connection' AS before, after->>'connection' AS after
  FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
SELECT run, table_name, operation, row_key, before->>'connection' AS before, after->>'connection' AS after
  FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO');
-- an undo of the run being made is refused: ROLLBACK is the way
SELECT * FROM pg_temp.err('SELECT rdr_undo(1)');
COMMIT;

-- the seed's rows after the fix
SELECT id, connection FROM storage_server_connections ORDER BY id;
SELECT * FROM storage_server_connections ORDER BY id;
SELECT name, connection FROM rdr_domains();

-- idempotent
SELECT count(*) FROM rdr_fix_nfs('DataDomain', 'rdr-nfs.siteb.example:/exports/DATA');
SELECT count(*) FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
SELECT count(*) FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO');
SELECT run, count(*) FROM rdr_change_log GROUP BY run ORDER BY run;

-- one undo restores all three domains
SELECT run, table_name, operation, row_key, before->>'connection' AS before, after->>'connection' AS after
  FROM rdr_undo(1);
SELECT pg_temp.state() = s AS equals_site_a FROM site_a;
SELECT id, connection FROM storage_server_connections ORDER BY id;

-- a row changed after the run: undoing the redo would lose that change,
-- so rdr_undo refuses and changes nothing
SELECT count(*) FROM rdr_undo(2);
UPDATE storage_server_connections SET connection = 'rdr-nfs.siteb.example:/exports/DATA2'
 WHERE id = '5caa3ebc-6a61-48f4-9201-f261b9402e12';
CREATE TEMP TABLE before_undo AS SELECT pg_temp.state() AS s;
SELECT * FROM pg_temp.err('SELECT rdr_undo(3)');
SELECT pg_temp.state() = s AS unchanged FROM before_undo;
SELECT count(*) FROM rdr_change_log WHERE undo_of = 3;

\c postgres
DROP DATABASE rdr_t_nfs;
