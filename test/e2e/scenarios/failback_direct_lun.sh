#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# A direct-LUN disk created at site B after the failover (a VM disk that
# is a whole LUN of site B's target, outside any storage domain): the
# failback does not re-point such a disk, so it stops before any change,
# naming the disk, the LUN and site B's target, instead of leaving it on
# site B's array unnoticed.  Once the disk is removed (the hint), the
# failback goes through.
scenario_failback_direct_lun()
{
	setup_failback_iscsi
	e2e_failover -c "$CONF" -d
	expect_rc 0
	conn=$(psql -X -A -t -d rhevm -v lun="$LUN_ID" \
		<<<"SELECT storage_server_connection FROM lun_storage_server_connection_map WHERE lun_id = :'lun'")
	[ -n "$conn" ] || rdr_fail "site B's connection"
	# The disk as the engine's AddDiskCommand (createDiskBasedOnLun) writes
	# it: the LUN row outside any volume group and its map to the target
	# (LunHelper.proceedLUNInDb), then disk_lun_map.  The table is oVirt
	# 3.1's (create_tables.sql); the RHEV 3.0 world gets it as an upgrade
	# would add it.
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -v conn="$conn" <<'SQL' || rdr_fail "direct-LUN disk"
CREATE TABLE disk_lun_map (disk_id UUID NOT NULL, lun_id VARCHAR(255) NOT NULL,
	CONSTRAINT pk_disk_lun_map PRIMARY KEY(disk_id, lun_id));
ALTER TABLE disk_lun_map ADD CONSTRAINT fk_disk_lun_map_luns FOREIGN KEY(lun_id) REFERENCES luns(lun_id);
BEGIN;
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', '1IET_00010009', '', 'SIET_VIRTUAL-DISK', 9, 'IET', 'VIRTUAL-DISK', 1);
INSERT INTO lun_storage_server_connection_map VALUES ('1IET_00010009', :'conn');
INSERT INTO disk_lun_map VALUES ('5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c', '1IET_00010009');
COMMIT;
SQL
	storage_tables "$T/site-b"
	dumps=$(ls "$E2E_WORK"/*.dump | wc -l)
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 3
	expect_out "direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c uses LUN \"1IET_00010009\" on site B's iSCSI target 192.168.201.32 $RDR_SEED_ISCSI_IQN: a failback does not re-point direct-LUN disks"
	expect_out "HINT: Detach and remove the disk at site B"
	expect_out "nothing changed"
	storage_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"
	# --validate says the same
	e2e_failover -c "$CONF" --validate --failback
	expect_rc 3
	expect_out "direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c uses LUN \"1IET_00010009\""
	# the disk removed at site B (RemoveDiskCommand drops its rows): the way back is open
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm <<'SQL' || rdr_fail "remove the disk"
DELETE FROM disk_lun_map WHERE lun_id = '1IET_00010009';
DELETE FROM luns WHERE lun_id = '1IET_00010009';
SQL
	e2e_failover -c "$CONF" -d --failback
	expect_rc 0
	[ "$(psql -X -A -t -d rhevm -c "SELECT lun_id FROM luns")" = "$SITEA_LUN_ID" ] || rdr_fail "site A's LUN row"
}

run_scenario failback_direct_lun
