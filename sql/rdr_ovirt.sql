-- rdr_ovirt: the same failovers on a schema shaped like today's oVirt:
-- "physical_volume_id", wider columns, columns rdr does not know (they
-- must survive), and disk_lun_map referencing luns (it must follow).
\getenv top RDR_TOP
CREATE DATABASE rdr_t_ovirt;
\c rdr_t_ovirt
\set ECHO none
\i :top/test/fixtures/ovirt-schema.sql
\i :top/test/fixtures/rhev30-iscsi.sql
\i :top/test/fixtures/ovirt-extra.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;
CREATE TEMP TABLE site_a AS SELECT pg_temp.state() AS s;

SELECT * FROM rdr_domain_luns('DataDomain');
SELECT * FROM disk_lun_map;

SELECT run, table_name, operation, row_key FROM rdr_fix_iscsi(
    'DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101',
    'VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1');

-- the new LUN row kept discard_max_size; both references follow
SELECT * FROM luns;
SELECT * FROM lun_storage_server_connection_map;
SELECT * FROM disk_lun_map;
-- the connection kept vfs_type; the NFS rows kept their mount options
SELECT * FROM storage_server_connections ORDER BY id;
SELECT count(*) FROM rdr_fix_nfs('ExportDomain', 'rdr-nfs.siteb.example:/exports/EXPORT');
SELECT id, connection, mount_options, nfs_version, nfs_timeo, nfs_retrans
  FROM storage_server_connections WHERE id = '6364acf1-754a-4525-9d97-3c6d5c8f9b6f';

-- idempotent
SELECT count(*) FROM rdr_fix_iscsi(
    'DataDomain', '192.168.201.32', 'iqn.2011-11.siteb.example:rdr-iscsi.data',
    3260, '1', '1IET_00010008', 'SRA-Groupiscsi101', 8, 'RA-Group', 'iscsi101',
    'VfXIWw-fU2H-utOS-uS1D-LypB-eh4j-RTdWn1');

-- undo restores every row exactly, extra columns and references included
SELECT count(*) FROM rdr_undo(2);
SELECT run, table_name, operation, row_key FROM rdr_undo(1);
SELECT pg_temp.state() = s AS equals_site_a FROM site_a;

-- fibre on the oVirt schema: a direct-LUN disk follows the new lun_id too
\c postgres
DROP DATABASE rdr_t_ovirt;
CREATE DATABASE rdr_t_ovirt;
\c rdr_t_ovirt
\set ECHO none
\i :top/test/fixtures/ovirt-schema.sql
\i :top/test/fixtures/rhev30-fibre.sql
\i :top/test/fixtures/ovirt-extra.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;
SELECT run, table_name, operation, row_key FROM rdr_fix_fibre(
    'DataDomain', '3600c0ff000d7e69d85b89d4e01000000',
    'SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000', 26, 'HP', 'MSA2324fc');
SELECT * FROM luns;
SELECT * FROM disk_lun_map;

\c postgres
DROP DATABASE rdr_t_ovirt;
