#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"
source "$(dirname "$0")/../round-trip-lib.sh"

# Issue 16's round trip on the seed's fibre world: a planned migration to
# site B (its hypervisor sees LUN 26 over ssh); there an administrator
# creates a VM (POST /api/vms) and a fibre direct-LUN disk on a LUN of
# site B's array (no connection row: the engine maps iSCSI LUNs only);
# then --failback --planned with the disk's DIRECT_LUN line.  Every storage
# row that existed before the failover is byte-identical to its original
# (the data domain's LUN probed again on site A's hypervisor), the disk is
# on site A's mirror LUN, every VM runs in SiteA, and both reports list
# every change of their run.  failback_fibre_direct_lun has the refusals.
scenario_failback_round_trip_fibre()
{
	local b_lun=3600c0ff000d7e69d85b89d4e01000009 run
	FAILBACK_FC_DIRECT_LUN=yes setup_failback_fibre
	rt_rows "$T/before"

	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	rt_new_vm
	rt_direct_lun_disk "$b_lun" SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000009 29 HP MSA2324fc
	# an iSCSI target on a fibre disk's line: refused, named
	echo "DIRECT_LUN $b_lun $SITEA_FC_DIRECT_LUN_ID 192.168.200.32 iqn.2011-11.sitea.example:x" >>"$CONF"
	e2e_failover -c "$CONF" --validate --failback
	expect_rc 3
	expect_out "$CONF:$(wc -l <"$CONF"): DIRECT_LUN $b_lun names iSCSI target iqn.2011-11.sitea.example:x, but direct-LUN disk $RT_DISK_ID is on fibre channel LUN \"$b_lun\", which has no target"
	sed -i '$d' "$CONF"
	echo "DIRECT_LUN $b_lun $SITEA_FC_DIRECT_LUN_ID" >>"$CONF"

	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	expect_out "Failback of run $run"
	expect_out "direct-LUN disk $RT_DISK_ID: LUN \"$b_lun\" fails back to site A's \"$SITEA_FC_DIRECT_LUN_ID\""
	rt_rows "$T/after" "$b_lun" "$SITEA_FC_DIRECT_LUN_ID" "$RT_DISK_ID"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	rt_disk_at "$SITEA_FC_DIRECT_LUN_ID"
	rt_back_in_site_a 5
	rt_report_lists_run "$T/failover.json" "$run"
	rt_report_lists_run "$REPORT" "$((run + 1))"
	[ "$(jq -r '[.changes[] | select(.table == "luns") | .operation + ":" + (.after.lun_id // .before.lun_id)] | sort | join(" ")' "$T/failover.json")" = \
		"DELETE:$SITEA_FC_LUN_ID INSERT:$RDR_SEED_FC_LUN_ID" ] || rdr_fail "failover report: $(jq -c '[.changes[] | .table]' "$T/failover.json")"
	[ "$(json '[.changes[] | select(.table == "luns") | .operation + ":" + (.after.lun_id // .before.lun_id)] | sort | join(" ")')" = \
		"$(printf '%s\n' "DELETE:$b_lun" "DELETE:$RDR_SEED_FC_LUN_ID" "INSERT:$SITEA_FC_DIRECT_LUN_ID" "INSERT:$SITEA_FC_LUN_ID" | LC_ALL=C sort | paste -sd ' ')" ] ||
		rdr_fail "failback report: $(jq -c '[.changes[] | .table + " " + .operation]' "$REPORT")"
	[ "$(json '[.changes[] | select(.table == "disk_lun_map") | .after.lun_id] | join(" ")')" = "$SITEA_FC_DIRECT_LUN_ID" ] ||
		rdr_fail "failback report: disk_lun_map"
}

run_scenario failback_round_trip_fibre
