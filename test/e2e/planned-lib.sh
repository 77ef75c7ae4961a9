#!/bin/bash
# test/e2e/planned-lib.sh: the world of a planned migration (--planned) for
# the planned_* scenarios: the seed's NFS environment with site A alive
# (its host up and SPM, the four VMs running), a simulator that keeps its
# hosts' and VMs' states across the engine restart (rdr-sim --state-file,
# as the engine's database does), and a storage switch script that records
# what the manager showed when it ran.  Source after scenario-lib.sh.
# shellcheck shell=bash
# shellcheck disable=SC2034

# setup_planned [SWITCH EXIT STATUS]: the world; $CONF has
# CONFIG storage_switch_command $T/switch.sh, which writes the manager's VM
# and host states to $T/switch.seen and exits with the status given (0).
# RDR_SIM_W7_OPTS in the environment reaches the simulator's scenario.
setup_planned()
{
	local status=${1:-0}
	e2e_db nfs || rdr_fail "database"
	T=$(rdr_tmpdir)
	RDR_SIM_SITEA_STATE=up RDR_SIM_VM_STATE=up \
		e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" --state-file "$T/sim.state" ||
		rdr_fail "engine"
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	cat >"$T/switch.sh" <<SWITCH
#!/bin/sh
# the array's role swap: records what the manager shows at that moment
for what in vms hosts; do
	curl -sS --cacert '$E2E_ENGINE_DIR/ca.crt' -u 'admin@internal:$E2E_API_PASSWORD' \\
		"https://127.0.0.1:$E2E_HTTPS_PORT/api/\$what" |
		xmllint --xpath '/*/vm/name/text() | /*/vm/status/state/text() | /*/host/name/text() | /*/host/status/state/text()' - |
		paste -d ' ' - -
done >'$T/switch.seen'
[ $status = 0 ] && echo "array: replication roles swapped" || echo "array: role swap refused, sync incomplete"
exit $status
SWITCH
	chmod 700 "$T/switch.sh"
	e2e_config "$CONF" "${NFS_LINES[@]}" "CONFIG storage_switch_command $T/switch.sh"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	e2e_engine_started || rdr_fail "engine start"
}

# sim_states: "name state" of every VM and host the manager knows.
sim_states()
{
	local what
	for what in vms hosts; do
		curl -sS --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
			"https://127.0.0.1:$E2E_HTTPS_PORT/api/$what" |
			xmllint --xpath '/*/vm/name/text() | /*/vm/status/state/text() | /*/host/name/text() | /*/host/status/state/text()' - |
			paste -d ' ' - -
	done
}

# shutdown_order: the VMs' names in the order rdr asked them to shut down
# (rdr-sim's request log), on one line.
shutdown_order()
{
	awk '$2 == "POST" && $3 ~ /\/shutdown$/ { split($3, p, "/"); print p[4] }' \
		"$E2E_ENGINE_DIR/requests.log" | sed \
		-e 's/^0d1d84e7-be6f-49fb-9294-a232a8cbd044$/rdr-dc-vm/' \
		-e 's/^bdbd6360-7c5b-4f97-9534-1afab57de724$/rdr-devel-vm/' \
		-e 's/^2dc70b1c-7c7f-49d6-b3dd-ba891e5283f8$/rdr-web-vm/' \
		-e 's/^808f87e6-3a2f-46ba-a35b-4089cf18360d$/rdr-w7-vm/' | paste -sd ' '
}
