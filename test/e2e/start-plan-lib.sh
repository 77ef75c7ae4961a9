#!/bin/bash
# test/e2e/start-plan-lib.sh: what the start_plan* scenarios share: the
# simulator's VM log (--vm-log: "SECONDS VM start|up|ip") read as the
# manager saw it, the plan's START_VM lines, and the seed's VMs stopped
# again between two -s runs.  Source after scenario-lib.sh; $VMLOG names
# the VM log.
# shellcheck shell=bash

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
