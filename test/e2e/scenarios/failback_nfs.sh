#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"

# A round trip of the seed's NFS world: a planned migration to site B,
# then --failback --planned: site B's VMs shut down cleanly and its host
# into maintenance, the storage rows back to site A's exactly (from the
# failover's change log), site A's host activated out of maintenance and
# SPM on site A's storage (rdr-sim's site-A gate), every VM back in
# cluster SiteA and running, with rdr-new-vm, created at site B after the
# failover (POST /api/vms, and its START_VM line added); both reports
# list every change.
scenario_failback_nfs()
{
	setup_planned
	db_dump "$T/before.sql"
	site_a_nfs_rows "$T/site-a"
	e2e_failover -c "$CONF" --planned --report "$T/failover.json"
	expect_rc 0
	site_b_nfs_rows "$T/site-b"
	expect_rows "$T/site-b"
	run=$(psql -X -A -t -d rhevm -c "SELECT max(run) FROM rdr_change_log")
	# an administrator creates a VM at site B, and plans its start
	curl -sS -f --cacert "$E2E_ENGINE_DIR/ca.crt" -u "admin@internal:$E2E_API_PASSWORD" \
		-H 'Content-Type: application/xml' -d '<vm><name>rdr-new-vm</name><cluster><name>SiteB</name></cluster><template><name>Blank</name></template></vm>' \
		"https://127.0.0.1:$E2E_HTTPS_PORT/api/vms" >"$T/new-vm.xml" || rdr_fail "POST /api/vms"
	[ "$(xmllint --xpath 'string(/vm/cluster/@id)' "$T/new-vm.xml")" = 9495276a-205a-11e1-9bb5-001871eba039 ] ||
		rdr_fail "new VM: $(cat "$T/new-vm.xml")"
	echo "START_VM  rdr-new-vm   5" >>"$CONF"

	e2e_failover -c "$CONF" --failback --planned --report "$REPORT"
	expect_rc 0
	expect_out "result: ok (exit code 0)"
	expect_out "Failback of run $run"
	expect_rows "$T/site-a"
	db_dump "$T/after.sql"
	diff <(grep -A4 '^COPY public.storage_server_connections' "$T/before.sql") \
		<(grep -A4 '^COPY public.storage_server_connections' "$T/after.sql") ||
		rdr_fail "connection rows differ from the originals"
	[ "$(json '[.steps[].name] | join(",")')" = \
		"preflight,failback_plan,backup,source_stop,storage_switch,engine_stop,storage,engine_start,hosts,vms" ] ||
		rdr_fail "steps: $(json '[.steps[].name] | join(",")')"
	[ "$(json '.failback_of_run')" = "$run" ] || rdr_fail "failback_of_run"
	# both reports: the same three rows, there and back
	[ "$(jq -r '[.changes[] | .before.connection + ">" + .after.connection] | sort | join(" ")' "$T/failover.json")" = \
		"$(json '[.changes[] | .after.connection + ">" + .before.connection] | sort | join(" ")')" ] ||
		rdr_fail "the reports' changes are not each other's reverse"
	[ "$(json '.changes | length')" = 3 ] || rdr_fail "3 rows changed back"
	# site B left cleanly: its VMs shut down (reverse START_VM), its host in maintenance
	[ "$(json '[.vm_shutdowns[] | select(.ok and .final_state == "down")] | length')" = 4 ] ||
		rdr_fail "vm_shutdowns: $(json '.vm_shutdowns')"
	[ "$(json '.host_maintenance[0].name + " " + .host_maintenance[0].final_state')" = \
		"rdr-rhev.siteb.example maintenance" ] || rdr_fail "host_maintenance: $(json '.host_maintenance')"
	# site A came back: its host activated, SPM, the VMs in SiteA and up
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .final_state')" = up ] ||
		rdr_fail "site-A host: $(json '.hosts')"
	[ "$(json '.spm[0].final_state')" != null ] || rdr_fail "no SPM item"
	grep -q 'POST /api/hosts/4f2b4996-12ba-11e1-90af-001871eba039/activate$' "$E2E_ENGINE_DIR/requests.log" ||
		rdr_fail "site A's host was not activated"
	[ "$(grep -c '/fence$' "$E2E_ENGINE_DIR/requests.log")" = 0 ] || rdr_fail "a host was fenced"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 5 ] || rdr_fail "5 VMs up"
	[ "$(json '.vm_starts[] | select(.name == "rdr-new-vm") | .final_state')" = up ] || rdr_fail "the new VM"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 5 ] ||
		rdr_fail "VMs not back in SiteA: $(sim_vms)"
	sim_states | grep -qx 'rdr-rhev.siteb.example maintenance' || rdr_fail "site B's host: $(sim_states)"
	grep -q '^finished$' "$E2E_WORK/rdr-failover.state" || rdr_fail "state not finished"
}

run_scenario failback_nfs
