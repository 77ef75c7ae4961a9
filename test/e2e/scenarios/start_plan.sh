#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../start-plan-lib.sh"

# START_VM as a recovery plan (issue 17): the seed's four VMs in groups,
# one after another, each ready when its guest agent reports an address.
# What the manager saw is read from rdr-sim's VM log (--vm-log: "SECONDS
# VM start|up|ip"), not from rdr's own report: every start must come
# after the readiness of its group's predecessors and of the VMs it comes
# after.  Then a cycle is refused when the file is read
# (start_plan_failure.sh: a VM that never gets ready).

scenario_start_plan()
{
	local t
	t=$(rdr_tmpdir)
	VMLOG=$t/vm.log
	# the devel VM's guest agent is slow to report (scenario seconds); the
	# engine restarts during -d, so the simulator reads it from the
	# environment of every run
	export RDR_SIM_DEVEL_OPTS=agent_delay=40
	setup_nfs --vm-log "$VMLOG"

	# 1. the hosts first, then the plan alone (-s)
	e2e_failover -c "$CONF" -d -h
	expect_rc 0
	plan_config \
		"START_VM rdr-w7-vm    group=3 after=rdr-dc-vm ready=ip" \
		"START_VM rdr-web-vm   group=2 after=rdr-devel-vm ready=ip" \
		"START_VM rdr-devel-vm group=2 ready=ip" \
		"START_VM rdr-dc-vm    1 group=1 ready=ip"
	: >"$VMLOG"
	# a dry run walks the plan without starting anything
	e2e_failover -c "$CONF" -s --dry-run --report "$REPORT"
	expect_rc 0
	[ ! -s "$VMLOG" ] || { cat "$VMLOG"; rdr_fail "the dry run started a VM"; }
	[ "$(json '[.vm_starts[] | .actions] | join(" / ")')" = \
		"start (dry run) / start (dry run) / start (dry run) / start (dry run)" ] ||
		rdr_fail "dry run: $(json '[.vm_starts[] | .actions] | join(" / ")')"
	e2e_failover -c "$CONF" -s --report "$REPORT"
	expect_rc 0
	# group 1 ready before group 2 starts, group 2 before group 3
	before rdr-dc-vm start rdr-dc-vm up
	before rdr-dc-vm up rdr-dc-vm ip
	before rdr-dc-vm ip rdr-devel-vm start
	before rdr-dc-vm ip rdr-web-vm start
	# inside group 2, web waits for devel's readiness
	before rdr-devel-vm ip rdr-web-vm start
	before rdr-devel-vm ip rdr-w7-vm start
	before rdr-web-vm ip rdr-w7-vm start
	[ "$(grep -c ' start$' "$VMLOG")" = 4 ] || { cat "$VMLOG"; rdr_fail "not 4 starts"; }
	# the report: each VM's group and readiness, and the timeline
	[ "$(json '[.vm_groups[] | "\(.group):\(.vms):\(.ready):\(.failed)"] | join(" ")')" = \
		"1:1:1:0 2:2:2:0 3:1:1:0" ] || rdr_fail "vm_groups: $(json '.vm_groups')"
	[ "$(json '.vm_starts[] | select(.name == "rdr-web-vm") | .actions')" = \
		"start, ip 127.1.0.3" ] || rdr_fail "web actions: $(json '.vm_starts[] | select(.name == "rdr-web-vm") | .actions')"
	[ "$(json '.vm_groups[] | select(.group == 2) | .slowest_vm')" = rdr-devel-vm ] ||
		rdr_fail "group 2's slowest: $(json '.vm_groups')"
	expect_out "VM groups (seconds after the vms step began, start to ready):"
	grep -qE '^    group 2  \|[ #]{40}\| +[0-9.]+ - +[0-9.]+ s  2 VMs, 0 failed, slowest rdr-devel-vm' <<<"$E2E_OUT" ||
		{ echo "$E2E_OUT"; rdr_fail "no timeline line of group 2"; }

	# 2. a cycle is refused when the file is read: exit 2, nothing sent
	stop_vms
	plan_config \
		"START_VM rdr-dc-vm    group=1" \
		"START_VM rdr-devel-vm group=2 after=rdr-web-vm" \
		"START_VM rdr-web-vm   group=2 after=rdr-w7-vm" \
		"START_VM rdr-w7-vm    group=2 after=rdr-devel-vm"
	t=$(grep -n '^START_VM rdr-devel-vm' "$CONF" | cut -d: -f1)
	e2e_failover -c "$CONF" -s
	expect_rc 2
	expect_out "$CONF:$t: START_VM dependency cycle in group 2: rdr-devel-vm (line $t) after rdr-web-vm (line $((t + 1))) after rdr-w7-vm (line $((t + 2))) after rdr-devel-vm"
	[ ! -s "$VMLOG" ] || { cat "$VMLOG"; rdr_fail "a VM was started"; }
}

run_scenario start_plan
