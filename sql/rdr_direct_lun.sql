-- rdr_direct_lun: rdr_fix_direct_lun() re-points the iSCSI LUN of a
-- direct-LUN disk (disk_lun_map, outside every storage domain) to its
-- mirror: new luns row, connection map and disk_lun_map follow, the
-- connection gets the mirror's target; logged so rdr_undo restores it.
-- Then every error, with its SQLSTATE, message, detail and hint.
\getenv top RDR_TOP
CREATE DATABASE rdr_t_direct_lun;
\c rdr_t_direct_lun
\set ECHO none
\i :top/test/fixtures/ovirt-schema.sql
\i :top/test/fixtures/rhev30-iscsi.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;

-- the disk as AddDiskCommand.createDiskBasedOnLun writes it at site B
INSERT INTO storage_server_connections (id, connection, user_name, password, iqn, port, portal, storage_type)
VALUES ('0b0b0b0b-0000-4000-8000-000000000001', '192.168.201.32', NULL, NULL,
        'iqn.2011-11.siteb.example:rdr-iscsi.disks', '3260', '1', 3);
INSERT INTO luns (physical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', '1IET_00020009', '', 'SIET_VIRTUAL-DISK-B', 9, 'IET', 'VIRTUAL-DISK', 1);
INSERT INTO lun_storage_server_connection_map VALUES ('1IET_00020009', '0b0b0b0b-0000-4000-8000-000000000001');
INSERT INTO disk_lun_map VALUES ('5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c', '1IET_00020009');
-- a LUN row no disk uses
INSERT INTO luns (physical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', '1IET_00020010', '', 'S10', 10, 'IET', 'VIRTUAL-DISK', 1);
CREATE TEMP TABLE site_b AS SELECT pg_temp.state() AS s;

SELECT run, table_name, operation, row_key FROM rdr_fix_direct_lun(
    '1IET_00020009', '192.168.200.32', 'iqn.2011-11.sitea.example:rdr-iscsi.disks',
    3260, '1', '1IET_00010009', 'SIET_VIRTUAL-DISK-A', 4, 'IET', 'VIRTUAL-DISK', '');
SELECT lun_id, volume_group_id, serial, lun_mapping FROM luns ORDER BY lun_id;
SELECT * FROM lun_storage_server_connection_map ORDER BY lun_id;
SELECT * FROM disk_lun_map;
SELECT id, connection, iqn, port, portal FROM storage_server_connections
 WHERE id = '0b0b0b0b-0000-4000-8000-000000000001';
SELECT run, table_name, operation, before->>'lun_id' AS before, after->>'lun_id' AS after
  FROM rdr_change_log WHERE table_name IN ('luns', 'disk_lun_map') ORDER BY id;

-- idempotent: the same call again finds nothing to change
SELECT count(*) FROM rdr_fix_direct_lun(
    '1IET_00010009', '192.168.200.32', 'iqn.2011-11.sitea.example:rdr-iscsi.disks',
    3260, '1', '1IET_00010009', 'SIET_VIRTUAL-DISK-A', 4, 'IET', 'VIRTUAL-DISK');

-- undo restores every row exactly
SELECT count(*) FROM rdr_undo(1);
SELECT pg_temp.state() = s AS equals_site_b FROM site_b;

-- errors
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('NOSUCH', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('1IET_00010001', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('1IET_00020010', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('1IET_00020009', '10.0.0.1', 'iqn.x', 3260, 'one', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun(NULL, '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('1IET_00020009', '10.0.0.1', 'iqn.x', 0, '1', 'L', 'S', 1, 'V', 'P')$$);
-- the mirror's lun_id is another LUN's
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('1IET_00020009', '10.0.0.1', 'iqn.x', 3260, '1', '1IET_00020010', 'S', 1, 'V', 'P')$$);
-- two paths to the LUN
INSERT INTO lun_storage_server_connection_map VALUES ('1IET_00020009', '56fd614d-e267-4756-b175-3035b6d4fa78');
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('1IET_00020009', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);
DELETE FROM lun_storage_server_connection_map WHERE lun_id = '1IET_00020009' AND storage_server_connection = '56fd614d-e267-4756-b175-3035b6d4fa78';
SELECT pg_temp.state() = s AS nothing_changed FROM site_b;
-- a schema without direct-LUN disks (RHEV 3.0)
ALTER TABLE disk_lun_map RENAME TO disk_lun_map_x;
SELECT * FROM pg_temp.err($$SELECT rdr_fix_direct_lun('1IET_00020009', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 1, 'V', 'P')$$);

\c postgres
DROP DATABASE rdr_t_direct_lun;
