#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../planned-lib.sh"

# An unplanned round trip of the seed's NFS world: the failover of the
# seed (site A dead, its host fenced), then site B is lost in turn while
# site A is repaired: its host is up again (the engine reconnected it),
# site B's host non-responsive and still SPM, the VMs down.  --failback
# without --planned fences site B's host (the engine confirms the manual
# fence once a host of the data center is up), elects a site-A SPM on site
# A's storage and starts the VMs in SiteA.  First, site A's host is still
# non-responsive: the engine refuses to activate such a host, so rdr
# waits for it: Ctrl-C stops the run there cleanly, a resumed run stops
# after host_timeout, with the storage failed back; once the host answers
# again, --resume goes on.
scenario_failback_unplanned()
{
	e2e_db nfs || rdr_fail "database"
	T=$(rdr_tmpdir)
	e2e_engine "$RDR_TOP/test/fixtures/sim/seed.scenario" --state-file "$T/sim.state" ||
		rdr_fail "engine"
	CONF=$T/rdr.conf
	REPORT=$T/report.json
	e2e_config "$CONF" "${NFS_LINES[@]}"
	e2e_engine_started || rdr_fail "engine start"
	site_a_nfs_rows "$T/site-a"
	e2e_failover -c "$CONF" --report "$T/failover.json"
	expect_rc 0
	# site B is lost, site A repaired: what the engine shows after its restart
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null || rdr_fail "engine stop"
	sed -i -e 's/^\(host 805bb14c-2505-11e1-b809-0025b3a9b001\) up /\1 non_responsive /' \
		-e 's/^\(vm [^ ]*\) up /\1 down /' "$T/sim.state"
	grep -q '^host 805bb14c-2505-11e1-b809-0025b3a9b001 non_responsive .* 1$' "$T/sim.state" &&
		grep -q '^host 4f2b4996-12ba-11e1-90af-001871eba039 non_responsive ' "$T/sim.state" ||
		rdr_fail "state file: $(cat "$T/sim.state")"
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null || rdr_fail "engine start"
	e2e_engine_started || rdr_fail "engine start"

	# site A's host not back yet: waited for, never activated; Ctrl-C there
	# stops the run cleanly with the storage failed back
	: >"$E2E_WORK/rdr.log"
	run_bg -c "$CONF" --failback
	wait_log "driving them by state"
	sleep 1
	kill -INT "$RUN_PID"
	wait_run 20
	expect_rc 130
	expect_rows "$T/site-a"
	grep -q '^done storage ' "$E2E_WORK/rdr-failover.state" || rdr_fail "state: storage not done"
	# still not back: the resumed run stops after host_timeout
	sed -i 's/^CONFIG    host_timeout 60$/CONFIG    host_timeout 3/' "$CONF"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 10
	expect_rows "$T/site-a"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .error')" != null ] ||
		rdr_fail "site-A host: $(json '.hosts')"
	grep -F 'the repaired site-A host to answer the engine again' "$E2E_WORK/rdr.log" >/dev/null ||
		rdr_fail "no wait for site A's host in the log"
	grep -q 'POST /api/hosts/4f2b4996-12ba-11e1-90af-001871eba039/activate$' "$E2E_ENGINE_DIR/requests.log" &&
		rdr_fail "a non-responsive host was activated"

	# repaired: the engine reconnected it; --resume goes on at the hosts
	"$RDR_TOP/demo/fake-engine.sh" stop "$E2E_ENGINE_DIR" >/dev/null || rdr_fail "engine stop"
	sed -i -e 's/^\(host 4f2b4996-12ba-11e1-90af-001871eba039\) [a-z_]* /\1 up /' "$T/sim.state"
	"$RDR_TOP/demo/fake-engine.sh" start "$E2E_ENGINE_DIR" >/dev/null || rdr_fail "engine start"
	e2e_engine_started || rdr_fail "engine start"
	sed -i 's/^CONFIG    host_timeout 3$/CONFIG    host_timeout 60/' "$CONF"
	e2e_failover -c "$CONF" --resume --report "$REPORT"
	expect_rc 0
	expect_out "Failback of run 1"
	expect_rows "$T/site-a"
	[ "$(json '[.steps[] | .name + ":" + .status] | join(",")')" = \
		"preflight:done,failback_plan:earlier,backup:earlier,engine_stop:earlier,storage:earlier,engine_start:earlier,hosts:done,vms:done" ] ||
		rdr_fail "steps: $(json '[.steps[] | .name + ":" + .status] | join(",")')"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.siteb.example") | .final_state + " " + .actions')" = \
		"non_responsive fence manual" ] || rdr_fail "site-B host: $(json '.hosts')"
	grep -q 'POST /api/hosts/805bb14c-2505-11e1-b809-0025b3a9b001/fence$' "$E2E_ENGINE_DIR/requests.log" ||
		rdr_fail "site B's host was not fenced"
	[ "$(json '.hosts[] | select(.name == "rdr-rhev.sitea.example") | .final_state')" = up ] ||
		rdr_fail "site-A host: $(json '.hosts')"
	[ "$(json '[.vm_starts[] | select(.final_state == "up")] | length')" = 4 ] || rdr_fail "4 VMs up"
	[ "$(sim_vms | grep -o 0ddb36dc-12b9-11e1-ae84-001871eba039 | wc -l)" = 4 ] ||
		rdr_fail "VMs not back in SiteA: $(sim_vms)"
}

run_scenario failback_unplanned
