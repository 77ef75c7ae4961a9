#!/bin/bash
source "$(dirname "$0")/../scenario-lib.sh"
source "$(dirname "$0")/../failback-lib.sh"

# A failback whose site-A LUN carries another PV than the domain's (the
# array did not replicate back, or presents another LUN there): the
# failback_plan step stops the run before anything changes, naming site
# A's LUN, the target and both PVs; no backup, no engine stop, no row.
scenario_failback_pv_mismatch()
{
	setup_failback_iscsi aaaaaa-bbbb-cccc-dddd-eeee-ffff-000000
	e2e_failover -c "$CONF" -d
	expect_rc 0
	storage_tables "$T/site-b"
	ENGINE_PID=$(cat "$E2E_ENGINE_DIR/sim.pid")
	dumps=$(ls "$E2E_WORK"/*.dump | wc -l)
	e2e_failover -c "$CONF" -d --failback --report "$REPORT"
	expect_rc 3
	expect_out "site A's LUN \"$SITEA_LUN_ID\" of storage domain \"DataDomain\" is not on site A's iSCSI target $SITEA_IQN at 127.0.0.1:$SITEA_PORT with physical volume $RDR_SEED_ISCSI_PV"
	expect_out "presents 1 LUN(s) with PV aaaaaa-bbbb-cccc-dddd-eeee-ffff-000000"
	expect_out "nothing changed"
	storage_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	[ "$(ls "$E2E_WORK"/*.dump | wc -l)" = "$dumps" ] || rdr_fail "a backup was taken"
	[ "$(cat "$E2E_ENGINE_DIR/sim.pid")" = "$ENGINE_PID" ] || rdr_fail "the engine was restarted"
	[ "$(json '[.steps[] | .name + ":" + .status] | join(",")')" = "preflight:done,failback_plan:failed" ] ||
		rdr_fail "steps: $(json '.steps')"
	# --validate says the same, and changes nothing either
	e2e_failover -c "$CONF" --validate --failback
	expect_rc 3
	expect_out "site A's LUN \"$SITEA_LUN_ID\" of storage domain \"DataDomain\" is not on site A's iSCSI target"
	expect_out "site A's storage cannot be restored (listed above); nothing was changed"
	storage_tables "$T/after"
	diff -u "$T/site-b" "$T/after" || rdr_fail "the storage rows changed"
	# a failover run that does not exist is refused the same way
	e2e_failover -c "$CONF" -d --failback --from-run 999
	expect_rc 3
	expect_out "run 999 is not in rdr_change_log"
	e2e_failover -c "$CONF" -d --from-run 1
	expect_rc 1
	expect_out "--from-run names the failover run a failback reverses: use it with --failback"
}

run_scenario failback_pv_mismatch
