#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"
source "$(dirname "$0")/../round-trip-lib.sh"

# Issue 16's round trip on the seed's NFS world: a planned migration to
# site B; there an administrator creates a VM (POST /api/vms) and a
# direct-LUN disk on a LUN of site B's iSCSI array, a target no domain
# uses (so the engine wrote the disk a connection row of its own); then
# --failback --planned.  Without a DIRECT_LUN line naming site A's target
# the failback refuses before any change, naming the disk; with it, every
# storage row that existed before the failover is byte-identical to its
# original, the disk is on site A's mirror LUN through its own connection
# row (rewritten in place), every VM runs in SiteA, and both reports list
# every change of their run.
SITEB_DISKS_IQN=iqn.2011-11.siteb.example:rdr-iscsi.disks
SITEA_DISKS_IQN=iqn.2011-11.sitea.example:rdr-iscsi.disks
DISK_CONN=0b0b0b0b-0000-4000-8000-000000000001

scenario_failback_round_trip_nfs()
{
	local b a b_id b_sn a_id run
	setup_planned
	# both arrays' disk targets: site B's LUN, and its mirror at site A
	rdr_tgtd_start || rdr_fail "tgtd"
	rdr_tgtd_target 1 "$SITEB_DISKS_IQN" && rdr_tgtd_lun 1 1 1G IET VIRTUAL-DISK "" "" &&
		rdr_tgtd_target 2 "$SITEA_DISKS_IQN" && rdr_tgtd_lun 2 1 1G IET VIRTUAL-DISK "" "" ||
		rdr_fail "the disks' targets"
	b=$(timeout 30 "$RDR_PROBE" -q -j iscsi "127.0.0.1:$TGTD_PORT" --iqn "$SITEB_DISKS_IQN" |
		jq -r '.[] | select(.lun_mapping == 1) | .lun_id + " " + .serial')
	a=$(timeout 30 "$RDR_PROBE" -q -j iscsi "127.0.0.1:$TGTD_PORT" --iqn "$SITEA_DISKS_IQN" |
		jq -r '.[] | select(.lun_mapping == 1) | .lun_id')
	b_id=${b%% *} b_sn=${b#* } a_id=$a
	[ -n "$b_id" ] && [ -n "$a_id" ] && [ "$b_id" != "$a_id" ] || rdr_fail "LUN identities: \"$b\" \"$a\""
	{
		echo "CONNECT_TO 192.168.201.32 127.0.0.1:$TGTD_PORT"
		echo "CONNECT_TO 192.168.200.32 127.0.0.1:$TGTD_PORT"
	} >>"$CONF"
	rt_rows "$T/before"

	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	rt_new_vm
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -v id="$DISK_CONN" -v iqn="$SITEB_DISKS_IQN" <<'SQL' ||
INSERT INTO storage_server_connections (id, connection, user_name, password, iqn, port, portal, storage_type)
VALUES (:'id', '192.168.201.32', NULL, NULL, :'iqn', '3260', '1', 3);
SQL
		rdr_fail "the disk's connection"
	rt_direct_lun_disk "$b_id" "$b_sn" 1 IET VIRTUAL-DISK "$DISK_CONN"
	rt_rows "$T/site-b"

	# without a line: refused before any change, the disk named
	e2e_failover -c "$CONF" --failback --planned
	expect_rc 3
	expect_out "direct-LUN disk $RT_DISK_ID uses LUN \"$b_id\" on iSCSI target 192.168.201.32 $SITEB_DISKS_IQN, which run $run did not move, and has no DIRECT_LUN line"
	expect_out "HINT: Name its mirror and site A's target: \"DIRECT_LUN $b_id SITE_A_LUN_ID SITE_A_PORTAL SITE_A_IQN\""
	rt_rows "$T/after"
	diff -u "$T/site-b.all" "$T/after.all" || rdr_fail "the storage rows changed"
	sim_states | grep -qx 'rdr-rhev.siteb.example up' || rdr_fail "site B's host: $(sim_states)"

	# a second disk on the same connection row, its line naming another
	# site-A target: the row cannot go to both, refused
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm -v conn="$DISK_CONN" <<'SQL' || rdr_fail "second disk"
INSERT INTO luns (phisical_volume_id, lun_id, volume_group_id, serial, lun_mapping, vendor_id, product_id, device_size)
VALUES ('', 'LUN2', '', 'S2', 2, 'IET', 'VIRTUAL-DISK', 1);
INSERT INTO lun_storage_server_connection_map VALUES ('LUN2', :'conn');
INSERT INTO disk_lun_map VALUES ('6b5f4e3d-2c1b-4a0f-9e8d-7c6b5a4f3e2d', 'LUN2');
SQL
	echo "DIRECT_LUN $b_id $a_id 192.168.200.32 $SITEA_DISKS_IQN" >>"$CONF"
	echo "DIRECT_LUN LUN2 LUN2A 192.168.200.33 $SITEA_DISKS_IQN" >>"$CONF"
	e2e_failover -c "$CONF" --validate --failback
	expect_rc 3
	expect_out "$CONF:$(($(wc -l <"$CONF") - 1)) and $CONF:$(wc -l <"$CONF") send direct-LUN disks $RT_DISK_ID and 6b5f4e3d-2c1b-4a0f-9e8d-7c6b5a4f3e2d, which share one connection ($DISK_CONN), to two site-A targets"
	psql -X -q -v ON_ERROR_STOP=1 -d rhevm <<'SQL' || rdr_fail "second disk"
DELETE FROM disk_lun_map WHERE lun_id = 'LUN2';
DELETE FROM lun_storage_server_connection_map WHERE lun_id = 'LUN2';
DELETE FROM luns WHERE lun_id = 'LUN2';
SQL
	sed -i '$d' "$CONF"
	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	expect_out "Failback of run $run"
	expect_out "direct-LUN disk $RT_DISK_ID: LUN \"$b_id\" fails back to site A's \"$a_id\""
	rt_rows "$T/after" "$b_id" "$a_id" "$DISK_CONN" "$RT_DISK_ID"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	rt_disk_at "$a_id" 192.168.200.32 "$SITEA_DISKS_IQN"
	[ "$(psql -X -A -t -d rhevm -v id="$DISK_CONN" <<<"SELECT port || ' ' || portal FROM storage_server_connections WHERE id = :'id'")" = "3260 1" ] ||
		rdr_fail "the disk's connection row"
	rt_back_in_site_a 5
	rt_report_lists_run "$T/failover.json" "$run"
	rt_report_lists_run "$REPORT" "$((run + 1))"
	[ "$(json "[.changes[] | select(.row_key == \"(id)=($DISK_CONN)\") | .after.connection + \" \" + .after.iqn] | join(\",\")")" = \
		"192.168.200.32 $SITEA_DISKS_IQN" ] || rdr_fail "failback report: the disk's connection: $(json '[.changes[] | .row_key]')"
	[ "$(json '[.changes[] | select(.table == "disk_lun_map") | .after.lun_id] | join(" ")')" = "$a_id" ] ||
		rdr_fail "failback report: disk_lun_map"
	# the NFS rows went back as they came
	[ "$(jq -r '[.changes[] | select(.table == "storage_server_connections") | .before.connection + ">" + .after.connection] | sort | join(" ")' "$T/failover.json")" = \
		"$(json "[.changes[] | select(.table == \"storage_server_connections\" and .row_key != \"(id)=($DISK_CONN)\") | .after.connection + \">\" + .before.connection] | sort | join(\" \")")" ] ||
		rdr_fail "the reports' NFS changes are not each other's reverse"
}

run_scenario failback_round_trip_nfs
