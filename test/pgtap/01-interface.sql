-- test/pgtap/01-interface.sql: the SQL interface of design.md, exactly:
-- names, argument names/types/defaults, result types, the rdr_change type,
-- the change log table, the rdr.force setting, and one error of each
-- SQLSTATE the interface promises.
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

SELECT plan(28);

SELECT has_extension('rdr', 'extension rdr is installed');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'rdr'), '1.0', 'version 1.0');

SELECT function_returns('public', 'rdr_domains', ARRAY[]::text[], 'setof record', 'rdr_domains() returns a table');
SELECT is(pg_get_function_result('public.rdr_domains()'::regprocedure),
          'TABLE(id uuid, name text, storage_type text, domain_type text, connection text, lun_ids text[])',
          'rdr_domains() columns');
SELECT is(pg_get_function_arguments('public.rdr_fix_nfs(text,text)'::regprocedure),
          'domain text, connection text', 'rdr_fix_nfs arguments');
SELECT function_returns('public', 'rdr_fix_nfs', ARRAY['text', 'text'], 'setof rdr_change', 'rdr_fix_nfs returns setof rdr_change');
SELECT is(pg_get_function_arguments('public.rdr_fix_iscsi(text,text,text,int,text,text,text,int,text,text,text,text,text)'::regprocedure),
          'domain text, connection text, iqn text, port integer, portal text, lun_id text, serial text, lun_mapping integer, vendor_id text, product_id text, physical_volume_id text DEFAULT NULL::text, user_name text DEFAULT NULL::text, password text DEFAULT NULL::text',
          'rdr_fix_iscsi arguments and defaults');
SELECT function_returns('public', 'rdr_fix_iscsi',
       ARRAY['text', 'text', 'text', 'integer', 'text', 'text', 'text', 'integer', 'text', 'text', 'text', 'text', 'text'],
       'setof rdr_change', 'rdr_fix_iscsi returns setof rdr_change');
SELECT is(pg_get_function_arguments('public.rdr_fix_fibre(text,text,text,int,text,text,text)'::regprocedure),
          'domain text, lun_id text, serial text, lun_mapping integer, vendor_id text, product_id text, physical_volume_id text DEFAULT NULL::text',
          'rdr_fix_fibre arguments and defaults');
SELECT is(pg_get_function_arguments('public.rdr_undo(bigint)'::regprocedure), 'run bigint', 'rdr_undo arguments');
SELECT function_returns('public', 'rdr_undo', ARRAY['bigint'], 'setof rdr_change', 'rdr_undo returns setof rdr_change');
SELECT isnt_strict('public', 'rdr_fix_nfs', ARRAY['text', 'text'], 'NULL arguments reach the function (22023), not a silent NULL');

SELECT has_composite('public', 'rdr_change', 'type rdr_change');
SELECT is(
    (SELECT array_agg(attname || ' ' || format_type(atttypid, atttypmod) ORDER BY attnum)
       FROM pg_attribute WHERE attrelid = 'public.rdr_change'::regclass AND attnum > 0),
    ARRAY['run bigint', 'table_name text', 'operation text', 'row_key text', 'before jsonb', 'after jsonb'],
    'rdr_change(run, table_name, operation, row_key, before, after)');
SELECT has_table('public', 'rdr_change_log', 'table rdr_change_log');
SELECT columns_are('public', 'rdr_change_log',
    ARRAY['id', 'run', 'changed_at', 'changed_by', 'session_user_name', 'application',
          'table_name', 'operation', 'row_key', 'before', 'after', 'undo_of'],
    'rdr_change_log records run, time, user, before/after');
SELECT is(current_setting('rdr.force'), 'off', 'rdr.force is off by default');

-- one error of each promised SQLSTATE
SELECT throws_ok($$SELECT rdr_fix_nfs('Nope', 'h:/x')$$, '42704',
                 'storage domain "Nope" does not exist', '42704 unknown domain');
SELECT throws_ok($$SELECT rdr_fix_nfs('DataDomain', 'h:/x')$$, '42809',
                 'storage domain "DataDomain" is not of storage type nfs', '42809 wrong storage type');
SELECT throws_ok($$SELECT rdr_fix_nfs('ISODomain', '')$$, '22023',
                 'parameter "connection" must not be empty', '22023 empty value');
SELECT throws_ok($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', -8, 'V', 'P')$$, '22023',
                 'parameter "lun_mapping" is out of range', '22023 negative LUN mapping');
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('PV-2', 'LUN-2', 'DIV0nZ-atb0-uLm7-Hq5q-5XRQ-eM4x-KaNFmR', 'S2', 2, 'IET', 'VIRTUAL-DISK', 10);
INSERT INTO storage_server_connections (id, connection, iqn, port, portal, storage_type)
VALUES ('second', '192.168.200.33', 'iqn.2011-11.sitea.example:second', '3260', '2', 3);
INSERT INTO lun_storage_server_connection_map VALUES ('LUN-2', 'second');
SELECT is((SELECT connection FROM rdr_domains() WHERE name = 'DataDomain'),
          '192.168.200.32:3260,1 iqn.2011-11.sitea.example:rdr-iscsi.datadomain; 192.168.200.33:3260,2 iqn.2011-11.sitea.example:second',
          'rdr_domains().connection lists every target of an iSCSI domain, iscsiadm style');
SELECT throws_ok($$SELECT rdr_fix_iscsi('DataDomain', '10.0.0.1', 'iqn.x', 3260, '1', 'L', 'S', 8, 'V', 'P')$$, '21000',
                 'storage domain "DataDomain" has 2 LUNs', '21000 ambiguous LUN');
SELECT throws_ok($$SELECT rdr_undo(424242)$$, '42704', 'run 424242 does not exist', '42704 unknown run');

-- 55006 while another session is connected; rdr.force overrides
CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public;
SELECT is(dblink_connect('other', format('host=%s port=%s dbname=%s user=%s application_name=engine',
          current_setting('unix_socket_directories'), current_setting('port'),
          current_database(), current_user)), 'OK', 'a second session connects');
SELECT throws_ok($$SELECT rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO')$$, '55006',
                 format('database "%s" is being accessed by other sessions', current_database()),
                 '55006 while another session is connected');
SET LOCAL rdr.force = on;
SELECT results_eq($$SELECT table_name, operation, after->>'connection' FROM rdr_fix_nfs('ISODomain', 'rdr-nfs.siteb.example:/exports/ISO')$$,
                  $$VALUES ('storage_server_connections', 'UPDATE', 'rdr-nfs.siteb.example:/exports/ISO')$$,
                  'rdr.force = on overrides the guard');
SELECT is(dblink_disconnect('other'), 'OK', 'the second session leaves');

SELECT * FROM finish();
ROLLBACK;
