#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"

# START_VM as a recovery plan (issue 17), when a VM never gets ready: the
# web VM's guest agent never reports an address, so the VM fails group 2
# after its timeout=, with CONFIG on_vm_failure stop (group 3 is not
# started) and continue (it is).  Times from rdr-sim's VM log, as in
# start_plan.sh.

# at VM WHAT: the VM log's time of WHAT for VM ("" if none)
at()
{
	awk -v vm="$1" -v what="$2" '$2 == vm && $3 == what { print $1; exit }' "$VMLOG"
}

# before VM1 WHAT1 VM2 WHAT2: VM1's WHAT1 came strictly before VM2's WHAT2
before()
{
	local a b
	a=$(at "$1" "$2")
	b=$(at "$3" "$4")
	if [ -z "$a" ] || [ -z "$b" ]; then
		cat "$VMLOG"
		rdr_fail "VM log lacks $1 $2 or $3 $4"
	fi
	awk -v a="$a" -v b="$b" 'BEGIN { exit !(a < b) }' ||
		{ cat "$VMLOG"; rdr_fail "$1 $2 at $a is not before $3 $4 at $b"; }
}

# plan_config LINE...: the world's configuration with these START_VM lines
plan_config()
{
	sed -i '/^START_VM/d; /^CONFIG *on_vm_failure/d' "$CONF"
	printf '%s\n' "$@" >>"$CONF"
}

# stop_vms: every VM down again (POST stop), for the next -s run
stop_vms()
{
	local id
	for id in 0d1d84e7-be6f-49fb-9294-a232a8cbd044 bdbd6360-7c5b-4f97-9534-1afab57de724 \
		2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8 808f87e6-3a2f-46ba-a35b-4089cf18360d; do
		curl -sS -o /dev/null --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
			-H 'Content-Type: application/xml' -d '<action/>' \
			"https://127.0.0.1:$E2E_HTTPS_PORT/api/vms/$id/stop"
	done
	: >"$VMLOG"
}

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
