-- rdr_direct_fibre_lun: rdr_fix_direct_fibre_lun() re-points the fibre
-- channel LUN of a direct-LUN disk (disk_lun_map, outside every storage
-- domain, no connection map row) to its mirror: a new luns row with the
-- mirror's SCSI identity, disk_lun_map follows it, the old row goes;
-- logged so rdr_undo restores it.  Then every error, with its SQLSTATE,
-- message, detail and hint.
\getenv top RDR_TOP
CREATE DATABASE rdr_t_direct_fibre_lun;
\c rdr_t_direct_fibre_lun
\set ECHO none
\i :top/test/fixtures/ovirt-schema.sql
\i :top/test/fixtures/rhev30-fibre.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;

-- the disk as AddDiskCommand.createDiskBasedOnLun writes it at site B for
-- a fibre LUN: the luns row (no connection: LunHelper.proceedLUNInDb maps
-- only iSCSI LUNs), then disk_lun_map
INSERT INTO luns (physical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', '3600c0ff000d7e69d85b89d4e01000009', '', 'SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000009', 29, 'HP', 'MSA2324fc', 50);
INSERT INTO disk_lun_map VALUES ('6b5f4e3d-2c1b-4a0f-9e8d-7c6b5a4f3e2d', '3600c0ff000d7e69d85b89d4e01000009');
-- a LUN row no disk uses
INSERT INTO luns (physical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', '3600c0ff000d7e69d85b89d4e01000010', '', 'S10', 30, 'HP', 'MSA2324fc', 50);
-- an iSCSI direct LUN: its connection map row tells it apart
INSERT INTO storage_server_connections (id, connection, user_name, password, iqn, port, portal, storage_type)
VALUES ('0b0b0b0b-0000-4000-8000-000000000001', '192.168.201.32', NULL, NULL,
        'iqn.2011-11.siteb.example:rdr-iscsi.disks', '3260', '1', 3);
INSERT INTO luns (physical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', '1IET_00020009', '', 'SIET_VIRTUAL-DISK-B', 9, 'IET', 'VIRTUAL-DISK', 1);
INSERT INTO lun_storage_server_connection_map VALUES ('1IET_00020009', '0b0b0b0b-0000-4000-8000-000000000001');
INSERT INTO disk_lun_map VALUES ('5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c', '1IET_00020009');
CREATE TEMP TABLE site_b AS SELECT pg_temp.state() AS s;

SELECT run, table_name, operation, row_key FROM rdr_fix_direct_fibre_lun(
    '3600c0ff000d7e69d85b89d4e01000009', '3600c0ff000d7e69d69b89d4e01000009',
    'SHP_MSA2324fc_00c0ffd7e69d000069b89d4e01000009', 19, 'HP', 'MSA2324fc');
SELECT lun_id, physical_volume_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size
  FROM luns ORDER BY lun_id;
SELECT * FROM lun_storage_server_connection_map ORDER BY lun_id;
SELECT * FROM disk_lun_map ORDER BY disk_id;
SELECT run, table_name, operation, before->>'lun_id' AS before, after->>'lun_id' AS after
  FROM rdr_change_log ORDER BY id;
-- only the disk's LUN moved: the rest is as it was
SELECT pg_temp.state() - 'luns' - 'disk_lun_map' = s - 'luns' - 'disk_lun_map' AS rest_unchanged FROM site_b;

-- idempotent: the same call again finds nothing to change
SELECT count(*) FROM rdr_fix_direct_fibre_lun(
    '3600c0ff000d7e69d69b89d4e01000009', '3600c0ff000d7e69d69b89d4e01000009',
    'SHP_MSA2324fc_00c0ffd7e69d000069b89d4e01000009', 19, 'HP', 'MSA2324fc');
-- the same lun_id with another serial and mapping: updated in place
SELECT run, table_name, operation, before->>'serial' AS before, after->>'serial' AS after
  FROM rdr_fix_direct_fibre_lun(
    '3600c0ff000d7e69d69b89d4e01000009', '3600c0ff000d7e69d69b89d4e01000009',
    'SERIAL-2', 20, 'HP', 'MSA2324fc');

-- undo restores every row exactly, newest run first
SELECT count(*) FROM rdr_undo(2);
SELECT count(*) FROM rdr_undo(1);
SELECT pg_temp.state() = s AS equals_site_b FROM site_b;

-- errors
-- 22023: a NULL argument, a lun_mapping out of range, a value longer
-- than its column
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun(NULL, 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun('3600c0ff000d7e69d85b89d4e01000009', 'L', 'S', -1, 'V', 'P')$$);
SELECT * FROM pg_temp.err(format($$SELECT rdr_fix_direct_fibre_lun('3600c0ff000d7e69d85b89d4e01000009', 'L', 'S', 1, %L, 'P')$$, repeat('v', 51)));
-- 42704: no such LUN, a LUN no disk uses
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun('NOSUCH', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun('3600c0ff000d7e69d85b89d4e01000010', 'L', 'S', 1, 'V', 'P')$$);
-- 55000: a storage domain's LUN, an iSCSI LUN
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun('3600c0ff000d7e69d69b89d4e01000000', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun('1IET_00020009', 'L', 'S', 1, 'V', 'P')$$);
-- 23505: the mirror's lun_id is another LUN's
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun('3600c0ff000d7e69d85b89d4e01000009', '3600c0ff000d7e69d85b89d4e01000010', 'S', 1, 'V', 'P')$$);
SELECT pg_temp.state() = s AS nothing_changed FROM site_b;
-- 42P01: a schema without direct-LUN disks (RHEV 3.0)
ALTER TABLE disk_lun_map RENAME TO disk_lun_map_x;
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_fibre_lun('3600c0ff000d7e69d85b89d4e01000009', 'L', 'S', 1, 'V', 'P')$$);

\c postgres
DROP DATABASE rdr_t_direct_fibre_lun;
