#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"

# A VM whose guest ignores the ACPI shutdown stops a planned migration
# after vm_timeout, before the storage switch and any database change,
# naming the VM; with CONFIG force_poweroff yes, --resume powers it off and
# the migration completes.
scenario_planned_vm_ignores_shutdown()
{
	RDR_SIM_W7_OPTS=shutdown=ignore setup_planned
	sed -i 's/^CONFIG    vm_timeout   60$/CONFIG    vm_timeout   2/' "$CONF"
	grep -q 'vm_timeout   2$' "$CONF" || rdr_fail "vm_timeout not set"
	site_a_nfs_rows "$T/site_a"
	e2e_failover -c "$CONF" --planned --report "$REPORT"
	expect_rc 11
	expect_out "error: vm shutdown rdr-w7-vm failed: did not shut down within 2 s (state up): its guest may ignore the ACPI shutdown; shut it down from inside, or set CONFIG force_poweroff yes to power it off"
	expect_out "result: vms failed (exit code 11)"
	expect_rows "$T/site_a"
	[ ! -e "$T/switch.seen" ] || rdr_fail "the storage switch ran"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	[ "$(json '[.steps[] | .name + ":" + .status] | join(",")')" = \
		"preflight:done,backup:done,source_stop:failed" ] ||
		rdr_fail "steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	# web (after w7 in START_VM) went first and is down; w7 is up again,
	# dc and devel were never asked; the host is not touched
	[ "$(shutdown_order)" = "rdr-web-vm rdr-w7-vm" ] || rdr_fail "shutdown order: $(shutdown_order)"
	grep -q '/stop$\|/deactivate$' "$E2E_ENGINE_DIR/requests.log" && rdr_fail "a VM was powered off or a host deactivated"
	cat >"$T/states" <<'SEEN'
rdr-dc-vm up
rdr-devel-vm up
rdr-web-vm down
rdr-w7-vm up
rdr-rhev.sitea.example up
rdr-rhev.siteb.example pending_approval
SEEN
	sim_states | diff -u "$T/states" - || rdr_fail "the manager after the failure"

	# with force_poweroff, the run goes on and powers rdr-w7-vm off
	echo "CONFIG force_poweroff yes" >>"$CONF"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "warning: vm rdr-w7-vm: not down after 2 s of guest shutdown; powering it off (CONFIG force_poweroff yes)"
	[ "$(json '.vm_shutdowns[] | select(.name == "rdr-w7-vm") | .actions + " " + .final_state')" = \
		"shutdown, power off (force_poweroff) down" ] || rdr_fail "rdr-w7-vm: $(json '.vm_shutdowns')"
	[ "$(json '[.vm_shutdowns[].name] | join(" ")')" = "rdr-w7-vm rdr-dc-vm rdr-devel-vm" ] ||
		rdr_fail "resumed shutdowns: $(json '[.vm_shutdowns[].name] | join(" ")')"
	[ "$(shutdown_order)" = "rdr-web-vm rdr-w7-vm rdr-w7-vm rdr-dc-vm rdr-devel-vm" ] ||
		rdr_fail "shutdown order: $(shutdown_order)"
	[ "$(grep -c 'POST /api/vms/808f87e6-3a2f-46ba-a35b-4089cf18360d/stop$' "$E2E_ENGINE_DIR/requests.log")" = 1 ] ||
		rdr_fail "rdr-w7-vm not powered off once"
	site_b_nfs_rows "$T/expected"
	expect_rows "$T/expected"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
}

run_scenario planned_vm_ignores_shutdown
