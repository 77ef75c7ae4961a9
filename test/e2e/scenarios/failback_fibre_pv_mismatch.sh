#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# A fibre failback whose site-A LUN carries another PV than the domain's
# (the array did not replicate back): the failback_plan step stops before
# any change, naming site A's LUN, the host and the PV it found; no backup,
# no engine restart, no row changed.  Without CONFIG failback_fc_host the
# plan says which key names site A's fibre host, and changes nothing.
scenario_failback_fibre_pv_mismatch()
{
	setup_failback_fibre aaaaaa-bbbb-cccc-dddd-eeee-ffff-000000
	e2e_failover -c "$CONF" -d
	expect_rc 0
	fibre_tables "$T/site-b"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	dumps=$(ls "$E2E_WORK"/*.dump | wc -l)
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 3
	expect_out "site A's LUN \"$SITEA_FC_LUN_ID\" of storage domain \"DataDomain\" is not on site A's fibre host rdr-rhev.sitea.example with physical volume $RDR_SEED_FC_PV"
	expect_out "nothing changed"
	fibre_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	[ "$(json '[.steps[] | .name + ":" + .status] | join(",")')" = "preflight:done,failback_plan:failed" ] ||
		rdr_fail "steps: $(json '.steps')"
	# no site-A fibre host configured: the plan names the key
	sed -i '/^CONFIG failback_fc_host /d' "$CONF"
	e2e_failover -c "$CONF" -d --failback
	expect_rc 3
	expect_out "storage domain \"DataDomain\" is on fibre channel, and no host of site A is configured to see its LUN"
	expect_out "CONFIG failback_fc_host HOST"
	fibre_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
}

run_scenario failback_fibre_pv_mismatch
