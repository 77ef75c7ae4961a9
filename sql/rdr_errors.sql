-- rdr_errors: every error of the SQL interface with its SQLSTATE, message,
-- detail and hint; after each, nothing has changed, including after an
-- error raised halfway through a multi-row fix.  Hostile values are
-- stored verbatim, never executed.  The 55006 guard and rdr.force.
\getenv top RDR_TOP
CREATE DATABASE rdr_t_errors;
\c rdr_t_errors
\set ECHO none
\i :top/test/fixtures/rhev30-schema.sql
\i :top/test/fixtures/rhev30-iscsi.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;

-- more domains to get every error: a two-LUN iSCSI domain, two domains
-- sharing a name, a local-storage domain, an NFS domain whose connection
-- row is missing, an iSCSI domain whose LUN has no connection, and one
-- whose LUN has two
INSERT INTO storage_server_connections (id, connection, iqn, port, portal, storage_type) VALUES
    ('c0000000-0000-4000-8000-000000000001', '192.168.200.33', 'iqn.2011-11.sitea.example:multi', '3260', '1', 3),
    ('c0000000-0000-4000-8000-000000000002', '192.168.200.34', 'iqn.2011-11.sitea.example:multi', '3260', '2', 3),
    ('c0000000-0000-4000-8000-000000000003', 'rdr-nfs.sitea.example:/exports/dup1', NULL, NULL, NULL, 1),
    ('c0000000-0000-4000-8000-000000000004', 'rdr-nfs.sitea.example:/exports/dup2', NULL, NULL, NULL, 1);
INSERT INTO storage_domain_static (id, storage, storage_name, storage_domain_type, storage_type) VALUES
    ('e0000000-0000-4000-8000-000000000001', 'VG-MULTI', 'MultiDomain', 1, 3),
    ('e0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000003', 'Dup', 1, 1),
    ('e0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000004', 'Dup', 1, 1),
    ('e0000000-0000-4000-8000-000000000004', '/var/local/images', 'LocalDomain', 1, 4),
    ('e0000000-0000-4000-8000-000000000005', 'c0000000-0000-4000-8000-0000000000ff', 'LostNFS', 1, 1),
    ('e0000000-0000-4000-8000-000000000006', 'VG-NOCONN', 'NoConnDomain', 1, 3),
    ('e0000000-0000-4000-8000-000000000007', 'VG-TWOCONN', 'TwoConnDomain', 1, 3);
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size) VALUES
    ('PV-A', 'LUN-A', 'VG-MULTI', 'SA', 1, 'IET', 'VIRTUAL-DISK', 10),
    ('PV-B', 'LUN-B', 'VG-MULTI', 'SB', 2, 'IET', 'VIRTUAL-DISK', 10),
    ('PV-N', 'LUN-N', 'VG-NOCONN', 'SN', 3, 'IET', 'VIRTUAL-DISK', 10),
    ('PV-T', 'LUN-T', 'VG-TWOCONN', 'ST', 4, 'IET', 'VIRTUAL-DISK', 10);
INSERT INTO lun_storage_server_connection_map VALUES
    ('LUN-A', 'c0000000-0000-4000-8000-000000000001'),
    ('LUN-B', 'c0000000-0000-4000-8000-000000000001'),
    ('LUN-T', 'c0000000-0000-4000-8000-000000000001'),
    ('LUN-T', 'c0000000-0000-4000-8000-000000000002');
CREATE TEMP TABLE initial AS SELECT pg_temp.state() AS s;
\x on

