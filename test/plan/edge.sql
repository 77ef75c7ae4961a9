-- test/plan/edge.sql: what rdr-plan cannot turn into a line by itself.
-- Load after rhev30-schema.sql, rhev30-iscsi.sql, rhev30-inventory.sql
-- and seed-inventory.sql.  Each row below must give a "not written" or
-- "CHECK" comment and a warning, or (the clusters) an error.

-- a GlusterFS domain (storage_type 7), an NFS domain whose connection row
-- is gone, and an iSCSI domain without LUNs
INSERT INTO storage_domain_static (id, storage, storage_name, storage_domain_type, storage_type, storage_domain_format_type)
VALUES ('e0000000-0000-4000-8000-000000000001', 'gluster-conn', 'GlusterDomain', 1, 7, '3'),
       ('e0000000-0000-4000-8000-000000000002', 'no-such-connection', 'LostDomain', 1, 1, '0'),
       ('e0000000-0000-4000-8000-000000000003', 'no-such-vg', 'EmptyBlock', 1, 3, '2');
INSERT INTO storage_pool_iso_map (storage_id, storage_pool_id, status)
SELECT id, '10b3c00e-9371-48ce-8d28-28158cf26d96', 3 FROM storage_domain_static
 WHERE id::text LIKE 'e0000000%';

-- CHAP on site A's target (the password must never show), and a second
-- LUN of DataDomain on another target
UPDATE storage_server_connections SET user_name = 'rdrchap', password = 'chap-secret-do-not-print'
 WHERE id = '56fd614d-e267-4756-b175-3035b6d4fa78';
INSERT INTO storage_server_connections (id, connection, iqn, port, portal, storage_type)
VALUES ('e1000000-0000-4000-8000-000000000001', '192.168.200.33',
        'iqn.2011-11.sitea.example:rdr-iscsi.second', '3261', '2', 3);
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('pv-second', '1IET_00020001', 'DIV0nZ-atb0-uLm7-Hq5q-5XRQ-eM4x-KaNFmR', 'SIET_SECOND', 1, 'IET', 'VIRTUAL-DISK', 10);
INSERT INTO lun_storage_server_connection_map (lun_id, storage_server_connection)
VALUES ('1IET_00020001', 'e1000000-0000-4000-8000-000000000001');

-- site B's host: a bond and a VLAN device carrying networks, and a
-- network the cluster needs that no NIC carries
INSERT INTO network (id, name, storage_pool_id)
VALUES ('e2000000-0000-4000-8000-000000000001', 'storage', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
       ('e2000000-0000-4000-8000-000000000002', 'backup', '10b3c00e-9371-48ce-8d28-28158cf26d96'),
       ('e2000000-0000-4000-8000-000000000003', 'display', '10b3c00e-9371-48ce-8d28-28158cf26d96');
INSERT INTO network_cluster (network_id, cluster_id)
SELECT id, '9495276a-205a-11e1-9bb5-001871eba039' FROM network WHERE id::text LIKE 'e2000000%';
INSERT INTO vds_interface (id, name, network_name, vds_id, mac_addr, is_bond, vlan_id)
VALUES ('e3000000-0000-4000-8000-000000000001', 'bond0', 'storage', '805bb14c-2505-11e1-b809-0025b3a9b001', '00:17:a4:77:24:40', true, NULL),
       ('e3000000-0000-4000-8000-000000000002', 'eth1.100', 'backup', '805bb14c-2505-11e1-b809-0025b3a9b001', '00:17:a4:77:24:3a', false, 100);

-- cluster names that do not pick one cluster: SiteB again in data center
-- Default, and a cluster of no data center
INSERT INTO vds_groups (vds_group_id, name, storage_pool_id, compatibility_version)
VALUES ('e4000000-0000-4000-8000-000000000001', 'SiteB', '632b8642-12b8-11e1-9936-001871eba039', '3.0'),
       ('e4000000-0000-4000-8000-000000000002', 'Orphan', NULL, '3.0'),
       ('e4000000-0000-4000-8000-000000000003', 'Empty', '10b3c00e-9371-48ce-8d28-28158cf26d96', '3.0');

-- direct-LUN disks (disk_lun_map as oVirt 3.1's upgrade adds it): one on
-- site A's iSCSI target, one on fibre channel; each gets a commented
-- DIRECT_LUN line and a warning
CREATE TABLE disk_lun_map (disk_id UUID NOT NULL, lun_id VARCHAR(255) NOT NULL,
	CONSTRAINT pk_disk_lun_map PRIMARY KEY(disk_id, lun_id));
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', '1IET_00010009', '', 'SIET_VIRTUAL-DISK', 9, 'IET', 'VIRTUAL-DISK', 1),
       ('', '3600c0ff000d7e69d69b89d4e01000009', '', 'SHP_MSA2324fc_09', 29, 'HP', 'MSA2324fc', 50);
INSERT INTO lun_storage_server_connection_map (lun_id, storage_server_connection)
VALUES ('1IET_00010009', '56fd614d-e267-4756-b175-3035b6d4fa78');
INSERT INTO disk_lun_map (disk_id, lun_id)
VALUES ('e5000000-0000-4000-8000-000000000001', '1IET_00010009'),
       ('e5000000-0000-4000-8000-000000000002', '3600c0ff000d7e69d69b89d4e01000009');
