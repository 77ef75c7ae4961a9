#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# START_VM readiness against oVirt 4.x (rdr-sim --api-version 4), in a
# whole failover: ready=tcp: connects to the address the guest agent
# reported (v4: GET vms/ID/reporteddevices) where the simulated guest
# listens on loopback; ready=cmd: runs a command with the VM's name and
# address; ready=ip waits for the address alone.
scenario_start_plan_v4()
{
	local port check seen
	port=$(rdr_free_port) || rdr_fail "no free port"
	# read by the simulator at each engine start (-d restarts it)
	export RDR_SIM_DC_OPTS="listen=$port"
	setup_nfs --api-version 4
	check=$T/check.sh
	seen=$T/seen
	# shellcheck disable=SC2016 # expanded by the command, not here
	printf '#!/bin/sh\necho "$RDR_VM_NAME $RDR_VM_IP" >>%s\n' "$seen" >"$check"
	chmod 700 "$check"
	sed -i '/^START_VM/d' "$CONF"
	printf '%s\n' \
		"START_VM rdr-dc-vm    group=1 ready=tcp:$port" \
		"START_VM rdr-devel-vm group=2 ready=cmd:$check" \
		"START_VM rdr-web-vm   group=2 after=rdr-devel-vm ready=ip" \
		"START_VM rdr-w7-vm    group=3" >>"$CONF"
	e2e_failover -c "$CONF" --report "$REPORT"
	expect_rc 0
	expect_out "API version 4"
	[ "$(json '[.vm_starts[] | "\(.name):\(.group):\(.actions)"] | join(" / ")')" = \
		"rdr-dc-vm:1:start, ip 127.1.0.1, tcp ready / rdr-devel-vm:2:start, ip 127.1.0.2, cmd ready / rdr-web-vm:2:start, ip 127.1.0.3 / rdr-w7-vm:3:start" ] ||
		rdr_fail "vm starts: $(json '[.vm_starts[] | "\(.name):\(.group):\(.actions)"] | join(" / ")')"
	[ "$(cat "$seen")" = "rdr-devel-vm 127.1.0.2" ] || rdr_fail "the command saw: $(cat "$seen")"
	grep -q " GET /ovirt-engine/api/vms/2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8/reporteddevices" \
		"$E2E_ENGINE_DIR/requests.log" || rdr_fail "no GET of web's reported devices"
	[ "$(json '[.vm_groups[] | "\(.group):\(.ready)"] | join(" ")')" = "1:1 2:2 3:1" ] ||
		rdr_fail "vm_groups: $(json '.vm_groups')"
}

run_scenario start_plan_v4
