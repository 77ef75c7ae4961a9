#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../start-plan-lib.sh"

# START_VM as a recovery plan (issue 17), when a VM never gets ready: the
# web VM's guest agent never reports an address, so the VM fails group 2
# after its timeout=, with CONFIG on_vm_failure stop (group 3 is not
# started) and continue (it is).  Times from rdr-sim's VM log, as in
# start_plan.sh.

# The web VM's agent never reports: it fails group 2 after its timeout.
scenario_start_plan_failure()
{
	local t mode
	t=$(rdr_tmpdir)
	VMLOG=$t/vm.log
	# read by the simulator at each engine start (-d restarts it)
	export RDR_SIM_WEB_OPTS=agent=none
	setup_nfs --vm-log "$VMLOG"
	e2e_failover -c "$CONF" -d -h
	expect_rc 0
	for mode in stop continue; do
		[ "$mode" = continue ] && stop_vms
		plan_config \
			"CONFIG on_vm_failure $mode" \
			"START_VM rdr-dc-vm    group=1 ready=ip" \
			"START_VM rdr-devel-vm group=2 ready=ip" \
			"START_VM rdr-web-vm   group=2 ready=ip timeout=3" \
			"START_VM rdr-w7-vm    group=3 ready=up"
		: >"$VMLOG"
		e2e_failover -c "$CONF" -s --report "$REPORT"
		expect_rc 11
		expect_out "vm start rdr-web-vm failed: timed out after 3 s waiting for the guest agent to report an IP address"
		[ "$(json '.vm_starts[] | select(.name == "rdr-web-vm") | "\(.ok) \(.up_s != null) \(.ready_s)"')" = \
			"false true null" ] || rdr_fail "$mode: web: $(json '.vm_starts[] | select(.name == "rdr-web-vm")')"
		before rdr-web-vm up rdr-devel-vm ip
		if [ "$mode" = stop ]; then
			[ -z "$(at rdr-w7-vm start)" ] || { cat "$VMLOG"; rdr_fail "stop: w7 was started"; }
			[ "$(json '.vm_starts[] | select(.name == "rdr-w7-vm") | .error')" = \
				"not started: group 2 had a failed VM (CONFIG on_vm_failure stop)" ] ||
				rdr_fail "stop: w7: $(json '.vm_starts[] | select(.name == "rdr-w7-vm")')"
			[ "$(json '[.vm_groups[] | "\(.group):\(.ready):\(.failed)"] | join(" ")')" = \
				"1:1:0 2:1:1 3:0:1" ] || rdr_fail "stop: vm_groups: $(json '.vm_groups')"
			expect_out "group 3  |                                        |  not started  1 VM, 1 failed"
		else
			# group 3 goes once web's timeout ended group 2
			before rdr-devel-vm ip rdr-w7-vm start
			[ "$(json '.vm_starts[] | select(.name == "rdr-w7-vm") | "\(.ok) \(.started_s > 3)"')" = "true true" ] ||
				rdr_fail "continue: w7: $(json '.vm_starts[] | select(.name == "rdr-w7-vm")')"
			[ "$(json '[.vm_groups[] | "\(.group):\(.ready):\(.failed)"] | join(" ")')" = \
				"1:1:0 2:1:1 3:1:0" ] || rdr_fail "continue: vm_groups: $(json '.vm_groups')"
		fi
	done
}

run_scenario start_plan_failure
