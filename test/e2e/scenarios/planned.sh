#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"

# A planned migration: site A alive with its four VMs running; every VM is
# shut down cleanly (reverse START_VM order) and site A's host is in
# maintenance before the storage switch runs, then the failover proper
# brings everything up at site B, and the report gives the RPO.
scenario_planned()
{
	setup_planned
	e2e_failover -c "$CONF" --planned --report "$REPORT"
	expect_rc 0
	expect_out "result: ok (exit code 0)"
	expect_out "RPO: "
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.steps[].name] | join(",")')" = \
		"preflight,backup,source_stop,storage_switch,engine_stop,storage,engine_start,hosts,vms" ] ||
		rdr_fail "steps: $(json '[.steps[].name] | join(",")')"
	[ "$(json '.planned')" = true ] || rdr_fail "report: planned"
	[ "$(json '.rpo_seconds >= 0 and .rpo_seconds < 30')" = true ] || rdr_fail "RPO $(json '.rpo_seconds')"
	# when the switch ran: every VM down, site A's host in maintenance
	cat >"$T/seen.expected" <<'SEEN'
rdr-dc-vm down
rdr-devel-vm down
rdr-web-vm down
rdr-w7-vm down
rdr-rhev.sitea.example maintenance
rdr-rhev.siteb.example pending_approval
SEEN
	diff -u "$T/seen.expected" "$T/switch.seen" || rdr_fail "the manager when the storage switched"
	# START_VM is devel, dc, w7, web: shut down backwards, one after the other
	[ "$(shutdown_order)" = "rdr-web-vm rdr-w7-vm rdr-dc-vm rdr-devel-vm" ] ||
		rdr_fail "shutdown order: $(shutdown_order)"
	[ "$(json '[.vm_shutdowns[] | select(.ok and .final_state == "down" and .actions == "shutdown")] | length')" = 4 ] ||
		rdr_fail "vm_shutdowns: $(json '.vm_shutdowns')"
	[ "$(json '.host_maintenance[0].name + " " + .host_maintenance[0].final_state + " " + .host_maintenance[0].actions')" = \
		"rdr-rhev.sitea.example maintenance deactivate" ] || rdr_fail "host_maintenance: $(json '.host_maintenance')"
	# site A's host was deactivated, never fenced
	grep -q 'POST /api/hosts/4f2b4996-12ba-11e1-90af-001871eba039/deactivate$' "$E2E_ENGINE_DIR/requests.log" ||
		rdr_fail "no deactivate of site A's host"
	grep -q '/fence$' "$E2E_ENGINE_DIR/requests.log" && rdr_fail "a host was fenced"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .final_state')" = maintenance ] ||
		rdr_fail "site-A host: $(json '.hosts')"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(sim_vms | grep -o 9495276a-205a-11e1-9bb5-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not in SiteB: $(sim_vms)"
	grep -q '^finished$' "$E2E_WORK/rdr-failover.state" || rdr_fail "state not finished"
}

run_scenario planned
