#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"
source "$(dirname "$0")/../round-trip-lib.sh"

# Issue 16's round trip on the seed's iSCSI world: a planned migration to
# site B; there an administrator creates a VM (POST /api/vms) and a
# direct-LUN disk on site B's data target (the engine maps the LUN to the
# domain's connection row); then --failback --planned with the disk's
# DIRECT_LUN line.  Every storage row that existed before the failover is
# byte-identical to its original (the data domain's LUN, map and
# connection, probed again at site A), the disk is on site A's mirror LUN
# through the same, restored, connection, every VM runs in SiteA, and both
# reports list every change of their run.
scenario_failback_round_trip_iscsi()
{
	local conn run
	setup_failback_iscsi_planned
	rt_rows "$T/before"

	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	rt_new_vm
	conn=$(psql -X -A -t -d rhevm -v lun="$LUN_ID" \
		<<<"SELECT storage_server_connection FROM lun_storage_server_connection_map WHERE lun_id = :'lun'")
	[ -n "$conn" ] || rdr_fail "site B's connection"
	rt_direct_lun_disk 1IET_00010009 SIET_VIRTUAL-DISK 9 IET VIRTUAL-DISK "$conn"
	echo "DIRECT_LUN 1IET_00010009 $SITEA_DIRECT_LUN_ID" >>"$CONF"

	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	expect_out "Failback of run $run"
	expect_out "direct-LUN disk $RT_DISK_ID: LUN \"1IET_00010009\" fails back to site A's \"$SITEA_DIRECT_LUN_ID\""
	rt_rows "$T/after" 1IET_00010009 "$SITEA_DIRECT_LUN_ID" "$RT_DISK_ID"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	rt_disk_at "$SITEA_DIRECT_LUN_ID" 192.168.200.32 "$SITEA_IQN"
	rt_back_in_site_a 5
	rt_report_lists_run "$T/failover.json" "$run"
	rt_report_lists_run "$REPORT" "$((run + 1))"
	# the domain's LUN there and back, and the disk's LUN to site A
	[ "$(jq -r '[.changes[] | select(.table == "luns") | .operation + ":" + (.after.lun_id // .before.lun_id)] | sort | join(" ")' "$T/failover.json")" = \
		"DELETE:$SITEA_LUN_ID INSERT:$LUN_ID" ] || rdr_fail "failover report: $(jq -c '[.changes[] | .table]' "$T/failover.json")"
	[ "$(json '[.changes[] | select(.table == "luns") | .operation + ":" + (.after.lun_id // .before.lun_id)] | sort | join(" ")')" = \
		"$(printf '%s\n' "DELETE:1IET_00010009" "DELETE:$LUN_ID" "INSERT:$SITEA_DIRECT_LUN_ID" "INSERT:$SITEA_LUN_ID" | LC_ALL=C sort | paste -sd ' ')" ] ||
		rdr_fail "failback report: $(jq -c '[.changes[] | .table + " " + .operation]' "$REPORT")"
	[ "$(json '[.changes[] | select(.table == "disk_lun_map") | .after.lun_id] | join(" ")')" = "$SITEA_DIRECT_LUN_ID" ] ||
		rdr_fail "failback report: disk_lun_map"
}

run_scenario failback_round_trip_iscsi
