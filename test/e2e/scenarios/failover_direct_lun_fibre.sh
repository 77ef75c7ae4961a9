#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"
source "$(dirname "$0")/../round-trip-lib.sh"

# failover_direct_lun on the seed's fibre world: a fibre direct-LUN disk
# made at site A before any failover (no connection row) is moved by the
# failover to its site-B mirror, looked for on the host of the fibre
# domain's line (LUN 29 of site B's hypervisor), and brought back by the
# failback (site A's mirror on CONFIG failback_fc_host).  Without a fibre
# domain line there is no site-B host to look on: the disk stays, said.
# After the planned round trip every storage row, the disk's included, is
# byte-identical to the original.
scenario_failover_direct_lun_fibre()
{
	local b=3600c0ff000d7e69d85b89d4e01000009 run
	RDR_FC_SITEB_DIRECT_LUN=yes FAILBACK_FC_DIRECT_LUN=yes setup_failback_fibre
	rt_direct_lun_disk "$SITEA_FC_DIRECT_LUN_ID" SHP_MSA2324fc_00c0ffd7e69d000069b89d4e01000009 29 HP MSA2324fc
	rt_rows "$T/before"

	# no fibre domain line: no site-B host to look on, the disk stays, said
	grep -v '^Storage_Domain DataDomain' "$CONF" >"$T/nofc.conf"
	echo "EXCLUDE_DOMAIN DataDomain" >>"$T/nofc.conf"
	echo "DIRECT_LUN $b $SITEA_FC_DIRECT_LUN_ID" >>"$T/nofc.conf"
	chmod 600 "$T/nofc.conf"
	e2e_failover -c "$T/nofc.conf" --validate
	expect_rc 0
	expect_out "direct-LUN disk $RT_DISK_ID on LUN \"$SITEA_FC_DIRECT_LUN_ID\" stays on site A's array: it is on fibre channel, and no fibre storage domain's line names a site-B host to look for its mirror on ($T/nofc.conf:$(wc -l <"$T/nofc.conf"))"

	echo "DIRECT_LUN $b $SITEA_FC_DIRECT_LUN_ID" >>"$CONF"
	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	expect_out "direct-LUN disk $RT_DISK_ID: LUN \"$SITEA_FC_DIRECT_LUN_ID\" to site B's \"$b\""
	rt_disk_at "$b"
	[ "$(psql -X -A -t -d rhevm -v lun="$b" <<<"SELECT serial || ' ' || lun_mapping FROM luns WHERE lun_id = :'lun'")" = \
		"SHP_MSA2324fc_00c0ffd7e69d000085b89d4e01000009 29" ] || rdr_fail "site B's LUN row"
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	rt_report_lists_run "$T/failover.json" "$run"

	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	expect_out "direct-LUN disk $RT_DISK_ID: LUN \"$b\" fails back to site A's \"$SITEA_FC_DIRECT_LUN_ID\""
	rt_rows "$T/after"
	diff -u "$T/before" "$T/after" || rdr_fail "the storage rows differ from the originals"
	rt_report_lists_run "$REPORT" "$((run + 1))"
	[ "$(sim_vms | grep -o "$RT_SITEA_CLUSTER" | wc -l)" = 4 ] || rdr_fail "VMs not back in SiteA: $(sim_vms)"
}

run_scenario failover_direct_lun_fibre
