-- test/extension/bench-fixture.sql: the generated engine database of the
-- dbfix benchmark, loaded after test/fixtures/rhev30-schema.sql.
--
--   psql -v domains=1000 -v luns=10 -f bench-fixture.sql
--
-- :domains iSCSI domains of :luns LUNs each, every domain with its own
-- target (storage_server_connections row) and one map row per LUN; as
-- many fibre domains of :luns LUNs; as many NFS domains.  Site-A
-- identities are A-*, the benchmark re-points them to B-*.

INSERT INTO storage_server_connections (id, connection, iqn, port, portal, storage_type)
SELECT 'ic-' || d, '192.168.200.' || (d % 250 + 1),
       'iqn.2011-11.sitea.example:bench.' || d, '3260', '1', 3
  FROM generate_series(1, :domains) d;
INSERT INTO storage_server_connections (id, connection, storage_type)
SELECT 'nc-' || d, 'rdr-nfs.sitea.example:/exports/bench' || d, 1
  FROM generate_series(1, :domains) d;

INSERT INTO storage_domain_static (id, storage, storage_name, storage_domain_type, storage_type)
SELECT ('a0000000-0000-4000-8000-' || lpad(d::text, 12, '0'))::uuid, 'VG-I-' || d,
       'IscsiDomain' || lpad(d::text, 5, '0'), 1, 3
  FROM generate_series(1, :domains) d
UNION ALL
SELECT ('b0000000-0000-4000-8000-' || lpad(d::text, 12, '0'))::uuid, 'VG-F-' || d,
       'FibreDomain' || lpad(d::text, 5, '0'), 1, 2
  FROM generate_series(1, :domains) d
UNION ALL
SELECT ('c0000000-0000-4000-8000-' || lpad(d::text, 12, '0'))::uuid, 'nc-' || d,
       'NfsDomain' || lpad(d::text, 5, '0'), 1, 1
  FROM generate_series(1, :domains) d;

INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial,
                  lun_mapping, vendor_id, product_id, device_size)
SELECT 'PV-' || k || '-' || d || '-' || l, 'A-' || k || '-' || d || '-' || l,
       'VG-' || k || '-' || d, 'SIET_VIRTUAL-DISK-' || d || '-' || l, l,
       'IET', 'VIRTUAL-DISK', 199
  FROM unnest(ARRAY['I', 'F']) k, generate_series(1, :domains) d,
       generate_series(1, :luns) l;

INSERT INTO lun_storage_server_connection_map (lun_id, storage_server_connection)
SELECT 'A-I-' || d || '-' || l, 'ic-' || d
  FROM generate_series(1, :domains) d, generate_series(1, :luns) l;

ANALYZE;
