#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"
source "$(dirname "$0")/../round-trip-lib.sh"

# A direct-LUN disk made at site A, before any failover, on the data
# domain's iSCSI target (so on its connection row): the failover moves it
# to its site-B mirror with the domain, found on that domain's site-B
# target by the DIRECT_LUN line, and the failback brings it back.
# Without a line the failover goes on and the disk stays on site A's
# array, said by --validate; a line naming a LUN site B does not present
# stops the failover before any change.  After the planned round trip
# every storage row, the disk's included, is byte-identical to the
# original.
scenario_failover_direct_lun()
{
	local conn a b run sn vendor product
	setup_failback_iscsi_planned
	# site B's mirror of the disk: LUN 9 of site B's target (tgtd started last)
	rdr_tgtd_lun 1 9 1G IET VIRTUAL-DISK "" "" || rdr_fail "site B's LUN 9"
	b=$(timeout 30 "$RDR_PROBE" -q -j iscsi "127.0.0.1:$TGTD_PORT" --iqn "$RDR_SEED_ISCSI_IQN" |
		jq -r '.[] | select(.lun_mapping == 9) | .lun_id')
	a=$(timeout 30 "$RDR_PROBE" -q -j iscsi "127.0.0.1:$SITEA_PORT" --iqn "$SITEA_IQN" |
		jq -r '.[] | select(.lun_mapping == 2) | [.serial, .vendor_id, .product_id] | join(" ")')
	[ -n "$b" ] && [ -n "$a" ] || rdr_fail "LUN identities: \"$b\" \"$a\""
	# the disk at site A: its row as the engine wrote it from site A's probe
	conn=$(psql -X -A -t -d rhevm -v lun="$SITEA_LUN_ID" \
		<<<"SELECT storage_server_connection FROM lun_storage_server_connection_map WHERE lun_id = :'lun'")
	read -r sn vendor product <<<"$a"
	rt_direct_lun_disk "$SITEA_DIRECT_LUN_ID" "$sn" 2 "$vendor" "$product" "$conn"
	rt_rows "$T/before"

	# no line: the failover would go on, the disk staying on site A's array
	e2e_failover -c "$CONF" --validate
	expect_rc 0
	expect_out "direct-LUN disk $RT_DISK_ID on LUN \"$SITEA_DIRECT_LUN_ID\" stays on site A's array: no DIRECT_LUN line names it"
	expect_out "HINT: Add \"DIRECT_LUN SITE_B_LUN_ID $SITEA_DIRECT_LUN_ID\" naming its mirror at site B to $CONF."
	# a line naming a LUN site B does not present: refused before any change
	echo "DIRECT_LUN 1IET_NOSUCH $SITEA_DIRECT_LUN_ID" >>"$CONF"
	e2e_failover -c "$CONF" --planned
	expect_rc 3
	expect_out "site B's LUN \"1IET_NOSUCH\" of direct-LUN disk $RT_DISK_ID ($CONF:$(wc -l <"$CONF")) is not on iSCSI target $RDR_SEED_ISCSI_IQN at 127.0.0.1:$TGTD_PORT"
	expect_out "nothing changed"
	rt_rows "$T/after"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows changed"
	sim_states | grep -qx 'rdr-dc-vm up' || rdr_fail "a VM was stopped: $(sim_states)"

	sed -i "s/^DIRECT_LUN .*/DIRECT_LUN $b $SITEA_DIRECT_LUN_ID/" "$CONF"
	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	expect_out "direct-LUN disk $RT_DISK_ID: LUN \"$SITEA_DIRECT_LUN_ID\" to site B's \"$b\""
	rt_disk_at "$b" 192.168.201.32 "$RDR_SEED_ISCSI_IQN"
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	rt_report_lists_run "$T/failover.json" "$run"
	[ "$(jq -r '[.changes[] | select(.table == "disk_lun_map") | .before.lun_id + ">" + .after.lun_id] | join(" ")' "$T/failover.json")" = \
		"$SITEA_DIRECT_LUN_ID>$b" ] || rdr_fail "failover report: $(jq -c '[.changes[] | .table]' "$T/failover.json")"

	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	expect_out "direct-LUN disk $RT_DISK_ID: LUN \"$b\" fails back to site A's \"$SITEA_DIRECT_LUN_ID\""
	rt_rows "$T/after"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	rt_report_lists_run "$REPORT" "$((run + 1))"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(sim_vms | grep -o "$RT_SITEA_CLUSTER" | wc -l)" = 4 ] || rdr_fail "VMs not back in SiteA: $(sim_vms)"
}

run_scenario failover_direct_lun
