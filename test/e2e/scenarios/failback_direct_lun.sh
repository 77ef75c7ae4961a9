#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# A direct-LUN disk created at site B after the failover (a VM disk that
# is a whole LUN of site B's target, outside any storage domain).  Without
# a DIRECT_LUN line the failback stops before any change, naming the disk,
# the LUN and site B's target, instead of leaving it on site B's array
# unnoticed; a line naming a LUN site A does not present stops it too,
# naming that LUN.  With its line the disk fails back to site A's mirror
# LUN, in the storage transaction, and the report lists it.
scenario_failback_direct_lun()
{
	FAILBACK_DIRECT_LUN=yes setup_failback_iscsi
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
	expect_out "direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c uses LUN \"1IET_00010009\" on site B's iSCSI target 192.168.201.32 $RDR_SEED_ISCSI_IQN and has no DIRECT_LUN line"
	expect_out "HINT: Add \"DIRECT_LUN 1IET_00010009 SITE_A_LUN_ID\" naming its mirror at site A"
	expect_out "nothing changed"
	storage_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"
	# --validate says the same
	e2e_failover -c "$CONF" --validate --failback
	expect_rc 3
	expect_out "direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c uses LUN \"1IET_00010009\""
	# a line naming a LUN site A's target does not present: refused, named
	echo "DIRECT_LUN 1IET_00010009 1IET_NOSUCH" >>"$CONF"
	e2e_failover -c "$CONF" -d --failback
	expect_rc 3
	expect_out "site A's LUN \"1IET_NOSUCH\" of direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c ($CONF:$(wc -l <"$CONF")) is not on site A's iSCSI target $SITEA_IQN at 127.0.0.1:$SITEA_PORT"
	expect_out "nothing changed"
	storage_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	# a line naming another site-A target than the one the domain's
	# connection (which the disk shares) goes back to: refused, named
	sed -i "s/^DIRECT_LUN .*/DIRECT_LUN 1IET_00010009 $SITEA_DIRECT_LUN_ID 192.168.200.33 $SITEA_IQN/" "$CONF"
	e2e_failover -c "$CONF" -d --failback
	expect_rc 3
	expect_out "$CONF:$(wc -l <"$CONF"): DIRECT_LUN 1IET_00010009 names site A's target 192.168.200.33:3260,1 $SITEA_IQN, but direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c is on a target the failover moved, which goes back to 192.168.200.32:3260,1 $SITEA_IQN"
	expect_out "nothing changed"
	# the line naming site A's mirror: the disk fails back with the domain
	sed -i "s/^DIRECT_LUN .*/DIRECT_LUN 1IET_00010009 $SITEA_DIRECT_LUN_ID/" "$CONF"
	# ...unless site B's LUN carries a PV that site A's does not: refused
	psql -X -q -d rhevm -c "UPDATE luns SET phisical_volume_id = 'dIrEcT-pV00-0000-0000-0000-0000-000000' WHERE lun_id = '1IET_00010009'" ||
		rdr_fail "PV of site B's LUN"
	e2e_failover -c "$CONF" -d --failback
	expect_rc 3
	expect_out "site A's LUN \"$SITEA_DIRECT_LUN_ID\" of direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c ($CONF:$(wc -l <"$CONF")) carries physical volume (none), not site B's LUN \"1IET_00010009\"'s dIrEcT-pV00-0000-0000-0000-0000-000000"
	expect_out "nothing changed"
	psql -X -q -d rhevm -c "UPDATE luns SET phisical_volume_id = '' WHERE lun_id = '1IET_00010009'" ||
		rdr_fail "PV of site B's LUN"
	# a line no disk uses is said, not an error
	echo "DIRECT_LUN 1IET_UNUSED 1IET_UNUSED_A" >>"$CONF"
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 0
	expect_out "$CONF:$(wc -l <"$CONF"): no direct-LUN disk on a site-B target uses LUN \"1IET_UNUSED\": the line is not used"
	expect_out "direct-LUN disk 5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c: LUN \"1IET_00010009\" fails back to site A's \"$SITEA_DIRECT_LUN_ID\""
	[ "$(psql -X -A -t -d rhevm -c "SELECT lun_id FROM luns ORDER BY lun_id" | tr '\n' ' ')" = \
		"$(printf '%s\n' "$SITEA_LUN_ID" "$SITEA_DIRECT_LUN_ID" | sort | tr '\n' ' ')" ] ||
		rdr_fail "LUN rows: $(psql -X -A -t -d rhevm -c "SELECT lun_id FROM luns")"
	[ "$(psql -X -A -t -d rhevm -c "SELECT lun_id FROM disk_lun_map")" = "$SITEA_DIRECT_LUN_ID" ] ||
		rdr_fail "disk_lun_map"
	[ "$(psql -X -A -t -d rhevm -v lun="$SITEA_DIRECT_LUN_ID" <<<"SELECT c.connection || ' ' || c.iqn || ' ' || c.port || ' ' || c.portal
		FROM lun_storage_server_connection_map m JOIN storage_server_connections c ON c.id = m.storage_server_connection
		WHERE m.lun_id = :'lun'")" = "192.168.200.32 $SITEA_IQN 3260 1" ] ||
		rdr_fail "the direct LUN's connection map does not point at site A's target"
	# the report lists the disk's LUN among the changes
	[ "$(json '[.changes[] | select(.table == "disk_lun_map") | .after.lun_id] | join(" ")')" = "$SITEA_DIRECT_LUN_ID" ] ||
		rdr_fail "failback report: $(json '[.changes[] | .table]')"
	[ "$(json '[.changes[] | select(.table == "luns" and .operation == "DELETE") | .before.lun_id] | sort | join(" ")')" = \
		"$(printf '%s\n' 1IET_00010009 "$LUN_ID" | sort | tr '\n' ' ' | sed 's/ $//')" ] ||
		rdr_fail "failback report's deleted LUNs"
}

run_scenario failback_direct_lun
