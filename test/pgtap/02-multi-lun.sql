-- test/pgtap/02-multi-lun.sql: a failover transaction over multi-LUN
-- iSCSI domains, as the driver runs it (one rdr_fix_iscsi per LUN, picked
-- by physical_volume_id), and the per-transaction lookup cache staying
-- right when the caller changes luns between calls, when a savepoint is
-- rolled back, and with rdr.force.
\set ON_ERROR_STOP 1
\set QUIET 1
\getenv top RDR_TOP
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE SCHEMA engine;
SET search_path = engine, public;
\i :top/test/fixtures/rhev30-schema.sql
\i :top/test/fixtures/rhev30-iscsi.sql
CREATE EXTENSION rdr SCHEMA public;
-- a second iSCSI domain with three LUNs behind one target
INSERT INTO storage_server_connections (id, connection, iqn, port, portal, storage_type)
VALUES ('mc', '192.168.200.40', 'iqn.2011-11.sitea.example:multi', '3260', '1', 3);
INSERT INTO storage_domain_static (id, storage, storage_name, storage_domain_type, storage_type)
VALUES ('f0000000-0000-4000-8000-000000000001', 'VG-M', 'Multi', 1, 3);
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
SELECT 'PV-M' || i, 'A-M' || i, 'VG-M', 'SA' || i, i, 'IET', 'VIRTUAL-DISK', 100 + i FROM generate_series(1, 3) i;
INSERT INTO lun_storage_server_connection_map SELECT 'A-M' || i, 'mc' FROM generate_series(1, 3) i;

SELECT plan(18);

-- the three LUNs, in an order unlike lun_id order
SELECT is((SELECT count(*)::int FROM rdr_fix_iscsi('Multi', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
           'B-M' || i, 'SB' || i, 10 + i, 'RA-Group', 'iscsi101', 'PV-M' || i)),
          CASE WHEN i = 2 THEN 4 ELSE 3 END,
          'LUN ' || i || ': insert, map, delete' || CASE WHEN i = 2 THEN ', connection' ELSE '' END)
  FROM unnest(ARRAY[2, 3, 1]) i;
SELECT results_eq(
    $$SELECT phisical_volume_id::text, lun_id::text, volume_group_id::text, serial::text, lun_mapping,
             vendor_id::text, product_id::text, device_size
        FROM luns WHERE volume_group_id = 'VG-M' ORDER BY lun_id$$,
    $$SELECT 'PV-M' || i, 'B-M' || i, 'VG-M', 'SB' || i, 10 + i, 'RA-Group', 'iscsi101', 100 + i
        FROM generate_series(1, 3) i$$,
    'every LUN has its site-B identity, PV, VG and size kept');
SELECT results_eq($$SELECT lun_id::text, storage_server_connection::text FROM lun_storage_server_connection_map
                    WHERE storage_server_connection = 'mc' ORDER BY lun_id$$,
                  $$SELECT 'B-M' || i, 'mc' FROM generate_series(1, 3) i$$,
                  'every map row follows its LUN');
SELECT results_eq($$SELECT connection, iqn, port, portal FROM storage_server_connections WHERE id = 'mc'$$,
                  $$VALUES ('192.168.201.40'::varchar, 'iqn.2011-11.siteb.example:multi'::varchar, '3260'::varchar, '1'::varchar)$$,
                  'the shared connection points at site B');
SELECT results_eq($$SELECT lun_id FROM rdr_domain_luns('Multi')$$,
                  $$SELECT 'B-M' || i FROM generate_series(1, 3) i$$,
                  'rdr_domain_luns sees the new LUNs in the same transaction');
SELECT is((SELECT lun_ids FROM rdr_domains() WHERE name = 'Multi'), ARRAY['B-M1', 'B-M2', 'B-M3'],
          'rdr_domains sees them too');
SELECT is((SELECT count(DISTINCT run)::int FROM rdr_change_log), 1, 'one transaction, one run');

-- the caller adds a LUN to the VG between two calls: no stale answer
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('PV-M1', 'X-M1', 'VG-M', 'SX', 9, 'IET', 'VIRTUAL-DISK', 1);
SELECT throws_ok($$SELECT rdr_fix_iscsi('Multi', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
                   'C-M1', 'S', 1, 'V', 'P', 'PV-M1')$$, '21000',
                 'physical volume "PV-M1" is on 2 LUNs of storage domain "Multi"',
                 'a LUN the caller added is seen');
DELETE FROM luns WHERE lun_id = 'X-M1';
-- the caller changes a LUN row: the change is seen
UPDATE luns SET serial = 'changed' WHERE lun_id = 'B-M3';
SELECT is((SELECT count(*)::int FROM rdr_fix_iscsi('Multi', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
           'B-M3', 'SB3', 13, 'RA-Group', 'iscsi101', 'PV-M3')), 1,
          'a row the caller changed is re-read (one UPDATE puts the serial back)');

-- a savepoint rolled back takes the cache with it
SAVEPOINT s;
SELECT is((SELECT count(*)::int FROM rdr_fix_iscsi('Multi', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
           'D-M1', 'SD1', 21, 'RA-Group', 'iscsi101', 'PV-M1')), 3, 'in a savepoint: B-M1 becomes D-M1');
ROLLBACK TO SAVEPOINT s;
SELECT is((SELECT count(*)::int FROM rdr_fix_iscsi('Multi', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
           'D-M1', 'SD1', 21, 'RA-Group', 'iscsi101', 'PV-M1')), 3,
          'after ROLLBACK TO SAVEPOINT the old row is found again');
SELECT is((SELECT count(*)::int FROM luns WHERE lun_id IN ('B-M1', 'D-M1')), 1, 'exactly one of them exists');

-- the caller renames a domain between two calls: the new name is found,
-- the old one is gone
UPDATE storage_domain_static SET storage_name = 'Renamed' WHERE storage_name = 'Multi';
SELECT throws_ok($$SELECT rdr_fix_iscsi('Multi', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
                   'D-M1', 'SD1', 21, 'RA-Group', 'iscsi101', 'PV-M1')$$, '42704',
                 'storage domain "Multi" does not exist', 'a renamed domain is not found under its old name');
SELECT is((SELECT count(*)::int FROM rdr_fix_iscsi('Renamed', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
           'D-M1', 'SD1', 21, 'RA-Group', 'iscsi101', 'PV-M1')), 0, 'and is found under its new one');
UPDATE storage_domain_static SET storage_name = 'Multi' WHERE storage_name = 'Renamed';
SELECT is((SELECT count(*)::int FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO')), 1,
          'an NFS fix in the same transaction');

-- with rdr.force the cache is bypassed and the answers are the same
SET LOCAL rdr.force = on;
SELECT is((SELECT count(*)::int FROM rdr_fix_iscsi('Multi', '192.168.201.40', 'iqn.2011-11.siteb.example:multi', 3260, '1',
           'D-M1', 'SD1', 21, 'RA-Group', 'iscsi101', 'PV-M1')), 0, 'idempotent with rdr.force');

SELECT * FROM finish();
ROLLBACK;