-- 42704: unknown domain, by name and by id
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('NoSuchDomain', 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('d3000000-0000-4000-8000-0000000000ff', 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_domain_luns('NoSuchDomain')$$);
-- 21000: a name two domains share
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('Dup', 'h:/x')$$);
-- ... the id is unambiguous
SELECT count(*) FROM rdr_fix_nfs('e0000000-0000-4000-8000-000000000002', 'rdr-nfs.siteb.example:/exports/dup1');
SELECT count(*) FROM rdr_undo(1);
-- 42809: the wrong function for the storage type
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('DataDomain', 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_fibre('DataDomain', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('ExportDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('LocalDomain', 'h:/x')$$);
-- 42704: inconsistent engine rows
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('LostNFS', 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('NoConnDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
-- ... also when lun_id stays (the row is updated in place, the map not
-- re-pointed, so the connections are counted another way)
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('NoConnDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'LUN-N', 'S', 1, 'V', 'P')$$);
-- 21000: a LUN reached through two connections, new lun_id or not
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('TwoConnDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('TwoConnDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'LUN-T', 'S', 1, 'V', 'P')$$);
-- 21000: a multi-LUN domain needs physical_volume_id; 42704: unknown one
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('MultiDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('MultiDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P', 'PV-X')$$);
-- 23505: the new lun_id is another LUN already
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('MultiDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'LUN-B', 'S', 1, 'V', 'P', 'PV-A')$$);

-- 22023: NULL, empty, blank, control characters, out of range, too long
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs(NULL, 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('DataDomain', NULL)$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('', 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', '   ')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', ':/exports')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', E'h:/exp\norts')$$);
-- ... and the Unicode line breaks: NEL (a C1 control), LINE and PARAGRAPH
-- SEPARATOR; other non-ASCII text is data (below)
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', E'h:/exp\u0085orts')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs(E'Export\u2028Domain', 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', E'iqn.x\u2029', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_fibre('DataDomain', E'L\u009f', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', 'h:/' || repeat('x', 248))$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_nfs(repeat('D', 251), 'h:/x')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', NULL, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 0, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', -3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 65536, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, 'one', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '70000', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', -1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', NULL, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', repeat('L', 51), 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.' || repeat('x', 125), 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P', NULL, ' ', NULL)$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P', NULL, '', 'pw')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P', NULL, 'u', repeat('secret', 10))$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_fibre('DataDomain', 'L', NULL, 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_fibre('DataDomain', 'L', 'S', 1, repeat('V', 51), 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_undo(NULL)$$);
SELECT * FROM pg_temp.err($$SELECT rdr_undo(0)$$);
SELECT * FROM pg_temp.err($$SELECT rdr_undo(-5)$$);
-- 42704 / 55000: runs that do not exist or were undone
SELECT * FROM pg_temp.err($$SELECT rdr_undo(999)$$);
SELECT * FROM pg_temp.err($$SELECT rdr_undo(1)$$);

-- none of it changed a row (run 1 above was undone by run 2)
SELECT pg_temp.state() = s AS unchanged FROM initial;
SELECT count(*) AS log_rows FROM rdr_change_log;
\x off
\set SHOW_CONTEXT never

-- An error halfway through the iSCSI fix (after the new LUN row, the
-- re-pointed map row and the deleted old row, at the connection update):
-- the statement fails and every row is as it was, the log included.
CREATE FUNCTION pg_temp.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'refused by test trigger on %', TG_TABLE_NAME; END $$;
CREATE TRIGGER refuse BEFORE UPDATE ON storage_server_connections
    FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse();
SELECT * FROM rdr_fix_iscsi(
    'DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101');
SELECT pg_temp.state() = s AS unchanged FROM initial;
SELECT count(*) AS log_rows FROM rdr_change_log;
DROP TRIGGER refuse ON storage_server_connections;
-- the same at the re-point of the map (second of four changes)
CREATE TRIGGER refuse BEFORE UPDATE ON lun_storage_server_connection_map
    FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse();
SELECT * FROM rdr_fix_iscsi(
    'DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101');
SELECT pg_temp.state() = s AS unchanged FROM initial;
DROP TRIGGER refuse ON lun_storage_server_connection_map;
-- and a failover transaction whose third call fails: all three undone
BEGIN;
SELECT count(*) FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
SELECT count(*) FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO');
SELECT count(*) FROM rdr_fix_nfs('ISODomain', 'no-path');
ROLLBACK;
SELECT pg_temp.state() = s AS unchanged FROM initial;
SELECT count(*) AS log_rows FROM rdr_change_log;

-- Hostile but legitimate values are data: stored verbatim, never run.
INSERT INTO storage_server_connections (id, connection, storage_type)
VALUES ('c0000000-0000-4000-8000-000000000009', 'old:/x', 1);
INSERT INTO storage_domain_static (id, storage, storage_name, storage_domain_type, storage_type)
VALUES ('e0000000-0000-4000-8000-000000000009', 'c0000000-0000-4000-8000-000000000009',
        E'Data''; DROP TABLE luns; --\\ Dätä ☃', 1, 1);
SELECT table_name, operation, after->>'connection' AS connection
  FROM rdr_fix_nfs(E'Data''; DROP TABLE luns; --\\ Dätä ☃',
                   E'srv:/exports/it''s;\\"$(reboot)"; DROP TABLE luns; -- ☃ 数据');
SELECT connection = E'srv:/exports/it''s;\\"$(reboot)"; DROP TABLE luns; -- ☃ 数据' AS verbatim
  FROM storage_server_connections WHERE id = 'c0000000-0000-4000-8000-000000000009';
SELECT count(*) AS luns_still_there FROM luns;
SELECT name, connection FROM rdr_domains() WHERE name LIKE 'Data''%';

-- CHAP credentials: set when given, kept when NULL; the rows returned
-- never carry the password, the owner-only log keeps it for rdr_undo
SELECT table_name, after->>'user_name' AS user_name, after->>'password' AS password
  FROM rdr_fix_iscsi('DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
                     3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101',
                     NULL, 'chapuser', 'chap-s3cret')
 WHERE table_name = 'storage_server_connections';
SELECT user_name, password FROM storage_server_connections WHERE id = '56fd614d-e267-4756-b175-3035b6d4fa78';
SELECT after->>'password' AS logged FROM rdr_change_log
 WHERE table_name = 'storage_server_connections' AND after ? 'iqn' ORDER BY id DESC LIMIT 1;
SELECT count(*) FROM rdr_fix_iscsi('DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
                     3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101');
-- an empty user_name removes them (a site-B target without CHAP), once
SELECT table_name, before->>'user_name' AS user_before, after->>'user_name' AS user_after,
       after->>'password' AS password_after
  FROM rdr_fix_iscsi('DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
                     3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101',
                     NULL, '', NULL);
SELECT user_name IS NULL AS no_user, password IS NULL AS no_password
  FROM storage_server_connections WHERE id = '56fd614d-e267-4756-b175-3035b6d4fa78';
SELECT count(*) FROM rdr_fix_iscsi('DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
                     3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101',
                     NULL, '', '');
SELECT has_table_privilege('public', 'rdr_change_log', 'SELECT') AS public_can_read_log;

-- 55006: another session is connected; rdr.force overrides
CREATE EXTENSION dblink;
SELECT dblink_connect('other', format('host=%s port=%s dbname=%s user=%s application_name=engine',
    current_setting('unix_socket_directories'), current_setting('port'),
    current_database(), current_user));
SELECT code, message, regexp_replace(detail, 'process \d+', 'process N') AS detail, hint
  FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT')$$);
SELECT code FROM pg_temp.err($$SELECT rdr_undo(1)$$);
SELECT code FROM pg_temp.err($$SELECT rdr_fix_fibre('DataDomain', 'L', 'S', 1, 'V', 'P')$$);
-- listing is harmless and allowed
SELECT count(*) FROM rdr_domains();
SET rdr.force = on;
SELECT table_name, after->>'connection' AS connection
  FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
RESET rdr.force;
SELECT dblink_disconnect('other');
DO $$
BEGIN
    FOR i IN 1..200 LOOP
        PERFORM pg_stat_clear_snapshot();
        EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'engine');
        PERFORM pg_sleep(0.05);
    END LOOP;
END $$;
SELECT count(*) FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO');
SHOW rdr.force;

-- TRUNCATE in the failover transaction, after the lookup cache was built:
-- the cache must not answer for rows that are gone (TRUNCATE counts no
-- deleted row and sets pgstat's counters back to 0)
BEGIN;
SELECT count(*) FROM rdr_domain_luns('DataDomain');
TRUNCATE luns CASCADE;
SELECT code, message FROM pg_temp.err($$SELECT rdr_fix_iscsi('DataDomain', '192.168.201.32', 'iqn.x', 3260, '1', 'LUN-NEW', 'S', 8, 'V', 'P')$$);
ROLLBACK;
BEGIN;
SELECT count(*) FROM rdr_domain_luns('DataDomain');
TRUNCATE storage_domain_static CASCADE;
SELECT code, message FROM pg_temp.err($$SELECT rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT')$$);
ROLLBACK;

\c postgres
DROP DATABASE rdr_t_errors;
