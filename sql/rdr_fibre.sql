-- rdr_fibre: the seed's fibre channel failover (seed 7.3.4.2) on the
-- RHEV 3.0 schema.
\getenv top RDR_TOP
CREATE DATABASE rdr_t_fibre;
\c rdr_t_fibre
\set ECHO none
\i :top/test/fixtures/rhev30-schema.sql
\i :top/test/fixtures/rhev30-fibre.sql
\i :top/test/fixtures/rdr-test-helpers.sql
\set ECHO all
CREATE EXTENSION rdr;
CREATE TEMP TABLE site_a AS SELECT pg_temp.state() AS s;

SELECT * FROM rdr_domains();
SELECT * FROM luns;

-- the seed's site-B values (Table 7.3.4.2), picked by physical volume
SELECT run, table_name, operation, row_key FROM rdr_fix_fibre(
    'DataDomain', '3600c0ff000d7e69d85b89d4e01000000',
    'SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000', 26, 'HP', 'MSA2324fc',
    physical_volume_id => 'yQAp5K-X4Ik-tvx9-vGS9-RNly-11JB-Jz4DNC');
-- exactly Table 7.3.4.2
SELECT * FROM luns;
SELECT * FROM rdr_domains() WHERE name = 'DataDomain';

-- idempotent
SELECT count(*) FROM rdr_fix_fibre(
    'DataDomain', '3600c0ff000d7e69d85b89d4e01000000',
    'SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000', 26, 'HP', 'MSA2324fc');

-- same lun_id, other identity columns: updated in place
SELECT run, table_name, operation, row_key, before->>'lun_mapping' AS before, after->>'lun_mapping' AS after
  FROM rdr_fix_fibre('DataDomain', '3600c0ff000d7e69d85b89d4e01000000',
    'SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000000', 27, 'HP', 'MSA2324fc');
SELECT lun_id, lun_mapping FROM luns;

-- undo both runs, newest first: Table 7.3.4.1 again
SELECT run, table_name, operation, row_key FROM rdr_undo(2);
SELECT run, table_name, operation, row_key FROM rdr_undo(1);
SELECT * FROM luns;
SELECT pg_temp.state() = s AS equals_site_a FROM site_a;

\c postgres
DROP DATABASE rdr_t_fibre;
