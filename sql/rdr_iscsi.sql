-- rdr_iscsi: the seed's iSCSI failover (seed 7.3.4.3) on the RHEV 3.0
-- schema: rows afterwards equal the seed's, idempotence, change log, undo.
\getenv top RDR_TOP
CREATE DATABASE rdr_t_iscsi;
\c rdr_t_iscsi
\set ECHO none
\i :top/test/fixtures/rhev30-schema.sql
\i :top/test/fixtures/rhev30-iscsi.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;
CREATE TEMP TABLE site_a AS SELECT pg_temp.state() AS s;

SELECT * FROM rdr_domains();
SELECT * FROM rdr_domain_luns('DataDomain');

-- the seed's site-B values (Tables 7.3.4.4 and 7.3.4.5)
SELECT run, table_name, operation, row_key FROM rdr_fix_iscsi(
    'DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101');

-- exactly the rows of the seed after its manual fix
SELECT * FROM luns ORDER BY lun_id;
SELECT * FROM lun_storage_server_connection_map ORDER BY lun_id;
SELECT * FROM storage_server_connections ORDER BY id;
SELECT * FROM rdr_domains();

-- idempotent: the same call changes nothing and returns no row
SELECT count(*) FROM rdr_fix_iscsi(
    'DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101');
SELECT count(*) FROM rdr_change_log;

-- the NFS Export and ISO domains of the same environment (seed 7.3.5, 7.3.6)
SELECT run, table_name, operation, row_key, after->>'connection' AS connection
  FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
SELECT run, table_name, operation, row_key, after->>'connection' AS connection
  FROM rdr_fix_nfs('d3000000-0000-4000-8000-000000000003', 'rdr-nfs.siteb.example:/exports/ISO');
SELECT * FROM storage_server_connections ORDER BY id;

-- the change log: run, time, user, before/after as jsonb
SELECT id, run, changed_at <= now() AS logged_time,
       changed_by, table_name, operation, row_key, undo_of
  FROM rdr_change_log ORDER BY id;
SELECT jsonb_pretty(before) AS before, jsonb_pretty(after) AS after
  FROM rdr_change_log WHERE run = 1 ORDER BY id;

-- undo the iSCSI run: the site-A rows come back exactly (the NFS runs stay)
SELECT run, table_name, operation, row_key FROM rdr_undo(1);
SELECT * FROM luns ORDER BY lun_id;
SELECT * FROM lun_storage_server_connection_map ORDER BY lun_id;
SELECT * FROM storage_server_connections ORDER BY id;
-- undo the NFS runs too: the whole database equals site A again
SELECT count(*) FROM rdr_undo(2);
SELECT count(*) FROM rdr_undo(3);
SELECT pg_temp.state() = s AS equals_site_a FROM site_a;
SELECT run, table_name, operation, row_key, undo_of FROM rdr_change_log WHERE undo_of IS NOT NULL ORDER BY id;

-- an undo can itself be undone (redo), once
SELECT run, table_name, operation, row_key FROM rdr_undo(4);
SELECT * FROM luns ORDER BY lun_id;
SELECT * FROM pg_temp.err('SELECT rdr_undo(4)');
-- with its undo undone, run 1's rows are as it left them: it can be
-- undone again (rdr-failover --redo storage), and then only once more
SELECT run, table_name, operation, row_key FROM rdr_undo(1);
SELECT pg_temp.state() = s AS equals_site_a FROM site_a;
SELECT * FROM pg_temp.err('SELECT rdr_undo(1)');
-- run 7 (which undid run 4) is not undone, but its rows have moved on:
-- refused, nothing changed
SELECT * FROM pg_temp.err('SELECT rdr_undo(7)');
SELECT pg_temp.state() = s AS equals_site_a FROM site_a;
-- in one transaction, as --redo storage undoes a redo: run 8 (which
-- undid run 1) first, then run 1 itself, whose undoer is undone now
BEGIN;
SELECT count(*) FROM rdr_undo(8);
SELECT count(*) FROM rdr_undo(1);
COMMIT;
SELECT run, undo_of, count(*) FROM rdr_change_log WHERE run >= 7 GROUP BY run, undo_of ORDER BY run, undo_of;
SELECT pg_temp.state() = s AS equals_site_a FROM site_a;

\c postgres
DROP DATABASE rdr_t_iscsi;
